"""DEI charts from 360Giving files: who was asked and what they said, and how much goes to
organisations led by people with lived experience.

Missing answers are drawn as missing, in grey, never folded into a "no"; people's answers (grants to
individuals) are never shown for a group of fewer than five (``dash.queries.dei`` withholds them).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from dash import format as fmt
from dash.charts.base import (
    PERCENT_TICKS,
    Chart,
    Look,
    bar_height,
    count_axis,
    distinct_sources,
    empty,
    figure_of,
    native_bars,
)
from dash.palette import BLUE, GREEN, GREY, SKY
from dash.queries.dei import WITHHELD, funnel

NO_GRANTS = ("No grant matches this filter. Editors import a 360Giving file on the Grants page; or widen "
             "the filter.")
PEOPLE_NOTE = ("Answers about people (grants to individuals) are never shown for a group of fewer than five "
               "people.")
MISSING_NOTE = "A grant with no answer, or one not asked, is missing data: it is not a “no”."
_MISSING = ("no_answers", "not_asked", "no_reply", "not_publishable", WITHHELD)
_COLOURS = {"lived_experience": GREEN, "no_group": SKY, "general": SKY, "prefer_not": SKY}
_AREA_WORDS = {"leadership": "who leads them", "mission": "whom they exist for",
               "project": "whom the work is for"}


def _sources(sources: pd.DataFrame | None) -> tuple[str, ...]:
    return distinct_sources(sources)[:20] if sources is not None and not sources.empty else ()


def _answers_table(answers: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Answer": answers["label"], "Grants": answers["grants"],
                         "Money (GBP)": answers["amount"].map(fmt.money_exact)})


def funnel_sentence(steps: dict[str, int], area: str = "leadership") -> str:
    """'Of 120 grants, 80 were asked about who leads them; 60 replied, 10 of them not for publishing.'"""
    said = (f"Of {fmt.count(steps['grants'], 'grant')}, {steps['asked']:,} "
            f"{'was' if steps['asked'] == 1 else 'were'} asked about {_AREA_WORDS[area]}")
    if steps["asked"]:
        said += f"; {steps['replied']:,} replied"
        if steps["not_publishable"]:
            said += f", {steps['not_publishable']:,} of them not for publishing"
    return said + "."


def dei_answers(answers: pd.DataFrame, sources: pd.DataFrame | None = None,
                area: str = "leadership") -> Chart:
    """Every grant in the filter by its DEI answer for ``area``, in the funnel's order (no answers, not
    asked, no reply, not for publishing, then the replies), so the gaps are as plain as the answers."""
    key = "dei_answers"
    title = f"Were the organisations asked about {_AREA_WORDS[area]}, and what did they say?"
    steps = funnel(answers) if not answers.empty else {"grants": 0}
    if not steps["grants"]:
        return empty(key, title, NO_GRANTS)
    missing = int(answers.loc[answers["answer"].isin(_MISSING[:3]), "grants"].sum())
    led = int(answers.loc[(answers["answer"] == "lived_experience")
                          & (answers["recipients"] == "organisations"), "grants"].sum())
    takeaway = funnel_sentence(steps, area)
    if area == "leadership" and steps["publishable"]:
        takeaway += f" {led:,} went to organisations led by people with lived experience."
    if missing:
        takeaway += f" {missing:,} {'has' if missing == 1 else 'have'} no answer: missing, not a “no”."
    if steps["withheld"]:
        takeaway += (f" Answers on {fmt.count(steps['withheld'], 'grant')} to people are not shown: "
                     "a group would be fewer than five.")
    drawn = answers.sort_values(["order", "recipients"], ascending=False)  # the funnel reads top down
    colours = [GREY if answer in _MISSING else _COLOURS.get(answer, BLUE) for answer in drawn["answer"]]
    figure = figure_of([{
        "type": "bar", "orientation": "h", "x": drawn["grants"], "y": drawn["label"],
        "marker_color": colours,
        "text": [f"{n:,}" for n in drawn["grants"]], "textposition": "outside", "cliponaxis": False,
        "hovertext": [f"{label}: {fmt.count(n, 'grant')}, {fmt.money_exact(a)}"
                      for label, n, a in zip(drawn["label"], drawn["grants"], drawn["amount"], strict=True)],
        "hoverinfo": "text",
    }], {"xaxis": {"title": "Grants", "range": [0, max(drawn["grants"].max(), 1) * 1.2],
                   **count_axis(drawn["grants"].max())}},
        bar_height(len(drawn)))
    return Chart(
        key, title, takeaway,
        f"Bar chart of grants by their DEI answer, in grey where there is none. {takeaway}",
        lambda: _answers_table(answers.sort_values(["order", "recipients"])), figure,
        note=f"Grey: no answer that can be counted. {MISSING_NOTE} {PEOPLE_NOTE}",
        sources=_sources(sources),
        native=dataclasses.replace(
            native_bars("bar", drawn["label"], {"Grants": (drawn["grants"], Look(BLUE))}, "count"),
            point_colours=tuple(colours)),
    )


def led_by_lived_experience(shares: pd.DataFrame, sources: pd.DataFrame | None = None, *,
                            panels: str = "") -> Chart:
    """The share of grants and of money going to organisations led by people with lived experience,
    of everything in the filter and of what has a leadership answer that can be counted; ``panels``:
    the dashboard's own panels' lived-experience shares in words, said beside it."""
    key = "led_by_lived_experience"
    beside = f" Beside it, the dashboard's own decision panels in this filter: {panels}" if panels else ""
    title = "How much goes to organisations led by people with lived experience?"
    if shares.empty or not int(shares.iloc[0]["grants"]):
        return empty(key, title, NO_GRANTS)
    row = shares.iloc[0]
    grants, known = int(row["grants"]), int(row["known_grants"])
    if not known:
        return dataclasses.replace(empty(key, title, (
            f"None of the {fmt.count(grants, 'grant')} in this filter has an answer about its leadership "
            "that can be counted (360Giving's DEI extension): who leads them is not known, which is not "
            "a “no”."
        )), note=PEOPLE_NOTE + beside, sources=_sources(sources))
    takeaway = (f"{fmt.money(row['led_amount'])} of {fmt.money(row['amount'])} "
                f"({fmt.percent(row['share_of_amount'], 'no money in pounds')}) and "
                f"{int(row['led_grants']):,} of {fmt.count(grants, 'grant')} "
                f"({fmt.percent(row['share_of_grants'])}) went to organisations led by people with lived "
                "experience.")
    if known < grants:
        takeaway += (f" Only {known:,} {'grant has' if known == 1 else 'grants have'} a leadership answer "
                     f"that can be counted: of those, {fmt.percent(row['share_of_known_grants'])}. The rest "
                     "is missing, not a “no”.")
    measures = ["Share of money", "Share of grants"]
    series = {
        "Of every grant in the filter": ([row["share_of_amount"], row["share_of_grants"]], Look(GREEN)),
        "Of grants with a leadership answer": ([row["share_of_known_amount"], row["share_of_known_grants"]],
                                               Look(SKY)),
    }
    figure = figure_of([{
        "type": "bar", "orientation": "h", "name": name, "y": measures,
        "x": [None if pd.isna(v) else v * 100 for v in values], "marker": look.marker(),
        "text": [fmt.percent(v, "no money in pounds") for v in values], "textposition": "outside",
        "cliponaxis": False, "hoverinfo": "text+name",
        "hovertext": [f"{measure}: {fmt.percent(v, 'no money in pounds')}"
                      for measure, v in zip(measures, values, strict=True)],
    } for name, (values, look) in series.items()],
        {"barmode": "group", "xaxis": {"title": "Going to organisations led by people with lived experience",
                                       "range": [0, 112], **PERCENT_TICKS}}, 380)

    def table() -> pd.DataFrame:
        return pd.DataFrame({
            "Measure": ["Grants", "Money (GBP)"],
            "Led by people with lived experience": [f"{int(row['led_grants']):,}",
                                                     fmt.money_exact(row["led_amount"])],
            "In the filter": [f"{grants:,}", fmt.money_exact(row["amount"])],
            "Share": [fmt.percent(row["share_of_grants"]), fmt.percent(row["share_of_amount"])],
            "With a leadership answer": [f"{known:,}", fmt.money_exact(row["known_amount"])],
            "Share of those": [fmt.percent(row["share_of_known_grants"]),
                               fmt.percent(row["share_of_known_amount"])],
        })

    return Chart(
        key, title, takeaway, f"Bar chart of the shares of money and grants, 0 to 100%. {takeaway}", table,
        figure, sources=_sources(sources),
        note=("Led by people with lived experience: the organisation's reply about its leadership names a "
              f"group from the DEI taxonomy or describes lived experience. Money in pounds sterling only. "
              f"{MISSING_NOTE} {PEOPLE_NOTE}{beside}"),
        native=native_bars("bar", pd.Series(measures),
                           {name: (pd.Series(values, dtype=float), look)
                            for name, (values, look) in series.items()}, "share"),
    )
