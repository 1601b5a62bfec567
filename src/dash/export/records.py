"""The store's records back out as spreadsheets: data/seed's CSV layout, one file a table.

What editors changed in the app (``dash.write.records``) and what write-ups added are written with
the seed's own records, each cell as the seed's parser reads it back, so ``python -m dash build
--seed DIR`` on the files rebuilds the same records: a round trip that loses nothing, for whoever
keeps the foundation's records in a spreadsheet as well.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from dash.ingest.seed import SEED_TABLES, SeedTable
from dash.write.records import as_cell

# Rows of each table that belong in the seed files (the ONS's own places come from data/geo).
_SEED_ROWS = {"localities": "ons_code IS NULL"}
_ORDER = {"meeting_places": "meeting_id, locality_id", "insights": "meeting_id, position"}


def _rows(cursor: duckdb.DuckDBPyConnection, spec: SeedTable) -> list[list[str]]:
    names = [column.name for column in spec.columns]
    selected = [
        "(SELECT list(part_id ORDER BY part_id) FROM locality_parts lp WHERE lp.locality_id = t.locality_id)"
        if spec.table == "localities" and name == "parts" else f"t.{name}"
        for name in names
    ]
    where = f"WHERE {_SEED_ROWS[spec.table]}" if spec.table in _SEED_ROWS else ""
    order = _ORDER.get(spec.table, spec.key or names[0])
    sql = f"SELECT {', '.join(selected)} FROM {spec.table} t {where} ORDER BY {order}"
    rows = cursor.execute(sql).fetchall()
    return [[as_cell(value) for value in row] for row in rows]


def export_records(cursor: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    """Write every seed table's records to ``folder`` as data/seed's CSV files; rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for spec in SEED_TABLES:
        rows = _rows(cursor, spec)
        with (folder / spec.file).open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow([column.name for column in spec.columns])
            out.writerows(rows)
        written[spec.file] = len(rows)
    return written
