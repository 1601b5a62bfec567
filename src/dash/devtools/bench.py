"""The benchmark behind ``python -m dash bench``: page reruns, queries, and a naive baseline.

It prints figures and never asserts them: machines are shared and noisy, so
targets are compared by a person (docs/performance.md), not by the test suite.

- Page reruns: the real frame and page, run server-side by Streamlit's AppTest,
  after a locality change, cycling through regions and single districts.
- Queries: each query the pages run, and each chart's drawing from its data, timed apart,
  so the gap between a page and its queries shows.
- Naive baseline: each page's figures computed the usual way (the tables it reads loaded
  into pandas for the session, filtered and grouped there) and drawn with the same chart
  builders, in the same run, as a ratio to the page's own rerun.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from dash import catalogue
from dash.filters import Filters
from dash.paths import PROJECT_ROOT
from dash.queries import places
from dash.store import StoreReader
from dash.store.kinds import DISTRICT_KINDS

if TYPE_CHECKING:  # imported when run: the benchmark's module loads without Streamlit's test harness
    from streamlit.testing.v1 import AppTest

PAGES = ("overview", "funds", "panels", "themes", "meetings", "grants", "map")
_ENTRY = f"""
import sys
sys.path.insert(0, {str(PROJECT_ROOT)!r})
import app
app.main()
"""


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _summary(seconds: list[float]) -> dict[str, float | None]:
    if not seconds:
        return {"median_ms": None, "p95_ms": None, "runs": 0}
    return {"median_ms": round(statistics.median(seconds) * 1000, 1),
            "p95_ms": round(_percentile(seconds, 0.95) * 1000, 1), "runs": len(seconds)}


def pick_localities(cursor: duckdb.DuckDBPyConnection, count: int) -> list[str]:
    """A mix of regions and single districts that hold records, for cycling filter changes."""
    options = places.locality_options(cursor)
    used = options[options["has_records"]]
    regions = list(used[used["kind"] == "region"]["locality_id"])
    districts = list(used[used["kind"].isin(DISTRICT_KINDS)]["locality_id"])
    mixed = [code for pair in zip(regions, districts, strict=False) for code in pair]
    mixed += [code for code in districts + regions if code not in mixed]
    return (mixed * (count // max(len(mixed), 1) + 1))[:count] if mixed else []


def time_queries(cursor: duckdb.DuckDBPyConnection, localities: list[str]) -> dict[str, dict[str, float]]:
    """Each query the pages run, and each chart drawn from its query's data, timed apart: the gap
    between a page and its queries, and the drawing that any way of fetching the data must add."""
    def fetch(name: str, filters: Filters) -> object:
        return catalogue.fetch(name, cursor, filters)

    def draw(name: str, data: object) -> object:
        return catalogue.draw(name, data)

    # One chart for each query the charts draw (charts sharing a query share its result).
    queried: dict[str, str] = {}
    for name, entry in catalogue.CATALOGUE.items():
        queried.setdefault(entry.data, name)
    jobs: dict[str, tuple[Callable[[Filters], object], Callable[[Filters, object], object]]] = {
        "query: coverage line": (lambda f: None, lambda f, _: fetch("coverage", f)),
        "query: headline figures": (lambda f: None, lambda f, _: fetch("headline", f)),
        "query: sidebar options": (lambda f: None, lambda f, _: fetch("sidebar_options", f)),
        **{f"query: {data}": (lambda f: None, lambda f, _, name=name: fetch(name, f))
           for data, name in queried.items()},
        **{f"draw: {name}": (lambda f, name=name: fetch(name, f),
                             lambda f, data, name=name: draw(name, data))
           for name in catalogue.CATALOGUE},
    }
    results = {}
    for label, (prepare, job) in jobs.items():
        seconds = []
        for code in localities:
            filters = Filters((code,))
            ready = prepare(filters)  # not timed: a drawing's data
            started = time.perf_counter()
            job(filters, ready)
            seconds.append(time.perf_counter() - started)
        results[label] = _summary(seconds)
    return results


@contextlib.contextmanager
def _app_entry(store: Path) -> Iterator[tuple[Path, Callable[[str], str]]]:
    """An entry script outside the app folder that runs ``app.main()`` on ``store`` (as the page tests
    do, so the real ``st.navigation`` frame runs), and each page's path relative to it. AppTest
    compiles the entry script and the page on every run where a server compiles them once: about a
    millisecond, within the noise (docs/performance.md), so no private Streamlit class is patched to
    share a script cache."""
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "bare mode" notices
    os.environ["DASH_DB"] = str(store)
    with tempfile.TemporaryDirectory() as folder:
        entry = Path(folder) / "bench_entry.py"
        entry.write_text(_ENTRY)
        yield entry, lambda page: os.path.relpath(PROJECT_ROOT / "pages" / f"{page}.py", folder)


def _opened(entry: Path, page_path: Callable[[str], str], page: str) -> AppTest:
    """A fresh session of the app (``_app_entry``) that has run ``page`` once, as a trustee opens it."""
    from streamlit.testing.v1 import AppTest

    test = AppTest.from_file(str(entry), default_timeout=120).run()
    if page != "overview":
        test.switch_page(page_path(page)).run()
    return test


def time_pages(store: Path, localities: list[str], pages: tuple[str, ...] = PAGES,
               cold: bool = True) -> dict[str, dict]:
    """Server-side time of a full rerun after a locality change, per page; then the median of a second
    visit to each area, served from the cache: the page's own layout and drawing on screen, which
    any way of getting the data pays as well. (A store with fewer places holding records than
    ``localities`` revisits some in the first pass too.) ``cold``: each page starts with empty
    caches, so its figures do not depend on the pages timed before it (the Overview, the Map and
    the Funds page share charts: a trustee going from one to the next is served from the cache,
    which is faster than what is timed here)."""

    results = {}
    with _app_entry(store) as (entry, page_path):
        for page in pages:
            if cold:
                catalogue.clear()
            test = _opened(entry, page_path, page)
            seconds, again = [], []
            for visits in (seconds, again):  # every area once, then every area again
                for code in localities:
                    test.multiselect(key="filter_locality").set_value([code])
                    started = time.perf_counter()
                    test.run()
                    visits.append(time.perf_counter() - started)
                    if test.exception:
                        raise RuntimeError(f"{page} failed for {code}: {test.exception[0].message}")
            results[page] = {**_summary(seconds), "repeat_visit_median_ms": _summary(again)["median_ms"]}
    return results


def time_comparisons(store: Path, reruns: int, pages: tuple[str, ...] = PAGES) -> dict[str, dict]:
    """Server-side time of ``reruns`` full reruns of each page showing two views side by side
    ("Compare with…"), each visit a first for both: one area against another that no visit before has
    shown (on a store with fewer places holding records than that, some repeat), every page starting
    with empty caches. Issue 27: a comparison within the page targets at national scale."""

    localities = pick_localities(StoreReader(store).cursor(), 2 * reruns)
    half = max(1, len(localities) // 2)
    pairs = list(zip(localities[:half], localities[half:2 * half] or localities[:half], strict=False))
    results = {}
    with _app_entry(store) as (entry, page_path):
        for page in pages:
            catalogue.clear()
            test = _opened(entry, page_path, page)
            test.toggle(key="compare_on").set_value(True).run()
            seconds = []
            for here, there in pairs:
                test.multiselect(key="filter_locality").set_value([here])
                test.multiselect(key="compare_locality").set_value([there])
                started = time.perf_counter()
                test.run()
                seconds.append(time.perf_counter() - started)
                if test.exception:
                    raise RuntimeError(f"{page} failed comparing {here} with {there}: "
                                       f"{test.exception[0].message}")
            results[page] = _summary(seconds)
    return results


def concurrent_reruns(
    store: Path, localities: list[str], sessions: int, reruns: int = 10
) -> dict[str, object]:
    """Reruns of the Funds page in ``sessions`` sessions at once on a real ``dash serve``, each changing
    its area filter. Each session is a WebSocket client speaking the browser's protocol
    (``devtools/sessions.py``), so the server runs them as it runs browsers' tabs, with no private
    Streamlit API in the harness and no browser competing for the two cores. A run is timed from
    asking for it to the page complete; one that fails or times out counts as an error, never as a
    missing sample."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from dash.devtools.local_server import running_app
    from dash.devtools.sessions import RunFailed, TrusteeSession

    labels, _ = catalogue.fetch("sidebar_options", StoreReader(store).cursor(), Filters())
    seconds: list[float] = []
    errors: list[str] = []

    async def session(url: str, number: int) -> None:
        trustee = TrusteeSession(url, page="funds")
        timed = 0
        try:
            await trustee.run()
            for visit in range(reruns):
                code = localities[(number * reruns + visit) % len(localities)]
                run = await trustee.run(widget=("Area", [labels.get(code, code)]))
                timed += 1
                seconds.append(run.seconds)
                errors.extend(run.errors)
        except (RunFailed, OSError) as error:  # every failure is a figure here: each run it cost
            errors.extend([repr(error)] * (reruns - timed))
        finally:
            await trustee.close()

    async def everyone(url: str) -> None:
        await asyncio.gather(*(session(url, n) for n in range(sessions)))

    # On a thread of its own: a caller may already run an event loop (the tests' Playwright does).
    with running_app(store) as app, ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, everyone(app.url)).result()
    return {"sessions": sessions, **_summary(seconds), "errors": len(errors),
            "error_examples": sorted(set(errors))[:3]}


def peak_rss_mb() -> float:
    """This process's high-water resident memory (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return float("nan")


# The tables the coverage line reads: every page shows it ("3 funds (£1.37m), 3 panels, 1 meeting and
# 120 grants in Bristol"), so the naive way of any page loads them.
COVERAGE_TABLES = ("funds", "panels", "meetings", "meeting_places", "grants")
# The further tables each page's own charts read (plus locality_within, to resolve the area).
NAIVE_TABLES: dict[str, tuple[str, ...]] = {
    "overview": ("insights",),
    "funds": ("organisations", "sources"),
    "panels": ("sources",),
    "themes": ("themes", "insight_themes", "insights"),
    "meetings": ("insights", "sources"),
    "grants": (),
    "map": (),
}


def naive_page(store: Path, page: str, locality: str) -> tuple[float, float, float]:
    """A page's figures the usual way: load the tables it reads into pandas for the session, then
    filter and group there: the coverage line's counts, which every page shows, and the page's own
    figures. Returns the seconds to load, the seconds to filter and group (what each later filter
    change costs before drawing), and the megabytes the session holds."""
    started = time.perf_counter()
    connection = duckdb.connect(":memory:")
    connection.execute("ATTACH ? AS s (READ_ONLY)", [str(store)])
    t = {name: connection.execute(f"SELECT * FROM s.{name}").df()
         for name in (*COVERAGE_TABLES, *NAIVE_TABLES[page], "locality_within")}
    connection.close()
    loaded = time.perf_counter()
    within = t["locality_within"]
    inside = set(within.loc[within["within_id"] == locality, "locality_id"])

    discussed = t["meeting_places"].loc[t["meeting_places"]["locality_id"].isin(inside), "meeting_id"]
    held = t["meetings"]["locality_id"].isin(inside)
    meetings = t["meetings"][held | t["meetings"]["meeting_id"].isin(discussed)]
    funds = t["funds"][t["funds"]["locality_id"].isin(inside)]
    panels = t["panels"][t["panels"]["locality_id"].isin(inside)]
    grants = t["grants"][t["grants"]["locality_id"].isin(inside)]
    (len(funds), funds["amount_gbp"].sum(), len(panels), len(meetings), len(grants))  # the coverage line

    if page in ("overview", "funds", "map"):
        funds.groupby("locality_id")["amount_gbp"].sum()
    if page == "funds":
        holders = t["organisations"][["org_id", "name"]].rename(columns={"name": "organisation"})
        funds.merge(holders, on="org_id", how="left").merge(t["sources"], on="source_id", how="left")
    if page in ("overview", "panels"):
        panels["lived_experience_share"].describe()
    if page in ("overview", "meetings", "themes", "map"):
        meetings.groupby(pd.to_datetime(meetings["held_on"]).dt.year).size()
    if page in ("overview", "meetings", "themes"):
        insights = t["insights"][t["insights"]["meeting_id"].isin(meetings["meeting_id"])]
        if page == "themes":
            codes = t["insight_themes"][t["insight_themes"]["insight_id"].isin(insights["insight_id"])]
            codes.merge(insights, on="insight_id").groupby(["theme_id", "meeting_id"]).size()
    if page in ("overview", "grants"):
        grants.groupby(pd.to_datetime(grants["award_date"]).dt.year)["amount_awarded"].sum()
    worked = time.perf_counter()
    held_mb = sum(frame.memory_usage(deep=True).sum() for frame in t.values()) / 2**20  # not timed
    return loaded - started, worked - loaded, held_mb


def naive_ratios(store: Path, localities: list[str], pages: dict[str, dict],
                 drawing: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Per page, the naive way against the page's own server-side rerun after a filter change (the
    whole page: queries, charts and layout). The naive page loads its tables on a session's first
    visit; on every filter change it filters and groups them, draws the same charts with the same
    builders (``drawing``: the "draw: …" figures of ``time_queries``) and lays the page out as ours
    does (our repeat visit, everything cached). Every session holds its own copy of the tables."""
    ratios = {}
    for page, ours in pages.items():
        if page not in NAIVE_TABLES or not ours.get("median_ms"):
            continue
        runs = [naive_page(store, page, code) for code in localities]
        load, compute = (statistics.median(run[i] for run in runs) * 1000 for i in (0, 1))
        draw = sum(drawing[f"draw: {name}"]["median_ms"] or 0 for name in catalogue.PAGE_CHARTS[page])
        change = compute + draw + (ours.get("repeat_visit_median_ms") or 0)
        ratios[page] = {
            "naive_first_visit_ms": round(load + change, 1), "naive_filter_change_ms": round(change, 1),
            "naive_pandas_ms": round(compute, 1), "naive_drawing_ms": round(draw, 1),
            "naive_mb_per_session": round(float(runs[0][2]), 1), "page_median_ms": ours["median_ms"],
            "naive_first_visit_over_page": round((load + change) / ours["median_ms"], 1),
            "naive_filter_change_over_page": round(change / ours["median_ms"], 1),
        }
    return ratios


def warm_up(store: Path, seconds: float) -> dict[str, float]:
    """What ``dash serve`` does before its first visitor, done here before the pages are timed."""
    from dash.catalogue import OVERVIEW_CHARTS, warm_caches

    os.environ["DASH_DB"] = str(store)
    started = time.perf_counter()
    prepared = warm_caches(OVERVIEW_CHARTS, seconds=seconds, settle=0)  # no visitor to make way for
    return {"charts_prepared": prepared, "seconds": round(time.perf_counter() - started, 1)}


def run_benchmark(
    store: Path, reruns: int = 20, pages: tuple[str, ...] = PAGES, browser: bool = False,
    sessions: tuple[int, ...] = (1, 10), warm_seconds: float | None = None,
) -> dict[str, object]:
    """Every figure for ``store``. With ``warm_seconds`` the pages are timed after the server's
    warm-up (as ``dash serve`` runs them); without, every area's first visit is a cache miss."""
    cursor = StoreReader(store).cursor()
    localities = pick_localities(cursor, reruns)
    sizes = dict(cursor.execute("""
        SELECT 'funds', count(*) FROM funds UNION ALL SELECT 'meetings', count(*) FROM meetings
        UNION ALL SELECT 'key points', count(*) FROM insights UNION ALL SELECT 'grants', count(*) FROM grants
    """).fetchall())
    results: dict[str, object] = {
        "store": str(store), "sizes": sizes, "localities": localities,
        "queries": time_queries(cursor, localities),
        "warm_up": warm_up(store, warm_seconds) if warm_seconds is not None else None,
        "pages": time_pages(store, localities, pages, cold=warm_seconds is None),
    }
    results["naive_baseline"] = naive_ratios(store, localities[: min(5, len(localities))], results["pages"],
                                             results["queries"])
    # Ten reruns a session, or fewer when fewer were asked for (the test suite's smoke run asks for two)
    results["concurrent_sessions"] = [concurrent_reruns(store, localities, n, reruns=min(reruns, 10))
                                      for n in sessions]
    results["peak_rss_mb"] = peak_rss_mb()
    if browser:
        from dash.devtools import bench_browser

        results["browser"] = bench_browser.cold_start_and_time_to_chart(store)
        results["fresh_browser"] = bench_browser.fresh_browser_first_chart(store)
        results["concurrency"] = [bench_browser.concurrency(store, localities, n) for n in sessions]
    return results


def print_benchmark(results: dict) -> None:
    """The figures of ``run_benchmark`` as ``python -m dash bench`` prints them (``--json`` prints
    ``results`` as they are)."""
    print(f"Store {results['store']}: " + ", ".join(f"{n:,} {k}" for k, n in results["sizes"].items()))
    if results["warm_up"]:
        print(f"Warm-up first, as `dash serve` does: {results['warm_up']['charts_prepared']} charts "
              f"prepared in {results['warm_up']['seconds']} s.")
    print(f"{'page rerun after a filter change':40} {'median':>9} {'p95':>9} {'again':>9}")
    for page, figures in results["pages"].items():
        print(f"{page:40} {figures['median_ms']:>7} ms {figures['p95_ms']:>7} ms "
              f"{figures['repeat_visit_median_ms']:>7} ms")
    print(f"{'query, or drawing a chart from its data':40} {'median':>9} {'p95':>9}")
    for label, figures in results["queries"].items():
        print(f"{label:40} {figures['median_ms']:>7} ms {figures['p95_ms']:>7} ms")
    for page, naive in results["naive_baseline"].items():
        print(f"{page}: the naive pandas way takes {naive['naive_first_visit_ms']} ms on a session's first "
              f"visit ({naive['naive_first_visit_over_page']}x this page's {naive['page_median_ms']} ms), "
              f"then {naive['naive_filter_change_ms']} ms per filter change "
              f"({naive['naive_filter_change_over_page']}x: {naive['naive_pandas_ms']} ms in pandas, "
              f"{naive['naive_drawing_ms']} ms drawing the same charts, the rest laying out the page), "
              f"holding {naive['naive_mb_per_session']} MB per session.")
    for run in results["concurrent_sessions"]:
        print(f"Funds page, {run['sessions']} concurrent session(s) changing areas: "
              f"median {run['median_ms']} ms, p95 {run['p95_ms']} ms, {run['errors']} error(s)")
    print(f"Peak memory of the benchmark process (the app's sessions included): {results['peak_rss_mb']} MB")
    if "browser" in results:
        browser = results["browser"]
        print(f"Cold start to the first chart in Chromium: {browser['cold_start_s']} s")
        print("Time to chart per page (ms): " + ", ".join(
            f"{page} {ms}" for page, ms in browser["time_to_chart_ms"].items()))
        fresh = results["fresh_browser"]
        print(f"A fresh browser on a warm server (median of {fresh['visits']} new contexts a page; load "
              f"{fresh['load_before']} before, {fresh['load_after']} after), heading / first chart (ms): "
              + ", ".join(f"{page} {figures['heading_ms']} / {figures['first_chart_ms'] or 'none'}"
                          for page, figures in fresh["pages"].items()))
        for run in results["concurrency"]:
            print(f"{run['sessions']} session(s): {run['page_loads']} page loads, p95 {run['p95_ms']} ms, "
                  f"median {run['median_ms']} ms, peak server RSS {run['peak_rss_mb']} MB, "
                  f"{run['errors']} error(s)")
