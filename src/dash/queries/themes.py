"""Recurring themes: how many key points each theme is coded on, where, and the words behind each count."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import MEETING_FILTER, MEETING_PLACES, frame

# Coded key points in the filter: accepted codes, and suggestions when asked for.
_THEMED = f"""
    FROM insight_themes it
    JOIN themes t ON t.theme_id = it.theme_id
    JOIN insights i ON i.insight_id = it.insight_id
    JOIN meetings m ON m.meeting_id = i.meeting_id
    WHERE {MEETING_FILTER}
      AND (it.status = 'accepted' OR ($include_suggestions AND it.status = 'suggested'))
"""


def theme_counts(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, include_suggestions: bool = False
) -> pd.DataFrame:
    """Per theme: key points accepted by a reviewer, and (if asked) those only suggested by the rules."""
    return frame(cursor, f"""
        SELECT t.theme_id, t.name AS theme, t.definition,
               count(DISTINCT it.insight_id) FILTER (WHERE it.status = 'accepted') AS accepted,
               count(DISTINCT it.insight_id) FILTER (WHERE it.status = 'suggested') AS suggested,
               count(DISTINCT it.insight_id) AS key_points,
               count(DISTINCT i.meeting_id) AS meetings,
               min(m.held_on) AS first_dated, max(m.held_on) AS last_dated
        {_THEMED}
        GROUP BY ALL ORDER BY key_points DESC, theme
    """, filters, include_suggestions=include_suggestions)


def theme_key_points(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, theme_id: str,
    statuses: tuple[str, ...] = ("accepted", "suggested"), limit: int = 50, meeting_id: str | None = None,
) -> pd.DataFrame:
    """The key points behind a theme's count (newest first, at most ``limit``), with evidence and
    who decided; ``total`` on every row says how many there are in all."""
    return frame(cursor, f"""
        SELECT i.insight_id, i.text, i.position, m.meeting_id, m.title AS meeting, m.held_on,
               it.status, it.method, it.evidence, it.decided_by, it.decided_at,
               s.title AS source_title, s.publisher AS source_publisher, s.document AS source_document,
               count(*) OVER () AS total
        FROM insight_themes it
        JOIN insights i ON i.insight_id = it.insight_id
        JOIN meetings m ON m.meeting_id = i.meeting_id
        LEFT JOIN sources s ON s.source_id = m.source_id
        WHERE it.theme_id = $theme_id AND list_contains($statuses, it.status) AND {MEETING_FILTER}
          AND ($meeting_id IS NULL OR m.meeting_id = $meeting_id)
        ORDER BY m.held_on DESC NULLS LAST, m.title, i.position
        LIMIT $limit
    """, filters, theme_id=theme_id, statuses=list(statuses), limit=limit, meeting_id=meeting_id)


def uncoded_key_points(cursor: duckdb.DuckDBPyConnection, filters: Filters, theme_id: str) -> pd.DataFrame:
    """Key points in the filter not yet coded with the theme (the first 500): candidates to add."""
    return frame(cursor, f"""
        SELECT i.insight_id, m.title AS meeting, i.position, i.text,
               m.title || ' #' || i.position || ': ' || i.text AS label
        FROM insights i JOIN meetings m ON m.meeting_id = i.meeting_id
        WHERE {MEETING_FILTER} AND i.insight_id NOT IN (
            SELECT insight_id FROM insight_themes WHERE theme_id = $theme_id AND status <> 'rejected')
        ORDER BY m.title, i.position
        LIMIT 500
    """, filters, theme_id=theme_id)


def theme_list(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return frame(cursor, "SELECT theme_id, name, definition, codebook_version FROM themes ORDER BY name")


def coded_key_point_count(cursor: duckdb.DuckDBPyConnection) -> int:
    """How many theme codes the store holds at all, suggestions included."""
    return cursor.execute("SELECT count(*) FROM insight_themes").fetchone()[0]


def accepted_code_count(cursor: duckdb.DuckDBPyConnection) -> int:
    return cursor.execute("SELECT count(*) FROM insight_themes WHERE status = 'accepted'").fetchone()[0]


def insight_texts(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every key point's text, for measuring the tagger against the gold set."""
    return frame(cursor, "SELECT insight_id, text FROM insights ORDER BY insight_id")





def theme_report(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, include_suggestions: bool = True
) -> pd.DataFrame:
    """Per theme: key points, distinct meetings, first and last date, and the places involved."""
    return frame(cursor, f"""
        SELECT t.name AS theme, count(DISTINCT it.insight_id) AS key_points,
               count(DISTINCT m.meeting_id) AS meetings, min(m.held_on) AS first_dated,
               max(m.held_on) AS last_dated,
               (SELECT string_agg(DISTINCT l.name, '; ' ORDER BY l.name)
                FROM {MEETING_PLACES} mp JOIN localities l ON l.locality_id = mp.locality_id
                WHERE list_contains(list(m.meeting_id), mp.meeting_id)) AS places
        {_THEMED}
        GROUP BY t.name ORDER BY key_points DESC, theme
    """, filters, include_suggestions=include_suggestions)


def theme_matrix(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, by: str, include_suggestions: bool
) -> pd.DataFrame:
    """Key points per (theme, meeting) or (theme, place): the cells of a heatmap."""
    if by == "meeting":
        return frame(cursor, f"""
            SELECT t.theme_id, t.name AS theme, m.meeting_id AS column_id, m.title AS column_label,
                   count(DISTINCT it.insight_id) AS key_points
            {_THEMED} GROUP BY ALL ORDER BY theme, column_label
        """, filters, include_suggestions=include_suggestions)
    return frame(cursor, f"""
        SELECT t.theme_id, t.name AS theme, mp.locality_id AS column_id, l.name AS column_label,
               count(DISTINCT it.insight_id) AS key_points
        {_THEMED.replace("WHERE", f"JOIN {MEETING_PLACES} mp ON mp.meeting_id = m.meeting_id "
                         "JOIN localities l ON l.locality_id = mp.locality_id WHERE", 1)}
        GROUP BY ALL ORDER BY theme, column_label
    """, filters, include_suggestions=include_suggestions)


def themes_by_year(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, include_suggestions: bool
) -> pd.DataFrame:
    """Key points per theme per year (dated meetings only)."""
    return frame(cursor, f"""
        SELECT t.name AS theme, year(m.held_on) AS year, count(DISTINCT it.insight_id) AS key_points
        {_THEMED} AND m.held_on IS NOT NULL
        GROUP BY ALL ORDER BY year, theme
    """, filters, include_suggestions=include_suggestions)


def theme_pairs(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, include_suggestions: bool
) -> pd.DataFrame:
    """How many key points carry both themes of each pair (each pair listed both ways)."""
    return frame(cursor, f"""
        WITH coded AS (SELECT DISTINCT it.insight_id, t.name AS theme {_THEMED})
        SELECT a.theme AS theme, b.theme AS other, count(*) AS key_points
        FROM coded a JOIN coded b ON a.insight_id = b.insight_id AND a.theme <> b.theme
        GROUP BY ALL ORDER BY theme, other
    """, filters, include_suggestions=include_suggestions)
