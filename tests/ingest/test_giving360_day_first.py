"""Dates written day first, as one of GrantNav's own test files writes them for 379 grants (an award
date 24/07/2014 and a Last Modified 13-03-2015 on every row): refused by the standard with a true
count of its errors (it said 501 for 758), and imported when a person chooses to read the dates as
day-first British dates, the choice recorded on the import."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dash.cli import main
from dash.ingest.giving360_checks import MOST_LISTED
from dash.store import StoreReader
from dash.store.journal import journal_dir
from dash.write import service
from dash.write.build import build_store
from tests.support.inputs import day_first_grants_file
from tests.support.stores import table_snapshot

GRANTS = 379


def _day_first_file(count: int = GRANTS, award: str | None = None) -> bytes:
    return day_first_grants_file(count, award)


def test_the_refusal_counts_every_error_not_only_those_listed(store_copy):
    before = table_snapshot(store_copy)
    outcome = service.import_grants(_day_first_file(), "dayfirst.csv", by="tester", store=store_copy)
    assert not outcome.ok
    report = outcome.report
    assert len(report.errors) == MOST_LISTED + 1  # 500 listed and the line counting the rest: what it said
    assert report.error_count == 2 * GRANTS == 758
    assert outcome.message == (
        "dayfirst.csv was not imported: it has 758 errors to fix at source (listed below), among them 379 "
        "grants with dates written day first (if they are British dates, import it again with the choice to "
        "read them as day-first British dates); nothing was changed.")
    lines = outcome.details
    assert "  Not a date the standard can read (379):" in lines and "  Wrong format (379):" in lines
    assert "  More errors (258):" in lines
    assert lines[-1] == ("379 grants have dates written day first, such as 13/01/2017, which the standard "
                         "does not allow. If they are British dates (13/01/2017 read as 13 January 2017), "
                         "import the file again choosing to read these dates as day-first British dates.")
    assert table_snapshot(store_copy) == before


def test_a_file_with_fewer_errors_than_listed_counts_them_all(store_copy):
    outcome = service.import_grants(_day_first_file(3), "three.csv", by="tester", store=store_copy)
    assert outcome.report.error_count == len(outcome.report.errors) == 6
    assert "it has 6 errors" in outcome.message


def test_choosing_day_first_dates_imports_them_and_records_the_choice(store_copy):
    outcome = service.import_grants(_day_first_file(), "dayfirst.csv", by="tester", store=store_copy,
                                    day_first=True)
    assert outcome.ok, outcome.message
    assert outcome.report.day_first == GRANTS
    warning = [p for p in outcome.report.problems if p.check == "Dates read as day-first British dates"]
    assert warning and warning[0].total == GRANTS and "as chosen at import: 379 grants" in warning[0].message
    cursor = StoreReader(store_copy).cursor()
    award = cursor.execute("SELECT award_date FROM grants WHERE grant_id = ?", ["360G-DAYFIRST-0000013"])
    assert award.fetchone() == (dt.date(2018, 2, 14),)  # written 14/02/2018
    summary = cursor.execute("SELECT summary FROM writes ORDER BY entry DESC LIMIT 1").fetchone()[0]
    assert summary == ("Imported 379 grants from dayfirst.csv; dates read as day-first British dates: "
                       "379 grants")
    [entry] = [p for p in journal_dir(store_copy).glob("*.grants.json")]
    assert json.loads(entry.read_text())["data"]["day_first_dates"] == GRANTS
    report = build_store(store_copy)
    assert report.counts["grants"] == GRANTS and report.unreadable == []


def test_a_date_that_is_not_a_day_first_date_is_still_refused(store_copy):
    outcome = service.import_grants(_day_first_file(2, award="07/24/2014"), "american.csv", by="tester",
                                    store=store_copy, day_first=True)
    assert not outcome.ok
    assert "'07/24/2014' is not a date as the standard writes them" in " ".join(outcome.details)


def test_the_choice_changes_nothing_in_a_file_of_iso_dates(store_copy):
    from tests.support.inputs import GRANT_FILES as FILES

    raw = (FILES / "ExampleTrust-grants-fixed.csv").read_bytes()
    outcome = service.import_grants(raw, "fixed.csv", by="tester", store=store_copy, day_first=True)
    assert outcome.ok and outcome.report.day_first == 0
    assert not [p for p in outcome.report.problems if "day-first" in p.check]


@pytest.mark.parametrize(("option", "status"), [([], 2), (["--day-first-dates"], 0)])
def test_the_command_line_option(store_copy, tmp_path, capsys, option, status):
    path = tmp_path / "dayfirst.csv"
    path.write_bytes(_day_first_file(12))
    assert main(["import-360", str(path), "--db", str(store_copy), "--by", "tester", *option]) == status
    said = capsys.readouterr()
    if status:
        assert "it has 24 errors" in said.err and "day-first British dates" in said.err
        assert said.err.splitlines()[0].endswith("12 grants with dates written day first (if they are "
                                                 "British dates, import it again with --day-first-dates); "
                                                 "nothing was changed.")
    else:
        assert "Imported 12 grants" in said.out and "Dates read as day-first British dates (12)" in said.out
