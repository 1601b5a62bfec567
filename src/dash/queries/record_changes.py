"""What a change to a record reads: a record's cells, whether it is retired, what points at it, and
the changes already made (``record_changes``, what Undo and a restore work from).

The record kind (``dash.write.records``) calls these both before the store's lock (with the store's
reader) and under it (with the write's own connection, which reads its own changes). Table, column
and key names come from the seed's specifications in code, never from what a person typed; every
value is a bound parameter.
"""

from __future__ import annotations

import datetime as dt

import duckdb


def record_row(cursor: duckdb.DuckDBPyConnection, table: str, columns: list[str], key_sql: str,
               record_id: str) -> tuple | None:
    """The record's ``columns`` (its id as ``key_sql`` makes it), or None when there is no such record."""
    return cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {key_sql} = ?",
                          [record_id]).fetchone()


def is_retired(cursor: duckdb.DuckDBPyConnection, table: str, key: str, record_id: str) -> bool:
    row = cursor.execute(f"SELECT retired_on FROM {table} WHERE {key} = ?", [record_id]).fetchone()
    return bool(row and row[0])


def has(cursor: duckdb.DuckDBPyConnection, table: str, key: str, value: str) -> bool:
    """Whether ``table`` has a row whose ``key`` is ``value`` (an id taken, a record a cell names)."""
    return cursor.execute(f"SELECT count(*) FROM {table} WHERE {key} = ?", [value]).fetchone()[0] > 0


def pointing(cursor: duckdb.DuckDBPyConnection, table: str, column: str, record_id: str,
             key_sql: str | None = None, besides: tuple[str, ...] = ()) -> int:
    """How many rows of ``table`` name the record in ``column``; with ``key_sql``, leaving out the rows
    whose id is in ``besides`` (records the same write removes first)."""
    if not besides or key_sql is None:
        return cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [record_id]).fetchone()[0]
    return cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = ? "
                          f"AND NOT list_contains(?, {key_sql})", [record_id, list(besides)]).fetchone()[0]


def position_taken(cursor: duckdb.DuckDBPyConnection, meeting_id: str, position: object,
                   insight_id: str) -> bool:
    """Whether another key point of the meeting is at ``position``."""
    return cursor.execute("SELECT count(*) FROM insights WHERE meeting_id = ? AND position = ? "
                          "AND insight_id <> ?", [meeting_id, position, insight_id]).fetchone()[0] > 0


def fund_named_alike(cursor: duckdb.DuckDBPyConnection, name: object, org_id: object,
                     fund_id: str) -> tuple[str, str | None, bool] | None:
    """Another fund of the same name (case and spacing aside) held by the same organisation: its name,
    its organisation's name and whether it is retired (a current one first); None when there is none."""
    return cursor.execute("""
        SELECT f.name, o.name, f.retired_on IS NOT NULL FROM funds f
        LEFT JOIN organisations o ON o.org_id = f.org_id
        WHERE regexp_replace(lower(trim(f.name)), '\\s+', ' ', 'g')
              = regexp_replace(lower(trim(?)), '\\s+', ' ', 'g')
          AND f.org_id IS NOT DISTINCT FROM ? AND f.fund_id <> ?
        ORDER BY f.retired_on NULLS FIRST LIMIT 1""", [name, org_id, fund_id]).fetchone()


def changes_in(cursor: duckdb.DuckDBPyConnection, entry: int) -> list[tuple[str, str, str, str | None]]:
    """What write ``entry`` did to records, in order: (table, record id, action, cells before as JSON)."""
    return cursor.execute("SELECT table_name, record_id, action, before FROM record_changes "
                          "WHERE entry = ? ORDER BY rowid", [entry]).fetchall()


def undone(cursor: duckdb.DuckDBPyConnection, entry: int) -> bool:
    """Whether a later change undid write ``entry``."""
    return cursor.execute("SELECT count(*) FROM record_changes WHERE undoes = ?", [entry]).fetchone()[0] > 0


def changed_again(cursor: duckdb.DuckDBPyConnection, table: str, record_id: str, entry: int) -> int | None:
    """The first change to the record after write ``entry``, or None."""
    return cursor.execute("SELECT min(entry) FROM record_changes WHERE table_name = ? AND record_id = ? "
                          "AND entry > ?", [table, record_id, entry]).fetchone()[0]


def summary_of(cursor: duckdb.DuckDBPyConnection, entry: int) -> str | None:
    """Write ``entry``'s line on the Activity page."""
    row = cursor.execute("SELECT summary FROM writes WHERE entry = ?", [entry]).fetchone()
    return row[0] if row else None


def changes_after(cursor: duckdb.DuckDBPyConnection,
                  as_of: dt.date) -> list[tuple[str, str, str, str | None, str | None]]:
    """Every change to a record made after the end of ``as_of`` (UK time), in order: (table, record
    id, action, before, after), the cells as JSON."""
    cutoff = cursor.execute("""
        SELECT coalesce(max(entry), 0) FROM writes
        WHERE timezone('Europe/London', timezone('UTC', written_at))::DATE <= ?""", [as_of]).fetchone()[0]
    return cursor.execute("SELECT table_name, record_id, action, before, after FROM record_changes "
                          "WHERE entry > ? ORDER BY entry, rowid", [cutoff]).fetchall()


def name_of(cursor: duckdb.DuckDBPyConnection, table: str, key: str, name: str, record_id: str) -> str | None:
    """A record's ``name`` column (a place's name, a source's title), or None."""
    row = cursor.execute(f"SELECT {name} FROM {table} WHERE {key} = ?", [record_id]).fetchone()
    return row[0] if row else None
