"""Every hostile input through the write service: one sentence or a clean import, never a fault, and after
every refusal the store, the journal and round 1's files byte for byte as they were."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dash.store import StoreReader
from dash.store.journal import journal_dir
from dash.write import service
from tests.hostile import corpus
from tests.hostile.corpus import REFUSED, Case
from tests.support.inputs import GOOD_POINTS, grants_csv_with_amount, write_up
from tests.support.stores import edit_cell, files_beside


def _check(outcome, case: Case, store: Path, before: dict[str, str]) -> None:
    assert outcome.reference is None, f"a fault, not a sentence: {outcome.message}"
    assert "Traceback" not in outcome.message and "\n" not in outcome.message
    assert len(outcome.message) < 600
    if case.expect == REFUSED:
        assert not outcome.ok, outcome.message
        assert case.says.lower() in (outcome.message + " ".join(outcome.details)).lower(), outcome.message
        assert files_beside(store) == before
    else:
        assert outcome.ok, outcome.message
        assert not list(store.parent.glob(".*.writing*")) and not list(store.parent.glob(".*.payload*"))
        assert not list(journal_dir(store).glob(".tmp.*")) and not list(journal_dir(store).glob("*.pending"))


@pytest.mark.parametrize("case", corpus.WRITE_UPS, ids=str)
def test_write_ups(journalled_store, case):
    before = files_beside(journalled_store)
    outcome = service.import_write_up(
        case.make(), case.filename or "notes.md", by="tester", store=journalled_store
    )
    _check(outcome, case, journalled_store, before)
    if outcome.ok and not outcome.report.already_imported:  # stored text holds no control characters
        title, points = (
            StoreReader(journalled_store)
            .cursor()
            .execute(
                "SELECT m.title, list(i.text) FROM meetings m JOIN insights i USING (meeting_id) "
                "WHERE meeting_id = ? GROUP BY m.title",
                [outcome.report.meeting_id],
            )
            .fetchone()
        )
        assert title.isprintable() and all(point.isprintable() for point in points)


@pytest.mark.parametrize(("name", "make", "title"), corpus.WRITE_UP_TITLES,
                         ids=[c[0] for c in corpus.WRITE_UP_TITLES])
def test_write_up_titles_read_as_a_reader_reads_them(journalled_store, name, make, title):
    outcome = service.import_write_up(make(), "titled.html", by="tester", store=journalled_store)
    assert outcome.ok and outcome.reference is None, outcome.message
    stored = StoreReader(journalled_store).cursor().execute(
        "SELECT title FROM meetings WHERE meeting_id = ?", [outcome.report.meeting_id]).fetchone()[0]
    assert stored == title


def test_one_write_up_saved_several_ways_is_one_meeting(journalled_store):
    outcomes = [service.import_write_up(make(), f"{name}.md", by="tester", store=journalled_store)
                for name, make in corpus.SAME_WRITE_UP]
    assert all(o.ok for o in outcomes), [o.message for o in outcomes]
    assert [o.report.already_imported for o in outcomes] == [False] + [True] * (len(outcomes) - 1)
    assert all("already imported" in o.message for o in outcomes[1:])
    count = StoreReader(journalled_store).cursor().execute(
        "SELECT count(*) FROM meetings WHERE title = 'Saved three ways'").fetchone()[0]
    assert count == 1


@pytest.mark.parametrize(
    ("name", "title", "locality", "expect", "says"),
    corpus.WRITE_UP_OPTIONS,
    ids=[c[0] for c in corpus.WRITE_UP_OPTIONS],
)
def test_write_up_options(journalled_store, name, title, locality, expect, says):
    before = files_beside(journalled_store)
    raw = write_up("Members decided the criteria together this year.", *GOOD_POINTS)
    outcome = service.import_write_up(
        raw, "notes.md", by="tester", store=journalled_store, title=title, locality=locality
    )
    _check(outcome, Case(name, lambda: raw, expect, says), journalled_store, before)
    if outcome.ok:
        stored = (
            StoreReader(journalled_store)
            .cursor()
            .execute("SELECT title FROM meetings WHERE meeting_id = ?", [outcome.report.meeting_id])
            .fetchone()[0]
        )
        assert stored.isprintable()


@pytest.mark.parametrize("case", corpus.GRANTS_CSV + corpus.GRANTS_JSON + corpus.GRANTS_XLSX, ids=str)
def test_grants_files(journalled_store, case):
    before = files_beside(journalled_store)
    raw = case.make()
    suffix = ".xlsx" if raw[:2] == b"PK" else ".json" if raw.lstrip()[:1] in (b"{", b"[") else ".csv"
    outcome = service.import_grants(
        raw, case.filename or f"grants{suffix}", by="tester", store=journalled_store
    )
    _check(outcome, case, journalled_store, before)
    if outcome.ok:
        texts = (
            StoreReader(journalled_store)
            .cursor()
            .execute("SELECT title, recipient_org_name FROM grants UNION ALL "
                     "SELECT lived_experience, geography FROM grant_dei")
            .fetchall()
        )
        assert all(value is None or value.isprintable() for row in texts for value in row)
        if "DEI" in case.name and ("markup" in case.name or "formula" in case.name):  # kept as written
            kept = StoreReader(journalled_store).cursor().execute(
                "SELECT lived_experience FROM grant_dei WHERE lived_experience IS NOT NULL").fetchall()
            assert kept and all("<script>" in row[0] or row[0].startswith("=HYPERLINK") for row in kept)


def test_too_many_rows_is_refused_naming_the_limit(journalled_store, monkeypatch):
    from dash.ingest import limits

    monkeypatch.setattr(limits, "GRANT_ROWS", 5)
    before = files_beside(journalled_store)
    from dash.devtools.big_inputs import grants_csv

    outcome = service.import_grants(grants_csv(6), "six.csv", by="tester", store=journalled_store)
    assert not outcome.ok and "more than 5 grants" in outcome.message and outcome.reference is None
    assert files_beside(journalled_store) == before


@pytest.mark.parametrize(
    ("file", "row_id", "column", "value", "says"),
    corpus.SEED_EDITS,
    ids=[f"{c[0]}:{c[2]}={c[3][:12]}" for c in corpus.SEED_EDITS],
)
def test_seed_edits(journalled_store, seed_dir_copy, file, row_id, column, value, says):
    before = files_beside(journalled_store)
    edit_cell(seed_dir_copy, file, row_id, column, value)
    outcome = service.build(store=journalled_store, seed_dir=seed_dir_copy)
    assert not outcome.ok and outcome.reference is None and "\n" not in outcome.message
    assert says in " ".join(outcome.details), outcome.details
    assert files_beside(journalled_store) == before


@pytest.mark.parametrize(("insight_id", "theme_id", "action", "by", "says"), corpus.DECISIONS,
                         ids=[f"{c[0][:12]}:{c[1][:12]}:{c[3][:8]}" for c in corpus.DECISIONS])
def test_decisions(journalled_store, insight_id, theme_id, action, by, says):
    before = files_beside(journalled_store)
    outcome = service.decide(insight_id, theme_id, action, by=by, store=journalled_store)
    assert not outcome.ok and says in outcome.message and outcome.reference is None
    assert files_beside(journalled_store) == before


@pytest.mark.parametrize(
    ("table", "record_id", "column", "value", "says"), corpus.RECORD_EDITS,
    ids=[f"{c[0][:12]}:{c[2][:16]}={c[3][:12]}" for c in corpus.RECORD_EDITS],
)
def test_record_edits(journalled_store, table, record_id, column, value, says):
    """A hostile or impossible value given to a record: one sentence naming the field, and nothing
    already stored (the store, the journal) changes."""
    before = files_beside(journalled_store)
    outcome = service.save_record(table, record_id, {column: value}, by="AB", store=journalled_store)
    assert not outcome.ok and outcome.reference is None and "\n" not in outcome.message
    assert says in outcome.message, outcome.message
    assert files_beside(journalled_store) == before


@pytest.mark.parametrize(("table", "cells", "says"), corpus.RECORD_ADDS,
                         ids=[f"{c[0]}:{next(iter(c[1].values()))[:16]}" for c in corpus.RECORD_ADDS])
def test_record_adds(journalled_store, table, cells, says):
    """A new record with an id of the person's choosing: one already taken is refused, never taken as
    an edit of the record that has it (which renamed it)."""
    before = files_beside(journalled_store)
    outcome = service.save_record(table, None, cells, by="AB", store=journalled_store, adding=True)
    assert not outcome.ok and outcome.reference is None and "\n" not in outcome.message
    assert says in outcome.message, outcome.message
    assert files_beside(journalled_store) == before


@pytest.mark.parametrize(("pattern", "role", "done", "says"), corpus.ROLE_CHANGES,
                         ids=[f"{c[0][:16]}:{c[1]}" for c in corpus.ROLE_CHANGES])
def test_role_changes(journalled_store, pattern, role, done, says):
    before = files_beside(journalled_store)
    outcome = service.set_role(pattern, role, by="AB", store=journalled_store)
    assert outcome.ok == done and outcome.reference is None and "\n" not in outcome.message
    assert says in outcome.message, outcome.message
    assert files_beside(journalled_store) == before


def test_a_write_up_imported_again_with_another_title_says_the_title_it_has(journalled_store):
    raw = write_up("A point only this write-up makes about trust.", *GOOD_POINTS)
    assert service.import_write_up(raw, "n.md", by="t", store=journalled_store, title="Original").ok
    again = service.import_write_up(raw, "n.md", by="t", store=journalled_store, title="Corrected")
    assert again.ok and "already imported as 'Original'" in again.message
    assert "the title 'Corrected' was not used" in again.message


@pytest.mark.parametrize(("case", "name", "signed"), corpus.SIGNERS, ids=[c[0] for c in corpus.SIGNERS])
def test_signers(journalled_store, capsys, case, name, signed):
    """A name is signed as one printable line; `history` prints one line for each change."""
    from dash.cli import main

    before = files_beside(journalled_store)
    outcome = service.decide("ins-jf-07", "time", "reject", by=name, store=journalled_store)
    if signed is None:
        assert not outcome.ok and "Say who" in outcome.message
        assert files_beside(journalled_store) == before
        return
    assert outcome.ok and "\n" not in outcome.message, outcome.message
    written_by = StoreReader(journalled_store).cursor().execute(
        "SELECT written_by FROM writes ORDER BY entry DESC LIMIT 1").fetchone()[0]
    assert written_by == signed and written_by.isprintable()
    assert main(["history", "--db", str(journalled_store)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and lines[-1].strip().startswith("4 ") and signed in lines[-1]  # oldest first


def test_a_write_to_a_store_not_built_yet_says_how(tmp_path):
    outcome = service.import_write_up(
        write_up(*GOOD_POINTS), "n.md", by="t", store=tmp_path / "x.duckdb"
    )
    assert not outcome.ok and "python -m dash build" in outcome.message and outcome.reference is None
    assert list(tmp_path.iterdir()) == []  # no journal folder, no lock file, no payload


def test_shared_store_is_refused_in_a_sentence():
    outcome = service.decide("ins-jf-07", "time", "accept", by="AB", store="md:trustees")
    assert not outcome.ok and "writer that publishes it" in outcome.message


def test_a_fault_gives_a_reference_not_a_traceback(store_copy, monkeypatch, caplog):
    from dash.write import grants

    monkeypatch.setattr(grants, "check_grants", lambda rows: 1 / 0)
    before = files_beside(store_copy)
    outcome = service.import_grants(grants_csv_with_amount("5"), "g.csv", by="t", store=store_copy)
    assert not outcome.ok and outcome.reference and outcome.reference in outcome.message
    assert "ZeroDivisionError" not in outcome.message and "Traceback" not in outcome.message
    assert outcome.reference in caplog.text and "ZeroDivisionError" in caplog.text  # logged on the server
    assert files_beside(store_copy) == before


def test_corpus_is_large_enough():
    cases = (
        len(corpus.WRITE_UPS)
        + len(corpus.WRITE_UP_OPTIONS)
        + len(corpus.GRANTS_CSV)
        + len(corpus.GRANTS_JSON)
        + len(corpus.GRANTS_XLSX)
        + len(corpus.SEED_EDITS)
        + len(corpus.RECORD_EDITS)
        + len(corpus.DECISIONS)
    )
    assert cases >= 80, cases


def test_copy_helper_is_private(tmp_path):
    """files_beside sees a leftover scratch copy, so the refusal checks above would catch one."""
    store = tmp_path / "dash.duckdb"
    store.write_bytes(b"x")
    shutil.copyfile(store, tmp_path / ".dash.duckdb.1.writing")
    assert ".dash.duckdb.1.writing" in files_beside(store)
