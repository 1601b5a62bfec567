"""The deck and the board pack carry a comparison as the screen shows it: both views side by side under
one title, the difference in words, one scale, and a table saying which view each row is from."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pptx import Presentation

from dash import catalogue
from dash.cli import main
from dash.export.pack import build_pack, pack_html
from dash.filters import Filters

pytestmark = pytest.mark.browser  # pictures and the pack: Debian's Chromium, through Kaleido

BRISTOL_AND_BARKING = Filters(("E06000023",)).compared_with(("E09000002",))
WORDS = "3 funds in Bristol; beside it, 1 fund in Barking and Dagenham"


def _text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_a_comparison_slide_holds_both_views_on_one_scale(db):
    from dash.export.deck import build_deck

    compared = [catalogue.build_comparison(name, db, BRISTOL_AND_BARKING)
                for name in ("money_by_place", "money_map")]
    deck = Presentation(io.BytesIO(build_deck(compared, WORDS)))
    assert len(deck.slides) == 4
    bars, pictures = deck.slides[1], deck.slides[2]
    text = _text(bars)
    assert "Money in funds by place" in text and "Bristol\n" in text + "\n"
    assert "Money in funds — Bristol: £1.37m, 37% more than Barking and Dagenham's £1m" in text
    charts = [shape.chart for shape in bars.shapes if shape.has_chart]
    assert len(charts) == 2  # native, editable, one a side
    assert [list(chart.plots[0].categories) for chart in charts] == [["Bristol"], ["Barking and Dagenham"]]
    assert charts[0].value_axis.maximum_scale == charts[1].value_axis.maximum_scale  # one scale
    assert sum(1 for shape in pictures.shapes if shape.shape_type == 13) == 2  # the two maps, pictures
    assert "Barking and Dagenham" in _text(pictures)


def test_the_deck_command_compares(seed_store, tmp_path, capsys):
    out = tmp_path / "compared.pptx"
    assert main(["deck", "--out", str(out), "--db", str(seed_store), "--locality", "Bristol", "--compare",
                 "South West", "--charts", "fund_sizes"]) == 0
    deck = Presentation(io.BytesIO(out.read_bytes()))
    assert "beside it," in _text(deck.slides[0])
    assert "Bristol is part of South West: South West counts Bristol too." in _text(deck.slides[1])
    assert main(["deck", "--out", str(out), "--db", str(seed_store), "--compare", "Atlantis"]) == 2


def test_the_pack_carries_both_views_and_a_table_saying_which(db, tmp_path):
    compared = [catalogue.build_comparison("money_by_place", db, BRISTOL_AND_BARKING)]
    page = pack_html(compared, WORDS, "Store version 0.")
    assert "37% more than Barking and Dagenham" in page and "<th>View</th>" in page
    assert page.count("<img") == 1  # both sides in one picture
    pdf = build_pack(compared, WORDS, "Store version 0.")
    (tmp_path / "pack.pdf").write_bytes(pdf)
    assert shutil.which("pdftotext"), "pdftotext missing: `make test` installs poppler-utils"
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(tmp_path / "pack.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "Money in funds — Bristol: £1.37m, 37% more than Barking and Dagenham's £1m" in text
    assert "View Place" in text  # the table's first column: which view a row is from
    assert "Bristol Bristol £1,374,000" in text
    assert "£1,000,000" in text  # Barking and Dagenham's row (its name wraps in the table's narrow columns)


def test_an_image_of_a_comparison_holds_both_views(db):
    from dash.export.images import chart_image

    chart = catalogue.build_comparison("money_by_place", db, BRISTOL_AND_BARKING).as_chart()
    svg = chart_image(chart, WORDS, "svg").decode()
    assert "Barking and Dagenham" in svg and "37% more than" in svg and svg.count("£1.5m") == 2  # two axes
