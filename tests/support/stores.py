"""Stores and their folders, for "nothing changed" and "store and journal agree" assertions."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import duckdb

from dash.store.journal import committed_numbers, journal_dir
from dash.store.snapshot import applied_entries

# The source documents the seed was written from, beside the repository when it has them.
SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def table_snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, for 'nothing changed' assertions."""
    connection = duckdb.connect(":memory:")
    connection.execute("ATTACH ? AS s (READ_ONLY)", [str(path)])
    tables = [row[0] for row in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 's'"
    ).fetchall()]
    snapshot = {t: sorted(connection.execute(f"SELECT * FROM s.{t}").fetchall(), key=repr) for t in tables}
    connection.close()
    return snapshot


def files_beside(store: Path) -> dict[str, str]:
    """A hash of every file in the store's folder (the lock file aside): store, journal, leftovers."""
    mine = [p for p in store.parent.iterdir() if p.name.startswith((store.stem, f".{store.name}"))]
    files = [f for p in mine for f in ([p] if p.is_file() else sorted(p.rglob("*")))]
    return {
        str(path.relative_to(store.parent)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
        if path.is_file() and not path.name.endswith(".lock")
    }


def copy_with_journal(template: Path, folder: Path) -> Path:
    """A private copy of ``template`` and its journal in ``folder``: a store made once per module
    (its writes done once) that each test may change."""
    store = folder / template.name
    shutil.copyfile(template, store)
    if journal_dir(template).exists():
        shutil.copytree(journal_dir(template), journal_dir(store))
    return store


def edit_cell(seed_dir: Path, file: str, row_id: str, column: str, value: str) -> int:
    """Set one cell of a seed file; return the spreadsheet row number it is on."""
    path = seed_dir / file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fieldnames = list(rows[0])
    for number, row in enumerate(rows, start=2):
        if next(iter(row.values())) == row_id:
            row[column] = value
            found = number
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return found


def assert_agreed_and_tidy(store: Path) -> None:
    """The store's writes are the journal's committed entries; nothing half-written is left."""
    assert committed_numbers(store) == applied_entries(store)
    assert not list(store.parent.glob(".*.writing*"))
    folder = journal_dir(store)
    leftovers = (
        [p.name for p in folder.iterdir() if p.name.startswith(".tmp") or p.name.endswith(".pending")]
        if folder.exists()
        else []
    )
    assert leftovers == [] and not list(store.parent.glob(".*.payload*"))
