"""The schema the importer validates with: titles read from it, and the fast validator giving the
same verdicts as the reference one (``jsonschema``) on the standard's examples and broken grants."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from dash.ingest.giving360_schema import field_for_heading, fields, schema, title_of, validator

FILES = Path(__file__).with_name("360giving")


def test_titles_and_paths_come_from_the_schema():
    lookup = field_for_heading()
    assert lookup["amount awarded"].path == ("amountAwarded",)
    assert lookup["recipient org:name"].path == ("recipientOrganization", "name")
    assert lookup["recipientorganization/0/name"].path == ("recipientOrganization", "name")
    assert lookup["recipient org:location:geographic code"].path == (
        "recipientOrganization", "location", "geoCode")
    assert lookup["planned dates:duration (months)"].kind == "number"
    assert lookup["related activity"].kind == "array"
    assert title_of(["plannedDates", 0, "startDate"]) == "Planned Dates:Start Date"
    assert len(fields()) > 100


def _grant() -> dict:
    return json.loads((FILES / "ExampleTrust-grants-fixed.json").read_text())["grants"][0]


BROKEN = {
    "a URL that is not a URI": {"url": "not a web address"},
    "a title of the wrong type": {"title": 5},
    "planned dates as text": {"plannedDates": "2020-01-01"},
    "actual dates as a list of text": {"actualDates": ["2020-01-01"]},
    "both recipients": {"recipientIndividual": {"id": "360G-x-1", "name": "A person"}},
    "no recipient at all": {"recipientOrganization": None},
    "an award date written day first": {"awardDate": "24/07/2014"},
    "Last Modified without a time": {"dateModified": "2017-12-22"},
    "a negative duration": {"plannedDates": [{"duration": -3}]},
    "an open call neither yes nor no": {"fromOpenCall": "Maybe"},
    "an organisation without a name": {"fundingOrganization": [{"id": "GB-CHC-1"}]},
    "an amount as text": {"amountAwarded": "£5,000"},
    "an unknown currency": {"currency": "POUNDS"},
    "a month that does not exist": {"plannedDates": [{"startDate": "2020-13-01"}]},
    "DEI answers without a mission or project": {"deiDetails": {"leadership": {"askedStatus": "AS100"}}},
    "a DEI option given twice": {"deiDetails": {
        "leadership": {"askedStatus": "AS200", "availableOptions": ["AO100", "AO100"]},
        "mission": {"askedStatus": "AS100"}, "project": {"askedStatus": "AS100"}, "deiVersion": "1.0"}},
}


def _broken(change: dict) -> dict:
    grant = copy.deepcopy(_grant())
    for key, value in change.items():
        if value is None:
            grant.pop(key)
        else:
            grant[key] = value
    return grant


def _verdict(errors) -> set[tuple[tuple, str]]:
    return {(tuple(e.instance_path if hasattr(e, "instance_path") else e.absolute_path),
             (list(e.schema_path)[-1] if list(e.schema_path) else "")) for e in errors}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_fast_validator_agrees_with_jsonschema(name):
    reference = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    grant = _broken(BROKEN[name])
    theirs = _verdict(reference.iter_errors(grant))
    ours = _verdict(validator().iter_errors(grant))
    assert theirs, "the broken grant must break the schema"
    assert ours == theirs


def test_every_example_grant_is_valid_to_both():
    reference = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    grants = json.loads((FILES / "ExampleTrust-grants-fixed.json").read_text())["grants"]
    assert all(reference.is_valid(g) and validator().is_valid(g) for g in grants)


def test_closed_codelists_are_read_from_the_schema_and_shipped():
    from dash.ingest.giving360_schema import closed_codelists

    lists = {path: (name, codes) for path, name, codes in closed_codelists()}
    person = "toIndividualsDetails"
    core = {path for path in lists if path[0] != "deiDetails"}  # the DEI extension's: test_giving360_dei
    assert core == {("regrantType",), ("locationScope",), (person, "primaryGrantReason"),
                    (person, "secondaryGrantReason"), (person, "grantPurpose")}
    assert "FRG010" in lists[("regrantType",)][1] and "GTIP170" in lists[(person, "grantPurpose")][1]


def test_a_code_off_a_closed_list_is_an_error_naming_the_field():
    from dash.ingest.giving360 import JSON_FORM, Row
    from dash.ingest.giving360_checks import ERROR, check_grants

    grant = {**_grant(), "toIndividualsDetails": {"grantPurpose": ["GTIP010", "GTIP999"]}}
    _, problems = check_grants([Row(1, grant, {}, JSON_FORM)])
    [error] = [p for p in problems if p.severity == ERROR]
    assert error.column == "toIndividualsDetails/grantPurpose"
    assert error.message.startswith("'GTIP999' is not on the standard's grantToIndividualsPurpose list")
