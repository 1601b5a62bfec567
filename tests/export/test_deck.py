"""The PowerPoint deck, opened back with python-pptx."""

from __future__ import annotations

import io

from pptx import Presentation

from dash import catalogue
from dash.cli import main
from dash.coverage import coverage_line
from dash.export.deck import build_deck
from dash.filters import Filters

BRISTOL = Filters(("E06000023",))


def _slides_text(data: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(data))
    texts = []
    for slide in deck.slides:
        parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        for shape in slide.shapes:
            if shape.has_chart:
                parts += list(shape.chart.plots[0].categories)
        texts.append("\n".join(parts))
    return texts


def test_deck_has_title_chart_and_source_slides_and_stays_in_its_area(db):
    cursor = db.cursor()
    names = list(catalogue.DEFAULT_SLIDES)
    data = build_deck([catalogue.build(n, cursor, BRISTOL) for n in names], coverage_line(cursor, BRISTOL))
    texts = _slides_text(data)
    assert len(texts) == len(names) + 2
    assert "Showing 3 funds (£1.37m), 3 panels and 1 meeting in Bristol." in texts[0]
    assert "How big is each fund?" in texts[1] and "93 times" in texts[1]
    assert texts[-1].startswith("Sources")
    assert "Sharing and building power: participatory grant-making — A Better Way" in texts[-1]
    for text in texts:
        assert "Barking" not in text and "Dagenham" not in text
    for text in texts[1:-1]:
        assert "Source:" in text


def test_bar_charts_are_native_and_the_map_is_a_picture(db):
    cursor = db.cursor()
    data = build_deck([catalogue.build(n, cursor, Filters()) for n in ("participatory_part", "money_map")],
                      "everything")
    deck = Presentation(io.BytesIO(data))
    chart_slide, map_slide = deck.slides[1], deck.slides[2]
    native = [shape for shape in chart_slide.shapes if shape.has_chart]
    assert len(native) == 1
    series = {s.name: list(s.values) for s in native[0].chart.plots[0].series}
    assert sum(series["Decided by communities"]) == 1_874_000
    assert any(shape.shape_type == 13 for shape in map_slide.shapes)  # 13: a picture


def test_deck_command(seed_store, tmp_path, capsys):
    out = tmp_path / "bristol.pptx"
    assert main(["deck", "--out", str(out), "--db", str(seed_store), "--locality", "Bristol",
                 "--charts", "fund_sizes,lived_experience_shares"]) == 0
    assert "4 slides for Bristol" in capsys.readouterr().out
    texts = _slides_text(out.read_bytes())
    assert len(texts) == 4 and "What share of each panel has lived experience?" in texts[2]
    assert main(["deck", "--out", str(out), "--db", str(seed_store), "--charts", "pie_chart"]) == 2
