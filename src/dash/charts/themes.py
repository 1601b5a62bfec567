"""Theme charts: which themes keep coming back, separating reviewed codes from suggestions."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dash import format as fmt
from dash import safe
from dash.charts.base import Chart, Look, bar_height, count_axis, empty, figure_of, native_bars
from dash.palette import GREY, PURPLE, SEQUENTIAL, SERIES

SUGGESTED_FILL = "#E8C3D9"  # a pale tint of the theme colour: visibly "not yet reviewed"
ACCEPTED = Look(PURPLE)
SUGGESTED = Look(PURPLE, hatched=True, pale=SUGGESTED_FILL)
MEETINGS = Look(GREY)
MOST_COLUMNS = 30  # meetings or places side by side before a heatmap stops being readable


COMPACT_THEMES = 5  # the Overview's small chart: as many themes as keep every name legible


def theme_counts_compact(counts: pd.DataFrame) -> Chart:
    """The Overview's small version: the most frequent themes' key points only (no meetings bars,
    so no two value labels meet), every name shown, and how many themes it left out."""
    return theme_counts(counts, most=COMPACT_THEMES, with_meetings=False)


def theme_counts(counts: pd.DataFrame, most: int | None = None, with_meetings: bool = True) -> Chart:
    """Key points per theme, most frequent at the top: accepted codes solid, the rules' unreviewed
    suggestions (when the filter counts them) stacked on them, hatched and pale, with a legend."""
    title = "Which themes keep coming back?"
    if counts.empty:
        return empty("theme_counts", title, "No key point in this filter has a theme to count.")
    shown = counts.nlargest(most, "key_points", keep="first") if most and len(counts) > most else counts
    left_out = (f"The {len(shown)} most frequent of {len(counts)} themes are drawn; the Themes page "
                "and the table show them all." if len(shown) < len(counts) else "")
    ordered = shown.sort_values(["key_points", "theme"], ascending=[True, False])
    top = counts.iloc[0]
    suggested_total = int(counts["suggested"].sum())
    has_suggestions = suggested_total > 0
    takeaway = (
        f"The most frequent theme is {top['theme']}: {fmt.count(int(top['key_points']), 'key point')} "
        f"across {fmt.count(int(top['meetings']), 'meeting')}."
    )
    if suggested_total:
        takeaway += " Counts include suggestions that no one has reviewed yet."
    theme_ids = ordered[["theme_id"]]
    traces = [{
        "type": "bar", "name": "Key points, accepted by a reviewer", "x": ordered["accepted"],
        "y": ordered["theme"], "orientation": "h", "marker": ACCEPTED.marker(), "offsetgroup": "key points",
        "customdata": theme_ids, "hovertemplate": "<b>%{y}</b><br>%{x} key point(s) accepted<extra></extra>",
    }]
    if has_suggestions:
        traces.append({
            "type": "bar", "name": "Key points, suggested and not yet reviewed", "x": ordered["suggested"],
            "y": ordered["theme"], "orientation": "h", "base": ordered["accepted"],
            "offsetgroup": "key points",
            "marker": SUGGESTED.marker(),
            "customdata": theme_ids,
            "hovertemplate": "<b>%{y}</b><br>%{x} key point(s) suggested, not yet reviewed<extra></extra>",
        })
    # Each theme's total at the end of its key-points bar, as that bar's own text: centred on its own
    # bar, it cannot meet the meetings bar's number (an annotation nudged up did: "3" over "3").
    traces[-1] |= {"text": ordered["key_points"], "textposition": "outside", "cliponaxis": False,
                   "texttemplate": "%{text}"}
    if with_meetings:
        traces.append({
            "type": "bar", "name": "Meetings it appears in", "x": ordered["meetings"], "y": ordered["theme"],
            "orientation": "h", "marker": MEETINGS.marker(), "offsetgroup": "meetings",
            "customdata": theme_ids, "text": ordered["meetings"], "textposition": "outside",
            "cliponaxis": False, "hovertemplate": "<b>%{y}</b><br>in %{x} meeting(s)<extra></extra>",
        })
    keys = len(traces)
    figure = figure_of(traces, {
        "barmode": "group", "bargap": 0.25, "bargroupgap": 0.05,
        # The key above the bars, a row a series at most: below, it sat over the axis title.
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                   "traceorder": "normal"},
        "margin": {"t": 20 + 28 * keys},
        "xaxis": {"title": "Key points (purple) and meetings (grey)" if with_meetings else "Key points",
                  "range": [0, shown["key_points"].max() * 1.15 + 0.5],
                  **count_axis(float(shown["key_points"].max()))},  # whole key points: never 0.2
    }, (bar_height(len(shown)) * (1.4 if with_meetings else 1.0)) + 28 * keys)
    def table() -> pd.DataFrame:
        return pd.DataFrame({
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
        make_table=table, figure=figure,
        note=" ".join(part for part in (
            "Hatched, pale bars are machine suggestions; solid bars were accepted by a person."
            if has_suggestions else "", left_out) if part),
        native=native_bars("stacked_bar", ordered["theme"], {
            "Accepted by a reviewer": (ordered["accepted"], ACCEPTED),
            **({"Suggested, not yet reviewed": (ordered["suggested"], SUGGESTED)} if has_suggestions else {}),
        }, "count"),
    )


def _heatmap(rows: list[str], columns: list[str], values: list[list[float]], custom, hover: str,
             height: int) -> go.Figure:
    """A grid of counts with every row and column named in full where it can be: names on the side
    broken onto two lines, names along the top or bottom standing upright on one or two lines (slanted
    ones ran into each other at 1280 px, and names cut at 32 characters said little)."""
    scale = [[i / (len(SEQUENTIAL) - 1), colour] for i, colour in enumerate(SEQUENTIAL)]
    highest = max((v for row in values for v in row), default=0)
    short_columns = all(len(c) <= 6 for c in columns)  # years: level, as written
    column_lines = _column_lines(len(columns))
    return figure_of([{
        "type": "heatmap", "z": values, "x": columns, "y": rows, "colorscale": scale, "zmin": 0,
        "customdata": custom, "hovertemplate": hover, "xgap": 2, "ygap": 2,
        "colorbar": {"title": {"text": "Key points"}, **count_axis(highest)},  # counts: whole numbers
        "text": [[str(int(v)) if v else "" for v in row] for row in values], "texttemplate": "%{text}",
        "textfont": {"size": 16},  # a fixed size: left to fit its cell it shrank to 9 px on a 1280 slide
    }], {"xaxis": {"tickangle": 0 if short_columns else -90, "automargin": True, "tickmode": "array",
                   "tickvals": columns, "side": "bottom",
                   "ticktext": [_wrapped(c, COLUMN_CHARS, column_lines) for c in columns]},
         "yaxis": {"automargin": True, "tickmode": "array", "tickvals": rows,
                   "ticktext": [_wrapped(r, ROW_CHARS, 2) for r in rows]}}, height)


COLUMN_CHARS, ROW_CHARS = 44, 30  # a line of a column's or a row's name


def _wrapped(label: str, width: int, lines: int) -> str:
    """``label`` on at most ``lines`` lines of ``width`` characters, cut with "…" only when even that
    cannot hold it (the hover and the table have every name whole)."""
    parts = textwrap.wrap(label, width) or [label]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][:width - 1].rstrip() + "…"
    return "<br>".join(parts)


def _column_lines(columns: int) -> int:
    """Lines an upright column name may take: upright lines side by side must fit in one column,
    which at 1280 px is about 36 px wide when there are a dozen."""
    return 2 if columns <= 6 else 1


def _label_room(labels: list[str]) -> int:
    """Pixels the upright column names take below the grid."""
    longest = max((min(len(label), COLUMN_CHARS * _column_lines(len(labels))) for label in labels), default=0)
    return int(7.5 * min(longest, COLUMN_CHARS)) + 20


def theme_matrix(cells: pd.DataFrame, by: str) -> Chart:
    """Themes against meetings or places: where each theme comes up."""
    what = "meeting" if by == "meeting" else "place"
    title = f"Which themes come up in which {what}s?"
    if cells.empty:
        return empty("theme_matrix", title, "No coded key point matches this filter.")
    totals = cells.groupby("column_label")["key_points"].sum()
    shown = totals.nlargest(MOST_COLUMNS).index if len(totals) > MOST_COLUMNS else totals.index
    cut = (f"The {MOST_COLUMNS} {what}s with the most coded key points are shown, of {len(totals):,}."
           if len(totals) > MOST_COLUMNS else "")
    cells = cells[cells["column_label"].isin(shown)]
    grid = cells.pivot_table(index="theme", columns="column_label", values="key_points", fill_value=0,
                             aggfunc="sum")
    ids = cells.drop_duplicates("column_label").set_index("column_label")["column_id"]
    theme_ids = cells.drop_duplicates("theme").set_index("theme")["theme_id"]
    # Meetings (or places) down the side, where their long names can be read level; themes across.
    custom = [[[theme_ids[t], ids[c]] for t in grid.index] for c in grid.columns]
    height = 120 + 52 * len(grid.columns) + _label_room(list(grid.index))
    figure = _heatmap([str(c) for c in grid.columns], list(grid.index), grid.T.to_numpy().tolist(), custom,
                      "<b>%{x}</b><br>%{y}<br>%{z} key point(s)<extra>click to read them</extra>", height)
    busiest = cells.groupby("column_label")["theme"].nunique().idxmax()
    takeaway = (f"{busiest} touches the most themes "
                f"({cells[cells['column_label'] == busiest]['theme'].nunique()} of {grid.shape[0]}).")
    def table() -> pd.DataFrame:
        return grid.reset_index().rename(columns={"theme": "Theme"})
    return Chart("theme_matrix", title, takeaway, f"Heatmap of key points per theme and {what}. {takeaway}",
                 table, figure,
                 note=f"Click a cell to read the key points behind it. {cut}".strip())


FEW_YEARS = 5  # up to this many dated years, a grid of themes by year reads better than lines


def themes_over_time(by_year: pd.DataFrame) -> Chart:
    """Key points per theme per year: a grid of counts when there are few years (lines between two
    points, told apart by colour alone, say little and exclude colour-blind readers), lines after."""
    title = "Themes over time"
    if by_year.empty:
        return empty("themes_over_time", title, "No coded key point in this filter has a date.")
    years = sorted(by_year["year"].unique())
    if len(years) <= FEW_YEARS:
        grid = by_year.pivot_table(index="theme", columns="year", values="key_points", fill_value=0,
                                   aggfunc="sum").reindex(columns=years, fill_value=0)
        columns = [str(int(year)) for year in grid.columns]
        figure = _heatmap(list(grid.index), columns, grid.to_numpy().tolist(), None,
                          "<b>%{y}</b><br>%{x}: %{z} key point(s)<extra></extra>",
                          height=180 + 46 * len(grid.index))
        figure.update_xaxes(type="category", title="Year")  # 2017 and 2022 side by side, not 5 years apart
    else:
        figure = _lines(by_year)
    first = int(by_year["year"].min())
    earliest = sorted(by_year[by_year["year"] == first]["theme"].unique())
    takeaway = (f"Dated key points run from {first} to {int(by_year['year'].max())}; the earliest themes "
                f"are {', '.join(earliest)}.")
    def table() -> pd.DataFrame:
        grid = by_year.pivot_table(index="theme", columns="year", values="key_points", fill_value=0)
        grid.columns = [str(year) for year in grid.columns]
        return grid.reset_index().rename(columns={"theme": "Theme"})
    shape = "Grid" if len(years) <= FEW_YEARS else "Lines"
    return Chart("themes_over_time", title, takeaway, f"{shape} of key points per theme per year. {takeaway}",
                 table, figure,
                 note="Only meetings with a stated date can be placed in time.")


def _lines(by_year: pd.DataFrame) -> go.Figure:
    return figure_of([
        {"type": "scatter", "x": group["year"], "y": group["key_points"], "name": theme,
         "mode": "lines+markers", "line": {"color": SERIES[index % len(SERIES)], "width": 3},
         "marker": {"size": 11},
         "hovertemplate": f"<b>{safe.plotly(theme)}</b><br>%{{x}}: %{{y}} key point(s)<extra></extra>"}
        for index, (theme, group) in enumerate(by_year.groupby("theme", sort=True))
    ], {"xaxis": {"title": "Year", "dtick": 1}, "yaxis": {"title": "Key points", "rangemode": "tozero"}}, 460)


def theme_pairs(pairs: pd.DataFrame) -> Chart:
    title = "Which themes come up together?"
    if pairs.empty:
        return empty("theme_pairs", title, "No key point in this filter carries two themes.")
    grid = pairs.pivot_table(index="theme", columns="other", values="key_points", fill_value=0)
    names = sorted(set(grid.index) | set(grid.columns))
    grid = grid.reindex(index=names, columns=names, fill_value=0)
    figure = _heatmap(names, names, grid.to_numpy().tolist(), None,
                      "<b>%{y}</b> with <b>%{x}</b><br>%{z} key point(s)<extra></extra>",
                      height=120 + 50 * len(names) + _label_room(names))
    top = pairs.sort_values("key_points", ascending=False).iloc[0]
    takeaway = (f"{top['theme']} and {top['other']} come up together most often: "
                f"{fmt.count(int(top['key_points']), 'key point')}.")
    return Chart("theme_pairs", title, takeaway, f"Heatmap of themes coded on the same key point. {takeaway}",
                 lambda: grid.reset_index().rename(columns={"index": "Theme"}), figure)
