"""The frame around every page: the store, the shared filters in the sidebar and the URL.

``app.py`` calls ``render_filters`` once per run, then runs the chosen page inside
``serving(context)``; pages call ``page_context()`` to get the filter and read through it
(``context.read``, ``context.chart``), so no page has to know how the filter was chosen, where it
is kept, or where a figure's query lives. A second view to compare with ("Compare with…" in the
sidebar, ``?compare=`` in the link) is part of the same filter: ``context.compare(name)`` is a chart
for both views side by side, ``context.read_beside`` a read of the other view.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import duckdb
import streamlit as st

from dash import catalogue
from dash.charts import Chart
from dash.filters import (
    CODES,
    COMPARE,
    COMPARE_FROM,
    COMPARE_ORG,
    COMPARE_TO,
    DATE_FROM,
    DATE_TO,
    LINK_CHARS,
    LOCALITY,
    ORGANISATION,
    SINCE,
    Filters,
    within_bounds,
)
from dash.paths import is_unbuilt_file, store_target
from dash.safe import markdown as literal
from dash.ui.legacy_pages import leave_legacy_page_mode
from dash.write import service

LOCALITY_KEY, FROM_KEY, TO_KEY, ORG_KEY = "filter_locality", "filter_from", "filter_to", "filter_org"
SUGGESTIONS_KEY = "filter_suggestions"
SINCE_KEY = "filter_since"  # the Since page's day: its own widget, kept in the Filters value and the link
# The view beside this one: on or off, and its own area, period and organisations.
COMPARE_ON_KEY, COMPARE_LOCALITY_KEY = "compare_on", "compare_locality"
COMPARE_FROM_KEY, COMPARE_TO_KEY, COMPARE_ORG_KEY = "compare_from", "compare_to", "compare_org"
_URL_KEYS = (LOCALITY, DATE_FROM, DATE_TO, ORGANISATION, CODES, SINCE, COMPARE, COMPARE_FROM, COMPARE_TO,
             COMPARE_ORG)
_URL_READ = "filters_read_from_url"


@dataclass(frozen=True)
class PageContext:
    """What a page reads from: the filter, the coverage line, and the store at the version this run
    began with, so every read of one run comes from the same version. No cursor: a page reads only
    the catalogue's named reads."""

    filters: Filters
    coverage: str  # what the filter covers, in words; with a comparison, both views
    store: str  # the store's path or connection string, as the cache keys it
    store_version: catalogue.Version  # changes whenever the store is written

    @property
    def comparing(self) -> bool:
        return self.filters.compare is not None

    def read(self, name: str, **args: object) -> Any:
        """The read ``name`` (``dash.catalogue.READS``) for this filter, cached until the filter, the
        arguments or the store change. Shared between sessions: never change what it returns."""
        return catalogue.read(name, self.filters, self.store, self.store_version, **args)

    def chart(self, name: str, *, compact: bool = False) -> Chart:
        """A catalogue chart for this filter (``compact``: the Overview's small size), cached like
        ``read``."""
        return catalogue.chart(name, self.filters, self.store, self.store_version, compact=compact)

    def compare(self, name: str, *, compact: bool = False) -> catalogue.Comparison:
        """Chart ``name`` for this view and the one beside it, side by side on shared scales, with the
        difference in words; cached like ``chart``. Only when ``comparing``."""
        return catalogue.compare(name, self.filters, self.store, self.store_version, compact=compact)

    def read_beside(self, name: str, **args: object) -> Any:
        """The read ``name`` for the view beside this one (``comparing`` only), cached like ``read``."""
        return catalogue.read(name, self.filters.other, self.store, self.store_version, **args)

    def labels(self) -> tuple[str, str]:
        """What the two views are called (``comparing`` only): ('Bristol', 'all areas, 2023')."""
        return catalogue.compare_labels(self.filters, self.store, self.store_version)

    def prefetch(self, names: Iterable[str]) -> None:
        """Start building the page's charts side by side; ``chart`` then finds each one made or waits
        for it (see ``catalogue.build_ahead``)."""
        catalogue.build_ahead(names, self.filters, self.store, self.store_version)


# On every page: a keyboard user sees where they are. Streamlit marks a focused link in the
# navigation with a pale background about 1.1:1 against the sidebar; this ring is the palette's blue,
# 5:1 against white and the sidebar's grey (WCAG 2.2's 3:1 for focus indicators).
FOCUS_CSS = """<style>
  a:focus-visible, button:focus-visible, [role="tab"]:focus-visible, summary:focus-visible,
  [data-testid="stSidebarNav"] a:focus-visible {
    outline: 3px solid #0072B2 !important; outline-offset: 2px !important; }
  /* A headline figure's label wraps onto a second line rather than ending in "…" on a laptop. */
  [data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
  /* Two views of a chart side by side (``components.show_comparison``), or one above the other where
     the page has under 1,150 px for them (a 1280 laptop or projector with the sidebar open): a side
     under about 560 px runs its labels together. Measured on the space there is, not the screen's. */
  [class*="st-key-pair_"] { container-type: inline-size; }
  @container (max-width: 1150px) {
    [class*="st-key-pair_"] [data-testid="stHorizontalBlock"] { flex-direction: column !important; }
    [class*="st-key-pair_"] [data-testid="stColumn"] { width: 100% !important; flex: 1 1 auto !important; }
  }
</style>"""


def page_style() -> None:
    st.html(FOCUS_CSS)


_CONTEXT_KEY = "_page_context"


def open_store() -> duckdb.DuckDBPyConnection:
    """This session thread's cursor; builds the store from data/seed on first use if it is a file
    that is missing (a shared database is the writer's to build)."""
    target = store_target()
    if is_unbuilt_file(target):
        with st.spinner("Setting up the records for their first use…"):
            built = service.build(store=target)
        if not built.ok:
            st.error(built.message)
            st.stop()
    try:
        return catalogue.reader(target).cursor()
    except duckdb.Error as error:  # a shared store out of reach: say so rather than show a traceback
        st.error(f"The dashboard could not open its store {target}, so there is nothing to show. "
                 f"Check the address and the network, then reload the page. ({error})")
        st.stop()


def _read_url_once(cursor: duckdb.DuckDBPyConnection, organisation_ids: list[str]) -> None:
    """On a session's first run, set the filter widgets from the link that opened it."""
    if st.session_state.get(_URL_READ):
        return
    st.session_state[_URL_READ] = True
    params = {key: st.query_params.get_all(key) for key in _URL_KEYS}
    filters, problems = Filters.from_query(
        params, lambda text: catalogue.fetch("locality_named", cursor, text=text), organisation_ids
    )
    st.session_state[LOCALITY_KEY] = list(filters.localities)
    st.session_state[FROM_KEY] = filters.date_from
    st.session_state[TO_KEY] = filters.date_to
    st.session_state[ORG_KEY] = list(filters.organisations)
    st.session_state[SUGGESTIONS_KEY] = filters.suggestions
    st.session_state[SINCE_KEY] = filters.since
    other = filters.compare
    st.session_state[COMPARE_ON_KEY] = other is not None
    st.session_state[COMPARE_LOCALITY_KEY] = list(other.localities) if other else []
    st.session_state[COMPARE_FROM_KEY] = other.date_from if other else None
    st.session_state[COMPARE_TO_KEY] = other.date_to if other else None
    st.session_state[COMPARE_ORG_KEY] = list(other.organisations) if other else []
    if problems:
        st.session_state["filter_url_problems"] = problems


def _write_url(filters: Filters) -> None:
    """Keep the link's filter in step with the sidebar; other parameters (a slide number) stay."""
    wanted = filters.to_query()
    for key in _URL_KEYS:
        value = wanted.get(key)
        values = value if isinstance(value, list) else ([value] if value else [])
        if st.query_params.get_all(key) != values:
            if values:
                st.query_params[key] = values
            else:
                del st.query_params[key]


def link_value(param: str, what: tuple[str, str], chars: int = LINK_CHARS) -> str | None:
    """A page's own parameter in the link (``?search=``, ``?charts=``), or None when there is none or
    it is longer than ``chars``: then one sentence says so, and nothing of it is parsed or shown."""
    values, problems = within_bounds(st.query_params.get_all(param)[:1], what, chars)
    for problem in problems:
        st.warning(f"The link asked for {literal(problem)}; it was ignored.")
    return values[0] if values else None


def take_from_link(param: str, state_key: str, what: tuple[str, str], allowed=None) -> None:
    """A page's own choice opened from a link (the Activity page's ``meetings?search=…``): set its
    widget once, then drop the parameter, so the link does not fight the person's next choice.
    ``allowed`` (a collection) ignores a value the widget could not show."""
    if param not in st.query_params:
        return
    value = link_value(param, what)
    del st.query_params[param]
    if value is not None and (allowed is None or value in allowed):
        st.session_state[state_key] = value


def set_locality(locality_id: str) -> None:
    """Apply one place as the locality filter (from a map click or a picker); call from a callback."""
    st.session_state[LOCALITY_KEY] = [locality_id]


def _clear() -> None:
    st.session_state[LOCALITY_KEY] = []
    st.session_state[FROM_KEY] = None
    st.session_state[TO_KEY] = None
    st.session_state[ORG_KEY] = []
    st.session_state[SUGGESTIONS_KEY] = True


def _stop_comparing() -> None:
    st.session_state[COMPARE_ON_KEY] = False
    st.session_state[COMPARE_LOCALITY_KEY] = []
    st.session_state[COMPARE_FROM_KEY] = None
    st.session_state[COMPARE_TO_KEY] = None
    st.session_state[COMPARE_ORG_KEY] = []


def _compare_controls(labels: dict[str, str], org_names: dict[str, str]) -> None:
    """"Compare with…": a second view's area, period and organisation, and "Stop comparing"."""
    comparing = bool(st.session_state.get(COMPARE_ON_KEY))
    with st.expander("Compare with…", expanded=comparing, icon=":material/compare:"):
        st.toggle("Show another view beside this one", key=COMPARE_ON_KEY,
                  help="Every chart is shown twice, side by side on the same scales, with the difference "
                  "in words; the link keeps both views.")
        if not st.session_state.get(COMPARE_ON_KEY):
            return
        st.multiselect(
            "Area to compare with", options=list(labels), format_func=lambda code: labels.get(code, code),
            key=COMPARE_LOCALITY_KEY, placeholder="All areas: type to search", select_all=False,
        )
        left, right = st.columns(2)
        left.date_input("From", value=None, key=COMPARE_FROM_KEY, format="DD/MM/YYYY")
        right.date_input("To", value=None, key=COMPARE_TO_KEY, format="DD/MM/YYYY")
        st.multiselect(
            "Organisation to compare with", options=list(org_names),
            format_func=lambda org: org_names.get(org, org), key=COMPARE_ORG_KEY,
            placeholder="All organisations", select_all=False,
        )
        st.button("Stop comparing", on_click=_stop_comparing, width="stretch", key="compare_stop")


def _with_comparison(filters: Filters) -> Filters:
    if not st.session_state.get(COMPARE_ON_KEY):
        return filters
    return filters.compared_with(
        st.session_state.get(COMPARE_LOCALITY_KEY) or (), st.session_state.get(COMPARE_FROM_KEY),
        st.session_state.get(COMPARE_TO_KEY), st.session_state.get(COMPARE_ORG_KEY) or ())


def render_filters(page: str = "overview") -> PageContext:
    """Draw the shared filters in the sidebar and return what they select. ``page`` (the name in
    ``catalogue.PAGE_CHARTS``) has its charts started on the builders as soon as the filter is known,
    so they are made while the coverage line is worked out and the page is laid out."""
    cursor = open_store()
    store = store_target()
    version = catalogue.reader(store).version
    labels, org_names = catalogue.read("sidebar_options", Filters(), store, version)
    _read_url_once(cursor, list(org_names))

    with st.sidebar:
        st.header("Filter")
        st.multiselect(
            "Area", options=list(labels), format_func=lambda code: labels.get(code, code),
            key=LOCALITY_KEY, placeholder="All areas: type to search",
            help="Pick a region, county or local authority: everything inside it is included.",
            # Enter takes the best match, which the fuzzy filter ranks first (the exact name, then
            # names starting with it); without this it took "Select all 2 matches" ("Bristol" also
            # matches Bournemouth, Christchurch and Poole letter by letter).
            select_all=False,
        )
        left, right = st.columns(2)
        left.date_input("From", value=None, key=FROM_KEY, format="DD/MM/YYYY")
        right.date_input("To", value=None, key=TO_KEY, format="DD/MM/YYYY")
        st.multiselect(
            "Organisation", options=list(org_names), format_func=lambda org: org_names.get(org, org),
            key=ORG_KEY, placeholder="All organisations", select_all=False,
        )
        st.toggle("Count theme suggestions not yet reviewed", key=SUGGESTIONS_KEY,
                  help="On: a theme's count is the codes reviewers accepted plus the rules' "
                  "suggestions nobody has reviewed yet (drawn hatched), never the rejected ones. "
                  "Off: accepted codes only.")
        st.button("Clear filters", on_click=_clear, width="stretch")
        _compare_controls(labels, org_names)
        for problem in st.session_state.pop("filter_url_problems", []):
            # the problem quotes the link's own text, which anyone can write: shown as characters
            st.warning(f"The link asked for {literal(problem)}; that part of it was ignored.")

    filters = _with_comparison(Filters(
        localities=tuple(st.session_state[LOCALITY_KEY]),
        date_from=st.session_state[FROM_KEY],
        date_to=st.session_state[TO_KEY],
        organisations=tuple(st.session_state[ORG_KEY]),
        suggestions=bool(st.session_state[SUGGESTIONS_KEY]),
        since=st.session_state.get(SINCE_KEY),  # gone with its widget once another page is open
    ))
    _write_url(filters)
    # The Overview shows its charts small (``compact``): those are what to build ahead.
    catalogue.build_ahead(catalogue.PAGE_CHARTS.get(page, ()), filters, store, version,
                          compact=page == "overview")
    coverage = catalogue.read("coverage", filters, store, version)
    if filters.other is not None:  # both views, wherever the coverage line is said (decks and images too)
        coverage += f"; beside it, {catalogue.read('coverage', filters.other, store, version)}"
    context = PageContext(filters, coverage, store, version)
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
    """The filter, coverage line and store for the page being drawn."""
    context = st.session_state.get(_CONTEXT_KEY)
    if context is None:
        leave_legacy_page_mode()
    return context
