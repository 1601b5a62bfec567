"""A comparison link as a trustee opens it on a 1280×720 laptop or projector and a 1920×1080 screen:
both views drawn, every chart's labels apart and whole, the difference in words on the page, the
Present page's two-chart slides inside the screen, and nothing axe-core calls serious. Boxes are read
from the drawn page (``LAYOUT_FAULTS``), as the single-view tests read them."""

from __future__ import annotations

import itertools
import json

import pytest
from playwright.sync_api import expect

from dash import catalogue
from dash.filters import Filters
from tests.support.browser import (
    SIZES,
    drawn_charts,
    open_slide,
    open_tab,
    screenshot,
    violations,
    wait_until_idle,
)

pytestmark = pytest.mark.e2e

BRISTOL, BARKING = "E06000023", "E09000002"
LINK = f"locality={BRISTOL}&compare={BARKING}"
COMPARED = Filters((BRISTOL,)).compared_with((BARKING,))
LABELS = ("Bristol", "Barking and Dagenham")
PAGES = {"overview": "", "funds": "funds", "panels": "panels", "themes": "themes", "map": "map"}
SHOWN = {**catalogue.PAGE_CHARTS, "themes": ("theme_counts", "theme_matrix_meeting", "themes_over_time",
                                            "theme_pairs")}
LEAST_WIDTH = 560  # px: a side narrower than this runs its labels together or cuts them


@pytest.mark.parametrize("name", list(PAGES))
def test_a_comparison_link_draws_both_views_with_labels_apart_and_whole(server, sized_page, db, name):
    """Each chart twice, once a view, under the view's name; the difference in words above them;
    every side wide enough that no label is cut or runs into another."""
    page = sized_page
    comparisons = [catalogue.build_comparison(chart, db, COMPARED) for chart in SHOWN[name]]
    sides = sum(not chart.is_empty for comparison in comparisons
                for chart in (comparison.left, comparison.right))
    page.goto(f"{server}/{PAGES[name]}?{LINK}")
    wait_until_idle(page)
    page.wait_for_function("(n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                           arg=sides)
    charts = drawn_charts(page)  # a chart drawn before its column had its width lays out again
    screenshot(page, f"compare-{name}-{page.size_name}")
    assert len(charts) == sides
    faults = [fault for chart in charts for fault in chart["faults"]]
    assert faults == [], faults
    widths = [chart["width"] for chart in charts]
    assert min(widths) >= LEAST_WIDTH, widths
    cut = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stMetricValue"] div'))
        .filter((value) => value.scrollWidth > value.clientWidth + 1).map((value) => value.textContent)""")
    assert cut == [], f"headline figures cut short: {cut}"
    for label in LABELS:  # each view's name heads its side
        expect(page.get_by_text(label, exact=True).first).to_be_visible()
    for sentence in dict.fromkeys(comparison.difference for comparison in comparisons):
        expect(page.get_by_text(sentence.split(";")[0]).first).to_be_visible()


SLIDE_PARTS = {"title": ".slide-title", "difference": "p.slide-takeaway", "source": "p.slide-source",
               "previous": ".st-key-slide_back button", "next": ".st-key-slide_next button",
               "leave": '.st-key-slide_controls a:has-text("Leave")'}


@pytest.mark.parametrize("size", list(SIZES))
def test_every_two_view_slide_fits_the_projector_without_scrolling(server, tabs, db, size):
    """Title, the difference, both views under their names (a chart, or a sentence where a view has
    nothing to draw) and the source all inside the screen, in that order, side by side, with the
    charts given the room that is left. At 1280×720 a fixed 460 px chart pushed the source off."""
    width, height = SIZES[size]
    with open_tab(tabs, width, height) as page:
        for slide, name in enumerate(catalogue.DEFAULT_SLIDES, start=1):
            comparison = catalogue.build_comparison(name, db, COMPARED)
            drawn = [side for side, chart in (("left", comparison.left), ("right", comparison.right))
                     if not chart.is_empty]
            open_slide(page, server, slide, LINK)
            charts = page.locator('.st-key-slide [data-testid="stPlotlyChart"]')
            expect(charts).to_have_count(len(drawn))
            if len(drawn) < 2:
                expect(page.locator('.st-key-slide [data-testid="stAlert"]')).to_have_count(2 - len(drawn))
            if slide in (1, 3, len(catalogue.DEFAULT_SLIDES)):
                screenshot(page, f"present-compare-{slide}-{width}x{height}")
            assert page.evaluate("document.scrollingElement.scrollHeight") <= height, slide
            boxes = {}
            for part, selector in SLIDE_PARTS.items():
                found = page.locator(selector).first
                expect(found).to_be_visible()
                boxes[part] = found.bounding_box()
            for index, label in enumerate(LABELS):
                boxes[label] = page.locator(".st-key-slide p.slide-takeaway b").nth(index).bounding_box()
            for side, index in zip(drawn, range(len(drawn)), strict=True):
                boxes[side] = charts.nth(index).bounding_box()
            for part, box in boxes.items():
                inside = box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width + 1 \
                    and box["y"] + box["height"] <= height + 1
                assert inside, (slide, part, box)
            for side in drawn:
                heading = boxes[LABELS[0 if side == "left" else 1]]
                order = [boxes["title"], boxes["difference"], heading, boxes[side], boxes["source"]]
                for upper, lower in itertools.pairwise(order):
                    assert upper["y"] + upper["height"] <= lower["y"] + 1, (slide, side, upper, lower)
                assert boxes[side]["height"] >= 0.45 * height, (slide, side, boxes[side])
            assert boxes[LABELS[0]]["x"] + boxes[LABELS[0]]["width"] <= boxes[LABELS[1]]["x"], slide  # beside
            faults = [fault for chart in drawn_charts(page) for fault in chart["faults"]]
            assert faults == [], (slide, faults)


@pytest.mark.parametrize("path", ["", "funds", "present"])
def test_no_serious_accessibility_problem_when_comparing(server, page, path):
    page.goto(f"{server}/{path}?{LINK}")
    wait_until_idle(page)
    problems = violations(page)
    if problems:
        screenshot(page, f"axe-compare-{path or 'overview'}")
    assert problems == [], json.dumps(problems, indent=1)
