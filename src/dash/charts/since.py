"""Themes that rose or fell since the last meeting: each theme's key points before the day and now,
side by side, the rises at the top and the falls at the foot, with the change written on each bar.

Drawn from ``dash.since.ThemeShifts``'s table (the same rows the "Since we last met" page's themes
section words), so the chart and the lines never differ. Pure: the rows and the day in, a chart out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dash import format as fmt
from dash.charts.base import (
    Chart,
    Look,
    bar_height,
    count_axis,
    empty,
    figure_of,
    most_of,
    name_list,
    native_bars,
)
from dash.palette import BLUE, GREY

KEY = "themes_since"
TITLE = "Which themes rose or fell since we last met?"
BEFORE, NOW = Look(GREY), Look(BLUE)
LABEL_SIZE = 18  # the counts on the bars, read from the back of a room


def _signed(change: int) -> str:
    return f"+{change}" if change > 0 else f"−{abs(change)}"


def _most(moved: pd.DataFrame, rising: bool, day: str) -> str:
    """'Sharing power rose most: 3 more key points since 4 November 2025, 4 against 1 before.'"""
    side = moved[moved["change"] > 0] if rising else moved[moved["change"] < 0]
    if side.empty:
        return ""
    size = int(side["change"].abs().max())
    tied = side[side["change"].abs() == size].sort_values("theme")
    verb, more = ("rose", "more") if rising else ("fell", "fewer")
    if len(tied) > 1:
        names = list(tied["theme"])
        together = (name_list(names, 3) if len(names) > 3
                    else ", ".join(names[:-1]) + f" and {names[-1]}")
        return f"{together} {verb} most, each by {fmt.count(size, 'key point')} since {day}."
    top = tied.iloc[0]
    return (f"{top['theme']} {verb} most: {fmt.count(size, 'key point')} {more} since {day}, "
            f"{int(top['now'])} against {int(top['before'])} before.")


def themes_since(moved: pd.DataFrame, since: dt.date, why: str = "", accepted_only: bool = False) -> Chart:
    """Each theme whose count of key points moved since ``since``: its count before the day (grey) and
    now (blue), paired, the change on the bar ("4 (+3)"); rises first, then falls. ``moved``: the rows
    of ``dash.queries.changes.theme_changes``; ``why``: the day in words and why it was chosen."""
    day = fmt.long_date(since)
    if moved.empty:
        return empty(KEY, TITLE, f"No theme's count of key points rose or fell since {day}.")
    shown, left_out = most_of(moved.assign(size=moved["change"].abs()), "size", "themes that moved")
    ordered = shown.sort_values(["change", "theme"], ascending=[False, True])
    drawn = ordered.iloc[::-1]  # Plotly draws the first row at the foot: the biggest rise goes on top
    takeaway = " ".join(part for part in (_most(moved, True, day), _most(moved, False, day)) if part)
    before_name = f"Before {day}"
    labels = [f"{int(now)} ({_signed(int(change))})" for now, change in zip(drawn["now"], drawn["change"],
                                                                          strict=True)]
    highest = float(max(drawn["now"].max(), drawn["before"].max()))
    traces = [
        {"type": "bar", "name": "Now", "x": drawn["now"], "y": drawn["theme"], "orientation": "h",
         "marker": NOW.marker(), "text": labels, "textposition": "outside", "cliponaxis": False,
         "textfont": {"size": LABEL_SIZE}, "customdata": drawn[["theme_id"]],
         "hovertemplate": "<b>%{y}</b><br>now: %{x} key point(s)<extra></extra>"},
        {"type": "bar", "name": before_name, "x": drawn["before"], "y": drawn["theme"], "orientation": "h",
         "marker": BEFORE.marker(), "text": drawn["before"], "textposition": "outside", "cliponaxis": False,
         "textfont": {"size": LABEL_SIZE}, "customdata": drawn[["theme_id"]],
         "hovertemplate": f"<b>%{{y}}</b><br>{before_name}: %{{x}} key point(s)<extra></extra>"},
    ]
    figure = figure_of(traces, {
        "barmode": "group", "bargap": 0.3, "bargroupgap": 0.05,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                   "traceorder": "reversed"},  # "Before …" first, as it is the upper bar of each pair
        "margin": {"t": 60},
        "xaxis": {"title": "Key points", "range": [0, highest * 1.3 + 1], **count_axis(highest)},
    }, int(bar_height(len(drawn)) * 1.3) + 40)
    sources = tuple(sorted({str(point["source"]) for points in moved["key_points"] for point in points
                            if point.get("source")}))
    how = ("A theme rises when a write-up imported since the day brings key points coded with it or a "
           "reviewer accepts a code, and falls when a reviewer rejects one; a write-up taken back out "
           "takes its key points with it and is listed among the imports removed.")
    note = " ".join(part for part in (
        f"Counted from {why}." if why else "", how,
        "Counting accepted codes only." if accepted_only else "", left_out) if part)

    def table() -> pd.DataFrame:
        listed = moved.sort_values(["change", "theme"], ascending=[False, True])
        return pd.DataFrame({
            "Theme": listed["theme"], before_name: listed["before"].astype(int),
            "Now": listed["now"].astype(int), "Change": listed["change"].astype(int),
            "Key points behind it": listed["key_points"].map(
                lambda points: "; ".join(f"{_signed(int(p['change']))} “{p['text']}” ({p['meeting']})"
                                         for p in points)),
        })

    return Chart(
        key=KEY, title=TITLE, takeaway=takeaway,
        alt=(f"Paired bar chart of each theme's key points before {day} and now, for "
             f"{fmt.count(len(moved), 'theme')} whose count changed. {takeaway}"),
        make_table=table, figure=figure, note=note, sources=sources,
        native=native_bars("bar", drawn["theme"], {"Now": (drawn["now"], NOW),
                                                   before_name: (drawn["before"], BEFORE)}, "count"),
    )
