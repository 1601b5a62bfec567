"""Recurring themes: how many key points each theme is coded on, and where."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import MEETING_FILTER, frame


def theme_counts(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, include_suggestions: bool = False
) -> pd.DataFrame:
    """Per theme: key points and meetings coded with it (accepted codes, plus suggestions if asked)."""
    return frame(cursor, f"""
        SELECT t.theme_id, t.name AS theme, t.definition,
               count(DISTINCT it.insight_id) AS key_points,
               count(DISTINCT i.meeting_id) AS meetings,
               count(DISTINCT it.insight_id) FILTER (WHERE it.status = 'suggested') AS suggested
        FROM insight_themes it
        JOIN themes t ON t.theme_id = it.theme_id
        JOIN insights i ON i.insight_id = it.insight_id
        JOIN meetings m ON m.meeting_id = i.meeting_id
        WHERE {MEETING_FILTER}
          AND (it.status = 'accepted' OR ($include_suggestions AND it.status = 'suggested'))
        GROUP BY ALL ORDER BY key_points DESC, theme
    """, filters, include_suggestions=include_suggestions)


def coded_key_point_count(cursor: duckdb.DuckDBPyConnection) -> int:
    """How many theme codes the store holds at all (0 until the themes work fills it)."""
    return cursor.execute("SELECT count(*) FROM insight_themes").fetchone()[0]
