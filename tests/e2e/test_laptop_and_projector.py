"""Read as a trustee reads it on a 1280×720 laptop or projector and a 1920×1080 screen: the Overview's
charts wide enough to read, and the Area box taking the place typed. Boxes are read from the drawn
page, as the map test reads its label cards; every page's labels are checked in test_every_page.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    LAYOUT_FAULTS,
    wait_for_layout_to_settle,
    wait_until_idle,
)

pytestmark = pytest.mark.e2e


def test_the_overview_s_charts_are_wide_enough_to_read(server, sized_page):
    """Below about 1,400 px the charts stack one to a row; above it two to a row, each still wide."""
    page = sized_page
    page.goto(server)
    wait_until_idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5")
    wait_for_layout_to_settle(page)  # the charts take their column's width once laid out
    widths = [chart["width"] for chart in page.evaluate(LAYOUT_FAULTS)]
    assert len(widths) == 5
    assert min(widths) >= 600, widths
    label = page.get_by_text("Panels stating a lived-experience share")
    expect(label).to_be_visible()
    assert "…" not in label.inner_text()


@pytest.mark.parametrize("typed, wanted, code", [("Bristol", "Bristol", "E06000023"),
                                                ("York", "York", "E06000014")])
def test_the_area_box_takes_the_place_typed_on_enter(server, sized_page, typed, wanted, code):
    """Typing "Bristol" and Enter picks Bristol alone (it once picked "2 matches", the second being
    Bournemouth, Christchurch and Poole); "York" picks York, not the county containing the word."""
    page = sized_page
    page.goto(server)
    wait_until_idle(page)
    area = page.get_by_role("combobox", name="Area")
    area.click()
    area.fill(typed)
    expect(page.get_by_role("option").first).to_contain_text(wanted)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("(code) => window.location.search.includes(code)", arg=code)
    wait_until_idle(page)
    assert page.url.split("locality=")[1].split("&")[0] == code
    expect(page.get_by_text(f"in {wanted}").first).to_be_visible()
    assert page.get_by_text(f"{wanted} or ").count() == 0
