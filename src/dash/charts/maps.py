"""The map: districts coloured by money in funds, drawn from shipped boundaries.

Drawn as filled polygons on ordinary axes rather than Plotly's geo traces, which
fetch a world outline from a CDN even when it is hidden: this map needs no internet.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dash import format as fmt
from dash.charts.base import Chart, empty, linear_money_axis, styled
from dash.geo import SHAPE_CODE
from dash.palette import GREY, SEQUENTIAL

CONTEXT_FILL = "#ECECEC"


def _rings(geometry: dict) -> list[list[list[float]]]:
    """Outer rings of a Polygon or MultiPolygon (holes are too small to matter here)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _outline(features: list[dict]) -> tuple[list[float | None], list[float | None]]:
    """One path through every ring, rings separated by gaps, for ``fill='toself'``."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in features:
        for ring in _rings(feature["geometry"]):
            xs.extend(point[0] for point in ring)
            ys.extend(point[1] for point in ring)
            xs.append(None)
            ys.append(None)
    return xs, ys


def _money_ticks(top: float) -> dict[str, object]:
    axis = linear_money_axis(top)
    return {"tickvals": axis.get("tickvals", []), "ticktext": axis.get("ticktext", [])}


def money_map(by_district: pd.DataFrame, shapes: pd.DataFrame, geojson: dict) -> Chart:
    """Districts holding funds or meetings, coloured by money, on their regions for context.

    ``shapes`` maps every boundary shape's code to the current district it lies in
    and that district's region, so shapes of merged districts take their new colour.
    """
    title = "Where is the money?"
    if by_district.empty:
        return empty("money_map", title, "No fund or meeting in this filter is tied to a district.")
    features = {f["properties"][SHAPE_CODE]: f for f in geojson["features"]}
    shapes = shapes[shapes["shape_code"].isin(features)]
    data = shapes.merge(by_district, on="locality_id")
    regions = set(data["region_id"].dropna())
    context = shapes[shapes["region_id"].isin(regions) & ~shapes["shape_code"].isin(data["shape_code"])]

    traces: list[go.BaseTraceType] = []
    xs, ys = _outline([features[code] for code in context["shape_code"]])
    traces.append(go.Scatter(
        x=xs, y=ys, fill="toself", fillcolor=CONTEXT_FILL, mode="lines",
        line={"color": "white", "width": 0.8}, hoverinfo="skip", showlegend=False,
    ))

    top = max(float(by_district["money_gbp"].max()), 1.0)
    scale = [[i / (len(SEQUENTIAL) - 1), colour] for i, colour in enumerate(SEQUENTIAL)]
    centres = []
    for _, district in by_district.iterrows():
        own = [features[c] for c in data.loc[data["locality_id"] == district["locality_id"], "shape_code"]]
        if not own:
            continue
        xs, ys = _outline(own)
        funds, meetings = int(district["funds"]), int(district["meetings"])
        label = (f"<b>{district['name']}</b><br>{fmt.money_exact(district['money_gbp'])} in "
                 f"{fmt.count(funds, 'fund')}<br>{fmt.count(meetings, 'meeting')}")
        traces.append(go.Scatter(
            x=xs, y=ys, fill="toself", mode="lines", hoveron="fills", text=label, hoverinfo="text",
            fillcolor=sample_colorscale(scale, district["money_gbp"] / top)[0],
            line={"color": GREY, "width": 1.2}, showlegend=False, name=district["name"],
        ))
        lon = sum(f["properties"]["LONG"] for f in own) / len(own)
        lat = sum(f["properties"]["LAT"] for f in own) / len(own)
        centres.append((lon, lat, district, label))

    traces.append(go.Scatter(  # the clickable points, and the colour key
        x=[c[0] for c in centres], y=[c[1] for c in centres], mode="markers",
        marker={"size": 14, "color": [c[2]["money_gbp"] for c in centres], "colorscale": scale,
                "cmin": 0, "cmax": top, "line": {"color": "white", "width": 2},
                "colorbar": {"title": {"text": "Money in funds"}, **_money_ticks(top)}},
        customdata=[[c[2]["locality_id"]] for c in centres],
        hovertext=[c[3] for c in centres], hoverinfo="text", showlegend=False,
    ))
    figure = go.Figure(traces)
    mid_latitude = sum(c[1] for c in centres) / len(centres)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid_latitude)))
    figure.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 10}, dragmode=False, hovermode="closest")
    for lon, lat, district, _ in centres:  # labels on a white card, readable over any fill
        money = fmt.money(district["money_gbp"]) if district["money_gbp"] else "meetings only"
        figure.add_annotation(
            x=lon, y=lat, text=f"<b>{district['name']}</b><br>{money}", showarrow=True, arrowhead=0,
            ax=0, ay=-42, bgcolor="rgba(255,255,255,0.9)", bordercolor=GREY, font={"size": 15},
        )

    leader = by_district.iloc[0]
    verb = "holds" if len(by_district) == 1 else "hold"
    takeaway = (
        f"{fmt.count(len(by_district), 'district')} {verb} funds or meetings; the most money is in "
        f"{leader['name']} ({fmt.money(leader['money_gbp'])})."
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
        table=table, figure=styled(figure, 620),
        note="Boundaries: ONS local authority districts, December 2020 (OGL v3); districts merged "
             "since then are drawn with their old outlines. Grey areas share a region with a coloured "
             "one. Funds for a whole region, nation or combined area have no single district and are "
             "not on the map.",
    )
