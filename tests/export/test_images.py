"""Chart images are real images of slide size, rendered by Debian's Chromium through Kaleido."""

import io
import itertools

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


# Where each block of words lands in an image, read from the SVG as Chromium draws it.
IMAGE_BLOCKS = """() => {
  const box = (node) => { const b = node.getBoundingClientRect();
    return {text: node.textContent, left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
  const all = (selector) => Array.from(document.querySelectorAll(selector)).map(box)
    .filter((b) => b.text.trim() !== '' || b.right > b.left);
  return {title: all('.gtitle'), takeaway: all('.gtitle-subtitle'), key: all('.legend .legendtext'),
          notes: all('.annotation-text'), plots: all('.bglayer .bg'),
          drawn: all('.cartesianlayer .trace path')};
}"""


@pytest.fixture(scope="module")
def svg_page(browser):
    """A page of the worker's one Chromium (tests/conftest.py), the size of a slide."""
    page = browser.new_page(viewport={"width": SLIDE_WIDTH, "height": SLIDE_HEIGHT})
    yield page
    page.close()


def _blocks(page, svg: bytes) -> dict[str, list[dict]]:
    page.set_content(f"<html><body style='margin:0'>{svg.decode()}</body></html>")
    return page.evaluate(IMAGE_BLOCKS)


def _apart(a: dict, b: dict) -> bool:
    return a["right"] <= b["left"] + 1 or b["right"] <= a["left"] + 1 or a["bottom"] <= b["top"] + 1 \
        or b["bottom"] <= a["top"] + 1


def _panels_chart(store_copy):
    import duckdb

    from dash.write import service

    assert service.save_record("panels", "panel-bristol-local-food", {"members": "10"}, by="AB",
                               store=store_copy).ok
    return catalogue.build("panel_members_per_100k", duckdb.connect(str(store_copy), read_only=True).cursor(),
                           Filters())


def test_a_key_above_the_chart_sits_under_a_takeaway_of_any_length(store_copy, db, svg_page):
    """The panels-per-100,000 chart's two-line takeaway ran under its key: the takeaway was placed a
    fixed distance above the chart. Now title, takeaway, key, the views' names and the chart stand one
    under the other, each as tall as its lines, and the foot (filter and sources) is whole."""
    import dataclasses

    from dash.export.images import chart_image, key_rows_above

    panels = _panels_chart(store_copy)
    assert key_rows_above(panels.figure) == 1 and "<br>" not in panels.takeaway
    sources = tuple(f"A source with a long title, number {n}, by a long-named publisher" for n in range(9))
    long_foot = dataclasses.replace(panels, sources=sources)
    three_lines = dataclasses.replace(panels, takeaway=" ".join([panels.takeaway] * 2))
    compared = catalogue.build_comparison("theme_counts", db, Filters(("E06000023",)).compared_with(
        ("E09000002",))).as_chart()
    for chart in (panels, three_lines, long_foot, compared, catalogue.build("money_map", db, Filters())):
        blocks = _blocks(svg_page, chart_image(chart, "everything", "svg"))
        words = [block for part in ("title", "takeaway", "key", "notes") for block in blocks[part]]
        for index, block in enumerate(words):
            assert block["left"] >= 0 and block["top"] >= 0, (chart.key, block)
            assert block["right"] <= SLIDE_WIDTH + 1, (chart.key, block)
            assert block["bottom"] <= SLIDE_HEIGHT + 1, (chart.key, block)
            for other in words[index + 1:]:
                assert _apart(block, other), (chart.key, block["text"][:50], other["text"][:50])
        assert blocks["title"] and blocks["takeaway"], chart.key  # the takeaway under the title, at its left
        top_of_chart = min(plot["top"] for plot in blocks["plots"] or blocks["drawn"])  # a map: no background
        keyed = key_rows_above(chart.figure) > 0
        order = [blocks["title"], blocks["takeaway"], *([blocks["key"]] if keyed else [])]
        for upper, lower in itertools.pairwise(order):
            assert max(b["bottom"] for b in upper) <= min(b["top"] for b in lower) + 1, (chart.key, lower)
        assert max(b["bottom"] for b in order[-1]) <= top_of_chart + 1, chart.key
