"""A person's decisions survive re-coding and rebuilds; bad ones change nothing."""

from __future__ import annotations

import pytest

from dash.store import StoreReader
from dash.store.build import build_store
from dash.themes.decisions import Decision, DecisionError, log_path, read_decisions, record_decision
from tests.conftest import table_snapshot


def _status(store, insight_id, theme_id):
    row = StoreReader(store).cursor().execute(
        "SELECT status, method, decided_by FROM insight_themes WHERE insight_id = ? AND theme_id = ?",
        [insight_id, theme_id],
    ).fetchone()
    return row


def test_build_codes_key_points_with_suggestions_and_evidence(seed_store):
    cursor = StoreReader(seed_store).cursor()
    status, method, evidence = cursor.execute(
        "SELECT status, method, evidence FROM insight_themes"
        " WHERE insight_id = 'ins-jf-07' AND theme_id = 'time'"
    ).fetchone()
    assert status == "suggested" and method.startswith("rules@") and "takes time" in evidence
    versions = cursor.execute("SELECT DISTINCT codebook_version FROM themes").fetchall()
    assert len(versions) == 1


def test_decisions_are_kept_through_a_rebuild(store_copy):
    record_decision(store_copy, Decision.now("ins-jf-07", "time", "accept", "AB"))
    record_decision(store_copy, Decision.now("ins-pph-03", "sharing-power", "reject", "AB"))
    record_decision(store_copy, Decision.now("ins-pgm-04", "sharing-power", "add", "CD"))
    assert _status(store_copy, "ins-jf-07", "time")[0] == "accepted"
    assert len(read_decisions(log_path(store_copy))[0]) == 3

    report = build_store(store_copy)
    assert report.decisions_replayed == 3
    status, method, by = _status(store_copy, "ins-jf-07", "time")
    assert (status, by) == ("accepted", "AB") and method.startswith("rules@")  # who suggested it stays
    assert _status(store_copy, "ins-pph-03", "sharing-power")[0] == "rejected"
    assert _status(store_copy, "ins-pgm-04", "sharing-power") == ("accepted", "person", "CD")


def test_latest_decision_wins(store_copy):
    record_decision(store_copy, Decision.now("ins-jf-07", "time", "accept", "AB"))
    record_decision(store_copy, Decision.now("ins-jf-07", "time", "reject", "CD"))
    build_store(store_copy)
    assert _status(store_copy, "ins-jf-07", "time")[:3:2] == ("rejected", "CD")


@pytest.mark.parametrize(("decision", "message"), [
    (Decision.now("ins-nope", "time", "accept", "AB"), "no key point"),
    (Decision.now("ins-jf-07", "no-theme", "accept", "AB"), "no key point"),
    (Decision.now("ins-jf-07", "time", "accept", "  "), "Say who is deciding"),
    (Decision.now("ins-jf-07", "time", "approve", "AB"), "not a decision"),
])
def test_bad_decision_changes_nothing(store_copy, decision, message):
    before = table_snapshot(store_copy)
    with pytest.raises(DecisionError, match=message):
        record_decision(store_copy, decision)
    assert table_snapshot(store_copy) == before
    assert not log_path(store_copy).exists()


def test_unreadable_log_lines_are_skipped_and_counted(store_copy):
    record_decision(store_copy, Decision.now("ins-jf-07", "time", "accept", "AB"))
    with log_path(store_copy).open("a") as log:
        log.write("{not json\n")
    report = build_store(store_copy)
    assert (report.decisions_replayed, report.decisions_unreadable) == (1, 1)


def test_a_decision_outlives_a_codebook_that_no_longer_suggests_it(store_copy, monkeypatch, tmp_path):
    record_decision(store_copy, Decision.now("ins-jf-07", "time", "accept", "AB"))
    from dash.store import build as build_module
    from dash.themes import codebook as codebook_module

    changed = tmp_path / "codebook.csv"
    changed.write_text(codebook_module.CODEBOOK.read_text().replace(
        "takes time;take time;needs time;long term;quick fixes;slow;twelve months", "slow"
    ))
    monkeypatch.setattr(build_module, "load_codebook", lambda: codebook_module.load_codebook(changed))
    build_store(store_copy)
    assert _status(store_copy, "ins-jf-07", "time") == ("accepted", "person", "AB")
