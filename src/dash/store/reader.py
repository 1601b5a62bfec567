"""Reading the store from many threads, following snapshot swaps.

Streamlit serves each session on its own thread, so each thread reads through
its own cursor. The file is attached to a private in-memory database rather
than opened with ``duckdb.connect(path)``: DuckDB caches databases by path, and
that cache would keep serving the old file after a writer replaced it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

_ALIAS = "store"


class StoreReader:
    """Read-only, thread-safe access to the current snapshot of a store file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple[int, int, int] | None = None
        self.generation = 0

    def _file_identity(self) -> tuple[int, int, int]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise FileNotFoundError(
                f"There is no store at {self.path}. Run `python -m dash build` first."
            ) from None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _refresh(self) -> None:
        identity = self._file_identity()
        if identity == self._identity:
            return
        with self._lock:
            if identity == self._identity:
                return
            connection = duckdb.connect(":memory:")
            connection.execute(f"ATTACH ? AS {_ALIAS} (READ_ONLY)", [str(self.path)])
            # Threads still holding cursors on the old snapshot finish on it; it is
            # released when the last of them lets go.
            self._connection = connection
            self._identity = identity
            self.generation += 1

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the newest snapshot."""
        self._refresh()
        local = self._local
        if getattr(local, "generation", None) != self.generation:
            assert self._connection is not None
            cursor = self._connection.cursor()
            cursor.execute(f"USE {_ALIAS}")
            local.cursor = cursor
            local.generation = self.generation
        return local.cursor

    @property
    def version(self) -> tuple[int, int, int]:
        """Changes whenever the file is replaced: a cache key for query results."""
        return self._file_identity()
