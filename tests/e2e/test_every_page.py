"""Every page as a trustee's browser draws it, opened once per size and read for everything a drawn page
must be: no error and nothing asked of any host but this machine, every chart's labels apart and whole,
and nothing axe-core (WCAG 2.2 AA) calls serious or critical.

The pages with charts are opened at a 1280×720 laptop or projector and a 1920×1080 screen; the rest,
and the pages with a filter in their link, at the laptop's size, where room is shortest. Each visit is
one module-scoped fixture value, so pytest runs all three tests on a page while it is open and opens
each page once: 19 page loads, with the Since page checked too, where three modules made 31 (a page
load is about 2 s of Chromium's CPU).

axe-core is the npm package at the version ``package-lock.json`` pins, read from node_modules and
injected into the page (never fetched from a CDN). A heading out of order fails too (moderate in axe's
terms, but it is how screen-reader users move through a page).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    LAYOUT_FAULTS,
    SIZES,
    drawn_charts,
    open_tab,
    requests_seen,
    screenshot,
    violations,
    wait_until_idle,
)

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Visit:
    name: str
    link: str  # after the server's address
    size: str  # a key of SIZES
    charts: bool = True  # whether the page draws a chart on the seed store


CHART_PAGES = {"overview": "", "funds": "funds", "panels": "panels", "themes": "themes",
               "meetings": "meetings", "map": "map"}
VISITS = (
    *(Visit(name, link, size) for name, link in CHART_PAGES.items() for size in SIZES),
    Visit("grants", "grants", "laptop", charts=False),  # the seed holds no grants: it says how to import
    Visit("present", "present", "laptop"),
    Visit("since", "since", "laptop", charts=False),  # nothing in the seed changed after its last meeting
    Visit("activity", "activity", "laptop", charts=False),
    Visit("funds-in-bristol", "funds?locality=E06000023", "laptop"),
    Visit("themes-accepted", "themes?codes=accepted", "laptop", charts=False),  # no review accepted yet
    Visit("meetings-in-bristol", "meetings?locality=E06000023", "laptop"),
)


@dataclass
class Shown:
    visit: Visit
    page: object  # Playwright's Page
    asked: list[str] = field(default_factory=list)  # every address the page asked for

    @property
    def label(self) -> str:
        return f"{self.visit.name}-{self.visit.size}"


@pytest.fixture(scope="module", params=VISITS, ids=lambda visit: f"{visit.name}-{visit.size}")
def shown(request, server, tabs):
    visit: Visit = request.param
    with open_tab(tabs, *SIZES[visit.size]) as page, requests_seen(page) as asked:
        page.goto(f"{server}/{visit.link}")
        wait_until_idle(page)
        if visit.charts:
            page.wait_for_selector(".js-plotly-plot .main-svg")
        yield Shown(visit, page, asked)


def test_the_page_draws_with_nothing_from_outside_this_machine(shown):
    page = shown.page
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    if shown.visit.name == "grants":
        expect(page.get_by_text("No grants have been imported yet").first).to_be_visible()
    path = screenshot(page, f"page-{shown.label}")
    assert path.stat().st_size > 10_000
    outside = [url for url in shown.asked if urlparse(url).hostname not in ("127.0.0.1", "localhost")]
    assert outside == [], "the app must not need the internet at run time"


def test_every_chart_s_labels_are_apart_and_whole(shown):
    charts = drawn_charts(shown.page) if shown.visit.charts else shown.page.evaluate(LAYOUT_FAULTS)
    assert bool(charts) == shown.visit.charts, shown.label
    faults = [fault for chart in charts for fault in chart["faults"]]
    if faults:
        screenshot(shown.page, f"labels-{shown.label}")
    assert faults == [], faults


def test_no_serious_accessibility_problem(shown):
    problems = violations(shown.page)
    if problems:
        screenshot(shown.page, f"axe-{shown.label}")
    assert problems == [], json.dumps(problems, indent=1)
