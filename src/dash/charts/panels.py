"""Panel charts: lived-experience shares, pay and training, and share against fund size."""

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
    log_money_axis,
    most_of,
    name_list,
    native_bars,
    source_lines,
)
from dash.palette import BLUE, GREEN, GREY, INK, ORANGE

SHARE = Look(GREEN)



def _yes_no(value: object) -> str:
    if value is None or pd.isna(value):
        return "not stated"
    return "yes" if bool(value) else "no"


def panel_table(panels: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Panel": panels["name"],
        "Fund": panels["fund"].fillna("no fund named"),
        "Place": panels["locality"].fillna("not stated"),
        "Model": panels["model"].fillna(""),
        "Members": panels["members"].map(lambda n: f"{int(n)}" if pd.notna(n) else "not stated"),
        "Lived-experience share": panels["lived_experience_share"].map(fmt.percent),
        "Paid": panels["paid"].map(_yes_no),
        "How paid": panels["pay_basis"].fillna(""),
        "Trained": panels["trained"].map(_yes_no),
        "What it decides": panels["powers"].fillna(""),
        "Source": source_lines(panels),
    })


def lived_experience_shares(panels: pd.DataFrame) -> Chart:
    """Share of members with lived experience, 0–100%, listing panels that do not say."""
    title = "What share of each panel has lived experience?"
    if panels.empty:
        return empty("lived_experience_shares", title, "No decision panel matches this filter.")
    every_stated = panels.dropna(subset=["lived_experience_share"])
    unstated = panels[panels["lived_experience_share"].isna()]["name"].tolist()
    unstated_note = f"Not stated by the source, so not drawn: {name_list(unstated)}." if unstated else ""
    if every_stated.empty:
        message = f"None of the {fmt.count(len(panels), 'panel')} in this filter states its share."
        return dataclasses.replace(
            empty("lived_experience_shares", title, message),
            make_table=lambda: panel_table(panels), note=unstated_note,
        )
    stated, cut = most_of(every_stated, "lived_experience_share", "panels that state a share")
    stated = stated.sort_values("lived_experience_share")
    top = stated.iloc[-1]
    takeaway = (
        f"{len(every_stated):,} of {fmt.count(len(panels), 'panel')} state a lived-experience share; "
        f"the highest is {top['name']} at {fmt.percent(top['lived_experience_share'])}."
    )
    figure = figure_of([{
        "type": "bar", "x": stated["lived_experience_share"] * 100, "y": stated["name"], "orientation": "h",
        "marker": SHARE.marker(), "text": stated["lived_experience_share"].map(fmt.percent),
        "textposition": "outside", "cliponaxis": False,
        "customdata": list(zip(stated["lived_experience_share"].map(fmt.percent),
                               stated["fund"].fillna("no fund named"), source_lines(stated), strict=True)),
        "hovertemplate": "<b>%{y}</b><br>%{customdata[0]} of members have lived experience"
                         "<br>Fund: %{customdata[1]}<br>Source: %{customdata[2]}<extra></extra>",
    }], {"xaxis": {"title": "Members with lived experience", "range": [0, 112], **PERCENT_TICKS}},
        bar_height(len(stated)))
    return Chart(
        key="lived_experience_shares", title=title, takeaway=takeaway,
        alt=f"Bar chart, 0 to 100%, of the lived-experience share of {len(stated)} panels. {takeaway} "
            f"{unstated_note}",
        make_table=lambda: panel_table(panels), figure=figure,
        note=f"{cut} {unstated_note}".strip(), sources=distinct_sources(panels)[:20],
        native=native_bars("bar", stated["name"],
                           {"Lived-experience share": (stated["lived_experience_share"], SHARE)}, "share"),
    )


def pay_and_training(panels: pd.DataFrame) -> Chart:
    """How many panels pay and train their members, and how many do not say."""
    title = "Are panel members paid and trained?"
    if panels.empty:
        return empty("pay_and_training", title, "No decision panel matches this filter.")
    answers = ("yes", "no", "not stated")
    looks = {"yes": Look(GREEN), "no": Look(ORANGE), "not stated": Look(GREY)}
    counts = {
        question: panels[column].map(_yes_no).value_counts().reindex(answers, fill_value=0)
        for question, column in (("Paid", "paid"), ("Trained", "trained"))
    }
    figure = figure_of([
        {
            "type": "bar", "name": answer, "x": [counts[q][answer] for q in counts], "y": list(counts),
            "orientation": "h", "marker": looks[answer].marker(),
            "text": [f"{counts[q][answer]} {answer}" if counts[q][answer] else "" for q in counts],
            "textposition": "inside", "insidetextanchor": "middle",  # named in the bar: not colour alone
            "hovertemplate": f"%{{y}}: %{{x}} panel(s) answer '{answer}'<extra></extra>",
        }
        for answer in answers
    ], {"barmode": "stack", "xaxis": {"title": "Panels", **count_axis(len(panels))}}, 330)
    paid, trained = counts["Paid"]["yes"], counts["Trained"]["yes"]
    takeaway = f"{paid} of {fmt.count(len(panels), 'panel')} pay their members and {trained} train them."
    unknown_pay, unknown_training = counts["Paid"]["not stated"], counts["Trained"]["not stated"]
    if unknown_pay or unknown_training:
        takeaway += f" The sources do not say for {unknown_pay} on pay and {unknown_training} on training."
    def table() -> pd.DataFrame:
        return panel_table(panels)[["Panel", "Paid", "How paid", "Trained", "What it decides", "Source"]]
    return Chart(
        key="pay_and_training", title=title, takeaway=takeaway,
        alt=f"Stacked bar chart counting panels that pay and train members. {takeaway}",
        make_table=table, figure=figure, sources=distinct_sources(panels),
        native=native_bars("stacked_bar", pd.Series(list(counts)),
                           {a: (pd.Series([counts[q][a] for q in counts]), looks[a]) for a in answers},
                           "count"),
    )


def share_against_fund_size(panels: pd.DataFrame) -> Chart:
    """Does a bigger fund give people with lived experience a bigger say?"""
    title = "Lived-experience share against the size of the fund decided"
    both = panels.dropna(subset=["lived_experience_share", "fund_amount_gbp"])
    if both.empty:
        return empty(
            "share_against_fund_size", title,
            "No panel in this filter states both its lived-experience share and its fund's size.",
        )
    figure = figure_of([{
        "type": "scatter", "x": both["fund_amount_gbp"], "y": both["lived_experience_share"] * 100,
        "mode": "markers+text" if len(both) <= 12 else "markers",  # names only while they can be read
        "marker": {"size": 22, "color": BLUE, "line": {"width": 2, "color": "white"}},
        "text": both["name"], "textposition": "top center",
        "customdata": list(zip(both["fund_amount_gbp"].map(fmt.money_exact),
                               both["lived_experience_share"].map(fmt.percent), both["fund"],
                               source_lines(both), strict=True)),
        "hovertemplate": "<b>%{text}</b><br>%{customdata[1]} lived experience"
                         "<br>Fund: %{customdata[2]}, %{customdata[0]}"
                         "<br>Source: %{customdata[3]}<extra></extra>",
    }], {
        "xaxis": {"title": "Size of the fund the panel decides (log scale)",
                  **log_money_axis(both["fund_amount_gbp"].min(), both["fund_amount_gbp"].max())},
        "yaxis": {"title": "Members with lived experience", "range": [0, 115], **PERCENT_TICKS},
    }, 460)
    smallest, largest = both.loc[both["fund_amount_gbp"].idxmin()], both.loc[both["fund_amount_gbp"].idxmax()]
    if len(both) == 1:
        takeaway = f"Only {smallest['name']} states both figures."
    else:
        takeaway = (
            f"The panel deciding the smallest fund ({fmt.money(smallest['fund_amount_gbp'])}) has "
            f"{fmt.percent(smallest['lived_experience_share'])} lived experience; the one deciding the "
            f"largest ({fmt.money(largest['fund_amount_gbp'])}) has "
            f"{fmt.percent(largest['lived_experience_share'])}."
        )
    def table() -> pd.DataFrame:
        return panel_table(both)[["Panel", "Fund", "Lived-experience share", "Source"]].assign(
            **{"Fund size": both["fund_amount_gbp"].map(fmt.money_exact).to_numpy()}
        )
    return Chart(
        key="share_against_fund_size", title=title, takeaway=takeaway,
        alt=f"Scatter plot of {len(both)} panels: lived-experience share against fund size. {takeaway}",
        make_table=table, figure=figure, note="Fund sizes on a log scale.",
        sources=distinct_sources(both),
    )


def share_against_target(panels: pd.DataFrame) -> Chart:
    """Each panel's lived-experience share beside the target its fund sets, and the gap: how far
    a foundation is from the say it meant people with lived experience to have."""
    title = "Is each panel at its fund's lived-experience target?"
    targeted = panels.dropna(subset=["target_share"])
    if targeted.empty:
        return empty("share_against_target", title,
                     "No fund in this filter sets a target lived-experience share for its panels: an "
                     "editor can set one under 'Add or correct a fund' on the Funds page.")
    stated = targeted.dropna(subset=["lived_experience_share"]).copy()
    unstated = targeted[targeted["lived_experience_share"].isna()]["name"].tolist()
    unstated_note = (f"The target is set but the share is not stated, so not drawn: {name_list(unstated)}."
                     if unstated else "")
    if stated.empty:
        return dataclasses.replace(empty("share_against_target", title, unstated_note),
                                   make_table=lambda: _target_table(targeted))
    stated["gap"] = stated["lived_experience_share"] - stated["target_share"]
    stated = stated.sort_values("gap")
    short = stated[stated["gap"] < -0.005]
    gap_words = [("meets its target" if gap >= -0.005 else f"{-gap * 100:.0f} points short")
                 for gap in stated["gap"]]
    figure = figure_of([
        {"type": "bar", "name": "Share with lived experience", "x": stated["lived_experience_share"] * 100,
         "y": stated["name"], "orientation": "h", "marker": SHARE.marker(),
         "text": [f"{fmt.percent(share)}: {words}"
                  for share, words in zip(stated["lived_experience_share"], gap_words, strict=True)],
         "textposition": "none",  # written beyond the bar and the target mark, below, so neither hides it
         "hovertemplate": "<b>%{y}</b><br>%{text}<extra></extra>"},
        {"type": "scatter", "name": "The fund's target", "x": stated["target_share"] * 100,
         "y": stated["name"],
         "mode": "markers", "marker": {"symbol": "line-ns", "size": 34, "line": {"width": 4, "color": INK}},
         "customdata": stated["target_share"].map(fmt.percent),
         "hovertemplate": "<b>%{y}</b><br>target %{customdata}<extra></extra>"},
    ], {"annotations": [
            {"x": max(share, target) * 100, "y": name, "text": f"{fmt.percent(share)}: {words}",
             "showarrow": False, "xanchor": "left", "xshift": 12}
            for name, share, target, words in zip(stated["name"], stated["lived_experience_share"],
                                                  stated["target_share"], gap_words, strict=True)],
        "xaxis": {"title": "Members with lived experience (the black mark: the fund's target)",
                  "range": [0, 185], **PERCENT_TICKS},
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0}, "margin": {"t": 60}},
        bar_height(len(stated)) + 40)
    if short.empty:
        takeaway = f"All {fmt.count(len(stated), 'panel')} with a target meet it."
    else:
        worst = short.iloc[0]
        verb = "falls" if len(short) == 1 else "fall"
        takeaway = (f"{len(short)} of {fmt.count(len(stated), 'panel')} with a target {verb} short; "
                    f"{worst['name']} is furthest, at {fmt.percent(worst['lived_experience_share'])} "
                    f"against {fmt.percent(worst['target_share'])}.")
    return Chart(
        key="share_against_target", title=title, takeaway=takeaway,
        alt=f"Bar chart of {len(stated)} panels' lived-experience shares, each with its fund's target "
            f"marked. {takeaway}",
        make_table=lambda: _target_table(targeted), figure=figure, note=unstated_note,
        sources=distinct_sources(stated),
    )


def _target_table(panels: pd.DataFrame) -> pd.DataFrame:
    gap = panels["lived_experience_share"] - panels["target_share"]
    return pd.DataFrame({
        "Panel": panels["name"], "Fund": panels["fund"].fillna("no fund named"),
        "Members": panels["members"].map(lambda n: f"{int(n)}" if pd.notna(n) else "not stated"),
        "With lived experience": panels["lived_experience_members"].map(
            lambda n: f"{int(n)}" if pd.notna(n) else "not stated"),
        "Lived-experience share": panels["lived_experience_share"].map(fmt.percent),
        "Fund's target": panels["target_share"].map(fmt.percent),
        "Gap": gap.map(lambda g: "not stated" if pd.isna(g) else ("meets it" if g >= -0.005
                                                                   else f"{-g * 100:.0f} points short")),
        "Source": source_lines(panels),
    })
