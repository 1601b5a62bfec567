"""What `dash serve` sends a fresh browser: the page asks for Plotly's script with Streamlit's own,
the script it names is the one Streamlit's bundle has, and the charts still draw (no figure asserted:
how much sooner is measured by `dash bench --browser`, written in docs/performance.md)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from dash import web
from tests.support.browser import wait_until_idle

pytestmark = pytest.mark.e2e

PRELOAD = re.compile(r'<link rel="modulepreload" crossorigin href="\./static/js/(PlotlyChart\.[^"]+\.js)">')


def _get(url: str):
    """Status, headers (any case) and body, as a browser that does not take gzip gets them."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers, response.read()


@pytest.mark.parametrize("path", ["", "funds", "map?locality=E06000023"])
def test_every_page_asks_for_the_plotly_script_that_streamlit_serves(server, path):
    status, _, page = _get(f"{server}/{path}")
    named = PRELOAD.findall(page[: page.index(b"</head>")].decode())
    assert status == 200 and len(named) == 1
    assert named[0] == web.element_chunks(web.PRELOADED_ELEMENTS)[0]
    status, headers, script = _get(f"{server}/static/js/{named[0]}")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert script == (web.STATIC_JS / named[0]).read_bytes()
    assert "immutable" in headers["Cache-Control"]


def test_a_fresh_browser_fetches_plotly_once_from_the_page_and_draws_the_overview(server, browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url.rsplit("/", 1)[-1]))
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(server)
    wait_until_idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.locator(".js-plotly-plot").count() >= 4
    assert page.locator('[data-testid="stException"]').count() == 0
    plotly = [name for name in fetched if name.startswith("PlotlyChart.")]
    assert plotly == [web.element_chunks(web.PRELOADED_ELEMENTS)[0]]  # the page's preload, used once
    assert errors == []
    context.close()
