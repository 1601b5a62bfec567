"""The journal is never silently lossy: a damaged entry is named by build and check and skipped, every
other entry is replayed, and a write after a damaged entry is a file of its own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dash.cli import main
from dash.store import StoreReader
from dash.store.journal import journal_dir
from dash.write import service
from tests.support.inputs import GOOD_POINTS, grants_csv_with_amount, write_up
from tests.support.stores import copy_with_journal


@pytest.fixture(scope="module")
def three_writes_template(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed store after three writes (grants, a write-up, a decision), made once for the module."""
    store = tmp_path_factory.mktemp("three-writes") / "dash.duckdb"
    shutil.copyfile(seed_store, store)
    assert service.import_grants(grants_csv_with_amount("700"), "a.csv", by="A", store=store).ok
    assert service.import_write_up(write_up(*GOOD_POINTS), "b.md", by="B", store=store).ok
    assert service.decide("ins-jf-07", "time", "accept", by="C", store=store).ok
    return store


@pytest.fixture
def three_writes(three_writes_template: Path, tmp_path: Path) -> Path:
    """A private copy of that store and its journal, which the test may damage."""
    return copy_with_journal(three_writes_template, tmp_path)


def _entry(store: Path, kind: str) -> Path:
    return next(journal_dir(store).glob(f"*.{kind}.json"))


def _body(path: Path) -> dict:
    return json.loads(path.read_text())


DAMAGE = {
    "cut short": lambda path: path.write_bytes(path.read_bytes()[:-7]),
    "invalid UTF-8": lambda path: path.write_bytes(path.read_bytes().replace(b'"C"', b'"\xff\xfe"')),
    "a list where text belongs": lambda path: path.write_text(
        json.dumps({**_body(path), "written_by": ["C"]})
    ),
    "a bad timestamp": lambda path: path.write_text(json.dumps({**_body(path), "written_at": "yesterday"})),
    "a bad decision time": lambda path: path.write_text(
        json.dumps({**_body(path), "data": {**_body(path)["data"], "decided_at": "31/02/2022"}})
    ),
    "an unknown action": lambda path: path.write_text(
        json.dumps({**_body(path), "data": {**_body(path)["data"], "action": "approve"}})
    ),
    "nested 10,000 deep": lambda path: path.write_bytes(b"[" * 10_000 + b"]" * 10_000),
    "empty": lambda path: path.write_bytes(b""),
    "a number that is not its name": lambda path: path.write_text(json.dumps({**_body(path), "entry": 99})),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=str)
def test_a_damaged_decision_is_named_and_the_rest_replayed(three_writes, damage, capsys):
    path = _entry(three_writes, "decision")
    DAMAGE[damage](path)
    damaged = path.read_bytes()
    built = service.build(store=three_writes)
    assert built.ok and "could not be read and was skipped" in built.message
    assert len(built.report.unreadable) == 1 and built.report.unreadable[0].startswith(path.name)
    assert built.report.counts["grants"] == 1 and built.report.counts["meetings"] == 13  # the others
    assert path.read_bytes() == damaged  # kept for a person to look at
    assert main(["check", "--db", str(three_writes)]) == 1
    assert f"journal entry not replayed: {path.name}" in capsys.readouterr().out


def test_a_write_after_a_damaged_entry_is_kept_apart(three_writes):
    path = _entry(three_writes, "decision")
    path.write_bytes(path.read_bytes()[:-3])  # a truncated last entry
    assert service.decide("ins-jf-07", "time", "reject", by="D", store=three_writes).ok
    built = service.build(store=three_writes)
    assert len(built.report.unreadable) == 1
    status, by = (
        StoreReader(three_writes)
        .cursor()
        .execute(
            "SELECT status, decided_by FROM insight_themes "
            "WHERE insight_id = 'ins-jf-07' AND theme_id = 'time'"
        )
        .fetchone()
    )
    assert (status, by) == ("rejected", "D")  # never merged with, nor lost behind, the damaged line


@pytest.mark.parametrize("damage", ["payload missing", "payload cut short", "payload not Parquet"])
def test_a_damaged_grants_payload_is_named_and_skipped(three_writes, damage):
    payload = next(journal_dir(three_writes).glob("*.grants.parquet"))
    if damage == "payload missing":
        payload.unlink()
    elif damage == "payload cut short":
        payload.write_bytes(payload.read_bytes()[:200])
    else:
        payload.write_bytes(b"not parquet at all")
    built = service.build(store=three_writes)
    assert built.ok and len(built.report.unreadable) == 1 and payload.name in built.report.unreadable[0]
    assert built.report.counts["grants"] == 0 and built.report.counts["meetings"] == 13


def test_if_needed_reports_damage_rather_than_saying_all_is_well(three_writes):
    assert service.build(store=three_writes).ok  # the store now has the fingerprint of today's inputs
    path = _entry(three_writes, "write-up")
    path.write_bytes(b"{")
    outcome = service.build(store=three_writes, if_needed=True)
    assert outcome.ok and "could not be read and was skipped" in outcome.message
    assert len(outcome.details) == 1 and outcome.details[0].startswith(path.name)


def test_a_store_behind_its_journal_is_rebuilt_by_if_needed(three_writes, tmp_path):
    old = tmp_path / "old.duckdb"
    old.write_bytes(three_writes.read_bytes())
    assert service.decide("ins-pph-03", "sharing-power", "reject", by="E", store=three_writes).ok
    three_writes.write_bytes(old.read_bytes())  # the store put back from a backup older than the journal
    outcome = service.build(store=three_writes, if_needed=True)
    assert outcome.ok and outcome.message.startswith("Built")
    status = (
        StoreReader(three_writes)
        .cursor()
        .execute(
            "SELECT status FROM insight_themes WHERE insight_id = 'ins-pph-03' AND theme_id = 'sharing-power'"
        )
        .fetchone()[0]
    )
    assert status == "rejected"


def test_every_write_is_in_the_writes_table_with_who_and_what(three_writes):
    rows = (
        StoreReader(three_writes)
        .cursor()
        .execute("SELECT entry, kind, written_by, summary FROM writes ORDER BY entry")
        .fetchall()
    )
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (1, "grants", "A"),
        (2, "write-up", "B"),
        (3, "decision", "C"),
    ]
    assert rows[0][3] == "Imported 1 grant from a.csv"
    service.build(store=three_writes)
    assert StoreReader(three_writes).cursor().execute("SELECT count(*) FROM writes").fetchone()[0] == 3


def test_round_one_imports_are_replayed_and_bad_ones_named(store_copy):
    folder = store_copy.with_name(f"{store_copy.stem}.imports")
    (folder / "notes").mkdir(parents=True)
    (folder / "grants").mkdir()
    note = {
        "meeting_id": "mtg-import-old",
        "source_id": "src-import-old",
        "filename": "old.md",
        "title": "Old",
        "held_on": "2023-03-09",
        "locality_id": "E06000023",
        "key_points": ["Trust takes time to build."],
        "imported_at": "2024-01-01T00:00:00+00:00",
    }
    (folder / "notes" / "mtg-import-old.json").write_text(json.dumps(note))
    (folder / "notes" / "cut.json").write_text(json.dumps(note)[:40])
    grant = {
        "grant_id": "360G-OLD-1",
        "title": "T",
        "description": None,
        "currency": "GBP",
        "amount_awarded": "5000",
        "award_date": "2020-01-01",
        "planned_start": None,
        "planned_end": None,
        "recipient_org_id": "GB-CHC-1",
        "recipient_org_name": "R",
        "funding_org_id": "GB-CHC-2",
        "funding_org_name": "F",
        "grant_programme_title": None,
        "beneficiary_location_code": "E06000023",
        "beneficiary_location_name": "Bristol",
        "extra": {},
    }
    record = {"source_id": "src-360-old", "filename": "old.csv", "funders": "F", "grants": [grant]}
    (folder / "grants" / "good.json").write_text(json.dumps(record))
    bad = {
        **record,
        "source_id": "src-360-bad",
        "grants": [{**grant, "grant_id": "X", "amount_awarded": "abc"}],
    }
    (folder / "grants" / "bad.json").write_text(json.dumps(bad))
    built = service.build(store=store_copy)
    assert built.ok and built.report.counts["grants"] == 1 and built.report.counts["meetings"] == 13
    assert sorted(u.split(" in ")[0] for u in built.report.unreadable) == ["bad.json", "cut.json"]
