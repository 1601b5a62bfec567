"""Money against need: £ per head against the nation, money against people by deprivation decile,
and a map of £ per head, each from one ``MoneyAgainstNeed`` (``dash.queries.need``).

Every chart says what it could not count (grants with no place, for a wider area, in another
currency) in words, says that decile 1 is the most deprived and that the four nations' indices are
not comparable, and cites the population estimates and indices beside the money's own sources.
"""

from __future__ import annotations

import math

import pandas as pd

from dash import format as fmt
from dash import safe
from dash.charts.base import Chart, Look, bar_height, empty, figure_of, native_bars
from dash.charts.maps import (
    CARD_FONT,
    CONTEXT_FILL,
    NATION_FILL,
    _bin_colours,
    _extent,
    _label_size,
    _outline,
    _pixels_per_unit,
    _thinning,
    place_labels,
    shapes_by_district,
)
from dash.geo import SHAPE_CODE
from dash.palette import BLUE, GREY, INK, ORANGE, SKY
from dash.queries.need import GRANTS, MoneyAgainstNeed

DECILE_NOTE = (
    "Decile 1 is the most deprived tenth of each nation's local authorities, decile 10 the least "
    "deprived, each on its own nation's index: England's Indices of Deprivation 2025, the Welsh Index "
    "of Multiple Deprivation 2025, the Scottish Index of Multiple Deprivation 2020 and the Northern "
    "Ireland Multiple Deprivation Measure 2017. The four indices are not comparable, so no place is "
    "ranked on another nation's index; where several nations are shown, their tenths are added together."
)
POPULATION_NOTE = ("People: mid-2025 population estimates (ONS, NRS, NISRA); Barnsley and Sheffield "
                   "from mid-2024, the latest for their new codes. Money in the period per resident, "
                   "not a yearly rate.")


def _record(money: str) -> str:
    return "grant" if money == GRANTS else "fund"


def counted_sentence(view: MoneyAgainstNeed) -> str:
    """What the figures count and what they leave out, in words: 'Counted: £2.4m in 4 grants that
    lie in one local authority. Not counted: £300k in 2 grants for a region or nation (South West)…'"""
    gaps = view.gaps.set_index("part")
    what = _record(view.money)
    counted = gaps.loc["district"]
    said = [f"Counted: {fmt.money(counted['amount'])} in {fmt.count(int(counted['records']), what)} "
            f"that {'lies' if counted['records'] == 1 else 'lie'} in one local authority."
            if counted["records"] else
            f"No {what} here lies in one local authority."]
    merged = gaps.loc["merged"]
    if merged["records"]:
        said.append(f"Of these, {fmt.money(merged['amount'])} in {fmt.count(int(merged['records']), what)} "
                    f"named {'a district' if merged['records'] == 1 else 'districts'} merged since, counted "
                    "in the authority that replaced them "
                    f"({merged['detail']}).")
    left_out = []
    for part, row in gaps.iterrows():
        if row["counted"] or not row["records"]:
            continue
        amount = "" if part in ("other_currency", "no_sum") else f"{fmt.money(row['amount'])} in "
        detail = f" ({row['detail']})" if row["detail"] else ""
        left_out.append(f"{amount}{fmt.count(int(row['records']), what)} {row['words']}{detail}")
    if left_out:
        said.append("Not counted: " + "; ".join(left_out) + ".")
    return " ".join(said)


def _ratio_words(area: float, nation: float) -> str:
    """How one per-head figure stands against another, in words: '2.5 times', 'about the same as',
    '40% of'."""
    if nation <= 0:
        return ""
    ratio = area / nation
    if 0.9 <= ratio <= 1.1:
        return "about the same as"
    if ratio > 1.1:
        return f"{ratio:,.0f} times" if ratio >= 10 else f"{ratio:.1f} times"
    return f"{fmt.percent(ratio)} of"


def per_head_against_nation(view: MoneyAgainstNeed) -> Chart:
    """£ per head for the picked places, their nations and the UK, as bars. Each chart's key names
    its money (``grants_per_head``, ``funds_per_head``), so both can be in one deck."""
    key, title = f"{view.money}_per_head", "How much per head, against the nation?"
    rows = view.comparison
    what = _record(view.money)
    if rows.empty or rows["money_gbp"].sum() == 0:
        return empty(key, title, f"No {what} in this filter lies in a local authority, so there is "
                     f"nothing to set against the people living there. {counted_sentence(view)}")
    areas, nations = rows[rows["level"] == "area"], rows[rows["level"] == "nation"]
    uk = rows[rows["level"] == "UK"].iloc[0]
    if view.picked and areas.empty:
        return empty(key, title, "Populations are published for local authorities and the areas made of "
                     "them, not for smaller places: pick the local authority to see money per head.")
    if not areas.empty:
        area = areas.iloc[0]
        nation = nations.iloc[0] if len(nations) else uk
        if area["locality_id"] == nation["locality_id"]:
            nation = uk
        compared = _ratio_words(area["per_head"], nation["per_head"])
        against = "the UK as a whole" if nation["level"] == "UK" else nation["name"]
        if not area["money_gbp"]:  # words, not a bar of nothing beside the nation's
            return empty(key, title, f"No {what} in this filter lies in a local authority in {area['name']}; "
                         f"{against} received {fmt.per_head(nation['per_head'])} a head. "
                         f"{counted_sentence(view)}")
        else:
            takeaway = (f"{area['name']} received {fmt.per_head(area['per_head'])} a head"
                        + (f", {compared} {nation['name']}'s {fmt.per_head(nation['per_head'])}" if compared
                           else f"; {nation['name']} as a whole {fmt.per_head(nation['per_head'])}")
                        + f" ({fmt.money(area['money_gbp'])} for {area['population']:,} people).")
    else:
        top = nations.sort_values("per_head", ascending=False).iloc[0] if len(nations) else uk
        most = " the most of the nations," if len(nations) > 1 else ""
        takeaway = (f"{top['name']} received {fmt.per_head(top['per_head'])} a head,{most} against "
                    f"{fmt.per_head(uk['per_head'])} for the UK as a whole ({fmt.money(uk['money_gbp'])} for "
                    f"{uk['population']:,} people).")
    shown = rows.drop_duplicates("locality_id").iloc[::-1]  # the picked place at the top
    colours = [BLUE if level == "area" else SKY if level == "nation" else GREY for level in shown["level"]]
    figure = figure_of([{
        "type": "bar", "orientation": "h", "y": list(shown["name"]), "x": list(shown["per_head"]),
        "marker_color": colours, "text": [fmt.per_head(v) for v in shown["per_head"]],
        "textposition": "outside", "cliponaxis": False, "hoverinfo": "text",
        "hovertext": [f"{n}: {fmt.per_head(p)} a head: {fmt.money_exact(m)} in {fmt.count(int(r), what)} "
                      f"for {pop:,} people" for n, p, m, r, pop in zip(
                          shown["name"], shown["per_head"], shown["money_gbp"], shown["records"],
                          shown["population"], strict=True)],
    }], {"xaxis": {"title": "Pounds a head", "range": [0, float(shown["per_head"].max()) * 1.3 or 1],
                   "tickprefix": "£"}}, bar_height(len(shown)))
    older = int(rows["older_estimates"].max())
    note = (f"Money that lies in one local authority, divided by the people living there. {POPULATION_NOTE}"
            + (f" {older} of the authorities here use the mid-2024 estimate." if older else "")
            + f" {counted_sentence(view)}")

    def table() -> pd.DataFrame:
        return pd.DataFrame({
            "Area": rows["name"], "ONS code": rows["locality_id"], "Level": rows["level"],
            "People": rows["population"], f"Money in {what}s": rows["money_gbp"].map(fmt.money_exact),
            f"{what.capitalize()}s": rows["records"], "Per head": rows["per_head"].map(fmt.per_head),
        })
    return Chart(key, title, takeaway, f"Bar chart of pounds a head. {takeaway}", table, figure, note=note,
                 sources=view.sources)


def decile_takeaway(deciles: pd.DataFrame) -> str:
    """'The most deprived tenth of places hold 10% of people and received 22% of the money.'"""
    peopled = deciles[deciles["people"] > 0]
    first = peopled.iloc[0]
    said = (f"hold {fmt.percent(first['people_share'])} of people and received "
            f"{fmt.percent(first['money_share'])} of the money")
    if int(first["decile"]) == 1:
        return f"The most deprived tenth of places {said}."
    return (f"No place in this filter is in its nation's most deprived tenth; the most deprived here "
            f"are in decile {int(first['decile'])}: they {said}.")


def money_against_people(view: MoneyAgainstNeed) -> Chart:
    """Share of people and share of money in each deprivation decile, side by side."""
    key, title = f"{view.money}_by_deprivation", "Does the money go where deprivation is?"
    deciles, what = view.deciles, _record(view.money)
    if deciles["money_gbp"].sum() == 0:
        return empty(key, title, f"No {what} in this filter lies in a local authority, so it cannot be "
                     f"split by deprivation. {counted_sentence(view)}")
    takeaway = decile_takeaway(deciles)
    # Numbers alone on the axis: "1: most deprived" crossed its neighbours on a laptop; its title says it.
    labels = [str(d) for d in deciles["decile"]]
    people_look, money_look = Look(GREY, hatched=True, pale="#E4E4E4"), Look(ORANGE)
    traces = [
        {"type": "bar", "name": name, "x": labels, "y": [100 * v for v in deciles[column]],
         "marker": look.marker(), "text": [fmt.percent(v) for v in deciles[column]],
         "textposition": "outside", "cliponaxis": False, "hoverinfo": "text",
         "hovertext": [f"Decile {d}: {fmt.percent(v)} of {noun} ({detail})" for d, v, detail in zip(
             deciles["decile"], deciles[column], details, strict=True)]}
        for name, column, look, noun, details in (
            ("Share of people", "people_share", people_look, "people",
             [f"{p:,} people in {fmt.count(int(n), 'local authority', 'local authorities')}"
              for p, n in zip(deciles["people"], deciles["places"], strict=True)]),
            ("Share of money", "money_share", money_look, "the money",
             [f"{fmt.money_exact(m)} in {fmt.count(int(r), what)}"
              for m, r in zip(deciles["money_gbp"], deciles["records"], strict=True)]),
        )
    ]
    highest = 100 * float(max(deciles["people_share"].max(), deciles["money_share"].max()))
    figure = figure_of(traces, {
        "barmode": "group",
        "xaxis": {"type": "category",
                  "title": "Deprivation decile of the local authority (1 = most deprived, 10 = least)"},
        "yaxis": {"title": "Share", "range": [0, highest * 1.25 or 1], "ticksuffix": "%"},
    }, 480)
    total = deciles["money_gbp"].sum()
    note = (f"{DECILE_NOTE} The shares of money add up to 100% of the {fmt.money(total)} counted. "
            f"{counted_sentence(view)}")

    def table() -> pd.DataFrame:
        return pd.DataFrame({
            "Decile (1 = most deprived)": deciles["decile"], "Local authorities": deciles["places"],
            "People": deciles["people"], "Share of people": deciles["people_share"].map(fmt.percent),
            f"Money in {what}s": deciles["money_gbp"].map(fmt.money_exact),
            "Share of money": deciles["money_share"].map(fmt.percent), "Nations": deciles["nations"],
        })
    return Chart(key, title, takeaway, f"Grouped bar chart of shares of people and of money by "
                 f"deprivation decile. {takeaway}", table, figure, note=note, sources=view.sources,
                 native=native_bars("column", pd.Series(labels), {
                     "Share of people": (deciles["people_share"], people_look),
                     "Share of money": (deciles["money_share"], money_look)}, "share"))


PER_HEAD_COLOURS = 5
NOTHING_FILL = "#FFFFFF"  # a district in the filter that received nothing: white, outlined
LABELLED = 6


def _per_head_bins(top: float) -> list[float]:
    """Edges of the per-head colours from £0: round steps (1, 2, 2.5 or 5 times a power of ten,
    pence included) that meet, at most five, the last reaching ``top``."""
    rough = max(top, 0.01) / PER_HEAD_COLOURS
    power = 10.0 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    return [step * i for i in range(math.ceil(max(top, 0.01) / step - 1e-9) + 1)]


def per_head_map(view: MoneyAgainstNeed, shapes: pd.DataFrame, geojson: dict, top: float | None = None
                 ) -> Chart:
    """The filter's local authorities coloured by £ per head, those that received nothing in white,
    on their nation's outline; the map beside the total money's (``maps.money_map``). ``top``: the
    colours' last step reaches it (a comparison's two maps, coloured alike), else the most per head."""
    key, title = f"{view.money}_per_head_map", "Where is the money per head?"
    districts, what = view.districts, _record(view.money)
    if districts.empty or districts["money_gbp"].sum() == 0:
        return empty(key, title, f"No {what} in this filter lies in a local authority. "
                     f"{counted_sentence(view)}")
    features = {f["properties"][SHAPE_CODE]: f for f in geojson["features"]}
    shapes = shapes[shapes["shape_code"].isin(features)]
    shapes_of = shapes_by_district(shapes)
    drawn = districts[districts["locality_id"].map(lambda code: bool(shapes_of.get(code)))].copy()
    coloured = {shape for code in drawn["locality_id"] for shape in shapes_of[code]}
    nations = {code[:1] for code in coloured}
    regions = set(shapes.loc[shapes["shape_code"].isin(coloured), "region_id"].dropna())
    rest = shapes[shapes["shape_code"].str[:1].isin(nations) & ~shapes["shape_code"].isin(coloured)]
    every = _thinning([features[c] for c in (*rest["shape_code"], *coloured)])
    traces: list[dict] = []
    for fill, part in ((NATION_FILL, rest[~rest["region_id"].isin(regions)]),
                       (CONTEXT_FILL, rest[rest["region_id"].isin(regions)])):
        xs, ys = _outline([features[c] for c in part["shape_code"]], every)
        traces.append({"type": "scatter", "x": xs, "y": ys, "fill": "toself", "fillcolor": fill,
                       "mode": "lines", "line": {"color": "white", "width": 0.6}, "hoverinfo": "skip",
                       "showlegend": False})
    edges = _per_head_bins(max(float(drawn["per_head"].max()), top or 0.0))
    colours = _bin_colours(len(edges) - 1)
    drawn["bin"] = [-1 if not value else min(max(math.ceil(value / edges[1] - 1e-9) - 1, 0), len(colours) - 1)
                    for value in drawn["per_head"]]
    categories = [(-1, NOTHING_FILL, f"No {what}s")] if (drawn["bin"] == -1).any() else []
    categories += [(i, colour, f"{fmt.per_head(edges[i])} to {fmt.per_head(edges[i + 1])}" if i
                    else f"Up to {fmt.per_head(edges[1])}") for i, colour in enumerate(colours)]
    for index, colour, label in categories:
        members = drawn[drawn["bin"] == index]
        xs, ys = _outline([features[c] for code in members["locality_id"] for c in shapes_of[code]], every)
        traces.append({"type": "scatter", "x": xs if len(xs) else [None], "y": ys if len(ys) else [None],
                       "fill": "toself", "mode": "lines", "fillcolor": colour, "hoverinfo": "skip",
                       "line": {"color": GREY, "width": 1}, "name": label, "legendrank": 100 - index})
    centres = []
    for _, row in drawn.iterrows():
        own = [features[c] for c in shapes_of[row["locality_id"]]]
        lon = sum(f["properties"]["LONG"] for f in own) / len(own)
        lat = sum(f["properties"]["LAT"] for f in own) / len(own)
        hover = (f"<b>{safe.plotly(row['name'])}</b><br>{fmt.per_head(row['per_head'])} a head: "
                 f"{fmt.money_exact(row['money_gbp'])} in {fmt.count(int(row['records']), what)} for "
                 f"{int(row['population']):,} people<br>Deprivation decile {int(row['decile_in_nation'])} "
                 f"of 10 in {safe.plotly(row['nation'])} (1 = most deprived)")
        centres.append((lon, lat, row, hover))
    traces.append({"type": "scatter", "x": [c[0] for c in centres], "y": [c[1] for c in centres],
                   "mode": "markers", "showlegend": False, "hoverinfo": "text",
                   "marker": {"size": 10, "line": {"color": INK, "width": 1.2},
                              "color": [NOTHING_FILL if c[2]["bin"] < 0 else colours[int(c[2]["bin"])]
                                        for c in centres]},
                   "customdata": [[c[2]["locality_id"]] for c in centres],
                   "hovertext": [c[3] for c in centres]})
    squash = 1 / math.cos(math.radians(sum(c[1] for c in centres) / len(centres)))
    labelled = [c for c in centres if c[2]["money_gbp"] > 0][:LABELLED]  # highest per head first
    texts = [[c[2]["name"], f"{fmt.per_head(c[2]['per_head'])} a head"] for c in labelled]
    offsets = place_labels([(lon / squash, lat) for lon, lat, _, _ in labelled],
                           [_label_size(lines) for lines in texts], _pixels_per_unit(traces, squash, 620))
    x_range, y_range = _extent(traces)
    figure = figure_of(traces, {
        "xaxis": {"visible": False, "range": x_range, "constrain": "domain"},
        "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": squash, "range": y_range,
                  "constrain": "domain"},
        "margin": {"l": 0, "r": 0, "t": 10, "b": 10}, "dragmode": False, "hovermode": "closest",
        "legend": {"title": {"text": f"{what.capitalize()}s, £ a head<br>"}, "orientation": "v", "x": 1.0,
                   "y": 1.0, "xanchor": "right", "bgcolor": "rgba(255,255,255,0.85)"},
        "annotations": [
            {"x": lon, "y": lat, "showarrow": True, "arrowhead": 0, "arrowcolor": GREY, "ax": ax, "ay": ay,
             "text": f"<b>{safe.plotly(lines[0])}</b><br>{lines[1]}", "bgcolor": "rgba(255,255,255,0.95)",
             "bordercolor": GREY, "font": {"size": CARD_FONT}}
            for (lon, lat, _, _), lines, (ax, ay) in zip(labelled, texts, offsets, strict=True)],
    }, height=620, composed=("hovertext",))
    top = districts.iloc[0]
    nothing = int((districts["money_gbp"] == 0).sum())
    takeaway = (f"{top['name']} received the most per head: {fmt.per_head(top['per_head'])} "
                f"({fmt.money(top['money_gbp'])} for {int(top['population']):,} people)"
                + (f"; {fmt.count(nothing, 'local authority', 'local authorities')} in this filter "
                   f"received nothing." if nothing else "."))
    note = ("Boundaries: ONS local authority districts, December 2020 (OGL v3); districts merged since are "
            f"drawn with their old outlines, coloured as the authority that replaced them. {POPULATION_NOTE} "
            f"{counted_sentence(view)}")

    def table() -> pd.DataFrame:
        return pd.DataFrame({
            "Local authority": districts["name"], "ONS code": districts["locality_id"],
            "Nation": districts["nation"], "People": districts["population"],
            f"Money in {what}s": districts["money_gbp"].map(fmt.money_exact),
            f"{what.capitalize()}s": districts["records"],
            "Per head": districts["per_head"].map(fmt.per_head),
            "Deprivation decile in its nation (1 = most deprived)": districts["decile_in_nation"],
        })
    return Chart(key, title, takeaway, f"Map of local authorities coloured by pounds a head. {takeaway}",
                 table, figure, note=note, sources=view.sources)
