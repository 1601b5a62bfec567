"""Meetings and write-ups, their speakers, places and key points."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import MEETING_FILTER, frame

# Left out when there is no search: DuckDB would read every key point's words to match ''.
_SEARCHED = """AND (m.title ILIKE '%' || $search || '%' OR EXISTS (
    SELECT 1 FROM insights i WHERE i.meeting_id = m.meeting_id AND i.text ILIKE '%' || $search || '%'))"""


def meetings(
    cursor: duckdb.DuckDBPyConnection, filters: Filters, search: str = "", limit: int = 50
) -> pd.DataFrame:
    """Meetings in the filter, newest first (undated last), at most ``limit``; ``total`` says how many
    match in all. ``search`` matches titles and key points. ``key_points`` holds each meeting's key
    points in its own order, as dicts of position, text and matches_search: one query for the page's
    whole list."""
    return frame(cursor, f"""
        WITH listed AS (  -- the page of meetings first, so the details below are read for those only
            SELECT m.meeting_id, m.title, m.kind, m.held_on, m.organiser, m.organiser_org_id,
                   m.locality_id, m.source_id, count(*) OVER () AS total
            FROM meetings m
            WHERE {MEETING_FILTER} {_SEARCHED if search.strip() else ""}
            ORDER BY m.held_on DESC NULLS LAST, m.title
            LIMIT $limit
        )
        SELECT m.meeting_id, m.title, m.kind, m.held_on, m.organiser,
               l.name AS locality,
               (SELECT string_agg(pl.name, '; ' ORDER BY pl.name) FROM meeting_places mp
                JOIN localities pl ON pl.locality_id = mp.locality_id
                WHERE mp.meeting_id = m.meeting_id) AS places_discussed,
               (SELECT string_agg(sp.name || coalesce(' (' || sp.affiliation || ')', ''), '; '
                                  ORDER BY sp.speaker_id)
                FROM speakers sp WHERE sp.meeting_id = m.meeting_id) AS speakers,
               coalesce((
                   SELECT list({{'position': i.position, 'text': i.text,
                                'matches_search': $search <> '' AND i.text ILIKE '%' || $search || '%'}}
                               ORDER BY i.position)
                   FROM insights i WHERE i.meeting_id = m.meeting_id), []) AS key_points,
               coalesce((  -- what an imported write-up mentions, for an editor to confirm; once
                           -- confirmed, the record it made or set, by name
                   SELECT list({{'position': mn.position, 'kind': mn.kind, 'text': mn.text, 'value': mn.value,
                                'context': mn.context, 'place': ml.name,
                                'confirmed_as': coalesce(mn.confirmed_as, ''),
                                'confirmed_name': coalesce(cf.name, cp.name, cm.title)}} ORDER BY mn.position)
                   FROM mentions mn LEFT JOIN localities ml ON mn.kind IN ('place', 'place asked')
                                                AND ml.locality_id = mn.value
                   LEFT JOIN funds cf ON mn.confirmed_as = 'funds|' || cf.fund_id
                   LEFT JOIN panels cp ON mn.confirmed_as = 'panels|' || cp.panel_id
                   LEFT JOIN meetings cm ON mn.confirmed_as = 'meetings|' || cm.meeting_id
                   WHERE mn.meeting_id = m.meeting_id), []) AS mentions,
               m.locality_id, m.source_id, m.organiser_org_id,
               sl.line AS source_line,
               s.title AS source_title, s.publisher AS source_publisher, s.author AS source_author,
               s.published_on AS source_published_on, s.document AS source_document,
               s.locator AS source_locator, s.url AS source_url,
               m.total
        FROM listed m
        LEFT JOIN localities l ON l.locality_id = m.locality_id
        LEFT JOIN sources s ON s.source_id = m.source_id
        LEFT JOIN source_lines sl ON sl.source_id = m.source_id
        ORDER BY m.held_on DESC NULLS LAST, m.title
    """, filters, search=search.strip(), limit=limit)


def meetings_per_year(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """How many meetings (and key points) per year; undated ones under 'Date not stated'."""
    return frame(cursor, f"""
        SELECT coalesce(year(m.held_on)::VARCHAR, 'Date not stated') AS year,
               count(DISTINCT m.meeting_id) AS meetings, count(i.insight_id) AS key_points
        FROM meetings m LEFT JOIN insights i ON i.meeting_id = m.meeting_id
        WHERE {MEETING_FILTER}
        GROUP BY ALL ORDER BY year
    """, filters)
