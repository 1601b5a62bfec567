"""Places and organisations: the choices in the sidebar, and the map's figures."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import FUND_FILTER, IN_PICKED_PLACES, MEETING_FILTER, frame
from dash.store.summaries import MEETING_PLACES

# The place of every record a page shows by area: funds, panels, meetings and the places meetings
# discussed (one row per record).
_RECORD_PLACES = """
    SELECT locality_id FROM funds UNION ALL SELECT locality_id FROM panels
    UNION ALL SELECT locality_id FROM meetings UNION ALL SELECT locality_id FROM meeting_places
"""


def locality_options(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every place a trustee can pick, places with records first, then by name."""
    return frame(cursor, f"""
        WITH used AS ({_RECORD_PLACES}),
        used_within AS (
            SELECT DISTINCT lw.within_id AS locality_id
            FROM locality_within lw JOIN used USING (locality_id)
        )
        SELECT l.locality_id, l.name, l.kind, l.ons_code,
               l.name || ' (' || l.kind || ')' AS label,
               u.locality_id IS NOT NULL AS has_records
        FROM localities l LEFT JOIN used_within u USING (locality_id)
        WHERE l.is_current
        ORDER BY has_records DESC, l.name
    """)


def busiest_places(cursor: duckdb.DuckDBPyConnection, limit: int = 500) -> list[str]:
    """Places (regions, counties, districts…) by how many funds, panels and meetings lie in them,
    most first: the order in which the server prepares each place's Overview before anyone asks."""
    return [row[0] for row in cursor.execute(f"""
        WITH records AS ({_RECORD_PLACES})
        SELECT lw.within_id, count(*) AS records
        FROM records r
        JOIN locality_within lw ON lw.locality_id = r.locality_id
        JOIN localities l ON l.locality_id = lw.within_id
        WHERE l.is_current
        GROUP BY lw.within_id ORDER BY records DESC, lw.within_id LIMIT $limit
    """, {"limit": limit}).fetchall()]


def organisation_options(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Organisations that hold a fund or organised a meeting."""
    return frame(cursor, """
        SELECT o.org_id, o.name FROM organisations o
        WHERE o.org_id IN (SELECT org_id FROM funds UNION SELECT organiser_org_id FROM meetings)
        ORDER BY o.name
    """)


def resolve_locality(cursor: duckdb.DuckDBPyConnection, text: str) -> str | None:
    """An id for an ONS code, an id, or a readable name ('Bristol' finds 'Bristol, City of')."""
    row = cursor.execute("""
        SELECT locality_id FROM localities
        WHERE upper(locality_id) = upper($text) OR upper(ons_code) = upper($text)
           OR lower(name) = lower($text) OR lower(ons_name) = lower($text)
           OR starts_with(lower(name), lower($text) || ', ')
        ORDER BY is_current DESC, (lower(name) = lower($text)) DESC, locality_id
        LIMIT 1
    """, {"text": text.strip()}).fetchone()
    return row[0] if row else None


def place_names(cursor: duckdb.DuckDBPyConnection, ids: tuple[str, ...]) -> list[str]:
    """Display names for ids, in the order given."""
    if not ids:
        return []
    names = dict(cursor.execute(
        "SELECT locality_id, name FROM localities WHERE list_contains($ids, locality_id)",
        {"ids": list(ids)},
    ).fetchall())
    return [names.get(i, i) for i in ids]


def organisation_names(cursor: duckdb.DuckDBPyConnection, ids: tuple[str, ...]) -> list[str]:
    if not ids:
        return []
    names = dict(cursor.execute(
        "SELECT org_id, name FROM organisations WHERE list_contains($ids, org_id)", {"ids": list(ids)}
    ).fetchall())
    return [names.get(i, i) for i in ids]


def view_names(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[list[str], list[str]]:
    """The filter's places and organisations by name: what a view is called beside another."""
    return place_names(cursor, filters.localities), organisation_names(cursor, filters.organisations)


def lies_within(cursor: duckdb.DuckDBPyConnection, inner: tuple[str, ...], outer: tuple[str, ...]) -> bool:
    """Whether every place of ``inner`` lies inside one of ``outer`` (Bristol inside South West):
    then ``outer``'s figures count ``inner``'s too, and a comparison of the two says so."""
    if not inner or not outer:
        return False
    inside = cursor.execute("""
        SELECT count(DISTINCT locality_id) FROM locality_within
        WHERE depth > 0 AND list_contains($inner, locality_id) AND list_contains($outer, within_id)
    """, {"inner": list(inner), "outer": list(outer)}).fetchone()[0]
    return inside == len(set(inner))


def money_by_district(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per current district: money in funds and number of meetings, for the map.

    Each record is placed in the smallest district that contains it (Watchet in
    Somerset); records at a wider level (a region, a nation, a combined area)
    have no single district and are left off the map.
    """
    return frame(cursor, f"""
        WITH fund_rows AS (
            SELECT d.district_id, f.amount_gbp, f.name
            FROM funds f JOIN district_of d ON d.locality_id = f.locality_id
            WHERE {FUND_FILTER}
        ),
        meeting_rows AS (
            SELECT DISTINCT d.district_id, m.meeting_id
            FROM meetings m
            JOIN {MEETING_PLACES} mp ON mp.meeting_id = m.meeting_id
            JOIN district_of d ON d.locality_id = mp.locality_id
            WHERE {MEETING_FILTER} AND {IN_PICKED_PLACES.format(column="mp.locality_id")}
        ),
        fund_totals AS (
            SELECT district_id, sum(amount_gbp)::DOUBLE AS money_gbp, count(*) AS funds,
                   string_agg(name, '; ' ORDER BY amount_gbp DESC NULLS LAST) AS fund_names
            FROM fund_rows GROUP BY district_id
        ),
        meeting_totals AS (
            SELECT district_id, count(*) AS meetings FROM meeting_rows GROUP BY district_id
        )
        SELECT l.locality_id, l.name, l.ons_name, coalesce(f.money_gbp, 0) AS money_gbp,
               coalesce(f.funds, 0) AS funds, f.fund_names, coalesce(m.meetings, 0) AS meetings
        FROM fund_totals f FULL OUTER JOIN meeting_totals m USING (district_id)
        JOIN localities l ON l.locality_id = district_id
        ORDER BY money_gbp DESC, l.name
    """, filters)


def boundary_codes(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every district code (current or abolished) with the current district it now lies in.

    The boundaries shipped in data/geo are from 2020; districts merged since then are
    drawn with their old shapes, each coloured as the authority that replaced it.
    """
    return frame(cursor, """
        SELECT locality_id AS shape_code, district_id AS locality_id, region_id FROM district_of
    """)


def places_within(cursor: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    """Each place → the places it lies within (not itself): a write-up naming Newham and London is
    about Newham."""
    return {locality_id: frozenset(outer) for locality_id, outer in cursor.execute(
        "SELECT locality_id, list(within_id) FROM locality_within WHERE depth > 0 GROUP BY locality_id"
    ).fetchall()}


def place_name_index(cursor: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Names a write-up might use for a place → its id ('Bristol' and 'Bristol, City of' alike)."""
    index: dict[str, str] = {}
    for locality_id, name, ons_name in cursor.execute(
        "SELECT locality_id, name, ons_name FROM localities WHERE is_current ORDER BY length(name) DESC"
    ).fetchall():
        for variant in {name, name.split(",")[0].strip(), ons_name or name}:
            if len(variant) >= 4:
                index.setdefault(variant, locality_id)
    return index


def town_name_index(cursor: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Towns and neighbourhoods a write-up might name → the current council they lie in, its id and
    name ('Paignton' → Torbay's): the gazetteer (``district_places``), for the importer."""
    return {name: (locality_id, council) for name, locality_id, council in cursor.execute("""
        SELECT dp.name, dp.locality_id, l.name
        FROM district_places dp JOIN localities l USING (locality_id)
        WHERE l.is_current
        ORDER BY dp.name
    """).fetchall()}
