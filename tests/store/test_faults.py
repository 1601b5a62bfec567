"""Writes tested the way databases are: killed at each step, stopped by a full disk, run two at once.

Afterwards the store and its journal agree, the next build brings back nothing that failed, and no
scratch copy, temporary payload or pending entry is left.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dash.devtools.big_inputs import grants_csv
from dash.store import StoreReader
from dash.store.faults import STEPS
from dash.store.journal import committed_numbers, journal_dir
from dash.write import service
from tests.support.cli import run_cli
from tests.support.inputs import GOOD_POINTS, write_up
from tests.support.stores import assert_agreed_and_tidy

pytestmark = pytest.mark.faults

BEFORE_THE_RENAME = [s for s in STEPS if s != "promote"]


def _count(store: Path, table: str) -> int:
    return StoreReader(store).cursor().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def grants_file(tmp_path: Path) -> Path:
    path = tmp_path / "grants.csv"
    path.write_bytes(grants_csv(500, prefix="360G-FAULT"))
    return path


@pytest.mark.parametrize("step", BEFORE_THE_RENAME)
def test_an_import_killed_before_the_rename_never_comes_back(store_copy, grants_file, step):
    result = run_cli("import-360", str(grants_file), "--db", str(store_copy), crash_at=step)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert _count(store_copy, "grants") == 0
    # the next write settles what the dead one left, and a build adds nothing it saw fail
    assert service.decide("ins-jf-07", "time", "accept", by="AB", store=store_copy).ok
    assert_agreed_and_tidy(store_copy)
    built = service.build(store=store_copy)
    assert built.ok and built.report.counts["grants"] == 0 and not built.report.unreadable
    assert_agreed_and_tidy(store_copy)


def test_an_import_killed_after_the_rename_is_kept(store_copy, grants_file):
    result = run_cli("import-360", str(grants_file), "--db", str(store_copy), crash_at="promote")
    assert result.returncode == -signal.SIGKILL
    assert _count(store_copy, "grants") == 500  # the store had it: the rename is the moment of truth
    built = service.build(store=store_copy)  # recovery promotes the entry, so the build replays it
    assert built.ok and built.report.counts["grants"] == 500
    assert_agreed_and_tidy(store_copy)


@pytest.mark.parametrize("step", ["parse", "journal", "commit", "rename", "promote"])
def test_a_write_up_and_a_decision_killed_at_each_step(store_copy, tmp_path, step):
    notes = tmp_path / "notes.md"
    notes.write_bytes(write_up(*GOOD_POINTS))
    meetings = _count(store_copy, "meetings")
    result = run_cli("import-notes", str(notes), "--db", str(store_copy), crash_at=step)
    assert result.returncode == -signal.SIGKILL
    decided = run_cli(
        "themes",
        "decide",
        "ins-jf-07",
        "time",
        "reject",
        "--by",
        "AB",
        "--db",
        str(store_copy),
        crash_at=step,
    )
    assert decided.returncode == -signal.SIGKILL
    kept = step == "promote"
    built = service.build(store=store_copy)
    assert built.ok
    assert _count(store_copy, "meetings") == meetings + kept
    status = (
        StoreReader(store_copy)
        .cursor()
        .execute("SELECT status FROM insight_themes WHERE insight_id = 'ins-jf-07' AND theme_id = 'time'")
        .fetchone()[0]
    )
    assert status == ("rejected" if kept else "suggested")
    assert_agreed_and_tidy(store_copy)


@pytest.mark.parametrize("fraction", [0.0, 0.5, 1.02])
def test_a_full_disk_says_so_and_changes_nothing(store_copy, grants_file, fraction):
    """A file-size limit stands in for a full disk: below the payload, within the store's copy, past it."""
    size = store_copy.stat().st_size
    before = store_copy.read_bytes()
    result = run_cli(
        "import-360",
        str(grants_file),
        "--db",
        str(store_copy),
        file_size_limit=max(4096, int(size * fraction)),
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is full" in lines[0] and "Traceback" not in result.stderr
    assert store_copy.read_bytes() == before
    assert_agreed_and_tidy(store_copy)
    assert not journal_dir(store_copy).exists()  # the store had no journal: the refusal made none
    assert service.build(store=store_copy).report.counts["grants"] == 0


@pytest.mark.parametrize("words", [
    ["themes", "decide", "ins-jf-07", "time", "accept"], ["users", "add", "ada@example.org", "editor"],
    ["edit", "funds", "fund-bristol-local-food", "name=Renamed"], ["import-notes", "NOTES"],
], ids=lambda words: " ".join(words[:2]))
def test_a_full_disk_on_a_store_with_no_journal_yet_leaves_no_journal(store_copy, tmp_path, words):
    """Past the store's copy: the entry is staged, then the write fails; its folder goes with it."""
    notes = tmp_path / "notes.md"
    notes.write_bytes(write_up(*GOOD_POINTS))
    words = [str(notes) if word == "NOTES" else word for word in words]
    before = store_copy.read_bytes()
    result = run_cli(*words, "--db", str(store_copy), file_size_limit=int(store_copy.stat().st_size * 1.02))
    assert result.returncode == 2 and "is full" in result.stderr and "Traceback" not in result.stderr
    assert store_copy.read_bytes() == before
    assert not journal_dir(store_copy).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dash.duckdb", "dash.duckdb.lock", "notes.md"]


def _imports_at_once(store: Path, files: list[Path]) -> list[tuple[int, str]]:
    """Start one `import-360` process per file together; (exit status, output) of each."""
    runs = [
        subprocess.Popen([sys.executable, "-m", "dash", "import-360", str(path), "--db", str(store)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for path in files
    ]
    return [(run.returncode, out + err) for run in runs for out, err in [run.communicate(timeout=120)]]


def test_the_same_file_imported_twice_at_once(store_copy, grants_file):
    results = _imports_at_once(store_copy, [grants_file] * 3)
    assert [code for code, _ in results] == [0, 0, 0], results
    said = sorted("already imported" in output for _, output in results)
    assert said == [False, True, True]
    assert _count(store_copy, "grants") == 500
    assert len(committed_numbers(store_copy)) == 1
    assert_agreed_and_tidy(store_copy)


def test_different_files_at_once_are_all_kept(store_copy, tmp_path):
    files = []
    for n in range(3):
        path = tmp_path / f"g{n}.csv"
        path.write_bytes(grants_csv(200, prefix=f"360G-CONC{n}"))
        files.append(path)
    results = _imports_at_once(store_copy, files)
    assert [code for code, _ in results] == [0, 0, 0], results
    assert _count(store_copy, "grants") == 600
    assert service.build(store=store_copy).report.counts["grants"] == 600
    assert_agreed_and_tidy(store_copy)


def test_readers_never_see_half_a_write(store_copy, grants_file):
    """Threads read while another process imports: each read sees all of the import or none of it."""
    reader = StoreReader(store_copy)
    seen: set[tuple[int, int]] = set()
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                seen.add(
                    reader.cursor()
                    .execute("SELECT (SELECT count(*) FROM grants), (SELECT count(*) FROM writes)")
                    .fetchone()
                )
            except BaseException as error:
                errors.append(error)
                return

    threads = [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    result = run_cli("import-360", str(grants_file), "--db", str(store_copy))
    stop.set()
    for thread in threads:
        thread.join()
    assert result.returncode == 0 and not errors
    assert seen <= {(0, 0), (500, 1)} and (0, 0) in seen
    assert reader.cursor().execute("SELECT count(*) FROM grants").fetchone()[0] == 500
