"""Reading while writing: readers see whole snapshots, failed writes change nothing."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from dash.store import StoreBusy, StoreReader, write_snapshot
from dash.store.snapshot import writer_lock


def _fund_count(reader: StoreReader) -> int:
    return reader.cursor().execute("SELECT count(*) FROM funds").fetchone()[0]


def _add_fund(connection, fund_id: str) -> None:
    connection.execute(
        "INSERT INTO funds (fund_id, name, fund_kind, amount_gbp, source_id) "
        "VALUES (?, 'Test fund', 'fund', 1000, 'src-abw-participatory')", [fund_id],
    )


def test_open_reader_sees_a_write_once_it_is_complete(store_copy):
    reader = StoreReader(store_copy)
    assert _fund_count(reader) == 5
    with write_snapshot(store_copy) as connection:
        _add_fund(connection, "fund-new")
        assert _fund_count(reader) == 5  # not yet renamed into place
    assert _fund_count(reader) == 6


def test_a_cursor_mid_read_keeps_its_snapshot(store_copy):
    reader = StoreReader(store_copy)
    old_cursor = reader.cursor()
    with write_snapshot(store_copy) as connection:
        _add_fund(connection, "fund-new")
    assert old_cursor.execute("SELECT count(*) FROM funds").fetchone()[0] == 5
    assert _fund_count(reader) == 6


def test_failed_write_changes_nothing(store_copy):
    reader = StoreReader(store_copy)
    with pytest.raises(ValueError), write_snapshot(store_copy) as connection:
        _add_fund(connection, "fund-half-written")
        raise ValueError("the import found a bad row")
    assert _fund_count(reader) == 5
    assert not list(store_copy.parent.glob(".*.writing*"))


def test_each_thread_reads_through_its_own_cursor(store_copy):
    reader = StoreReader(store_copy)
    cursors, counts = [], []

    def work():
        cursor = reader.cursor()
        cursors.append(cursor)
        counts.append(cursor.execute("SELECT count(*) FROM insights").fetchone()[0])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counts == [64] * 4
    assert len({id(c) for c in cursors}) == 4


def test_second_writer_waits_its_turn(store_copy):
    order = []
    first_holds_lock = threading.Event()

    def first():
        with write_snapshot(store_copy) as connection:
            first_holds_lock.set()
            _add_fund(connection, "fund-first")
            order.append("first")

    thread = threading.Thread(target=first)
    thread.start()
    first_holds_lock.wait()
    with write_snapshot(store_copy, wait_seconds=30) as connection:
        order.append("second")
        _add_fund(connection, "fund-second")
    thread.join()
    assert order == ["first", "second"]
    assert _fund_count(StoreReader(store_copy)) == 7  # neither write lost


def test_writer_is_told_to_try_again_when_the_store_stays_busy(store_copy):
    with (
        writer_lock(store_copy),
        pytest.raises(StoreBusy, match="try again in a minute"),
        write_snapshot(store_copy, wait_seconds=0.2),
    ):
        pass


def test_write_from_another_process_while_the_app_reads(store_copy):
    """`python -m dash build` must work while the app holds the store open."""
    reader = StoreReader(store_copy)
    assert _fund_count(reader) == 5
    with write_snapshot(store_copy) as connection:
        _add_fund(connection, "fund-extra")
    assert _fund_count(reader) == 6
    result = subprocess.run(
        [sys.executable, "-m", "dash", "build", "--db", str(store_copy)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _fund_count(reader) == 5  # the rebuild replaced the snapshot the app reads


READER_LOOP = """
import json, sys, time
from dash.store import StoreReader
reader = StoreReader(sys.argv[1])
seen, errors, deadline = set(), [], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        seen.add(reader.cursor().execute("SELECT count(*) FROM funds").fetchone()[0])
    except Exception as error:  # any failure to read a whole snapshot is what this test looks for
        errors.append(repr(error))
    time.sleep(0.01)
print(json.dumps({"seen": sorted(seen), "errors": errors}))
"""


def test_several_reader_processes_while_builds_swap_the_file(store_copy):
    """Replicas read one store read-only while a writer swaps in new snapshots: no reader ever fails."""
    import json

    readers = [
        subprocess.Popen([sys.executable, "-c", READER_LOOP, str(store_copy), "4"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for round_number in range(4):
        with write_snapshot(store_copy) as connection:
            _add_fund(connection, f"fund-round-{round_number}")
    results = [json.loads(reader.communicate(timeout=60)[0]) for reader in readers]
    for result in results:
        assert result["errors"] == []
        assert set(result["seen"]) <= {5, 6, 7, 8, 9}
    assert max(max(r["seen"]) for r in results) == 9  # the readers saw the newest snapshot


def test_a_write_that_finds_nothing_to_change_says_so_as_its_result(store_copy):
    """``write_change`` returns what happened: nothing stored nor journalled when the change ends
    with ``NothingToWrite``, and what the change returned when it wrote."""
    from dash.store import NothingToWrite, write_change
    from dash.store.journal import NewEntry, journal_dir
    from tests.support.stores import table_snapshot

    before = table_snapshot(store_copy)

    def nothing(connection):
        _add_fund(connection, "fund-not-kept")
        raise NothingToWrite

    entry = NewEntry("role", written_by="AB", summary="nothing", data={"pattern": "a@b.org", "role": None})
    assert not write_change(store_copy, nothing, entry=entry).changed
    assert table_snapshot(store_copy) == before
    assert not list(journal_dir(store_copy).glob("*.json*"))  # the entry went with the change

    def one_fund(connection):
        _add_fund(connection, "fund-kept")
        return "fund-kept"

    written = write_change(store_copy, one_fund)
    assert written.changed and written.value == "fund-kept"
    assert _fund_count(StoreReader(store_copy)) == 6


def test_write_snapshot_passes_nothing_to_write_on(store_copy):
    from dash.store import NothingToWrite

    with pytest.raises(NothingToWrite), write_snapshot(store_copy) as connection:
        _add_fund(connection, "fund-not-kept")
        raise NothingToWrite
    assert _fund_count(StoreReader(store_copy)) == 5
