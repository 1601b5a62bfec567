"""The gazetteer in the store: data/geo/towns.csv loaded by every build into ``district_places``, read
by ``queries.places.town_name_index`` for the importer, and a write-up naming only a town imported
into its council."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dash.errors import UserError
from dash.ingest.geo import read_towns
from dash.paths import GEO_DIR
from dash.queries.places import town_name_index
from dash.store import StoreReader
from dash.write import service

TORBAY = "E06000027"


def test_every_build_loads_the_towns_with_their_council(seed_store: Path):
    cursor = StoreReader(seed_store).cursor()
    rows = cursor.execute("SELECT count(*), count(DISTINCT name) FROM district_places").fetchone()
    assert rows[0] == rows[1] > 2_000
    towns = town_name_index(cursor)
    assert towns["Paignton"] == (TORBAY, "Torbay")
    assert towns["Peckham"] == ("E09000028", "Southwark")
    assert towns["Carlisle"] == ("E06000063", "Cumberland")  # the council today, not the 2020 district
    # every town lies in a current council the store holds
    assert cursor.execute("""
        SELECT count(*) FROM district_places dp LEFT JOIN localities l USING (locality_id)
        WHERE l.locality_id IS NULL OR NOT l.is_current
    """).fetchone()[0] == 0


def test_a_geography_without_a_gazetteer_has_no_towns(tmp_path: Path):
    assert read_towns(tmp_path, {TORBAY}) == []


def test_a_town_of_a_council_the_store_lacks_is_left_out_and_a_damaged_row_named(tmp_path: Path):
    (tmp_path / "towns.csv").write_text("name,locality_id,population,geonameid\nPaignton,E06000027,67520,1\n"
                                        "Nowhere,X99,600,2\n", encoding="utf-8")
    assert read_towns(tmp_path, {TORBAY}) == [("Paignton", TORBAY, 67520, 1)]
    (tmp_path / "towns.csv").write_text("name,locality_id,population,geonameid\nPaignton,E06000027,lots,1\n",
                                        encoding="utf-8")
    with pytest.raises(UserError, match=r"towns\.csv, line 2"):
        read_towns(tmp_path, {TORBAY})


def test_the_shipped_gazetteer_is_part_of_the_builds_inputs(tmp_path: Path):
    from dash.write.build import input_files

    assert GEO_DIR / "towns.csv" in input_files()
    geo = tmp_path / "geo"
    shutil.copytree(GEO_DIR, geo)
    (geo / "towns.csv").unlink()
    assert geo / "towns.csv" not in input_files(geo_dir=geo)


def test_a_write_up_naming_only_a_town_is_imported_into_its_council(store_copy: Path):
    notes = (b"# Carers' cafe in Paignton\n\nFourteen carers met at the cafe on the seafront on a wet "
             b"Tuesday to talk about respite, the bus and the new hub.\n\n"
             b"- Carers want to book respite themselves.\n- The bus timetable suits nobody.\n")
    outcome = service.import_write_up(notes, "cafe.md", by="AB", store=store_copy)
    assert outcome.ok
    report = outcome.report
    assert report.locality_id == TORBAY, report.notes
    assert any(note.startswith("Placed in Torbay (the write-up names Paignton), named in the title")
               for note in report.notes)
    place = [m for m in report.mentions if m.kind == "place"]
    assert [(m.text, m.value) for m in place] == [("Paignton", TORBAY)]
