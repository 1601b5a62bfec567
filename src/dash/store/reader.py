"""Reading the store from many threads, following snapshot swaps.

Streamlit serves each session on its own thread, so each thread reads through
its own cursor. The store is attached to a private in-memory database rather
than opened with ``duckdb.connect(path)``: DuckDB caches databases by path, and
that cache would keep serving the old file after a writer replaced it.

The store is a file, or any DuckDB connection string (a shared MotherDuck database,
a DuckLake catalogue on object storage): the same queries run on either. A file is
reopened when it is replaced; a shared database is attached once, and its
``written_at`` stamp, which every write sets, says when cached figures are stale.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path

import duckdb

from dash.errors import UserError
from dash.paths import is_connection_string

_ALIAS = "store"
STAMP_SECONDS = 5.0  # how often a shared database's write stamp is read: one query, a round trip away
WRITTEN_AT = "written_at"  # the store_info key every write sets (dash.store.snapshot)


class StoreMissing(UserError):
    """The store file has not been built (or was removed)."""


class StoreReader:
    """Read-only, thread-safe access to the current snapshot of a store."""

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = str(target)
        self.shared = is_connection_string(self.target)
        self.path = None if self.shared else Path(target)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._identity: Hashable | None = None
        self._stamp_read_at = float("-inf")
        self.generation = 0

    def _file_identity(self) -> tuple[int, int, int]:
        assert self.path is not None
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise StoreMissing(f"There is no store at {self.path}: run `python -m dash build` first."
                               ) from None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _attach(self) -> duckdb.DuckDBPyConnection:
        connection = duckdb.connect(":memory:")
        connection.execute(f"ATTACH ? AS {_ALIAS} (READ_ONLY)", [self.target])
        return connection

    def _written_stamp(self, connection: duckdb.DuckDBPyConnection) -> str:
        row = connection.execute(
            f"SELECT max(value) FILTER (WHERE key = ?), max(value) FILTER (WHERE key = 'built_at') "
            f"FROM {_ALIAS}.store_info", [WRITTEN_AT]
        ).fetchone()
        return str(row[0] or row[1])

    def _refresh(self) -> None:
        if self.shared:
            self._refresh_shared()
            return
        identity = self._file_identity()
        if identity == self._identity:
            return
        with self._lock:
            if identity == self._identity:
                return
            connection = self._attach()
            # Threads still holding cursors on the old snapshot finish on it; it is
            # released when the last of them lets go.
            self._connection = connection
            self._identity = identity
            self.generation += 1

    def _refresh_shared(self) -> None:
        """Attach once; read the write stamp every ``STAMP_SECONDS`` and, when it has moved, attach
        again, so a catalogue that fixes its snapshot when attached is seen anew."""
        if time.monotonic() - self._stamp_read_at < STAMP_SECONDS:
            return
        with self._lock:
            if time.monotonic() - self._stamp_read_at < STAMP_SECONDS:
                return
            if self._connection is None:
                self._connection = self._attach()
            stamp = self._written_stamp(self._connection)
            if self._identity is not None and stamp != self._identity:
                self._connection = self._attach()
                stamp = self._written_stamp(self._connection)
            if stamp != self._identity:
                self._identity = stamp
                self.generation += 1
            self._stamp_read_at = time.monotonic()

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
    def version(self) -> Hashable:
        """Changes whenever the store is written: a cache key for query results."""
        if self.shared:
            self._refresh_shared()
            return self._identity
        return self._file_identity()


RECENT_READERS = 4  # the write service's stores: the app's one, a test's few; each holds a snapshot open
_recent: OrderedDict[str, StoreReader] = OrderedDict()
_recent_lock = threading.Lock()


def recent_reader(target: str | os.PathLike[str]) -> StoreReader:
    """A reader of ``target`` kept for the next call: a write reads its store three or four times
    (who may write, what is there, what the write did) and a new reader opens a DuckDB database each
    time (15 ms, a tenth of an import). The last few stores' readers are kept; each follows its file
    through every swap, so a kept one never serves an old snapshot. While one is kept, this process
    cannot open that same file read-write (DuckDB refuses a file attached twice in two modes): writes
    go to a copy (``dash.store.snapshot``), and so must anything else that changes a store."""
    key = str(target)
    with _recent_lock:
        found = _recent.pop(key, None) or StoreReader(key)
        _recent[key] = found
        while len(_recent) > RECENT_READERS:
            _recent.popitem(last=False)
        return found
