"""The store: one DuckDB file, replaced whole on every write (a snapshot swap).

Readers attach the file read-only and reopen it when it is replaced; writers
work on a private copy under a lock and rename it into place. So readers never
see half a write, a failed write changes nothing, and two writers take turns.
A dashboard may instead read a shared database named by a DuckDB connection string
(MotherDuck, DuckLake); it never writes one (``dash.paths.NotAFileStore``).
"""

from dash.store.reader import StoreReader
from dash.store.snapshot import StoreBusy, write_snapshot

__all__ = ["StoreBusy", "StoreReader", "write_snapshot"]
