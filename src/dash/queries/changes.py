"""What changed since a day, for one filter: the reads behind the "Since we last met" page, the board
pack's section and ``python -m dash changes``.

Worked out from the store's own history, never from a second copy: the journal's ``writes`` table
(who made each write and when), ``record_changes`` (each record's cells before and after),
``theme_reviews`` (each reviewer's say and when) and the records' own dates (a meeting's day).
Every query takes the filter and the day; a change counts when it was made from the start of that
day, UK time (``cutoff``). Each applies the filter as the page showing what changed does: grants as
the Grants page, write-ups as the Meetings page, theme codes as the Themes page; a record's change
by the record's place and organisation as it stands now. An import taken back out is in no place any
more, so every removal is listed, whatever the filter. Which ``writes`` rows to look at is given as
data: the kind of write's name in the journal (``kind``), passed in by ``dash.since`` from the write
registry's kinds, so no read imports a write.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import (
    BY_ORGANISATION,
    CODE_FILTER,
    IN_PICKED_PLACES,
    MEETING_FILTER,
    frame,
    meeting_filter,
)
from dash.queries.grants import GRANT_FILTER

UK = ZoneInfo("Europe/London")
# A written time in UK time, as the Activity page shows it.
UK_TIME = "timezone('Europe/London', timezone('UTC', {column}))"


def cutoff(since: dt.date) -> dt.datetime:
    """The start of ``since`` in the UK, as the store's UTC clock reads it (``writes.written_at``)."""
    start = dt.datetime.combine(since, dt.time(0), tzinfo=UK)
    return start.astimezone(dt.UTC).replace(tzinfo=None)


def last_meeting(cursor: duckdb.DuckDBPyConnection, filters: Filters,
                 today: dt.date | None = None) -> dict[str, object] | None:
    """The latest meeting in the filter held on or before ``today``: its title and day (the page's
    default date), or None when no meeting in the filter has a day."""
    row = frame(cursor, f"""
        SELECT m.title, m.held_on FROM meetings m
        WHERE {MEETING_FILTER} AND m.held_on <= $today
        ORDER BY m.held_on DESC, m.title LIMIT 1
    """, filters, today=today or dt.date.today())
    return None if row.empty else {"title": row["title"].iloc[0], "held_on": row["held_on"].iloc[0].date()}


def grants_added(cursor: duckdb.DuckDBPyConnection, filters: Filters, since: dt.date, *, kind: str
                 ) -> pd.DataFrame:
    """Grants from 360Giving files imported since the day, by file, funder, programme and currency:
    how many and how much, and who imported the file and when (UK time)."""
    return frame(cursor, f"""
        WITH imported AS (
            SELECT subject AS source_id, arg_max(written_by, entry) AS written_by,
                   max(written_at) AS written_at
            FROM writes WHERE kind = $kind GROUP BY subject
            HAVING max(written_at) >= $cutoff
        )
        SELECT coalesce(s.document, g.source_id) AS file, g.funding_org_name AS funder,
               g.grant_programme_title AS programme, g.currency,
               count(*) AS grants, sum(g.amount_awarded)::DOUBLE AS amount,
               i.written_by, {UK_TIME.format(column="i.written_at")} AS written_at
        FROM grants g
        JOIN imported i ON i.source_id = g.source_id
        LEFT JOIN sources s ON s.source_id = g.source_id
        WHERE {GRANT_FILTER}
        GROUP BY ALL
        ORDER BY written_at DESC, amount DESC NULLS LAST, funder, programme
    """, filters, kind=kind, cutoff=cutoff(since))


def write_ups_added(cursor: duckdb.DuckDBPyConnection, filters: Filters, since: dt.date, *, kind: str
                    ) -> pd.DataFrame:
    """Write-ups imported since the day and still in the store, in the filter: who imported each and
    when (UK time), and its key points in order."""
    return frame(cursor, f"""
        WITH imported AS (
            SELECT subject AS meeting_id, arg_max(written_by, entry) AS written_by,
                   max(written_at) AS written_at
            FROM writes WHERE kind = $kind GROUP BY subject
            HAVING max(written_at) >= $cutoff
        )
        SELECT m.meeting_id, m.title, m.held_on, i.written_by,
               {UK_TIME.format(column="i.written_at")} AS written_at,
               coalesce((SELECT list(k.text ORDER BY k.position) FROM insights k
                         WHERE k.meeting_id = m.meeting_id), []) AS key_points
        FROM meetings m JOIN imported i ON i.meeting_id = m.meeting_id
        WHERE {MEETING_FILTER}
        ORDER BY written_at DESC, m.title
    """, filters, kind=kind, cutoff=cutoff(since))


# Whether a code of this status counts, as the theme charts count it (dash.queries.themes): accepted
# codes, and suggestions (a code reviewers disagree on among them) unless the filter counts accepted
# codes only.
_COUNTS = "({status} = 'accepted' OR ($include_suggestions AND {status} IN ('suggested', 'disputed')))"


def theme_changes(cursor: duckdb.DuckDBPyConnection, filters: Filters, since: dt.date, *, write_up: str
                  ) -> pd.DataFrame:
    """Each theme whose count of key points moved since the day, in the filter: the count before and
    now, and the key points behind the change (each with its meeting, the meeting's source as charts
    cite it, and whether it came or went).

    A code moves when its key point came in a write-up imported since the day (it was not there
    before) or a reviewer decided on it since. What it was before is worked out from the reviews made
    before the day (``theme_reviews``), as a decision works it out (``dash.write.decisions``): the
    latest settling say, else the reviewers' shared view, else disputed; with no review before, a
    suggestion of the rules' (any code a person did not add). A reviewer who changed their mind
    since is read by their latest say only, which is all the store keeps. Key points of a write-up
    removed since the day went with it: the removal is listed among the imports taken out."""
    return frame(cursor, f"""
        WITH new_points AS (
            SELECT k.insight_id FROM insights k
            JOIN writes w ON w.kind = $write_up AND w.subject = k.meeting_id AND w.written_at >= $cutoff
            GROUP BY k.insight_id
        ),
        reviewed AS (
            SELECT insight_id, theme_id FROM theme_reviews WHERE decided_at >= $cutoff GROUP BY ALL
        ),
        earlier AS (  -- the reviews made before the day, per code
            SELECT r.insight_id, r.theme_id,
                   arg_max(r.says_yes, r.sequence) FILTER (WHERE r.settles) AS settled_yes,
                   bool_and(r.says_yes) AS all_yes, bool_or(r.says_yes) AS any_yes, count(*) AS reviews
            FROM theme_reviews r JOIN reviewed USING (insight_id, theme_id)
            WHERE r.decided_at < $cutoff GROUP BY ALL
        ),
        moved AS (
            SELECT it.insight_id, it.theme_id, it.status AS now_status,
                   CASE WHEN it.insight_id IN (SELECT insight_id FROM new_points) THEN NULL
                        WHEN e.settled_yes IS NOT NULL THEN
                            CASE WHEN e.settled_yes THEN 'accepted' ELSE 'rejected' END
                        WHEN e.reviews > 0 THEN
                            CASE WHEN e.all_yes THEN 'accepted' WHEN NOT e.any_yes THEN 'rejected'
                                 ELSE 'disputed' END
                        WHEN it.method = 'person' THEN NULL
                        ELSE 'suggested' END AS before_status
            FROM insight_themes it
            LEFT JOIN earlier e USING (insight_id, theme_id)
            WHERE it.insight_id IN (SELECT insight_id FROM new_points)
               OR EXISTS (SELECT 1 FROM reviewed r
                          WHERE r.insight_id = it.insight_id AND r.theme_id = it.theme_id)
        ),
        counted AS (
            SELECT mv.theme_id, mv.insight_id,
                   {_COUNTS.format(status="mv.now_status")}::INTEGER
                   - coalesce({_COUNTS.format(status="mv.before_status")}, FALSE)::INTEGER AS change
            FROM moved mv
            JOIN insights k ON k.insight_id = mv.insight_id
            JOIN meetings c ON c.meeting_id = k.meeting_id AND c.retired_on IS NULL
            WHERE {meeting_filter("c")}
        ),
        now_counts AS (
            SELECT c.theme_id, count(*) AS now FROM theme_codes c
            WHERE {CODE_FILTER} AND {_COUNTS.format(status="c.status")} GROUP BY ALL
        )
        SELECT t.theme_id, t.name AS theme, coalesce(n.now, 0) - sum(ch.change) AS before,
               coalesce(n.now, 0) AS now, sum(ch.change)::INTEGER AS change,
               list({{'text': k.text, 'meeting': m.title, 'change': ch.change, 'source': sl.line}}
                    ORDER BY ch.change DESC, m.title, k.position) AS key_points
        FROM counted ch
        JOIN themes t ON t.theme_id = ch.theme_id
        JOIN insights k ON k.insight_id = ch.insight_id
        JOIN meetings m ON m.meeting_id = k.meeting_id
        LEFT JOIN source_lines sl ON sl.source_id = m.source_id
        LEFT JOIN now_counts n ON n.theme_id = ch.theme_id
        WHERE ch.change <> 0
        GROUP BY t.theme_id, t.name, n.now
        HAVING sum(ch.change) <> 0
        ORDER BY abs(sum(ch.change)) DESC, change DESC, theme
    """, filters, write_up=write_up, cutoff=cutoff(since))


def _record_in_filter() -> str:
    """A changed record (``rc``) in the filter's places and organisations, as it stands now: funds,
    panels, meetings and key points have a place; other records (a source, an organisation) are in
    every filter's list, as the period is in no record's change."""
    fund = " AND ".join([IN_PICKED_PLACES.format(column="f.locality_id"),
                         BY_ORGANISATION.format(column="f.org_id")])
    panel = " AND ".join([IN_PICKED_PLACES.format(column="p.locality_id"),
                          BY_ORGANISATION.format(column="pf.org_id")])
    meeting = f"""(
        ($localities IS NULL OR m.meeting_id IN (
            SELECT ma.meeting_id FROM meeting_areas ma WHERE list_contains($localities, ma.within_id)))
        AND {BY_ORGANISATION.format(column="m.organiser_org_id")})"""
    return f"""(
        ($localities IS NULL AND $organisations IS NULL)
        OR rc.table_name NOT IN ('funds', 'panels', 'meetings', 'insights', 'meeting_places', 'speakers',
                                 'mentions')
        OR (rc.table_name = 'funds' AND rc.record_id IN (SELECT f.fund_id FROM funds f WHERE {fund}))
        OR (rc.table_name = 'panels' AND rc.record_id IN (
            SELECT p.panel_id FROM panels p LEFT JOIN funds pf ON pf.fund_id = p.fund_id WHERE {panel}))
        OR (rc.table_name = 'meetings' AND rc.record_id IN (
            SELECT m.meeting_id FROM meetings m WHERE {meeting}))
        OR (rc.table_name = 'insights' AND rc.record_id IN (
            SELECT k.insight_id FROM insights k JOIN meetings m ON m.meeting_id = k.meeting_id
            WHERE {meeting}))
        OR (rc.table_name IN ('meeting_places', 'speakers', 'mentions')
            AND split_part(rc.record_id, '|', 1) IN (SELECT m.meeting_id FROM meetings m WHERE {meeting}))
    )"""


def records_corrected(cursor: duckdb.DuckDBPyConnection, filters: Filters, since: dt.date, *, kind: str
                      ) -> pd.DataFrame:
    """Each change an editor made to a record since the day (added, changed, retired, brought back,
    removed, or undone), in the filter: the write's line in words, who and when (UK time), and the
    changed cells before and after (JSON) with the change it undid, if any. Newest first."""
    return frame(cursor, f"""
        SELECT w.entry, w.summary, w.written_by, {UK_TIME.format(column="w.written_at")} AS written_at,
               rc.table_name, rc.record_id, rc.action, rc.before, rc.after, rc.undoes
        FROM writes w JOIN record_changes rc ON rc.entry = w.entry
        WHERE w.kind = $kind AND w.written_at >= $cutoff AND {_record_in_filter()}
        ORDER BY w.entry DESC, rc.table_name, rc.record_id
    """, filters, kind=kind, cutoff=cutoff(since))


def imports_removed(cursor: duckdb.DuckDBPyConnection, since: dt.date, *, kind: str) -> pd.DataFrame:
    """Every import taken back out since the day (whatever the filter: a removed import is in no place
    any more): the write's line in words, who and when (UK time). Newest first."""
    return frame(cursor, f"""
        SELECT w.entry, w.summary, w.written_by, {UK_TIME.format(column="w.written_at")} AS written_at
        FROM writes w WHERE w.kind = $kind AND w.written_at >= $cutoff
        ORDER BY w.entry DESC
    """, kind=kind, cutoff=cutoff(since))


def reviews_made(cursor: duckdb.DuckDBPyConnection, filters: Filters, since: dt.date, *, kind: str
                 ) -> pd.DataFrame:
    """Each theme review (a vote, or a decision settling a disagreement) made since the day on a key
    point in the filter: the write's line in words, the theme, who and when (UK time). Newest first."""
    return frame(cursor, f"""
        SELECT w.entry, w.summary, w.written_by, {UK_TIME.format(column="w.written_at")} AS written_at,
               split_part(w.subject, '|', 1) AS theme_id, t.name AS theme
        FROM writes w
        JOIN insights k ON k.insight_id = split_part(w.subject, '|', 2)
        JOIN meetings m ON m.meeting_id = k.meeting_id
        LEFT JOIN themes t ON t.theme_id = split_part(w.subject, '|', 1)
        WHERE w.kind = $kind AND w.written_at >= $cutoff AND {MEETING_FILTER}
        ORDER BY w.entry DESC
    """, filters, kind=kind, cutoff=cutoff(since))
