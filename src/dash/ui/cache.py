"""What the pages share across sessions: one reader per store; charts, headline figures, the coverage
line, the sidebar's choices and the Themes review list cached per filter and store snapshot; two
chart builders; and the warm-up that fills these caches before the first visitors.

Every cached value is keyed on the store's version as well as the filter, so an import or a
reviewer's decision (each a new snapshot) is seen at once, and nothing is ever invalidated by hand.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import ScriptRunContext, add_script_run_ctx, get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException
from streamlit.runtime.scriptrunner_utils.script_run_context import SCRIPT_RUN_CONTEXT_ATTR_NAME

from dash import catalogue
from dash.charts import Chart, maps
from dash.charts.base import small
from dash.coverage import coverage_line
from dash.filters import Filters
from dash.paths import is_unbuilt_file, store_target
from dash.queries import activity, places, reviews, sources, summary, themes
from dash.queries import grants as grant_queries
from dash.queries import meetings as meeting_queries
from dash.queries import records as record_queries
from dash.queries.interchange import coded_write_ups
from dash.store import StoreReader
from dash.themes import held_out
from dash.themes.agreement import read_gold, tagger_agreement
from dash.themes.codebook import Codebook, load_codebook
from dash.themes.reviewers import ReviewerAgreement, agreement_between
from dash.write import access, records

Version = Hashable  # the store's identity (StoreReader.version): it changes with every write


@st.cache_resource(show_spinner=False)
def reader(path: str) -> StoreReader:
    return StoreReader(path)


# Two builders for the whole server, whatever the number of sessions: there are two cores.
_BUILDERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="chart-builder")


def build_ahead(names: Iterable[str], filters: Filters, store: str, version: Version, *,
                compact: bool = False) -> None:
    """Start building charts on the two builders; ``chart`` then finds each one made or waits for it
    (Streamlit's cache lets one caller compute a value while the others wait). A chart is half DuckDB,
    which works outside Python's lock, so on two cores one chart's query overlaps another's drawing.
    Only a first visit to a filter gains: the rest are cached. ``compact``: the small versions the
    Overview shows (``compact_chart``), not the full ones it would never use."""
    run = get_script_run_ctx()
    for name in names:
        _BUILDERS.submit(_build_one, run, name, filters, store, version, compact)


def _build_one(run: ScriptRunContext | None, name: str, filters: Filters, store: str,
               version: Version, compact: bool = False) -> None:
    thread = threading.current_thread()
    add_script_run_ctx(thread, run)  # Streamlit's cache expects a session
    try:
        (compact_chart if compact else chart)(name, filters, store, version)
    except (Exception, ScriptControlException):
        pass  # the page's own call meets an error and shows it; a run that stopped needs nothing
    finally:
        setattr(thread, SCRIPT_RUN_CONTEXT_ATTR_NAME, None)  # builders serve every session in turn


# Shared, not copied: charts and their data are never changed after they are made (the slide view
# enlarges a copy), and copying a map's outlines on every rerun would cost more than drawing them.
@st.cache_resource(max_entries=500, show_spinner=False)
def chart(name: str, filters: Filters, store: str, store_version: Version) -> Chart:
    """A catalogue chart for the filter (which holds every choice that changes it)."""
    data = chart_data(catalogue.CATALOGUE[name].data, filters, store, store_version)
    return catalogue.cite(name, catalogue.draw(name, data),
                          lambda records: cited(records, filters, store, store_version))


@st.cache_data(max_entries=500, show_spinner=False)
def cited(records: str, filters: Filters, store: str, store_version: Version) -> tuple[str, ...]:
    """The sources of the meetings, funds or grants in the filter: once for all the charts citing them."""
    del store_version
    return sources.cited(reader(store).cursor(), filters, records)


COMPACT_HEIGHT = 360  # the Overview's small charts, in pixels


@st.cache_resource(max_entries=100, show_spinner=False)
def compact_chart(name: str, filters: Filters, store: str, store_version: Version) -> Chart:
    """The Overview's small version: its figure no taller than ``COMPACT_HEIGHT``, so the chart's box
    never scrolls (a box that scrolls but holds nothing to focus fails WCAG's keyboard rule). Made
    once per filter and snapshot: copying a map's figure is not free."""
    if catalogue.CATALOGUE[name].compact is not None:
        data = chart_data(catalogue.CATALOGUE[name].data, filters, store, store_version)
        full = catalogue.cite(name, catalogue.draw_compact(name, data),
                              lambda records: cited(records, filters, store, store_version))
    else:
        full = chart(name, filters, store, store_version)
    if full.is_empty:
        return full
    if maps.is_map(full.figure):  # its label cards placed anew for the smaller size
        small_map = maps.at_height(full.figure, maps.COMPACT_HEIGHT, compact=True)
        return dataclasses.replace(full, figure=small_map)
    height = min(full.figure.layout.height or COMPACT_HEIGHT, COMPACT_HEIGHT)
    return dataclasses.replace(full, figure=small(full.figure, height))


@st.cache_resource(max_entries=500, show_spinner=False)
def chart_data(data: str, filters: Filters, store: str, store_version: Version) -> object:
    """The data behind one or more charts: the Funds page's first two charts draw one query's result,
    the Panels page's three another's."""
    del store_version  # part of the cache key only: a new snapshot means new figures
    return catalogue.fetch(data, reader(store).cursor(), filters)


@st.cache_data(max_entries=500, show_spinner=False)
def headline(filters: Filters, store: str, store_version: Version) -> summary.Headline:
    del store_version
    return summary.headline(reader(store).cursor(), filters)


@st.cache_data(max_entries=500, show_spinner=False)
def coverage(filters: Filters, store: str, store_version: Version) -> str:
    return coverage_line(reader(store).cursor(), filters, headline(filters, store, store_version))


@st.cache_data(max_entries=500, show_spinner=False)
def grant_totals(filters: Filters, store: str, store_version: Version) -> pd.DataFrame:
    del store_version
    return grant_queries.grant_totals(reader(store).cursor(), filters)


@st.cache_data(max_entries=4, show_spinner=False)
def grant_count(store: str, store_version: Version) -> int:
    del store_version
    return grant_queries.grant_count(reader(store).cursor())


@st.cache_data(max_entries=500, show_spinner=False)
def meetings(filters: Filters, store: str, store_version: Version, search: str) -> pd.DataFrame:
    del store_version
    return meeting_queries.meetings(reader(store).cursor(), filters, search)


@st.cache_data(max_entries=500, show_spinner=False)
def theme_key_points(filters: Filters, store: str, store_version: Version, theme_id: str, limit: int,
                     meeting_id: str | None) -> pd.DataFrame:
    del store_version
    return themes.theme_key_points(reader(store).cursor(), filters, theme_id,
                                   ("accepted", "suggested", "disputed", "rejected"), limit=limit,
                                   meeting_id=meeting_id)


@st.cache_data(max_entries=50, show_spinner=False)
def key_points_without_a_theme(filters: Filters, store: str, store_version: Version) -> pd.DataFrame:
    del store_version
    return themes.key_points_without_a_theme(reader(store).cursor(), filters)


@st.cache_data(max_entries=50, show_spinner=False)
def theme_candidates(filters: Filters, store: str, store_version: Version, theme_id: str) -> pd.DataFrame:
    del store_version
    return themes.uncoded_key_points(reader(store).cursor(), filters, theme_id)


@st.cache_data(max_entries=500, show_spinner=False)
def role(email: str, admins: tuple[str, ...], store: str, store_version: Version) -> str:
    """A signed-in address's role (asked on every run of every page, so cached per snapshot)."""
    return access.role_of(reader(store).cursor(), email, access.Settings(sign_in=True, admins=admins))


@st.cache_data(max_entries=4, show_spinner=False)
def activity_table(store: str, store_version: Version) -> pd.DataFrame:
    return activity.activity_table(reader(store).cursor())


@st.cache_data(max_entries=4, show_spinner=False)
def store_version_words(store: str, store_version: Version) -> str:
    return activity.store_version(reader(store).cursor())


@st.cache_data(max_entries=50, show_spinner=False)
def record_choices(table: str, store: str, store_version: Version) -> pd.DataFrame:
    return record_queries.choices(reader(store).cursor(), table)


@st.cache_data(max_entries=20, show_spinner=False)
def retired_records(table: str, store: str, store_version: Version) -> pd.DataFrame:
    return record_queries.retired(reader(store).cursor(), table)


@st.cache_data(max_entries=4, show_spinner=False)
def imports(store: str, store_version: Version) -> pd.DataFrame:
    return activity.imports(reader(store).cursor())


@st.cache_data(max_entries=4, show_spinner=False)
def undoable_changes(store: str, store_version: Version) -> pd.DataFrame:
    return record_queries.undoable(reader(store).cursor())


@st.cache_data(max_entries=200, show_spinner=False)
def record_cells(table: str, record_id: str, store: str, store_version: Version) -> dict[str, str] | None:
    return records.current_cells(reader(store).cursor(), table, record_id)


@st.cache_data(max_entries=4, show_spinner=False)
def roles(store: str, store_version: Version) -> pd.DataFrame:
    return activity.roles(reader(store).cursor())


@st.cache_data(max_entries=4, show_spinner=False)
def coding_state(store: str, store_version: Version) -> themes.CodingState:
    del store_version
    return themes.coding_state(reader(store).cursor())


@st.cache_data(max_entries=4, show_spinner=False)
def reviewer_agreement(store: str, store_version: Version) -> ReviewerAgreement:
    """How far reviewers agree with each other, over every meeting (cached per snapshot)."""
    del store_version
    cursor = reader(store).cursor()
    return agreement_between(reviews.votes(cursor), reviews.theme_names(cursor))


@st.cache_data(max_entries=50, show_spinner=False)
def disputed(filters: Filters, store: str, store_version: Version) -> pd.DataFrame:
    del store_version
    return reviews.disputed(reader(store).cursor(), filters)


@st.cache_data(max_entries=4, show_spinner=False)
def qdpx_file(filters: Filters, store: str, store_version: Version) -> bytes:
    """The filter's meetings and codes as a REFI-QDA project (a fresh cursor: downloads are made off
    the page's thread). Imported here, when asked for: its models take a second to load."""
    from dash.export.refi_qda import qdpx

    del store_version
    return qdpx(coded_write_ups(reader(store).cursor(), filters))


@st.cache_data(max_entries=4, show_spinner=False)
def agreement(store: str, store_version: Version) -> tuple[str, list[dict[str, object]]]:
    """The suggestions against the hand-coded gold set, in words: a sentence on unseen write-ups (each
    scored with itself left out) and a row per theme, with the in-sample kappa beside for contrast.

    Reading the gold key points is redone per snapshot; the measure itself (most of a second) only
    when the key points' words, the gold codes or the codebook change, not after every decision."""
    del store_version
    gold = read_gold()
    cursor = reader(store).cursor()
    texts = themes.insight_texts(cursor, list(gold))
    documents = themes.key_point_documents(cursor, list(texts))
    return _agreement_of(load_codebook(), tuple(sorted(texts.items())), tuple(sorted(documents.items())),
                         tuple(sorted((k, tuple(sorted(v))) for k, v in gold.items())))


@st.cache_data(max_entries=4, show_spinner=False)
def _agreement_of(codebook: Codebook, texts: tuple, documents: tuple, gold: tuple
                  ) -> tuple[str, list[dict[str, object]]]:
    texts_by_id, gold_by_id = dict(texts), {k: set(v) for k, v in gold}
    unseen = held_out.held_out(texts_by_id, dict(documents), gold_by_id, codebook)
    rows = held_out.table(unseen, {t.theme_id: t.name for t in codebook.themes})
    for row, seen in zip(rows, tagger_agreement(texts_by_id, gold_by_id, codebook), strict=True):
        row["Kappa, the rules, on the write-ups they were written from"] = (
            None if seen.kappa is None else round(seen.kappa, 2))
    return held_out.in_words(unseen), rows


@st.cache_data(max_entries=4, show_spinner=False)
def options(store: str, store_version: Version) -> tuple[dict[str, str], dict[str, str]]:
    """The sidebar's choices: place codes and organisation ids, each with its label."""
    del store_version
    cursor = reader(store).cursor()
    localities = places.locality_options(cursor)
    organisations = places.organisation_options(cursor)
    return (dict(zip(localities["locality_id"], localities["label"], strict=True)),
            dict(zip(organisations["org_id"], organisations["name"], strict=True)))


def warm_caches(first: Iterable[str], seconds: float = 30.0, settle: float = 5.0) -> int:
    """Fill the caches visitors need before they ask: the sidebar's choices, the coverage line and
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
    unfiltered = [_BUILDERS.submit(_build_one, None, name, Filters(), store, version) for name in first]
    options(store, version)
    coverage(Filters(), store, version)
    for built in unfiltered:
        built.result()
    overview = list(first)
    others = list(catalogue.CATALOGUE)
    busiest = places.busiest_places(cursor)
    time.sleep(settle)
    started = time.monotonic()
    prepared = 0
    for jobs in (overview, [job for job in others if job not in overview]):
        for place in busiest:
            filters = Filters((place,))
            if jobs is overview:
                coverage(filters, store, version)  # every page shows it; once per place is enough
            for name in jobs:
                if time.monotonic() - started > seconds or reader(store).version != version:
                    return prepared  # out of time, or the store changed: visitors' own runs take over
                chart(name, filters, store, version)
                prepared += 1
    return prepared
