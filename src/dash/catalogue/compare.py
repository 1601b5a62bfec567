"""A chart for two views side by side: each side the view's own chart, on shared scales, and the
difference in words.

Each side is the catalogue's chart for that view alone (``Filters.alone`` and ``Filters.other``), so
a comparison's left side is exactly what the page shows without one, and its right side exactly
what the page shows for the other view. Only the scales change (``dash.charts.compare``). The
sentence compares one figure per chart (``MEASURES``), each from a named read of either side: money
in funds, grants, panels, meetings or key points, with money per head where both views are a
single area with a population. Cached like every read (``compare``), or run on a cursor (``build``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from dash import format as fmt
from dash.catalogue import layer
from dash.catalogue.chart_reads import CATALOGUE, at_compact_height
from dash.charts import Chart
from dash.charts import compare as words
from dash.charts.compare import Comparison
from dash.filters import Filters
from dash.queries.need import FUNDS, GRANTS

COMPARISONS_KEPT = 200


@dataclass(frozen=True)
class Measure:
    """The figure a chart's difference sentence compares: from a named read of each side."""

    what: str  # the sentence's first words: "Money in funds"
    read: str  # the named read it comes from
    value: Callable[[object], float | None]
    written: Callable[[float | None], str]
    per_head: str | None = None  # FUNDS or GRANTS: also say it per head, where both sides have people


def _counted(singular: str, plural: str | None = None) -> Callable[[float | None], str]:
    return lambda n: "not stated" if n is None else fmt.count(int(n), singular, plural)


def _grant_pounds(totals: object) -> float:
    frame: pd.DataFrame = totals  # type: ignore[assignment]
    return float(frame.loc[frame["currency"] == "GBP", "amount"].sum()) if not frame.empty else 0.0


MONEY_IN_FUNDS = Measure("Money in funds", "headline",
                         lambda h: h.money_gbp if h.funds_with_amount else None,  # type: ignore[attr-defined]
                         lambda v: fmt.money(v, missing="no sum stated"), FUNDS)
DECIDED = Measure("Money decided by communities", "headline",
                  lambda h: h.participatory_gbp if h.funds_with_amount else None,  # type: ignore[attr-defined]
                  lambda v: fmt.money(v, missing="no sum stated"))
PANELS = Measure("Panels", "headline", lambda h: h.panels, _counted("panel"))  # type: ignore[attr-defined]
MEETINGS = Measure("Meetings", "headline", lambda h: h.meetings, _counted("meeting"))  # type: ignore[attr-defined]
STATING_SHARE = Measure("Panels stating a lived-experience share", "headline",
                        lambda h: h.panels_with_share, _counted("panel"))  # type: ignore[attr-defined]
KEY_POINTS = Measure("Key points from meetings", "headline", lambda h: h.key_points,  # type: ignore[attr-defined]
                     _counted("key point"))
GRANT_MONEY = Measure("Grants in pounds", "grant_totals", _grant_pounds, fmt.money, GRANTS)
THEMES_ROSE = Measure("Key points added to themes since the day", "themes_since",
                      lambda shifts: float(shifts.moved["change"].clip(lower=0).sum()),  # type: ignore[attr-defined]
                      _counted("key point"))
GRANT_COUNT = Measure("Grants", "headline", lambda h: h.grants, _counted("grant"))  # type: ignore[attr-defined]

MEASURES: dict[str, Measure] = {
    **dict.fromkeys(("fund_sizes", "money_by_place", "money_by_organisation", "money_map", "funds_per_head",
                     "funds_by_deprivation", "funds_per_head_map"), MONEY_IN_FUNDS),
    "participatory_part": DECIDED,
    # the share charts draw only the panels that state a share: their sentence counts those
    **dict.fromkeys(("lived_experience_shares", "share_against_fund_size", "share_against_target"),
                    STATING_SHARE),
    **dict.fromkeys(("pay_and_training", "panel_members_per_100k"), PANELS),
    **dict.fromkeys(("theme_counts", "theme_matrix_meeting", "theme_matrix_place", "themes_over_time",
                     "theme_pairs"), KEY_POINTS),
    "meetings_per_year": MEETINGS,
    **dict.fromkeys(("grant_bands", "grant_years", "grants_by_place", "grants_map", "top_recipients",
                     "granted_vs_funds", "grants_per_head", "grants_by_deprivation", "grants_per_head_map"),
                    GRANT_MONEY),
    **dict.fromkeys(("led_by_lived_experience", "dei_answers"), GRANT_COUNT),
    "themes_since": THEMES_ROSE,
}
assert set(MEASURES) == set(CATALOGUE), "every chart names the figure its comparison compares"


Reader = Callable[..., object]  # (read name, filters, **args) → value


def _label(read: Reader, filters: Filters) -> str:
    places, organisations = read("view_names", filters)  # type: ignore[misc]
    return words.view_label(places, organisations, filters.date_from, filters.date_to)


def _per_head(read: Reader, filters: Filters, money: str) -> float | None:
    """Money per head for a view of one area (or of every area: the UK), else None."""
    if len(filters.localities) > 1:
        return None
    need = read(f"{money}_per_head", filters)
    rows = need.comparison  # type: ignore[attr-defined]
    level = "area" if filters.localities else "UK"
    found = rows[rows["level"] == level]
    return None if found.empty or not found["population"].iloc[0] else float(found["per_head"].iloc[0])


def _contains(read: Reader, sides: tuple[Filters, Filters], labels: tuple[str, str]) -> str:
    """'Bristol is part of South West: South West counts Bristol too.' when one view's places lie
    inside the other's, 'All areas include Bristol.' beside every area; the clause after the colon (and
    the second) only when both count the same period and organisations, as only then are the inner
    view's figures in the outer one's."""
    (left, right), same_rest = sides, (sides[0].date_from, sides[0].date_to, sides[0].organisations) == (
        sides[1].date_from, sides[1].date_to, sides[1].organisations)
    for (inner, inner_label), (outer, outer_label) in (((left, labels[0]), (right, labels[1])),
                                                       ((right, labels[1]), (left, labels[0]))):
        if not inner.localities or inner.localities == outer.localities:
            continue
        if not outer.localities:  # beside every area
            return f"{words.heading(outer_label)} include {inner_label}." if same_rest else ""
        if not read("lies_within", None, inner=inner.localities, outer=outer.localities):
            continue
        places, around = (words.view_label(read("view_names", side)[0], (), None, None)  # type: ignore[index]
                          for side in (inner, outer))
        return f"{places} is part of {around}" + (f": {outer_label} counts {inner_label} too." if same_rest
                                                  else ".")
    return ""


def compose(name: str, filters: Filters, chart_of: Callable[[Filters], Chart], read: Reader, *,
            compact: bool = False) -> Comparison:
    """The comparison of chart ``name`` for ``filters`` (which holds the view beside it), from each
    side's own chart (``chart_of``; ``compact``: the Overview's small ones) and named reads (``read``)."""
    sides = (filters.alone, filters.other or filters.alone)
    left, right = (chart_of(side) for side in sides)
    entry = CATALOGUE[name]
    if entry.scale_top is not None and not (left.is_empty or right.is_empty):  # a map: coloured alike
        results = [read(name, side) for side in sides]
        top = max(entry.scale_top(result) for result in results)
        drawn = [entry.draw(result, top=top) for result in results]  # type: ignore[misc]
        if compact:
            drawn = [at_compact_height(chart) for chart in drawn]
        left, right = (dataclasses.replace(chart, figure=redrawn.figure)
                       for chart, redrawn in zip((left, right), drawn, strict=True))
    labels = words.distinct_labels(*(_label(read, side) for side in sides))
    if not (left.is_empty or right.is_empty):
        shared = words.shared_scales(left.figure, right.figure)
        left, right = (dataclasses.replace(chart, figure=figure)
                       for chart, figure in zip((left, right), shared, strict=True))
    measure = MEASURES[name]
    values = tuple(measure.value(read(measure.read, side)) for side in sides)
    sentence = words.difference(measure.what, labels, values,  # type: ignore[arg-type]
                                tuple(measure.written(v) for v in values))  # type: ignore[arg-type]
    if measure.per_head:
        per_head = tuple(_per_head(read, side, measure.per_head) for side in sides)
        extra = words.per_head_words(labels, per_head)  # type: ignore[arg-type]
        if extra:
            sentence = sentence.removesuffix(".") + f"; {extra}."
    return Comparison(name, labels, left, right, sentence, _contains(read, sides, labels))


def _cached_reader(store: str, version: layer.Version) -> Reader:
    def read(read_name: str, side: Filters | None, **args: object) -> object:
        return layer.read(read_name, side or Filters(), store, version, **args)
    return read


def compare(name: str, filters: Filters, store: str, version: layer.Version, *,
            compact: bool = False) -> Comparison:
    """Chart ``name`` for the two views ``filters`` holds, cached for every session like every read;
    ``compact``: each side the Overview's small chart."""
    return layer.remember(
        "comparisons", (name, filters, store, version, compact), COMPARISONS_KEPT,
        lambda: compose(name, filters, lambda side: layer.chart(name, side, store, version, compact=compact),
                        _cached_reader(store, version), compact=compact))


def labels(filters: Filters, store: str, version: layer.Version) -> tuple[str, str]:
    """What the two views ``filters`` holds are called: ('Bristol', 'all areas, 2023')."""
    read = _cached_reader(store, version)
    return words.distinct_labels(_label(read, filters.alone), _label(read, filters.other or filters.alone))


def build(name: str, cursor: duckdb.DuckDBPyConnection, filters: Filters) -> Comparison:
    """The same on a cursor, uncached: the command line's deck and pack, and the tests."""
    def read(read_name: str, side: Filters | None, **args: object) -> object:
        return layer.fetch(read_name, cursor, side or Filters(), **args)

    return compose(name, filters, lambda side: layer.build(name, cursor, side), read)


_HEADLINE = (  # the Overview's figures beside each other: (name, its figure, in words)
    ("Funds", lambda h: h.funds, _counted("fund")),
    ("Money in funds", MONEY_IN_FUNDS.value, MONEY_IN_FUNDS.written),
    ("Money decided by communities", DECIDED.value, DECIDED.written),
    ("Panels", PANELS.value, PANELS.written),
    ("Meetings", MEETINGS.value, MEETINGS.written),
    ("Key points", KEY_POINTS.value, KEY_POINTS.written),
)


def headline_pairs(left: object, right: object, labels: tuple[str, str]
                   ) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The headline figures (``summary.Headline``) of two views: (name, this view's, the other's) for
    each, and the difference of each in words."""
    rows, sentences = [], []
    for what, value, written in _HEADLINE:
        values = (value(left), value(right))
        shown = tuple(written(v) for v in values)
        rows.append((what, *shown))
        sentences.append(words.difference(what, labels, values, shown))  # type: ignore[arg-type]
    return rows, sentences  # type: ignore[return-value]
