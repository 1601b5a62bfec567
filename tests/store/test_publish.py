"""Publishing the writer's store to a folder, and replicas taking each new version whole."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest

from dash.paths import ReplicaCopy, store_path
from dash.store import StoreReader
from dash.store import publish as pub
from dash.store.publish import SnapshotDamaged, held_version, publish, read_manifest, take_newest
from dash.write import service
from tests.support.cli import run_cli
from tests.support.publishing import assert_whole_snapshots

GRANTS = Path(__file__).resolve().parents[1] / "ingest" / "360giving" / "ExampleTrust-grants-fixed.csv"


def _grants(store: Path) -> int:
    return StoreReader(store).cursor().execute("SELECT count(*) FROM grants").fetchone()[0]


def _import(store: Path):
    return service.import_grants(GRANTS.read_bytes(), GRANTS.name, by="AB", store=store)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "published"
    path.mkdir()
    return path


def test_a_publish_is_a_whole_versioned_snapshot_named_by_the_manifest(store_copy, folder):
    first = publish(store_copy, folder)
    assert first.new and first.manifest.version == 1
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["store"] == "snapshots/00000001/dash.duckdb"
    assert manifest["sha256"] == hashlib.sha256(store_copy.read_bytes()).hexdigest()
    assert manifest["size"] == store_copy.stat().st_size
    assert sorted(p.name for p in (folder / "snapshots" / "00000001").iterdir()) == [
        "dash.duckdb", "journal.tar", "snapshot.json"]
    again = publish(store_copy, folder)  # nothing written since: nothing new
    assert not again.new and again.manifest.version == 1
    assert "Nothing to publish" in again.sentence()
    assert_whole_snapshots(folder)


def test_the_journal_that_rebuilds_the_store_is_published_with_it(store_copy, folder):
    assert _import(store_copy).ok
    publish(store_copy, folder)
    import tarfile

    with tarfile.open(folder / "snapshots" / "00000001" / "journal.tar") as tar:
        names = sorted(tar.getnames())
    assert names == ["dash.journal/00000001.grants.json", "dash.journal/00000001.grants.parquet"]


def test_a_replica_takes_the_newest_version_and_checks_it(store_copy, folder, tmp_path):
    local = tmp_path / "replica" / "dash.duckdb"
    publish(store_copy, folder)
    assert take_newest(folder, local) == 1
    assert take_newest(folder, local) is None  # already the newest: nothing copied
    reader = StoreReader(local)
    assert _grants(local) == 0
    assert _import(store_copy).ok
    publish(store_copy, folder)
    assert take_newest(folder, local) == 2 and held_version(local) == 2
    assert reader.cursor().execute("SELECT count(*) FROM grants").fetchone()[0] == 10  # same reader, new file


def test_a_replica_never_uses_a_copy_that_does_not_match_its_manifest(store_copy, folder, tmp_path):
    local = tmp_path / "replica.duckdb"
    publish(store_copy, folder)
    take_newest(folder, local)
    before = local.read_bytes()
    assert _import(store_copy).ok
    publish(store_copy, folder)
    damaged = folder / "snapshots" / "00000002" / "dash.duckdb"
    damaged.write_bytes(damaged.read_bytes()[:-4096])  # a bucket that served a short file
    with pytest.raises(SnapshotDamaged, match="does not match its manifest"):
        take_newest(folder, local)
    assert local.read_bytes() == before and held_version(local) == 1
    assert not [p for p in local.parent.iterdir() if p.name.endswith(".fetching")]


def test_a_replica_copy_refuses_every_write_and_says_where_editors_go(store_copy, folder, tmp_path,
                                                                      monkeypatch):
    local = tmp_path / "replica.duckdb"
    publish(store_copy, folder)
    take_newest(folder, local)
    monkeypatch.setenv("DASH_EDITOR_URL", "https://edit.example.org")
    with pytest.raises(ReplicaCopy, match=r"editors at https://edit\.example\.org"):
        store_path(local)
    outcome = _import(local)
    assert not outcome.ok and "read-only replica" in outcome.message
    result = run_cli("import-360", str(GRANTS), "--db", str(local))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and _grants(local) == 0


def test_old_versions_are_pruned_after_keep(store_copy, folder):
    for number in range(4):
        assert service.set_role(f"p{number}@example.org", "viewer", by="AB", store=store_copy).ok
        publish(store_copy, folder, keep=2)
    assert pub.published_versions(folder) == [3, 4]
    assert read_manifest(folder).version == 4
    assert_whole_snapshots(folder)


@pytest.mark.parametrize("where", ["missing", "a file"])
def test_a_folder_that_is_not_there_is_one_sentence(store_copy, tmp_path, where):
    target = tmp_path / "published"
    if where == "a file":
        target.write_text("not a folder")
    result = run_cli("publish", "--db", str(store_copy), "--to", str(target))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Nothing was published" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["dash.duckdb", *(["published"] if
                                                                                where == "a file" else [])])


def test_an_unwritable_folder_is_one_sentence_and_leaves_nothing(store_copy, folder, monkeypatch):
    publish(store_copy, folder)
    assert service.set_role("p@example.org", "viewer", by="AB", store=store_copy).ok

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pub, "_journal_tar", refused)  # as root nothing is unwritable: say it is
    with pytest.raises(pub.UserError, match=r"cannot be written to \(permission denied\)") as refusal:
        publish(store_copy, folder)
    assert "\n" not in str(refusal.value)
    assert read_manifest(folder).version == 1
    assert sorted(p.name for p in (folder / "snapshots").iterdir()) == ["00000001"]


def test_a_replica_following_a_folder_being_published_sees_only_whole_versions(store_copy, folder, tmp_path):
    """A follower looks as fast as it can while the writer writes and publishes five versions: every
    version it took matched its manifest, and it ends on the newest."""
    local = tmp_path / "replica.duckdb"
    publish(store_copy, folder)
    taken: list[int] = []
    problems: list[str] = []
    done = threading.Event()

    def follow() -> None:
        while not done.is_set():
            try:
                version = take_newest(folder, local)
            except SnapshotDamaged as error:
                problems.append(str(error))
                continue
            if version is not None:
                taken.append(version)
                grants = _grants(local)
                assert grants in (0, 10)

    thread = threading.Thread(target=follow)
    thread.start()
    assert _import(store_copy).ok
    publish(store_copy, folder)
    for number in range(4):
        assert service.set_role(f"p{number}@example.org", "viewer", by="AB", store=store_copy).ok
        publish(store_copy, folder)
    done.set()
    thread.join()
    take_newest(folder, local)
    assert problems == []
    assert held_version(local) == 6 and taken == sorted(taken)
    assert hashlib.sha256(local.read_bytes()).hexdigest() == read_manifest(folder).sha256


def test_a_follower_takes_each_new_version_in_the_background(store_copy, folder, tmp_path):
    from dash.store.publish import Follower

    local = tmp_path / "replica.duckdb"
    publish(store_copy, folder)
    take_newest(folder, local)
    taken: list[int] = []
    arrived = threading.Event()
    follower = Follower(folder, local, interval=0.05,
                        on_new=lambda version: (taken.append(version), arrived.set())).start()
    try:
        assert _import(store_copy).ok
        publish(store_copy, folder)
        assert arrived.wait(30)
    finally:
        follower.stop()
    assert taken == [2] and _grants(local) == 10


def test_serving_as_a_replica_refuses_a_writers_store_and_a_folder_with_nothing(store_copy, folder):
    from dash.serve import follow

    assert _import(store_copy).ok  # the writer's store now has a journal beside it
    with pytest.raises(pub.UserError, match="is a writer's store"):
        follow(folder, store_copy)
    with pytest.raises(pub.NothingPublished, match="Nothing has been published"):
        follow(folder, folder.parent / "replica.duckdb")
