"""Population and deprivation by local authority, from ``data/need/``, for money against need.

The files are written by ``dash.devtools.need_data`` from the reference folder and described in
``data/need/README.md``; a build reads and checks them before the store is touched (like the ONS
geography), then loads them into ``need_population``, ``need_deprivation`` and ``need_sources``
(docs/schema.md). Every current local authority must have one row of each, naming a source that
``sources.csv`` lists: a figure the page shows per head is never divided by a missing population.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dash.errors import UserError
from dash.files import read_bounded
from dash.ingest.limits import SEED_FILE_BYTES
from dash.store.bulk import insert_rows

FILES = ("population.csv", "deprivation.csv", "sources.csv")

# Each nation's own ONS code, by the first letter of its districts' codes.
NATION_OF = {"E": "E92000001", "W": "W92000004", "S": "S92000003", "N": "N92000002"}
NATION_NAME = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}


class NeedDataError(UserError):
    """``data/need/`` is not as the build needs it; nothing was written."""


@dataclass(frozen=True)
class NeedData:
    population: list[tuple[object, ...]]
    deprivation: list[tuple[object, ...]]
    sources: list[tuple[object, ...]]


def _rows(path: Path) -> list[dict[str, str]]:
    text = read_bounded(path, SEED_FILE_BYTES).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _field(row: dict[str, str], name: str, parse: Callable[[str], object], where: str) -> object:
    value = (row.get(name) or "").strip()
    try:
        return parse(value)
    except ValueError:
        raise NeedDataError(f"{where}, column {name}: '{value[:40]}' is not what it should be; "
                            "regenerate data/need with python -m dash.devtools.need_data.") from None


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


def _share(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError(value)
    return number


def _decile(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 10:
        raise ValueError(value)
    return number


def _optional_count(value: str) -> int | None:
    return _positive(value) if value else None


def _text(value: str) -> str:
    if not value:
        raise ValueError(value)
    return value


def read_need(need_dir: Path, districts: Iterable[str]) -> NeedData:
    """The three files, checked against the current districts ``districts`` (their ONS codes)."""
    current = set(districts)
    sources = []
    for number, row in enumerate(_rows(need_dir / "sources.csv"), start=2):
        where = f"{need_dir.name}/sources.csv, row {number}"
        sources.append(tuple(_field(row, c, _text, where) for c in (
            "source_id", "what", "title", "publisher", "edition", "url", "licence", "taken_from")))
    known_sources = {row[0] for row in sources}

    def checked_code(row: dict[str, str], where: str, seen: set[str]) -> str:
        code = str(_field(row, "lad_code", _text, where))
        if code not in current:
            raise NeedDataError(f"{where}: {code} is not a current local authority in data/geo.")
        if code in seen:
            raise NeedDataError(f"{where}: {code} has a second row.")
        seen.add(code)
        return code

    def checked_source(row: dict[str, str], column: str, where: str) -> str:
        source = str(_field(row, column, _text, where))
        if source not in known_sources:
            raise NeedDataError(f"{where}: the source '{source}' is not in {need_dir.name}/sources.csv.")
        return source

    population, seen = [], set()
    for number, row in enumerate(_rows(need_dir / "population.csv"), start=2):
        where = f"{need_dir.name}/population.csv, row {number}"
        code = checked_code(row, where, seen)
        population.append((code, NATION_OF[code[0]], _field(row, "population", _positive, where),
                           _field(row, "estimate_for", dt.date.fromisoformat, where),
                           checked_source(row, "source_id", where),
                           _field(row, "code_in_source", _text, where)))
    _all_there(current - seen, "population.csv", need_dir)

    index_of = {row[0]: row[1] for row in sources}  # source_id → 'deprivation, Scotland'

    def own_index(row: dict[str, str], code: str, where: str) -> str:
        """The row's index, which must be its own nation's: no place is ranked on another's index."""
        index = checked_source(row, "index_id", where)
        nation = NATION_NAME[code[0]]
        if index_of[index] != f"deprivation, {nation}":
            raise NeedDataError(f"{where}: {code} is in {nation} but is placed on '{index}' "
                                f"({index_of[index]}): each local authority is ranked on its own nation's "
                                "index only.")
        return index

    deprivation, seen = [], set()
    for number, row in enumerate(_rows(need_dir / "deprivation.csv"), start=2):
        where = f"{need_dir.name}/deprivation.csv, row {number}"
        code = checked_code(row, where, seen)
        deprivation.append((
            code, NATION_OF[code[0]], own_index(row, code, where),
            _field(row, "average_rank", float, where), _field(row, "rank_in_nation", _positive, where),
            _field(row, "places_in_nation", _positive, where),
            _field(row, "decile_in_nation", _decile, where),
            _field(row, "most_deprived_tenth_share", _share, where),
            _field(row, "small_areas", _optional_count, where),
            _field(row, "small_areas_in_nation", _positive, where), _field(row, "method", _text, where),
            _field(row, "code_in_source", _text, where)))
    _all_there(current - seen, "deprivation.csv", need_dir)
    _ranked_within_nations(deprivation, need_dir)
    return NeedData(population, deprivation, sources)


def _ranked_within_nations(deprivation: list[tuple[object, ...]], need_dir: Path) -> None:
    """Each nation's local authorities ranked 1 to n among themselves (n: how many it has), so a
    decile is a tenth of that nation's places, never of the UK's."""
    by_nation: dict[object, list[tuple[object, ...]]] = {}
    for row in deprivation:
        by_nation.setdefault(row[1], []).append(row)
    for rows in by_nation.values():
        count = len(rows)
        ranks = sorted(int(row[4]) for row in rows)  # type: ignore[call-overload]
        wrong = next((row for row in rows if row[5] != count), None)
        if wrong is not None or ranks != list(range(1, count + 1)):
            nation = NATION_NAME[str(rows[0][0])[0]]
            said = (f"{wrong[0]} says {wrong[5]} places in its nation" if wrong is not None
                    else "its ranks are not 1 to " + f"{count:,} once each")
            raise NeedDataError(f"{need_dir.name}/deprivation.csv: {nation} has {count:,} local authorities "
                                f"but {said}: each is ranked among its own nation's places only.")


def _all_there(missing: set[str], file: str, need_dir: Path) -> None:
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        listed = ", ".join(sorted(missing)[:5]) + more
        raise NeedDataError(f"{need_dir.name}/{file} has no row for {listed}: every current local authority "
                            "needs one; regenerate data/need with python -m dash.devtools.need_data.")


def load_need(connection: duckdb.DuckDBPyConnection, data: NeedData) -> None:
    """Insert the checked rows into the store's need tables (inside the build's transaction)."""
    for table, rows in (("need_sources", data.sources), ("need_population", data.population),
                        ("need_deprivation", data.deprivation)):
        insert_rows(connection, table, rows)
