"""Summary tables, refreshed inside every write so they can never disagree with the tables they summarise.

Pages filter by area on every rerun. Working out which meetings lie in an area,
and joining theme codes to key points to meetings, costs tens of milliseconds per
query at national scale; the same answers, stored once per write, cost a few.
Each refresh replaces a table's rows inside the writer's transaction, so readers
see the old snapshot or the new one, never summaries from one and facts from the other.
"""

from __future__ import annotations

import duckdb

from dash.store.kinds import DISTRICT_KINDS

_DISTRICT_KINDS = "[" + ", ".join(f"'{kind}'" for kind in DISTRICT_KINDS) + "]"

# GrantNav's amount bands: each is (upper limit in pounds, label); the last has no limit. The
# grant summary is counted by them, and the Grants page's chart names them.
AMOUNT_BANDS: tuple[tuple[float | None, str], ...] = (
    (500, "Up to £500"), (1_000, "£501 to £1k"), (5_000, "£1k to £5k"), (10_000, "£5k to £10k"),
    (50_000, "£10k to £50k"), (100_000, "£50k to £100k"), (1_000_000, "£100k to £1m"), (None, "Over £1m"),
)


def band_case(amount: str) -> str:
    """SQL: the band's position for the amount ``amount`` (a column)."""
    cases = " ".join(f"WHEN {amount} <= {limit} THEN {order}"
                     for order, (limit, _) in enumerate(AMOUNT_BANDS) if limit is not None)
    return f"CASE {cases} ELSE {len(AMOUNT_BANDS) - 1} END"


# A meeting's places: where it was held, and the places it discussed (the queries use it too).
MEETING_PLACES = """(
    SELECT meeting_id, locality_id FROM meetings WHERE locality_id IS NOT NULL AND retired_on IS NULL
    UNION SELECT mp.meeting_id, mp.locality_id FROM meeting_places mp
    JOIN meetings m ON m.meeting_id = mp.meeting_id AND m.retired_on IS NULL
)"""

# Ordered by the column the filters look up, so DuckDB's zone maps skip most of the table.
SUMMARIES: dict[str, str] = {
    # Each place → the smallest current district containing it (a town → its authority) and that
    # district's region; wider places (regions, nations, combined areas) have none: not on the maps.
    "district_of": f"""
        WITH nearest AS (
            SELECT lw.locality_id, arg_min(lw.within_id, lw.depth) AS district_id
            FROM locality_within lw JOIN localities d ON d.locality_id = lw.within_id
            WHERE d.is_current AND d.kind IN (SELECT unnest({_DISTRICT_KINDS}))
            GROUP BY lw.locality_id
        ),
        region_of AS (  -- each district's region (England) or nation
            SELECT r.locality_id, arg_min(r.within_id, r.depth) AS region_id
            FROM locality_within r JOIN localities rl ON rl.locality_id = r.within_id
            WHERE rl.kind IN ('region', 'nation')
            GROUP BY r.locality_id
        )
        SELECT n.locality_id, n.district_id, ro.region_id
        FROM nearest n LEFT JOIN region_of ro ON ro.locality_id = n.district_id
        ORDER BY n.locality_id
    """,
    "meeting_areas": f"""
        SELECT DISTINCT lw.within_id, held.meeting_id
        FROM {MEETING_PLACES} held
        JOIN locality_within lw ON lw.locality_id = held.locality_id
        ORDER BY lw.within_id, held.meeting_id
    """,
    # Each source as every chart, table and slide cites it: title, publisher and when its figures
    # were reported (published; else the earliest meeting or fund report citing it; else the latest
    # award in a grants file), so a board sees how old a figure is.
    "source_lines": """
        WITH dated AS (
            SELECT source_id, min(day) AS reported_on FROM (
                SELECT source_id, reported_on AS day FROM funds
                UNION ALL SELECT source_id, held_on FROM meetings
            ) WHERE day IS NOT NULL GROUP BY source_id
        ),
        awarded AS (SELECT source_id, max(award_date) AS last_award FROM grants GROUP BY source_id)
        SELECT s.source_id,
               s.title || coalesce(' — ' || s.publisher, '') || ', ' || CASE
                   WHEN s.published_on IS NOT NULL THEN 'published ' || strftime(s.published_on, '%-d %B %Y')
                   WHEN d.reported_on IS NOT NULL THEN 'reported ' || strftime(d.reported_on, '%-d %B %Y')
                   WHEN a.last_award IS NOT NULL THEN 'awards up to ' || strftime(a.last_award, '%-d %B %Y')
                   ELSE 'undated' END AS line,
               coalesce(s.published_on, d.reported_on, a.last_award) AS reported_on
        FROM sources s
        LEFT JOIN dated d ON d.source_id = s.source_id
        LEFT JOIN awarded a ON a.source_id = s.source_id
        ORDER BY s.source_id
    """,
    "grant_cells": f"""
        SELECT g.locality_id, date_trunc('month', g.award_date)::DATE AS award_month, g.currency,
               {band_case("g.amount_awarded")} AS band_order, count(*) AS grants,
               sum(g.amount_awarded) AS amount, min(g.award_date) AS first_award,
               max(g.award_date) AS last_award
        FROM grants g
        GROUP BY ALL
        ORDER BY g.locality_id, award_month
    """,
    "theme_codes": """
        -- a code reviewers disagree on counts as not yet settled, with the unreviewed suggestions
        SELECT it.insight_id, it.theme_id,
               CASE it.status WHEN 'disputed' THEN 'suggested' ELSE it.status END AS status,
               i.meeting_id, m.held_on, m.organiser_org_id
        FROM insight_themes it
        JOIN insights i ON i.insight_id = it.insight_id
        JOIN meetings m ON m.meeting_id = i.meeting_id AND m.retired_on IS NULL
        ORDER BY i.meeting_id, it.theme_id
    """,
}


def refresh_summaries(connection: duckdb.DuckDBPyConnection) -> None:
    """Recompute every summary table from the facts in ``connection`` (inside its open transaction)."""
    for table, query in SUMMARIES.items():
        connection.execute(f"DELETE FROM {table}")
        connection.execute(f"INSERT INTO {table} {query}")
