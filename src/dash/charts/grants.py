"""Grant charts: amount bands, years, places, recipients, and money granted against fund sizes."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dash import format as fmt
from dash.charts.base import (
    Chart,
    Look,
    apart_from_places,
    bar_height,
    count_axis,
    empty,
    figure_of,
    linear_money_axis,
    most_of,
    native_bars,
    no_place_words,
)
from dash.palette import BLUE, GREY, ORANGE, SKY

NO_LOCATION = "No location given"  # the grants query's label for grants with none: never drawn as a place
NO_GRANTS = ("No grant matches this filter. Editors import a 360Giving file on the Grants page; or widen "
             "the filter.")


def totals_sentence(totals: pd.DataFrame) -> str:
    """'10 grants worth £59,750, awarded 8 December 2017 to 8 December 2017.' Currencies named apart."""
    if totals.empty:
        return "No grant matches this filter."
    parts = []
    for _, row in totals.iterrows():
        amount = fmt.money_exact(row["amount"]) if row["currency"] == "GBP" else (
            f"{row['amount']:,.0f} {row['currency']}")
        parts.append(f"{fmt.count(int(row['grants']), 'grant')} worth {amount}")
    first, last = totals["first_award"].min(), totals["last_award"].max()
    when = (f"on {fmt.long_date(first)}" if first == last
            else f"from {fmt.long_date(first)} to {fmt.long_date(last)}")
    sentence = " and ".join(parts) + f", awarded {when}"
    missing = int(totals["without_location"].sum())
    return sentence + (f"; {missing} name no place we can map and are counted as such." if missing else ".")


def _bar(labels: pd.Series, values: pd.Series, texts: list[str], hover: list[str], colour: str | list[str],
         horizontal: bool = True) -> dict:
    """One bar trace with value labels outside the bars and exact figures on hover."""
    return {
        "type": "bar", "x": values if horizontal else labels, "y": labels if horizontal else values,
        "orientation": "h" if horizontal else "v", "marker_color": colour, "text": texts,
        "textposition": "outside", "cliponaxis": False, "hovertext": hover, "hoverinfo": "text",
    }


def amount_bands(bands: pd.DataFrame) -> Chart:
    title = "How many grants fall in each amount band?"
    if bands["grants"].sum() == 0:
        return empty("grant_bands", title, NO_GRANTS)
    top = bands.loc[bands["grants"].idxmax()]
    total = int(bands["grants"].sum())
    takeaway = (f"Most grants ({int(top['grants'])} of {total}) are in the band {top['band']}."
                if top["grants"] > total / 2 else
                f"The largest band is {top['band']}, with {int(top['grants'])} of {total} grants.")
    figure = figure_of([_bar(
        bands["band"], bands["grants"], [str(n) if n else "" for n in bands["grants"]],
        [f"{b}: {fmt.count(n, 'grant')}, {fmt.money_exact(a)}"
         for b, n, a in zip(bands["band"], bands["grants"], bands["amount"], strict=True)],
        BLUE, horizontal=False,
    )], {
        "xaxis": {"type": "category", "title": "Amount awarded (GrantNav's bands)"},
        "yaxis": {"title": "Grants", "range": [0, bands["grants"].max() * 1.25],
                  **count_axis(bands["grants"].max())},
    }, 440)
    def table() -> pd.DataFrame:
        return pd.DataFrame({"Band": bands["band"], "Grants": bands["grants"],
                              "Money": bands["amount"].map(fmt.money_exact)})
    return Chart("grant_bands", title, takeaway, f"Bar chart of grants per amount band. {takeaway}",
                 table, figure, note="Grants in pounds sterling only.",
                 native=native_bars("column", bands["band"], {"Grants": (bands["grants"], Look(BLUE))},
                                    "count"))


def by_year(years: pd.DataFrame) -> Chart:
    title = "Grants by year awarded"
    if years.empty:
        return empty("grant_years", title, NO_GRANTS)
    top = years.loc[years["amount"].fillna(0).idxmax()]
    first, last = int(years["year"].min()), int(years["year"].max())
    span = f"in {first}" if first == last else f"from {first} to {last}"
    takeaway = (f"{fmt.count(int(years['grants'].sum()), 'grant')} awarded {span}; the most money was "
                f"awarded in {int(top['year'])} ({fmt.money(top['amount'])}).")
    amounts = years["amount"].fillna(0)
    figure = figure_of([_bar(
        years["year"].astype(str), amounts, fmt.money_labels(amounts),
        [f"{y}: {fmt.count(n, 'grant')}, {fmt.money_exact(a)}"
         for y, n, a in zip(years["year"], years["grants"], amounts, strict=True)],
        SKY, horizontal=False,
    )], {
        "xaxis": {"type": "category", "title": "Year awarded"},
        "yaxis": {"title": "Money awarded", **linear_money_axis(amounts.max())},
    }, 420)
    def table() -> pd.DataFrame:
        return pd.DataFrame({"Year": years["year"], "Grants": years["grants"],
                              "Money (GBP)": years["amount"].map(fmt.money_exact)})
    return Chart("grant_years", title, takeaway, f"Bar chart of money awarded per year. {takeaway}",
                 table, figure,
                 native=native_bars("column", years["year"].astype(str),
                                    {"Money awarded": (years["amount"], Look(SKY))}))


def by_group(grouped: pd.DataFrame, group: str, key: str, title: str, what: str) -> Chart:
    """Money per place or per recipient, largest at the top. Grants that give no place we can map are
    said apart ("£14.3m in 292 grants gives no place"), never a bar, a ranking or a takeaway's place
    (measured before: "No location given received the most: £14.3m in 292 grants")."""
    if grouped.empty:
        return empty(key, title, NO_GRANTS)
    every, unplaced, apart = grouped, grouped.iloc[0:0], ""
    if "locality_id" in grouped.columns:
        grouped, unplaced = apart_from_places(grouped, "locality_id")
        if not unplaced.empty:
            apart = no_place_words(unplaced["amount"].sum(), int(unplaced["grants"].sum()), "grant")
        if grouped.empty:
            return replace(empty(key, title, f"No grant in this filter gives a place we can map: {apart}."),
                           make_table=lambda: _group_table(every, group, what))
    drawn, cut = most_of(grouped, "amount", f"{what.lower()}s")
    ordered = drawn.sort_values("amount")
    top = grouped.iloc[0]
    takeaway = (f"{top[group]} received the most: {fmt.money(top['amount'])} in "
                f"{fmt.count(int(top['grants']), 'grant')}" + (f"; {apart}." if apart else "."))
    if apart:
        cut = " ".join(part for part in (cut, f"Not drawn: {apart} (the table lists them last).") if part)
    colours = [BLUE] * len(ordered)
    figure = figure_of([_bar(
        ordered[group], ordered["amount"], fmt.money_labels(ordered["amount"]),
        [f"{g}: {fmt.money_exact(a)} in {fmt.count(n, 'grant')}"
         for g, a, n in zip(ordered[group], ordered["amount"], ordered["grants"], strict=True)],
        colours,
    )], {"xaxis": {"title": "Money awarded", **linear_money_axis(ordered["amount"].max())}},
        bar_height(len(ordered)))
    return Chart(key, title, takeaway, f"Bar chart of money awarded by {what.lower()}. {takeaway}",
                 lambda: _group_table(pd.concat([grouped, unplaced]), group, what), figure, note=cut,
                 native=replace(native_bars("bar", ordered[group],
                                            {"Money awarded": (ordered["amount"], Look(BLUE))}),
                                point_colours=tuple(colours)))


def _group_table(rows: pd.DataFrame, group: str, what: str) -> pd.DataFrame:
    return pd.DataFrame({what: rows[group], "Grants": rows["grants"],
                         "Money": rows["amount"].map(fmt.money_exact)})


def granted_against_funds(rows: pd.DataFrame) -> Chart:
    title = "Money granted against each fund's size"
    if rows.empty:
        return empty("granted_vs_funds", title, "No grant in this filter is linked to a fund "
                     "(a grant programme with the same name as a fund links it).")
    drawn, cut = most_of(rows, "granted", "funds")
    drawn = drawn.sort_values("granted")
    highest = max(drawn["fund_size"].max(), drawn["granted"].max())
    figure = figure_of([
        {"type": "bar", "name": name, "y": drawn["fund"], "x": drawn[column], "orientation": "h",
         "marker": look.marker(), "hovertext": [fmt.money_exact(v) for v in drawn[column]],
         "hoverinfo": "text+y"}
        for name, column, look in (("Fund size", "fund_size", Look(GREY, hatched=True, pale="#E4E4E4")),
                                   ("Granted", "granted", Look(ORANGE)))
    ], {"barmode": "group", "xaxis": {"title": "Pounds", **linear_money_axis(highest)}},
        bar_height(len(drawn)) + 60)
    top = rows.iloc[0]
    takeaway = (f"{top['fund']} has granted {fmt.money(top['granted'])} of its "
                f"{fmt.money(top['fund_size'])}." if pd.notna(top["fund_size"]) else
                f"{top['fund']} has granted {fmt.money(top['granted'])}.")
    def table() -> pd.DataFrame:
        return pd.DataFrame({"Fund": rows["fund"], "Fund size": rows["fund_size"].map(fmt.money_exact),
                              "Granted": rows["granted"].map(fmt.money_exact), "Grants": rows["grants"]})
    return Chart("granted_vs_funds", title, takeaway, f"Grouped bar chart of granted money and fund size. "
                 f"{takeaway}", table, figure, note=cut)
