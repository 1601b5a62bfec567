"""The map: districts coloured by money in funds, drawn from shipped boundaries."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dash import format as fmt
from dash.charts.base import Chart, empty, styled
from dash.geo import SHAPE_CODE
from dash.palette import GREY, SEQUENTIAL


def money_map(by_district: pd.DataFrame, shapes: pd.DataFrame, geojson: dict) -> Chart:
    """Districts holding funds or meetings, coloured by money, on their region for context.

    ``shapes`` maps every boundary shape's code to the current district it lies in
    and that district's region, so shapes of merged districts take their new colour.
    """
    title = "Where is the money?"
    if by_district.empty:
        return empty("money_map", title, "No fund or meeting in this filter is tied to a district.")
    drawn = set(f["properties"][SHAPE_CODE] for f in geojson["features"])
    shapes = shapes[shapes["shape_code"].isin(drawn)]
    data = shapes.merge(by_district, on="locality_id")
    regions = set(data["region_id"].dropna())
    context = shapes[shapes["region_id"].isin(regions) & ~shapes["shape_code"].isin(data["shape_code"])]

    colourscale = [[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)]
    figure = go.Figure([
        go.Choropleth(
            geojson=geojson, featureidkey=f"properties.{SHAPE_CODE}",
            locations=context["shape_code"], z=[0] * len(context),
            colorscale=[[0, "#EFEFEF"], [1, "#EFEFEF"]], showscale=False,
            marker_line_color="white", marker_line_width=0.6, hoverinfo="skip",
        ),
        go.Choropleth(
            geojson=geojson, featureidkey=f"properties.{SHAPE_CODE}",
            locations=data["shape_code"], z=data["money_gbp"], zmin=0,
            colorscale=colourscale, marker_line_color=GREY, marker_line_width=1.2,
            colorbar={"title": {"text": "Money in funds"}, "tickprefix": "£", "tickformat": "~s"},
            customdata=[[r["name"], fmt.money_exact(r["money_gbp"]), int(r["funds"]),
                         r["fund_names"] or "none", int(r["meetings"]), r["locality_id"]]
                        for _, r in data.iterrows()],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} in %{customdata[2]} fund(s): "
                          "%{customdata[3]}<br>%{customdata[4]} meeting(s)<extra></extra>",
        ),
    ])
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    figure.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 10})
    top = by_district.iloc[0]
    takeaway = (
        f"{fmt.count(len(by_district), 'district')} hold funds or meetings; the most money is in "
        f"{top['name']} ({fmt.money(top['money_gbp'])})."
    )
    table = pd.DataFrame({
        "District": by_district["name"], "ONS code": by_district["locality_id"],
        "Money in funds": by_district["money_gbp"].map(fmt.money_exact),
        "Funds": by_district["funds"], "Fund names": by_district["fund_names"].fillna(""),
        "Meetings": by_district["meetings"],
    })
    return Chart(
        key="money_map", title=title, takeaway=takeaway,
        alt=f"Map of {len(by_district)} districts coloured by money in funds. {takeaway}",
        table=table, figure=styled(figure, 560),
        note="Boundaries: ONS local authority districts, December 2020 (OGL v3); districts merged "
             "since then are drawn with their old outlines. Funds for a whole region, nation or "
             "combined area have no single district and are not on the map.",
    )
