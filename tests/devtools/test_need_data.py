"""data/need/ is exactly what dash.devtools.need_data makes of the reference folder: every shipped
figure can be traced to a published file and the rule that derived it."""

from __future__ import annotations

import csv
import io

import pytest

from dash.devtools import need_data
from dash.paths import NEED_DIR


@pytest.fixture(scope="module")
def regenerated():
    if not need_data.REFERENCE_DIR.is_dir():
        pytest.skip(f"the reference folder {need_data.REFERENCE_DIR} is not on this machine")
    return need_data.need_files()


def test_data_need_regenerates_byte_for_byte(regenerated):
    shipped = sorted(path.name for path in NEED_DIR.glob("*.csv"))
    assert shipped == sorted(regenerated)
    for name, text in regenerated.items():
        assert (NEED_DIR / name).read_bytes() == text.encode("utf-8"), f"data/need/{name} differs"


def test_the_script_writes_the_same_files(regenerated, tmp_path):
    need_data.main(["--out", str(tmp_path)])
    for name, text in regenerated.items():
        assert (tmp_path / name).read_bytes() == text.encode("utf-8")


def test_barnsley_and_sheffield_say_they_are_mid_2024(regenerated):
    rows = {row[0]: row for row in csv.reader(io.StringIO(regenerated["population.csv"]))}
    assert rows["E08000038"][3:7] == ["251770", "2024-06-30", "ons-mye-2024", "E08000016"]
    assert rows["E08000039"][3:7] == ["582493", "2024-06-30", "ons-mye-2024", "E08000019"]
    assert rows["E06000023"][3:6] == ["495260", "2025-06-30", "ons-mye-2025"]
    assert sum(1 for row in rows.values() if row[4] == "2024-06-30") == 2
    assert len(rows) == 362  # the header and the 361 current local authorities


def test_deciles_are_tenths_of_each_nation():
    assert [need_data.decile(rank, 296) for rank in (1, 30, 31, 296)] == [1, 1, 2, 10]
    assert [need_data.decile(rank, 11) for rank in range(1, 12)] == [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
