"""Browser-side figures for ``python -m dash bench --browser``: cold start, time to chart,
latency and peak memory with concurrent sessions.

Drives Debian's headless Chromium with Playwright (installed by ``make test``) against a
real ``streamlit run``. Peak memory is the server's high-water resident set (VmHWM in
/proc), so each session count gets a server of its own.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

from dash.devtools.local_server import running_app
from dash.export.chromium import CHROMIUM_FLAGS, find_chromium

FIRST_CHART = ".js-plotly-plot .main-svg"
CHART_BOX = '[data-testid="stPlotlyChart"]'  # there as soon as the run sends a chart, drawn or not
PAGES = {"overview": "", "funds": "funds", "panels": "panels", "themes": "themes", "meetings": "meetings",
         "grants": "grants", "map": "map"}


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _chromium() -> str:
    path = find_chromium()
    if not path:
        raise RuntimeError("bench --browser needs Debian's chromium (`make test` installs it)")
    return path


def cold_start_and_time_to_chart(store: Path) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        started = time.perf_counter()
        with running_app(store) as app:
            url = app.url
            page.goto(url)
            page.wait_for_selector(FIRST_CHART, timeout=120_000)
            cold = time.perf_counter() - started
            to_chart = {}
            for name, path in PAGES.items():
                began = time.perf_counter()
                page.goto(f"{url}/{path}")
                page.wait_for_selector(f"{FIRST_CHART}, [data-testid='stAlert']", timeout=120_000)
                to_chart[name] = round((time.perf_counter() - began) * 1000)
        browser.close()
    return {"cold_start_s": round(cold, 2), "time_to_chart_ms": to_chart}


# Set before any page script runs: when the page's first heading and its first chart appear, in ms
# from the start of navigation (a MutationObserver, so the browser's own clock, not Playwright's polling).
_MARKS = """
window.__marks = {};
new MutationObserver(() => {
  const now = performance.now();
  if (!window.__marks.heading && document.querySelector('h1')) window.__marks.heading = now;
  if (!window.__marks.chart && document.querySelector('.js-plotly-plot .main-svg')) {
    window.__marks.chart = now;
  }
}).observe(document, {subtree: true, childList: true});
"""


_PAGE_DONE = """() => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning'"""


def _load() -> float:
    return round(float(Path("/proc/loadavg").read_text().split()[0]), 2)


def fresh_browser_first_chart(store: Path, visits: int = 3, settle: float = 8.0,
                              pages: tuple[str, ...] = tuple(PAGES)) -> dict[str, object]:
    """What a trustee opening the dashboard for the first time waits for, on a warm server: each of
    ``pages`` (every page by default) opened by ``visits`` new browser contexts (empty HTTP caches:
    Streamlit's scripts and Plotly's 4.7 MB fetched and compiled each time), the median time to its
    heading and to its first chart.
    The server is warmed by one visit to each page, then left ``settle`` seconds to finish its own
    warm-up; the machine's load average is reported beside the figures, since they move with it."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, object]] = {}
    with running_app(store) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
        warm = browser.new_page(viewport={"width": 1600, "height": 1000})
        for path in (PAGES[name] for name in pages):
            warm.goto(f"{app.url}/{path}")
            warm.wait_for_selector(f"{FIRST_CHART}, [data-testid='stAlert']", timeout=120_000)
        warm.close()
        time.sleep(settle)
        load_before = _load()
        for name in pages:
            path, headings, charts = PAGES[name], [], []
            for _ in range(visits):
                context = browser.new_context(viewport={"width": 1600, "height": 1000})
                context.add_init_script(_MARKS)
                page = context.new_page()
                page.goto(f"{app.url}/{path}")
                page.wait_for_selector(f"{FIRST_CHART}, [data-testid='stAlert']", timeout=120_000)
                page.wait_for_function("() => window.__marks.heading !== undefined", timeout=60_000)
                page.wait_for_function(_PAGE_DONE, timeout=60_000)  # a notice may come before the chart
                page.wait_for_load_state("networkidle", timeout=60_000)  # a late rerun (the link read back)
                page.wait_for_function(_PAGE_DONE, timeout=60_000)
                if page.locator(CHART_BOX).count():  # a page with nothing to chart says so, and has none
                    page.wait_for_selector(FIRST_CHART, timeout=60_000)
                marks = page.evaluate("window.__marks")
                headings.append(marks["heading"])
                if "chart" in marks:
                    charts.append(marks["chart"])
                context.close()
            results[name] = {"heading_ms": round(statistics.median(headings)),
                             "first_chart_ms": round(statistics.median(charts)) if charts else None}
        browser.close()
    return {"visits": visits, "load_before": load_before, "load_after": _load(), "pages": results}


async def _sessions(url: str, localities: list[str], sessions: int, visits: int) -> tuple[list[float], int]:
    from playwright.async_api import async_playwright

    latencies: list[float] = []
    errors = 0
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)

        async def one(session: int) -> None:
            nonlocal errors
            page = await browser.new_page(viewport={"width": 1400, "height": 900})
            for visit in range(visits):
                code = localities[(session * visits + visit) % len(localities)]
                began = time.perf_counter()
                try:
                    await page.goto(f"{url}/funds?locality={code}")
                    await page.wait_for_selector(f"{FIRST_CHART}, [data-testid='stAlert']", timeout=60_000)
                    latencies.append(time.perf_counter() - began)
                    errors += await page.locator("[data-testid='stException']").count()
                except Exception:  # a timeout or a crashed page is exactly what this counts
                    errors += 1
            await page.close()

        await asyncio.gather(*(one(n) for n in range(sessions)))
        await browser.close()
    return latencies, errors


def concurrency(store: Path, localities: list[str], sessions: int, visits: int = 6) -> dict[str, object]:
    with running_app(store) as app:
        latencies, errors = asyncio.run(_sessions(app.url, localities, sessions, visits))
        peak = _peak_rss_mb(app.pid)
    ordered = sorted(latencies)
    return {
        "sessions": sessions, "page_loads": len(latencies), "errors": errors,
        "median_ms": round(statistics.median(ordered) * 1000) if ordered else None,
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000)
        if ordered else None,
        "peak_rss_mb": round(peak),
    }
