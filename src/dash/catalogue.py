"""Every chart a trustee can present or export, by name: the data it draws and its builder.

Pages, the Present page, chart downloads and the slide deck all take their charts
from here, so a chart shown on screen and the same chart in a deck never differ.

A chart names its data by a key into ``DATA`` (one query, or a few) and draws it with a
pure builder. Charts drawing the same data (the Funds page's fund sizes and participatory
parts, the Panels page's three charts) share one query through the app's cache, and the
benchmark times each query apart from its drawing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import duckdb

from dash.charts import Chart, maps
from dash.charts import funds as fund_charts
from dash.charts import grants as grant_charts
from dash.charts import meetings as meeting_charts
from dash.charts import panels as panel_charts
from dash.charts import themes as theme_charts
from dash.filters import Filters
from dash.geo import district_boundaries
from dash.queries import funds, grants, meetings, panels, places, sources, themes

Fetch = Callable[..., object]  # (cursor, filters) → data


@dataclass(frozen=True)
class Data:
    fetch: Fetch
    cites: str | None = None  # whose sources a chart of this data cites, when its rows carry none


def _map_data(by_district: Callable[[duckdb.DuckDBPyConnection, Filters], object]) -> Fetch:
    return lambda c, f: (by_district(c, f), places.boundary_codes(c))


DATA: dict[str, Data] = {
    "funds": Data(funds.funds),
    "money_by_place": Data(funds.money_by_locality),
    "money_by_organisation": Data(funds.money_by_organisation),
    "panels": Data(panels.panels),
    "theme_counts": Data(themes.theme_counts, cites="meetings"),
    "theme_matrix_meeting": Data(lambda c, f: themes.theme_matrix(c, f, "meeting"),
                                 cites="meetings"),
    "theme_matrix_place": Data(lambda c, f: themes.theme_matrix(c, f, "place"),
                               cites="meetings"),
    "themes_by_year": Data(themes.themes_by_year, cites="meetings"),
    "theme_pairs": Data(themes.theme_pairs, cites="meetings"),
    "meetings_per_year": Data(meetings.meetings_per_year, cites="meetings"),
    "money_by_district": Data(_map_data(places.money_by_district), cites="funds"),
    "grants_by_band": Data(grants.grants_by_band, cites="grants"),
    "grants_by_year": Data(grants.grants_by_year, cites="grants"),
    "grants_by_place": Data(grants.grants_by_place, cites="grants"),
    "grants_by_district": Data(_map_data(grants.grants_by_district), cites="grants"),
    "top_recipients": Data(grants.top_recipients, cites="grants"),
    "granted_against_funds": Data(grants.granted_against_funds, cites="grants"),
}


@dataclass(frozen=True)
class Entry:
    name: str
    label: str
    data: str  # a key of DATA
    draw: Callable[..., Chart]  # (data) → Chart
    compact: Callable[..., Chart] | None = None  # the Overview's small version, where it differs


def _entries() -> list[Entry]:
    return [
        Entry("fund_sizes", "Fund sizes", "funds", fund_charts.fund_sizes),
        Entry("participatory_part", "Money decided by communities", "funds", fund_charts.participatory_part),
        Entry("money_by_place", "Money by place", "money_by_place",
              lambda d: fund_charts.money_by_group(d, "locality", "place")),
        Entry("money_by_organisation", "Money by organisation", "money_by_organisation",
              lambda d: fund_charts.money_by_group(d, "organisation", "organisation")),
        Entry("lived_experience_shares", "Lived-experience shares", "panels",
              panel_charts.lived_experience_shares),
        Entry("pay_and_training", "Pay and training of panels", "panels", panel_charts.pay_and_training),
        Entry("share_against_fund_size", "Lived-experience share against fund size", "panels",
              panel_charts.share_against_fund_size),
        Entry("share_against_target", "Lived-experience share against the fund's target", "panels",
              panel_charts.share_against_target),
        Entry("theme_counts", "Recurring themes", "theme_counts", theme_charts.theme_counts,
              compact=theme_charts.theme_counts_compact),
        Entry("theme_matrix_meeting", "Themes by meeting", "theme_matrix_meeting",
              lambda d: theme_charts.theme_matrix(d, "meeting")),
        Entry("theme_matrix_place", "Themes by place", "theme_matrix_place",
              lambda d: theme_charts.theme_matrix(d, "place")),
        Entry("themes_over_time", "Themes over time", "themes_by_year",
              theme_charts.themes_over_time),
        Entry("theme_pairs", "Themes that come up together", "theme_pairs",
              theme_charts.theme_pairs),
        Entry("meetings_per_year", "Meetings by year", "meetings_per_year", meeting_charts.meetings_per_year),
        Entry("money_map", "Map of money", "money_by_district",
              lambda d: maps.money_map(d[0], d[1], district_boundaries())),
        Entry("grant_bands", "Grants by amount band", "grants_by_band", grant_charts.amount_bands),
        Entry("grant_years", "Grants by year", "grants_by_year", grant_charts.by_year),
        Entry("grants_by_place", "Grants by place", "grants_by_place",
              lambda d: grant_charts.by_group(d, "place", "grants_by_place", "Where did the money go?",
                                              "Place")),
        Entry("grants_map", "Map of grants", "grants_by_district",
              lambda d: maps.money_map(d[0], d[1], district_boundaries(), counted="grant", key="grants_map",
                                       title="Where did the grants go, on the map?")),
        Entry("top_recipients", "Top grant recipients", "top_recipients",
              lambda d: grant_charts.by_group(d, "recipient", "top_recipients", "Who received the most?",
                                              "Recipient")),
        Entry("granted_vs_funds", "Granted against fund size", "granted_against_funds",
              grant_charts.granted_against_funds),
    ]


CATALOGUE: dict[str, Entry] = {entry.name: entry for entry in _entries()}
# The Overview's small charts, in reading order (the page lays them out in two columns); also what
# the server builds before its first visitor arrives (dash.serve).
OVERVIEW_CHARTS: tuple[str, ...] = (
    "fund_sizes", "lived_experience_shares", "theme_counts", "money_map", "meetings_per_year",
)
# Each page's charts, in the order it shows them (the Themes page shows one of its two matrices,
# by meeting unless the trustee picks places).
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "overview": OVERVIEW_CHARTS,
    "funds": ("fund_sizes", "participatory_part", "money_by_place", "money_by_organisation"),
    "panels": ("lived_experience_shares", "share_against_target", "pay_and_training",
               "share_against_fund_size"),
    "themes": ("theme_counts", "theme_matrix_meeting", "themes_over_time", "theme_pairs"),
    "meetings": ("meetings_per_year",),
    "grants": ("grant_bands", "grant_years", "grants_by_place", "grants_map", "top_recipients",
               "granted_vs_funds"),
    "map": ("money_map",),
}
DEFAULT_SLIDES: tuple[str, ...] = (
    "fund_sizes", "participatory_part", "lived_experience_shares", "pay_and_training", "theme_counts",
    "meetings_per_year", "money_map",
)


def fetch(data: str, cursor: duckdb.DuckDBPyConnection, filters: Filters) -> object:
    """The data behind one or more charts (``DATA[data]``), for the filter."""
    return DATA[data].fetch(cursor, filters)


def draw(name: str, data: object) -> Chart:
    """Chart ``name`` drawn from its data. Builders never change the data they are given, so the
    same data can be drawn by several charts (and shared between sessions)."""
    return CATALOGUE[name].draw(data)


def draw_compact(name: str, data: object) -> Chart:
    """Chart ``name`` as the Overview draws it small: its compact builder, else the chart itself."""
    entry = CATALOGUE[name]
    return (entry.compact or entry.draw)(data)


def build(name: str, cursor: duckdb.DuckDBPyConnection, filters: Filters) -> Chart:
    """Chart ``name`` for the filter, citing its sources."""
    return cite(name, draw(name, fetch(CATALOGUE[name].data, cursor, filters)),
                lambda records: sources.cited(cursor, filters, records))


def cite(name: str, chart: Chart, sources_of: Callable[[str], tuple[str, ...]]) -> Chart:
    """The chart with its sources named: its own rows' where they carry them, else those of the
    meetings, funds or grants it counts (``Data.cites``), so no slide says only "the store".
    ``sources_of('grants')`` gives those lines: the caches answer it once per filter for every chart
    that counts the same records (six on the Grants page)."""
    records = DATA[CATALOGUE[name].data].cites
    if chart.sources or chart.is_empty or records is None:
        return chart
    return replace(chart, sources=sources_of(records))


def parse_names(text: str | None) -> tuple[list[str], list[str]]:
    """'fund_sizes,theme_counts' → known names in order, and the unknown ones."""
    if not text:
        return list(DEFAULT_SLIDES), []
    names = [part.strip() for part in text.split(",") if part.strip()]
    return [n for n in names if n in CATALOGUE], [n for n in names if n not in CATALOGUE]
