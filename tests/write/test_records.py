"""Editors' changes to records: checked by the build's rules, signed, undoable, kept by rebuilds,
and written back out as the seed's spreadsheets without losing anything."""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from dash import catalogue
from dash.cli import main
from dash.export.records import export_records
from dash.filters import Filters
from dash.queries import funds, summary
from dash.store import StoreReader
from dash.write import records, service
from tests.support.cli import run_cli
from tests.support.stores import assert_agreed_and_tidy, table_snapshot

QUARTET = "fund-quartet-health-wellbeing"


def _cursor(store):
    return StoreReader(store).cursor()


def _fund(store, fund_id=QUARTET):
    return records.current_cells(_cursor(store), "funds", fund_id)


@pytest.mark.parametrize(("table", "record_id", "cells", "field", "says"), [
    ("funds", QUARTET, {"amount_gbp": "-5"}, "amount_gbp", "is negative"),
    ("funds", QUARTET, {"amount_gbp": "lots"}, "amount_gbp", "is not an amount in pounds"),
    ("funds", QUARTET, {"participatory_gbp": "2000000"}, "participatory_gbp",
     "£2,000,000 is more than the fund's size of £1,300,000"),
    ("funds", QUARTET, {"budget_share": "140%"}, "budget_share", "outside 0–100%"),
    ("funds", QUARTET, {"locality_id": "E99999999"}, "locality_id", "'E99999999' is not a known place"),
    ("funds", QUARTET, {"source_id": ""}, "source_id", "is empty but required"),
    ("funds", QUARTET, {"reported_on": "31/02/2022"}, "reported_on", "is not a date"),
    ("funds", QUARTET, {"colour": "red"}, None, "a fund has no field colour"),
    ("panels", "panel-quartet-health-wellbeing", {"lived_experience_share": "1.5"},
     "lived_experience_share", "outside 0–100%"),
    ("panels", "panel-quartet-health-wellbeing", {"members": "0"}, "members", ""),
    ("panels", "panel-quartet-health-wellbeing", {"fund_id": "fund-nope"}, "fund_id", "is not a known fund"),
    ("meetings", "mtg-participatory-grant-making", {"held_on": "2022-13-01"}, "held_on", "is not a date"),
])
def test_every_rule_of_the_build_refuses_a_change_at_its_field(store_copy, table, record_id, cells, field,
                                                                 says):
    cursor = _cursor(store_copy)
    if records.current_cells(cursor, table, record_id) is None:
        record_id = cursor.execute(f"SELECT {records.spec_of(table).key} FROM {table} LIMIT 1").fetchone()[0]
    before = table_snapshot(store_copy)
    with pytest.raises(records.RecordRefused) as refused:
        records.checked_cells(cursor, table, record_id, cells, adding=False)
    problem = refused.value.problems[0]
    assert problem.column == field and says in problem.message
    outcome = service.save_record(table, record_id, cells, by="AB", store=store_copy)
    assert not outcome.ok and outcome.message.endswith("Nothing was changed.")
    assert table_snapshot(store_copy) == before


def test_an_edit_is_signed_counted_and_undone(store_copy):
    outcome = service.save_record("funds", QUARTET, {"amount_gbp": "£1,400,000"}, by="Ann Bee",
                                  store=store_copy)
    assert outcome.ok and outcome.report.entry == 1 and outcome.report.changed == {
        "amount_gbp": ("1300000", "1400000")}
    assert "signed Ann Bee" in outcome.message
    assert summary.headline(_cursor(store_copy), Filters()).money_gbp == 2_474_000
    who = _cursor(store_copy).execute("SELECT written_by, kind FROM writes").fetchall()
    assert who == [("Ann Bee", "record")]
    again = service.save_record("funds", QUARTET, {"amount_gbp": "1400000"}, by="Ann Bee", store=store_copy)
    assert again.ok and "nothing changed" in again.message and again.report.entry is None
    undone = service.undo(1, by="Cy Dee", store=store_copy)
    assert undone.ok and "undoing change 1" in undone.message
    assert _fund(store_copy)["amount_gbp"] == "1300000"
    assert not service.undo(1, by="Cy Dee", store=store_copy).ok  # already undone
    assert service.undo(2, by="Cy Dee", store=store_copy).ok  # the undo itself can be undone
    assert _fund(store_copy)["amount_gbp"] == "1400000"


def test_an_undo_is_refused_when_the_record_changed_since(store_copy):
    service.save_record("funds", QUARTET, {"amount_gbp": "1400000"}, by="AB", store=store_copy)
    service.save_record("funds", QUARTET, {"notes": "Checked with the funder"}, by="AB", store=store_copy)
    refused = service.undo(1, by="AB", store=store_copy)
    assert not refused.ok and "changed again after change 1 (change 2): undo that first" in refused.message


def test_adding_then_undoing_removes_what_nothing_points_at(store_copy):
    added = service.save_record("funds", None, {
        "name": "Bristol City Funds", "fund_kind": "grant budget", "amount_gbp": "250000",
        "locality_id": "E06000023", "source_id": "src-abw-participatory"}, by="AB", store=store_copy)
    assert added.ok and added.report.record_id == "fund-bristol-city-funds"
    assert "Bristol City Funds" in set(funds.funds(_cursor(store_copy), Filters(("E06000023",)))["name"])
    panel = service.save_record("panels", None, {
        "name": "City Funds panel", "fund_id": "fund-bristol-city-funds",
        "source_id": "src-abw-participatory",
    }, by="AB", store=store_copy)
    assert panel.ok
    undone = service.undo(added.report.entry, by="AB", store=store_copy)
    assert undone.ok and "Retired" in undone.message  # a panel points at it: retired, not removed
    assert _fund(store_copy, "fund-bristol-city-funds") is not None
    assert "Bristol City Funds" not in set(funds.funds(_cursor(store_copy), Filters())["name"])


def test_a_retired_fund_leaves_every_count_and_comes_back(store_copy):
    before = summary.headline(_cursor(store_copy), Filters())
    retired = service.retire_record("funds", QUARTET, by="AB", store=store_copy)
    assert retired.ok
    after = summary.headline(_cursor(store_copy), Filters())
    assert (after.funds, after.money_gbp) == (before.funds - 1, before.money_gbp - 1_300_000)
    assert not service.save_record("panels", "panel-quartet-health-wellbeing", {"fund_id": "fund-nope"},
                                   by="AB", store=store_copy).ok
    assert service.retire_record("funds", QUARTET, by="AB", store=store_copy, back=True).ok
    assert summary.headline(_cursor(store_copy), Filters()).funds == before.funds


def test_a_viewer_cannot_change_a_record(store_copy):
    from dash.write.access import Person

    viewer = Person.signed_in("vi@example.org", "Vi Ewer")
    outcome = service.save_record("funds", QUARTET, {"amount_gbp": "1"}, by=viewer, store=store_copy)
    assert not outcome.ok and _fund(store_copy)["amount_gbp"] == "1300000"


def test_stored_text_is_kept_as_its_characters(store_copy):
    hostile = "[Click](https://evil.example) <script>alert(1)</script> =HYPERLINK(\"x\")"
    assert service.save_record("funds", QUARTET, {"notes": hostile}, by="AB", store=store_copy).ok
    assert _fund(store_copy)["notes"] == hostile


def test_a_rebuild_keeps_every_change_and_skips_one_the_seed_no_longer_fits(store_copy, seed_dir_copy):
    service.save_record("funds", QUARTET, {"amount_gbp": "1400000"}, by="AB", store=store_copy)
    service.retire_record("panels", "panel-bd-steering-group", by="AB", store=store_copy)
    service.save_record("funds", "fund-bd-endowment", {"notes": "Confirmed"}, by="AB", store=store_copy)
    assert service.build(store=store_copy).ok
    assert _fund(store_copy)["amount_gbp"] == "1400000"
    assert records.is_retired(_cursor(store_copy), "panels", "panel-bd-steering-group")
    text = (seed_dir_copy / "funds.csv").read_text()
    (seed_dir_copy / "funds.csv").write_text("\n".join(line for line in text.splitlines()
                                                       if not line.startswith("fund-bd-endowment")) + "\n")
    panels = (seed_dir_copy / "panels.csv").read_text().replace("fund-bd-endowment", "")
    (seed_dir_copy / "panels.csv").write_text(panels)
    rebuilt = service.build(store=store_copy, seed_dir=seed_dir_copy)
    assert rebuilt.ok and any("change 3" in line and "was not replayed" in line for line in rebuilt.details)
    assert _fund(store_copy)["amount_gbp"] == "1400000"


def test_export_records_then_build_gives_the_same_records(store_copy, tmp_path):
    service.save_record("funds", QUARTET, {"amount_gbp": "1400000", "notes": 'A "quoted", comma'}, by="AB",
                        store=store_copy)
    first = _cursor(store_copy).execute("SELECT min(meeting_id) FROM meetings").fetchone()[0]
    service.retire_record("meetings", first, by="AB", store=store_copy)
    folder = tmp_path / "records"
    cursor = _cursor(store_copy)
    written = export_records(lambda table: catalogue.fetch("seed_rows", cursor, table=table), folder)
    assert written["funds.csv"] == 5 and (folder / "insights.csv").exists()
    rebuilt = tmp_path / "rebuilt.duckdb"
    assert service.build(store=rebuilt, seed_dir=folder).ok
    tables = ("sources", "localities", "locality_parts", "organisations", "funds", "panels", "meetings",
              "meeting_places", "speakers", "insights")
    mine, theirs = table_snapshot(store_copy), table_snapshot(rebuilt)
    for table in tables:
        assert sorted(map(repr, theirs[table])) == sorted(map(repr, mine[table])), table


def test_the_command_line_edits_adds_retires_undoes_and_lists(store_copy, tmp_path, capsys):
    db = ["--db", str(store_copy)]
    assert main(["edit", "funds", QUARTET, "amount_gbp=1,400,000", "--by", "Ann", *db]) == 0
    out = capsys.readouterr().out
    assert "change 1, signed Ann" in out and "Size: £1,300,000 → £1,400,000" in out
    assert main(["edit", "funds", QUARTET, "budget_share=140%", *db]) == 2
    assert "outside 0–100%" in capsys.readouterr().err
    assert main(["edit", "funds", QUARTET, "amount_gbp", *db]) == 2
    assert "is not field=value" in capsys.readouterr().err
    assert main(["edit", "funds", "fund-nope", "name=X", *db]) == 2
    assert main(["edit", "nonsense", "x", "a=b", *db]) == 2
    assert main(["add", "organisations", "name=Bristol Community Foundation", *db]) == 0
    assert main(["retire", "funds", QUARTET, *db]) == 0
    assert main(["undo", "3", *db]) == 0
    capsys.readouterr()
    assert main(["history", *db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and "Ann (command line): Changed the fund" in lines[0]
    assert "undoing change 3" in lines[3]
    assert main(["export-records", str(tmp_path / "out"), *db]) == 0
    assert main(["build", "--seed", str(tmp_path / "out"), "--db", str(tmp_path / "again.duckdb")]) == 0


@pytest.mark.faults
@pytest.mark.parametrize("step", ["parse", "journal", "commit", "rename", "promote"])
def test_an_edit_killed_at_each_step_is_whole_or_never_happened(store_copy, step):
    result = run_cli("edit", "funds", QUARTET, "amount_gbp=1400000", "--db", str(store_copy), crash_at=step)
    assert result.returncode == -signal.SIGKILL
    assert service.build(store=store_copy).ok
    assert _fund(store_copy)["amount_gbp"] == ("1400000" if step == "promote" else "1300000")
    assert_agreed_and_tidy(store_copy)


def test_a_panels_counts_give_its_share_and_its_funds_target_gives_its_gap(store_copy):
    from dash import catalogue

    panel = "panel-quartet-health-wellbeing"
    assert service.save_record("funds", QUARTET, {"target_lived_experience_share": "50%"}, by="AB",
                               store=store_copy).ok
    refused = service.save_record("panels", panel, {"members": "10", "lived_experience_members": "3"},
                                  by="AB", store=store_copy)
    assert not refused.ok and "40% does not match 3 of 10 members (30%)" in refused.message
    too_many = service.save_record("panels", panel, {"members": "4", "lived_experience_members": "5"},
                                   by="AB", store=store_copy)
    assert not too_many.ok and "5 is more than the panel's 4 members" in too_many.message
    assert service.save_record("panels", panel, {"members": "10", "lived_experience_members": "3",
                                                 "lived_experience_share": ""}, by="AB", store=store_copy).ok
    assert records.current_cells(_cursor(store_copy), "panels", panel)["lived_experience_share"] == "0.3"
    chart = catalogue.build("share_against_target", _cursor(store_copy), Filters())
    assert chart.takeaway == ("1 of 1 panel with a target falls short; Health and well-being grant panel "
                              "is furthest, at 30% against 50%.")
    assert list(chart.table["Gap"]) == ["20 points short"]  # percentage points, not a fifth of 50%
    assert "30%: 20 points short" in chart.figure.data[0].text[0]
    assert chart.figure.layout.annotations[0].text == "30%: 20 points short"  # beside, not under, the mark
    empty = catalogue.build("share_against_target", _cursor(store_copy), Filters(("E09000002",)))
    assert empty.is_empty and "sets a target" in empty.takeaway


def test_the_seed_refuses_a_panel_whose_share_disagrees_with_its_counts(seed_dir_copy, tmp_path):
    """The same rule when the counts come from data/seed (a file without the new column still builds)."""
    import csv

    path = seed_dir_copy / "panels.csv"
    assert service.build(store=tmp_path / "before.duckdb", seed_dir=seed_dir_copy).ok
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        row["lived_experience_members"] = ""
        if row["panel_id"] == "panel-quartet-health-wellbeing":
            row.update(members="10", lived_experience_members="3")  # its share is 40%: not 3 of 10
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    refused = service.build(store=tmp_path / "after.duckdb", seed_dir=seed_dir_copy)
    assert not refused.ok
    said = " ".join(refused.details)
    assert "lived_experience_share: 40% does not match 3 of 10 members" in said


def test_restore_brings_records_back_to_a_date_as_one_undoable_write(store_copy):
    """Changes made 'yesterday' stay; those made after it are taken back as one new write, which
    Undo can take back in turn."""
    import datetime as dt

    import duckdb

    service.save_record("funds", QUARTET, {"amount_gbp": "1400000"}, by="AB", store=store_copy)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    # The first change was made 'yesterday': date it so in the store (the journal keeps its own time),
    # on a copy swapped in whole as every write is (the service keeps a reader on the store open).
    edited = store_copy.with_name("edited.duckdb")
    shutil.copyfile(store_copy, edited)
    with duckdb.connect(str(edited)) as connection:
        connection.execute("UPDATE writes SET written_at = written_at - INTERVAL 2 DAY WHERE entry = 1")
    os.replace(edited, store_copy)
    service.save_record("funds", QUARTET, {"amount_gbp": "1500000", "notes": "Later"}, by="AB",
                        store=store_copy)
    added = service.save_record("organisations", None, {"name": "Bristol Community Trust"}, by="AB",
                                store=store_copy)
    service.retire_record("panels", "panel-bd-steering-group", by="AB", store=store_copy)
    assert not service.restore(dt.date.today(), by="AB", store=store_copy).report.entry  # nothing later
    restored = service.restore(yesterday, by="CD", store=store_copy)
    assert restored.ok and "Restored 3 records as they were on" in restored.message, restored.message
    cells = _fund(store_copy)
    assert cells["amount_gbp"] == "1400000" and cells["notes"] != "Later"
    assert records.current_cells(_cursor(store_copy), "organisations", added.report.record_id) is None
    assert not records.is_retired(_cursor(store_copy), "panels", "panel-bd-steering-group")
    undone = service.undo(restored.report.entry, by="CD", store=store_copy)
    assert undone.ok, undone.message
    assert _fund(store_copy)["amount_gbp"] == "1500000"
    assert records.is_retired(_cursor(store_copy), "panels", "panel-bd-steering-group")
    assert main(["restore", "--as-of", "31/12/2026", "--db", str(store_copy)]) == 2


def test_adding_with_an_id_already_taken_is_refused_on_the_command_line(store_copy, capsys):
    """`add funds id=<an existing id>` renamed that fund: it is an addition, so the id is refused."""
    db = ["--db", str(store_copy)]
    assert main(["add", "funds", "id=fund-bd-endowment", "name=Hijacked", "fund_kind=endowment",
                 "org_id=org-bd-giving", "source_id=src-abw-participatory", *db]) == 2
    assert "There is already a fund with the id 'fund-bd-endowment'" in capsys.readouterr().err
    assert _fund(store_copy, "fund-bd-endowment")["name"] == "Barking and Dagenham Giving endowment"
    assert main(["edit", "funds", QUARTET, "fund_id=fund-renamed", *db]) == 2
    assert "id cannot be changed" in capsys.readouterr().err
