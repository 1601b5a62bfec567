"""The keyboard's focus ring, which axe-core cannot see (it checks every page in test_every_page.py and
every compared page in test_comparing.py)."""

from __future__ import annotations

from tests.support.browser import wait_until_idle


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
