"""Waiting for a page served by `python -m dash serve`, and keeping what the browser saw."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from dash.paths import PROJECT_ROOT

OUTPUT_DIR = PROJECT_ROOT / "test-output" / "e2e"
SIZES = {"laptop": (1280, 720), "screen": (1920, 1080)}  # a laptop or projector, and a large screen

# For each drawn chart: its width, and every pair of labels of one kind whose boxes cross (tick labels
# on one axis, value labels on bars or points, label cards), and any legend, title or tick label that
# runs outside the chart. A pixel of touching is allowed; crossing is not.
LAYOUT_FAULTS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((plot) => {
  const boxes = (selector) => Array.from(plot.querySelectorAll(selector))
    .map((node) => ({text: node.textContent, box: node.getBoundingClientRect()}))
    .filter((item) => item.box.width > 0 && item.box.height > 0 && item.text.trim() !== '');
  const cross = (a, b) => a.left + 1 < b.right && b.left + 1 < a.right && a.top + 1 < b.bottom
    && b.top + 1 < a.bottom;
  const crossings = (selector) => {
    const found = [];
    const items = boxes(selector);
    items.forEach((a, i) => items.slice(i + 1).forEach((b) => {
      if (cross(a.box, b.box)) found.push(`${selector}: "${a.text}" crosses "${b.text}"`);
    }));
    return found;
  };
  const between = (first, second) => {
    const found = [];
    boxes(first).forEach((a) => boxes(second).forEach((b) => {
      if (cross(a.box, b.box)) found.push(`${first} "${a.text}" crosses ${second} "${b.text}"`);
    }));
    return found;
  };
  const frame = plot.querySelector('.main-svg').getBoundingClientRect();
  const outside = (selector) => boxes(selector)
    .filter((item) => item.box.left < frame.left - 1 || item.box.right > frame.right + 1
      || item.box.top < frame.top - 1 || item.box.bottom > frame.bottom + 1)
    .map((item) => `${selector}: "${item.text}" runs outside the chart`);
  const cut = boxes('.xtick text, .ytick text').filter((item) => item.text.endsWith('…'))
    .map((item) => `a tick label cut short: "${item.text}"`);
  return {
    width: Math.round(frame.width),
    faults: [
      ...crossings('.xtick text'), ...crossings('.ytick text'),
      ...crossings('g.annotation, .bartext, .textpoint text'), ...outside('.legend .legendtext'),
      ...outside('.xtick text'), ...outside('.ytick text'), ...outside('.g-xtitle text'),
      ...outside('.g-ytitle text'), ...cut,
      ...between('.legend .legendtext', '.g-xtitle text, .g-ytitle text, .xtick text, .ytick text'),
    ],
  };
})
"""


_SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-stale="true"]') === null;
}"""


def wait_until_idle(page, timeout: float = 30_000) -> None:
    """Wait for Streamlit to finish the script run, with no element of an earlier run still on the page
    (Streamlit marks them ``data-stale``), and for charts to be drawn. Checked again after the network
    settles: on a loaded machine a late rerun (a link's query string read back, say) can start in
    between, and a test that read the page then would see the last page's elements or none of this one's
    styles."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(_SETTLED, timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)
    page.wait_for_function(_SETTLED, timeout=timeout)
    wait_for_layout_to_settle(page)  # charts drawn mid-resize had their ticks read on top of each other


@contextmanager
def open_tab(tabs, width: int = 1600, height: int = 1000) -> Iterator:
    """The worker's one tab in the shared profile (the ``tabs`` fixture), at ``width`` × ``height``;
    afterwards it is left on a blank page (ending the test's Streamlit session) with every cookie the
    test made cleared: a signed-in test's session must not follow the next test.

    One tab for every test, not a tab each: a new tab is a new renderer process, which compiles
    Streamlit's and Plotly's scripts again. Measured on the Overview: 4.3 s of Chromium's CPU a page
    in a new tab against 1.8 s for the same page opened in the tab already there."""
    opened = next((tab for tab in tabs.pages if not tab.is_closed()), None) or tabs.new_page()
    opened.set_viewport_size({"width": width, "height": height})
    try:
        yield opened
    finally:
        try:
            opened.goto("about:blank")
        except PlaywrightError:  # closed or crashed by the test: the next test opens a new tab
            opened.close()
        tabs.clear_cookies()


@contextmanager
def requests_seen(page) -> Iterator[list[str]]:
    """Every address ``page`` asks for while the block runs (the listener goes with the block: the
    tab outlives the test)."""
    seen: list[str] = []

    def note(request) -> None:
        seen.append(request.url)

    page.on("request", note)
    try:
        yield seen
    finally:
        page.remove_listener("request", note)


def screenshot(page, name: str) -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUTPUT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# axe-core at the version package-lock.json pins, read from node_modules and injected into the page
# (never fetched from a CDN): tests/e2e/test_every_page.py says what fails.
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ALWAYS = {"heading-order"}  # moderate in axe's terms, but how screen-reader users move through a page


def violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as drawn, and any heading out of order."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: `make test` installs it from package-lock.json (npm ci).")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                               where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    return [v for v in found if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS]


def open_slide(page, base: str, slide: int, query: str = "") -> None:
    """Show slide ``slide`` of the Present page as a presenter gets there: the first by its link, each
    later one with the Next button on the slide before (a rerun in the open page, not a reload, which
    is both what happens in a meeting and several seconds quicker a slide)."""
    link = f"{base}/present?slide={slide}" + (f"&{query}" if query else "")
    shown = page.evaluate("new URLSearchParams(window.location.search).get('slide')") \
        if page.url.startswith(f"{base}/present") else None
    if shown != str(slide - 1):
        page.goto(link)
    else:
        page.locator(".st-key-slide_next button").first.click()
        page.wait_for_function("n => new URLSearchParams(window.location.search).get('slide') === n",
                               arg=str(slide))
    wait_until_idle(page)
    # The Present page folds the sidebar away once drawn; measured before it has, a slide stands
    # 365 px to the right, and measured while it goes, its parts are in two places at once.
    page.locator('[data-testid="stSidebar"]').wait_for(state="hidden")
    wait_for_layout_to_settle(page)  # again: the fold moves everything


# True once the main area's boxes are where they were two frames before (an answer of false after
# fifty tries leaves the test's own assertions to say what moved).
_LAYOUT_STILL = """async () => {
    let last = '';
    for (let tries = 0; tries < 50; tries++) {
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
        const now = [...document.querySelectorAll(
                '[data-testid="stMain"] [data-testid], .js-plotly-plot .main-svg, .js-plotly-plot .xtick')]
            .map(e => { const b = e.getBoundingClientRect(); return `${b.x},${b.y},${b.width},${b.height}`; })
            .join(';');
        if (now === last) return true;
        last = now;
    }
    return false;
}"""


def drawn_charts(page, patience_ms: int = 5_000) -> list[dict]:
    """``LAYOUT_FAULTS`` for the page's drawn charts, read again (every quarter second, for up to
    ``patience_ms``) while any label crosses another. Plotly lays a chart's labels out again once
    Streamlit gives it its column's width, and on a loaded machine that can come after the page has
    stood still for a moment (a full run caught every tick of a stacked comparison on top of the next,
    drawn at a sliver's width); a fault that is still there when patience runs out is a real one."""
    page.wait_for_selector(".js-plotly-plot .main-svg")
    waited = 0
    while True:
        wait_for_layout_to_settle(page)
        charts = page.evaluate(LAYOUT_FAULTS)
        if waited >= patience_ms or not any(chart["faults"] for chart in charts):
            return charts
        page.wait_for_timeout(250)
        waited += 250


def wait_for_layout_to_settle(page) -> None:
    """Wait until nothing on the page moves: the sidebar folding away on the Present page slides the
    slide across while it goes (a takeaway measured mid-way sat 365 px right of the chart beneath),
    and a chart drawn before its column had its width lays its ticks out again."""
    page.evaluate(_LAYOUT_STILL)
