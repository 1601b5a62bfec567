"""What the record forms offer: the records of a kind to pick from, each as a person names it, and
which changes can still be undone (the Activity page); and each seed table's rows as its file holds
them (``python -m dash export-records``)."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.ingest.seed import SEED_TABLES

# How each kind of record is named in a picker, and which are left out (retired ones).
_CHOICES = {
    "funds": "SELECT fund_id AS id, name AS label FROM funds WHERE retired_on IS NULL ORDER BY name",
    "panels": "SELECT panel_id AS id, name AS label FROM panels WHERE retired_on IS NULL ORDER BY name",
    "meetings": """SELECT meeting_id AS id,
                          title || coalesce(' (' || strftime(held_on, '%-d %B %Y') || ')', '') AS label
                   FROM meetings WHERE retired_on IS NULL ORDER BY held_on DESC NULLS LAST, title""",
    "organisations": "SELECT org_id AS id, name AS label FROM organisations ORDER BY name",
    "sources": "SELECT source_id AS id, title || coalesce(' — ' || publisher, '') AS label FROM sources "
               "ORDER BY title",
    "localities": """SELECT locality_id AS id, name || ' (' || kind || ')' AS label FROM localities
                     WHERE is_current ORDER BY name""",
    "meeting_places": """SELECT mp.meeting_id || '|' || mp.locality_id AS id,
                                m.title || ': ' || l.name AS label
                         FROM meeting_places mp JOIN meetings m ON m.meeting_id = mp.meeting_id
                         JOIN localities l ON l.locality_id = mp.locality_id ORDER BY label""",
    "speakers": """SELECT s.speaker_id AS id, s.name || ' (' || m.title || ')' AS label
                   FROM speakers s JOIN meetings m ON m.meeting_id = s.meeting_id ORDER BY s.name""",
    "insights": """SELECT i.insight_id AS id,
                          m.title || ', point ' || i.position || ': ' || left(i.text, 60)
                              || CASE WHEN length(i.text) > 60 THEN '…' ELSE '' END AS label
                   FROM insights i JOIN meetings m ON m.meeting_id = i.meeting_id
                   WHERE m.retired_on IS NULL ORDER BY m.title, i.position""",
}


# Rows of each table that belong in the seed files (the ONS's own places come from data/geo).
_SEED_ROWS = {"localities": "ons_code IS NULL"}
_SEED_ORDER = {"meeting_places": "meeting_id, locality_id", "insights": "meeting_id, position"}


def seed_rows(cursor: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    """The records of seed table ``table`` that belong in its file, every column of the file in its
    order (a place's parts as a list), as stored."""
    spec = next(spec for spec in SEED_TABLES if spec.table == table)
    names = [column.name for column in spec.columns]
    selected = [
        "(SELECT list(part_id ORDER BY part_id) FROM locality_parts lp WHERE lp.locality_id = t.locality_id)"
        if spec.table == "localities" and name == "parts" else f"t.{name}"
        for name in names
    ]
    where = f"WHERE {_SEED_ROWS[spec.table]}" if spec.table in _SEED_ROWS else ""
    order = _SEED_ORDER.get(spec.table, spec.key or names[0])
    sql = f"SELECT {', '.join(selected)} FROM {spec.table} t {where} ORDER BY {order}"
    return cursor.execute(sql).fetchall()


def choices(cursor: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """Every record of ``table`` a form may name: ``id`` and ``label``."""
    return cursor.execute(_CHOICES[table]).df()


def retired(cursor: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """The retired records of ``table`` (funds, panels or meetings), to bring back: ``id``, ``label``."""
    key, name = {"funds": ("fund_id", "name"), "panels": ("panel_id", "name"),
                 "meetings": ("meeting_id", "title")}[table]
    return cursor.execute(f"SELECT {key} AS id, {name} AS label, retired_on FROM {table} "
                          "WHERE retired_on IS NOT NULL ORDER BY label").df()


def undoable(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Changes to records that can be undone: not undone yet, and the latest change to every record
    they changed (a restore changes several). ``undoes`` names the change an undo undid."""
    return cursor.execute("""
        SELECT w.entry, w.summary, w.written_by,
               (SELECT max(u.undoes) FROM record_changes u WHERE u.entry = w.entry) AS undoes
        FROM writes w
        WHERE w.entry IN (SELECT entry FROM record_changes)
          AND NOT EXISTS (SELECT 1 FROM record_changes u WHERE u.undoes = w.entry)
          AND NOT EXISTS (SELECT 1 FROM record_changes c JOIN record_changes l
                              ON l.table_name = c.table_name AND l.record_id = c.record_id
                             AND l.entry > c.entry
                          WHERE c.entry = w.entry)
        ORDER BY w.entry DESC""").df()
