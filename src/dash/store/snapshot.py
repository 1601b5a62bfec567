"""Writing the store: a private copy, changed in one transaction, renamed into place.

DuckDB lets one process write a file or many processes read it, never both, and
the dashboard must keep reading while an import runs. Writing to a copy and
renaming it over the store gives readers the old snapshot or the new one,
never a mix; a lock file makes a second writer wait its turn.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from dash.store.reader import WRITTEN_AT
from dash.store.summaries import refresh_summaries


class StoreBusy(RuntimeError):
    """Another writer held the store for longer than we were willing to wait."""


def _lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


@contextlib.contextmanager
def writer_lock(store: Path, wait_seconds: float = 30.0) -> Iterator[None]:
    """Hold the store's write lock, waiting up to ``wait_seconds`` for another writer."""
    store.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(store), "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"Another import or build is still writing {store.name}. "
                        "Try again in a minute."
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def write_snapshot(
    store: Path, *, from_scratch: bool = False, wait_seconds: float = 30.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a copy of ``store``; on success it replaces the store.

    With ``from_scratch`` the copy starts empty (a full build). The write stamp (``written_at``
    in store_info, which readers of a shared database watch) and the summary tables are
    refreshed last, in the same transaction. Any exception discards the copy and
    leaves the store exactly as it was.
    """
    store = Path(store)
    with writer_lock(store, wait_seconds):
        scratch = store.with_name(f".{store.name}.{os.getpid()}.writing")
        scratch.unlink(missing_ok=True)
        if not from_scratch:
            if not store.exists():
                raise FileNotFoundError(
                    f"There is no store at {store}. Run `python -m dash build` first."
                )
            shutil.copyfile(store, scratch)
        connection = duckdb.connect(str(scratch))
        connection.execute("SET enable_progress_bar = false")  # no bars in command output or logs
        try:
            connection.execute("BEGIN TRANSACTION")
            yield connection
            connection.execute("INSERT OR REPLACE INTO store_info VALUES (?, ?)",
                               [WRITTEN_AT, dt.datetime.now(dt.UTC).isoformat()])
            refresh_summaries(connection)
            connection.execute("COMMIT")
            connection.execute("CHECKPOINT")
            connection.close()
            _fsync(scratch)
            os.replace(scratch, store)
        except BaseException:
            with contextlib.suppress(Exception):
                connection.close()
            scratch.unlink(missing_ok=True)
            scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)
            raise
