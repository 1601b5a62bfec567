"""Funds: sizes, participatory parts, and money by place and by organisation."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import FUND_FILTER, frame

_FUNDS = f"""
    SELECT f.fund_id, f.name, f.fund_kind, f.amount_gbp::DOUBLE AS amount_gbp,
           f.participatory_gbp::DOUBLE AS participatory_gbp, f.budget_share, f.period_months,
           f.money_from, f.approach, f.reported_on, f.notes,
           o.name AS organisation, l.name AS locality, f.locality_id,
           sl.line AS source_line,
           s.title AS source_title, s.publisher AS source_publisher, s.document AS source_document,
           s.locator AS source_locator, s.url AS source_url,
           coalesce(pc.panels, 0) AS panels
    FROM funds f
    LEFT JOIN (SELECT fund_id, count(*) AS panels FROM panels GROUP BY fund_id) pc ON pc.fund_id = f.fund_id
    LEFT JOIN organisations o ON o.org_id = f.org_id
    LEFT JOIN localities l ON l.locality_id = f.locality_id
    LEFT JOIN sources s ON s.source_id = f.source_id
    LEFT JOIN source_lines sl ON sl.source_id = f.source_id
    WHERE {FUND_FILTER}
"""


def funds(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every fund in the filter, largest first; policies without a sum come last."""
    return frame(cursor, _FUNDS + " ORDER BY f.amount_gbp DESC NULLS LAST, f.name", filters)


def money_by_locality(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Money in funds per place the funds name, with how much of it is participatory; the funds that
    name no place are one last row with no place (``locality_id`` empty), so the rows add up to the
    header's total."""
    return frame(cursor, f"""
        SELECT l.name AS locality, f.locality_id,
               sum(f.amount_gbp)::DOUBLE AS amount_gbp,
               sum(f.participatory_gbp)::DOUBLE AS participatory_gbp,
               count(*) AS funds,
               string_agg(DISTINCT sl.line, '; ') AS sources
        FROM funds f
        LEFT JOIN localities l ON l.locality_id = f.locality_id
        LEFT JOIN sources s ON s.source_id = f.source_id
        LEFT JOIN source_lines sl ON sl.source_id = f.source_id
        WHERE {FUND_FILTER} AND f.amount_gbp IS NOT NULL
        GROUP BY ALL ORDER BY any_value(f.locality_id) IS NULL, amount_gbp DESC, locality
    """, filters)


def money_by_organisation(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Money in funds per holding organisation."""
    return frame(cursor, f"""
        SELECT coalesce(o.name, 'No organisation named') AS organisation,
               sum(f.amount_gbp)::DOUBLE AS amount_gbp,
               sum(f.participatory_gbp)::DOUBLE AS participatory_gbp,
               count(*) AS funds,
               string_agg(DISTINCT sl.line, '; ') AS sources
        FROM funds f
        LEFT JOIN organisations o ON o.org_id = f.org_id
        LEFT JOIN sources s ON s.source_id = f.source_id
        LEFT JOIN source_lines sl ON sl.source_id = f.source_id
        WHERE {FUND_FILTER} AND f.amount_gbp IS NOT NULL
        GROUP BY ALL ORDER BY amount_gbp DESC, organisation
    """, filters)
