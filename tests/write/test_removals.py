"""Taking an import back out, and bringing it back with the decisions made on it."""

from __future__ import annotations

from dash.cli import main
from dash.store import StoreReader
from dash.write import service
from tests.support.inputs import GRANT_FILES
from tests.support.stores import assert_agreed_and_tidy, table_snapshot

NOTES = b"# Food panel\n\n- Paying members at Living Wage rates kept people coming.\n- Trust takes time.\n"


def _count(store, sql, *params):
    return StoreReader(store).cursor().execute(sql, list(params)).fetchone()[0]


def test_a_removed_write_up_goes_and_comes_back_with_its_decisions(store_copy):
    before = table_snapshot(store_copy)
    imported = service.import_write_up(NOTES, "food.md", by="AB", store=store_copy)
    meeting = imported.report.meeting_id
    insight = f"{meeting}-01"
    assert service.decide(insight, "pay-training", "accept", by="AB", store=store_copy).ok
    removed = service.remove_import("write-up", meeting, by="AB", store=store_copy)
    assert removed.ok and "its meeting and 2 key points" in removed.message
    after = table_snapshot(store_copy)
    for table in ("meetings", "insights", "insight_themes", "sources", "mentions"):
        assert sorted(map(repr, after[table])) == sorted(map(repr, before[table])), table
    assert service.build(store=store_copy).ok  # a rebuild replays the import, then its removal
    assert _count(store_copy, "SELECT count(*) FROM meetings WHERE meeting_id = ?", meeting) == 0
    again = service.import_write_up(NOTES, "food.md", by="AB", store=store_copy)
    assert again.ok and again.report.meeting_id == meeting
    status = "SELECT status FROM insight_themes WHERE insight_id = ? AND theme_id = 'pay-training'"
    assert _count(store_copy, status, insight) == "accepted"  # the decision is back at once
    assert service.build(store=store_copy).ok
    assert _count(store_copy, status, insight) == "accepted"
    assert_agreed_and_tidy(store_copy)


def test_a_removed_grants_file_takes_its_grants_and_a_seed_meeting_cannot_be_removed(store_copy):
    raw = (GRANT_FILES / "ExampleTrust-grants-fixed.csv").read_bytes()
    assert service.import_grants(raw, "example.csv", by="AB", store=store_copy).ok
    source = StoreReader(store_copy).cursor().execute("SELECT DISTINCT source_id FROM grants").fetchone()[0]
    removed = service.remove_import("grants", source, by="AB", store=store_copy)
    assert removed.ok and "10 grants" in removed.message
    assert _count(store_copy, "SELECT count(*) FROM grants") == 0
    assert service.import_grants(raw, "example.csv", by="AB", store=store_copy).ok  # not "already imported"
    assert _count(store_copy, "SELECT count(*) FROM grants") == 10
    refused = service.remove_import("write-up", "mtg-joining-forces", by="AB", store=store_copy)
    assert not refused.ok and "retired, not removed" in refused.message


def test_imports_on_the_command_line(store_copy, capsys):
    meeting = service.import_write_up(NOTES, "food.md", by="AB", store=store_copy).report.meeting_id
    assert main(["imports", "--db", str(store_copy)]) == 0
    out = capsys.readouterr().out
    assert meeting in out and "Food panel: 2 key points, by AB" in out
    assert main(["imports", "remove", "write-up", meeting, "--db", str(store_copy)]) == 0
    assert main(["imports", "remove", "write-up", meeting, "--db", str(store_copy)]) == 2
    assert "no longer in the store as an import" in capsys.readouterr().err
