"""Panels against the place they decide for: each panel's members, and those with lived experience,
per 100,000 people of its fund's area (``dash.queries.panels.panels_against_population``).

A small step toward a representativeness view, kept honest: it says how many people decide for how
many, never that a panel is or is not representative (who its members are is not recorded beyond the
lived-experience count); panels with no member count or no published population for their place are
named in words, not drawn as nothing; the population estimates are cited with their vintage.
"""

from __future__ import annotations

import pandas as pd

from dash import format as fmt
from dash import safe
from dash.charts.base import Chart, Look, bar_height, empty, figure_of, most_of, name_list, source_lines
from dash.palette import BLUE, ORANGE
from dash.queries.panels import NOT_SHOWN, PER, PanelsAgainstPopulation

KEY, TITLE = "panel_members_per_100k", "How many decide, for how many people?"
MEMBERS, LIVED = Look(BLUE), Look(ORANGE)
READING = ("Members per 100,000 people living in the area the panel's fund serves (the panel's own "
           "place where it names no fund with a place). It says how many people decide for how many, not "
           "whether a panel is representative: who its members are is not recorded beyond how many have "
           "lived experience.")


def rate(value: float | None) -> str:
    """Per 100,000, as a trustee reads it: '5.9', '12', '1,250'; 'not stated' when unknown."""
    if value is None or pd.isna(value):
        return "not stated"
    return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"


def vintage(view: PanelsAgainstPopulation) -> str:
    """'People: mid-2025 population estimates.' from the estimates the shown panels' areas use (an
    older estimate, Barnsley and Sheffield's mid-2024, said apart)."""
    shown = view.shown
    latest, oldest = shown["latest_estimate"].max(), shown["oldest_estimate"].min()
    said = f"People: the mid-{pd.Timestamp(latest).year} population estimates"
    if pd.Timestamp(oldest).year != pd.Timestamp(latest).year:
        said += f" (mid-{pd.Timestamp(oldest).year} for an authority whose newer estimate is not published)"
    return said + " (sources below)."


def not_shown(view: PanelsAgainstPopulation) -> str:
    """'Not shown: 6 panels state no member count (A, B…); Watchet imagination lab decides for …'"""
    panels = view.panels
    said = []
    for status, words in NOT_SHOWN.items():
        names = list(panels.loc[panels["status"] == status, "name"])
        if status == "no_population":
            names = [f"{n} ({a})" for n, a in zip(names, panels.loc[panels["status"] == status, "area"],
                                                     strict=True)]
        if names:
            said.append(f"{fmt.count(len(names), 'panel')} {words} ({name_list(names)})")
    return f"Not shown: {'; '.join(said)}." if said else ""


def _lived_words(row: pd.Series) -> str:
    if pd.isna(row["lived_members"]):
        return "with lived experience: not stated"
    how = " (from its stated share)" if row["lived_from_share"] else ""
    return f"{rate(row['lived_per_100k'])} with lived experience{how}"


def _table(view: PanelsAgainstPopulation) -> pd.DataFrame:
    panels = view.panels
    return pd.DataFrame({
        "Panel": panels["name"], "Fund": panels["fund"].fillna("no fund named"),
        "Area it decides for": [f"{a} ({whence})" if isinstance(a, str) else "not stated"
                                for a, whence in zip(panels["area"], panels["area_from"], strict=True)],
        "People": panels["population"].map(lambda n: f"{int(n):,}" if pd.notna(n) else "not published"),
        "Members": panels["members"].map(lambda n: f"{int(n)}" if pd.notna(n) else "not stated"),
        "With lived experience": [
            "not stated" if pd.isna(n) else f"{n:,.1f} (from its share)" if from_share else f"{int(n)}"
            for n, from_share in zip(panels["lived_members"], panels["lived_from_share"], strict=True)],
        f"Members per {PER:,}": panels["members_per_100k"].map(rate),
        f"With lived experience per {PER:,}": panels["lived_per_100k"].map(rate),
        "Not shown": panels["status"].map(lambda s: "" if s == "shown" else f"not shown: {NOT_SHOWN[s]}"),
        "Source": source_lines(panels),
    })


def panel_members_per_100k(view: PanelsAgainstPopulation) -> Chart:
    """Members and members with lived experience per 100,000 residents of each panel's area, as bars;
    what cannot be set against a population said in words."""
    panels, shown = view.panels, view.shown
    if panels.empty:
        return empty(KEY, TITLE, "No decision panel matches this filter.")
    missing = not_shown(view)
    if shown.empty:
        chart = empty(KEY, TITLE, f"No panel in this filter both states its members and decides for an area "
                      f"with a published population. {missing}")
        return Chart(KEY, TITLE, chart.takeaway, chart.alt, lambda: _table(view), note=READING,
                     sources=view.sources)
    top = shown.iloc[0]
    first = (f"{top['name']} has {fmt.count(int(top['members']), 'member')} for the "
             f"{int(top['population']):,} people of {top['area']}: {rate(top['members_per_100k'])} per "
             f"{PER:,}")
    if len(shown) == 1:
        takeaway = first + (f", and {rate(top['lived_per_100k'])} per {PER:,} with lived experience."
                            if pd.notna(top["lived_per_100k"]) else ".")
    else:
        low = shown.iloc[-1]
        takeaway = (f"{first}, the most of {fmt.count(len(shown), 'panel')}; {low['name']} the fewest, "
                    f"{rate(low['members_per_100k'])} per {PER:,} people of {low['area']}.")
    # A national store has thousands of panels: 30 bars can be read from the back of a room, 5,000
    # (2.4 MB, 14 s for a browser to draw) cannot. The takeaway still speaks of every panel.
    most, cut = most_of(shown, "members_per_100k", "panels set against their area's people")
    drawn = most.iloc[::-1]  # the highest at the top
    hover = [f"<b>{safe.plotly(r['name'])}</b><br>{fmt.count(int(r['members']), 'member')} for "
             f"{int(r['population']):,} people of {safe.plotly(r['area'])} ({r['area_from']}'s area): "
             f"{rate(r['members_per_100k'])} per {PER:,}; {_lived_words(r)}" for _, r in drawn.iterrows()]
    traces = [
        {"type": "bar", "orientation": "h", "name": name, "y": list(drawn["name"]), "x": list(drawn[column]),
         "marker": look.marker(), "text": [rate(v) if pd.notna(v) else "" for v in drawn[column]],
         "textposition": "outside", "cliponaxis": False, "hoverinfo": "text", "hovertext": hover}
        # Plotly stacks a horizontal group's first trace at the bottom: all members drawn on top
        for name, column, look in (("With lived experience", "lived_per_100k", LIVED),
                                   ("All members", "members_per_100k", MEMBERS))
    ]
    highest = float(shown["members_per_100k"].max())
    figure = figure_of(traces, {
        "barmode": "group", "legend": {"traceorder": "reversed"},
        "xaxis": {"title": f"Members per {PER:,} residents", "range": [0, highest * 1.3 or 1]},
    }, bar_height(2 * len(drawn)), composed=("hovertext",))
    note = " ".join(part for part in (READING, cut, vintage(view), missing) if part)
    return Chart(KEY, TITLE, takeaway, f"Bar chart of panel members per {PER:,} residents. {takeaway}",
                 lambda: _table(view), figure, note=note, sources=view.sources)
