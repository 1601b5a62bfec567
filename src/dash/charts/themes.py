"""Theme charts: which themes keep coming back."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dash import format as fmt
from dash.charts.base import Chart, bar_height, empty, styled
from dash.palette import PURPLE


def theme_counts(counts: pd.DataFrame) -> Chart:
    """Key points per theme, most frequent at the top."""
    title = "Which themes keep coming back?"
    if counts.empty:
        return empty("theme_counts", title, "No key point in this filter has been coded with a theme yet.")
    ordered = counts.sort_values("key_points")
    top = counts.iloc[0]
    takeaway = (
        f"The most frequent theme is {top['theme']}: {fmt.count(int(top['key_points']), 'key point')} "
        f"across {fmt.count(int(top['meetings']), 'meeting')}."
    )
    figure = go.Figure(go.Bar(
        x=ordered["key_points"], y=ordered["theme"], orientation="h", marker_color=PURPLE,
        text=ordered["key_points"], textposition="outside", cliponaxis=False,
        customdata=ordered[["meetings", "suggested"]],
        hovertemplate="<b>%{y}</b><br>%{x} key points in %{customdata[0]} meeting(s)"
                      "<br>%{customdata[1]} of them suggested, not yet reviewed<extra></extra>",
    ))
    figure.update_xaxes(title="Key points coded with the theme", dtick=1 if top["key_points"] < 12 else None)
    table = counts.rename(columns={
        "theme": "Theme", "definition": "Definition", "key_points": "Key points",
        "meetings": "Meetings", "suggested": "Of which suggested",
    }).drop(columns=["theme_id"])
    return Chart(
        key="theme_counts", title=title, takeaway=takeaway,
        alt=f"Bar chart of key points per theme for {len(counts)} themes. {takeaway}",
        table=table, figure=styled(figure, bar_height(len(counts))),
    )
