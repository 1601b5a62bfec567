"""360Giving's DEI extension: its own examples imported with every field kept, as JSON and as the
spreadsheet flattentool makes of them (titles such as ``DEI Details:Leadership:Asked Status``),
checked against its codelists with the standard's one-sentence errors, and kept by a rebuild."""

from __future__ import annotations

import copy
import io
import json
import shutil
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from dash.ingest.giving360 import read_grants
from dash.ingest.giving360_schema import closed_codelists, field_for_heading, schema
from dash.store import StoreReader
from dash.write import service
from dash.write.build import build_store
from tests.support.stores import table_snapshot

EXAMPLES = Path(__file__).with_name("360giving") / "dei"
NAMES = ("simple", "asked-after-no-reply-received", "not-asked-not-applicable")
AREAS = ("leadership", "mission", "project")
COLUMNS = ("asked_status", "reply_status", "available_options", "additional_details", "taxonomy_codes",
           "lived_experience", "geography", "dei_version", "purposes", "to_individual", "extra")


def _examples() -> list[dict]:
    return [json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8")) for name in NAMES]


def _json_file(grants: list[dict]) -> bytes:
    return json.dumps({"grants": grants}).encode()


def _import(store: Path, raw: bytes, name: str):
    outcome = service.import_grants(raw, name, by="tester", store=store)
    assert outcome.ok, outcome.message + " " + " ".join(outcome.details)
    return outcome


def _stored(store: Path) -> dict[tuple[str, str], dict[str, object]]:
    cursor = StoreReader(store).cursor()
    rows = cursor.execute(f"SELECT grant_id, area, {', '.join(COLUMNS)} FROM grant_dei").fetchall()
    return {(row[0], row[1]): dict(zip(COLUMNS, row[2:], strict=True)) for row in rows}


def _as_published(rows: dict[tuple[str, str], dict[str, object]], grant_id: str) -> dict:
    """The grant's ``deiDetails`` put back together from the store's rows: what the file said."""
    details: dict = {}
    for area in AREAS:
        row = rows[(grant_id, area)]
        answer = {"askedStatus": row["asked_status"], "replyStatus": row["reply_status"],
                  "availableOptions": row["available_options"],
                  "additionalDetails": row["additional_details"]}
        response = {"taxonomyCodes": row["taxonomy_codes"], "livedExperience": row["lived_experience"],
                    "geography": row["geography"]}
        for path, value in json.loads(row["extra"] or "{}").items():
            steps = path.split("/")
            if steps[0] not in AREAS:
                details[path] = value
            elif steps[1:2] == ["response"]:
                response[steps[2]] = value
            else:
                answer[steps[1]] = value
        response = {k: v for k, v in response.items() if v is not None}
        if response:
            answer["response"] = response
        details[area] = {k: v for k, v in answer.items() if v is not None}
        for key, column in (("deiVersion", "dei_version"), ("purposes", "purposes")):
            if row[column] is not None:
                details[key] = row[column]
    return details


def test_the_extension_is_merged_into_the_schema_with_its_titles_and_codelists():
    lookup = field_for_heading()
    assert lookup["dei details:leadership:asked status"].path == ("deiDetails", "leadership", "askedStatus")
    assert lookup["dei details:project:dei response:lived experience"].path == (
        "deiDetails", "project", "response", "livedExperience")
    assert lookup["dei details:mission:available options"].kind == "array"
    lists = {path: name for path, name, _ in closed_codelists()}
    for area in AREAS:
        assert lists[("deiDetails", area, "askedStatus")] == "askedStatus.csv"
        assert lists[("deiDetails", area, "response", "taxonomyCodes")] == "taxonomyCodes.csv"
    assert "DeiApplicationArea" in schema()["$defs"]


def test_the_extensions_examples_import_from_json_with_every_field_kept(store_copy):
    examples = _examples()
    _import(store_copy, _json_file(examples), "dei-examples.json")
    rows = _stored(store_copy)
    assert len(rows) == 9
    for grant in examples:
        assert _as_published(rows, grant["id"]) == grant["deiDetails"]
    simple = rows[("EG-SIMPLE-EXAMPLE", "leadership")]
    assert simple["taxonomy_codes"] == ["DEI020330"]
    assert simple["available_options"] == ["AO100", "AO101", "AO102"]
    assert json.loads(simple["extra"]) == {"leadership/purposes": "Monitoring"}  # off the schema, kept
    extra = StoreReader(store_copy).cursor().execute(
        "SELECT extra FROM grants WHERE grant_id = 'EG-SIMPLE-EXAMPLE'").fetchone()[0]
    assert "deiDetails" not in json.loads(extra)  # read as the extension's, not as a publisher's column


def test_every_field_of_the_extension_is_kept(store_copy):
    """Beyond the examples: version, purposes, additional details, lived experience and geography text,
    and fields the extension does not define at each level."""
    grant = copy.deepcopy(_examples()[0])
    grant["deiDetails"].update({"deiVersion": "1.1", "purposes": "Monitoring our reach", "note": "ours"})
    grant["deiDetails"]["leadership"].update({
        "additionalDetails": "Asked on the application form",
        "response": {"taxonomyCodes": ["DEI020200", "DEI050200"], "livedExperience": "Care leavers",
                     "geography": "North Somerset", "confidence": "high"}})
    _import(store_copy, _json_file([grant]), "dei-full.json")
    rows = _stored(store_copy)
    assert _as_published(rows, grant["id"]) == grant["deiDetails"]
    assert rows[(grant["id"], "leadership")]["lived_experience"] == "Care leavers"


def _merged_schema(tmp_path: Path) -> Path:
    path = tmp_path / "360-giving-schema-with-dei.json"
    path.write_text(json.dumps(schema()), encoding="utf-8")
    return path


def _flattened(tmp_path: Path, form: str) -> tuple[bytes, str]:
    """The examples as flattentool writes a 360Giving spreadsheet from JSON: titles, the first
    organisation rolled up into the grants sheet. Only that sheet is kept, as a publisher's one-sheet
    file holds it (flattentool's other sheets repeat the rolled-up organisations by identifier)."""
    flattentool = pytest.importorskip("flattentool")
    source = tmp_path / "examples.json"
    source.write_bytes(_json_file(_examples()))
    out = tmp_path / ("flat.xlsx" if form == "xlsx" else "flat")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        flattentool.flatten(str(source), output_name=str(out), root_list_path="grants",
                            main_sheet_name="grants", schema=str(_merged_schema(tmp_path)), use_titles=True,
                            root_id="", output_format=form, rollup=True, remove_empty_schema_columns=True)
    if form == "csv":
        return (out / "grants.csv").read_bytes(), "dei-examples.csv"
    from openpyxl import load_workbook

    book = load_workbook(out)
    for name in [n for n in book.sheetnames if n != "grants"]:
        del book[name]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), "dei-examples.xlsx"


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_examples_as_a_flattentool_spreadsheet_import_the_same(store_copy, tmp_path, form):
    raw, name = _flattened(tmp_path, form)
    assert b"DEI Details:Leadership:Asked Status" in raw or form == "xlsx"
    _import(store_copy, raw, name)
    rows = _stored(store_copy)
    for grant in _examples():
        assert _as_published(rows, grant["id"]) == grant["deiDetails"]


def _same_numbers(value):
    if isinstance(value, dict):
        return {k: _same_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_numbers(v) for v in value]
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value


def test_the_dei_columns_are_read_as_flattentool_reads_them(tmp_path):
    flattentool = pytest.importorskip("flattentool")
    raw, _ = _flattened(tmp_path, "csv")
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "grants.csv").write_bytes(raw)
    out = tmp_path / "unflattened.json"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        flattentool.unflatten(str(folder), output_name=str(out), input_format="csv", root_list_path="grants",
                              root_id="", schema=str(_merged_schema(tmp_path)), convert_titles=True)
    theirs = json.loads(out.read_text(encoding="utf-8"), parse_float=Decimal)["grants"]
    rows, _, _ = read_grants(raw, "dei.csv")
    ours = [{**row.grant, **row.extra} for row in rows]
    assert _same_numbers(ours) == _same_numbers(theirs)
    assert [grant["deiDetails"] for grant in ours] == [grant["deiDetails"] for grant in _examples()]


def _refusal(store: Path, grant: dict, name: str = "bad-dei.json") -> str:
    before = table_snapshot(store)
    outcome = service.import_grants(_json_file([grant]), name, by="tester", store=store)
    assert not outcome.ok and outcome.reference is None
    assert "\n" not in outcome.message and outcome.message.count(". ") == 0
    assert table_snapshot(store) == before
    return " ".join(outcome.details)


def test_a_code_off_the_extensions_list_is_refused_naming_the_code_and_the_grant(store_copy):
    grant = _examples()[0]
    grant["deiDetails"]["leadership"]["askedStatus"] = "AS999"
    said = _refusal(store_copy, grant)
    assert ("grant 1 (EG-SIMPLE-EXAMPLE), field deiDetails/leadership/askedStatus: 'AS999' is not on the "
            "DEI extension's Asked Status list (AS100, AS101, AS200 or AS201)") in said


@pytest.mark.parametrize(("where", "value", "says"), [
    (("leadership", "replyStatus"), "RS300", "'RS300' is not on the DEI extension's Reply Status list"),
    (("mission", "availableOptions"), ["AO100", "AO999"], "'AO999' is not on the DEI extension's Available"),
    (("project", "response", "taxonomyCodes"), ["DEI999999"], "'DEI999999' is not on the DEI extension's "
                                                               "Taxonomy Codes list"),
    (("project", "availableOptions"), ["AO100", "AO100"], "lists the same code more than once"),
    (("project", "availableOptions"), "AO100", "is not a list"),
])
def test_each_codelist_is_checked(store_copy, where, value, says):
    grant = _examples()[0]
    node = grant["deiDetails"]
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = value
    assert says in _refusal(store_copy, grant)


def test_a_version_off_the_pattern_is_refused_with_an_example(store_copy):
    grant = _examples()[0]
    grant["deiDetails"]["deiVersion"] = "1.0"  # the extension's pattern: 1.1, 1.2, 2.1 …
    assert "'1.0' is not a DEI Data Standard version such as 1.1" in _refusal(store_copy, grant)


def test_a_missing_area_is_refused(store_copy):
    grant = _examples()[1]
    del grant["deiDetails"]["mission"]
    assert "deiDetails/mission: is missing: the standard requires it" in _refusal(store_copy, grant)


def test_a_bad_code_in_a_spreadsheet_names_its_row_and_column(store_copy, tmp_path):
    raw, _ = _flattened(tmp_path, "csv")
    outcome = service.import_grants(raw.replace(b"AS201", b"AS2O1"), "dei.csv", by="tester", store=store_copy)
    assert not outcome.ok
    assert ("row 3, column DEI Details:Leadership:Asked Status: 'AS2O1' is not on the DEI extension's "
            "Asked Status list") in " ".join(outcome.details)


def test_reimport_replaces_the_answers_and_a_rebuild_keeps_them(store_copy):
    examples = _examples()
    _import(store_copy, _json_file(examples), "dei-examples.json")
    kept = _stored(store_copy)
    build_store(store_copy)
    assert _stored(store_copy) == kept
    without = copy.deepcopy(examples[0])
    del without["deiDetails"]
    _import(store_copy, _json_file([without]), "again.json")  # the same grant, now without answers
    left = {grant for grant, _ in _stored(store_copy)}
    assert left == {"EG-001-ASKED-AFTER-APPLICATION", "EG-NOT-APPLICABLE"}


def test_removing_the_import_removes_its_answers(store_copy):
    _import(store_copy, _json_file(_examples()), "dei-examples.json")
    removed = service.remove_import("grants", _source_of(store_copy), by="tester", store=store_copy)
    assert removed.ok, removed.message
    assert _stored(store_copy) == {}


def _source_of(store: Path) -> str:
    return StoreReader(store).cursor().execute("SELECT DISTINCT source_id FROM grants").fetchone()[0]


def test_old_payloads_without_answers_still_replay(store_copy, tmp_path):
    """A grants entry journalled before the extension was read has no ``dei`` column: it replays."""
    seed = Path(__file__).with_name("360giving") / "ExampleTrust-grants-fixed.csv"
    _import(store_copy, seed.read_bytes(), seed.name)
    import duckdb

    from dash.store.journal import journal_dir

    [payload] = list(journal_dir(store_copy).glob("*.grants.parquet"))
    connection = duckdb.connect(":memory:")
    connection.execute(f"COPY (SELECT * EXCLUDE (dei) FROM read_parquet('{payload}')) TO '{payload}.old' "
                       "(FORMAT parquet)")
    connection.close()
    shutil.move(f"{payload}.old", payload)
    report = build_store(store_copy)
    assert report.unreadable == [] and report.counts["grants"] == 10
