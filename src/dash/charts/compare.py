"""Two views of one chart side by side: the same scales on both, and their difference in words.

Pure functions, figures and numbers in, figures and sentences out (``dash.catalogue.compare`` reads
the two sides). A bar on the left and a bar on the right are compared by eye only if both are drawn
against the same axis: each side is drawn by its own builder, for its own data, and then both are
given the wider of the two value axes (its range and its gridlines), and a heatmap both the larger
top of its colour scale. Series colours need nothing: every builder takes them from ``dash.palette``
by what the series is, never by its position; a map's colour steps are drawn to the larger top of the
two by its builder (``Read.scale_top``). ``Comparison`` holds the result: both sides, their names and
the difference, and the one picture and table of both (``as_chart``) that images, tables and the
board pack carry.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from dash import format as fmt
from dash.charts.base import Chart

# Tick settings that go with an axis's range: taken together from the wider side.
_TICKS = ("tickvals", "ticktext", "dtick", "tick0", "tickformat", "nticks", "tickmode")


def _numbers(values: object) -> list[float] | None:
    """``values`` as floats, or None when any is not a number (a category axis)."""
    if values is None:
        return None
    out = []
    for value in values:  # type: ignore[union-attr]
        if value is None or isinstance(value, str | bool):
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        if not math.isnan(number):
            out.append(number)
    return out


def _on_axis(trace: object, letter: str) -> bool:
    return (getattr(trace, f"{letter}axis", None) or letter) == letter


def data_extent(figure: go.Figure, letter: str) -> tuple[float, float, bool] | None:
    """The lowest and highest value the figure draws along its ``letter`` ('x' or 'y') axis, and
    whether bars stand on it (so it starts at 0); None when that axis names categories."""
    lows, highs, bars = [], [], False
    stacked: dict[object, float] = {}
    stacking = figure.layout.barmode in ("stack", "relative")
    for trace in figure.data:
        if trace.type not in ("bar", "scatter") or not _on_axis(trace, letter):
            continue
        along = trace.x if letter == "x" else trace.y
        values = _numbers(along)
        if values is None:
            if along is not None and len(along):
                return None  # categories
            continue
        is_bar = trace.type == "bar" and (trace.orientation == "h") == (letter == "x")
        bars = bars or is_bar
        if is_bar and stacking:
            across = trace.y if letter == "x" else trace.x
            for category, value in zip(across if across is not None else range(len(values)), along,
                                       strict=False):
                stacked[category] = stacked.get(category, 0.0) + (float(value) if value == value else 0.0)
        elif values:
            lows.append(min(values))
            highs.append(max(values))
    if stacked:
        lows.append(min(stacked.values()))
        highs.append(max(stacked.values()))
    if not highs:
        return None
    return min(lows), max(highs), bars


def _range(figure: go.Figure, letter: str) -> tuple[float, float] | None:
    """The axis's range as drawn: the builder's own, else worked out from the data as Plotly would
    (bars from 0, a little room above)."""
    axis = figure.layout[f"{letter}axis"]
    if axis.range is not None and len(axis.range) == 2 and _numbers(axis.range) is not None:
        return float(axis.range[0]), float(axis.range[1])
    extent = data_extent(figure, letter)
    if extent is None:
        return None
    low, high, bars = extent
    if axis.type == "log":
        return math.log10(max(low, 1)) - 0.3, math.log10(max(high, 1)) + 0.3
    if bars or axis.rangemode == "tozero":
        low = min(low, 0.0)
    span = high - low
    pad = max(span * 0.08, 0.5 if axis.dtick == 1 else 0.0) or 1.0
    return (low if low == 0 else low - pad), high + pad


def _share_axis(left: go.Figure, right: go.Figure, letter: str) -> None:
    name = f"{letter}axis"
    if left.layout[name].visible is False or right.layout[name].visible is False:
        return  # a map's axes: its own outline
    if (left.layout[name].type or "-") != (right.layout[name].type or "-"):
        return
    spans = _range(left, letter), _range(right, letter)
    if None in spans:
        return
    (left_low, left_high), (right_low, right_high) = spans  # type: ignore[misc]
    shared = [min(left_low, right_low), max(left_high, right_high)]
    wider = left if left_high - left_low >= right_high - right_low else right
    log = left.layout[name].type == "log"
    ticks = {key: wider.layout[name][key] for key in _TICKS}
    if log and left.layout[name].tickvals is not None and right.layout[name].tickvals is not None:
        pairs = dict(zip(left.layout[name].tickvals, left.layout[name].ticktext or (), strict=False))
        pairs.update(zip(right.layout[name].tickvals, right.layout[name].ticktext or (), strict=False))
        ticks["tickvals"] = sorted(pairs)
        ticks["ticktext"] = [pairs[value] for value in sorted(pairs)]
    for figure in (left, right):
        figure.layout[name].update(range=shared, autorange=False)
        for key, value in ticks.items():
            figure.layout[name][key] = value


def _share_colour_tops(left: go.Figure, right: go.Figure) -> None:
    """A heatmap's darkest colour means the same count on both sides."""
    maps = [[t for t in figure.data if t.type == "heatmap"] for figure in (left, right)]
    if not (maps[0] and maps[1]):
        return
    tops = []
    for traces in maps:
        for trace in traces:
            values = [v for row in (trace.z or ()) for v in row if v is not None and v == v]
            tops.append(trace.zmax if trace.zmax is not None else max(values, default=0))
    top = max(tops) or 1
    for traces in maps:
        for trace in traces:
            trace.update(zmin=trace.zmin if trace.zmin is not None else 0, zmax=top, zauto=False)
    widest = max((t for traces in maps for t in traces), key=lambda t: max(
        (v for row in (t.z or ()) for v in row if v is not None and v == v), default=0))
    for traces in maps:
        for trace in traces:
            if widest.colorbar is not None:
                trace.colorbar.update(dtick=widest.colorbar.dtick, tickformat=widest.colorbar.tickformat)


def shared_scales(left: go.Figure, right: go.Figure) -> tuple[go.Figure, go.Figure]:
    """Copies of the two figures drawn on the same value axes (the wider range of the two, with its
    gridlines; a log axis with the gridlines of both) and, for heatmaps, the same colour scale. The
    figures given are left as they were: they are shared between sessions."""
    left, right = go.Figure(left), go.Figure(right)
    for letter in ("x", "y"):
        _share_axis(left, right, letter)
    _share_colour_tops(left, right)
    return left, right


# The difference in words


def possessive(label: str) -> str:
    """"Bristol's", "all areas'"; a label holding a comma ("Bristol, City of") is not made possessive."""
    return f"{label}'" if label.endswith("s") else f"{label}'s"


def _times(big: float, small: float) -> str:
    """How ``big`` stands against ``small`` (both above 0, ``big`` the larger): '2.3 times',
    'twice', '3 times', '12 times', '40% more than', 'about the same as'."""
    ratio = big / small
    if ratio >= 10:
        return f"{ratio:,.0f} times"
    if ratio >= 1.95:
        if round(ratio, 1) == 2.0:
            return "twice"
        return f"{ratio:.1f}".removesuffix(".0") + " times"  # '3 times', never '3.0 times'
    more = round((ratio - 1) * 100)
    return "about the same as" if more < 5 else f"{more}% more than"


def _of(label: str, value: str) -> str:
    return f"the {value} of {label}" if "," in label else f"{possessive(label)} {value}"


def difference(what: str, labels: tuple[str, str], values: tuple[float | None, float | None],
               written: tuple[str, str]) -> str:
    """'Money in funds — South West: £3.1m, 2.3 times Bristol's £1.37m.' ``values`` are the two
    figures, ``written`` the same as a trustee reads them (``dash.format``); the larger is said first.
    A figure neither side states is said as such."""
    (left, right), (left_words, right_words) = values, written
    if left is None or right is None:
        return f"{what} — {labels[0]}: {left_words}; {labels[1]}: {right_words}."
    if left == right == 0:
        return f"{what} — none in {labels[0]} or in {labels[1]}."
    if left == right:
        return f"{what} — the same in {labels[0]} as in {labels[1]}: {left_words}."
    (big, big_label, big_words), (small, small_label, small_words) = sorted(
        ((left, labels[0], left_words), (right, labels[1], right_words)), key=lambda side: -side[0])
    if small <= 0:
        return f"{what} — {big_label}: {big_words}; {small_label}: none."
    times = _times(big, small)
    if times == "about the same as":
        return f"{what} — {big_label}: {big_words}, about the same as {_of(small_label, small_words)}."
    return f"{what} — {big_label}: {big_words}, {times} {_of(small_label, small_words)}."


def per_head_words(labels: tuple[str, str], per_head: tuple[float | None, float | None]) -> str:
    """'per head, £5.20 in Leeds against £2.10 in Bristol', or "" when either side has no figure."""
    if None in per_head or not any(per_head):
        return ""
    left, right = per_head
    return f"per head, {fmt.per_head(left)} in {labels[0]} against {fmt.per_head(right)} in {labels[1]}"


def period_words(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """'2023' for a calendar year, '1 April 2023 to 31 March 2024', 'from 1 April 2023', ''."""
    if date_from and date_to and date_from.year == date_to.year and \
            (date_from.month, date_from.day, date_to.month, date_to.day) == (1, 1, 12, 31):
        return str(date_from.year)
    if date_from and date_to:
        return f"{fmt.long_date(date_from)} to {fmt.long_date(date_to)}"
    if date_from:
        return f"from {fmt.long_date(date_from)}"
    if date_to:
        return f"to {fmt.long_date(date_to)}"
    return ""


def view_label(places: Sequence[str], organisations: Sequence[str], date_from: dt.date | None,
               date_to: dt.date | None) -> str:
    """A view's name, short enough for a column heading and to stand inside a sentence: 'Bristol',
    'all areas, 2023', 'Leeds, for Quartet Community Foundation' (``heading`` capitalises it)."""
    parts = [" or ".join(places) if places else "all areas"]
    if organisations:
        parts.append("for " + " or ".join(organisations))
    period = period_words(date_from, date_to)
    if period:
        parts.append(period)
    return ", ".join(parts)


def heading(label: str) -> str:
    """A view's name at the head of its column or a sentence: 'All areas, 2023'."""
    return label[:1].upper() + label[1:]


def distinct_labels(left: str, right: str) -> tuple[str, str]:
    """Two labels a reader can tell apart: the same words on both sides become 'this view' and 'the
    view beside it'."""
    return (left, right) if left != right else (f"{left} (this view)", f"{right} (beside it)")


VIEW = "View"  # the first column of a comparison's table: which side a row is from


def side_by_side_table(left: pd.DataFrame, right: pd.DataFrame, labels: tuple[str, str]) -> pd.DataFrame:
    """Both sides' tables as one, each row saying which view it is from."""
    parts = [table.assign(**{VIEW: label})[[VIEW, *table.columns]]
             for table, label in ((left, labels[0]), (right, labels[1])) if not table.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


GUTTER = 0.06  # the least gap between the two sides of one figure, as a share of its width
LABEL_WIDTH = 0.0062  # a category name's character on the right side's axis, as a share of the width


def _gutter(right: go.Figure | None) -> float:
    """Room between the sides for the right-hand chart's names on its side axis (a fund's, a place's),
    which would otherwise run over the left-hand chart's bars."""
    names = [] if right is None or right.layout.yaxis.visible is False else [
        str(text) for trace in right.data if trace.y is not None and len(trace.y)
        and isinstance(trace.y[0], str) for text in (right.layout.yaxis.ticktext or trace.y)]
    longest = max((max(len(line) for line in name.split("<br>")) for name in names), default=0)
    return min(max(GUTTER, 0.03 + longest * LABEL_WIDTH), 0.3)


def _shifted(value: float, side: int, gutter: float = GUTTER) -> float:
    """A position across the whole figure (0 to 1) moved into one side's half."""
    half = (1 - gutter) / 2
    return value * half + side * (half + gutter)


def _ref(ref: str | None, side: int, letter: str) -> str:
    ref = ref or letter  # Plotly's default: the first axes
    if side == 0 or ref == "paper" or not ref.startswith(letter):
        return ref
    return f"{letter}2"


def _moved_refs(item: dict, side: int) -> dict:
    """An annotation or shape of one side, pointing at that side's axes."""
    item["xref"], item["yref"] = _ref(item.get("xref"), side, "x"), _ref(item.get("yref"), side, "y")
    return item


def side_by_side_figure(figures: tuple[go.Figure | None, go.Figure | None], labels: tuple[str, str],
                        messages: tuple[str, str]) -> go.Figure:
    """The two sides as one figure, each in its own half under its view's name: for a picture of the
    comparison (images, the deck's and the board pack's pictures). A side with no figure says its
    ``messages`` (a takeaway saying nothing matches) where its chart would be. The two are drawn with
    the scales they were given (``shared_scales`` first)."""
    base = figures[0] if figures[0] is not None else figures[1]
    combined = go.Figure(layout=base.layout if base is not None else None)
    combined.layout.annotations, combined.layout.shapes = (), ()
    height = max((figure.layout.height or 450) for figure in figures if figure is not None) \
        if any(figures) else 450
    annotations, shapes = [], []
    gutter = _gutter(figures[1])

    def shifted(value: float, side: int) -> float:
        return _shifted(value, side, gutter)

    for side, (figure, label, message) in enumerate(zip(figures, labels, messages, strict=True)):
        suffix = "" if side == 0 else "2"
        x_name, y_name = f"xaxis{suffix}", f"yaxis{suffix}"
        annotations.append({"text": f"<b>{heading(label)}</b>", "x": shifted(0.5, side), "xref": "paper",
                            "y": 1.02, "yref": "paper", "yanchor": "bottom", "showarrow": False,
                            "font": {"size": 18}})
        if figure is None:
            combined.layout[x_name] = {"domain": [shifted(0, side), shifted(1, side)], "visible": False,
                                       "anchor": f"y{suffix}"}
            combined.layout[y_name] = {"visible": False, "anchor": f"x{suffix}"}
            annotations.append({"text": "<br>".join(textwrap.wrap(message, 40)), "x": shifted(0.5, side),
                                "xref": "paper", "y": 0.5, "yref": "paper", "showarrow": False})
            continue
        for trace in figure.data:
            copied = go.Figure(data=[trace]).data[0]
            if not copied.name:
                copied.showlegend = False  # a lone series: its colour needs no key
            if side:
                copied.update(xaxis="x2", yaxis="y2", showlegend=False)
                if "showscale" in copied:
                    copied.showscale = False
            combined.add_trace(copied)
        x_axis = figure.layout.xaxis.to_plotly_json()
        y_axis = figure.layout.yaxis.to_plotly_json()
        x_axis.update(domain=[shifted(0, side), shifted(1, side)], anchor=f"y{suffix}")
        y_axis.update(anchor=f"x{suffix}")
        if y_axis.get("scaleanchor"):
            y_axis["scaleanchor"] = f"x{suffix}"
        combined.layout[x_name], combined.layout[y_name] = x_axis, y_axis
        for note in figure.layout.annotations or ():
            moved = note.to_plotly_json()
            if moved.get("xref", "paper") == "paper" and "x" in moved:
                moved["x"] = shifted(moved["x"], side)
            annotations.append(_moved_refs(moved, side))
        for shape in figure.layout.shapes or ():
            shapes.append(_moved_refs(shape.to_plotly_json(), side))
    combined.update_layout(annotations=annotations, shapes=shapes, height=height,
                           margin={"t": max(60, (base.layout.margin.t or 0) if base is not None else 0)})
    return combined


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
        return side_by_side_table(self.left.table, self.right.table, self.labels)

    @property
    def is_empty(self) -> bool:
        return self.left.is_empty and self.right.is_empty

    @property
    def note(self) -> str:
        return " ".join(dict.fromkeys(chart.note for chart in (self.left, self.right) if chart.note))

    def as_chart(self) -> Chart:
        """The comparison as one chart: both sides in one figure, each under its view's name, the
        difference as its takeaway, the one table: what an image, a CSV file and the board pack hold."""
        figure = None if self.is_empty else side_by_side_figure(
            (self.left.figure, self.right.figure), self.labels, (self.left.takeaway, self.right.takeaway))
        alt = (f"Two charts side by side. {heading(self.labels[0])}: {self.left.alt} "
               f"{heading(self.labels[1])}: {self.right.alt}")
        return Chart(key=f"{self.name}_compared", title=self.title, takeaway=self.words, alt=alt,
                     make_table=lambda: self.table, figure=figure, note=self.note, sources=self.sources)
