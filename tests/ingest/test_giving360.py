"""Reading 360Giving files in all three forms, and checking them as the standard and GrantNav would."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from dash.ingest.giving360 import (
    ERROR,
    WARNING,
    GrantsFileError,
    check_grants,
    column_paths,
    read_grants,
)

FILES = Path(__file__).with_name("360giving")


def _load(name: str):
    path = FILES / name
    return check_grants(read_grants(path.read_bytes(), name)[0], today=dt.date(2026, 11, 22))


def _comparable(grants):
    return [{k: v for k, v in g.as_record().items() if k != "extra"} for g in grants]


def test_column_titles_come_from_the_schema():
    paths = column_paths()
    assert paths["amount awarded"] == ("amountAwarded",)
    assert paths["recipient org:name"] == ("recipientOrganization", "name")
    assert paths["beneficiary location:geographic code"] == ("beneficiaryLocation", "geoCode")
    assert paths["planned dates:start date"] == ("plannedDates", "startDate")


def test_fixed_files_read_the_same_in_all_three_forms():
    names = [f"ExampleTrust-grants-fixed.{form}" for form in ("csv", "json", "xlsx")]
    results = {name: _load(name) for name in names}
    for grants, problems in results.values():
        assert problems == [] and len(grants) == 10
    forms = [_comparable(grants) for grants, _ in results.values()]
    assert forms[0] == forms[1] == forms[2]
    first = results["ExampleTrust-grants-fixed.csv"][0][0]
    assert (first.grant_id, first.amount_awarded, first.award_date, first.beneficiary_location_code) == (
        "360G-KJD-001230", 5000, dt.date(2017, 12, 8), "E12000001")


@pytest.mark.parametrize("name", ["ExampleTrust-grants-broken.csv", "ExampleTrust-grants-broken.xlsx"])
def test_broken_spreadsheets_are_refused_naming_rows_and_columns(name):
    _, problems = _load(name)
    errors = {(p.check, p.row, p.column) for p in problems if p.severity == ERROR}
    assert errors == {
        ("Required field missing", 2, "Description"), ("Required field missing", 3, "Description"),
        ("Required field missing", 2, "Recipient Org:Identifier"),
    }
    warnings = [p for p in problems if p.severity == WARNING]
    assert {p.check for p in warnings} == {"Date not in the standard's format"}
    assert "'24/07/2014' read as 24 July 2014" in warnings[0].message


def test_broken_json_is_refused_with_duplicates_and_funder_identifiers():
    _, problems = _load("fundingproviders-grants_broken_grants.json")
    checks = {p.check for p in problems if p.severity == ERROR}
    assert checks == {"Required field missing", "Identifier used twice"}
    funders = [p for p in problems if p.check == "One funder name with several identifiers"]
    assert "GB-CHC-000000, RUBBISH1-GB-CHC-000000" in funders[0].message


def _fixed_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((FILES / "ExampleTrust-grants-fixed.csv").read_text())))


def test_a_real_publishers_quirks_are_coped_with():
    rows = _fixed_rows()
    for row in rows:
        for optional in ("URL", "Amount Applied For", "Amount Disbursed", "Data Source", "Last modified"):
            row.pop(optional)
        row["Our internal reference"] = "REF-" + row["Identifier"][-3:]
        row["Amount Awarded"] = f"£{int(row['Amount Awarded']):,}"
        row["Award Date"] = "08/12/2017"
    book = Workbook()
    notes = book.active
    notes.title = "Read me"
    notes.append(["This sheet explains the data"])
    sheet = book.create_sheet("grants")
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    read, skipped, _ = read_grants(buffer.getvalue(), "grants.xlsx")
    grants, problems = check_grants(read)
    assert skipped == ["Read me"]
    assert [p for p in problems if p.severity == ERROR] == []
    assert grants[1].amount_awarded == 10_000 and grants[1].award_date == dt.date(2017, 12, 8)
    assert grants[0].extra == {"Our internal reference": "REF-230"}


def test_quality_warnings():
    rows = _fixed_rows()[:4]
    rows[0]["Amount Awarded"] = "0"
    rows[1]["Award Date"] = "2030-01-01"
    rows[2]["Beneficiary Location:Geographic Code"] = "BS1 5TR"
    rows[3]["Description"] = "Contact jane.doe@example.org for details"
    rows[3]["Planned Dates:Start Date"], rows[3]["Planned Dates:End Date"] = "2018-06-01", "2018-01-01"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    read = read_grants(buffer.getvalue().encode(), "q.csv")[0]
    _, problems = check_grants(read, today=dt.date(2026, 11, 22))
    found = {(p.check, p.row) for p in problems}
    assert {("Zero or negative amount", 2), ("Award date in the future", 3),
            ("Geographic code looks like a postcode", 4), ("Text looks like an e-mail address", 5),
            ("Planned start after planned end", 5)} <= found
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
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    _, problems = check_grants(read_grants(buffer.getvalue().encode(), "t.csv")[0])
    errors = {(p.check, p.row, p.column) for p in problems if p.severity == ERROR}
    assert errors == {("Wrong type", 2, "Amount Awarded"), ("Unknown currency code", 3, "Currency"),
                      ("Date not readable", 3, "Award Date")}


def test_json_keeps_unknown_fields():
    data = json.loads((FILES / "ExampleTrust-grants-fixed.json").read_text())
    data["grants"][0]["ourRating"] = "A"
    grants, _ = check_grants(read_grants(json.dumps(data).encode(), "g.json")[0])
    assert grants[0].extra["ourRating"] == "A"
