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
from functools import cached_property

import duckdb
import pandas as pd

from dash import format as fmt
from dash.catalogue import layer
from dash.catalogue.chart_reads import CATALOGUE
from dash.charts import Chart
from dash.charts import compare as words
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
KEY_POINTS = Measure("Key points from meetings", "headline", lambda h: h.key_points,  # type: ignore[attr-defined]
                     _counted("key point"))
GRANT_MONEY = Measure("Grants in pounds", "grant_totals", _grant_pounds, fmt.money, GRANTS)
GRANT_COUNT = Measure("Grants", "headline", lambda h: h.grants, _counted("grant"))  # type: ignore[attr-defined]

MEASURES: dict[str, Measure] = {
    **dict.fromkeys(("fund_sizes", "money_by_place", "money_by_organisation", "money_map", "funds_per_head",
                     "funds_by_deprivation", "funds_per_head_map"), MONEY_IN_FUNDS),
    "participatory_part": DECIDED,
    **dict.fromkeys(("lived_experience_shares", "pay_and_training", "share_against_fund_size",
                     "share_against_target"), PANELS),
    **dict.fromkeys(("theme_counts", "theme_matrix_meeting", "theme_matrix_place", "themes_over_time",
                     "theme_pairs"), KEY_POINTS),
    "meetings_per_year": MEETINGS,
    **dict.fromkeys(("grant_bands", "grant_years", "grants_by_place", "grants_map", "top_recipients",
                     "granted_vs_funds", "grants_per_head", "grants_by_deprivation", "grants_per_head_map"),
                    GRANT_MONEY),
    **dict.fromkeys(("led_by_lived_experience", "dei_answers"), GRANT_COUNT),
}
assert set(MEASURES) == set(CATALOGUE), "every chart names the figure its comparison compares"


@dataclass(frozen=True)
class Comparison:
    """One chart for two views: each side's chart on the shared scales, what each view is called,
    and the difference in words (with, when one view lies inside the other, a sentence saying so)."""

    name: str
    labels: tuple[str, str]
    left: Chart
    right: Chart
    difference: str
    contains: str = ""

    @property
    def title(self) -> str:
        return self.left.title

    @property
    def words(self) -> str:
        """What the comparison shows, in words: the difference, then how the views overlap."""
        return " ".join(part for part in (self.difference, self.contains) if part)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.left.sources + self.right.sources))

    @cached_property
    def table(self) -> pd.DataFrame:
        """Both sides' tables as one, its first column saying which view each row is from."""
        return words.side_by_side_table(self.left.table, self.right.table, self.labels)


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


def compose(name: str, filters: Filters, chart_of: Callable[[Filters], Chart], read: Reader) -> Comparison:
    """The comparison of chart ``name`` for ``filters`` (which holds the view beside it), from each
    side's own chart (``chart_of``) and named reads (``read``)."""
    sides = (filters.alone, filters.other or filters.alone)
    left, right = (chart_of(side) for side in sides)
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


def compare(name: str, filters: Filters, store: str, version: layer.Version) -> Comparison:
    """Chart ``name`` for the two views ``filters`` holds, cached for every session like every read."""
    def read(read_name: str, side: Filters | None, **args: object) -> object:
        return layer.read(read_name, side or Filters(), store, version, **args)

    return layer.remember("comparisons", (name, filters, store, version), COMPARISONS_KEPT,
                          lambda: compose(name, filters, lambda side: layer.chart(name, side, store, version),
                                          read))


def build(name: str, cursor: duckdb.DuckDBPyConnection, filters: Filters) -> Comparison:
    """The same on a cursor, uncached: the command line's deck and pack, and the tests."""
    def read(read_name: str, side: Filters | None, **args: object) -> object:
        return layer.fetch(read_name, cursor, side or Filters(), **args)

    return compose(name, filters, lambda side: layer.build(name, cursor, side), read)
