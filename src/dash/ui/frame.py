"""The frame around every page: the store, the shared filters in the sidebar and the URL.

``app.py`` calls ``render_filters`` once per run, then runs the chosen page inside
``serving(context)``; pages call ``page_context()`` to get the cursor and filter,
so no page has to know how the filter was chosen or where it is kept.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NoReturn

import duckdb
import streamlit as st
from streamlit.runtime.scriptrunner import ScriptRunContext, add_script_run_ctx, get_script_run_ctx

from dash import catalogue
from dash.charts import Chart
from dash.coverage import coverage_line
from dash.filters import DATE_FROM, DATE_TO, LOCALITY, ORGANISATION, Filters
from dash.paths import store_path
from dash.queries import places, summary, themes
from dash.store import StoreReader
from dash.store.build import build_store
from dash.themes.agreement import agreement_table, read_gold, tagger_agreement
from dash.themes.codebook import load_codebook

LOCALITY_KEY, FROM_KEY, TO_KEY, ORG_KEY = "filter_locality", "filter_from", "filter_to", "filter_org"
_URL_READ = "filters_read_from_url"


@dataclass(frozen=True)
class PageContext:
    cursor: duckdb.DuckDBPyConnection
    filters: Filters
    coverage: str
    store_version: tuple[int, int, int] = (0, 0, 0)  # changes whenever the store file is replaced

    def headline(self) -> summary.Headline:
        return _cached_headline(self.filters, str(store_path()), self.store_version)

    def tagger_agreement(self) -> list[dict[str, object]]:
        """The rules scored against the hand-coded gold set, one row per theme (cached per snapshot)."""
        return _cached_agreement(str(store_path()), self.store_version)

    def chart(self, name: str, include_suggestions: bool | None = None) -> Chart:
        """A catalogue chart for this filter, cached until the filter or the store changes."""
        options = () if include_suggestions is None else (("include_suggestions", include_suggestions),)
        return _cached_chart(name, self.filters, str(store_path()), self.store_version, options)

    def prefetch(self, names: Iterable[str], include_suggestions: bool | None = None) -> None:
        """Start building the page's charts side by side; ``chart`` then finds each one made or waits
        for it. A chart is half DuckDB, which works outside Python's lock, so on two cores one chart's
        query overlaps another's drawing. Only the first visit to a filter gains: the rest are cached."""
        run = get_script_run_ctx()
        for name in names:
            _BUILDERS.submit(_build_ahead, run, self, name, include_suggestions)


# Two builders for the whole server, whatever the number of sessions: there are two cores.
_BUILDERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="chart-builder")


def _build_ahead(run: ScriptRunContext | None, context: PageContext, name: str,
                 include_suggestions: bool | None) -> None:
    add_script_run_ctx(threading.current_thread(), run)  # Streamlit's cache expects a session
    with contextlib.suppress(Exception):  # the page's own call meets the error and shows it
        context.chart(name, include_suggestions)


# Shared, not copied: charts are never changed after they are built (the slide view enlarges a copy),
# and copying a map's outlines on every rerun would cost more than drawing them.
@st.cache_resource(max_entries=500, show_spinner=False)
def _cached_chart(name: str, filters: Filters, store: str, store_version: tuple[int, int, int],
                  options: tuple[tuple[str, object], ...] = ()) -> Chart:
    del store_version  # part of the cache key only: a new snapshot means new figures
    return catalogue.build(name, _reader(store).cursor(), filters, **dict(options))


@st.cache_data(max_entries=500, show_spinner=False)
def _cached_headline(filters: Filters, store: str, store_version: tuple[int, int, int]) -> summary.Headline:
    del store_version
    return summary.headline(_reader(store).cursor(), filters)


@st.cache_data(max_entries=500, show_spinner=False)
def _cached_coverage(filters: Filters, store: str, store_version: tuple[int, int, int]) -> str:
    return coverage_line(_reader(store).cursor(), filters, _cached_headline(filters, store, store_version))


@st.cache_data(max_entries=4, show_spinner=False)
def _cached_agreement(store: str, store_version: tuple[int, int, int]) -> list[dict[str, object]]:
    del store_version
    gold = read_gold()
    texts = themes.insight_texts(_reader(store).cursor(), list(gold))
    return agreement_table(tagger_agreement(texts, gold, load_codebook()))


@st.cache_data(max_entries=4, show_spinner=False)
def _cached_options(store: str, store_version: tuple[int, int, int]) -> tuple[dict[str, str], dict[str, str]]:
    del store_version
    cursor = _reader(store).cursor()
    localities = places.locality_options(cursor)
    organisations = places.organisation_options(cursor)
    return (dict(zip(localities["locality_id"], localities["label"], strict=True)),
            dict(zip(organisations["org_id"], organisations["name"], strict=True)))


def warm_caches(chart_names: Iterable[str], seconds: float = 30.0) -> int:
    """Fill the caches visitors need before they ask: the sidebar's choices, then the coverage line
    and the named charts with no filter, then the same for each place holding records (busiest
    first) until ``seconds`` have passed. Called by ``dash serve`` once Streamlit is running; places
    are done one at a time, off the builders visitors use. Returns how many places were prepared."""
    path = store_path()
    if not path.exists():
        return 0  # the first visitor's run builds it, with a message saying so
    started = time.monotonic()
    store, version = str(path), _reader(str(path)).version
    names = list(chart_names)
    charts = [_BUILDERS.submit(_cached_chart, name, Filters(), store, version, ()) for name in names]
    _cached_options(store, version)
    _cached_coverage(Filters(), store, version)
    for chart in charts:
        chart.result()
    prepared = 0
    for place in places.busiest_places(_reader(store).cursor()):
        if time.monotonic() - started > seconds or _reader(store).version != version:
            break  # out of time, or the store changed under us: visitors' own runs take over
        filters = Filters((place,))
        _cached_coverage(filters, store, version)
        for name in names:
            _cached_chart(name, filters, store, version, ())
        prepared += 1
    return prepared


_CONTEXT_KEY = "_page_context"


@st.cache_resource(show_spinner=False)
def _reader(path: str) -> StoreReader:
    return StoreReader(path)


def open_store() -> duckdb.DuckDBPyConnection:
    """This session thread's cursor; builds the store from data/seed on first use if it is missing."""
    path = store_path()
    if not path.exists():
        with st.spinner("Building the store from data/seed (first run)…"):
            build_store(path)
    return _reader(str(path)).cursor()


def thread_cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for the calling thread, for work Streamlit runs off the session's thread (downloads)."""
    return _reader(str(store_path())).cursor()


def _read_url_once(cursor: duckdb.DuckDBPyConnection, organisation_ids: list[str]) -> None:
    """On a session's first run, set the filter widgets from the link that opened it."""
    if st.session_state.get(_URL_READ):
        return
    st.session_state[_URL_READ] = True
    params = {key: st.query_params.get_all(key) for key in (LOCALITY, DATE_FROM, DATE_TO, ORGANISATION)}
    filters, problems = Filters.from_query(
        params, lambda text: places.resolve_locality(cursor, text), organisation_ids
    )
    st.session_state[LOCALITY_KEY] = list(filters.localities)
    st.session_state[FROM_KEY] = filters.date_from
    st.session_state[TO_KEY] = filters.date_to
    st.session_state[ORG_KEY] = list(filters.organisations)
    if problems:
        st.session_state["filter_url_problems"] = problems


def _write_url(filters: Filters) -> None:
    """Keep the link's filter in step with the sidebar; other parameters (a slide number) stay."""
    wanted = filters.to_query()
    for key in (LOCALITY, DATE_FROM, DATE_TO, ORGANISATION):
        value = wanted.get(key)
        values = value if isinstance(value, list) else ([value] if value else [])
        if st.query_params.get_all(key) != values:
            if values:
                st.query_params[key] = values
            else:
                del st.query_params[key]


def set_locality(locality_id: str) -> None:
    """Apply one place as the locality filter (from a map click or a picker); call from a callback."""
    st.session_state[LOCALITY_KEY] = [locality_id]


def _clear() -> None:
    st.session_state[LOCALITY_KEY] = []
    st.session_state[FROM_KEY] = None
    st.session_state[TO_KEY] = None
    st.session_state[ORG_KEY] = []


def render_filters() -> PageContext:
    """Draw the shared filters in the sidebar and return what they select."""
    cursor = open_store()
    store, version = str(store_path()), _reader(str(store_path())).version
    labels, org_names = _cached_options(store, version)
    _read_url_once(cursor, list(org_names))

    with st.sidebar:
        st.header("Filter")
        st.multiselect(
            "Area", options=list(labels), format_func=lambda code: labels.get(code, code),
            key=LOCALITY_KEY, placeholder="All areas: type to search",
            help="Pick a region, county or local authority: everything inside it is included.",
        )
        left, right = st.columns(2)
        left.date_input("From", value=None, key=FROM_KEY, format="DD/MM/YYYY")
        right.date_input("To", value=None, key=TO_KEY, format="DD/MM/YYYY")
        st.multiselect(
            "Organisation", options=list(org_names), format_func=lambda org: org_names.get(org, org),
            key=ORG_KEY, placeholder="All organisations",
        )
        st.button("Clear filters", on_click=_clear, width="stretch")
        for problem in st.session_state.pop("filter_url_problems", []):
            st.warning(f"The link asked for {problem}; that part of it was ignored.")

    filters = Filters(
        localities=tuple(st.session_state[LOCALITY_KEY]),
        date_from=st.session_state[FROM_KEY],
        date_to=st.session_state[TO_KEY],
        organisations=tuple(st.session_state[ORG_KEY]),
    )
    _write_url(filters)
    context = PageContext(cursor, filters, _cached_coverage(filters, store, version), version)
    st.sidebar.caption(f"Showing {context.coverage}.")
    return context


@contextlib.contextmanager
def serving(context: PageContext) -> Iterator[None]:
    """Make ``context`` the one pages see while they run.

    Kept in the session's state under a private key: Streamlit may run the page's
    code outside the context in which ``app.py`` ran, so a context variable is lost.
    """
    st.session_state[_CONTEXT_KEY] = context
    try:
        yield
    finally:
        st.session_state.pop(_CONTEXT_KEY, None)


def page_context() -> PageContext:
    """The cursor, filter and coverage line for the page being drawn."""
    context = st.session_state.get(_CONTEXT_KEY)
    if context is None:
        _leave_legacy_page_mode()
    return context


def _leave_legacy_page_mode() -> NoReturn:
    """Rerun through app.py when Streamlit ran a page file on its own.

    Because app.py sits beside a ``pages/`` folder, a freshly started server treats
    the app as a legacy multipage app until ``st.navigation`` is first called, and
    its very first request for a deep link (``/funds?locality=…``) runs
    ``pages/funds.py`` without the frame. Switching that mode off and rerunning
    sends the request through app.py, whose ``st.navigation`` then opens the page
    the link names, with its filters.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
