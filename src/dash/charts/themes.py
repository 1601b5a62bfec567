"""Theme charts: which themes keep coming back, separating reviewed codes from suggestions."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dash import format as fmt
from dash.charts.base import Chart, bar_height, empty, native_bars, styled
from dash.palette import PURPLE

SUGGESTED_FILL = "#E8C3D9"  # a pale tint of the theme colour: visibly "not yet reviewed"


def theme_counts(counts: pd.DataFrame, include_suggestions: bool = False) -> Chart:
    """Key points per theme, most frequent at the top; suggestions stacked and marked as such."""
    title = "Which themes keep coming back?"
    if counts.empty:
        message = ("No key point in this filter has a theme accepted by a reviewer yet."
                   if not include_suggestions else "No key point in this filter has been coded with a theme.")
        return empty("theme_counts", title, message)
    ordered = counts.sort_values(["key_points", "theme"], ascending=[True, False])
    top = counts.iloc[0]
    suggested_total = int(counts["suggested"].sum()) if include_suggestions else 0
    takeaway = (
        f"The most frequent theme is {top['theme']}: {fmt.count(int(top['key_points']), 'key point')} "
        f"across {fmt.count(int(top['meetings']), 'meeting')}."
    )
    if suggested_total:
        takeaway += " Counts include suggestions by the rules that no one has reviewed yet."
    traces = [go.Bar(
        name="Accepted by a reviewer", x=ordered["accepted"], y=ordered["theme"], orientation="h",
        marker_color=PURPLE, customdata=ordered[["meetings"]],
        hovertemplate="<b>%{y}</b><br>%{x} key point(s) accepted<extra></extra>",
    )]
    if include_suggestions:
        traces.append(go.Bar(
            name="Suggested, not yet reviewed", x=ordered["suggested"], y=ordered["theme"], orientation="h",
            marker={"color": SUGGESTED_FILL, "pattern": {"shape": "/", "fgcolor": PURPLE}},
            hovertemplate="<b>%{y}</b><br>%{x} key point(s) suggested by the rules<extra></extra>",
        ))
    figure = go.Figure(traces)
    figure.update_layout(barmode="stack")
    for _, row in ordered.iterrows():
        figure.add_annotation(x=row["key_points"], y=row["theme"], text=str(int(row["key_points"])),
                              showarrow=False, xanchor="left", xshift=6)
    figure.update_xaxes(title="Key points coded with the theme",
                        range=[0, counts["key_points"].max() * 1.15 + 0.5])
    table = pd.DataFrame({
        "Theme": counts["theme"], "Key points": counts["key_points"],
        "Accepted": counts["accepted"], "Suggested, not reviewed": counts["suggested"],
        "Meetings": counts["meetings"],
        "First dated": counts["first_dated"].map(fmt.long_date),
        "Latest dated": counts["last_dated"].map(fmt.long_date),
        "Definition": counts["definition"],
    })
    return Chart(
        key="theme_counts", title=title, takeaway=takeaway,
        alt=f"Bar chart of key points per theme for {len(counts)} themes. {takeaway}",
        table=table, figure=styled(figure, bar_height(len(counts)) + 40),
        note="Hatched, pale bars are machine suggestions; solid bars were accepted by a person."
        if include_suggestions else "",
        native=native_bars("stacked_bar", ordered["theme"], {
            "Accepted by a reviewer": ordered["accepted"],
            **({"Suggested, not yet reviewed": ordered["suggested"]} if include_suggestions else {}),
        }, "0"),
    )
