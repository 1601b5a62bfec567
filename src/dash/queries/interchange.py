"""What a REFI-QDA project holds: the themes, the write-ups' key points, and the codes the charts count."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import MEETING_FILTER, frame


@dataclass(frozen=True)
class CodedWriteUps:
    themes: pd.DataFrame       # theme_id, name, definition
    key_points: pd.DataFrame   # insight_id, meeting_id, meeting, held_on, position, text
    codes: pd.DataFrame        # insight_id, theme_id, status, method, decided_by, decided_at


def coded_write_ups(cursor: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> CodedWriteUps:
    """Every meeting in the filter (all when None) with its key points, and every code on them that
    is not rejected: accepted, unreviewed suggestions, and those reviewers disagree on."""
    where = "m.retired_on IS NULL" if filters is None else MEETING_FILTER
    key_points = frame(cursor, f"""
        SELECT i.insight_id, m.meeting_id, m.title AS meeting, m.held_on, i.position, i.text
        FROM insights i JOIN meetings m ON m.meeting_id = i.meeting_id
        WHERE {where}
        ORDER BY m.held_on NULLS LAST, m.meeting_id, i.position
    """, filters)
    codes = frame(cursor, """
        SELECT insight_id, theme_id, status, method, decided_by, decided_at
        FROM insight_themes WHERE status <> 'rejected' AND list_contains($ids, insight_id)
        ORDER BY insight_id, theme_id
    """, ids=list(key_points["insight_id"]))
    themes = frame(cursor, "SELECT theme_id, name, definition FROM themes ORDER BY name")
    return CodedWriteUps(themes, key_points, codes)
