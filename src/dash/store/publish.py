"""Publishing the writer's store to a folder replicas read, and a replica taking the newest from it.

Many read-only replicas serve trustees; one writer makes every change. The writer publishes whole,
immutable snapshots to a folder every replica can read (a shared volume, a mounted bucket):

    DIR/manifest.json                 which version is newest: its files, their sha256 and sizes
    DIR/snapshots/00000007/dash.duckdb   the store as it was published
    DIR/snapshots/00000007/journal.tar   the journal that rebuilds it (docs/schema.md, "The journal")
    DIR/snapshots/00000007/snapshot.json the same description as the manifest gave, kept with it

A snapshot is written under a dotted temporary name, flushed to disk and renamed into place whole;
only then is the manifest, written the same way, renamed over the old one. So a replica that reads
the manifest finds every file it names complete, whatever happens to the publisher (a kill, a full
disk): at worst it keeps the version it has. Older versions are pruned after the newest ``keep``.

A replica copies the snapshot the manifest names into its own local store, checks the sha256 and
size, and renames the copy over its store: its readers (``dash.store.reader``) switch to the new
file on their next read, as they do after a local write. Beside the local store a small file
(``<store>.follows``) records the folder and the version held; its presence is what makes the store
a replica's, which every write refuses (``dash.paths.store_path``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import tarfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from dash.errors import UserError
from dash.paths import FOLLOWS_SUFFIX, follows_file
from dash.store.faults import crash_point
from dash.store.journal import _ENTRY, _NUMBERED, fsync, journal_dir
from dash.store.snapshot import WAIT_SECONDS, file_lock, is_disk_full, require_built, writer_lock

LOG = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SNAPSHOTS = "snapshots"
STORE_FILE = "dash.duckdb"
JOURNAL_FILE = "journal.tar"
KEEP = 5
CHUNK = 1 << 20
# Where a publish may be killed (``DASH_CRASH_AT``), for the fault tests.
PUBLISH_STEPS = ("publish-copy", "publish-journal", "publish-rename", "publish-manifest", "publish-prune")
_VERSION = re.compile(r"^\d{8}$")


class NothingPublished(UserError):
    """The folder holds no published snapshot yet."""


class SnapshotDamaged(UserError):
    """A published file is not what the manifest says (its checksum or size): it is never used."""


@dataclass(frozen=True)
class Manifest:
    """The newest published version, as ``manifest.json`` (and its ``snapshot.json``) describe it."""

    version: int
    store: str  # relative to the published folder
    sha256: str
    size: int
    journal: str
    journal_sha256: str
    journal_size: int
    published_at: str  # ISO, UTC
    written_at: str | None = None  # the store's own write stamp, for people reading the manifest

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"


@dataclass(frozen=True)
class Published:
    """What a publish did: the version the folder now names, and whether it is new."""

    manifest: Manifest
    folder: Path
    new: bool
    pruned: tuple[int, ...] = ()

    def sentence(self) -> str:
        m = self.manifest
        if not self.new:
            return (f"Nothing to publish: version {m.version} in {self.folder} already holds this store "
                    f"(published {m.published_at}).")
        removed = f"; removed {len(self.pruned)} older" if self.pruned else ""
        return (f"Published version {m.version} to {self.folder} ({_size(m.size)}, sha256 {m.sha256[:12]}…)"
                f"{removed}.")


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} kB"


def version_name(version: int) -> str:
    return f"{version:08d}"


# ---------------------------------------------------------------------------------------------------
# Publishing (the writer's side)


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise UserError(f"There is no folder {folder} to publish to: create it (or mount the shared volume) "
                        "first. Nothing was published.")
    if not folder.is_dir():
        raise UserError(f"{folder} is a file, not a folder: name the folder replicas follow. Nothing was "
                        "published.")


def _refusal(folder: Path, error: OSError) -> UserError:
    """One sentence for a publish the disk or the folder stopped; nothing half-written is left."""
    if is_disk_full(error):
        return UserError(f"The disk holding {folder} is full, so nothing was published: free some space and "
                         "publish again. Replicas keep the version they have.")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = os.strerror(error.errno).lower()
        return UserError(f"{folder} cannot be written to ({reason}), so nothing was published: publish "
                         "to a folder this user may write, or ask whoever runs the shared volume.")
    return UserError(f"Publishing to {folder} failed ({os.strerror(error.errno or 0).lower() or error}), "
                     "so nothing was published; replicas keep the version they have.")


@contextlib.contextmanager
def _publish_lock(folder: Path, wait_seconds: float) -> Iterator[None]:
    """One publisher at a time per folder (two writers' cron jobs, a retry while one still runs)."""
    with file_lock(folder / ".publish.lock", wait_seconds, lambda: UserError(
            f"Another publish to {folder} is still running after {wait_seconds:g} seconds: nothing was "
            "published; try again in a minute.")):
        yield


def _copy_hashed(source: Path, target: Path, *, crash_at: str | None = None) -> tuple[str, int]:
    """Copy ``source`` to ``target`` (a new file), flushed to disk; its sha256 and size."""
    digest, size = hashlib.sha256(), 0
    with open(source, "rb") as reading, open(target, "xb") as writing:
        while chunk := reading.read(CHUNK):
            writing.write(chunk)
            digest.update(chunk)
            size += len(chunk)
            if crash_at:
                writing.flush()
                crash_point(crash_at)  # a kill with the copy half made
        writing.flush()
        os.fsync(writing.fileno())
    return digest.hexdigest(), size


def _journal_tar(store: Path, target: Path) -> tuple[str, int]:
    """The journal's committed entries and their payloads as one tar file (pending entries of a
    write under way, or of one that died, are not the store's and are left out)."""
    folder = journal_dir(store)
    names = sorted(os.listdir(folder)) if folder.is_dir() else []
    committed = {m.group(1) for name in names if (m := _ENTRY.match(name))}
    with open(target, "xb") as handle:
        with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name in names:
                numbered = _NUMBERED.match(name)
                if numbered and numbered.group(1) in committed and (folder / name).is_file():
                    tar.add(folder / name, arcname=f"{journal_dir(store).name}/{name}", recursive=False)
        handle.flush()
        os.fsync(handle.fileno())
    return _sha256(target), target.stat().st_size


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _written_at(store: Path) -> str | None:
    import duckdb

    connection = duckdb.connect(":memory:")
    try:
        connection.execute("ATTACH ? AS s (READ_ONLY)", [str(store)])
        row = connection.execute("SELECT max(value) FILTER (WHERE key = 'written_at'), "
                                 "max(value) FILTER (WHERE key = 'built_at') FROM s.store_info").fetchone()
        return row[0] or row[1]
    except duckdb.Error:
        return None
    finally:
        connection.close()


def _write_atomically(path: Path, text: str) -> None:
    """``path`` replaced whole by ``text``: a temporary file, flushed, renamed, and the folder flushed."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync(path.parent)


def published_versions(folder: Path) -> list[int]:
    """The versions whose snapshot folder is in place (a dotted one is a publish under way or killed)."""
    snapshots = folder / SNAPSHOTS
    try:
        return sorted(int(name) for name in os.listdir(snapshots) if _VERSION.match(name))
    except FileNotFoundError:
        return []


def publish(store: Path, folder: Path, *, keep: int = KEEP, wait_seconds: float = WAIT_SECONDS) -> Published:
    """Publish ``store`` and its journal to ``folder`` as the next version, then name it in the manifest
    and prune all but the newest ``keep``. Unchanged since the newest version: nothing is written. A
    refusal (no folder, not writable, a full disk) is one sentence, with nothing half-written left."""
    store, folder = Path(store), Path(folder)
    if keep < 1:
        raise UserError("--keep must be at least 1: the newest version is always kept.")
    require_built(store)
    _check_folder(folder)
    partial: Path | None = None
    try:
        with _publish_lock(folder, wait_seconds):
            snapshots = folder / SNAPSHOTS
            snapshots.mkdir(exist_ok=True)
            for leftover in snapshots.glob(".*.partial"):  # of a publisher that died: never named
                shutil.rmtree(leftover, ignore_errors=True)
            current = read_manifest(folder, missing_ok=True)
            version = max([current.version if current else 0, *published_versions(folder)]) + 1
            partial = snapshots / f".{version_name(version)}.{os.getpid()}.partial"
            partial.mkdir()
            # Under the writer's lock, so the store and the journal copied are of the same write.
            with writer_lock(store, wait_seconds):
                sha256, size = _copy_hashed(store, partial / STORE_FILE, crash_at="publish-copy")
                crash_point("publish-journal")
                journal_sha256, journal_size = _journal_tar(store, partial / JOURNAL_FILE)
            if current is not None and current.sha256 == sha256:
                shutil.rmtree(partial)
                return Published(current, folder, new=False)
            manifest = Manifest(
                version=version, store=f"{SNAPSHOTS}/{version_name(version)}/{STORE_FILE}", sha256=sha256,
                size=size, journal=f"{SNAPSHOTS}/{version_name(version)}/{JOURNAL_FILE}",
                journal_sha256=journal_sha256, journal_size=journal_size,
                published_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                written_at=_written_at(partial / STORE_FILE),
            )
            _write_atomically(partial / "snapshot.json", manifest.to_json())
            fsync(partial)
            crash_point("publish-rename")
            os.replace(partial, snapshots / version_name(version))
            partial = None
            fsync(snapshots)
            crash_point("publish-manifest")
            _write_atomically(folder / MANIFEST, manifest.to_json())
            crash_point("publish-prune")
            pruned = _prune(folder, keep, version)
            return Published(manifest, folder, new=True, pruned=pruned)
    except OSError as error:
        raise _refusal(folder, error) from None
    finally:
        if partial is not None:
            shutil.rmtree(partial, ignore_errors=True)


def _prune(folder: Path, keep: int, newest: int) -> tuple[int, ...]:
    """Remove all but the newest ``keep`` versions (never the one the manifest names)."""
    versions = published_versions(folder)
    old = [v for v in versions if v != newest][: max(0, len(versions) - keep)]
    for version in old:
        # Renamed to a dotted name first, so no replica finds half a folder under a version's name.
        doomed = folder / SNAPSHOTS / f".{version_name(version)}.{os.getpid()}.partial"
        with contextlib.suppress(OSError):
            os.replace(folder / SNAPSHOTS / version_name(version), doomed)
            shutil.rmtree(doomed, ignore_errors=True)
    return tuple(old)


# ---------------------------------------------------------------------------------------------------
# Reading what was published (a replica's side)


def read_manifest(folder: Path, *, missing_ok: bool = False) -> Manifest | None:
    """The manifest of ``folder``; None when nothing was published (with ``missing_ok``), else
    ``NothingPublished``; ``SnapshotDamaged`` when it is not a manifest this module wrote."""
    path = Path(folder) / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return None
        raise NothingPublished(f"Nothing has been published to {folder} yet: run `python -m dash publish "
                               f"--to {folder}` where the writer's store is.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SnapshotDamaged(f"The manifest {path} cannot be read ({error}).") from None
    try:
        body = json.loads(text)
        manifest = Manifest(**body)
        if not (isinstance(manifest.version, int) and isinstance(manifest.size, int)
                and re.fullmatch(r"[0-9a-f]{64}", manifest.sha256)
                and manifest.store == f"{SNAPSHOTS}/{version_name(manifest.version)}/{STORE_FILE}"):
            raise ValueError("unexpected values")
    except (ValueError, TypeError) as error:
        raise SnapshotDamaged(f"The manifest {path} is not one `python -m dash publish` wrote ({error}).") \
            from None
    return manifest


def held_version(local: Path) -> int | None:
    """The published version a replica's local store holds (its ``.follows`` file), or None."""
    try:
        return int(json.loads(follows_file(local).read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def take_newest(folder: Path, local: Path) -> int | None:
    """Make ``local`` the newest version published to ``folder``, if it does not hold it already:
    copy it beside ``local``, check its sha256 and size against the manifest, rename it into place.
    Returns the version taken, or None when ``local`` was already the newest.
    ``NothingPublished``, or ``SnapshotDamaged`` (the copy is then discarded, ``local`` unchanged)."""
    folder, local = Path(folder), Path(local)
    manifest = read_manifest(folder)
    assert manifest is not None
    if held_version(local) == manifest.version and local.exists():
        return None
    local.parent.mkdir(parents=True, exist_ok=True)
    fetching = local.with_name(f".{local.name}.{os.getpid()}.{threading.get_ident()}.fetching")
    try:
        fetching.unlink(missing_ok=True)
        try:
            sha256, size = _copy_hashed(folder / manifest.store, fetching)
        except FileNotFoundError:  # pruned or replaced between reading the manifest and opening it
            raise SnapshotDamaged(f"Version {manifest.version} was no longer in {folder}; the next look "
                                  "finds the newest.") from None
        if (sha256, size) != (manifest.sha256, manifest.size):
            raise SnapshotDamaged(f"Version {manifest.version} in {folder} does not match its manifest "
                                  f"(sha256 {sha256[:12]}…, {size} bytes; expected {manifest.sha256[:12]}…, "
                                  f"{manifest.size}): it was not used.")
        os.replace(fetching, local)
        fsync(local.parent)
    finally:
        fetching.unlink(missing_ok=True)
    _write_atomically(follows_file(local), json.dumps(
        {"folder": str(folder.resolve()), "version": manifest.version, "sha256": manifest.sha256,
         "published_at": manifest.published_at, "taken_at": dt.datetime.now(dt.UTC).isoformat()}) + "\n")
    return manifest.version


class Follower:
    """A background thread that takes each new published version within ``interval`` seconds. A
    problem (a damaged copy, the shared volume out of reach) is logged once and tried again; the
    replica keeps serving the version it holds meanwhile."""

    def __init__(self, folder: Path, local: Path, interval: float = 1.0,
                 on_new: Callable[[int], None] | None = None) -> None:
        self.folder, self.local, self.interval, self.on_new = Path(folder), Path(local), interval, on_new
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="follow-published", daemon=True)
        self._last_problem: str | None = None

    def start(self) -> Follower:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def check(self) -> int | None:
        """Look once; the version taken, or None."""
        try:
            taken = take_newest(self.folder, self.local)
        except (UserError, OSError) as error:
            if str(error) != self._last_problem:
                LOG.warning("Following %s: %s", self.folder, error)
                self._last_problem = str(error)
            return None
        self._last_problem = None
        if taken is not None:
            LOG.warning("Now serving version %s published to %s.", taken, self.folder)
            if self.on_new:
                self.on_new(taken)
        return taken

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()


class AutoPublisher:
    """The writer's side: publish whenever the store file is replaced (a write or a build), looked for
    every ``interval`` seconds. Used by ``serve --publish-to``, so an editor's change reaches every
    replica without anyone running ``publish``."""

    def __init__(self, store: Path, folder: Path, *, keep: int = KEEP, interval: float = 1.0) -> None:
        self.store, self.folder, self.keep, self.interval = Path(store), Path(folder), keep, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="auto-publish", daemon=True)
        self._seen: tuple[int, int, int] | None = None

    def start(self) -> AutoPublisher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _identity(self) -> tuple[int, int, int] | None:
        try:
            stat = self.store.stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def check(self) -> Published | None:
        identity = self._identity()
        if identity is None or identity == self._seen:
            return None
        try:
            published = publish(self.store, self.folder, keep=self.keep)
        except UserError as error:
            LOG.warning("Publishing %s: %s", self.store, error)
            return None
        self._seen = identity
        if published.new:
            LOG.warning("%s", published.sentence())
        return published

    def _run(self) -> None:
        self.check()
        while not self._stop.wait(self.interval):
            self.check()


def describe(folder: Path) -> str:
    """What a folder holds, for people: its newest version and when it was published."""
    manifest = read_manifest(folder, missing_ok=True)
    if manifest is None:
        return f"Nothing has been published to {folder} yet."
    return (f"{folder} holds version {manifest.version}, published {manifest.published_at} "
            f"({_size(manifest.size)}); versions kept: {', '.join(map(str, published_versions(folder)))}.")


__all__ = [
    "FOLLOWS_SUFFIX", "KEEP", "MANIFEST", "PUBLISH_STEPS", "AutoPublisher", "Follower", "Manifest",
    "NothingPublished", "Published", "SnapshotDamaged", "describe", "held_version", "publish",
    "read_manifest", "take_newest",
]
