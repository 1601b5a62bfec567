"""Confirm… in a real browser at a laptop's and a meeting room's screen size: the pop-up closes, the
outcome is in sight, the sum is not offered again after a reload, and a second click cannot add the
fund twice (measured before: the pop-up stayed open, the message was below the screen, and a second
click made 7 funds of 6)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dash.devtools.local_server import running_app
from dash.store import StoreReader
from dash.write import service
from tests.support.browser import open_tab, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

NOTES = ("# Calderdale neighbourhood panel\n\nHeld on 3 June 2025 in Calderdale.\n\n"
         "- The Calderdale Neighbourhood Fund of £250,000, run by Calderdale Community Foundation, is "
         "decided by twelve residents.\n"
         "- Half the panel had lived experience of poverty.\n"
         "- Groups said the forms were too long.\n").encode()


def _in_sight(page, locator) -> bool:
    """Whether the element's box lies inside the browser's window as it is scrolled now."""
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] \
        and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]


def _funds(store) -> int:
    return StoreReader(store).cursor().execute(
        "SELECT count(*) FROM funds WHERE name = 'Calderdale Neighbourhood Fund'").fetchone()[0]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_confirm_is_one_finished_action(store_copy, tabs, width, height):
    assert service.import_write_up(NOTES, "calderdale.md", by="AB", store=store_copy).ok
    with open_tab(tabs, width, height) as page:
        with running_app(store_copy, warm_up=False) as app:
            page.goto(f"{app.url}/meetings?search=Calderdale")
            expect(page.get_by_text("What this write-up mentions")).to_be_visible()
            wait_until_idle(page)
            confirms = page.get_by_role("button", name="Confirm…")
            offered = confirms.count()
            assert offered == 3  # the sum, the lived-experience share, the place
            confirms.first.scroll_into_view_if_needed()
            confirms.first.click()
            create = page.get_by_role("button", name="Create the fund")
            expect(create).to_be_visible()
            expect(page.get_by_label("The new organisation's name")).to_have_value(
                "Calderdale Community Foundation")
            expect(page.get_by_label("Decided by communities (£)")).to_have_value("£250,000")
            create.click()
            toast = page.get_by_test_id("stToast").filter(
                has_text="Confirmed: the fund 'Calderdale Neighbourhood Fund'")
            expect(toast).to_be_visible()
            assert _in_sight(page, toast), "the outcome must be where the editor is looking"
            expect(create).to_have_count(0)  # the pop-up has closed
            done = page.get_by_test_id("stMain").get_by_text("Confirmed: the fund 'Calderdale Neighbourhood "
                                                             "Fund'")
            expect(done).to_be_visible()
            expect(page.get_by_role("button", name="Confirm…")).to_have_count(offered - 1)
            screenshot(page, f"confirm-done-{width}x{height}")
            page.goto(f"{app.url}/meetings?search=Calderdale")  # loaded afresh, as a reload of the link
            expect(page.get_by_text("What this write-up mentions")).to_be_visible()
            wait_until_idle(page)
            expect(done).to_be_visible()
            expect(page.get_by_role("button", name="Confirm…")).to_have_count(offered - 1)
        assert _funds(store_copy) == 1
