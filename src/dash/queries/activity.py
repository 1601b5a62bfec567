"""Who changed what: every write in the store, and who may write (the Activity and People pages).

Writes are not in any place or period of their own, so the shared filter does not narrow them:
the Activity page is the whole record of the store's changes. What each kind of write is called and
which page it opens are the kind's own words, given here as data (``KindWords``): the catalogue
passes in the write registry's kinds (``dash.catalogue.page_reads``), so reads never import writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import duckdb
import pandas as pd


class KindWords(Protocol):
    """What the Activity table needs of a kind of write (``dash.write.kind.WriteKind`` has them)."""

    name: str  # the journal's word, in ``writes.kind``
    label: str  # the Activity page's "Kind"
    opens: str  # SQL over ``w`` and ``m``: the page showing what the write changed


def _link(kinds: Iterable[KindWords]) -> str:
    """The page each kind of write changed, opened on what it changed (SQL over ``w`` and ``m``).
    Relative, so a dashboard served under a path prefix links within itself."""
    cases = "\n".join(f"    WHEN {_quoted(kind.name)} THEN {kind.opens}" for kind in kinds)
    return f"CASE w.kind\n{cases}\nEND"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def activity_table(cursor: duckdb.DuckDBPyConnection, kinds: Sequence[KindWords]) -> pd.DataFrame:
    """The Activity page's table and its CSV: every write, newest first, in words, with a link to
    the page showing what it changed. Times are UK time (GMT or BST, as a clock in the room shows).
    Two changes that read alike (a fund retired twice) each say so: "(again, as in change 4)".
    ``kinds``: every kind of write, in the registry's order."""
    labels = ", ".join(f"({_quoted(kind.name)}, {_quoted(kind.label)})" for kind in kinds)
    return cursor.execute(f"""
        SELECT w.entry AS "Number",
               strftime(timezone('Europe/London', timezone('UTC', w.written_at)), '%-d %b %Y, %H:%M')
                   AS "When (UK time)",
               w.written_by || coalesce(' (' || nullif(w.email, w.written_by) || ')', '') AS "Who",
               CASE w.via WHEN 'sign-in' THEN 'signed in'
                          WHEN 'this machine' THEN 'at the dashboard''s computer'
                          ELSE 'command line' END AS "How",
               coalesce(k.label, w.kind) AS "Kind",
               w.summary || coalesce(' (again, as in change ' || lag(w.entry) OVER (
                   PARTITION BY w.summary ORDER BY w.entry) || ')', '') AS "What changed",
               {_link(kinds)} AS "Open"
        FROM writes w
        LEFT JOIN meetings m ON m.meeting_id = w.subject
        LEFT JOIN (VALUES {labels}) k(kind, label) ON k.kind = w.kind
        ORDER BY w.entry DESC""").df()


def roles(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every address and domain given a role, admins first, then by address."""
    return cursor.execute(
        """SELECT pattern, role, granted_by, granted_at FROM roles
           ORDER BY list_position(['admin', 'editor', 'viewer'], role), pattern"""
    ).df()


def store_version(cursor: duckdb.DuckDBPyConnection) -> str:
    """Which state of the records the figures come from, in words a deck's title slide can carry:
    the number of the latest change (the Activity page's "Number") and when it, or the build, was
    made, in UK time. Two decks saying the same show the same figures."""
    latest, when = cursor.execute("""
        SELECT max(entry),
               strftime(timezone('Europe/London', timezone('UTC', max(written_at))), '%-d %B %Y at %H:%M')
        FROM writes""").fetchone()
    built = cursor.execute("""
        SELECT strftime(timezone('Europe/London', value::TIMESTAMPTZ), '%-d %B %Y at %H:%M')
        FROM store_info WHERE key = 'built_at'""").fetchone()
    built_words = f"set up on {built[0]}" if built else "set up"
    if latest is None:
        return f"The figures are the records as {built_words}, with no change since."
    return (f"The figures include every change up to number {latest} on the Activity page, made on {when} "
            f"(the records were {built_words}).")


def imports(cursor: duckdb.DuckDBPyConnection, kinds: Sequence[str]) -> pd.DataFrame:
    """Every import still in the store, newest first: who made it and when (UK time), and what it
    added. ``what`` and ``id`` say what removing it would name. ``kinds``: the journal's words for
    the writes that import (a write-up's, a 360Giving file's), whose signer and time are shown."""
    return cursor.execute("""
        WITH imported AS (
            SELECT 'write-up' AS what, m.meeting_id AS id, m.title AS name,
                   (SELECT count(*) FROM insights i WHERE i.meeting_id = m.meeting_id) AS added,
                   'key point' AS unit
            FROM meetings m WHERE m.kind = 'imported write-up'
            UNION ALL
            SELECT 'grants', s.source_id, s.document, count(g.grant_id), 'grant'
            FROM sources s JOIN grants g ON g.source_id = s.source_id GROUP BY ALL
        )
        SELECT i.what, i.id, i.name AS "Import",
               CASE i.what WHEN 'write-up' THEN 'Write-up' ELSE '360Giving file' END AS "Kind",
               i.added || ' ' || i.unit || CASE WHEN i.added = 1 THEN '' ELSE 's' END AS "What it added",
               coalesce(w.written_by, 'not recorded') AS "Who",
               strftime(timezone('Europe/London', timezone('UTC', w.written_at)), '%-d %b %Y, %H:%M')
                   AS "When (UK time)"
        FROM imported i
        LEFT JOIN (SELECT subject, arg_max(written_by, entry) AS written_by, max(written_at) AS written_at
                   FROM writes WHERE list_contains($kinds, kind) GROUP BY subject) w ON w.subject = i.id
        ORDER BY w.written_at DESC NULLS LAST, "Import"
    """, {"kinds": list(kinds)}).df()
