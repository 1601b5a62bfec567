"""A real `streamlit run` on the seed store, driven by Debian's headless Chromium.

Servers and the browser come from `dash.devtools.local_server`; waits use the app's own
readiness signals (the health endpoint, then the script state on the page: tests/support/browser.py).
Every test here, and every test using these fixtures, is marked ``browser`` (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dash.devtools.local_server import running_app
from tests.support.browser import SIZES, open_tab


@pytest.fixture(scope="session")
def server(seed_store: Path) -> Iterator[str]:
    with running_app(seed_store, warm_up=False) as app:
        yield app.url


@pytest.fixture(scope="session")
def tabs(browser):
    """One browser profile that a worker's tests open their tabs in, as a trustee's browser keeps
    Streamlit's scripts between visits. A new profile per test fetched and compiled them all again:
    about 1.5 s of the renderer's CPU a test (3.9 against 2.4 s a page, measured), on a machine the
    suite keeps busy. tests/e2e/test_served_page.py and the benchmark keep a fresh profile where the
    first visit is what they test. ``open_tab`` gives each test the profile's one tab (a new tab is a
    new renderer process: tests/support/browser.py) and clears the cookies a test leaves (a sign-in)."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(tabs):
    with open_tab(tabs) as opened:
        yield opened


@pytest.fixture
def fresh_page(browser):
    """A tab in a profile of its own: a browser that has never visited the app (no cookie yet)."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    yield context.new_page()
    context.close()


@pytest.fixture(params=list(SIZES))
def sized_page(request, tabs):
    """A page at each of ``SIZES`` in turn (``page.size_name`` says which)."""
    with open_tab(tabs, *SIZES[request.param]) as opened:
        opened.size_name = request.param
        yield opened
