"""Importing grants into the store: one transaction, no doubles, replayed, filtered by place."""

from __future__ import annotations

import pytest

from dash.cli import main
from dash.filters import Filters
from dash.queries import grants as grant_queries
from dash.store import StoreReader
from dash.store.journal import journal_dir
from dash.write import service
from dash.write.build import build_store
from tests.support.inputs import GRANT_FILES
from tests.support.stores import table_snapshot

FILES = GRANT_FILES


def import_360(store, raw, name):
    outcome = service.import_grants(raw, name, by="tester", store=store)
    assert outcome.ok, outcome.message
    return outcome.report


def _import(store, name):
    return import_360(store, (FILES / name).read_bytes(), name)


def _grants(store):
    return StoreReader(store).cursor().execute(
        "SELECT grant_id, amount_awarded, locality_id FROM grants ORDER BY grant_id").fetchall()


def test_all_three_forms_give_the_same_store(store_copy, tmp_path):
    stores = []
    for name in ("ExampleTrust-grants-fixed.csv", "ExampleTrust-grants-fixed.json",
                 "ExampleTrust-grants-fixed.xlsx"):
        copy = tmp_path / f"{name}.duckdb"
        copy.write_bytes(store_copy.read_bytes())
        report = _import(copy, name)
        assert (report.grants, report.new, report.without_location) == (10, 10, 0)
        stores.append(_grants(copy))
    assert stores[0] == stores[1] == stores[2]
    assert ("360G-KJD-001231", 10000, "E12000009") in stores[0]  # beneficiary region joined to localities


def test_reimport_updates_rather_than_doubles(store_copy):
    _import(store_copy, "ExampleTrust-grants-fixed.csv")
    again = _import(store_copy, "ExampleTrust-grants-fixed.json")
    assert (again.new, again.updated) == (0, 10)
    assert len(_grants(store_copy)) == 10


@pytest.mark.parametrize("name", ["ExampleTrust-grants-broken.csv", "ExampleTrust-grants-broken.xlsx",
                                  "fundingproviders-grants_broken_grants.json"])
def test_broken_file_leaves_the_store_as_it_was(store_copy, name):
    _import(store_copy, "ExampleTrust-grants-fixed.csv")
    before = table_snapshot(store_copy)
    outcome = service.import_grants((FILES / name).read_bytes(), name, by="tester", store=store_copy)
    assert not outcome.ok and "was not imported" in outcome.message
    assert "nothing was changed" in outcome.message
    details = "\n".join(outcome.details)
    assert "Required field missing" in details and ("row " in details or "grant " in details)
    assert table_snapshot(store_copy) == before
    assert len(list(journal_dir(store_copy).iterdir())) == 2  # the first file's entry and payload only


def test_locality_filter_applies_to_grants(store_copy):
    _import(store_copy, "ExampleTrust-grants-fixed.csv")
    cursor = StoreReader(store_copy).cursor()
    south_west = grant_queries.grant_totals(cursor, Filters(("E12000009",)))
    assert (int(south_west["grants"].sum()), south_west["amount"].sum()) == (1, 10_000)
    bristol = grant_queries.grant_totals(cursor, Filters(("E06000023",)))
    assert bristol.empty  # a South West grant is not inside Bristol
    everything = grant_queries.grant_totals(cursor, Filters())
    assert (int(everything["grants"].sum()), everything["amount"].sum()) == (10, 59_750)
    bands = grant_queries.grants_by_band(cursor, Filters()).set_index("band")["grants"]
    assert bands["£1k to £5k"] == 6 and bands["£5k to £10k"] == 3 and bands["£10k to £50k"] == 1
    assert bands.sum() == 10 and len(bands) == 8


def test_grants_link_to_a_fund_by_programme_title(store_copy, tmp_path):
    text = (FILES / "ExampleTrust-grants-fixed.csv").read_text()
    lines = text.splitlines()
    header = lines[0].split(",")
    column = header.index("Grant Programme:Title")
    cells = lines[1].split(",")
    cells[column] = "Bristol Local Food Fund"
    path = tmp_path / "linked.csv"
    path.write_text("\n".join([lines[0], ",".join(cells)]) + "\n")
    report = import_360(store_copy, path.read_bytes(), "linked.csv")
    assert report.linked_to_funds == 1
    rows = grant_queries.granted_against_funds(StoreReader(store_copy).cursor(), Filters())
    assert list(rows["fund"]) == ["Bristol Local Food Fund"] and rows.iloc[0]["granted"] == 5000


def test_a_rebuild_replays_grants(store_copy):
    _import(store_copy, "ExampleTrust-grants-fixed.csv")
    report = build_store(store_copy)
    assert report.counts["grants"] == 10
    assert [p.name for p in sorted(journal_dir(store_copy).iterdir())] == [
        "00000001.grants.json", "00000001.grants.parquet"]


def test_command_line(store_copy, capsys):
    assert main(["import-360", str(FILES / "ExampleTrust-grants-fixed.csv"), "--db", str(store_copy)]) == 0
    assert "Imported 10 grants from ExampleTrust-grants-fixed.csv: 10 new" in capsys.readouterr().out
    assert main(["import-360", str(FILES / "ExampleTrust-grants-broken.csv"), "--db", str(store_copy)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ExampleTrust-grants-broken.csv was not imported: it has ")
    assert "nothing was changed" in err.splitlines()[0]
    assert "row 2, column Recipient Org:Identifier: is missing: the standard requires it" in err


def test_grants_on_the_map(store_copy, tmp_path):
    from dash import catalogue

    text = (FILES / "ExampleTrust-grants-fixed.csv").read_text().replace(",E12000009,", ",E06000023,")
    path = tmp_path / "bristol.csv"
    path.write_text(text)
    import_360(store_copy, path.read_bytes(), "bristol.csv")
    chart = catalogue.build("grants_map", StoreReader(store_copy).cursor(), Filters())
    assert chart.takeaway == "1 district holds grants; the most money is in Bristol (£10,000)."
    assert "9 grants name a region, a nation or no place, and are not drawn." in chart.note
    assert {trace.type for trace in chart.figure.data} == {"scatter"}


def test_grants_that_name_only_regions_colour_their_regions(store_copy):
    """Measured before: the grants map said no grant is tied to a district when the file's grants
    carry only region and nation codes (ExampleTrust's file). Now each region is coloured whole,
    and the note says so."""
    from dash import catalogue

    import_360(store_copy, (FILES / "ExampleTrust-grants-fixed.csv").read_bytes(), "example.csv")
    chart = catalogue.build("grants_map", StoreReader(store_copy).cursor(), Filters())
    assert not chart.is_empty
    assert chart.takeaway == "9 regions hold grants; the most money is in Wales (£15,000)."
    assert "name regions or nations, not districts, so each region is coloured whole" in chart.note
    assert list(chart.table.columns[:2]) == ["Region", "ONS code"]
