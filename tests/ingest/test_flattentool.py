"""The importer reads a spreadsheet into the JSON form as flattentool, the 360Giving standard's own
converter, does: on each of the standard's example spreadsheets the grants are the same."""

from __future__ import annotations

import json
import shutil
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from dash.ingest.giving360 import read_grants
from dash.ingest.giving360_schema import SCHEMA

flattentool = pytest.importorskip("flattentool")  # a test-only dependency (requirements-dev.txt)

FILES = Path(__file__).with_name("360giving")
SPREADSHEETS = sorted(p.name for p in FILES.iterdir() if p.suffix in (".csv", ".xlsx"))


def _flattentool(path: Path, tmp_path: Path) -> list[dict]:
    """What flattentool makes of the file, with the arguments 360Giving's Data Quality Tool gives it."""
    if path.suffix == ".csv":  # flattentool reads a folder of CSV files, one a sheet
        folder = tmp_path / "sheets"
        folder.mkdir()
        shutil.copy(path, folder / "grants.csv")
        source, form = folder, "csv"
    else:
        source, form = path, "xlsx"
    out = tmp_path / "flattentool.json"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        flattentool.unflatten(str(source), output_name=str(out), input_format=form, root_list_path="grants",
                              root_id="", schema=str(SCHEMA), convert_titles=True)
    return json.loads(out.read_text(encoding="utf-8"), parse_float=Decimal)["grants"]


def _ours(path: Path) -> list[dict]:
    rows, _, _ = read_grants(path.read_bytes(), path.name)
    return [{**row.grant, **row.extra} for row in rows]


def _same_numbers(value):
    """Numbers compared by value (flattentool keeps Decimal('5000'), the importer the int 5000)."""
    if isinstance(value, dict):
        return {k: _same_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_numbers(v) for v in value]
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value


@pytest.mark.parametrize("name", SPREADSHEETS)
def test_the_importer_reads_a_spreadsheet_as_flattentool_does(name, tmp_path):
    theirs = _same_numbers(_flattentool(FILES / name, tmp_path))
    ours = _same_numbers(_ours(FILES / name))
    assert len(ours) == len(theirs) > 0
    for number, (mine, expected) in enumerate(zip(ours, theirs, strict=True), start=2):
        assert mine == expected, f"row {number}"


def test_there_are_example_spreadsheets_of_both_kinds():
    assert {Path(n).suffix for n in SPREADSHEETS} == {".csv", ".xlsx"} and len(SPREADSHEETS) >= 4
