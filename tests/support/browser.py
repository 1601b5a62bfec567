"""Waiting for a page served by `python -m dash serve`, and keeping what the browser saw."""

from __future__ import annotations

from pathlib import Path

from dash.paths import PROJECT_ROOT

OUTPUT_DIR = PROJECT_ROOT / "test-output" / "e2e"


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
