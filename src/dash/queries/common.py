"""SQL fragments shared by the subject modules: how the filter applies to each record."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.filters import Filters

# Text as plain Python strings, not Arrow-backed: the frames here are short (a page's worth), and
# pandas' per-operation cost on Arrow strings made each chart about a fifth slower (seed store,
# Overview charts: 73 → 59 ms a visit; national: 109 → 100 ms). Set once, where frames are made.
pd.set_option("mode.string_storage", "python")

# A record's place is inside the picked places when one of them contains it.
IN_PICKED_PLACES = """(
    $localities IS NULL OR {column} IN (
        SELECT lw.locality_id FROM locality_within lw WHERE list_contains($localities, lw.within_id)
    )
)"""

IN_PERIOD = """(
    ($date_from IS NULL OR {column} >= $date_from) AND ($date_to IS NULL OR {column} <= $date_to)
)"""

BY_ORGANISATION = "($organisations IS NULL OR list_contains($organisations, {column}))"

# A record an editor retired is in no count, chart or list (dash.write.records).
FUND_FILTER = " AND ".join([
    "f.retired_on IS NULL",
    IN_PICKED_PLACES.format(column="f.locality_id"),
    IN_PERIOD.format(column="f.reported_on"),
    BY_ORGANISATION.format(column="f.org_id"),
])

PANEL_FILTER = " AND ".join([
    "p.retired_on IS NULL",
    IN_PICKED_PLACES.format(column="p.locality_id"),
    IN_PERIOD.format(column="pf.reported_on"),
    BY_ORGANISATION.format(column="pf.org_id"),
])


def meeting_filter(alias: str) -> str:
    """The filter for rows carrying a meeting's ``meeting_id``, ``held_on`` and ``organiser_org_id``
    under ``alias`` (a meeting, or a theme code that copies them): a meeting matches a place where it
    was held there or discussed it (the ``meeting_areas`` summary holds both, with every area above)."""
    return " AND ".join([
        f"""(
            $localities IS NULL OR {alias}.meeting_id IN (
                SELECT ma.meeting_id FROM meeting_areas ma WHERE list_contains($localities, ma.within_id)
            )
        )""",
        IN_PERIOD.format(column=f"{alias}.held_on"),
        BY_ORGANISATION.format(column=f"{alias}.organiser_org_id"),
    ])


MEETING_FILTER = "m.retired_on IS NULL AND " + meeting_filter("m")
CODE_FILTER = meeting_filter("c")  # on theme_codes c, which holds no retired meeting's codes


def bound(sql: str, filters: Filters | None = None, **extra: object) -> dict[str, object]:
    """The filter's parameters (and any extra named ones) that ``sql`` uses: DuckDB refuses others."""
    params = filters.sql_params() if filters is not None else {}
    params.update(extra)
    return {name: value for name, value in params.items() if f"${name}" in sql}


def frame(cursor: duckdb.DuckDBPyConnection, sql: str, filters: Filters | None = None,
          **extra: object) -> pd.DataFrame:
    """Run ``sql`` with the filter's parameters (and any extra named ones) bound."""
    return cursor.execute(sql, bound(sql, filters, **extra)).df()
