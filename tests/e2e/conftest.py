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
from tests.support.browser import SIZES


@pytest.fixture(scope="session")
def server(seed_store: Path) -> Iterator[str]:
    with running_app(seed_store, warm_up=False) as app:
        yield app.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(params=list(SIZES))
def sized_page(request, browser):
    """A page at each of ``SIZES`` in turn (``page.size_name`` says which)."""
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    opened = context.new_page()
    opened.size_name = request.param
    yield opened
    context.close()
