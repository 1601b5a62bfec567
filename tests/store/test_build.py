from __future__ import annotations

import pytest

from dash.ingest.seed import SeedError
from dash.write import build as build_module
from dash.write.build import build_store, needs_build
from tests.support.stores import edit_cell, table_snapshot


def test_build_loads_every_seed_table(seed_store, db):
    counts = dict(db.execute("""
        SELECT 'funds', count(*) FROM funds UNION ALL SELECT 'panels', count(*) FROM panels
        UNION ALL SELECT 'meetings', count(*) FROM meetings
        UNION ALL SELECT 'insights', count(*) FROM insights
        UNION ALL SELECT 'sources', count(*) FROM sources
    """).fetchall())
    assert counts == {"funds": 5, "panels": 7, "meetings": 12, "insights": 64, "sources": 12}


def test_build_loads_the_whole_ons_hierarchy(db):
    districts = db.execute(
        "SELECT count(*) FROM localities WHERE kind IN "
        "('unitary authority','district','metropolitan borough','London borough') AND is_current"
    ).fetchone()[0]
    assert districts > 290  # every current English district, not only the seed places
    assert db.execute(
        "SELECT name, ons_name, kind, parent_id FROM localities WHERE locality_id = 'E06000023'"
    ).fetchone() == ("Bristol", "Bristol, City of", "unitary authority", "E12000009")  # as people say it


@pytest.mark.parametrize(("place", "container"), [
    ("E06000023", "E12000009"),  # Bristol in the South West
    ("E06000023", "E92000001"),  # ... and in England
    ("E07000070", "E10000012"),  # Chelmsford in Essex (county)
    ("E08000003", "E47000001"),  # Manchester in the Greater Manchester combined authority
    ("place-watchet", "E06000066"),  # Watchet in Somerset
    ("E09000005", "place-north-west-london"),  # Brent in North West London
    ("E07000191", "E06000066"),  # the former West Somerset district under today's Somerset
])
def test_places_lie_within_their_containers(db, place, container):
    assert db.execute(
        "SELECT count(*) FROM locality_within WHERE locality_id = ? AND within_id = ?", [place, container]
    ).fetchone()[0] == 1


def test_every_fund_panel_and_meeting_has_a_source(db):
    for table in ("funds", "panels", "meetings"):
        orphans = db.execute(
            f"SELECT count(*) FROM {table} t LEFT JOIN sources s USING (source_id) WHERE s.source_id IS NULL"
        ).fetchone()[0]
        assert orphans == 0, table


def test_build_is_idempotent(tmp_path):
    path = tmp_path / "dash.duckdb"
    build_store(path)
    first = table_snapshot(path)
    build_store(path)
    second = table_snapshot(path)
    first.pop("store_info"), second.pop("store_info")  # holds the build time
    assert first == second


def test_needs_build_follows_the_seed_files(tmp_path, seed_dir_copy):
    path = tmp_path / "dash.duckdb"
    assert needs_build(path, seed_dir_copy)
    build_store(path, seed_dir_copy)
    assert not needs_build(path, seed_dir_copy)
    edit_cell(seed_dir_copy, "funds.csv", "fund-bristol-city-lab", "period_months", "7")
    assert needs_build(path, seed_dir_copy)


def test_bad_seed_row_names_file_row_and_column_and_keeps_old_store(store_copy, seed_dir_copy):
    before = table_snapshot(store_copy)
    row = edit_cell(
        seed_dir_copy, "panels.csv", "panel-bristol-local-food", "lived_experience_share", "140%"
    )
    with pytest.raises(SeedError) as caught:
        build_store(store_copy, seed_dir_copy)
    message = str(caught.value)
    assert f"panels.csv, row {row}, column lived_experience_share" in message
    assert "140%" in message
    assert table_snapshot(store_copy) == before
    assert not list(store_copy.parent.glob(".*.writing*"))


@pytest.mark.parametrize(("file", "row_id", "column", "value", "expected"), [
    ("funds.csv", "fund-bristol-local-food", "amount_gbp", "sixty thousand", "is not an amount in pounds"),
    ("funds.csv", "fund-bristol-local-food", "locality_id", "E99999999", "not a known locality id"),
    ("funds.csv", "fund-bristol-local-food", "participatory_gbp", "90000", "more than the fund's size"),
    ("meetings.csv", "mtg-moral-imagination", "held_on", "9th Feb", "write it as YYYY-MM-DD"),
    ("meetings.csv", "mtg-moral-imagination", "source_id", "", "is empty but required"),
    ("panels.csv", "panel-bristol-city-lab", "paid", "sometimes", "should be yes or no"),
    ("insights.csv", "ins-mi-02", "insight_id", "ins-mi-01", "is used twice"),
])
def test_each_kind_of_bad_cell_is_reported(store_copy, seed_dir_copy, file, row_id, column, value, expected):
    before = table_snapshot(store_copy)
    row = edit_cell(seed_dir_copy, file, row_id, column, value)
    with pytest.raises(SeedError) as caught:
        build_store(store_copy, seed_dir_copy)
    assert any(
        p.file == file and p.row == row and p.column == column and expected in p.message
        for p in caught.value.problems
    ), caught.value
    assert table_snapshot(store_copy) == before


def test_malformed_seed_file_is_reported(store_copy, seed_dir_copy):
    (seed_dir_copy / "speakers.csv").write_bytes(b"\xff\xfe not utf-8 \x00\x81")
    with pytest.raises(SeedError, match=r"speakers\.csv: the file is not UTF-8"):
        build_store(store_copy, seed_dir_copy)


def test_crash_during_build_leaves_old_store(store_copy, monkeypatch):
    before = table_snapshot(store_copy)

    def explode(connection):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "_fill_locality_within", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        build_store(store_copy)
    assert table_snapshot(store_copy) == before
    assert not list(store_copy.parent.glob(".*.writing*"))


def test_unquoted_comma_is_reported_not_silently_dropped(store_copy, seed_dir_copy):
    path = seed_dir_copy / "funds.csv"
    path.write_text(path.read_text().replace(
        '"The source gives £14,000 over six months."', "The source gives £14,000 over six months."
    ))
    with pytest.raises(SeedError, match=r"funds\.csv, row 5: has more cells than there are columns"):
        build_store(store_copy, seed_dir_copy)
