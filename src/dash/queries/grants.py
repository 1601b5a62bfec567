"""Grants from 360Giving files: totals, amount bands, years, places, recipients and funds."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import BY_ORGANISATION, IN_PERIOD, IN_PICKED_PLACES, frame
from dash.store.summaries import AMOUNT_BANDS, band_case

GRANT_FILTER = " AND ".join([
    IN_PICKED_PLACES.format(column="g.locality_id"),
    IN_PERIOD.format(column="g.award_date"),
    BY_ORGANISATION.format(column="(SELECT org_id FROM funds WHERE fund_id = g.fund_id)"),
])


def counted_grants(filters: Filters) -> str:
    """The grants in the filter as counted rows (locality_id, currency, band_order, grants, amount,
    first_award, last_award, year), for the queries below to sum.

    From the ``grant_cells`` summary (grants by place, month, currency and band: a few thousand rows
    where there are a million grants) whenever the filter can be answered from it: no organisation
    picked, and the period whole months. Otherwise from the grants themselves, one row each."""
    whole_months = (filters.date_from is None or filters.date_from.day == 1) and (
        filters.date_to is None or (filters.date_to + dt.timedelta(days=1)).day == 1)
    if not filters.organisations and whole_months:
        return f"""
            SELECT c.locality_id, c.currency, c.band_order, c.grants, c.amount, c.first_award,
                   c.last_award, year(c.award_month) AS year
            FROM grant_cells c
            WHERE {IN_PICKED_PLACES.format(column="c.locality_id")}
              AND {IN_PERIOD.format(column="c.award_month")}"""
    return f"""
        SELECT g.locality_id, g.currency, {band_case("g.amount_awarded")} AS band_order, 1 AS grants,
               g.amount_awarded AS amount, g.award_date AS first_award, g.award_date AS last_award,
               year(g.award_date) AS year
        FROM grants g WHERE {GRANT_FILTER}"""


def grant_totals(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per currency: grants, money, and how many name no place we can map."""
    return frame(cursor, f"""
        SELECT g.currency, sum(g.grants)::BIGINT AS grants, sum(g.amount)::DOUBLE AS amount,
               coalesce(sum(g.grants) FILTER (WHERE g.locality_id IS NULL), 0)::BIGINT AS without_location,
               min(g.first_award) AS first_award, max(g.last_award) AS last_award
        FROM ({counted_grants(filters)}) g
        GROUP BY ALL ORDER BY grants DESC
    """, filters)


def grants_by_band(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every GrantNav amount band, empty ones included, in pounds sterling only."""
    labels = pd.DataFrame({"band_order": range(len(AMOUNT_BANDS)), "band": [b[1] for b in AMOUNT_BANDS]})
    counted = frame(cursor, f"""
        SELECT g.band_order, sum(g.grants)::BIGINT AS grants, sum(g.amount)::DOUBLE AS amount
        FROM ({counted_grants(filters)}) g WHERE g.currency = 'GBP'
        GROUP BY ALL
    """, filters)
    merged = labels.merge(counted, on="band_order", how="left")
    return merged.fillna({"grants": 0, "amount": 0.0}).astype({"grants": int})


def grants_by_year(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return frame(cursor, f"""
        SELECT g.year, sum(g.grants)::BIGINT AS grants,
               sum(g.amount) FILTER (WHERE g.currency = 'GBP')::DOUBLE AS amount
        FROM ({counted_grants(filters)}) g
        GROUP BY ALL ORDER BY g.year
    """, filters)


def grants_by_place(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Money per beneficiary place; grants with no mappable place are one row of their own."""
    return frame(cursor, f"""
        SELECT coalesce(l.name, 'No location given') AS place, g.locality_id,
               sum(g.grants)::BIGINT AS grants, sum(g.amount)::DOUBLE AS amount
        FROM ({counted_grants(filters)}) g LEFT JOIN localities l ON l.locality_id = g.locality_id
        WHERE g.currency = 'GBP'
        GROUP BY ALL ORDER BY any_value(g.locality_id) IS NULL, amount DESC, place
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
            SELECT d.district_id, g.locality_id, g.amount, g.grants
            FROM ({counted_grants(filters)}) g LEFT JOIN district_of d ON d.locality_id = g.locality_id
            WHERE g.currency = 'GBP'
        ),
        districts AS (
            SELECT l.locality_id, l.name, l.ons_name, sum(p.amount)::DOUBLE AS money_gbp,
                   sum(p.grants)::BIGINT AS funds, 'district' AS level
            FROM placed p JOIN localities l ON l.locality_id = p.district_id
            GROUP BY ALL
        ),
        wider AS (
            SELECT l.locality_id, l.name, l.ons_name, sum(p.amount)::DOUBLE AS money_gbp,
                   sum(p.grants)::BIGINT AS funds, 'region' AS level
            FROM placed p JOIN localities l ON l.locality_id = p.locality_id
            WHERE p.district_id IS NULL AND l.kind IN ('region', 'nation')
              AND NOT EXISTS (SELECT 1 FROM districts)
            GROUP BY ALL
        ),
        rows AS (SELECT * FROM districts UNION ALL BY NAME SELECT * FROM wider)
        SELECT r.locality_id, r.name, r.ons_name, r.money_gbp, r.funds, NULL AS fund_names, 0 AS meetings,
               r.level, (SELECT sum(grants) FROM placed) - (SELECT sum(funds) FROM rows) AS off_map
        FROM rows r ORDER BY r.money_gbp DESC, r.name
    """, filters)
