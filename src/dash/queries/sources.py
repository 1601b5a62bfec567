"""Where a chart's figures come from, for charts whose own data carries no source: the sources of
the meetings, funds or grants in the filter, by title (and publisher), as every slide must cite."""

from __future__ import annotations

import duckdb

from dash.filters import Filters
from dash.queries.common import FUND_FILTER, MEETING_FILTER, bound
from dash.queries.grants import GRANT_FILTER

MOST = 50  # beyond this a chart's source line is a list nobody reads: the rest are counted

_RECORDS = {
    "meetings": f"FROM meetings m JOIN source_lines s ON s.source_id = m.source_id WHERE {MEETING_FILTER}",
    "funds": f"FROM funds f JOIN source_lines s ON s.source_id = f.source_id WHERE {FUND_FILTER}",
    "grants": f"FROM grants g JOIN source_lines s ON s.source_id = g.source_id WHERE {GRANT_FILTER}",
}


def cited(cursor: duckdb.DuckDBPyConnection, filters: Filters, records: str) -> tuple[str, ...]:
    """'Title — Publisher, reported 9 February 2022' of every source behind the ``records``
    ('meetings', 'funds' or 'grants') in the filter, alphabetical; at most ``MOST``, then how many more."""
    sql = f"""
        SELECT DISTINCT s.line
        {_RECORDS[records]}
        ORDER BY line"""
    lines = [row[0] for row in cursor.execute(sql, bound(sql, filters)).fetchall()]
    if len(lines) > MOST:
        return (*lines[:MOST], f"and {len(lines) - MOST:,} more")
    return tuple(lines)
