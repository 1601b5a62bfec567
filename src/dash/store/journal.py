"""The journal: every write kept as one file beside the store, so that a build replays it.

The store is built from the seed files and then from the journal, entry by entry, so what a
person imported or decided survives every rebuild. A write is in the store and in the
journal, or in neither, whatever happens (a kill, a full disk, a second writer):

1. A bulk payload (an import's grants) is written outside the lock under a temporary name.
2. Under the store's lock the writer first recovers (below), then numbers its entry, renames
   the payload to ``<number>.<kind>.parquet`` and writes ``<number>.<kind>.json.pending``.
3. The store's scratch copy gets the change and a row in ``writes`` for the entry; it commits
   and is renamed over the store: this rename is the write's one moment of truth.
4. The entry is promoted: ``.pending`` is dropped from its name.

Recovery, at the start of every write and build: a pending entry the store's ``writes`` table
holds is promoted (the writer died after step 3); any other is removed with its payload (the
store never had it, so nobody saw it succeed); payloads without an entry, temporary files of
writers no longer running, and scratch copies of the store are removed. A build reads only
promoted entries. An entry that cannot be read is reported by name and kept for a person to
look at; it never stops the others from being replayed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dash.errors import UserError
from dash.files import MISSING, NotReadable, check_openable, read_bounded

PENDING = ".pending"
_ENTRY = re.compile(r"^(\d{8})\.([a-z][a-z-]*)\.json$")
_NUMBERED = re.compile(r"^(\d{8})\.")
_TEMP = re.compile(r"^\.tmp\.(\d+)\.")
MAX_ENTRY_BYTES = 50_000_000  # an entry's JSON; bulk rows go in its payload


@dataclass(frozen=True)
class Entry:
    """A committed write, as the build replays it."""

    number: int
    kind: str
    written_by: str
    written_at: str  # ISO timestamp, UTC
    summary: str
    data: dict
    path: Path
    payload: Path | None = None
    email: str | None = None  # the signed-in address behind ``written_by``, when sign-in made the write
    via: str = "command line"  # how the writer was known: "sign-in", "this machine" or "command line"
    subject: str | None = None  # what the write changed (a meeting, a key point, a file, an address)


@dataclass(frozen=True)
class Damage:
    """An entry that could not be read: kept on disk, reported by ``build`` and ``check``."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name} in {self.path.parent}: {self.reason}"


class EntryDamaged(UserError):
    """An entry read whole but holding data no write makes (each kind checks its own); named, skipped."""


@dataclass
class NewEntry:
    """A write about to be made; ``number`` is given under the lock."""

    kind: str
    written_by: str
    summary: str
    data: dict
    payload: Path | None = None  # a file from ``temporary_payload``; its journal name once staged
    email: str | None = None
    via: str = "command line"
    subject: str | None = None
    number: int | None = None
    written_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    _staged: list[Path] = field(default_factory=list, repr=False)
    _made_folder: Path | None = field(default=None, repr=False)


def journal_dir(store: Path) -> Path:
    """``data/dash.duckdb`` keeps its journal in ``data/dash.journal/``."""
    return store.with_name(f"{store.stem}.journal")


def temporary_payload(store: Path, suffix: str) -> Path:
    """A private name beside the store for a payload written before the lock is taken. Not in the
    journal's folder: a write refused later must not leave a folder it made behind."""
    return store.with_name(f".{store.name}.{os.getpid()}.{secrets.token_hex(4)}.payload{suffix}")


def fsync(path: Path) -> None:
    """Flush a file, or a folder's list of names (after a rename), to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class JournalUnusable(UserError):
    """The journal's folder is a file, or cannot be listed: no entry in it can be read or added, so
    every write and every build is refused (a build would drop what it keeps) until a person mends it."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"The journal {folder} {reason}, so the changes it keeps can be neither read nor "
                         "added to: move it aside or mend it, then try again. Nothing was changed.")
        self.damage = Damage(folder, f"it {reason}; nothing in it can be replayed")


def _names(store: Path) -> list[str]:
    """The names in the store's journal folder, sorted; none when there is no journal yet."""
    folder = journal_dir(store)
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise JournalUnusable(folder, "is a file, not a folder") from None
    except PermissionError:
        raise JournalUnusable(folder, "cannot be read (permission denied)") from None


def highest_number(store: Path) -> int:
    return max((int(m.group(1)) for name in _names(store) if (m := _NUMBERED.match(name))), default=0)


def committed_numbers(store: Path) -> set[int]:
    """Numbers of the promoted entries, read from their names alone (cheap: no file is opened)."""
    return {int(m.group(1)) for name in _names(store) if (m := _ENTRY.match(name))}


def _remove(path: Path) -> None:
    """Remove a leftover file; one that is a folder or may not be removed stays (a build names what
    it cannot read, and only promoted entries are ever read)."""
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        path.unlink()


def recover(store: Path, applied: Callable[[], set[int]]) -> None:
    """Settle what a writer that died left behind; call only while holding the store's lock.
    ``applied`` gives the entries the store holds: asked only when an entry was left pending (opening
    the store costs a writer more than all else here). ``JournalUnusable`` when the journal's folder
    is a file or cannot be listed."""
    for scratch in store.parent.glob(f".{store.name}.*.writing*"):
        _remove(scratch)
    for payload in store.parent.glob(f".{store.name}.*.payload*"):  # of a writer no longer running
        if (pid := payload.name.removeprefix(f".{store.name}.").split(".")[0]).isdigit() \
                and not _alive(int(pid)):
            _remove(payload)
    folder = journal_dir(store)
    names = _names(store)
    if not names:
        return
    for name in names:
        if (temp := _TEMP.match(name)) and not _alive(int(temp.group(1))):
            _remove(folder / name)
    pending = sorted(n for n in _names(store) if n.endswith(PENDING))
    held = applied() if pending else set()
    for name in pending:
        number = int(name[:8]) if name[:8].isdigit() else None
        if number is not None and number in held:
            os.replace(folder / name, folder / name.removesuffix(PENDING))
        else:
            _remove(folder / name)
    committed = committed_numbers(store)
    for name in _names(store):
        numbered = _NUMBERED.match(name)
        if numbered and not _ENTRY.match(name) and int(numbered.group(1)) not in committed:
            _remove(folder / name)  # a payload whose entry never committed
    fsync(folder)


def stage(store: Path, entry: NewEntry, number: int) -> None:
    """Step 2 of the protocol: the payload under its entry's name, the entry written as pending."""
    folder = journal_dir(store)
    if not folder.exists():
        folder.mkdir(parents=True)
        entry._made_folder = folder  # the first write: a refusal takes the folder away again
    entry.number = number
    stem = f"{number:08d}.{entry.kind}"
    payload_name = None
    try:
        if entry.payload is not None:
            target = folder / f"{stem}{entry.payload.suffix}"
            shutil.move(entry.payload, target)  # a rename; a copy when the journal is on another disk
            entry.payload, payload_name = target, target.name
        pending = folder / f"{stem}.json{PENDING}"
        entry._staged.append(pending)
        body = {"entry": number, "kind": entry.kind, "written_by": entry.written_by,
                "written_at": entry.written_at, "summary": entry.summary, "payload": payload_name,
                "email": entry.email, "via": entry.via, "subject": entry.subject, "data": entry.data}
        with open(pending, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(body, ensure_ascii=False, default=str))
            handle.flush()
            os.fsync(handle.fileno())
        fsync(folder)
    except BaseException:
        unstage(entry)
        raise


def unstage(entry: NewEntry) -> None:
    """The write failed before the store changed: its files go."""
    for path in entry._staged:
        path.unlink(missing_ok=True)
    if entry.payload is not None:
        entry.payload.unlink(missing_ok=True)
    entry._staged.clear()
    if entry._made_folder is not None:
        with contextlib.suppress(OSError):  # only if empty: another writer may have used it since
            entry._made_folder.rmdir()
        entry._made_folder = None


def promote(entry: NewEntry) -> None:
    """Step 4: the store has the write, so its entry is committed."""
    pending = next(p for p in entry._staged if p.name.endswith(PENDING))
    os.replace(pending, pending.with_name(pending.name.removesuffix(PENDING)))
    fsync(pending.parent)
    entry._staged.clear()
    entry._made_folder = None


def read_entries(store: Path) -> tuple[list[Entry], list[Damage]]:
    """Every committed entry in order, and every one that could not be read: an entry is read only
    when it is an ordinary file in the journal's folder (not a folder, a pipe, a device, nor a link
    to a file elsewhere), and one that is not is named and skipped, never stopping the others.
    ``JournalUnusable`` when the folder itself cannot be listed."""
    folder = journal_dir(store)
    entries: list[Entry] = []
    damaged: list[Damage] = []
    for name in _names(store):  # JournalUnusable when the folder cannot be listed
        path = folder / name
        matched = _ENTRY.match(name)
        if not matched:
            continue
        number = int(matched.group(1))
        if entries and entries[-1].number == number:
            damaged.append(Damage(path, f"entry {number} is already {entries[-1].path.name}"))
            continue
        try:
            entries.append(_read_entry(path, number, matched.group(2)))
        except _Unreadable as error:
            damaged.append(Damage(path, str(error)))
    return entries, damaged


class _Unreadable(Exception):
    pass


def _read_entry(path: Path, number: int, kind: str) -> Entry:
    try:
        raw = read_bounded(path, MAX_ENTRY_BYTES, within=path.parent)
    except NotReadable as error:
        raise _Unreadable(error.reason) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Unreadable(f"byte {error.start} is not UTF-8") from None
    try:
        body = json.loads(text)
    except RecursionError:
        raise _Unreadable("it is nested too deeply to be an entry") from None
    except ValueError as error:
        line = getattr(error, "lineno", None)
        raise _Unreadable(f"it is not whole JSON (line {line}: {getattr(error, 'msg', error)});"
                          " it may have been cut short") from None
    if not isinstance(body, dict):
        raise _Unreadable("it holds no entry (a JSON object was expected)")
    for key, kind_of in (("entry", int), ("kind", str), ("written_by", str), ("written_at", str),
                         ("summary", str), ("data", dict)):
        if not isinstance(body.get(key), kind_of) or isinstance(body.get(key), bool):
            raise _Unreadable(f"its '{key}' is missing or of the wrong type")
    for key in ("email", "subject"):  # optional: entries written before sign-in have neither
        if body.get(key) is not None and not isinstance(body[key], str):
            raise _Unreadable(f"its '{key}' is of the wrong type")
    if not isinstance(body.get("via", "command line"), str):
        raise _Unreadable("its 'via' is of the wrong type")
    if body["entry"] != number or body["kind"] != kind:
        raise _Unreadable(f"it says it is entry {body['entry']} ({body['kind']}), not what its name says")
    try:
        dt.datetime.fromisoformat(body["written_at"])
    except ValueError:
        raise _Unreadable(f"its time '{body['written_at'][:40]}' is not a date and time") from None
    payload = None
    if body.get("payload") is not None:
        if not isinstance(body["payload"], str) or not body["payload"].startswith(f"{number:08d}."):
            raise _Unreadable("its payload is not named after it")
        payload = path.with_name(body["payload"])
        try:  # read later, by the replay: an ordinary file of the journal's own, or nothing
            check_openable(payload, within=path.parent)
        except NotReadable as error:
            raise _Unreadable(f"its payload {payload.name} is missing" if error.reason == MISSING
                              else f"its payload {payload.name} cannot be read: {error.reason}") from None
    return Entry(number, kind, body["written_by"], body["written_at"], body["summary"], body["data"],
                 path, payload, body.get("email"), body.get("via", "command line"), body.get("subject"))

