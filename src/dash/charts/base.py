"""What every chart carries, and the helpers the builders share."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from dash import format as fmt
from dash import (
    palette,
    safe,
)


@dataclass(frozen=True)
class Look:
    """How one series is drawn, on screen and in the deck alike: its colour, and whether it is
    hatched over a pale tint (what a machine suggested and no one has reviewed)."""

    colour: str
    hatched: bool = False
    pale: str = "#FFFFFF"  # the ground a hatched series' stripes are drawn on

    def marker(self) -> dict[str, object]:
        """The Plotly marker for this look."""
        if not self.hatched:
            return {"color": self.colour}
        return {"color": self.pale, "pattern": {"shape": "/", "fgcolor": self.colour, "solidity": 0.45}}


Measure = str  # "money" (pounds), "share" (0 to 1, shown as %), "count" (whole numbers)


@dataclass(frozen=True)
class NativeChart:
    """The same data as a chart PowerPoint can draw itself, so trustees can restyle it; drawn with
    the screen's looks and number formats (``dash.export.deck``)."""

    kind: str  # "bar" (horizontal), "column", "stacked_bar"
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    looks: tuple[Look, ...]
    measure: Measure = "money"
    point_colours: tuple[str, ...] = ()  # a one-series chart whose bars differ, as on screen

    @property
    def highest(self) -> float:
        """The longest bar: the sum of a category's series when they are stacked."""
        columns = [values for _, values in self.series]
        if not columns or not columns[0]:
            return 0.0
        if self.kind == "stacked_bar":
            return max(sum(parts) for parts in zip(*columns, strict=True))
        return max(max(values) for values in columns)


@dataclass(frozen=True)
class Chart:
    """A figure with its words. ``figure`` is None when the filter matched nothing."""

    key: str
    title: str
    takeaway: str
    alt: str
    make_table: Callable[[], pd.DataFrame]  # the data behind the chart, for its table and downloads
    figure: go.Figure | None = None
    note: str = ""  # how to read it: a scale choice, what is left out
    sources: tuple[str, ...] = field(default_factory=tuple)
    native: NativeChart | None = None  # None: a deck shows the rendered picture instead

    @cached_property
    def table(self) -> pd.DataFrame:
        """Made when first asked for (a trustee opens the table, downloads it, or clicks the map),
        then kept: most charts are looked at and never tabled, and tables were about a sixth of the
        time spent drawing a page's charts on a first visit."""
        return self.make_table()

    @property
    def is_empty(self) -> bool:
        return self.figure is None


def empty(key: str, title: str, message: str) -> Chart:
    """The friendly empty state: words instead of an empty axis."""
    return Chart(key=key, title=title, takeaway=message, alt=f"{title}: {message}", make_table=pd.DataFrame)


# Trace keys whose strings come from the data (names, titles) and that Plotly reads as its small HTML.
_DATA_TEXT = ("x", "y", "text", "hovertext", "customdata", "labels", "name")


def _literal(values: object) -> object:
    if isinstance(values, str):
        return safe.plotly(values)
    if isinstance(values, pd.Series | pd.Index | list | tuple):
        items = list(values)
        if any(isinstance(v, str | list | tuple) for v in items):
            return [_literal(v) for v in items]
    return values


def figure_of(traces: list[dict], layout: dict, height: int, *, composed: tuple[str, ...] = ()) -> go.Figure:
    """A figure from plain dicts, in the trustee template, checked by Plotly once. Built call by
    call (``add_trace``, ``update_layout``), Plotly re-checks and copies it at every step: several
    times slower, and paid on every first visit to an area.

    Stored text in the traces is made literal here (``dash.safe.plotly``), so no name becomes a
    link or a tag; ``composed`` names trace keys the builder wrote as markup itself, escaping the
    data it put in (the map's hover cards)."""
    cleaned = [{key: _literal(value) if key in _DATA_TEXT and key not in composed else value
                for key, value in trace.items()} for trace in traces]
    palette.make_trustee_template_the_default()
    return go.Figure({"data": cleaned, "layout": {**layout, "height": height}})


def small(figure: go.Figure, height: int, label_chars: int = 24) -> go.Figure:
    """A copy of ``figure`` for a narrow column ``height`` pixels tall: long category names on the
    side broken onto lines of at most ``label_chars`` (Plotly would cut them off at the edge) and
    the value axis's labels kept level, a few of them."""
    smaller = go.Figure(figure).update_layout(height=height)
    names: list[str] = []
    for trace in smaller.data:
        if getattr(trace, "orientation", None) == "h" or (trace.type == "scatter" and trace.y is not None
                                                         and len(trace.y) and isinstance(trace.y[0], str)):
            names += [name for name in trace.y if isinstance(name, str) and name not in names]
    if names:
        wrapped = ["<br>".join(textwrap.wrap(name, label_chars)) or name for name in names]
        smaller.update_yaxes(tickvals=names, ticktext=wrapped)
        smaller.update_xaxes(tickangle=0, nticks=5)
    return smaller


def source_lines(frame: pd.DataFrame) -> pd.Series:
    """Each row's source as the store cites it ('Title — Publisher, reported 9 February 2022':
    the ``source_lines`` summary table), for hover text, tables and slides."""
    if "source_line" not in frame:
        return pd.Series(["source not recorded"] * len(frame), index=frame.index)
    return frame["source_line"].astype("string").fillna("source not recorded").astype(object)


def distinct_sources(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(sorted(set(source_lines(frame))))


def bar_height(rows: int) -> int:
    """Tall enough that each bar's label stays legible on a projector."""
    return max(300, 110 + 62 * rows)


def log_money_axis(low: float, high: float) -> dict[str, object]:
    """A log-scale pounds axis with gridlines at £1k, £10k, £100k, £1m… spanning the data."""
    low_power, high_power = math.log10(max(low, 1)), math.log10(max(high, 1))
    ticks = [10.0 ** p for p in range(math.floor(low_power), math.ceil(high_power) + 1)]
    return {
        "type": "log", "tickvals": ticks, "ticktext": fmt.money_labels(ticks),
        "range": [low_power - 0.5, high_power + 0.6],
    }


def money_step(high: float, steps: int = 5) -> float:
    """A round gridline step (1, 2, 2.5 or 5 times a power of ten) giving about ``steps`` lines up
    to ``high``: the screen's money axes and the deck's use the same one."""
    rough = high / steps
    power = 10.0 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)


def linear_money_axis(high: float, steps: int = 5) -> dict[str, object]:
    """A pounds axis from £0 with round gridlines labelled the British way (£500k, £1.0m, £1.5m)."""
    if high <= 0:
        return {"range": [0, 1]}
    step = money_step(high, steps)
    ticks = [step * i for i in range(math.ceil(high / step) + 1)]
    return {"tickvals": ticks, "ticktext": fmt.axis_money_labels(ticks), "range": [0, high * 1.2]}


def native_bars(kind: str, categories: pd.Series, series: dict[str, tuple[pd.Series, Look]],
                measure: Measure = "money") -> NativeChart:
    """The deck's chart from the series the screen draws, each with the Look its trace uses."""
    return NativeChart(
        kind=kind, categories=tuple(str(c) for c in categories),
        series=tuple((name, tuple(float(v) for v in values.fillna(0)))
                     for name, (values, _) in series.items()),
        looks=tuple(look for _, look in series.values()), measure=measure,
    )


MOST_BARS = 30  # more bars than this cannot be read from the back of a room


def most_of(frame: pd.DataFrame, column: str, what: str, limit: int = MOST_BARS) -> tuple[pd.DataFrame, str]:
    """The ``limit`` rows with the largest ``column``, and a note saying what was left out."""
    if len(frame) <= limit:
        return frame, ""
    shown = frame.nlargest(limit, column)
    return shown, f"The {limit} largest of {len(frame):,} {what} are drawn; the table lists them all."


def apart_from_places(grouped: pd.DataFrame, place_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows that name a place, and the rows (at most one) of what names none: missing data is
    said apart, never drawn, ranked or named in a takeaway as if it were a place."""
    unplaced = grouped[place_id].isna()
    return grouped[~unplaced], grouped[unplaced]


def no_place_words(amount: float, count: int, what: str, verb: str = "gives") -> str:
    """'£14.3m in 292 grants gives no place': the part a chart by place cannot draw, in one phrase."""
    return f"{fmt.money(amount)} in {fmt.count(count, what)} {verb} no place"


def name_list(names: list[str], most: int = 10) -> str:
    """'a, b, c' or 'a, b, … and 40 more'."""
    if len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most:,} more"


FEW = 12  # up to this many, a count axis has a gridline at every whole number


def count_axis(highest: float) -> dict[str, object]:
    """Whole-number gridlines for small counts; automatic ones for large (a gridline per unit up to
    thousands would take the browser most of a minute to draw)."""
    return {"dtick": 1} if highest <= FEW else {"tickformat": ",d"}


PERCENT_TICKS = {"tickvals": [0, 25, 50, 75, 100], "ticktext": ["0%", "25%", "50%", "75%", "100%"]}
