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

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from dash.errors import UserError

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


def journal_dir(store: Path) -> Path:
    """``data/dash.duckdb`` keeps its journal in ``data/dash.journal/``."""
    return store.with_name(f"{store.stem}.journal")


def temporary_payload(store: Path, suffix: str) -> Path:
    """A private name in the journal folder for a payload written before the lock is taken."""
    folder = journal_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f".tmp.{os.getpid()}.{secrets.token_hex(4)}{suffix}"


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


def highest_number(store: Path) -> int:
    folder = journal_dir(store)
    numbers = [int(m.group(1)) for p in folder.iterdir() if (m := _NUMBERED.match(p.name))] \
        if folder.exists() else []
    return max(numbers, default=0)


def committed_numbers(store: Path) -> set[int]:
    """Numbers of the promoted entries, read from their names alone (cheap: no file is opened)."""
    folder = journal_dir(store)
    if not folder.exists():
        return set()
    return {int(m.group(1)) for p in folder.iterdir() if (m := _ENTRY.match(p.name))}


def recover(store: Path, applied: set[int]) -> None:
    """Settle what a writer that died left behind; call only while holding the store's lock."""
    for scratch in store.parent.glob(f".{store.name}.*.writing*"):
        scratch.unlink(missing_ok=True)
    folder = journal_dir(store)
    if not folder.exists():
        return
    for path in folder.iterdir():
        if (temp := _TEMP.match(path.name)) and not _alive(int(temp.group(1))):
            path.unlink(missing_ok=True)
    names = {p.name for p in folder.iterdir()}
    for name in sorted(n for n in names if n.endswith(PENDING)):
        number = int(name[:8]) if name[:8].isdigit() else None
        if number is not None and number in applied:
            os.replace(folder / name, folder / name.removesuffix(PENDING))
        else:
            (folder / name).unlink(missing_ok=True)
    committed = {int(m.group(1)) for n in os.listdir(folder) if (m := _ENTRY.match(n))}
    for name in os.listdir(folder):
        numbered = _NUMBERED.match(name)
        if numbered and not _ENTRY.match(name) and int(numbered.group(1)) not in committed:
            (folder / name).unlink(missing_ok=True)  # a payload whose entry never committed
    fsync(folder)


def stage(store: Path, entry: NewEntry, number: int) -> None:
    """Step 2 of the protocol: the payload under its entry's name, the entry written as pending."""
    folder = journal_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    entry.number = number
    stem = f"{number:08d}.{entry.kind}"
    payload_name = None
    try:
        if entry.payload is not None:
            target = folder / f"{stem}{entry.payload.suffix}"
            os.replace(entry.payload, target)
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


def promote(entry: NewEntry) -> None:
    """Step 4: the store has the write, so its entry is committed."""
    pending = next(p for p in entry._staged if p.name.endswith(PENDING))
    os.replace(pending, pending.with_name(pending.name.removesuffix(PENDING)))
    fsync(pending.parent)
    entry._staged.clear()


def read_entries(store: Path) -> tuple[list[Entry], list[Damage]]:
    """Every committed entry in order, and every one that could not be read."""
    folder = journal_dir(store)
    entries: list[Entry] = []
    damaged: list[Damage] = []
    if not folder.exists():
        return entries, damaged
    for path in sorted(folder.iterdir()):
        matched = _ENTRY.match(path.name)
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
    if path.stat().st_size > MAX_ENTRY_BYTES:
        raise _Unreadable(f"it is larger than {MAX_ENTRY_BYTES // 1_000_000} MB, more than any entry")
    raw = path.read_bytes()
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
        if not payload.exists():
            raise _Unreadable(f"its payload {payload.name} is missing")
    return Entry(number, kind, body["written_by"], body["written_at"], body["summary"], body["data"],
                 path, payload, body.get("email"), body.get("via", "command line"), body.get("subject"))

