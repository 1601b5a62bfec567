"""Writing the store: a private copy, changed in one transaction, renamed into place.

DuckDB lets one process write a file or many processes read it, never both, and
the dashboard must keep reading while an import runs. Writing to a copy and
renaming it over the store gives readers the old snapshot or the new one,
never a mix; a lock file makes a second writer wait its turn, for a bounded time.
A write that carries a journal entry commits it with the same rename
(``dash.store.journal`` describes the protocol), so the store and what replays it agree.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import duckdb

from dash.errors import UserError
from dash.store import journal
from dash.store.faults import crash_point
from dash.store.journal import Entry, NewEntry
from dash.store.reader import WRITTEN_AT
from dash.store.summaries import refresh_summaries

WAIT_SECONDS = 30.0


class StoreBusy(UserError):
    """Another writer held the store for longer than we were willing to wait."""


class DiskFull(UserError):
    """The disk (or the file-size limit) ran out mid-write; nothing was changed."""


_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_FULL_WORDS = ("no space left", "file too large", "disk quota")


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno in _FULL
    return isinstance(error, duckdb.Error) and any(w in str(error).lower() for w in _FULL_WORDS)


def disk_full(store: Path) -> DiskFull:
    return DiskFull(f"The disk holding {store.parent} is full, so nothing was changed: free some space "
                    "(or ask whoever runs the dashboard to) and try again.")


class NothingToWrite(Exception):
    """Raised inside a write to end it without changing anything (e.g. already imported):
    ``write_change`` turns it into its result, ``Written(changed=False)``."""


T = TypeVar("T")


@dataclass(frozen=True)
class Written(Generic[T]):
    """What a write did: ``changed`` is False when it found nothing to change (the store and the journal
    stay as they were), and ``value`` is what the change returned when it did."""

    changed: bool
    value: T | None = None


def _lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


@contextlib.contextmanager
def file_lock(path: Path, wait_seconds: float, busy: Callable[[], Exception]) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (made if missing), waiting up to ``wait_seconds``
    for whoever holds it; ``busy()`` is raised if they still do. The store's writers and the publishers
    of its snapshots each take one."""
    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise busy() from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def writer_lock(store: Path, wait_seconds: float = WAIT_SECONDS) -> Iterator[float]:
    """Hold the store's write lock, waiting up to ``wait_seconds`` for another writer; yields when
    the lock was taken (``time.perf_counter``), so a write can say how long it held it."""
    store.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(_lock_path(store), wait_seconds, lambda: StoreBusy(
            f"Another import or build is still writing {store.name} after {wait_seconds:g} "
            "seconds of waiting: nothing was changed; try again in a minute.")):
        yield time.perf_counter()


def applied_entries(store: Path) -> set[int]:
    """The journal entries the store holds (its ``writes`` table); none for a missing or older store."""
    if not store.exists():
        return set()
    connection = duckdb.connect(":memory:")
    try:
        connection.execute("ATTACH ? AS s (READ_ONLY)", [str(store)])
        connection.execute("USE s")
        return _entries_in(connection)
    except duckdb.Error:
        return set()
    finally:
        connection.close()


def record_write(connection: duckdb.DuckDBPyConnection, entry: Entry | NewEntry) -> None:
    """The entry's row in ``writes``: the write's mark in the store, which recovery looks for."""
    connection.execute("INSERT INTO writes VALUES (?, ?, ?, ?::TIMESTAMPTZ, ?, ?, ?, ?)",
                       [entry.number, entry.kind, entry.written_by, entry.written_at, entry.summary,
                        entry.email, entry.via, entry.subject])


class Held:
    """What a write learns of its own lock: when it was taken and how long it was held."""

    def __init__(self) -> None:
        self.waited_seconds = 0.0
        self.held_seconds = 0.0


def require_built(store: Path) -> None:
    """``UserError`` in a sentence unless the store file exists: a write changes a built store, and
    is refused before it makes anything (a folder, a lock file, a payload) when there is none."""
    if not store.exists():
        raise UserError(f"There is no store at {store}: run `python -m dash build` first.")


@contextlib.contextmanager
def write_snapshot(
    store: Path, *, from_scratch: bool = False, wait_seconds: float = WAIT_SECONDS,
    entry: NewEntry | None = None, held: Held | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a copy of ``store``; on success it replaces the store.

    With ``from_scratch`` the copy starts empty (a full build). With ``entry``, the write is
    journalled: its entry is staged before the change, recorded in ``writes`` inside the same
    transaction and promoted once the store is replaced. The write stamp (``written_at`` in
    store_info, which readers of a shared database watch) and the summary tables are refreshed
    last, in the same transaction. Any exception discards the copy and the staged entry, leaves
    the store exactly as it was and is passed on (``NothingToWrite`` too: ``write_change`` says so
    as its result).
    """
    store = Path(store)
    if not from_scratch:
        require_built(store)  # before the lock: a refusal makes no folder and no file
    asked = time.perf_counter()
    with writer_lock(store, wait_seconds) as locked_at:
        crash_point("lock")
        if held is not None:
            held.waited_seconds = locked_at - asked
        try:
            # The store is read for its entries only when a writer that died left one pending.
            journal.recover(store, lambda: applied_entries(store))
            scratch = store.with_name(f".{store.name}.{os.getpid()}.writing")
            connection = None
            try:
                if not from_scratch:
                    if not store.exists():
                        raise UserError(f"There is no store at {store}: run `python -m dash build` first.")
                    shutil.copyfile(store, scratch)
                    crash_point("copy")
                connection = duckdb.connect(str(scratch))
                if entry is not None:
                    # The copy holds what the store holds (the lock is ours), so its ``writes`` say
                    # which entries are applied without opening the store a second time.
                    applied = applied_entries(store) if from_scratch else _entries_in(connection)
                    journal.stage(store, entry, max(journal.highest_number(store), *applied, 0) + 1)
                    crash_point("journal")
            except BaseException:
                if connection is not None:
                    with contextlib.suppress(Exception):
                        connection.close()
                _discard(scratch)
                raise
            yield from _write(store, scratch, connection, entry)
        except (OSError, duckdb.Error) as error:
            if is_disk_full(error):
                raise disk_full(store) from None
            raise
        finally:
            if held is not None:
                held.held_seconds = time.perf_counter() - locked_at


def write_change(
    store: Path, change: Callable[[duckdb.DuckDBPyConnection], T], *, entry: NewEntry | None = None,
    held: Held | None = None, wait_seconds: float = WAIT_SECONDS,
) -> Written[T]:
    """Make ``change`` on a copy of the store and swap it in (``write_snapshot``), journalling ``entry``
    with it: ``Written(True, what change returned)``, or ``Written(False)`` when the change ends with
    ``NothingToWrite`` (nothing stored nor journalled). Any other exception is passed on."""
    try:
        with write_snapshot(store, entry=entry, held=held, wait_seconds=wait_seconds) as connection:
            value = change(connection)
    except NothingToWrite:
        return Written(False)
    return Written(True, value)


def _entries_in(connection: duckdb.DuckDBPyConnection) -> set[int]:
    """The journal entries a store holds, read on a connection to it (none for an older store)."""
    try:
        return {row[0] for row in connection.execute("SELECT entry FROM writes").fetchall()}
    except duckdb.CatalogException:
        return set()


def _discard(scratch: Path) -> None:
    scratch.unlink(missing_ok=True)
    scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)


def _write(store: Path, scratch: Path, connection: duckdb.DuckDBPyConnection,
           entry: NewEntry | None) -> Iterator[duckdb.DuckDBPyConnection]:
    try:
        connection.execute("SET enable_progress_bar = false")  # no bars in command output or logs
        connection.execute("BEGIN TRANSACTION")
        yield connection
        if entry is not None:
            record_write(connection, entry)
        connection.execute("INSERT OR REPLACE INTO store_info VALUES (?, ?)",
                           [WRITTEN_AT, dt.datetime.now(dt.UTC).isoformat()])
        refresh_summaries(connection)
        connection.execute("COMMIT")
        crash_point("commit")
        connection.execute("CHECKPOINT")
        connection.close()
        journal.fsync(scratch)
        crash_point("rename")
        os.replace(scratch, store)
        journal.fsync(store.parent)
    except BaseException:
        with contextlib.suppress(Exception):
            connection.close()
        _discard(scratch)
        if entry is not None:
            journal.unstage(entry)
        raise
    if entry is not None:
        crash_point("promote")
        with contextlib.suppress(OSError):  # the store has the write; the next recovery promotes it
            journal.promote(entry)
