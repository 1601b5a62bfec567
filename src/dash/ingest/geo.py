"""The ONS geography lookups under ``data/geo/``: every UK local authority and what it sits in.

Codes follow ONS: district (E06/E07/E08/E09, W06, S12, N09) → county (E10) →
region (E12) → nation (E92/W92/S92/N92), plus combined authorities (E47) whose
member districts are recorded as parts. Districts abolished since 2019 are
kept (``is_current`` false) under the authority that replaced them, so older
grants that name them still land in the right place.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from dash.errors import UserError
from dash.files import read_bounded
from dash.ingest.limits import SEED_FILE_BYTES

_KINDS = {
    "E06": "unitary authority",
    "E07": "district",
    "E08": "metropolitan borough",
    "E09": "London borough",
    "E10": "county",
    "E12": "region",
    "E47": "combined authority",
    "E92": "nation",
    "W92": "nation",
    "S92": "nation",
    "N92": "nation",
    "W06": "principal area",
    "S12": "council area",
    "N09": "district",
}



_ONS_SUFFIX = re.compile(r",\s*(?:City|County|City and County) of$")


def spoken_name(ons_name: str) -> str:
    """A place as people say it: the ONS writes 'Bristol, City of' and 'Herefordshire, County of'."""
    return _ONS_SUFFIX.sub("", ons_name).strip() or ons_name


def kind_of(code: str) -> str:
    return _KINDS.get(code[:3], "area")


def _rows(path: Path) -> list[dict[str, str]]:
    text = read_bounded(path, SEED_FILE_BYTES).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_ons_localities(geo_dir: Path) -> tuple[list[dict[str, object]], list[dict[str, str]]]:
    """Locality rows and combined-authority parts from the ONS lookup files."""
    localities: dict[str, dict[str, object]] = {}

    def add(code: str, name: str, parent: str | None, current: bool = True) -> None:
        localities.setdefault(code, {
            "locality_id": code, "name": spoken_name(name), "ons_name": name, "kind": kind_of(code),
            "ons_code": code,
            "parent_id": parent or None, "is_current": current,
        })

    for row in _rows(geo_dir / "ctry_all_codes.csv"):
        add(row["CTRYCD"], row["CTRYNM"], None)
    for row in _rows(geo_dir / "rgn_all_codes.csv"):
        add(row["RGNCD"], row["RGNNM"], row["CTRYCD"])
    for row in _rows(geo_dir / "utla_all_codes.csv"):
        if row["UTLACD"].startswith("E10"):
            add(row["UTLACD"], row["UTLANM"], row["RGNCD"] or row["CTRYCD"])

    parts: list[dict[str, str]] = []
    for row in _rows(geo_dir / "la_all_codes.csv"):
        code, current = row["LADCD"], row["Current"].strip().upper() == "TRUE"
        above = row["RGNCD"] or row["CTRYCD"]
        if not current and row["LADCD_ACTIVE"] != code:
            parent = row["LADCD_ACTIVE"]
        elif row["UTLACD"] != code:
            parent = row["UTLACD"]
        else:
            parent = above
        add(code, row["LADNM"], parent, current)
        if row["CAUTHCD"]:
            add(row["CAUTHCD"], row["CAUTHNM"], above)
            if current:
                parts.append({"locality_id": row["CAUTHCD"], "part_id": code})
    return list(localities.values()), parts


TOWNS = "towns.csv"
TOWN_COLUMNS = ("name", "locality_id", "population", "geonameid")


def read_towns(geo_dir: Path, current: Iterable[str]) -> list[tuple[str, str, int, int]]:
    """The gazetteer's rows (``data/geo/towns.csv``: town → current council), those whose council the
    store holds. A folder without the file (a test's own geography) has no towns; a damaged file is
    named with its line, like a seed file."""
    path = geo_dir / TOWNS
    if not path.exists():
        return []
    known = set(current)
    rows = []
    for line, row in enumerate(_rows(path), start=2):
        try:
            name, locality_id = row["name"].strip(), row["locality_id"].strip()
            population, geonameid = int(row["population"]), int(row["geonameid"])
        except (KeyError, AttributeError, TypeError, ValueError):
            raise UserError(f"{path.name}, line {line}: each row needs a name, a council's code and two "
                            "whole numbers (population, geonameid).") from None
        if name and locality_id in known:
            rows.append((name, locality_id, population, geonameid))
    return rows


def within_pairs(
    parents: dict[str, str | None], parts: list[tuple[str, str]]
) -> list[tuple[str, str, int]]:
    """Every (place, place it lies within, steps apart), each place within itself at 0.

    A place is within its parent and within any area that lists it as a part,
    and so within everything those lie within.
    """
    containers: dict[str, set[str]] = {code: set() for code in parents}
    for code, parent in parents.items():
        if parent:
            containers[code].add(parent)
    for area, part in parts:
        containers.setdefault(part, set()).add(area)

    pairs: list[tuple[str, str, int]] = []
    for code in parents:
        depth_of = {code: 0}
        frontier = [code]
        while frontier:
            following: list[str] = []
            for place in frontier:
                for outer in containers.get(place, ()):
                    if outer not in depth_of:
                        depth_of[outer] = depth_of[place] + 1
                        following.append(outer)
            frontier = following
        pairs.extend((code, outer, depth) for outer, depth in depth_of.items())
    return pairs
