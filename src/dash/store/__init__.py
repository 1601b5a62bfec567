"""The store: one DuckDB file, replaced whole on every write (a snapshot swap), and its journal.

Readers attach the file read-only and reopen it when it is replaced; writers
work on a private copy under a lock and rename it into place. So readers never
see half a write, a failed write changes nothing, and two writers take turns.
Every write a person makes is also kept in the journal beside the file, committed
by the same rename, so that a rebuild replays it (``dash.store.journal``).
This package is the bottom of the house: it imports nothing of the app above it.
A dashboard may instead read a shared database named by a DuckDB connection string
(MotherDuck, DuckLake); it never writes one (``dash.paths.NotAFileStore``).
"""

from pathlib import Path

from dash.store.reader import StoreReader
from dash.store.snapshot import NothingToWrite, StoreBusy, Written, write_change, write_snapshot

SCHEMA_SQL = Path(__file__).with_name("schema.sql")

__all__ = [
    "SCHEMA_SQL", "NothingToWrite", "StoreBusy", "StoreReader", "Written", "write_change", "write_snapshot",
]
