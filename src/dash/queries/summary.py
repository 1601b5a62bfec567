"""Headline figures for the current filter."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from dash import format as fmt
from dash.filters import Filters
from dash.queries.common import FUND_FILTER, MEETING_FILTER, PANEL_FILTER, bound
from dash.queries.grants import counted_grants


@dataclass(frozen=True)
class Headline:
    funds: int
    funds_with_amount: int
    money_gbp: float
    participatory_gbp: float
    panels: int
    panels_with_share: int
    stated_shares: list[float]  # each stating panel's lived-experience share, smallest first
    members_weighted_share: float | None  # over panels stating both their members and their share
    panels_with_members: int  # panels stating both, behind members_weighted_share
    members_counted: int  # their members, all told
    meetings: int
    key_points: int
    grants: int

    @property
    def participatory_share(self) -> float | None:
        return self.participatory_gbp / self.money_gbp if self.money_gbp else None

    def lived_experience_words(self) -> tuple[str, str]:
        """What the panels say of lived experience, as it is: how many state a share, and which
        shares (an average of two panels out of seven would read as if it spoke for all seven)."""
        value = f"{self.panels_with_share} of {self.panels}" if self.panels else "–"
        if not self.stated_shares:
            return value, "No panel in this filter states what share of its members have lived experience."
        shares = [fmt.percent(share) for share in self.stated_shares]
        listed = shares[0] if len(shares) == 1 else ", ".join(shares[:-1]) + " and " + shares[-1]
        if len(shares) > 6:
            listed = f"from {shares[0]} to {shares[-1]}"
        their = "its" if self.panels_with_share == 1 else "their"
        words = (f"{fmt.count(self.panels_with_share, 'panel states', 'panels state')} what share of {their} "
                 f"members have lived experience: {listed}.")
        if self.members_weighted_share is not None and self.panels_with_members > 1:
            sized = fmt.count(self.panels_with_members, "panel")
            share = fmt.percent(self.members_weighted_share)
            words += (f" Counting members where panels give their size ({sized}, "
                      f"{self.members_counted:,} members), {share} of them have lived experience.")
        elif self.members_weighted_share is not None:  # one panel: its own share, not an average
            words += (f" Only one of them gives its size: {fmt.percent(self.members_weighted_share)} of its "
                      f"{self.members_counted:,} members have lived experience.")
        return value, words


def headline(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> Headline:
    """Counts and totals behind the coverage line and the Overview's figures."""
    sql = f"""
        WITH fund_figures AS (
            SELECT count(*), count(amount_gbp), coalesce(sum(amount_gbp), 0)::DOUBLE,
                   coalesce(sum(participatory_gbp) FILTER (WHERE amount_gbp IS NOT NULL), 0)::DOUBLE
            FROM funds f WHERE {FUND_FILTER}
        ),
        panel_figures AS (
            SELECT count(*), count(lived_experience_share),
                   coalesce(list(lived_experience_share ORDER BY lived_experience_share)
                            FILTER (WHERE lived_experience_share IS NOT NULL), []),
                   sum(lived_experience_share * members) / nullif(sum(members) FILTER (
                       WHERE lived_experience_share IS NOT NULL), 0),
                   count(*) FILTER (WHERE lived_experience_share IS NOT NULL AND members > 0),
                   coalesce(sum(members) FILTER (WHERE lived_experience_share IS NOT NULL), 0)::BIGINT
            FROM panels p LEFT JOIN funds pf ON pf.fund_id = p.fund_id WHERE {PANEL_FILTER}
        ),
        picked_meetings AS (SELECT m.meeting_id FROM meetings m WHERE {MEETING_FILTER}),
        meeting_figures AS (
            SELECT (SELECT count(*) FROM picked_meetings),
                   (SELECT count(*) FROM insights i
                    WHERE i.meeting_id IN (SELECT meeting_id FROM picked_meetings))
        ),
        grant_figures AS (SELECT coalesce(sum(g.grants), 0)::BIGINT FROM ({counted_grants(filters)}) g)
        SELECT * FROM fund_figures, panel_figures, meeting_figures, grant_figures
    """
    row = cursor.execute(sql, bound(sql, filters)).fetchone()
    return Headline(*row)
