"""The deck as a projector shows it: rendered by LibreOffice (Debian's libreoffice-impress, which
`make test` installs) to PDF, its words located with poppler's pdftotext, and held against the
boxes the deck drew. Every block of slide text must lie inside its own text box, no two text
boxes may overlap each other or a chart, and no two blocks of text may cross."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Emu

from dash import catalogue
from dash.charts import Chart
from dash.coverage import coverage_line
from dash.export.deck import build_deck
from dash.export.layout import Box
from dash.filters import Filters

# LibreOffice renders the deck, whose map Chromium drew: the office and browser tiers.
pytestmark = [pytest.mark.office, pytest.mark.browser]


@pytest.fixture(autouse=True)
def _office_installed() -> None:
    missing = [tool for tool in ("soffice", "pdftotext") if not shutil.which(tool)]
    assert not missing, (f"{', '.join(missing)} missing: `make test` installs libreoffice-impress "
                         "and poppler-utils")

TOLERANCE = 2.0  # points: anti-aliasing and font rounding
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclasses.dataclass(frozen=True)
class Drawn:
    box: Box  # in points
    text: str  # the shape's words, spaces collapsed ("" for a chart or picture)


def _points(emu: int) -> float:
    return Emu(emu).pt


def _shapes(deck_bytes: bytes) -> list[list[Drawn]]:
    deck = Presentation(io.BytesIO(deck_bytes))
    slides = []
    for slide in deck.slides:
        slides.append([
            Drawn(Box(_points(shape.left), _points(shape.top), _points(shape.width), _points(shape.height)),
                  " ".join(shape.text_frame.text.split()) if shape.has_text_frame else "")
            for shape in slide.shapes
        ])
    return slides


def _rendered_blocks(deck_bytes: bytes, folder: Path) -> list[list[tuple[Box, str]]]:
    """Each page's blocks of text as LibreOffice laid them out: (box in points, words)."""
    (folder / "deck.pptx").write_bytes(deck_bytes)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(folder), str(folder / "deck.pptx")],
                   check=True, capture_output=True, timeout=120)
    subprocess.run(["pdftotext", "-bbox-layout", str(folder / "deck.pdf"), str(folder / "deck.html")],
                   check=True, capture_output=True, timeout=60)
    html = (folder / "deck.html").read_text()
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", html))
    pages = []
    for page in root.iter(f"{_XHTML}page"):
        blocks = []
        for block in page.iter(f"{_XHTML}block"):
            x0, y0, x1, y1 = (float(block.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
            words = " ".join(word.text or "" for word in block.iter(f"{_XHTML}word"))
            blocks.append((Box(x0, y0, x1 - x0, y1 - y0), words))
        pages.append(blocks)
    return pages


def _bare(text: str) -> str:
    """Text without spaces or invisible characters: LibreOffice breaks a long word across lines."""
    return "".join(ch for ch in text if ch.isprintable() and not ch.isspace())


def _inside(inner: Box, outer: Box) -> bool:
    return (inner.left >= outer.left - TOLERANCE and inner.top >= outer.top - TOLERANCE
            and inner.left + inner.width <= outer.left + outer.width + TOLERANCE
            and inner.top + inner.height <= outer.top + outer.height + TOLERANCE)


def _shrunk(box: Box) -> Box:
    inset = TOLERANCE
    return Box(box.left + inset, box.top + inset, box.width - 2 * inset, box.height - 2 * inset)


def assert_nothing_overlaps(deck_bytes: bytes, folder: Path) -> None:
    slides, pages = _shapes(deck_bytes), _rendered_blocks(deck_bytes, folder)
    assert len(pages) == len(slides)
    for number, (shapes, blocks) in enumerate(zip(slides, pages, strict=True), start=1):
        texts = [shape for shape in shapes if shape.text]
        for index, shape in enumerate(shapes):
            for other in shapes[index + 1:]:
                assert not shape.box.overlaps(other.box), (
                    f"slide {number}: boxes overlap: {shape.text[:40]!r} and {other.text[:40]!r}")
        slide_text = []
        frames = [shape.box for shape in shapes if not shape.text]
        for box, words in blocks:
            if any(_inside(box, frame) for frame in frames):
                continue  # a chart's own labels (a paragraph that ran over would not fit wholly inside)
            owners = [shape for shape in texts if _bare(words) and _bare(words) in _bare(shape.text)]
            assert owners, f"slide {number}: {words[:60]!r} is outside every shape"
            assert any(_inside(box, owner.box) for owner in owners), (
                f"slide {number}: {words[:60]!r} runs out of its box")
            slide_text.append((box, words))
        for index, (box, words) in enumerate(slide_text):
            for other, other_words in slide_text[index + 1:]:
                assert not _shrunk(box).overlaps(_shrunk(other)), (
                    f"slide {number}: {words[:40]!r} is drawn over {other_words[:40]!r}")


def test_the_default_deck_renders_without_overlaps(db, tmp_path):
    cursor = db.cursor()
    charts = [catalogue.build(name, cursor, Filters()) for name in catalogue.DEFAULT_SLIDES]
    deck = build_deck(charts, coverage_line(cursor, Filters()), store_version="Store version 0.")
    assert_nothing_overlaps(deck, tmp_path)


def test_the_need_and_panel_charts_render_without_overlaps(store_copy, tmp_path):
    """Chosen for a deck, per head, deprivation, the per-head map and panels per 100,000 residents
    (their notes long: what is not counted, the indices, the population's vintage) fit their slides."""
    import duckdb

    from dash.write import service

    assert service.save_record("panels", "panel-bristol-local-food", {"members": "10"}, by="AB",
                               store=store_copy).ok
    cursor = duckdb.connect(str(store_copy), read_only=True).cursor()
    names = ("funds_per_head", "funds_by_deprivation", "funds_per_head_map", "panel_members_per_100k")
    for filters in (Filters(("E06000023",)), Filters()):
        charts = [catalogue.build(name, cursor, filters) for name in names]
        deck = build_deck(charts, coverage_line(cursor, filters), store_version="Store version 0.")
        assert_nothing_overlaps(deck, tmp_path)


def test_long_titles_takeaways_and_sources_still_fit(db, tmp_path):
    """Words far longer than any chart's today, and a hostile title, push the chart down, not
    under the text; forty sources are listed as far as they fit and the rest counted."""
    cursor = db.cursor()
    chart = catalogue.build("participatory_part", cursor, Filters())
    long = dataclasses.replace(
        chart,
        title="How much of each fund do communities decide, and how much stays with the boards "
              "that hold it? " * 2,
        takeaway=" ".join([chart.takeaway] * 4),
        sources=tuple(f"Source number {n} with a long title about participatory grant-making — A Publisher, "
                      f"reported 9 February 2022" for n in range(40)),
        note="A long note about how to read this chart, repeated. " * 6,
    )
    hostile = dataclasses.replace(catalogue.build("theme_counts", cursor, Filters()),
                                  title="<b>=HYPERLINK(\"http://x\")</b>\u202e" + "W" * 120)
    empty = Chart("nothing", "Nothing here", "No fund matches this filter.", "Nothing", pd.DataFrame)
    deck = build_deck([long, hostile, empty], "everything " * 40, store_version="Store version 12.")
    assert_nothing_overlaps(deck, tmp_path)


def test_a_money_axis_on_a_slide_reads_as_on_the_screen(db, tmp_path):
    """The community-decided part's axis (steps of £500k) as LibreOffice writes it: £500k, £1.0m,
    £1.5m, as the screen's ticks do, never "£1m" beside "£1.5m" nor a half million rounded away."""
    chart = catalogue.build("participatory_part", db.cursor(), Filters())
    screen = chart.figure.layout.xaxis.ticktext
    assert "£1.0m" in screen and "£1.5m" in screen and "£1m" not in screen
    deck = build_deck([chart], "everything", store_version="Store version 1.")
    words = {word for _, text in _rendered_blocks(deck, tmp_path)[1] for word in text.split()}
    assert {"£500k", "£1.0m", "£1.5m"} <= words, sorted(words)
    assert "£1m" not in words


def test_the_since_slide_and_the_themes_chart_render_without_overlaps(seed_store, tmp_path):
    """The "Since we last met" slide (its counts under a headline naming the day) and the themes that
    rose or fell, on a store with a known history; and a headline with a very long meeting title."""
    from dash.since import ChangesSince
    from dash.store import StoreReader
    from tests.support.history import SINCE, build_history

    store = build_history(seed_store, tmp_path / "dash.duckdb")
    cursor = StoreReader(store).cursor()
    filters = Filters(since=SINCE)
    found = catalogue.fetch("changes_since", cursor, filters)
    deck = build_deck([catalogue.build("themes_since", cursor, filters)], "everything", since=found)
    assert_nothing_overlaps(deck, tmp_path)
    long = dataclasses.replace(found, why=f"{SINCE}, the day of the last meeting (“{'Harbour panel ' * 40}”)")
    assert isinstance(long, ChangesSince)
    assert_nothing_overlaps(build_deck([], "everything", since=long), tmp_path)


def test_a_comparison_s_slides_render_with_both_views_and_nothing_overlapping(db, tmp_path):
    """Two views on one slide as LibreOffice draws it: both charts (editable ones, or pictures for a
    map) side by side, the difference and each view's name in their own boxes, nothing crossing."""
    both = Filters(("E06000023",)).compared_with(("E09000002",))
    names = ("fund_sizes", "money_by_place", "funds_per_head", "theme_counts", "money_map")
    compared = [catalogue.build_comparison(name, db, both) for name in names]
    deck = build_deck(compared, coverage_line(db.cursor(), both), store_version="Store version 0.")
    assert_nothing_overlaps(deck, tmp_path)
    pages = _rendered_blocks(deck, tmp_path)
    for number, name in enumerate(names, start=2):  # after the title slide
        slide = Presentation(io.BytesIO(deck)).slides[number - 1]
        drawn = sorted((shape for shape in slide.shapes if shape.has_chart or shape.shape_type == 13),
                       key=lambda shape: shape.left)
        assert len(drawn) == 2, name  # one a view
        left, right = (Box(_points(one.left), _points(one.top), _points(one.width), _points(one.height))
                       for one in drawn)
        assert left.left + left.width <= right.left, name  # side by side
        words = " ".join(text for _, text in pages[number - 1])
        assert "Bristol" in words and "Barking and Dagenham" in words, (name, words[:200])  # each view named
        for shape, frame in zip(drawn, (left, right), strict=True):
            if shape.has_chart:  # an editable chart: LibreOffice draws its labels inside its frame
                assert any(_inside(box, frame) for box, _ in pages[number - 1]), (name, frame)
            else:  # a picture (a map, a log scale): a drawn image, not an empty one
                assert len(shape.image.blob) > 10_000, name
