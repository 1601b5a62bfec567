"""Reading by name, cached for every session: one reader per store, one cache, two builders.

Two ways in, one registry:
- ``fetch`` / ``build`` run a read on a cursor the caller holds, uncached (the command line, tests,
  the benchmark's query timings);
- ``read`` / ``chart`` serve a store by its path (the pages, the deck and board pack downloads, the
  server's warm-up, the benchmark's page timings), each value computed once per key and shared
  between sessions: see ``dash.catalogue.cache`` for the cache and the rule that values are never
  changed by whoever reads them.

A key is (the read, its arguments, the ``Filters`` value, the store, the store's version): an import
or a reviewer's decision (each a new version) is seen at once, and nothing is invalidated by hand.
A read that ignores the filter is keyed without it. A filter holding a comparison (``Filters.compare``)
is read as its own view alone: the view beside it is read as a filter of its own
(``dash.catalogue.compare``), so each side of a comparison is exactly that view's single read.
Plain Python: no Streamlit here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

import duckdb

from dash.catalogue.cache import ReadCache
from dash.catalogue.chart_reads import CATALOGUE, at_compact_height, draw, draw_compact
from dash.catalogue.entry import Read
from dash.catalogue.page_reads import PAGE_READS
from dash.charts import Chart
from dash.filters import Filters
from dash.paths import is_unbuilt_file, store_target
from dash.queries import places
from dash.store import StoreReader

Version = Hashable  # the store's identity (StoreReader.version): it changes with every write

READS: dict[str, Read] = {entry.name: entry for entry in (*CATALOGUE.values(), *PAGE_READS)}
assert len(READS) == len(CATALOGUE) + len(PAGE_READS), "two reads share a name"

CHARTS_KEPT = 500  # drawn charts kept, over every (chart, filter, version)
COMPACT_KEPT = 100  # the Overview's small ones

_CACHE = ReadCache()
# Two builders for the whole server, whatever the number of sessions: there are two cores.
_BUILDERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="chart-builder")
_READERS: dict[str, StoreReader] = {}
_READERS_LOCK = threading.Lock()


def reader(store: str) -> StoreReader:
    """The one reader of ``store`` (a path or connection string) for the whole server."""
    with _READERS_LOCK:
        if store not in _READERS:
            _READERS[store] = StoreReader(store)
        return _READERS[store]


# Uncached, on the caller's cursor


def fetch(name: str, cursor: duckdb.DuckDBPyConnection, filters: Filters | None = None, /,
          **args: object) -> object:
    """Read ``name`` for the filter on ``cursor``; for a chart, the result it is drawn from. A value
    it needs (``Read.needs``) that the caller has read already may be given in ``args``."""
    entry, filters = READS[name], (filters or Filters()).alone
    needed = {param: fetch(other, cursor, filters) for param, other in entry.needs if param not in args}
    return entry.run(cursor, filters, **needed, **args)


def build(name: str, cursor: duckdb.DuckDBPyConnection, filters: Filters) -> Chart:
    """Chart ``name`` for the filter, citing its sources."""
    filters = filters.alone
    return cite(name, draw(name, fetch(name, cursor, filters)),
                lambda records: fetch("sources", cursor, filters, records=records))


def cite(name: str, chart: Chart, sources_of: Callable[[str], tuple[str, ...]]) -> Chart:
    """The chart with its sources named: its own rows' where they carry them, else those of the
    meetings, funds or grants it counts (``Read.cites``), so no slide says only "the store".
    ``sources_of('grants')`` gives those lines: the cache answers it once per filter for every chart
    that counts the same records (six on the Grants page)."""
    records = CATALOGUE[name].cites
    if chart.sources or chart.is_empty or records is None:
        return chart
    return dataclasses.replace(chart, sources=sources_of(records))


# Cached, by store


def read(name: str, filters: Filters, store: str, version: Version, /, **args: object) -> object:
    """Read ``name`` for the filter from ``store`` at ``version``, computed once and shared; for a
    chart, the result it is drawn from (``chart`` draws it)."""
    entry, filters = READS[name], filters.alone
    key = (entry.data if entry.is_chart else name, tuple(sorted(args.items())),
           filters if entry.filtered else None, store, version)

    def compute() -> object:
        needed = {param: read(other, filters, store, version) for param, other in entry.needs}
        return entry.run(reader(store).cursor(), filters, **needed, **args)

    return _CACHE.get("chart data" if entry.is_chart else name, key, entry.keep, compute)


def chart(name: str, filters: Filters, store: str, version: Version, *, compact: bool = False) -> Chart:
    """A chart for the filter (which holds every choice that changes it), citing its sources;
    ``compact``: the Overview's small version, no taller than ``COMPACT_HEIGHT``."""
    filters = filters.alone
    if compact:
        return _CACHE.get("compact charts", (name, filters, store, version), COMPACT_KEPT,
                          lambda: _compact(name, filters, store, version))
    return _CACHE.get("charts", (name, filters, store, version), CHARTS_KEPT,
                      lambda: _cited(name, draw(name, read(name, filters, store, version)),
                                     filters, store, version))


def remember(group: str, key: Hashable, keep: int, compute: Callable[[], object]) -> object:
    """A value made from other reads (a comparison of two views), kept in the one cache under ``key``,
    which must name everything it depends on, the store's version included."""
    return _CACHE.get(group, key, keep, compute)


def _cited(name: str, drawn: Chart, filters: Filters, store: str, version: Version) -> Chart:
    return cite(name, drawn, lambda records: read("sources", filters, store, version, records=records))


def _compact(name: str, filters: Filters, store: str, version: Version) -> Chart:
    if CATALOGUE[name].compact is None:
        return at_compact_height(chart(name, filters, store, version))
    drawn = draw_compact(name, read(name, filters, store, version))
    return at_compact_height(_cited(name, drawn, filters, store, version))


def build_ahead(names: Iterable[str], filters: Filters, store: str, version: Version, *,
                compact: bool = False) -> list[Future]:
    """Start building charts on the two builders; ``chart`` then finds each one made or waits for it
    (one computation per key). A chart is half DuckDB, which works outside Python's lock, so on two
    cores one chart's query overlaps another's drawing. Only a first visit to a filter gains: the
    rest are cached. ``compact``: the Overview's small versions, not the full ones it never shows."""
    sides = (filters.alone,) if filters.other is None else (filters.alone, filters.other)
    return [_BUILDERS.submit(_quietly, name, side, store, version, compact)
            for side in sides for name in names]


def _quietly(name: str, filters: Filters, store: str, version: Version, compact: bool) -> None:
    # An error is not kept: the page's own call meets it again and shows it.
    with contextlib.suppress(Exception):
        chart(name, filters, store, version, compact=compact)


def clear() -> None:
    """Forget every value and every reader: the benchmark's cold start."""
    _CACHE.clear()
    with _READERS_LOCK:
        _READERS.clear()


def warm_caches(first: Iterable[str], seconds: float = 30.0, settle: float = 5.0) -> int:
    """Fill the cache visitors need before they ask: the sidebar's choices, the coverage line and
    the ``first`` charts with no filter; then, for up to ``seconds``, the coverage line and the
    ``first`` charts for each place holding records, busiest first, then every page's charts for
    those places. Called by ``dash serve`` once Streamlit is running; places are done one at a time,
    off the builders visitors use, after a pause of ``settle`` seconds: the first visitors usually
    arrive as the server starts, and their pages load 0.7 s sooner when this is not sharing the
    two cores with them (measured: cold start 4.8 → 4.1 s). Returns how many (place, chart) pairs
    were prepared."""
    store = store_target()
    if is_unbuilt_file(store):
        return 0  # the first visitor's run builds it, with a message saying so
    version = reader(store).version
    cursor = reader(store).cursor()
    first = list(first)
    unfiltered = build_ahead(first, Filters(), store, version)
    read("sidebar_options", Filters(), store, version)
    read("coverage", Filters(), store, version)
    for built in unfiltered:
        built.result()
    overview = list(first)
    others = list(CATALOGUE)
    busiest = places.busiest_places(cursor)
    time.sleep(settle)
    started = time.monotonic()
    prepared = 0
    for jobs in (overview, [job for job in others if job not in overview]):
        for place in busiest:
            filters = Filters((place,))
            if jobs is overview:
                read("coverage", filters, store, version)  # every page shows it; once per place is enough
            for name in jobs:
                if time.monotonic() - started > seconds or reader(store).version != version:
                    return prepared  # out of time, or the store changed: visitors' own runs take over
                chart(name, filters, store, version)
                prepared += 1
    return prepared
