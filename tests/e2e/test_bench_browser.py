"""The benchmark's browser run measures what a first-time visitor waits for (no figure is asserted:
speed targets live in docs/performance.md, not in tests)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from dash.devtools.bench_browser import fresh_browser_first_chart

pytestmark = pytest.mark.e2e


def test_a_fresh_browser_s_heading_and_first_chart_are_measured(seed_store):
    """On a page with charts and on one with none (the benchmark runs every page; 7 pages here cost
    some 35 s of a 2-core machine's test run, and test nothing these two do not)."""
    pages = ("funds", "grants")
    # On its own thread: the browser tests' own Playwright may already run in this worker, and a
    # second synchronous Playwright refuses to start inside its event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        figures = pool.submit(fresh_browser_first_chart, seed_store, 1, 0, pages).result()
    assert tuple(figures["pages"]) == pages
    for name, page in figures["pages"].items():
        assert page["heading_ms"] > 0
        if name == "grants":  # the seed holds no grants: the page says how to import them, no chart
            assert page["first_chart_ms"] is None
        else:
            assert page["first_chart_ms"] > 0, (name, page)
    assert figures["load_before"] >= 0
