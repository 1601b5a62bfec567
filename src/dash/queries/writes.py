"""What the write service reads before a write: the names its sentences give and the journal's marks.

Read with the store's reader, never under the write's lock: a write's own reads and changes live in
its kind (``dash.write``), which ``dash.write.registry`` lists.
"""

from __future__ import annotations

import duckdb


def store_value(cursor: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """What the store keeps under ``key`` in ``store_info`` (what its last build could not replay)."""
    row = cursor.execute("SELECT value FROM store_info WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def meeting_title(cursor: duckdb.DuckDBPyConnection, meeting_id: str) -> str | None:
    """The meeting's title as it is stored now (corrected or not), or None when it is not there."""
    row = cursor.execute("SELECT title FROM meetings WHERE meeting_id = ?", [meeting_id]).fetchone()
    return row[0] if row else None


def writes_of(cursor: duckdb.DuckDBPyConnection, kind: str, subject: str) -> int:
    """How many writes of ``kind`` changed ``subject`` (an import removed, say)."""
    return cursor.execute("SELECT count(*) FROM writes WHERE kind = ? AND subject = ?",
                          [kind, subject]).fetchone()[0]


def theme_and_point(cursor: duckdb.DuckDBPyConnection, theme_id: str,
                    insight_id: str) -> tuple[str | None, str | None]:
    """A theme's name and a key point's text (None for either the store does not have)."""
    row = cursor.execute("""
        SELECT (SELECT name FROM themes WHERE theme_id = $theme),
               (SELECT text FROM insights WHERE insight_id = $point)""",
                         {"theme": theme_id, "point": insight_id}).fetchone()
    return (row[0], row[1]) if row else (None, None)


def organisation_named(cursor: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The organisation already called ``name`` (case and spacing aside), so confirming a fund held
    by it does not add it twice."""
    row = cursor.execute("SELECT org_id FROM organisations WHERE regexp_replace(lower(trim(name)), "
                         "'\\s+', ' ', 'g') = regexp_replace(lower(?), '\\s+', ' ', 'g') ORDER BY org_id "
                         "LIMIT 1", [name]).fetchone()
    return row[0] if row else None


def mention(cursor: duckdb.DuckDBPyConnection, meeting_id: str,
            position: int) -> tuple[str, int, str, str, str, str, str, str] | None:
    """A write-up's mention: meeting, position, kind, text, value, the meeting's title and source,
    and the record it was confirmed as ("" until confirmed)."""
    return cursor.execute("""
        SELECT mn.meeting_id, mn.position, mn.kind, mn.text, mn.value, m.title, m.source_id,
               coalesce(mn.confirmed_as, '')
        FROM mentions mn JOIN meetings m ON m.meeting_id = mn.meeting_id
        WHERE mn.meeting_id = ? AND mn.position = ?""", [meeting_id, position]).fetchone()


def role_given(cursor: duckdb.DuckDBPyConnection, email: str, domain: str) -> str | None:
    """The role given to the address itself, else to its domain; None when neither has one."""
    row = cursor.execute("SELECT role FROM roles WHERE pattern IN (?, ?) ORDER BY pattern = ? DESC LIMIT 1",
                         [email, domain, email]).fetchone()
    return row[0] if row else None


def import_name(cursor: duckdb.DuckDBPyConnection, what: str, import_id: str) -> str | None:
    """An import's name: a write-up's title ("write-up": still an import) or a 360Giving file's name
    ("grants": while it has grants in the store); None when there is no such import."""
    if what == "write-up":
        row = cursor.execute("SELECT title FROM meetings WHERE meeting_id = ? AND kind = 'imported write-up'",
                             [import_id]).fetchone()
    else:
        row = cursor.execute("SELECT s.document, count(g.grant_id) FROM sources s JOIN grants g "
                             "ON g.source_id = s.source_id WHERE s.source_id = ? GROUP BY ALL",
                             [import_id]).fetchone()
    return row[0] if row else None
