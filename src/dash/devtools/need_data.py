"""Regenerate ``data/need/`` (population and deprivation by local authority) from the reference folder.

    python -m dash.devtools.need_data [--reference ../shared/reference/need] [--out data/need]

Every number the dashboard shows against need comes from the files this writes, and every one of
them is either copied from a published file in the reference folder (``../shared/reference/need/``,
described in its README) or computed here by the rule written beside it, so a reader can trace
any figure. ``data/need/README.md`` (written by hand) says which source, vintage and licence each
column has; ``tests/devtools/test_need_data.py`` checks that this script writes the shipped
files byte for byte.

The rules, in short:

* Population: the mid-2025 estimates for every current local authority, except Barnsley and
  Sheffield, which the mid-2025 file lacks (their 2025 codes are new): their mid-2024 figure under
  the old codes, labelled with its own date and source.
* Deprivation: each nation's own index, never compared across nations. England's published
  local-authority summary (IoD2025, File 10) is copied. Wales (WIMD 2025), Scotland (SIMD 2020v2)
  and Northern Ireland (NIMDM 2017) are published for small areas only, so their local-authority
  figures are computed here by England's own method: the average of the authority's small-area
  ranks, each rank reversed so that the most deprived small area scores highest, weighted by the
  small areas' population where the file gives it (Scotland), else counting each small area once
  (Wales and Northern Ireland, whose files carry no population; their small areas are drawn to
  hold similar numbers of people). Authorities are ranked within their nation on it (1 = most
  deprived) and cut into tenths of the nation's authorities (decile 1 = the most deprived tenth).
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dash.paths import DATA_DIR, GEO_DIR, PROJECT_ROOT

REFERENCE_DIR = PROJECT_ROOT.parent / "shared" / "reference" / "need"
NEED_DIR = DATA_DIR / "need"

NATIONS = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}

# Small areas each nation's index ranks (the scale of its ranks): England 2021 LSOAs, Wales 2021
# LSOAs, Scotland 2011 data zones, Northern Ireland 2001 SOAs (reference README, "Deprivation").
SMALL_AREAS = {"E": 33_755, "W": 1_917, "S": 6_976, "N": 890}

# Names the deprivation files write differently from the ONS lookup (reference README).
NAME_FIXES = {
    "Na h-Eileanan an Iar": "Na h-Eileanan Siar",
    "Armagh City Banbridge and Craigavon": "Armagh City, Banbridge and Craigavon",
    "Newry Mourne and Down": "Newry, Mourne and Down",
}


@dataclass(frozen=True)
class Source:
    source_id: str
    what: str
    title: str
    publisher: str
    edition: str
    url: str
    licence: str
    taken_from: str


OGL = "Open Government Licence v3.0"
UK_AQ = "UK-AQ/uk-aq.github.io data/population/lad-latest.json at d54e31c1fdade66e55370bb493bad6f535c6ce05"
SOURCES = (
    Source("ons-mye-2025", "population, England and Wales",
           "Population estimates for England and Wales, mid-2025 (Nomis dataset NM_2002_1)",
           "Office for National Statistics", "mid-2025 (30 June 2025)",
           "https://www.nomisweb.co.uk/datasets/pestsyoala", OGL,
           UK_AQ),
    Source("nrs-mye-2025", "population, Scotland",
           "Mid-2025 population estimates, Scotland, Table 1 (council areas; rounded to the nearest 10)",
           "National Records of Scotland", "mid-2025 (30 June 2025)",
           "https://www.nrscotland.gov.uk/publications/mid-2025-population-estimates/", OGL,
           UK_AQ),
    Source("nisra-mye-2025", "population, Northern Ireland",
           "2025 mid-year population estimates for Northern Ireland (LGD2014)",
           "Northern Ireland Statistics and Research Agency", "mid-2025 (30 June 2025)",
           "https://www.nisra.gov.uk/publications/2025-mid-year-population-estimates-northern-ireland-and-"
           "estimates-population-aged-85", OGL,
           UK_AQ),
    Source("ons-mye-2024", "population, Barnsley and Sheffield only",
           "Estimates of the population for England and Wales, mid-2024 (2023 local authority boundaries), "
           "MYE2 persons", "Office for National Statistics", "mid-2024 (30 June 2024)",
           "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/"
           "datasets/estimatesofthepopulationforenglandandwales", OGL,
           "LibrariesHacked/public-libraries-activity-dataset data/mye24tablesew.csv at "
           "a1e657fb1ea32a5f81d475d0b09d1d3ac8730e8d"),
    Source("mhclg-iod-2025", "deprivation, England",
           "English Indices of Deprivation 2025, File 10: local authority district summaries (lower-tier)",
           "Ministry of Housing, Communities and Local Government", "2025",
           "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025", OGL,
           "traffordDataLab/open_data IndicesOfDeprivation/IoD2025/local_authority_district/"
           "indices_of_deprivation_2025_lad.csv at 3fcf109befc790c3b77ee893507eac77875d0371"),
    Source("wg-wimd-2025", "deprivation, Wales",
           "Welsh Index of Multiple Deprivation 2025: index and domain ranks by small area",
           "Welsh Government", "2025 (published 27 November 2025)",
           "https://www.gov.wales/welsh-index-multiple-deprivation-wimd-2025-planned-and-published-outputs",
           OGL, "Sport-Wales/crowdfunder-calculator src/data/wimd-2025-index-and-domain-ranks-by-small-area"
           ".csv at 0e699d6255cc6fd77377a53583e0a7d60c34676c"),
    Source("sg-simd-2020v2", "deprivation, Scotland",
           "Scottish Index of Multiple Deprivation 2020v2: ranks by data zone",
           "Scottish Government", "2020 (version 2)",
           "https://www.gov.scot/collections/scottish-index-of-multiple-deprivation-2020/", OGL,
           "mysociety/composite_uk_imd country_indexes/simd2020/SIMD+2020v2+-+ranks.csv at "
           "58301a466ea7a8b9910de11526bccf4df8d8e282"),
    Source("nisra-nimdm-2017", "deprivation, Northern Ireland",
           "Northern Ireland Multiple Deprivation Measure 2017: results by super output area",
           "Northern Ireland Statistics and Research Agency", "2017",
           "https://www.nisra.gov.uk/statistics/deprivation/northern-ireland-multiple-deprivation-measure-2017-nimdm2017",
           OGL, "mysociety/composite_uk_imd country_indexes/nimdm2017/nimdm2017-soa.csv at "
           "58301a466ea7a8b9910de11526bccf4df8d8e282"),
)
INDEX_OF = {"E": "mhclg-iod-2025", "W": "wg-wimd-2025", "S": "sg-simd-2020v2", "N": "nisra-nimdm-2017"}
POPULATION_OF = {"E": "ons-mye-2025", "W": "ons-mye-2025", "S": "nrs-mye-2025", "N": "nisra-mye-2025"}


class ReferenceProblem(ValueError):
    """The reference folder is not what this script was written for: it says what and where."""


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Districts:
    """The current local authorities of ``data/geo/la_all_codes.csv`` and how older codes map to them."""

    current: dict[str, str]  # code → ONS name
    active: dict[str, str]  # any code (current or abolished) → its current code
    by_name: dict[str, str]  # a current authority's ONS name → its code

    @classmethod
    def read(cls, geo_dir: Path) -> Districts:
        rows = _read(geo_dir / "la_all_codes.csv")
        current = {r["LADCD"]: r["LADNM"] for r in rows if r["Current"].strip().upper() == "TRUE"}
        return cls(current, {r["LADCD"]: r["LADCD_ACTIVE"] for r in rows},
                   {name: code for code, name in current.items()})

    def code_of(self, code: str, where: str) -> str:
        active = self.active.get(code)
        if active not in self.current:
            raise ReferenceProblem(f"{where}: {code} is not a local authority in data/geo/la_all_codes.csv")
        return active

    def code_named(self, name: str, where: str) -> str:
        fixed = NAME_FIXES.get(name, name)
        if fixed not in self.by_name:
            raise ReferenceProblem(f"{where}: no current local authority is called '{name}'")
        return self.by_name[fixed]


def population_rows(reference: Path, districts: Districts) -> list[dict[str, object]]:
    """One row per current local authority: mid-2025, else (Barnsley, Sheffield) mid-2024 under the
    old code."""
    found: dict[str, dict[str, object]] = {}
    for row in _read(reference / "population_lad_mid2025_uk.csv"):
        code = districts.code_of(row["geo_code"], "population_lad_mid2025_uk.csv")
        found[code] = {"population": int(row["population_value"]), "estimate_for": row["reference_date"],
                       "source_id": POPULATION_OF[code[0]], "code_in_source": row["geo_code"]}
    for row in _read(reference / "population_lad_mid2024_ew.csv"):
        code = districts.code_of(row["Code"], "population_lad_mid2024_ew.csv")
        if code not in found:  # the mid-2025 file's gap, and nothing else
            found[code] = {"population": int(row["All ages"]), "estimate_for": "2024-06-30",
                           "source_id": "ons-mye-2024", "code_in_source": row["Code"]}
    missing = sorted(set(districts.current) - set(found))
    if missing:
        raise ReferenceProblem(f"no population for {', '.join(missing)}")
    return [{"lad_code": code, "lad_name": districts.current[code], "nation": NATIONS[code[0]], **found[code]}
            for code in sorted(found)]


@dataclass
class _Summary:
    """A local authority's deprivation summary in its nation's index, before it is ranked."""

    code: str
    code_in_source: str
    average_rank: float  # MHCLG's scale: the most deprived small area scores the highest rank
    small_areas: int | None
    most_deprived_tenth: float
    method: str


def _from_small_areas(code: str, ranks: list[tuple[int, float]], nation: str, weighting: str) -> _Summary:
    """England's File 10 method on another nation's small areas: ``ranks`` are (rank, weight) with
    rank 1 the most deprived; each is reversed (N + 1 - rank) so the most deprived scores highest."""
    total = SMALL_AREAS[nation]
    weight = sum(w for _, w in ranks)
    average = sum((total + 1 - rank) * w for rank, w in ranks) / weight
    tenth = sum(1 for rank, _ in ranks if rank <= total // 10) / len(ranks)
    return _Summary(code, code, average, len(ranks), tenth, f"computed here from small areas, {weighting}")


def deprivation_rows(reference: Path, districts: Districts) -> list[dict[str, object]]:
    summaries: list[_Summary] = []
    for row in _read(reference / "deprivation_england_iod2025_lad.csv"):
        if row["index_domain"] != "Index of Multiple Deprivation":
            continue
        summaries.append(_Summary(
            districts.code_of(row["area_code"], "deprivation_england_iod2025_lad.csv"), row["area_code"],
            float(row["average_rank"]), None, float(row["proportion_bottom_decile"]),
            "published by MHCLG (File 10), population-weighted"))

    small: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for row in _read(reference / "deprivation_wales_wimd2025_lsoa.csv"):
        code = districts.code_named(row["Local Authority name (Eng)"], "deprivation_wales_wimd2025_lsoa.csv")
        small[code].append((int(row["WIMD 2025"]), 1.0))
    for row in _read(reference / "deprivation_scotland_simd2020v2_datazone.csv"):
        code = districts.code_named(row["Council_area"], "deprivation_scotland_simd2020v2_datazone.csv")
        small[code].append((int(row["SIMD2020v2_Rank"]), float(row["Total_population"])))
    for row in _read(reference / "deprivation_ni_nimdm2017_soa.csv"):
        code = districts.code_of(row["LGD2014code"], "deprivation_ni_nimdm2017_soa.csv")
        small[code].append((int(row["MDM_rank"]), 1.0))
    for code, ranks in small.items():
        weighting = ("weighted by the data zones' population in the SIMD file" if code[0] == "S"
                     else "each small area counted once (the file gives no population)")
        summaries.append(_from_small_areas(code, ranks, code[0], weighting))

    missing = sorted(set(districts.current) - {s.code for s in summaries})
    if missing:
        raise ReferenceProblem(f"no deprivation summary for {', '.join(missing)}")
    rows: list[dict[str, object]] = []
    for nation in NATIONS:
        own = [s for s in summaries if s.code[0] == nation]
        # rank 1 = the most deprived: the highest average (reversed) rank; ties broken by code
        own.sort(key=lambda s: (-round(s.average_rank, 2), s.code))
        for position, summary in enumerate(own, start=1):
            rows.append({
                "lad_code": summary.code, "lad_name": districts.current[summary.code],
                "nation": NATIONS[nation],
                "index_id": INDEX_OF[nation], "code_in_source": summary.code_in_source,
                "small_areas": "" if summary.small_areas is None else summary.small_areas,
                "small_areas_in_nation": SMALL_AREAS[nation],
                "average_rank": f"{summary.average_rank:.2f}",
                "rank_in_nation": position, "places_in_nation": len(own),
                "decile_in_nation": decile(position, len(own)),
                "most_deprived_tenth_share": f"{summary.most_deprived_tenth:.4f}",
                "method": summary.method,
            })
    _check_england(rows, reference)
    return sorted(rows, key=lambda r: str(r["lad_code"]))


def decile(rank: int, places: int) -> int:
    """The tenth of a nation's ``places`` (ranked 1 = most deprived) that ``rank`` falls in: 1 for the
    most deprived tenth, 10 for the least. Tenths differ by at most one place (England's 296: 29 or 30)."""
    return math.floor((rank - 1) * 10 / places) + 1


def _check_england(rows: list[dict[str, object]], reference: Path) -> None:
    """Our ordering of England's authorities must be MHCLG's own 'rank of average rank'."""
    rows_of_file = _read(reference / "deprivation_england_iod2025_lad.csv")
    published = {r["area_code"]: int(r["rank_average_rank"]) for r in rows_of_file
                 if r["index_domain"] == "Index of Multiple Deprivation"}
    for row in rows:
        if row["nation"] == "England" and published[str(row["code_in_source"])] != row["rank_in_nation"]:
            raise ReferenceProblem(f"England: {row['lad_code']} ranks {row['rank_in_nation']} here but "
                                   f"{published[str(row['code_in_source'])]} in File 10")


def source_rows() -> list[dict[str, object]]:
    return [vars(source) for source in SOURCES]


def _csv_text(rows: Iterable[dict[str, object]]) -> str:
    rows = list(rows)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def need_files(reference: Path = REFERENCE_DIR, geo_dir: Path = GEO_DIR) -> dict[str, str]:
    """Each file of ``data/need/`` (but its README) by name, with its text."""
    districts = Districts.read(geo_dir)
    return {
        "population.csv": _csv_text(population_rows(reference, districts)),
        "deprivation.csv": _csv_text(deprivation_rows(reference, districts)),
        "sources.csv": _csv_text(source_rows()),
    }


def write_need_files(out: Path = NEED_DIR, reference: Path = REFERENCE_DIR,
                     geo_dir: Path = GEO_DIR) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in need_files(reference, geo_dir).items():
        (out / name).write_bytes(text.encode("utf-8"))
        written.append(out / name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE_DIR, help="the reference folder")
    parser.add_argument("--out", type=Path, default=NEED_DIR, help="where to write (data/need)")
    arguments = parser.parse_args(argv)
    for path in write_need_files(arguments.out, arguments.reference):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
