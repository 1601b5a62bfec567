"""Chart images are real images of slide size, rendered by Debian's Chromium through Kaleido."""

import io

import pytest
from PIL import Image

from dash import catalogue
from dash.export.images import SLIDE_HEIGHT, SLIDE_WIDTH, figure_image
from dash.filters import Filters

# Chart images are rendered by Debian's Chromium (Kaleido): the browser tier.
pytestmark = pytest.mark.browser


def test_png_export_is_a_real_image_of_slide_size(db):
    chart = catalogue.build("fund_sizes", db.cursor(), Filters())
    image = Image.open(io.BytesIO(figure_image(chart.figure, "png")))
    assert image.format == "PNG" and image.size == (SLIDE_WIDTH, SLIDE_HEIGHT)
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # drawn, not blank
    assert any(rgb == (0, 114, 178) for _, rgb in colours)  # the palette's blue bars


def test_svg_export(db):
    chart = catalogue.build("lived_experience_shares", db.cursor(), Filters())
    svg = figure_image(chart.figure, "svg").decode()
    assert svg.startswith("<svg") and "Bristol Local Food Fund panel" in svg


def test_an_exported_image_carries_its_title_takeaway_filter_and_sources(db):
    from dash.export.images import chart_image

    chart = catalogue.build("fund_sizes", db.cursor(), Filters(("E06000023",)))
    svg = chart_image(chart, "3 funds in Bristol", "svg").decode()
    for words in ("How big is each fund?", chart.takeaway.split(":")[0], "Showing 3 funds in Bristol.",
                  "Source: Sharing and building power"):
        assert words in svg.replace("&amp;", "&"), words
    bare = chart_image(chart, "3 funds in Bristol", "svg", words=False).decode()
    assert "Showing 3 funds" not in bare and "How big is each fund?" not in bare
    png = Image.open(io.BytesIO(chart_image(chart, "3 funds in Bristol", "png")))
    assert png.size == (SLIDE_WIDTH, SLIDE_HEIGHT)


def test_stored_tags_in_a_title_are_text_in_the_image(db):
    import dataclasses

    from dash.export.images import chart_image

    chart = catalogue.build("fund_sizes", db.cursor(), Filters())
    hostile = dataclasses.replace(chart, takeaway='<a href="https://evil.example">click</a>')
    svg = chart_image(hostile, "all areas", "svg").decode()
    assert "<a " not in svg  # never a link
    assert "&#60;a href=" in svg or "&lt;a href=" in svg  # drawn as its characters
