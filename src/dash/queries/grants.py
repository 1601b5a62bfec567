"""Grants from 360Giving files: totals, amount bands, years, places, recipients and funds."""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import BY_ORGANISATION, IN_PERIOD, IN_PICKED_PLACES, frame

# GrantNav's amount bands: each is (upper limit in pounds, label); the last has no limit.
AMOUNT_BANDS: tuple[tuple[float | None, str], ...] = (
    (500, "Up to £500"), (1_000, "£501 to £1k"), (5_000, "£1k to £5k"), (10_000, "£5k to £10k"),
    (50_000, "£10k to £50k"), (100_000, "£50k to £100k"), (1_000_000, "£100k to £1m"), (None, "Over £1m"),
)

GRANT_FILTER = " AND ".join([
    IN_PICKED_PLACES.format(column="g.locality_id"),
    IN_PERIOD.format(column="g.award_date"),
    BY_ORGANISATION.format(column="(SELECT org_id FROM funds WHERE fund_id = g.fund_id)"),
])


def _band_case() -> str:
    cases = " ".join(
        f"WHEN g.amount_awarded <= {limit} THEN {order}" for order, (limit, _) in enumerate(AMOUNT_BANDS)
        if limit is not None
    )
    return f"CASE {cases} ELSE {len(AMOUNT_BANDS) - 1} END"


def grant_totals(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per currency: grants, money, and how many name no place we can map."""
    return frame(cursor, f"""
        SELECT g.currency, count(*) AS grants, sum(g.amount_awarded)::DOUBLE AS amount,
               count(*) FILTER (WHERE g.locality_id IS NULL) AS without_location,
               min(g.award_date) AS first_award, max(g.award_date) AS last_award
        FROM grants g WHERE {GRANT_FILTER}
        GROUP BY ALL ORDER BY grants DESC
    """, filters)


def grants_by_band(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every GrantNav amount band, empty ones included, in pounds sterling only."""
    labels = pd.DataFrame({"band_order": range(len(AMOUNT_BANDS)), "band": [b[1] for b in AMOUNT_BANDS]})
    counted = frame(cursor, f"""
        SELECT {_band_case()} AS band_order, count(*) AS grants, sum(g.amount_awarded)::DOUBLE AS amount
        FROM grants g WHERE {GRANT_FILTER} AND g.currency = 'GBP'
        GROUP BY ALL
    """, filters)
    merged = labels.merge(counted, on="band_order", how="left")
    return merged.fillna({"grants": 0, "amount": 0.0}).astype({"grants": int})


def grants_by_year(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return frame(cursor, f"""
        SELECT year(g.award_date) AS year, count(*) AS grants,
               sum(g.amount_awarded) FILTER (WHERE g.currency = 'GBP')::DOUBLE AS amount
        FROM grants g WHERE {GRANT_FILTER}
        GROUP BY ALL ORDER BY year
    """, filters)


def grants_by_place(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Money per beneficiary place; grants with no mappable place are one row of their own."""
    return frame(cursor, f"""
        SELECT coalesce(l.name, 'No location given') AS place, g.locality_id,
               count(*) AS grants, sum(g.amount_awarded)::DOUBLE AS amount
        FROM grants g LEFT JOIN localities l ON l.locality_id = g.locality_id
        WHERE {GRANT_FILTER} AND g.currency = 'GBP'
        GROUP BY ALL ORDER BY amount DESC, place
    """, filters)


def top_recipients(cursor: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 10) -> pd.DataFrame:
    return frame(cursor, f"""
        SELECT coalesce(g.recipient_org_name, 'Not named') AS recipient, count(*) AS grants,
               sum(g.amount_awarded)::DOUBLE AS amount
        FROM grants g WHERE {GRANT_FILTER} AND g.currency = 'GBP'
        GROUP BY ALL ORDER BY amount DESC, recipient LIMIT $limit
    """, filters, limit=limit)


def granted_against_funds(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """For each fund that grants are linked to: its size and the money granted from it."""
    return frame(cursor, f"""
        SELECT f.name AS fund, f.amount_gbp::DOUBLE AS fund_size,
               sum(g.amount_awarded)::DOUBLE AS granted, count(*) AS grants
        FROM grants g JOIN funds f ON f.fund_id = g.fund_id
        WHERE {GRANT_FILTER} AND g.currency = 'GBP'
        GROUP BY ALL ORDER BY granted DESC
    """, filters)


def grant_count(cursor: duckdb.DuckDBPyConnection) -> int:
    return cursor.execute("SELECT count(*) FROM grants").fetchone()[0]


def grants_by_district(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Money granted per district, shaped like the funds map's data; ``off_map`` counts the rest.
    When no grant names a district but some name a region or nation (a funder's file often gives
    only those), the rows are those areas instead, with ``level`` 'region'."""
    return frame(cursor, f"""
        WITH placed AS (
            SELECT d.district_id, g.locality_id, g.amount_awarded
            FROM grants g LEFT JOIN district_of d ON d.locality_id = g.locality_id
            WHERE {GRANT_FILTER} AND g.currency = 'GBP'
        ),
        districts AS (
            SELECT l.locality_id, l.name, l.ons_name, sum(p.amount_awarded)::DOUBLE AS money_gbp,
                   count(*) AS funds, 'district' AS level
            FROM placed p JOIN localities l ON l.locality_id = p.district_id
            GROUP BY ALL
        ),
        wider AS (
            SELECT l.locality_id, l.name, l.ons_name, sum(p.amount_awarded)::DOUBLE AS money_gbp,
                   count(*) AS funds, 'region' AS level
            FROM placed p JOIN localities l ON l.locality_id = p.locality_id
            WHERE p.district_id IS NULL AND l.kind IN ('region', 'nation')
              AND NOT EXISTS (SELECT 1 FROM districts)
            GROUP BY ALL
        ),
        rows AS (SELECT * FROM districts UNION ALL BY NAME SELECT * FROM wider)
        SELECT r.locality_id, r.name, r.ons_name, r.money_gbp, r.funds, NULL AS fund_names, 0 AS meetings,
               r.level, (SELECT count(*) FROM placed) - (SELECT sum(funds) FROM rows) AS off_map
        FROM rows r ORDER BY r.money_gbp DESC, r.name
    """, filters)
