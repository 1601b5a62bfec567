"""Decision panels: who decides, their lived-experience share, pay, training and powers."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import PANEL_FILTER, frame


def panels(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every panel in the filter, with its fund's size and its source."""
    return frame(cursor, f"""
        SELECT p.panel_id, p.name, p.model, p.members, p.lived_experience_members, p.lived_experience_share,
               pf.target_lived_experience_share AS target_share,
               p.paid, p.pay_basis, p.trained, p.powers, p.notes,
               pf.name AS fund, pf.amount_gbp::DOUBLE AS fund_amount_gbp,
               l.name AS locality, p.locality_id,
               sl.line AS source_line,
               s.title AS source_title, s.publisher AS source_publisher, s.document AS source_document,
               s.locator AS source_locator, s.url AS source_url
        FROM panels p
        LEFT JOIN funds pf ON pf.fund_id = p.fund_id
        LEFT JOIN localities l ON l.locality_id = p.locality_id
        LEFT JOIN sources s ON s.source_id = p.source_id
        LEFT JOIN source_lines sl ON sl.source_id = p.source_id
        WHERE {PANEL_FILTER}
        ORDER BY p.lived_experience_share DESC NULLS LAST, p.name
    """, filters)
