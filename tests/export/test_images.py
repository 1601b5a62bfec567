"""Chart images are real images of slide size, rendered by Debian's Chromium through Kaleido."""

import io

from PIL import Image

from dash import catalogue
from dash.export.images import SLIDE_HEIGHT, SLIDE_WIDTH, figure_image
from dash.filters import Filters


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
