"""The benchmark's browser run measures what a first-time visitor waits for (no figure is asserted:
speed targets live in docs/performance.md, not in tests)."""

from __future__ import annotations

import pytest

from dash.devtools.bench_browser import PAGES, fresh_browser_first_chart

pytestmark = pytest.mark.e2e


def test_a_fresh_browser_s_heading_and_first_chart_are_measured_on_every_page(seed_store):
    figures = fresh_browser_first_chart(seed_store, visits=1, settle=0)
    assert set(figures["pages"]) == set(PAGES)
    for name, page in figures["pages"].items():
        assert page["heading_ms"] > 0
        if name == "grants":  # the seed holds no grants: the page says how to import them, no chart
            assert page["first_chart_ms"] is None
        else:
            assert page["first_chart_ms"] > 0, (name, page)
    assert figures["load_before"] >= 0
