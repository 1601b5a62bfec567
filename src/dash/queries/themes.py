"""Recurring themes: how many key points each theme is coded on, where, and the words behind each count."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import CODE_FILTER, MEETING_FILTER, frame
from dash.store.summaries import MEETING_PLACES


def _themed(joins: str = "") -> str:
    """Coded key points in the filter: accepted codes, and unreviewed suggestions unless the filter
    counts accepted codes only; never rejected ones. A key point carries a theme at most once, so
    counting rows of theme_codes counts key points."""
    return f"""
        FROM theme_codes c
        JOIN themes t ON t.theme_id = c.theme_id {joins}
        WHERE {CODE_FILTER}
          AND (c.status = 'accepted' OR ($include_suggestions AND c.status = 'suggested'))
    """


_THEMED = _themed()


def theme_counts(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per theme: key points accepted by a reviewer, and those suggested (by the rules or by meaning, or
    disputed by reviewers) and not yet settled: none when the filter counts accepted codes only."""
    return frame(cursor, f"""
        SELECT t.theme_id, t.name AS theme, t.definition,
               count(*) FILTER (WHERE c.status = 'accepted') AS accepted,
               count(*) FILTER (WHERE c.status = 'suggested') AS suggested,
               count(*) AS key_points,
               count(DISTINCT c.meeting_id) AS meetings,
               min(c.held_on) AS first_dated, max(c.held_on) AS last_dated
        {_THEMED}
        GROUP BY ALL ORDER BY key_points DESC, theme
    """, filters)


def theme_key_points(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, theme_id: str,
    statuses: tuple[str, ...] = ("accepted", "suggested"), limit: int = 50, meeting_id: str | None = None,
) -> pd.DataFrame:
    """The key points behind a theme's count (newest first, at most ``limit``), with evidence and
    who decided; ``total`` on every row says how many there are in all."""
    picked = frame(cursor, f"""
        SELECT c.insight_id, count(*) OVER () AS total
        FROM theme_codes c
        WHERE c.theme_id = $theme_id AND list_contains($statuses, c.status) AND {CODE_FILTER}
          AND ($meeting_id IS NULL OR c.meeting_id = $meeting_id)
        ORDER BY c.held_on DESC NULLS LAST, c.meeting_id, c.insight_id
        LIMIT $limit
    """, filters, theme_id=theme_id, statuses=list(statuses), limit=limit, meeting_id=meeting_id)
    # Then the words for those few only: a join would read every key point's text to find them.
    return frame(cursor, """
        SELECT i.insight_id, i.text, i.position, m.meeting_id, m.title AS meeting, m.held_on,
               it.status, it.method, it.evidence, it.decided_by, it.decided_at,
               sl.line AS source_line,
               s.title AS source_title, s.publisher AS source_publisher, s.document AS source_document,
               $total AS total
        FROM insights i
        JOIN insight_themes it ON it.insight_id = i.insight_id AND it.theme_id = $theme_id
        JOIN meetings m ON m.meeting_id = i.meeting_id
        LEFT JOIN sources s ON s.source_id = m.source_id
        LEFT JOIN source_lines sl ON sl.source_id = m.source_id
        WHERE list_contains($ids, i.insight_id) AND list_contains($ids, it.insight_id)
        ORDER BY m.held_on DESC NULLS LAST, m.title, i.position
    """, theme_id=theme_id, ids=list(picked["insight_id"]),
        total=int(picked["total"].iloc[0]) if len(picked) else 0)


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


def key_points_without_a_theme(cursor: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 200
                               ) -> pd.DataFrame:
    """Key points in the filter that neither the rules, meaning nor a reviewer gave a theme (a
    rejected code is no theme): what a reviewer may still code by hand. With ``total``, all of them."""
    return frame(cursor, f"""
        SELECT i.insight_id, i.text, i.position, m.title AS meeting, m.held_on, count(*) OVER () AS total
        FROM insights i JOIN meetings m ON m.meeting_id = i.meeting_id
        WHERE {MEETING_FILTER} AND i.insight_id NOT IN (
            SELECT insight_id FROM insight_themes WHERE status <> 'rejected')
        ORDER BY m.held_on DESC NULLS LAST, m.title, i.position
        LIMIT $limit
    """, filters, limit=limit)


@dataclass(frozen=True)
class CodingState:
    """Where the coding stands, whatever the filter: the themes, and how many codes exist."""

    names: dict[str, str]  # theme id → name, alphabetical
    codes: int  # codes of any status
    accepted: int  # codes a reviewer accepted


def coding_state(cursor: duckdb.DuckDBPyConnection) -> CodingState:
    codes, accepted = cursor.execute(
        "SELECT count(*), count(*) FILTER (WHERE status = 'accepted') FROM insight_themes"
    ).fetchone()
    names = dict(cursor.execute("SELECT theme_id, name FROM themes ORDER BY name").fetchall())
    return CodingState(names, codes, accepted)


def insight_texts(cursor: duckdb.DuckDBPyConnection, insight_ids: list[str] | None = None) -> dict[str, str]:
    """Key points' texts by id (all of them, or only ``insight_ids``: the gold set is 64 of 200,000)."""
    rows = cursor.execute(
        "SELECT insight_id, text FROM insights WHERE $ids IS NULL OR list_contains($ids, insight_id)",
        {"ids": insight_ids},
    ).fetchall()
    return dict(rows)


def reviewed_codes(cursor: duckdb.DuckDBPyConnection) -> list[tuple[str, str, bool]]:
    """Every code a reviewer accepted or rejected: (key point id, theme id, accepted), what key
    points are compared with by meaning (``dash.themes.coding.references``)."""
    return cursor.execute(
        "SELECT insight_id, theme_id, status = 'accepted' FROM insight_themes "
        "WHERE status IN ('accepted', 'rejected') ORDER BY insight_id, theme_id").fetchall()


def key_points_with_meetings(cursor: duckdb.DuckDBPyConnection, insight_ids: list[str]
                             ) -> list[tuple[str, str, str]]:
    """(key point id, its text, its meeting's id) for the key points asked for that the store holds."""
    return cursor.execute(
        "SELECT insight_id, text, meeting_id FROM insights WHERE list_contains($ids, insight_id)",
        {"ids": insight_ids}).fetchall()


def key_point_documents(cursor: duckdb.DuckDBPyConnection, insight_ids: list[str]) -> dict[str, str]:
    """Key point id → the meeting write-up it came from: what the out-of-sample measure leaves out."""
    return dict(cursor.execute(
        "SELECT insight_id, meeting_id FROM insights WHERE list_contains($ids, insight_id)",
        {"ids": insight_ids},
    ).fetchall())


def theme_report(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per theme: key points, distinct meetings, first and last date, and the places involved."""
    return frame(cursor, f"""
        SELECT t.name AS theme, count(*) AS key_points,
               count(DISTINCT c.meeting_id) AS meetings, min(c.held_on) AS first_dated,
               max(c.held_on) AS last_dated,
               (SELECT string_agg(DISTINCT l.name, '; ' ORDER BY l.name)
                FROM {MEETING_PLACES} mp JOIN localities l ON l.locality_id = mp.locality_id
                WHERE list_contains(list(c.meeting_id), mp.meeting_id)) AS places
        {_THEMED}
        GROUP BY t.name ORDER BY key_points DESC, theme
    """, filters)


def theme_matrix(cursor: duckdb.DuckDBPyConnection, filters: Filters, by: str) -> pd.DataFrame:
    """Key points per (theme, meeting) or (theme, place): the cells of a heatmap."""
    if by == "meeting":
        return frame(cursor, f"""
            SELECT t.theme_id, t.name AS theme, m.meeting_id AS column_id, m.title AS column_label,
                   count(*) AS key_points
            {_themed("JOIN meetings m ON m.meeting_id = c.meeting_id")}
            GROUP BY ALL ORDER BY theme, column_label
        """, filters)
    return frame(cursor, f"""
        SELECT t.theme_id, t.name AS theme, mp.locality_id AS column_id, l.name AS column_label,
               count(*) AS key_points
        {_themed(f"JOIN {MEETING_PLACES} mp ON mp.meeting_id = c.meeting_id "
                 "JOIN localities l ON l.locality_id = mp.locality_id")}
        GROUP BY ALL ORDER BY theme, column_label
    """, filters)


def themes_by_year(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Key points per theme per year (dated meetings only)."""
    return frame(cursor, f"""
        SELECT t.name AS theme, year(c.held_on) AS year, count(*) AS key_points
        {_THEMED} AND c.held_on IS NOT NULL
        GROUP BY ALL ORDER BY year, theme
    """, filters)


def theme_pairs(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """How many key points carry both themes of each pair (each pair listed both ways)."""
    return frame(cursor, f"""
        WITH coded AS (SELECT c.insight_id, t.name AS theme {_THEMED})
        SELECT a.theme AS theme, b.theme AS other, count(*) AS key_points
        FROM coded a JOIN coded b ON a.insight_id = b.insight_id AND a.theme <> b.theme
        GROUP BY ALL ORDER BY theme, other
    """, filters)
