"""Fund charts: sizes compared, the participatory part, money by place and organisation."""

from __future__ import annotations

import dataclasses

import pandas as pd

from dash import format as fmt
from dash.charts.base import (
    Chart,
    Look,
    apart_from_places,
    bar_height,
    distinct_sources,
    empty,
    figure_of,
    linear_money_axis,
    log_money_axis,
    most_of,
    native_bars,
    no_place_words,
    source_lines,
)
from dash.palette import BLUE, GREY, ORANGE

MONEY = Look(BLUE)
COMMUNITIES = Look(ORANGE)
ORGANISATION = Look(GREY, hatched=True, pale="#E4E4E4")  # told apart by its stripes, not colour alone


def _without_amount_note(funds: pd.DataFrame,
                         lead: str = "Not drawn, because the source gives no sum in pounds") -> str:
    unsized = funds[funds["amount_gbp"].isna()]
    if unsized.empty:
        return ""
    described = "; ".join(
        f"{row['name']} ({fmt.percent(row['budget_share'])} of budgets, no sum stated)"
        if pd.notna(row["budget_share"]) else f"{row['name']} (no sum stated)"
        for _, row in unsized.iterrows()
    )
    return f"{lead}: {described}."


def _unsized(key: str, title: str, funds: pd.DataFrame) -> Chart:
    """Nothing to draw, but the funds that state no sum (a policy such as Scotland's 1% of council
    budgets) are named, and tabled, rather than vanishing under their own area's filter."""
    if funds.empty:
        return empty(key, title, "No fund matches this filter.")
    words = _without_amount_note(funds, "No fund in this filter states a size in pounds, so there is "
                                        "nothing to draw; the table lists")
    chart = empty(key, title, words)
    return dataclasses.replace(chart, make_table=lambda: fund_table(funds), sources=distinct_sources(funds))


def fund_table(funds: pd.DataFrame) -> pd.DataFrame:
    """The funds as a trustee reads them: words and exact pounds."""
    return pd.DataFrame({
        "Fund": funds["name"],
        "Held by": funds["organisation"].fillna("not stated"),
        "Place": funds["locality"].fillna("not stated"),
        "Size": funds["amount_gbp"].map(fmt.money_exact),
        "Decided participatively": funds["participatory_gbp"].map(fmt.money_exact),
        "Share of a budget": funds["budget_share"].map(lambda s: fmt.percent(s, missing="")),
        "Period": funds["period_months"].map(lambda m: f"{int(m)} months" if pd.notna(m) else ""),
        "Money raised from": funds["money_from"].fillna(""),
        "Source": source_lines(funds),
    })


def fund_sizes(funds: pd.DataFrame) -> Chart:
    """Each fund's size as a dot on a log scale, so a £14,000 lab shows beside a £1.3m budget. Dots,
    not bars: on a log scale a bar's length is not its size (£60k would look half of £1m)."""
    title = "How big is each fund?"
    sized = funds.dropna(subset=["amount_gbp"]).sort_values("amount_gbp")
    if sized.empty:
        return _unsized("fund_sizes", title, funds)
    largest, smallest = sized.iloc[-1], sized.iloc[0]
    if len(sized) == 1:
        takeaway = f"One fund matches: {largest['name']}, {fmt.money(largest['amount_gbp'])}."
    else:
        ratio = largest["amount_gbp"] / smallest["amount_gbp"]
        takeaway = (
            f"The largest fund, {largest['name']} ({fmt.money(largest['amount_gbp'])}), is "
            f"{ratio:,.0f} times the smallest, {smallest['name']} ({fmt.money(smallest['amount_gbp'])})."
        )
    unsized = len(funds) - len(sized)
    if unsized:  # the headline counts every fund: say why fewer dots are drawn
        takeaway += (f" {fmt.count(unsized, 'fund states', 'funds state')} no sum in pounds and "
                     f"{'is' if unsized == 1 else 'are'} not drawn.")
    drawn, cut = most_of(sized, "amount_gbp", "funds")
    drawn = drawn.sort_values("amount_gbp")
    figure = figure_of([{
        "type": "scatter", "mode": "markers+text", "x": drawn["amount_gbp"], "y": drawn["name"],
        "marker": {"color": BLUE, "size": 20, "line": {"color": "white", "width": 1}},
        "text": fmt.money_labels(drawn["amount_gbp"]), "textposition": "middle right", "cliponaxis": False,
        "customdata": list(zip(drawn["amount_gbp"].map(fmt.money_exact),
                               drawn["organisation"].fillna("not stated"), source_lines(drawn), strict=True)),
        "hovertemplate": "<b>%{y}</b><br>%{customdata[0]}<br>Held by %{customdata[1]}"
                         "<br>Source: %{customdata[2]}<extra></extra>",
    }], {"yaxis": {"showgrid": True}, "xaxis": {"title": "Fund size (log scale)",
                   **log_money_axis(sized["amount_gbp"].min(), sized["amount_gbp"].max())}},
        bar_height(len(drawn)))
    note = ("Sizes are drawn on a log scale, each gridline ten times the last, so that small funds "
            "stay visible next to large ones: read the figures beside the dots.")
    extra = _without_amount_note(funds)
    return Chart(
        key="fund_sizes", title=title, takeaway=takeaway,
        alt=f"Dot chart of {len(drawn)} fund sizes on a log scale. {takeaway}",
        make_table=lambda: fund_table(funds), figure=figure,
        note=" ".join(part for part in (note, cut, extra) if part), sources=distinct_sources(funds),
    )


def participatory_part(funds: pd.DataFrame) -> Chart:
    """For each fund, the pounds decided by people outside the organisation and the rest."""
    title = "How much of each fund do communities decide?"
    every = funds.dropna(subset=["amount_gbp"])
    if every.empty:
        return _unsized("participatory_part", title, funds)
    total, total_decided = every["amount_gbp"].sum(), every["participatory_gbp"].fillna(0).sum()
    sized, cut = most_of(every, "amount_gbp", "funds")
    sized = sized.sort_values("amount_gbp")
    decided = sized["participatory_gbp"].fillna(0)
    rest = sized["amount_gbp"] - decided
    takeaway = (
        f"{fmt.money(total_decided)} of {fmt.money(total)} ({fmt.percent(total_decided / total)}) "
        "is decided by people outside the organisations that hold the money."
    )
    sources = list(source_lines(sized))
    figure = figure_of([
        {
            "type": "bar", "name": part, "y": sized["name"], "x": values, "orientation": "h",
            "marker": look.marker(),
            "customdata": [[fmt.money_exact(v), s] for v, s in zip(values, sources, strict=True)],
            "hovertemplate": f"<b>%{{y}}</b><br>{part}: %{{customdata[0]}}"
                             "<br>Source: %{customdata[1]}<extra></extra>",
        }
        for part, values, look in (("Decided by communities", decided, COMMUNITIES),
                                   ("Decided by the organisation", rest, ORGANISATION))
    ], {"barmode": "stack", "xaxis": {"title": "Pounds", **linear_money_axis(sized["amount_gbp"].max())}},
        bar_height(len(sized)) + 60)
    def table() -> pd.DataFrame:
        return pd.DataFrame({
            "Fund": sized["name"],
            "Size": sized["amount_gbp"].map(fmt.money_exact),
            "Decided by communities": decided.map(fmt.money_exact),
            "Share decided by communities": (decided / sized["amount_gbp"]).map(fmt.percent),
            "Source": sources,
        })
    return Chart(
        key="participatory_part", title=title, takeaway=takeaway,
        alt=f"Stacked bar chart of {len(sized)} funds split into the part communities decide "
            f"and the rest. {takeaway}",
        make_table=table, figure=figure,
        note=("Pounds on an ordinary scale, so the two parts of each bar add up honestly. " + cut).strip(),
        sources=distinct_sources(sized),
        native=native_bars("stacked_bar", sized["name"],
                           {"Decided by communities": (decided, COMMUNITIES),
                            "Decided by the organisation": (rest, ORGANISATION)}),
    )


def money_by_group(grouped: pd.DataFrame, group: str, label: str) -> Chart:
    """Money in funds per place or per organisation (``group`` names the column)."""
    key = f"money_by_{group}"
    title = f"Money in funds by {label}"
    if grouped.empty:
        return empty(key, title, "No fund with a stated size matches this filter.")
    every, unplaced, apart = grouped, grouped.iloc[0:0], ""
    if group == "locality":  # funds naming no place: said apart, never a place of their own
        grouped, unplaced = apart_from_places(grouped, "locality_id")
        if not unplaced.empty:
            apart = no_place_words(unplaced["amount_gbp"].sum(), int(unplaced["funds"].sum()), "fund",
                                   "names")
        if grouped.empty:
            return empty(key, title, f"No fund in this filter names a place: {apart}.")
    drawn, cut = most_of(grouped, "amount_gbp", f"{label}s")
    ordered = drawn.sort_values("amount_gbp")
    top = grouped.iloc[0]
    whole = every["amount_gbp"].sum()  # the header's "Money in funds": every sized fund in the filter
    takeaway = (
        f"{top[group]} holds the most: {fmt.money(top['amount_gbp'])} across "
        f"{fmt.count(int(top['funds']), 'fund')}"
        + (f", of {fmt.money(whole)} in all" if len(every) > 1 else "")
        + (f"; {apart}." if apart else ".")
    )
    if apart:
        cut = " ".join(part for part in (cut, f"Not drawn: {apart}, so it is in the total but on no bar "
                                              "(the table lists it last).") if part)
    figure = figure_of([{
        "type": "bar", "x": ordered["amount_gbp"], "y": ordered[group], "orientation": "h",
        "marker": MONEY.marker(), "text": fmt.money_labels(ordered["amount_gbp"]), "textposition": "outside",
        "cliponaxis": False,
        "customdata": [[fmt.money_exact(amount), int(funds), sources] for amount, funds, sources
                       in zip(ordered["amount_gbp"], ordered["funds"], ordered["sources"], strict=True)],
        "hovertemplate": "<b>%{y}</b><br>%{customdata[0]} in %{customdata[1]} fund(s)"
                         "<br>Source: %{customdata[2]}<extra></extra>",
    }], {"xaxis": {"title": "Pounds", **linear_money_axis(ordered["amount_gbp"].max())}},
        bar_height(len(ordered)))
    def table() -> pd.DataFrame:
        rows = pd.concat([grouped, unplaced.assign(**{group: "No place named"})])
        return pd.DataFrame({
            label.capitalize(): rows[group],
            "Money in funds": rows["amount_gbp"].map(fmt.money_exact),
            "Decided by communities": rows["participatory_gbp"].map(fmt.money_exact),
            "Funds": rows["funds"],
            "Sources": rows["sources"],
        })
    return Chart(
        key=key, title=title, takeaway=takeaway,
        alt=f"Bar chart of money in funds for {fmt.count(len(grouped), label)}. {takeaway}",
        make_table=table, figure=figure, note=cut,
        sources=tuple(sorted(set("; ".join(every["sources"].dropna()).split("; "))))[:20],
        native=native_bars("bar", ordered[group], {"Money in funds": (ordered["amount_gbp"], MONEY)}),
    )
