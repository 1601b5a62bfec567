"""The build reads data/need/ like the ONS geography: checked first, refused in one sentence."""

from __future__ import annotations

import shutil

import pytest

from dash.ingest.need import NeedDataError, read_need
from dash.paths import NEED_DIR

CURRENT = [line.split(",")[0] for line in (NEED_DIR / "population.csv").read_text().splitlines()[1:]]


@pytest.fixture
def need_copy(tmp_path):
    path = tmp_path / "need"
    shutil.copytree(NEED_DIR, path)
    return path


def test_the_shipped_files_cover_every_current_district():
    data = read_need(NEED_DIR, CURRENT)
    assert len(data.population) == len(data.deprivation) == 361
    assert len(data.sources) == 8


def test_a_district_missing_is_named(need_copy):
    lines = (need_copy / "population.csv").read_text().splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("E06000023")]
    (need_copy / "population.csv").write_text("".join(kept))
    with pytest.raises(NeedDataError, match=r"^need/population.csv has no row for E06000023: every current"):
        read_need(need_copy, CURRENT)


def test_a_bad_figure_is_named_with_its_row_and_column(need_copy):
    text = (need_copy / "deprivation.csv").read_text()
    (need_copy / "deprivation.csv").write_text(text.replace(",296,1,0.4211,", ",296,11,0.4211,", 1))
    with pytest.raises(NeedDataError, match=r"need/deprivation.csv, row 2, column decile_in_nation: '11'"):
        read_need(need_copy, CURRENT)


def test_an_unknown_source_is_named(need_copy):
    text = (need_copy / "population.csv").read_text()
    (need_copy / "population.csv").write_text(text.replace("ons-mye-2025", "somewhere", 1))
    with pytest.raises(NeedDataError, match=r"the source 'somewhere' is not in need/sources\.csv"):
        read_need(need_copy, CURRENT)


def test_a_place_put_on_another_nation_s_index_is_refused(need_copy):
    """Glasgow (S12000049) placed on England's index: refused, naming the row, so Scotland is never
    ranked on England's index."""
    lines = (need_copy / "deprivation.csv").read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("S12000049"))
    lines[number] = lines[number].replace("sg-simd-2020v2", "mhclg-iod-2025", 1)
    (need_copy / "deprivation.csv").write_text("".join(lines))
    with pytest.raises(NeedDataError, match=rf"row {number + 1}: S12000049 is in Scotland but is placed on "
                       r"'mhclg-iod-2025' \(deprivation, England\): each local authority is ranked on its "
                       r"own nation's index only"):
        read_need(need_copy, CURRENT)


def test_ranks_across_the_uk_rather_than_within_a_nation_are_refused(need_copy):
    text = (need_copy / "deprivation.csv").read_text()
    wales = [line for line in text.splitlines() if line.startswith("W")]
    first = wales[0]
    cells = first.split(",")
    cells[9] = "361"  # places_in_nation: the UK's count, not Wales's 22
    (need_copy / "deprivation.csv").write_text(text.replace(first, ",".join(cells), 1))
    with pytest.raises(NeedDataError, match=r"Wales has 22 local authorities but W06000001 says 361 places"):
        read_need(need_copy, CURRENT)
