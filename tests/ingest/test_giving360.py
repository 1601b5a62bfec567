"""Reading 360Giving files in all three forms, and checking them as the standard and GrantNav would."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from dash.ingest.giving360 import GrantsFileError, read_grants
from dash.ingest.giving360_checks import ERROR, MOST_LISTED, WARNING, check_grants, report_lines

FILES = Path(__file__).with_name("360giving")


def _load(name: str):
    path = FILES / name
    return check_grants(read_grants(path.read_bytes(), name)[0], today=dt.date(2026, 11, 22))


def _comparable(grants):
    return [{k: v for k, v in g.as_record().items() if k != "extra"} for g in grants]


def test_fixed_files_read_the_same_in_all_three_forms():
    names = [f"ExampleTrust-grants-fixed.{form}" for form in ("csv", "json", "xlsx")]
    results = {name: _load(name) for name in names}
    for grants, problems in results.values():
        assert [p for p in problems if p.severity == ERROR] == [] and len(grants) == 10
    forms = [_comparable(grants) for grants, _ in results.values()]
    assert forms[0] == forms[1] == forms[2]
    first = results["ExampleTrust-grants-fixed.csv"][0][0]
    assert (first.grant_id, first.amount_awarded, first.award_date, first.beneficiary_location_code) == (
        "360G-KJD-001230", 5000, dt.date(2017, 12, 8), "E12000001")


@pytest.mark.parametrize("name", ["ExampleTrust-grants-broken.csv", "ExampleTrust-grants-broken.xlsx"])
def test_broken_spreadsheets_are_refused_for_every_fault_naming_rows_and_columns(name):
    _, problems = _load(name)
    errors = {(p.check, p.row, p.column) for p in problems if p.severity == ERROR}
    assert errors == {
        ("Required field missing", 2, "Description"), ("Required field missing", 3, "Description"),
        ("Required field missing", 2, "Recipient Org:Identifier"),
        ("Not a date the standard can read", 2, "Award Date"),
        ("Not a date the standard can read", 3, "Award Date"),
        ("Wrong format", 2, "Last Modified"), ("Wrong format", 3, "Last Modified"),
    }
    said = " ".join(report_lines(problems))
    assert "row 2, column Award Date: '24/07/2014' is not a date as the standard writes them" in said


def test_broken_json_is_refused_naming_grants_and_fields():
    _, problems = _load("fundingproviders-grants_broken_grants.json")
    errors = [p for p in problems if p.severity == ERROR]
    assert {p.check for p in errors} == {"Required field missing", "Identifier used twice", "Wrong format",
                                         "Not a date the standard can read"}
    first = next(p for p in errors if p.check == "Identifier used twice")
    assert first.where() == "grant 2 (360G-fundingproviders-000001/X/00/X), field id"
    funders = [p for p in problems if p.check == "One funder under several identifiers or names"]
    assert "GB-CHC-000000, RUBBISH1-GB-CHC-000000" in funders[0].message


def _fixed_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((FILES / "ExampleTrust-grants-fixed.csv").read_text())))


def test_a_real_publishers_workbook_is_read_as_the_standard_reads_it():
    rows = _fixed_rows()
    book = Workbook()
    notes = book.active
    notes.title = "Read me"
    notes.append(["This sheet explains the data"])
    sheet = book.create_sheet("grants")
    header = [*rows[0], "Our internal reference"]
    sheet.append(header)
    for row in rows:
        cells = {**row, "Our internal reference": "REF-" + row["Identifier"][-3:]}
        cells["Amount Awarded"] = int(cells["Amount Awarded"])  # numbers as Excel keeps them
        cells["Award Date"] = dt.datetime.fromisoformat(cells["Award Date"])  # an Excel date cell
        sheet.append([cells[h] if cells[h] != "" else None for h in header])
    buffer = io.BytesIO()
    book.save(buffer)
    read, skipped, _ = read_grants(buffer.getvalue(), "grants.xlsx")
    grants, problems = check_grants(read)
    assert skipped == ["Read me"]
    assert [p for p in problems if p.severity == ERROR] == []
    assert read[0].grant["awardDate"] == "2017-12-08T00:00:00+00:00"  # as flattentool writes it
    assert grants[1].amount_awarded == 10_000 and grants[1].award_date == dt.date(2017, 12, 8)
    assert grants[0].extra == {"Our internal reference": "REF-230"}


def test_pounds_and_day_first_dates_are_refused_as_the_standard_refuses_them():
    rows = _fixed_rows()[:1]
    rows[0]["Amount Awarded"], rows[0]["Award Date"] = "£5,000", "08/12/2017"
    _, problems = check_grants(read_grants(_csv(rows), "q.csv")[0])
    said = {p.check: p.message for p in problems if p.severity == ERROR}
    assert said["Wrong type"] == "'£5,000' is not a number (digits only: no £ sign, commas or words)"
    assert said["Not a date the standard can read"].startswith("'08/12/2017' is not a date")


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_every_fault_is_listed_up_to_a_cap_and_the_rest_counted():
    rows = [dict(row) for row in _fixed_rows() * 70]  # 700 grants, each with one fault
    for n, row in enumerate(rows):
        row["Identifier"], row["Currency"] = f"360G-X-{n}", "POUNDS"
    _, problems = check_grants(read_grants(_csv(rows), "many.csv")[0])
    errors = [p for p in problems if p.severity == ERROR]
    assert len(errors) == MOST_LISTED + 1 and {p.row for p in errors[:MOST_LISTED]} == set(range(2, 502))
    assert errors[-1].message.startswith(f"and {700 - MOST_LISTED:,} more errors")


def test_quality_warnings():
    rows = _fixed_rows()[:4]
    rows[0]["Amount Awarded"] = "0"
    rows[1]["Award Date"] = "2030-01-01"
    rows[2]["Beneficiary Location:Geographic Code"] = "BS1 5TR"
    rows[3]["Description"] = "Contact jane.doe@example.org for details"
    rows[3]["Planned Dates:Start Date"], rows[3]["Planned Dates:End Date"] = "2018-06-01", "2018-01-01"
    read = read_grants(_csv(rows), "q.csv")[0]
    _, problems = check_grants(read, today=dt.date(2026, 11, 22))
    found = {(p.check, p.row) for p in problems}
    assert {("Grants with a value of £0", 2), ("Award Dates in the future", 3),
            ("Geographic codes that look like postcodes", 4), ("Text that looks like an e-mail address", 5),
            ("Planned Dates:Start Date after the End Date", 5)} <= found
    assert all(p.severity == WARNING for p in problems)


@pytest.mark.parametrize(("raw", "name", "message"), [
    (b"", "g.csv", "empty"),
    (b'{"grants": [', "g.json", "malformed"),
    (b'{"something": 1}', "g.json", 'no "grants" list'),
    (b"name,age\nJo,4\n", "g.csv", "No column has a 360Giving title"),
    (b"PK\x03\x04 not really a spreadsheet", "g.xlsx", "The spreadsheet is damaged"),
    (b"hello", "g.pdf", "not 360Giving data"),
])
def test_unreadable_files_say_why(raw, name, message):
    with pytest.raises(GrantsFileError, match=message):
        read_grants(raw, name)


def test_wrong_types_and_codes_are_errors():
    rows = _fixed_rows()[:2]
    rows[0]["Amount Awarded"] = "five thousand"
    rows[1]["Currency"] = "XYZ"
    rows[1]["Award Date"] = "last Tuesday"
    _, problems = check_grants(read_grants(_csv(rows), "t.csv")[0])
    errors = {(p.check, p.row, p.column) for p in problems if p.severity == ERROR}
    assert errors == {("Wrong type", 2, "Amount Awarded"), ("Unknown currency code", 3, "Currency"),
                      ("Not a date the standard can read", 3, "Award Date")}


def test_json_keeps_unknown_fields():
    data = json.loads((FILES / "ExampleTrust-grants-fixed.json").read_text())
    data["grants"][0]["ourRating"] = "A"
    grants, _ = check_grants(read_grants(json.dumps(data).encode(), "g.json")[0])
    assert grants[0].extra["ourRating"] == "A"
