"""The Data Quality Tool's checks, as warnings: each found on a grant made to fail it, none on a grant
that passes them all, and a whole file's worth kept small."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from dash.ingest.giving360 import JSON_FORM, Row
from dash.ingest.giving360_checks import ERROR, WARNING, check_grants
from dash.ingest.giving360_quality import CHECKS, EXAMPLES, FILE_CHECKS, quality_warnings

TODAY = dt.date(2026, 12, 1)

CLEAN = {
    "id": "360G-EXAMPLE-0001", "title": "Peer support group", "description": "Weekly sessions run by carers",
    "currency": "GBP", "amountAwarded": 12000, "awardDate": "2025-04-01",
    "plannedDates": [{"startDate": "2025-05-01", "endDate": "2026-04-30", "duration": 12}],
    "recipientOrganization": [{"id": "GB-CHC-1234567", "name": "Carers Together", "charityNumber": "1234567",
                               "postalCode": "BS1 5TR"}],
    "fundingOrganization": [{"id": "GB-CHC-7654321", "name": "Example Foundation"}],
    "beneficiaryLocation": [{"name": "Bristol", "geoCode": "E06000023", "geoCodeType": "UA"}],
    "grantProgramme": [{"title": "Community Fund"}],
    "dateModified": "2025-04-02T09:00:00Z", "dataSource": "https://example.org/grants.json",
}


def _warnings(*grants: dict) -> dict[str, list]:
    rows = [Row(n, g, {}, JSON_FORM, "@" in str(g)) for n, g in enumerate(grants, start=1)]
    found: dict[str, list] = {}
    for problem in quality_warnings(rows, TODAY):
        found.setdefault(problem.check, []).append(problem)
    return found


def _with(**changes) -> dict:
    grant = copy.deepcopy(CLEAN)
    for key, value in changes.items():
        if value is None:
            grant.pop(key, None)
        else:
            grant[key] = value
    return grant


def _org(**fields) -> list[dict]:
    return [{**CLEAN["recipientOrganization"][0], **fields}]


def test_a_grant_that_passes_every_check_gets_no_warning():
    assert _warnings(CLEAN) == {}
    assert [p for p in check_grants([Row(1, CLEAN, {}, JSON_FORM)], TODAY)[1] if p.severity == ERROR] == []


CASES = {
    "Grants with a value of £0": _with(amountAwarded=0),
    "Grants with a negative amount": _with(amountAwarded=-50),
    "Grant identifiers with unexpected characters": _with(id="360G-EXAMPLE-\n0001"),
    "Funding Org:Identifier not from a recognised register": _with(
        fundingOrganization=[{"id": "RUBBISH-123", "name": "Example Foundation"}]),
    "Recipient Org:Identifier not from a recognised register": _with(
        recipientOrganization=_org(id="XX-NOPE-1")),
    "Recipient Org:Charity Number that does not look like one": _with(recipientOrganization=_org(
        charityNumber="12")),
    "Recipient Org:Company Number that does not look like one": _with(recipientOrganization=_org(
        companyNumber="123")),
    "Organisation identifiers that might not be valid": _with(recipientOrganization=_org(id="GB-CHC-12")),
    "Organisation identifiers with unexpected characters": _with(
        recipientOrganization=_org(id=" GB-CHC-1234567")),
    "Dates that do not exist": _with(plannedDates=[{"startDate": "2025-02-30", "endDate": "2026-04-30",
                                                   "duration": 12}]),
    "Planned Dates:Start Date after the End Date": _with(plannedDates=[{"startDate": "2026-05-01",
                                                                       "endDate": "2025-04-30"}]),
    "Actual Dates:Start Date after the End Date": _with(actualDates=[{"startDate": "2026-05-01",
                                                                     "endDate": "2025-04-30"}]),
    "Planned Dates over 12 years in the future": _with(plannedDates=[{"startDate": "2025-05-01",
                                                                     "endDate": "2040-01-01"}]),
    "Actual Dates over 5 years in the future": _with(actualDates=[{"startDate": "2032-05-01"}]),
    "Dates over 25 years ago": _with(awardDate="1999-01-01"),
    "Award Dates in the future": _with(awardDate="2027-01-01"),
    "Text that looks like an e-mail address": _with(description="Write to jo.bloggs@example.org"),
    "Text that looks like a telephone number": _with(description="Ring Jo on 01632 960123"),
    "Grants to individuals with diversity details": _with(
        recipientOrganization=None, recipientIndividual={"id": "360G-P-1", "name": "Person 1"},
        toIndividualsDetails={"primaryGrantReason": "GTIR040"}, project=[{"dei": True}]),
    "Geographic codes that look like postcodes": _with(beneficiaryLocation=[{"name": "Bristol",
                                                                             "geoCode": "BS1 5TR"}]),
    "Recipient Org:Identifier that starts 360G-": _with(recipientOrganization=_org(id="360G-EXAMPLE-ORG-1")),
    "Funding Org:Identifier that starts 360G-": _with(
        fundingOrganization=[{"id": "360G-EXAMPLE", "name": "Example Foundation"}]),
    "Recipient Org:Charity Number and Company Number both empty": _with(
        recipientOrganization=_org(charityNumber="")),
    "Recipients with no location": _with(recipientOrganization=_org(postalCode="")),
    "Grants with no Grant Programme": _with(grantProgramme=None),
    "Grants with no Beneficiary Location": _with(beneficiaryLocation=None),
    "Titles and descriptions that are the same": _with(description="Peer support group"),
    "Titles longer than 140 characters": _with(title="A" * 141),
    "Grants to individuals with no purpose or reason codes": _with(
        recipientOrganization=None, recipientIndividual={"id": "360G-P-1", "name": "Person 1"}),
    "Grants with no planned duration": _with(plannedDates=[{"startDate": "2025-05-01"}]),
    "Grants with no Last Modified": _with(dateModified=None),
    "Grants with no Data Source": _with(dataSource=None),
}


def test_every_check_has_a_case():
    assert set(CASES) | {"Several funding organisation identifiers",
                         "One funder under several identifiers or names"} == (
        {c.heading for c in CHECKS} | {heading for _, heading, _ in FILE_CHECKS})


@pytest.mark.parametrize("heading", sorted(CASES))
def test_each_check_finds_what_it_is_for(heading):
    found = _warnings(CASES[heading])
    assert heading in found, sorted(found)
    [problem] = found[heading]
    assert problem.severity == WARNING and problem.total == 1
    assert problem.group.startswith(("Accuracy", "Usefulness"))
    assert problem.message and "\n" not in problem.message


def test_file_checks_see_across_grants():
    other = _with(id="360G-EXAMPLE-0002", fundingOrganization=[{"id": "GB-CHC-1111111",
                                                                "name": "Example Foundation"}])
    found = _warnings(CLEAN, other)
    assert "Several funding organisation identifiers" in found
    assert "'Example Foundation' appears as GB-CHC-7654321, GB-CHC-1111111" in (
        found["One funder under several identifiers or names"][0].message)


def test_a_large_file_keeps_a_few_examples_and_counts_the_rest():
    grants = [_with(id=f"360G-EXAMPLE-{n}", dataSource=None) for n in range(500)]
    found = _warnings(*grants)["Grants with no Data Source"]
    assert len(found) == EXAMPLES and {p.total for p in found} == {500}


def test_no_charity_or_company_number_names_those_columns_and_reads_the_identifier():
    """360Giving's rule (lib360dataquality's NoRecipientOrgCompanyCharityNumber): both columns empty.
    Measured before: all 10 ExampleTrust grants told "column Recipient Org:Identifier: neither a
    charity number nor a company number", though 7 identifiers are charity or company numbers."""
    from pathlib import Path

    from dash.ingest.giving360 import read_grants

    raw = (Path(__file__).with_name("360giving") / "ExampleTrust-grants-fixed.csv").read_bytes()
    rows, _, _ = read_grants(raw, "ExampleTrust-grants-fixed.csv")
    found = [p for p in check_grants(rows)[1]
             if p.check == "Recipient Org:Charity Number and Company Number both empty"]
    assert len(found) == 10 and {p.total for p in found} == {10}  # the tool's count: both columns empty
    assert {p.column for p in found} == {"Recipient Org:Charity Number", "Recipient Org:Company Number"}
    holding = [p for p in found if "holds the" in p.message]
    assert len(holding) == 7  # GB-CHC-, GB-SC- and GB-COH- identifiers: copy the number across
    assert "the identifier GB-CHC-265374 holds the charity number 265374" in found[0].message
    assert all("neither a charity number" not in p.message for p in found)
    company = next(p for p in found if "GB-COH-08435647" in p.message)
    assert company.column == "Recipient Org:Company Number" and "company number 08435647" in company.message
    others = [p for p in found if p not in holding]
    assert all("is neither: give either if the recipient has one" in p.message for p in others)
    located = {p.column for p in check_grants(rows)[1] if p.check == "Recipients with no location"}
    assert located == {"Recipient Org:Postal Code"}
