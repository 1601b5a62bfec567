"""WCAG 2.2 AA, checked by axe-core in Chromium on every page, and the keyboard's focus ring.

axe-core is the npm package at the version ``package-lock.json`` pins, read from node_modules and
injected into the page (never fetched from a CDN). Every serious or critical violation fails, and
so does a heading out of order (moderate in axe's terms, but it is how screen-reader users move
through a page).
"""

from __future__ import annotations

import json

import pytest

from tests.support.browser import screenshot, violations, wait_until_idle

PAGES = ("", "funds", "panels", "themes", "meetings", "grants", "map", "present", "activity",
         "funds?locality=E06000023", "themes?codes=accepted", "meetings?locality=E06000023")


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_problem_on_any_page(server, page, path):
    page.goto(f"{server}/{path}")
    wait_until_idle(page)
    problems = violations(page)
    if problems:
        screenshot(page, f"axe-{path.replace('?', '-').replace('=', '-') or 'overview'}")
    assert problems == [], json.dumps(problems, indent=1)


def test_the_keyboard_s_focus_in_the_navigation_is_a_visible_ring(server, page):
    page.goto(server)
    wait_until_idle(page)
    link = page.locator('[data-testid="stSidebarNav"] a').nth(1)
    # The focus and the ring are read in one script, so a late rerun that takes the focus back between
    # them cannot leave a ring-less reading; on a loaded machine the page's own style can also be drawn
    # a moment after the navigation. Try again, as a person would: the ring must come.
    read_ring = ("(a) => { const s = getComputedStyle(a); return {"
                 "focused: document.activeElement === a && a.matches(':focus-visible'), "
                 "style: [s.outlineStyle, s.outlineWidth, s.outlineColor]}; }")
    reading = {"focused": False, "style": []}
    for _ in range(10):
        link.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus that came from the keyboard, as :focus-visible wants
        reading = link.evaluate(read_ring)
        if reading["focused"] and reading["style"][0] != "none":
            break
        wait_until_idle(page)
    assert reading["focused"], "the keyboard never kept the focus on the navigation link"
    assert reading["style"] == ["solid", "3px", "rgb(0, 114, 178)"]  # the palette's blue: 5:1 on the sidebar
