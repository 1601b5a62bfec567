"""A publish killed at each step, or stopped by a full disk: replicas never see a partial snapshot.

The publisher is a real ``python -m dash publish`` process killed with SIGKILL (``DASH_CRASH_AT``,
dash.store.faults) at each of its steps, the copy of the store half made included, while a replica
follows the folder as fast as it can. Afterwards the manifest names a whole version, every version
in place matches its description, the replica holds a version that matches its manifest, and the
next publish clears what the dead one left.
"""

from __future__ import annotations

import hashlib
import signal
import threading
from pathlib import Path

import pytest

from dash.store.publish import (
    PUBLISH_STEPS,
    SnapshotDamaged,
    held_version,
    published_versions,
    read_manifest,
    take_newest,
)
from dash.write import service
from tests.support.cli import run_cli
from tests.support.publishing import assert_whole_snapshots

pytestmark = pytest.mark.faults

GRANTS = Path(__file__).resolve().parents[1] / "ingest" / "360giving" / "ExampleTrust-grants-fixed.csv"


def _published_once_then_changed(store: Path, folder: Path) -> None:
    folder.mkdir()
    assert run_cli("publish", "--db", str(store), "--to", str(folder)).returncode == 0
    assert service.import_grants(GRANTS.read_bytes(), GRANTS.name, by="AB", store=store).ok


@pytest.mark.parametrize("step", PUBLISH_STEPS)
def test_a_publish_killed_at_each_step_leaves_only_whole_versions(store_copy, tmp_path, step):
    folder, local = tmp_path / "published", tmp_path / "replica" / "dash.duckdb"
    _published_once_then_changed(store_copy, folder)
    take_newest(folder, local)
    problems: list[str] = []
    done = threading.Event()

    def follow() -> None:  # a replica looking all the while
        while not done.is_set():
            try:
                take_newest(folder, local)
            except SnapshotDamaged as error:
                problems.append(str(error))

    follower = threading.Thread(target=follow)
    follower.start()
    try:
        killed = run_cli("publish", "--db", str(store_copy), "--to", str(folder), crash_at=step)
    finally:
        done.set()
        follower.join()
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert problems == []
    # The manifest is renamed into place as the last step but pruning: before it, version 1 is newest.
    assert read_manifest(folder).version == (2 if step == "publish-prune" else 1)
    assert_whole_snapshots(folder)
    take_newest(folder, local)
    assert hashlib.sha256(local.read_bytes()).hexdigest() == read_manifest(folder).sha256
    # The next publish clears what the dead one left and publishes the store.
    again = run_cli("publish", "--db", str(store_copy), "--to", str(folder))
    assert again.returncode == 0, again.stderr
    assert not [p for p in (folder / "snapshots").iterdir() if p.name.startswith(".")]
    assert read_manifest(folder).sha256 == hashlib.sha256(store_copy.read_bytes()).hexdigest()
    assert_whole_snapshots(folder)
    take_newest(folder, local)
    assert held_version(local) == read_manifest(folder).version


@pytest.mark.parametrize("fraction", [0.05, 0.99])
def test_a_full_disk_says_so_and_publishes_nothing(store_copy, tmp_path, fraction):
    """A file-size limit stands in for a full disk: early in the store's copy, and at its very end."""
    folder = tmp_path / "published"
    _published_once_then_changed(store_copy, folder)
    before = (folder / "manifest.json").read_bytes()
    result = run_cli("publish", "--db", str(store_copy), "--to", str(folder),
                     file_size_limit=int(store_copy.stat().st_size * fraction))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is full, so nothing was published" in lines[0], result.stderr
    assert (folder / "manifest.json").read_bytes() == before
    assert published_versions(folder) == [1]
    assert not [p for p in (folder / "snapshots").iterdir() if p.name.startswith(".")]
    assert_whole_snapshots(folder)
