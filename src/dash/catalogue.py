"""Every chart a trustee can present or export, by name: the query and the builder paired once.

Pages, the Present page, chart downloads and the slide deck all take their charts
from here, so a chart shown on screen and the same chart in a deck never differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from dash.charts import Chart, maps
from dash.charts import funds as fund_charts
from dash.charts import grants as grant_charts
from dash.charts import meetings as meeting_charts
from dash.charts import panels as panel_charts
from dash.charts import themes as theme_charts
from dash.filters import Filters
from dash.geo import district_boundaries
from dash.queries import funds, grants, meetings, panels, places, themes

Builder = Callable[..., Chart]  # (cursor, filters) → Chart; theme charts also take include_suggestions


@dataclass(frozen=True)
class Entry:
    name: str
    label: str
    build: Builder

    @property
    def themed(self) -> bool:
        return getattr(self.build, "themed", False)


def default_include_suggestions(cursor: duckdb.DuckDBPyConnection) -> bool:
    """Count the rules' suggestions (clearly marked) while no one has reviewed any code."""
    return themes.accepted_code_count(cursor) == 0


def _themed(build: Callable[[duckdb.DuckDBPyConnection, Filters, bool], Chart]) -> Builder:
    def with_default(cursor, filters, include_suggestions: bool | None = None) -> Chart:
        include = default_include_suggestions(cursor) if include_suggestions is None else include_suggestions
        return build(cursor, filters, include)
    with_default.themed = True
    return with_default


def _entries() -> list[Entry]:
    return [
        Entry("fund_sizes", "Fund sizes", lambda c, f: fund_charts.fund_sizes(funds.funds(c, f))),
        Entry("participatory_part", "Money decided by communities",
              lambda c, f: fund_charts.participatory_part(funds.funds(c, f))),
        Entry("money_by_place", "Money by place",
              lambda c, f: fund_charts.money_by_group(funds.money_by_locality(c, f), "locality", "place")),
        Entry("money_by_organisation", "Money by organisation",
              lambda c, f: fund_charts.money_by_group(funds.money_by_organisation(c, f), "organisation",
                                                      "organisation")),
        Entry("lived_experience_shares", "Lived-experience shares",
              lambda c, f: panel_charts.lived_experience_shares(panels.panels(c, f))),
        Entry("pay_and_training", "Pay and training of panels",
              lambda c, f: panel_charts.pay_and_training(panels.panels(c, f))),
        Entry("share_against_fund_size", "Lived-experience share against fund size",
              lambda c, f: panel_charts.share_against_fund_size(panels.panels(c, f))),
        Entry("theme_counts", "Recurring themes", _themed(
            lambda c, f, i: theme_charts.theme_counts(themes.theme_counts(c, f, i), i))),
        Entry("theme_matrix_meeting", "Themes by meeting", _themed(
            lambda c, f, i: theme_charts.theme_matrix(themes.theme_matrix(c, f, "meeting", i), "meeting"))),
        Entry("theme_matrix_place", "Themes by place", _themed(
            lambda c, f, i: theme_charts.theme_matrix(themes.theme_matrix(c, f, "place", i), "place"))),
        Entry("themes_over_time", "Themes over time", _themed(
            lambda c, f, i: theme_charts.themes_over_time(themes.themes_by_year(c, f, i)))),
        Entry("theme_pairs", "Themes that come up together", _themed(
            lambda c, f, i: theme_charts.theme_pairs(themes.theme_pairs(c, f, i)))),
        Entry("meetings_per_year", "Meetings by year",
              lambda c, f: meeting_charts.meetings_per_year(meetings.meetings_per_year(c, f))),
        Entry("money_map", "Map of money",
              lambda c, f: maps.money_map(places.money_by_district(c, f), places.boundary_codes(c),
                                          district_boundaries())),
        Entry("grant_bands", "Grants by amount band",
              lambda c, f: grant_charts.amount_bands(grants.grants_by_band(c, f))),
        Entry("grant_years", "Grants by year",
              lambda c, f: grant_charts.by_year(grants.grants_by_year(c, f))),
        Entry("grants_by_place", "Grants by place",
              lambda c, f: grant_charts.by_group(grants.grants_by_place(c, f), "place", "grants_by_place",
                                                 "Where did the money go?", "Place")),
        Entry("grants_map", "Map of grants",
              lambda c, f: maps.money_map(grants.grants_by_district(c, f), places.boundary_codes(c),
                                          district_boundaries(), counted="grant", key="grants_map",
                                          title="Where did the grants go, on the map?")),
        Entry("top_recipients", "Top grant recipients",
              lambda c, f: grant_charts.by_group(grants.top_recipients(c, f), "recipient", "top_recipients",
                                                 "Who received the most?", "Recipient")),
        Entry("granted_vs_funds", "Granted against fund size",
              lambda c, f: grant_charts.granted_against_funds(grants.granted_against_funds(c, f))),
    ]


CATALOGUE: dict[str, Entry] = {entry.name: entry for entry in _entries()}
# Charts that count theme codes, and so take ``include_suggestions``.
THEMED: frozenset[str] = frozenset(name for name, entry in CATALOGUE.items() if entry.themed)
# The Overview's small charts, in reading order (the page lays them out in two columns); also what
# the server builds before its first visitor arrives (dash.serve).
OVERVIEW_CHARTS: tuple[str, ...] = (
    "fund_sizes", "lived_experience_shares", "theme_counts", "money_map", "meetings_per_year",
)
DEFAULT_SLIDES: tuple[str, ...] = (
    "fund_sizes", "participatory_part", "lived_experience_shares", "pay_and_training", "theme_counts",
    "meetings_per_year", "money_map",
)


def build(name: str, cursor: duckdb.DuckDBPyConnection, filters: Filters, **options: object) -> Chart:
    return CATALOGUE[name].build(cursor, filters, **options)


def parse_names(text: str | None) -> tuple[list[str], list[str]]:
    """'fund_sizes,theme_counts' → known names in order, and the unknown ones."""
    if not text:
        return list(DEFAULT_SLIDES), []
    names = [part.strip() for part in text.split(",") if part.strip()]
    return [n for n in names if n in CATALOGUE], [n for n in names if n not in CATALOGUE]
