"""What reviewers said about theme codes, each apart: their votes, and the codes they disagree on."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import MEETING_FILTER, frame


def votes(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every reviewer's own latest vote on a code (not the decisions that settle a disagreement):
    what agreement between people is measured on, over every meeting that is not retired."""
    return frame(cursor, """
        SELECT r.insight_id, r.theme_id, r.reviewer, r.says_yes
        FROM theme_reviews r
        JOIN insights i ON i.insight_id = r.insight_id
        JOIN meetings m ON m.meeting_id = i.meeting_id AND m.retired_on IS NULL
        WHERE NOT r.settles
        ORDER BY r.theme_id, r.insight_id, r.reviewer
    """)


def theme_names(cursor: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(cursor.execute("SELECT theme_id, name FROM themes ORDER BY name").fetchall())


def disputed(cursor: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """Codes reviewers disagree on and nobody has settled, in the filter (every place when None):
    the list to settle, with what each said."""
    return frame(cursor, f"""
        SELECT it.insight_id, it.theme_id, t.name AS theme, i.text, i.position, m.title AS meeting,
               it.decided_by AS said
        FROM insight_themes it
        JOIN themes t ON t.theme_id = it.theme_id
        JOIN insights i ON i.insight_id = it.insight_id
        JOIN meetings m ON m.meeting_id = i.meeting_id
        WHERE it.status = 'disputed' AND ({'true' if filters is None else MEETING_FILTER})
        ORDER BY t.name, m.title, i.position
    """, filters)
