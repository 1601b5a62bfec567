"""The PowerPoint deck, opened back with python-pptx."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from dash import catalogue
from dash.cli import main
from dash.coverage import coverage_line
from dash.export.deck import build_deck
from dash.filters import Filters

# The deck's map is a picture rendered by Debian's Chromium (Kaleido): the browser tier.
pytestmark = pytest.mark.browser

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


def _chart_shape(slide):
    return next(shape for shape in slide.shapes if shape.has_chart).chart


def test_the_deck_draws_like_the_screen(db):
    """Colours, hatching and number formats come from the chart's own definition (its Looks and
    measure): £ on money, % on shares, whole numbers on counts; no '0' labels; no picture or
    chart without alt text; every source with the date it reported."""
    from pptx.enum.dml import MSO_FILL

    from dash.charts.themes import ACCEPTED, SUGGESTED
    from dash.export.pptx_alt import alt_text

    cursor = db.cursor()
    names = ["participatory_part", "lived_experience_shares", "meetings_per_year", "theme_counts",
             "money_map"]
    charts = [catalogue.build(n, cursor, Filters()) for n in names]
    made = build_deck(charts, "everything", store_version="Store version 3: built …")
    deck = Presentation(io.BytesIO(made))
    slides = list(deck.slides)
    assert "Store version 3" in "\n".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)

    money = _chart_shape(slides[1])
    assert "£" in money.value_axis.tick_labels.number_format
    assert money.value_axis.major_unit == 500_000  # the screen's £0, £500k, £1.0m, £1.5m
    shares = _chart_shape(slides[2])
    assert shares.value_axis.tick_labels.number_format == "0%" and shares.value_axis.maximum_scale == 1.0
    counts = _chart_shape(slides[3])
    assert counts.value_axis.major_unit == 1 and counts.value_axis.tick_labels.number_format == "#,##0"
    assert counts.plots[0].data_labels.number_format == "#,##0;-#,##0;;"  # zero: no label

    themes_chart = _chart_shape(slides[4])
    fills = {s.name: s.format.fill for s in themes_chart.plots[0].series}
    suggested = fills["Suggested, not yet reviewed"]
    assert suggested.type == MSO_FILL.PATTERNED
    assert str(suggested.fore_color.rgb) == SUGGESTED.colour.lstrip("#")
    assert str(suggested.back_color.rgb) == SUGGESTED.pale.lstrip("#")
    if "Accepted by a reviewer" in fills:
        assert str(fills["Accepted by a reviewer"].fore_color.rgb) == ACCEPTED.colour.lstrip("#")
    footnote_of_themes = [s.text_frame.text for s in slides[4].shapes if s.has_text_frame][-1]
    assert "Hatched" in footnote_of_themes

    for slide, chart in zip(slides[1:-1], charts, strict=True):
        drawn = [shape for shape in slide.shapes if shape.has_chart or shape.shape_type == 13]
        assert drawn and all(alt_text(shape) == chart.alt for shape in drawn), chart.key
        footnote = [s.text_frame.text for s in slide.shapes if s.has_text_frame][-1]
        assert footnote.startswith("Source: ") and ("reported" in footnote or "published" in footnote
                                                    or "undated" in footnote), footnote
    assert "the dashboard's store" not in "\n".join(_slides_text(build_deck(charts, "everything")))


def test_slide_text_drops_what_a_document_cannot_hold(db):
    """A control character (which python-pptx refuses) or a right-to-left override in a stored
    title does not stop the deck, and does not reach it."""
    import dataclasses

    chart = catalogue.build("fund_sizes", db.cursor(), Filters())
    hostile = dataclasses.replace(chart, title="Funds\x01 \u202eevil\u202c", takeaway="Line\x0bbreak")
    texts = _slides_text(build_deck([hostile], "everything"))
    assert "Funds evil" in texts[1] and "\x01" not in texts[1] and "\u202e" not in texts[1]


NEED_CHARTS = ("funds_per_head", "funds_by_deprivation", "funds_per_head_map", "panel_members_per_100k")


def test_the_need_charts_carry_the_screen_s_figures_and_the_population_s_vintage(store_copy):
    """Chosen for a deck, money against need and the panels against their area's people say what the
    screen says (the same takeaways, the decile shares adding up to 100%), each slide citing the
    population estimates with their vintage and saying decile 1 is the most deprived."""
    import duckdb

    from dash.write import service

    assert service.save_record("panels", "panel-bristol-local-food", {"members": "10"}, by="AB",
                               store=store_copy).ok
    cursor = duckdb.connect(str(store_copy), read_only=True).cursor()
    charts = [catalogue.build(name, cursor, BRISTOL) for name in NEED_CHARTS]
    assert not any(chart.is_empty for chart in charts)
    deck = Presentation(io.BytesIO(build_deck(charts, coverage_line(cursor, BRISTOL))))
    slides = list(deck.slides)[1:-1]
    for slide, chart in zip(slides, charts, strict=True):
        text = "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        assert chart.title in text and chart.takeaway in text, chart.key
        assert "mid-2025" in text, chart.key  # the population's vintage, on every per-head slide
    assert "Decile 1 is the most deprived" in "\n".join(
        shape.text_frame.text for shape in slides[1].shapes if shape.has_text_frame)
    deciles = _chart_shape(slides[1])
    shares = {series.name: list(series.values) for series in deciles.plots[0].series}
    assert sum(shares["Share of money"]) == pytest.approx(1.0)
    assert sum(shares["Share of people"]) == pytest.approx(1.0)
    assert list(deciles.plots[0].categories) == [str(d) for d in range(1, 11)]
    assert any(shape.shape_type == 13 for shape in slides[0].shapes)  # per head: the screen's picture
    assert any(shape.shape_type == 13 for shape in slides[3].shapes)  # panels: the screen's picture
    assert "2.0 per 100,000" in charts[3].takeaway
    last = "\n".join(shape.text_frame.text for shape in list(deck.slides)[-1].shapes if shape.has_text_frame)
    assert "Office for National Statistics, mid-2025 (30 June 2025)" in last
    assert "English Indices of Deprivation 2025" in last and "Scottish" not in last  # Bristol: England's own
