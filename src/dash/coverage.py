"""The sentence that says what the current filter covers, on every page and on a deck's title slide."""

from __future__ import annotations

import duckdb

from dash import format as fmt
from dash.filters import Filters
from dash.queries import places, summary


def coverage_line(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, figures: summary.Headline | None = None
) -> str:
    """'3 funds (£1.37m), 3 panels and 1 meeting in Bristol, City of'. Pass ``figures`` if already made."""
    figures = figures or summary.headline(cursor, filters)
    money = f" ({fmt.money(figures.money_gbp)})" if figures.money_gbp else (
        " (no sum in pounds stated)" if figures.funds else "")
    parts = [f"{fmt.count(figures.funds, 'fund')}{money}", fmt.count(figures.panels, "panel"),
             fmt.count(figures.meetings, "meeting")]
    if figures.grants:
        parts.append(fmt.count(figures.grants, "grant"))
    line = ", ".join(parts[:-1]) + f" and {parts[-1]}"
    names = places.place_names(cursor, filters.localities)
    line += f" in {' or '.join(names)}" if names else " across all areas"
    if filters.organisations:
        line += f", for {' or '.join(places.organisation_names(cursor, filters.organisations))}"
    if filters.has_period:
        start = fmt.long_date(filters.date_from, missing="the start")
        end = fmt.long_date(filters.date_to, missing="today")
        line += f", dated {start} to {end} (undated records are left out)"
    return line
