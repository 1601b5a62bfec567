"""Headline figures for the current filter."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from dash.filters import Filters
from dash.queries.common import FUND_FILTER, MEETING_FILTER, PANEL_FILTER, bound
from dash.queries.grants import GRANT_FILTER


@dataclass(frozen=True)
class Headline:
    funds: int
    funds_with_amount: int
    money_gbp: float
    participatory_gbp: float
    panels: int
    panels_with_share: int
    average_lived_experience_share: float | None
    meetings: int
    key_points: int
    grants: int

    @property
    def participatory_share(self) -> float | None:
        return self.participatory_gbp / self.money_gbp if self.money_gbp else None


def headline(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> Headline:
    """Counts and totals behind the coverage line and the Overview's figures."""
    sql = f"""
        WITH fund_figures AS (
            SELECT count(*), count(amount_gbp), coalesce(sum(amount_gbp), 0)::DOUBLE,
                   coalesce(sum(participatory_gbp) FILTER (WHERE amount_gbp IS NOT NULL), 0)::DOUBLE
            FROM funds f WHERE {FUND_FILTER}
        ),
        panel_figures AS (
            SELECT count(*), count(lived_experience_share), avg(lived_experience_share)
            FROM panels p LEFT JOIN funds pf ON pf.fund_id = p.fund_id WHERE {PANEL_FILTER}
        ),
        picked_meetings AS (SELECT m.meeting_id FROM meetings m WHERE {MEETING_FILTER}),
        meeting_figures AS (
            SELECT (SELECT count(*) FROM picked_meetings),
                   (SELECT count(*) FROM insights i
                    WHERE i.meeting_id IN (SELECT meeting_id FROM picked_meetings))
        ),
        grant_figures AS (SELECT count(*) FROM grants g WHERE {GRANT_FILTER})
        SELECT * FROM fund_figures, panel_figures, meeting_figures, grant_figures
    """
    row = cursor.execute(sql, bound(sql, filters)).fetchone()
    return Headline(*row)
