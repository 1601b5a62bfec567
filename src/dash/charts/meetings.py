"""Meeting charts: when the meetings and write-ups happened."""

from __future__ import annotations

import pandas as pd

from dash import format as fmt
from dash.charts.base import Chart, Look, count_axis, empty, figure_of, native_bars
from dash.palette import BLUE


def meetings_per_year(per_year: pd.DataFrame) -> Chart:
    """Meetings and write-ups per year, with undated ones in their own bar."""
    title = "Meetings and write-ups by year"
    if per_year.empty:
        return empty("meetings_per_year", title, "No meeting matches this filter.")
    total = int(per_year["meetings"].sum())
    undated = per_year.loc[per_year["year"] == "Date not stated", "meetings"].sum()
    dated = per_year[per_year["year"] != "Date not stated"]
    takeaway = f"{fmt.count(total, 'meeting or write-up', 'meetings and write-ups')}"
    first, last = (dated["year"].min(), dated["year"].max()) if not dated.empty else (None, None)
    if first:
        takeaway += f", dated {first}" if first == last else f", dated from {first} to {last}"
    takeaway += (f"; {int(undated)} {'does' if undated == 1 else 'do'} not state a date." if undated else ".")
    figure = figure_of([{
        "type": "bar", "x": per_year["year"], "y": per_year["meetings"], "marker": Look(BLUE).marker(),
        "text": per_year["meetings"], "textposition": "outside", "cliponaxis": False,
        "customdata": per_year[["key_points"]],
        "hovertemplate": "<b>%{x}</b><br>%{y} meeting(s), %{customdata[0]} key points<extra></extra>",
    }], {
        "xaxis": {"type": "category", "title": ""},
        "yaxis": {"title": "Meetings", "range": [0, per_year["meetings"].max() * 1.25],
                  **count_axis(per_year["meetings"].max())},
    }, 400)
    def table() -> pd.DataFrame:
        return per_year.rename(columns={"year": "Year", "meetings": "Meetings", "key_points": "Key points"})
    return Chart(
        key="meetings_per_year", title=title, takeaway=takeaway,
        alt=f"Bar chart of meetings per year. {takeaway}", make_table=table, figure=figure,
        native=native_bars("column", per_year["year"], {"Meetings": (per_year["meetings"], Look(BLUE))},
                           "count"),
    )
