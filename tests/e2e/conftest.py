"""A real `streamlit run` on the seed store, driven by Debian's headless Chromium.

Servers and the browser come from `dash.devtools.local_server`; waits use the app's own
readiness signals (the health endpoint, then the script state on the page).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dash.devtools.local_server import running_app
from dash.export.chromium import CHROMIUM_FLAGS, find_chromium
from dash.paths import PROJECT_ROOT

OUTPUT_DIR = PROJECT_ROOT / "test-output" / "e2e"


@pytest.fixture(scope="session")
def server(seed_store: Path) -> Iterator[str]:
    with running_app(seed_store) as app:
        yield app.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)  # a shared 2-core machine: wait for the page, generously
    executable = find_chromium()
    if executable is None:
        pytest.fail("Debian's chromium is not installed: `make test` installs it with apt-get.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def wait_until_idle(page, timeout: float = 30_000) -> None:
    """Wait for Streamlit to finish the script run and for charts to be drawn."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning';
        }""",
        timeout=timeout,
    )
    page.wait_for_load_state("networkidle", timeout=timeout)


def screenshot(page, name: str) -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUTPUT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
