"""Every chart a trustee can present or export, by name: the query it draws and its builder.

Pages, the Present page, chart downloads, the slide deck and the board pack all take their charts
from here, so a chart shown on screen and the same chart in a deck never differ. Charts naming the
same query (and fixed arguments) share its result: the Funds page's fund sizes and participatory
parts, the Panels page's four charts.
"""

from __future__ import annotations

import dataclasses

from dash import since
from dash.catalogue.entry import BOUNDARIES, Read, need_on_the_map, with_boundaries
from dash.charts import Chart, maps, panel_population
from dash.charts import dei as dei_charts
from dash.charts import funds as fund_charts
from dash.charts import grants as grant_charts
from dash.charts import meetings as meeting_charts
from dash.charts import need as need_charts
from dash.charts import panels as panel_charts
from dash.charts import since as since_charts
from dash.charts import themes as theme_charts
from dash.charts.base import small
from dash.geo import district_boundaries
from dash.queries import dei, funds, grants, meetings, need, panels, places, themes

_MONEY_BY_DISTRICT = with_boundaries(places.money_by_district)
_GRANTS_BY_DISTRICT = with_boundaries(grants.grants_by_district)
_GRANTS, _FUNDS = (("money", need.GRANTS),), (("money", need.FUNDS),)


def _need_map(data: tuple, top: float | None = None) -> Chart:
    return need_charts.per_head_map(data[0], data[1], district_boundaries(), top=top)


def _most_money(data: tuple) -> float:
    return float(data[0]["money_gbp"].max()) if len(data[0]) else 0.0


def _most_per_head(data: tuple) -> float:
    districts = data[0].districts
    return float(districts["per_head"].max()) if len(districts) else 0.0

CHART_READS: tuple[Read, ...] = (
    Read("fund_sizes", funds.funds, label="Fund sizes", draw=fund_charts.fund_sizes),
    Read("participatory_part", funds.funds, label="Money decided by communities",
         draw=fund_charts.participatory_part),
    Read("money_by_place", funds.money_by_locality, label="Money by place",
         draw=lambda d: fund_charts.money_by_group(d, "locality", "place")),
    Read("money_by_organisation", funds.money_by_organisation, label="Money by organisation",
         draw=lambda d: fund_charts.money_by_group(d, "organisation", "organisation")),
    Read("lived_experience_shares", panels.panels, label="Lived-experience shares",
         draw=panel_charts.lived_experience_shares),
    Read("pay_and_training", panels.panels, label="Pay and training of panels",
         draw=panel_charts.pay_and_training),
    Read("share_against_fund_size", panels.panels, label="Lived-experience share against fund size",
         draw=panel_charts.share_against_fund_size),
    Read("share_against_target", panels.panels, label="Lived-experience share against the fund's target",
         draw=panel_charts.share_against_target),
    # Panels against the place they decide for: members per 100,000 residents of the fund's area.
    Read("panel_members_per_100k", panels.panels_against_population,
         label="Panel members per 100,000 residents", draw=panel_population.panel_members_per_100k),
    Read("theme_counts", themes.theme_counts, label="Recurring themes", draw=theme_charts.theme_counts,
         compact=theme_charts.theme_counts_compact, cites="meetings"),
    Read("theme_matrix_meeting", themes.theme_matrix, fixed=(("by", "meeting"),), label="Themes by meeting",
         draw=lambda d: theme_charts.theme_matrix(d, "meeting"), cites="meetings"),
    Read("theme_matrix_place", themes.theme_matrix, fixed=(("by", "place"),), label="Themes by place",
         draw=lambda d: theme_charts.theme_matrix(d, "place"), cites="meetings"),
    Read("themes_over_time", themes.themes_by_year, label="Themes over time",
         draw=theme_charts.themes_over_time, cites="meetings"),
    Read("theme_pairs", themes.theme_pairs, label="Themes that come up together",
         draw=theme_charts.theme_pairs, cites="meetings"),
    Read("meetings_per_year", meetings.meetings_per_year, label="Meetings by year",
         draw=meeting_charts.meetings_per_year, cites="meetings"),
    Read("money_map", _MONEY_BY_DISTRICT, needs=BOUNDARIES, label="Map of money", cites="funds",
         scale_top=_most_money,
         draw=lambda d, top=None: maps.money_map(d[0], d[1], district_boundaries(), top=top)),
    Read("grant_bands", grants.grants_by_band, label="Grants by amount band", draw=grant_charts.amount_bands,
         cites="grants"),
    Read("grant_years", grants.grants_by_year, label="Grants by year", draw=grant_charts.by_year,
         cites="grants"),
    Read("grants_by_place", grants.grants_by_place, label="Grants by place", cites="grants",
         draw=lambda d: grant_charts.by_group(d, "place", "grants_by_place", "Where did the money go?",
                                              "Place")),
    Read("grants_map", _GRANTS_BY_DISTRICT, needs=BOUNDARIES, label="Map of grants", cites="grants",
         scale_top=_most_money,
         draw=lambda d, top=None: maps.money_map(d[0], d[1], district_boundaries(), counted="grant",
                                                 key="grants_map", top=top,
                                                 title="Where did the grants go, on the map?")),
    Read("top_recipients", grants.top_recipients, label="Top grant recipients", cites="grants",
         draw=lambda d: grant_charts.by_group(d, "recipient", "top_recipients", "Who received the most?",
                                              "Recipient")),
    Read("granted_vs_funds", grants.granted_against_funds, label="Granted against fund size",
         draw=grant_charts.granted_against_funds, cites="grants"),
    # Money against need: each nation's population and its own deprivation index (data/need/).
    Read("grants_per_head", need.money_against_need, fixed=_GRANTS,
         label="Grants per head against the nation", draw=need_charts.per_head_against_nation),
    Read("grants_by_deprivation", need.money_against_need, fixed=_GRANTS, label="Grants against deprivation",
         draw=need_charts.money_against_people),
    Read("grants_per_head_map", need_on_the_map, fixed=_GRANTS,
         needs=(("data", "grants_per_head"), *BOUNDARIES), label="Map of grants per head",
         draw=_need_map, scale_top=_most_per_head),
    Read("funds_per_head", need.money_against_need, fixed=_FUNDS,
         label="Funds per head against the nation", draw=need_charts.per_head_against_nation),
    Read("funds_by_deprivation", need.money_against_need, fixed=_FUNDS, label="Funds against deprivation",
         draw=need_charts.money_against_people),
    Read("funds_per_head_map", need_on_the_map, fixed=_FUNDS,
         needs=(("data", "funds_per_head"), *BOUNDARIES), label="Map of money in funds per head",
         draw=_need_map, scale_top=_most_per_head),
    # Who leads the organisations funded: the 360Giving DEI extension's answers, gaps said as gaps.
    Read("led_by_lived_experience", dei.led_beside_panels, cites="grants",
         label="Grants to organisations led by people with lived experience",
         draw=lambda d: dei_charts.led_by_lived_experience(d.shares, panels=d.panels)),
    Read("dei_answers", dei.dei_answers, cites="grants", label="Who was asked about their leadership",
         draw=dei_charts.dei_answers),
    # Since we last met: each theme's key points before the filter's day (else the last meeting's) and now.
    Read("themes_since", since.theme_shifts, label="Themes that rose or fell since we last met",
         cites="meetings", keep=50,
         draw=lambda d: since_charts.themes_since(d.moved, d.since, d.why, d.accepted_only)),
)

CATALOGUE: dict[str, Read] = {entry.name: entry for entry in CHART_READS}
assert len({(e.data, e.fetch) for e in CHART_READS}) == len({e.data for e in CHART_READS}), \
    "two charts' queries share a name, so their results would be mixed up"
# The Overview's small charts, in reading order (the page lays them out in two columns); also what
# the server builds before its first visitor arrives (dash.serve).
OVERVIEW_CHARTS: tuple[str, ...] = (
    "fund_sizes", "lived_experience_shares", "theme_counts", "money_map", "meetings_per_year",
)
# Each page's charts, in the order it shows them (the Themes page shows one of its two matrices,
# by meeting unless the trustee picks places).
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "overview": OVERVIEW_CHARTS,
    "funds": ("fund_sizes", "participatory_part", "money_by_place", "money_by_organisation", "funds_per_head",
              "funds_by_deprivation"),
    "panels": ("lived_experience_shares", "share_against_target", "pay_and_training",
               "share_against_fund_size", "panel_members_per_100k"),
    "themes": ("theme_counts", "theme_matrix_meeting", "themes_over_time", "theme_pairs"),
    "meetings": ("meetings_per_year",),
    "grants": ("grant_bands", "grant_years", "grants_by_place", "grants_map", "grants_per_head",
               "grants_by_deprivation", "grants_per_head_map", "top_recipients", "granted_vs_funds",
               "led_by_lived_experience", "dei_answers"),
    "map": ("money_map", "funds_per_head_map"),
}
DEFAULT_SLIDES: tuple[str, ...] = (
    "fund_sizes", "participatory_part", "funds_per_head", "funds_by_deprivation", "lived_experience_shares",
    "pay_and_training", "theme_counts", "meetings_per_year", "money_map",
)
COMPACT_HEIGHT = 360  # the Overview's small charts, in pixels


def draw(name: str, data: object) -> Chart:
    """Chart ``name`` drawn from its query's result. Builders never change the data they are given,
    so the same result can be drawn by several charts (and shared between sessions)."""
    return CATALOGUE[name].draw(data)  # type: ignore[misc]


def draw_compact(name: str, data: object) -> Chart:
    """Chart ``name`` as the Overview draws it small: its compact builder, else the chart itself."""
    entry = CATALOGUE[name]
    return (entry.compact or entry.draw)(data)  # type: ignore[misc]


def at_compact_height(full: Chart) -> Chart:
    """The Overview's small version: its figure no taller than ``COMPACT_HEIGHT``, so the chart's box
    never scrolls (a box that scrolls but holds nothing to focus fails WCAG's keyboard rule). A new
    chart: ``full`` is left as it was."""
    if full.is_empty:
        return full
    if maps.is_map(full.figure):  # its label cards placed anew for the smaller size
        smaller = maps.at_height(full.figure, maps.COMPACT_HEIGHT, compact=True)
        return dataclasses.replace(full, figure=smaller)
    height = min(full.figure.layout.height or COMPACT_HEIGHT, COMPACT_HEIGHT)
    return dataclasses.replace(full, figure=small(full.figure, height))


def parse_names(text: str | None) -> tuple[list[str], list[str]]:
    """'fund_sizes,theme_counts' → known chart names in order, and the unknown ones."""
    if not text:
        return list(DEFAULT_SLIDES), []
    names = [part.strip() for part in text.split(",") if part.strip()]
    return [n for n in names if n in CATALOGUE], [n for n in names if n not in CATALOGUE]
