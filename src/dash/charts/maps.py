"""The map: districts coloured by money in funds, drawn from shipped boundaries.

Drawn as filled polygons on ordinary axes rather than Plotly's geo traces, which
fetch a world outline from a CDN even when it is hidden: this map needs no internet.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dash import format as fmt
from dash import safe
from dash.charts.base import Chart, empty, figure_of
from dash.geo import SHAPE_CODE
from dash.palette import GREY, SEQUENTIAL

CONTEXT_FILL = "#ECECEC"
LABELLED = 8  # districts named on the map itself; every district has hover text
OUTLINE_POINTS = 6_000  # boundary points a map draws at most (see _thinning)


def _rings(geometry: dict) -> list[list[list[float]]]:
    """Outer rings of a Polygon or MultiPolygon (holes are too small to matter here)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _thinning(features: list[dict]) -> int:
    """Keep every n-th boundary point so that a map draws at most ``OUTLINE_POINTS``: a national map
    would otherwise send 16,000 points that no screen shows apart and that the browser takes a
    quarter of a second to draw; a region's map keeps every point."""
    total = sum(len(ring) for feature in features for ring in _rings(feature["geometry"]))
    return max(1, math.ceil(total / OUTLINE_POINTS))


def _outline(features: list[dict], every: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """One path through every ring, rings separated by gaps (NaN), for ``fill='toself'``; each ring
    keeps every ``every``-th point and its closing one (small rings, such as islands, are kept whole).

    Arrays rather than lists: Plotly checks a list point by point (most of a second for a
    national map) but takes an array as it is, and sends it to the browser as compact binary.
    """
    rings = [np.asarray(ring, dtype=float)[:, :2]
             for feature in features for ring in _rings(feature["geometry"])]
    if not rings:
        return np.empty(0), np.empty(0)
    if every > 1:
        rings = [np.concatenate([ring[:-1:every], ring[-1:]]) if len(ring) > 4 * every else ring
                 for ring in rings]
    gap = np.full((1, 2), np.nan)
    path = np.concatenate([part for ring in rings for part in (ring, gap)])
    return path[:, 0], path[:, 1]


def money_map(by_district: pd.DataFrame, shapes: pd.DataFrame, geojson: dict, counted: str = "fund",
              key: str = "money_map", title: str = "Where is the money?") -> Chart:
    """Districts holding funds or meetings, coloured by money, on their regions for context.

    ``shapes`` maps every boundary shape's code to the current district it lies in
    and that district's region, so shapes of merged districts take their new colour.
    """
    off_map = int(by_district["off_map"].iloc[0]) if "off_map" in by_district and len(by_district) else 0
    off_note = (f" {fmt.count(off_map, counted)} name a region, a nation or no place, and are not drawn."
                if off_map else "")
    if by_district.empty:
        return empty(key, title, f"No {counted} or meeting in this filter is tied to a district.")
    features = {f["properties"][SHAPE_CODE]: f for f in geojson["features"]}
    shapes = shapes[shapes["shape_code"].isin(features)]
    data = shapes.merge(by_district, on="locality_id")
    regions = set(data["region_id"].dropna())
    context = shapes[shapes["region_id"].isin(regions) & ~shapes["shape_code"].isin(data["shape_code"])]

    every = _thinning([features[code] for code in (*context["shape_code"], *data["shape_code"])])
    xs, ys = _outline([features[code] for code in context["shape_code"]], every)
    traces: list[dict] = [{
        "type": "scatter", "x": xs, "y": ys, "fill": "toself", "fillcolor": CONTEXT_FILL, "mode": "lines",
        "line": {"color": "white", "width": 0.8}, "hoverinfo": "skip", "showlegend": False,
    }]

    top = max(float(by_district["money_gbp"].max()), 1.0)
    edges = [top * step / len(SEQUENTIAL) for step in range(len(SEQUENTIAL) + 1)]
    shapes_of = data.groupby("locality_id")["shape_code"].apply(list).to_dict()
    districts = by_district[by_district["locality_id"].isin(shapes_of)].copy()
    bands = len(SEQUENTIAL)
    districts["bin"] = [min(int(money / top * bands), bands - 1) for money in districts["money_gbp"]]
    for index, colour in enumerate(SEQUENTIAL):  # one trace per colour band: fast to draw at any scale
        members = districts[districts["bin"] == index]
        if members.empty:
            continue
        xs, ys = _outline([features[c] for code in members["locality_id"] for c in shapes_of[code]], every)
        label = (f"Up to {fmt.money(edges[1])}" if index == 0
                 else f"{fmt.money(edges[index])} to {fmt.money(edges[index + 1])}")
        traces.append({
            "type": "scatter", "x": xs, "y": ys, "fill": "toself", "mode": "lines", "fillcolor": colour,
            "hoverinfo": "skip", "line": {"color": GREY, "width": 1}, "name": label,
            "legendrank": len(SEQUENTIAL) - index,
        })

    centres = []
    for _, district in districts.iterrows():
        own = [features[c] for c in shapes_of[district["locality_id"]]]
        lon = sum(f["properties"]["LONG"] for f in own) / len(own)
        lat = sum(f["properties"]["LAT"] for f in own) / len(own)
        funds, meetings = int(district["funds"]), int(district["meetings"])
        hover = (f"<b>{safe.plotly(district['name'])}</b><br>{fmt.money_exact(district['money_gbp'])} in "
                 f"{fmt.count(funds, counted)}")
        hover += f"<br>{fmt.count(meetings, 'meeting')}" if meetings else ""
        centres.append((lon, lat, district, hover))

    traces.append({  # the clickable points: one per district, at its centre
        "type": "scatter", "x": [c[0] for c in centres], "y": [c[1] for c in centres], "mode": "markers",
        "marker": {"size": 12, "color": [SEQUENTIAL[int(c[2]["bin"])] for c in centres],
                   "line": {"color": "white", "width": 2}},
        "customdata": [[c[2]["locality_id"]] for c in centres],
        "hovertext": [c[3] for c in centres], "hoverinfo": "text", "showlegend": False,
    })
    mid_latitude = sum(c[1] for c in centres) / len(centres)
    squash = 1 / math.cos(math.radians(mid_latitude))  # a degree of longitude is shorter than one of latitude
    figure = figure_of(traces, {
        "xaxis": {"visible": False},
        "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": squash},
        "margin": {"l": 0, "r": 0, "t": 10, "b": 10}, "dragmode": False, "hovermode": "closest",
        "legend": {"title": {"text": f"Money in {counted}s"}, "orientation": "v", "x": 1.0, "y": 1.0},
        "annotations": [  # the largest, on white cards; the rest on hover
            {"x": lon, "y": lat, "showarrow": True, "arrowhead": 0, "ax": 0, "ay": -42,
             "text": f"<b>{safe.plotly(district['name'])}</b><br>"
                     + (fmt.money(district["money_gbp"]) if district["money_gbp"] else "meetings only"),
             "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": GREY, "font": {"size": 15}}
            for lon, lat, district, _ in centres[:LABELLED]
        ],
    }, height=620, composed=("hovertext",))

    leader = by_district.iloc[0]
    verb = "holds" if len(by_district) == 1 else "hold"
    holdings = "funds or meetings" if counted == "fund" else f"{counted}s"
    takeaway = (
        f"{fmt.count(len(by_district), 'district')} {verb} {holdings}; the most money is in "
        f"{leader['name']} ({fmt.money(leader['money_gbp'])})."
    )
    def table() -> pd.DataFrame:
        return pd.DataFrame({
            "District": by_district["name"], "ONS code": by_district["locality_id"],
            f"Money in {counted}s": by_district["money_gbp"].map(fmt.money_exact),
            f"{counted.capitalize()}s": by_district["funds"],
            **({"Fund names": by_district["fund_names"].fillna(""), "Meetings": by_district["meetings"]}
               if counted == "fund" else {}),
        })
    return Chart(
        key=key, title=title, takeaway=takeaway,
        alt=f"Map of {len(by_district)} districts coloured by money in {counted}s. {takeaway}",
        make_table=table, figure=figure,
        note="Boundaries: ONS local authority districts, December 2020 (OGL v3); districts merged "
             "since then are drawn with their old outlines. Grey areas share a region with a coloured "
             f"one. {counted.capitalize()}s for a whole region, nation or combined area have no single "
             f"district and are not on the map.{off_note}",
    )
