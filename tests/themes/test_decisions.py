"""A person's decisions survive re-coding and rebuilds; bad ones change nothing."""

from __future__ import annotations

import json

import pytest

from dash.store import StoreReader
from dash.store.journal import journal_dir, read_entries
from dash.themes.decisions import legacy_log_path
from dash.write import service
from dash.write.build import build_store
from tests.support.stores import table_snapshot


def record_decision(store, insight_id, theme_id, action, by):
    outcome = service.decide(insight_id, theme_id, action, by=by, store=store)
    assert outcome.ok, outcome.message
    return outcome


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
    record_decision(store_copy, "ins-jf-07", "time", "accept", "AB")
    record_decision(store_copy, "ins-pph-03", "sharing-power", "reject", "AB")
    record_decision(store_copy, "ins-pgm-04", "learning", "add", "CD")
    assert _status(store_copy, "ins-jf-07", "time")[0] == "accepted"
    entries, damaged = read_entries(store_copy)
    assert [e.kind for e in entries] == ["decision"] * 3 and not damaged
    assert [e.written_by for e in entries] == ["AB", "AB", "CD"]

    report = build_store(store_copy)
    assert report.decisions_replayed == 3
    status, method, by = _status(store_copy, "ins-jf-07", "time")
    assert (status, by) == ("accepted", "AB") and method.startswith("rules@")  # who suggested it stays
    assert _status(store_copy, "ins-pph-03", "sharing-power")[0] == "rejected"
    assert _status(store_copy, "ins-pgm-04", "learning") == ("accepted", "person", "CD")


def test_a_reviewer_s_latest_decision_replaces_their_own(store_copy):
    record_decision(store_copy, "ins-jf-07", "time", "accept", "AB")
    record_decision(store_copy, "ins-jf-07", "time", "reject", "AB")
    build_store(store_copy)
    assert _status(store_copy, "ins-jf-07", "time")[:3:2] == ("rejected", "AB")


def test_two_reviewers_who_disagree_leave_it_disputed_until_someone_settles_it(store_copy):
    record_decision(store_copy, "ins-jf-07", "time", "accept", "AB")
    record_decision(store_copy, "ins-jf-07", "time", "reject", "CD")
    assert _status(store_copy, "ins-jf-07", "time")[:3:2] == ("disputed", "AB accepted; CD rejected")
    cursor = StoreReader(store_copy).cursor()
    # counted as not yet settled, with the suggestions: never dropped from the charts
    assert cursor.execute("SELECT status FROM theme_codes WHERE insight_id = 'ins-jf-07' "
                          "AND theme_id = 'time'").fetchone() == ("suggested",)
    assert service.decide("ins-jf-07", "time", "reject", by="EF", store=store_copy, settles=True).ok
    record_decision(store_copy, "ins-jf-07", "time", "accept", "GH")  # a vote after it does not unsettle it
    build_store(store_copy)  # and all of it survives a rebuild
    assert _status(store_copy, "ins-jf-07", "time")[:3:2] == ("rejected", "EF")
    votes = StoreReader(store_copy).cursor().execute(
        "SELECT reviewer, settles, says_yes FROM theme_reviews ORDER BY sequence").fetchall()
    assert votes == [("AB", False, True), ("CD", False, False), ("EF", True, False), ("GH", False, True)]


@pytest.mark.parametrize(("decision", "message"), [
    (("ins-nope", "time", "accept", "AB"), "key point or theme is no longer in the store"),
    (("ins-jf-07", "no-theme", "accept", "AB"), "key point or theme is no longer in the store"),
    (("ins-jf-07", "time", "accept", "  "), "Say who is making this change"),
    (("ins-jf-07", "time", "approve", "AB"), "not a decision"),
    (("ins-jf-07'; DROP TABLE insights; --", "time", "accept", "AB"), "not an id"),
])
def test_bad_decision_changes_nothing(store_copy, decision, message):
    before = table_snapshot(store_copy)
    insight_id, theme_id, action, by = decision
    outcome = service.decide(insight_id, theme_id, action, by=by, store=store_copy)
    assert not outcome.ok and message in outcome.message and "\n" not in outcome.message
    assert table_snapshot(store_copy) == before
    assert not journal_dir(store_copy).exists() or not list(journal_dir(store_copy).glob("*.json*"))


def test_round_one_log_is_replayed_and_its_unreadable_lines_named(store_copy):
    good = {"insight_id": "ins-jf-07", "theme_id": "time", "action": "accept", "decided_by": "AB",
            "decided_at": "2026-01-05T10:00:00"}
    legacy_log_path(store_copy).write_bytes(
        (json.dumps(good) + "\n{not json\n" + json.dumps({**good, "decided_at": "yesterday"}) + "\n").encode()
        + b"\xff\xfe\n" + json.dumps({**good, "insight_id": ["a"]}).encode())
    report = build_store(store_copy)
    assert report.decisions_replayed == 1 and len(report.unreadable) == 4
    assert [u.split(": ")[0] for u in report.unreadable] == [
        f"{store_copy.stem}.decisions.jsonl, line {n}" for n in (2, 3, 4, 5)]
    assert _status(store_copy, "ins-jf-07", "time")[0] == "accepted"


def test_a_decision_outlives_a_codebook_that_no_longer_suggests_it(store_copy, monkeypatch, tmp_path):
    record_decision(store_copy, "ins-jf-07", "time", "accept", "AB")
    from dash.themes import codebook as codebook_module
    from dash.write import build as build_module

    changed = tmp_path / "codebook.csv"
    changed.write_text(codebook_module.CODEBOOK.read_text().replace(
        "takes time;take time;needs time;long term;quick fixes;slow;twelve months", "slow"
    ))
    monkeypatch.setattr(build_module, "load_codebook", lambda: codebook_module.load_codebook(changed))
    from dash.themes import semantic
    monkeypatch.setattr(semantic, "packaged_model", lambda: None)  # nor does meaning
    build_store(store_copy)
    assert _status(store_copy, "ins-jf-07", "time") == ("accepted", "person", "AB")
