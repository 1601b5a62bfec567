"""Money against need: the filter's grants (or funds) per head of population, and by deprivation.

Every figure here divides money that lies in one current local authority ("district") by the
people living there (``need_population``), or splits it by the tenth of its nation's districts the
district falls in on **its own nation's index** (``need_deprivation``: decile 1 = the most
deprived tenth). Money no district can claim is never spread over districts: grants with no place,
or for a county, region, nation or combined area, are counted apart by ``not_counted`` so the page
can say them in words. A grant that names a district abolished since (the 2023 mergers in Cumbria,
North Yorkshire and Somerset, and earlier ones) is counted in the authority that replaced it, as
every map already places it (``district_of``), and ``not_counted`` says how much that is.

Grants are counted in pounds sterling (other currencies are counted apart); funds by their size
(``amount_gbp``; a policy with a share and no sum is counted apart). A fund's size covers its own
period, so funds per head read "money in funds serving the area per resident", not a yearly rate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries import sources as money_sources
from dash.queries.common import FUND_FILTER, IN_PICKED_PLACES, frame
from dash.queries.grants import GRANT_FILTER, counted_grants
from dash.store.kinds import DISTRICT_KINDS

GRANTS, FUNDS = "grants", "funds"
UK_ID, UK_NAME = "K02000001", "United Kingdom"
_DISTRICT_KINDS = "[" + ", ".join(f"'{kind}'" for kind in DISTRICT_KINDS) + "]"

# The parts of the money a need chart counts or leaves out, in the order a page says them.
PARTS = {
    "district": "in a local authority",
    "merged": "in a local authority merged since (counted in the one that replaced it)",
    "smaller_place": "in a place smaller than a local authority",
    "wider_area": "for a county, region, nation or combined area",
    "unknown_place": "naming a place we cannot map",
    "no_place": "naming no place",
    "other_currency": "in another currency",
    "no_sum": "with no sum in pounds",
}


def _money_rows(filters: Filters, money: str) -> str:
    """SQL: the filter's money as rows (locality_id, records, amount) in pounds."""
    if money == GRANTS:
        return f"""SELECT g.locality_id, g.grants AS records, g.amount
                   FROM ({counted_grants(filters)}) g WHERE g.currency = 'GBP'"""
    if money == FUNDS:
        return f"""SELECT f.locality_id, 1 AS records, f.amount_gbp AS amount
                   FROM funds f WHERE {FUND_FILTER} AND f.amount_gbp IS NOT NULL"""
    raise ValueError(f"money is '{GRANTS}' or '{FUNDS}', not {money!r}")


def _district_money(filters: Filters, money: str) -> str:
    """SQL: money and records per current district, for the money rows that lie in one."""
    return f"""
        SELECT d.district_id, sum(m.amount)::DOUBLE AS money, sum(m.records)::BIGINT AS records
        FROM ({_money_rows(filters, money)}) m JOIN district_of d ON d.locality_id = m.locality_id
        GROUP BY d.district_id"""


# Every current district in the picked places (all of them when none is picked), with its people,
# deprivation and the money in it. The caller puts its district money in a CTE called ``money``.
_DISTRICTS_IN_SCOPE = f"""
    SELECT p.locality_id, l.name, l.ons_name, p.nation_id, n.name AS nation, p.population,
           p.estimate_for, p.estimate_for < (SELECT max(estimate_for) FROM need_population) AS older_estimate,
           coalesce(m.money, 0)::DOUBLE AS money_gbp, coalesce(m.records, 0)::BIGINT AS records,
           coalesce(m.money, 0)::DOUBLE / p.population AS per_head,
           d.decile_in_nation, d.rank_in_nation, d.places_in_nation, d.index_id
    FROM need_population p
    JOIN need_deprivation d ON d.locality_id = p.locality_id
    JOIN localities l ON l.locality_id = p.locality_id
    JOIN localities n ON n.locality_id = p.nation_id
    LEFT JOIN money m ON m.district_id = p.locality_id
    WHERE {IN_PICKED_PLACES.format(column="p.locality_id")}
"""


def per_head_by_district(cursor: duckdb.DuckDBPyConnection, filters: Filters, money: str = GRANTS
                         ) -> pd.DataFrame:
    """Each current district in the filter's places (every one when none is picked), with its
    people, the money in it, £ per head and its decile in its own nation (1 = most deprived); the
    districts that received nothing included, at £0, highest per head first. Places smaller than a
    district have no population: a filter on a town gives no rows."""
    return frame(cursor, f"""
        WITH money AS ({_district_money(filters, money)})
        {_DISTRICTS_IN_SCOPE}
        ORDER BY per_head DESC, l.name
    """, filters)


def per_head_against_nation(cursor: duckdb.DuckDBPyConnection, filters: Filters, money: str = GRANTS
                            ) -> pd.DataFrame:
    """£ per head for each picked place, for its nation and for the UK, with the same period and
    organisation: ``level`` 'area', 'nation' or 'UK', its people, money (lying in its districts),
    records, per head, how many districts and how many of those have an older population estimate.
    With no place picked, the four nations and the UK. A picked place smaller than a district has
    no row of its own (no population is published for it)."""
    everywhere = replace(filters, localities=())
    return frame(cursor, f"""
        WITH money AS ({_district_money(everywhere, money)}),
        districts AS (
            SELECT p.locality_id, p.nation_id, p.population,
                   p.estimate_for < (SELECT max(estimate_for) FROM need_population) AS older,
                   coalesce(m.money, 0)::DOUBLE AS money, coalesce(m.records, 0)::BIGINT AS records
            FROM need_population p LEFT JOIN money m ON m.district_id = p.locality_id
        ),
        picked AS (SELECT unnest(coalesce($picked, []::VARCHAR[])) AS area_id),
        area_districts AS (
            SELECT DISTINCT a.area_id, d.*
            FROM picked a JOIN locality_within lw ON lw.within_id = a.area_id
            JOIN districts d ON d.locality_id = lw.locality_id
        ),
        areas AS (
            SELECT 1 AS level_order, 'area' AS level, area_id AS locality_id, sum(population) AS population,
                   sum(money) AS money, sum(records) AS records, count(*) AS places,
                   count(*) FILTER (WHERE older) AS older_estimates
            FROM area_districts GROUP BY area_id
        ),
        nations AS (
            SELECT 2, 'nation', nation_id, sum(population), sum(money), sum(records), count(*),
                   count(*) FILTER (WHERE older)
            FROM districts
            WHERE $picked IS NULL OR nation_id IN (SELECT nation_id FROM area_districts)
               OR nation_id IN (SELECT lw.within_id FROM locality_within lw
                                WHERE list_contains($picked, lw.locality_id))
            GROUP BY nation_id
        ),
        uk AS (
            SELECT 3, 'UK', '{UK_ID}', sum(population), sum(money), sum(records), count(*),
                   count(*) FILTER (WHERE older)
            FROM districts
        )
        SELECT r.level, r.locality_id, coalesce(l.name, '{UK_NAME}') AS name,
               r.population::BIGINT AS population,
               r.money::DOUBLE AS money_gbp, r.records::BIGINT AS records,
               (r.money / r.population)::DOUBLE AS per_head, r.places::BIGINT AS places,
               r.older_estimates::BIGINT AS older_estimates
        FROM (SELECT * FROM areas UNION ALL SELECT * FROM nations UNION ALL SELECT * FROM uk) r
        LEFT JOIN localities l ON l.locality_id = r.locality_id
        ORDER BY r.level_order,
                 CASE WHEN r.level = 'area' THEN list_position($picked, r.locality_id) END, name
    """, everywhere, picked=list(filters.localities) or None)


def money_by_decile(cursor: duckdb.DuckDBPyConnection, filters: Filters, money: str = GRANTS) -> pd.DataFrame:
    """Ten rows, decile 1 (the most deprived tenth of each nation's districts, on that nation's own
    index) to 10: the districts of the filter's places in it, their people and the money in them,
    and each as a share of the whole (people_share and money_share each add up to 1 when there are
    people and money). Nations are pooled by decile, never ranked on one another's index."""
    return deciles_of(per_head_by_district(cursor, filters, money))


def deciles_of(districts: pd.DataFrame) -> pd.DataFrame:
    """``money_by_decile`` from the districts ``per_head_by_district`` gave: sums over at most a few
    hundred rows, so a need read scans the money once for both, not twice."""
    grouped = districts.groupby("decile_in_nation")
    by_decile = pd.DataFrame({
        "places": grouped.size(), "people": grouped["population"].sum(),
        "money_gbp": grouped["money_gbp"].sum(), "records": grouped["records"].sum(),
        "nations": grouped["nation"].agg(lambda nations: ", ".join(sorted(set(nations)))),
    }).reindex(pd.RangeIndex(1, 11, name="decile"))
    counts = by_decile[["places", "people", "records"]].fillna(0).astype("int64")
    money_gbp = by_decile["money_gbp"].fillna(0.0).astype("float64")
    people, pounds = int(counts["people"].sum()), float(money_gbp.sum())
    return pd.DataFrame({
        "decile": by_decile.index.astype("int64"), "places": counts["places"].to_numpy(),
        "people": counts["people"].to_numpy(), "money_gbp": money_gbp.to_numpy(),
        "records": counts["records"].to_numpy(),
        "people_share": (counts["people"] / people if people > 0 else counts["people"] * 0.0)
        .astype("float64").to_numpy(),
        "money_share": (money_gbp / pounds if pounds > 0 else money_gbp * 0.0).to_numpy(),
        "nations": by_decile["nations"].fillna("").to_numpy(),
    })


def not_counted(cursor: duckdb.DuckDBPyConnection, filters: Filters, money: str = GRANTS) -> pd.DataFrame:
    """The filter's money split by whether a need chart can count it, one row per part of ``PARTS``
    (every part, zeros included): ``part``, its words, ``records``, ``amount`` (pounds; none for
    another currency), ``counted`` and ``detail`` (the places or currencies, largest first).

    'district' is what the per-head and decile figures count; 'merged' is the part of it named
    under a district since merged into a larger one (counted there); the rest is left out."""
    placed = frame(cursor, f"""
        WITH rows AS ({_money_rows(filters, money)}),
        scope AS (SELECT p.locality_id FROM need_population p
                  WHERE {IN_PICKED_PLACES.format(column="p.locality_id")}),
        merged AS (  -- abolished districts that merged with others into the authority replacing them
            SELECT x.locality_id, x.parent_id AS successor_id FROM localities x
            WHERE NOT x.is_current AND x.kind IN (SELECT unnest({_DISTRICT_KINDS}))
              AND (SELECT count(*) FROM localities y WHERE NOT y.is_current AND y.parent_id = x.parent_id) > 1
        ),
        merged_places AS (  -- every place in such a district (itself, its towns) → the successor's name
            SELECT lw.locality_id, any_value(s.name) AS merged_into
            FROM locality_within lw JOIN merged mg ON mg.locality_id = lw.within_id
            JOIN localities s ON s.locality_id = mg.successor_id
            GROUP BY lw.locality_id
        ),
        classed AS (
            SELECT r.records, r.amount, l.name AS place_name, d.district_id,
                   CASE WHEN r.locality_id IS NULL THEN 'no_place'
                        WHEN d.district_id IS NULL THEN 'wider_area'
                        WHEN sc.locality_id IS NULL THEN 'smaller_place'
                        ELSE 'district' END AS part,
                   mp.merged_into
            FROM rows r
            LEFT JOIN district_of d ON d.locality_id = r.locality_id
            LEFT JOIN scope sc ON sc.locality_id = d.district_id
            LEFT JOIN localities l ON l.locality_id = r.locality_id
            LEFT JOIN merged_places mp ON mp.locality_id = r.locality_id
        ),
        named AS (
            SELECT part, place_name, sum(records) AS records, sum(amount) AS amount FROM classed
            WHERE part IN ('wider_area', 'smaller_place') GROUP BY ALL
        ),
        merged_named AS (
            SELECT merged_into, sum(records) AS records, sum(amount) AS amount FROM classed
            WHERE part = 'district' AND merged_into IS NOT NULL GROUP BY ALL
        )
        SELECT c.part, sum(c.records)::BIGINT AS records, sum(c.amount)::DOUBLE AS amount,
               (SELECT list(place_name ORDER BY amount DESC, place_name) FROM named n
                WHERE n.part = c.part) AS detail
        FROM classed c GROUP BY c.part
        UNION ALL
        SELECT 'merged', sum(records)::BIGINT, sum(amount)::DOUBLE,
               list(merged_into ORDER BY amount DESC, merged_into)
        FROM merged_named HAVING count(*) > 0
    """, filters)
    parts = {row.part: (int(row.records), float(row.amount), _first_names(row.detail))
             for row in placed.itertuples()}
    if money == GRANTS:
        parts.update(_grant_gaps(cursor, filters, parts.pop("no_place", (0, 0.0, None))))
    else:
        parts.update(_fund_gaps(cursor, filters))
    rows = []
    for part, words in PARTS.items():
        records, amount, detail = parts.get(part, (0, 0.0, None))
        rows.append({"part": part, "words": words, "records": records, "amount": amount,
                     "counted": part in ("district", "merged"), "detail": detail or ""})
    return pd.DataFrame(rows)


def _grant_gaps(cursor: duckdb.DuckDBPyConnection, filters: Filters,
                no_place: tuple[int, float, str | None]) -> dict[str, tuple[int, float, str | None]]:
    """Grants with no place, split into those naming none and those naming a code we cannot map
    (a county abolished in 2023, a ward, a postcode); grants in another currency, by currency."""
    gaps: dict[str, tuple[int, float, str | None]] = {}
    if no_place[0]:
        unknown = frame(cursor, f"""
            SELECT count(*)::BIGINT AS records, coalesce(sum(g.amount_awarded), 0)::DOUBLE AS amount,
                   list(DISTINCT coalesce(g.beneficiary_location_name, g.beneficiary_location_code)
                        ORDER BY coalesce(g.beneficiary_location_name, g.beneficiary_location_code)) AS detail
            FROM grants g
            WHERE {GRANT_FILTER} AND g.currency = 'GBP' AND g.locality_id IS NULL
              AND nullif(trim(g.beneficiary_location_code), '') IS NOT NULL
        """, filters).iloc[0]
        records, amount = int(unknown["records"]), float(unknown["amount"])
        gaps["unknown_place"] = (records, amount, _first_names(unknown["detail"]))
        gaps["no_place"] = (no_place[0] - records, no_place[1] - amount, None)
    other = frame(cursor, f"""
        SELECT g.currency, sum(g.grants)::BIGINT AS records
        FROM ({counted_grants(filters)}) g WHERE g.currency <> 'GBP'
        GROUP BY ALL ORDER BY records DESC, g.currency
    """, filters)
    if not other.empty:
        gaps["other_currency"] = (int(other["records"].sum()), 0.0, ", ".join(other["currency"]))
    return gaps


Gap = tuple[int, float, str | None]  # records, pounds, the places or currencies in words


def _fund_gaps(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, Gap]:
    """Funds with no sum in pounds (a policy stated as a share of a budget)."""
    row = frame(cursor, f"""
        SELECT count(*)::BIGINT AS records, string_agg(f.name, ', ' ORDER BY f.name) AS detail
        FROM funds f WHERE {FUND_FILTER} AND f.amount_gbp IS NULL
    """, filters).iloc[0]
    return {"no_sum": (int(row["records"]), 0.0, row["detail"])} if row["records"] else {}


def _first_names(names: object, most: int = 5) -> str | None:
    """The first ``most`` names of a list, and how many more: 'Kent, Essex and 3 more'."""
    if not isinstance(names, list | tuple) and not hasattr(names, "tolist"):
        return None  # no list: NULL, however pandas writes it
    names = [str(name) for name in list(names)]  # type: ignore[call-overload]
    if not names:
        return None
    if len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most:,} more"


def source_lines(cursor: duckdb.DuckDBPyConnection, nation_ids: tuple[str, ...] = ()) -> tuple[str, ...]:
    """'What: Title — Publisher, edition; licence' for the population estimates and the deprivation
    indices behind the districts of ``nation_ids`` (every nation when none), each once:
    populations first, the source covering most districts first (so Barnsley and Sheffield's
    mid-2024 line follows the mid-2025). The edition is the estimate's vintage: 'mid-2025 (30 June 2025)'."""
    return tuple(row[0] for row in cursor.execute("""
        WITH used AS (
            SELECT source_id, 1 AS part, count(*) AS districts FROM need_population
            WHERE $nations IS NULL OR list_contains($nations, nation_id) GROUP BY ALL
            UNION ALL SELECT index_id, 2, count(*) FROM need_deprivation
            WHERE $nations IS NULL OR list_contains($nations, nation_id) GROUP BY ALL
        )
        SELECT upper(s.what[1]) || s.what[2:] || ': ' || s.title || ' — ' || s.publisher || ', '
               || s.edition || '; ' || s.licence
        FROM used u JOIN need_sources s USING (source_id)
        ORDER BY u.part, u.districts DESC, s.source_id
    """, {"nations": list(nation_ids) or None}).fetchall())


def need_source_lines(cursor: duckdb.DuckDBPyConnection, source_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The lines of ``source_ids`` (``need_sources``), as ``source_lines`` writes them, in that order:
    for figures that use some districts' estimates alone (a panel's area), cited with their vintage."""
    if not source_ids:
        return ()
    lines = dict(cursor.execute("""
        SELECT source_id, upper(what[1]) || what[2:] || ': ' || title || ' — ' || publisher || ', '
               || edition || '; ' || licence
        FROM need_sources WHERE list_contains($ids, source_id)
    """, {"ids": list(source_ids)}).fetchall())
    return tuple(lines[source] for source in source_ids if source in lines)


@dataclass(frozen=True)
class MoneyAgainstNeed:
    """Everything the need charts draw for one filter and one kind of money, fetched together so a
    page's need charts, the deck and the pack draw the same figures from one fetch."""

    money: str  # GRANTS or FUNDS
    picked: tuple[str, ...]  # the filter's places (none: everywhere)
    districts: pd.DataFrame  # per_head_by_district
    comparison: pd.DataFrame  # per_head_against_nation
    deciles: pd.DataFrame  # money_by_decile
    gaps: pd.DataFrame  # not_counted
    sources: tuple[str, ...]  # the money's sources, then the population estimates and indices


def money_against_need(cursor: duckdb.DuckDBPyConnection, filters: Filters, money: str = GRANTS
                       ) -> MoneyAgainstNeed:
    """The four need queries for ``filters``, with every source they rest on."""
    comparison = per_head_against_nation(cursor, filters, money)
    nations = tuple(comparison.loc[comparison["level"] == "nation", "locality_id"])
    districts = per_head_by_district(cursor, filters, money)
    return MoneyAgainstNeed(
        money, filters.localities, districts, comparison, deciles_of(districts),
        not_counted(cursor, filters, money),
        money_sources.cited(cursor, filters, money) + source_lines(cursor, nations))
