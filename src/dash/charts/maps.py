"""The map: districts coloured by money in funds, drawn from shipped boundaries.

Drawn as filled polygons on ordinary axes rather than Plotly's geo traces, which
fetch a world outline from a CDN even when it is hidden: this map needs no internet.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dash import format as fmt
from dash import safe
from dash.charts.base import Chart, empty, figure_of, money_step
from dash.geo import SHAPE_CODE
from dash.palette import GREY, INK, SEQUENTIAL, YELLOW

CONTEXT_FILL = "#E0E0E0"  # the regions around a coloured district
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


MEETINGS_ONLY = YELLOW  # a district with meetings and no money: never a shade of the money's blues
NATION_FILL = "#F4F4F4"  # the rest of the nation, so the coloured districts sit in their country
LABEL_HEIGHT, LABEL_GAP = 44, 6  # a two-line label card, in pixels, and the room kept around it
_MAP_HEIGHT = 620
_ASSUMED_WIDTH = 640  # the narrowest plot the map is drawn in (the Overview's column): labels placed for it


def money_bins(top: float) -> list[float]:
    """Edges of the money colours: round steps from £0 that meet, £0–£300k, £300k–£600k …, at most
    five, the last reaching ``top``."""
    step = money_step(max(top, 1.0), len(SEQUENTIAL))
    return [step * i for i in range(math.ceil(max(top, 1.0) / step) + 1)]


def _bin_colours(bins: int) -> list[str]:
    """``bins`` of the sequential blues, spread from light to dark."""
    if bins == 1:
        return [SEQUENTIAL[3]]
    return [SEQUENTIAL[round(i * (len(SEQUENTIAL) - 1) / (bins - 1))] for i in range(bins)]


def _nation(code: str) -> str:
    return code[:1]  # ONS codes start E (England), W (Wales), S (Scotland) or N (Northern Ireland)


CARD_FONT = 15  # the label cards' type on screen, in pixels


def _label_size(text_lines: list[str], font: float = CARD_FONT) -> tuple[float, float]:
    grow = font / CARD_FONT
    return max(len(line) for line in text_lines) * 8.6 * grow + 14, LABEL_HEIGHT * grow


def place_labels(points: list[tuple[float, float]], sizes: list[tuple[float, float]],
                 pixels_per_unit: float) -> list[tuple[float, float]]:
    """Offsets in pixels (ax, ay) for each point's label card so that no two cards overlap and no
    card covers another labelled point: each tries above, below, to the sides and the corners, then
    farther out, and takes the first place that is free."""
    placed: list[tuple[float, float, float, float]] = []
    marks = [(x * pixels_per_unit, -y * pixels_per_unit) for x, y in points]  # screen y grows down
    offsets = []
    rings = [(0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1)]
    for (px, py), (width, height) in zip(marks, sizes, strict=True):
        chosen = None
        for reach in (1.0, 1.8, 2.6, 3.4, 4.4):
            for dx, dy in rings:
                ax = dx * (width / 2 + 16) * reach
                ay = dy * (height / 2 + 16) * reach
                box = (px + ax - width / 2 - LABEL_GAP, py + ay - height / 2 - LABEL_GAP,
                       width + 2 * LABEL_GAP, height + 2 * LABEL_GAP)
                clear = all(not _crosses(box, other) for other in placed) and not any(
                    box[0] <= mx <= box[0] + box[2] and box[1] <= my <= box[1] + box[3] for mx, my in marks)
                if clear:
                    chosen = (ax, ay, box)
                    break
            if chosen:
                break
        if chosen is None:  # nowhere free within reach: the farthest place above
            ax, ay = 0.0, -(height / 2 + 16) * 5.4 - len(placed) * (height + LABEL_GAP)
            chosen = (ax, ay, (px + ax - width / 2, py + ay - height / 2, width, height))
        placed.append(chosen[2])
        offsets.append((chosen[0], chosen[1]))
    return offsets


def _crosses(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _extent(traces: list[dict]) -> tuple[list[float], list[float]]:
    """The x and y ranges the filled outlines in ``traces`` span."""
    xs = np.concatenate([np.asarray(t["x"], dtype=float) for t in traces if t.get("fill")] or [np.zeros(1)])
    ys = np.concatenate([np.asarray(t["y"], dtype=float) for t in traces if t.get("fill")] or [np.zeros(1)])
    return [float(np.nanmin(xs)), float(np.nanmax(xs))], [float(np.nanmin(ys)), float(np.nanmax(ys))]


def _pixels_per_unit(traces: list[dict], squash: float, height: int, width: int = _ASSUMED_WIDTH) -> float:
    """Screen pixels per degree of latitude when the outlines in ``traces`` fill a map ``height``
    pixels tall and at least ``width`` wide (the aspect ratio fixed by ``scaleanchor``)."""
    (x_low, x_high), (y_low, y_high) = _extent(traces)
    span_x = (x_high - x_low) / squash
    span_y = y_high - y_low
    return float(min((height - 20) / max(span_y, 1e-6), width / max(span_x, 1e-6)))


def is_map(figure: go.Figure) -> bool:
    """Whether ``figure`` is one of these maps (outlines on hidden axes held to the map's aspect)."""
    return figure.layout.yaxis.scaleanchor == "x" and figure.layout.xaxis.visible is False


# The Overview's small map: taller than its other charts (the nation is tall and narrow, and its
# column is at least 460 px wide), with the key in two columns under it, where no card covers it.
COMPACT_HEIGHT, COMPACT_WIDTH, COMPACT_LABELS = 560, 460, 4
_COMPACT_KEY = {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.01, "yanchor": "top",
                "entrywidth": 0.5, "entrywidthmode": "fraction", "title": {"side": "top"},
                "bgcolor": "rgba(0,0,0,0)"}
_COMPACT_MARGIN = {"l": 0, "r": 0, "t": 10, "b": 120}  # the key's title and up to three rows


def at_height(figure: go.Figure, height: int, compact: bool = False, font: float | None = None) -> go.Figure:
    """A copy of a map ``height`` pixels tall, its label cards placed again for that size (the
    Overview's small map: the districts are closer together there, the cards as large). ``compact``
    keeps the largest few cards, for a column as narrow as ``COMPACT_WIDTH``, and puts the key
    under the map, where no card can cover it. ``font`` sets the cards' type (a slide's, larger than
    the screen's), and they are placed for that size."""
    resized = go.Figure(figure).update_layout(height=height)
    cards = list(resized.layout.annotations or [])
    if font:
        cards = [card.update(font={"size": font}) for card in cards]
    width = _ASSUMED_WIDTH
    if compact:
        cards, width = cards[:COMPACT_LABELS], COMPACT_WIDTH
        resized.update_layout(legend=_COMPACT_KEY, margin=_COMPACT_MARGIN)
    if not cards:
        resized.layout.annotations = []
        return resized
    squash = resized.layout.yaxis.scaleratio or 1.0
    margin = resized.layout.margin
    drawn = height - (margin.t or 0) - (margin.b or 0)  # the cards are placed on the map as drawn
    per_unit = _pixels_per_unit([t.to_plotly_json() for t in resized.data], squash, drawn + 20, width)
    plain = [[re.sub(r"<[^>]+>", "", line) for line in card.text.split("<br>")] for card in cards]
    sizes = [_label_size(lines, font or CARD_FONT) for lines in plain]
    offsets = place_labels([(card.x / squash, card.y) for card in cards], sizes, per_unit)
    resized.layout.annotations = [card.update(ax=ax, ay=ay)
                                  for card, (ax, ay) in zip(cards, offsets, strict=True)]
    return resized


def shapes_by_district(shapes: pd.DataFrame) -> dict[str, list[str]]:
    """Each district's boundary shapes, in their order. A plain loop: a pandas group-by of ~400 rows
    into lists cost 24 ms, every time a map was drawn."""
    found: dict[str, list[str]] = {}
    for district, shape in zip(shapes["locality_id"], shapes["shape_code"], strict=True):
        if isinstance(district, str):  # a shape in no current district is nobody's (as a group-by drops it)
            found.setdefault(district, []).append(shape)
    return found


def money_map(by_district: pd.DataFrame, shapes: pd.DataFrame, geojson: dict, counted: str = "fund",
              key: str = "money_map", title: str = "Where is the money?", top: float | None = None) -> Chart:
    """Districts holding funds or meetings, coloured by money, on the whole nation's outline; ``top``:
    the colours' last step reaches it (a comparison's two maps, coloured alike), else the most money.

    ``shapes`` maps every boundary shape's code to the current district it lies in and that
    district's region, so shapes of merged districts take their new colour. Rows whose ``level``
    is "region" (grants that name only a region or nation) colour every district of that area.
    """
    off_map = int(by_district["off_map"].iloc[0]) if "off_map" in by_district and len(by_district) else 0
    if by_district.empty:
        return empty(key, title, f"No {counted} or meeting in this filter is tied to a district.")
    features = {f["properties"][SHAPE_CODE]: f for f in geojson["features"]}
    shapes = shapes[shapes["shape_code"].isin(features)]
    by_region = "level" in by_district and (by_district["level"] == "region").all()
    area = "region" if by_region else "district"
    wider = "no region or district" if by_region else "a region, a nation or no place"
    off_note = f" {fmt.count(off_map, counted)} name {wider}, and are not drawn." if off_map else ""
    shapes_of = ({row: list(shapes.loc[shapes["region_id"] == row, "shape_code"])
                  for row in by_district["locality_id"]} if by_region else
                 shapes_by_district(shapes))
    districts = by_district[by_district["locality_id"].map(lambda code: bool(shapes_of.get(code)))].copy()
    if districts.empty:
        return empty(key, title, f"No {counted} or meeting in this filter is tied to a place on the map.")
    coloured = {shape for code in districts["locality_id"] for shape in shapes_of[code]}
    nations = {_nation(code) for code in coloured}
    regions = set(shapes.loc[shapes["shape_code"].isin(coloured), "region_id"].dropna())
    nation = shapes[shapes["shape_code"].map(_nation).isin(nations) & ~shapes["shape_code"].isin(coloured)]
    near = nation["region_id"].isin(regions)

    every = _thinning([features[code] for code in (*nation["shape_code"], *coloured)])
    traces: list[dict] = []
    for fill, part in ((NATION_FILL, nation[~near]), (CONTEXT_FILL, nation[near])):
        xs, ys = _outline([features[code] for code in part["shape_code"]], every)
        traces.append({"type": "scatter", "x": xs, "y": ys, "fill": "toself", "fillcolor": fill,
                       "mode": "lines", "line": {"color": "white", "width": 0.6}, "hoverinfo": "skip",
                       "showlegend": False})

    edges = money_bins(max(float(districts["money_gbp"].max()), top or 0.0))
    colours = _bin_colours(len(edges) - 1)
    labels = fmt.money_labels(edges)
    districts["bin"] = [-1 if not money else min(max(math.ceil(money / edges[1]) - 1, 0), len(colours) - 1)
                        for money in districts["money_gbp"]]
    categories = [(-1, MEETINGS_ONLY, "Meetings only, no money")] if (districts["bin"] == -1).any() else []
    categories += [(i, colour, f"{labels[i]} to {labels[i + 1]}" if i else f"Up to {labels[1]}")
                   for i, colour in enumerate(colours)]
    for index, colour, label in categories:  # one trace per colour: fast to draw at any scale
        members = districts[districts["bin"] == index]
        xs, ys = _outline([features[c] for code in members["locality_id"] for c in shapes_of[code]], every)
        traces.append({  # an empty band still has its key, so the legend's steps meet
            "type": "scatter", "x": xs if len(xs) else [None], "y": ys if len(ys) else [None],
            "fill": "toself", "mode": "lines", "fillcolor": colour, "hoverinfo": "skip",
            "line": {"color": GREY, "width": 1}, "name": label, "legendrank": 100 - index,
        })

    centres = []
    for _, district in districts.iterrows():
        own = [features[c] for c in shapes_of[district["locality_id"]]]
        lon = sum(f["properties"]["LONG"] for f in own) / len(own)
        lat = sum(f["properties"]["LAT"] for f in own) / len(own)
        funds, meetings = int(district["funds"]), int(district["meetings"])
        ons = district.get("ons_name")
        named = safe.plotly(district["name"])
        if isinstance(ons, str) and ons != district["name"]:
            named += f" <i>({safe.plotly(ons)}, as the ONS names it)</i>"
        hover = f"<b>{named}</b><br>{fmt.money_exact(district['money_gbp'])} in {fmt.count(funds, counted)}"
        hover += f"<br>{fmt.count(meetings, 'meeting')}" if meetings else ""
        centres.append((lon, lat, district, hover))

    traces.append({  # the clickable points: one per district, at its centre
        "type": "scatter", "x": [c[0] for c in centres], "y": [c[1] for c in centres], "mode": "markers",
        "marker": {"size": 12, "color": [MEETINGS_ONLY if c[2]["bin"] < 0 else colours[int(c[2]["bin"])]
                                         for c in centres],
                   "line": {"color": INK, "width": 1.5}},
        "customdata": [[c[2]["locality_id"]] for c in centres],
        "hovertext": [c[3] for c in centres], "hoverinfo": "text", "showlegend": False,
    })
    mid_latitude = sum(c[1] for c in centres) / len(centres)
    squash = 1 / math.cos(math.radians(mid_latitude))  # a degree of longitude is shorter than one of latitude
    labelled = centres[:LABELLED]
    texts = [[d["name"], fmt.money(d["money_gbp"]) if d["money_gbp"] else "meetings only"]
             for _, _, d, _ in labelled]
    per_unit = _pixels_per_unit(traces, squash, _MAP_HEIGHT)
    offsets = place_labels([(lon / squash, lat) for lon, lat, _, _ in labelled],
                           [_label_size(lines) for lines in texts], per_unit)
    xs, ys = _extent(traces)
    figure = figure_of(traces, {
        # The outlines' own extent, each axis shrinking its length rather than widening its range to
        # keep the aspect: the map then fills the height exactly, so the label cards, placed in pixels
        # for that scale (``place_labels``), land where they were placed.
        "xaxis": {"visible": False, "range": xs, "constrain": "domain"},
        "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": squash, "range": ys,
                  "constrain": "domain"},
        "margin": {"l": 0, "r": 0, "t": 10, "b": 10}, "dragmode": False, "hovermode": "closest",
        "legend": {"title": {"text": f"Money in {counted}s<br>"}, "orientation": "v", "x": 1.0, "y": 1.0,
                   "xanchor": "right", "bgcolor": "rgba(255,255,255,0.85)", "traceorder": "normal"},
        "annotations": [  # the largest, on white cards placed clear of each other; the rest on hover
            {"x": lon, "y": lat, "showarrow": True, "arrowhead": 0, "arrowcolor": GREY, "ax": ax, "ay": ay,
             "text": f"<b>{safe.plotly(lines[0])}</b><br>{lines[1]}", "bgcolor": "rgba(255,255,255,0.95)",
             "bordercolor": GREY, "font": {"size": CARD_FONT}}
            for (lon, lat, _, _), lines, (ax, ay) in zip(labelled, texts, offsets, strict=True)
        ],
    }, height=_MAP_HEIGHT, composed=("hovertext",))

    leader = by_district.iloc[0]
    verb = "holds" if len(by_district) == 1 else "hold"
    holdings = "funds or meetings" if counted == "fund" else f"{counted}s"
    takeaway = (
        f"{fmt.count(len(by_district), area)} {verb} {holdings}; the most money is in "
        f"{leader['name']} ({fmt.money(leader['money_gbp'])})."
    )
    def table() -> pd.DataFrame:
        return pd.DataFrame({
            area.capitalize(): by_district["name"], "ONS code": by_district["locality_id"],
            f"Money in {counted}s": by_district["money_gbp"].map(fmt.money_exact),
            f"{counted.capitalize()}s": by_district["funds"],
            **({"Fund names": by_district["fund_names"].fillna(""), "Meetings": by_district["meetings"]}
               if counted == "fund" else {}),
        })
    if by_region:
        drawn_note = (f" The {counted}s in this filter name regions or nations, not districts, so each "
                      "region is coloured whole.")
    else:
        drawn_note = (" Districts merged since then are drawn with their old outlines. The rest of the "
                      "nation is pale grey, the regions around coloured districts a darker grey. "
                      f"{counted.capitalize()}s for a whole region, nation or combined area have no single "
                      "district and are not on the map.")
    return Chart(
        key=key, title=title, takeaway=takeaway,
        alt=f"Map of {fmt.count(len(by_district), area)} coloured by money in {counted}s. {takeaway}",
        make_table=table, figure=figure,
        note="Boundaries: ONS local authority districts, December 2020 (OGL v3)." + drawn_note + off_note,
    )
