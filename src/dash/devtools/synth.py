"""Synthetic portfolios at any size, for measuring the dashboard at national scale.

The store is built from the seed as usual, then synthetic funds, panels, meetings,
key points with theme codes, and grants are added in one snapshot swap. Every
value is generated inside DuckDB from ``hash(row, seed)``, so the same seed gives
the same store, and a million grants take seconds rather than minutes.

Distributions are skewed like real ones: amounts are log-normal (a few large,
many small), and places are drawn with a power law, so some districts hold many
records and most hold few.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dash.store.kinds import DISTRICT_KINDS
from dash.store.snapshot import write_snapshot
from dash.write.build import build_store

SOURCE_ID = "src-synthetic"


@dataclass(frozen=True)
class SynthSize:
    grants: int = 1_000_000
    funds: int = 5_000
    meetings: int = 20_000
    key_points_per_meeting: int = 10
    seed: int = 1


def _uniform(column: str, salt: int, seed: int) -> str:
    """A deterministic uniform number in [0, 1) for each row, independent per salt."""
    return f"((hash({column}, {seed}, {salt}) % 1000000007) / 1000000007.0)"


def _normal(column: str, salt: int, seed: int) -> str:
    """Box–Muller from two uniforms: a standard normal per row."""
    u1, u2 = _uniform(column, salt, seed), _uniform(column, salt + 1, seed)
    return f"(sqrt(-2 * ln(greatest({u1}, 1e-12))) * cos(2 * pi() * {u2}))"


def _skewed_index(column: str, salt: int, seed: int, count: str) -> str:
    """1-based index into ``count`` items, with low indexes far more likely (a power law)."""
    return f"(1 + floor(pow({_uniform(column, salt, seed)}, 3) * {count})::BIGINT)"


def add_synthetic(connection: duckdb.DuckDBPyConnection, size: SynthSize) -> dict[str, int]:
    s = size.seed
    connection.execute("""
        INSERT INTO sources (source_id, title, publisher, notes)
        VALUES (?, 'Synthetic portfolio', 'python -m dash synth', ?)
    """, [SOURCE_ID, f"Made-up data for measuring speed; seed {s}. Not real funds or people."])
    connection.execute("""
        CREATE TEMP TABLE synth_places AS
        SELECT row_number() OVER (ORDER BY hash(locality_id, $seed)) AS n, locality_id
        FROM localities
        WHERE is_current AND list_contains($kinds, kind) AND locality_id LIKE 'E%'
    """, {"seed": s, "kinds": list(DISTRICT_KINDS)})
    places = "(SELECT count(*) FROM synth_places)"
    organisations = max(1, size.funds // 5)
    connection.execute(f"""
        INSERT INTO organisations (org_id, name, kind, locality_id, source_id)
        SELECT 'org-syn-' || i, 'Synthetic Foundation ' || i, 'community foundation',
               (SELECT locality_id FROM synth_places WHERE n = {_skewed_index('i', 1, s, places)}),
               '{SOURCE_ID}'
        FROM range(1, {organisations} + 1) t(i)
    """)
    connection.execute(f"""
        INSERT INTO funds (fund_id, name, org_id, locality_id, fund_kind, amount_gbp, participatory_gbp,
                           period_months, money_from, approach, reported_on, source_id)
        SELECT 'fund-syn-' || i, 'Synthetic fund ' || i,
               'org-syn-' || (1 + hash(i, {s}, 2) % {organisations}),
               (SELECT locality_id FROM synth_places WHERE n = {_skewed_index('i', 3, s, places)}),
               'fund', amount, round(amount * {_uniform('i', 4, s)}, 0), 6 + (hash(i, {s}, 5) % 31)::INTEGER,
               'synthetic', 'synthetic',
               DATE '2015-01-01' + (hash(i, {s}, 6) % 4300)::INTEGER, '{SOURCE_ID}'
        FROM (SELECT i, round(least(exp(10.8 + 1.4 * {_normal('i', 7, s)}), 50000000), 0) AS amount
              FROM range(1, {size.funds} + 1) t(i))
    """)
    connection.execute(f"""
        INSERT INTO panels (panel_id, fund_id, locality_id, name, model, members, lived_experience_share,
                            paid, trained, powers, source_id)
        SELECT 'panel-syn-' || f.i, 'fund-syn-' || f.i,
               (SELECT locality_id FROM funds WHERE fund_id = 'fund-syn-' || f.i),
               'Synthetic panel ' || f.i, 'grant panel', 5 + (hash(f.i, {s}, 8) % 20)::INTEGER,
               CASE WHEN {_uniform('f.i', 9, s)} < 0.3 THEN NULL
                    ELSE round({_uniform('f.i', 10, s)}, 2) END,
               {_uniform('f.i', 11, s)} < 0.7, {_uniform('f.i', 12, s)} < 0.6,
               'Decides grants from its fund', '{SOURCE_ID}'
        FROM range(1, {size.funds} + 1) f(i)
    """)
    connection.execute(f"""
        INSERT INTO meetings (meeting_id, title, kind, held_on, organiser_org_id, organiser, locality_id,
                              source_id)
        SELECT 'mtg-syn-' || i, 'Synthetic meeting ' || i, 'meeting',
               DATE '2015-01-01' + (hash(i, {s}, 13) % 4300)::INTEGER,
               'org-syn-' || (1 + hash(i, {s}, 14) % {organisations}), 'Synthetic Foundation',
               (SELECT locality_id FROM synth_places WHERE n = {_skewed_index('i', 15, s, places)}),
               '{SOURCE_ID}'
        FROM range(1, {size.meetings} + 1) t(i)
    """)
    themes = [row[0] for row in connection.execute("SELECT theme_id FROM themes ORDER BY 1").fetchall()]
    per_meeting = size.key_points_per_meeting
    connection.execute(f"""
        INSERT INTO insights (insight_id, meeting_id, position, kind, text)
        SELECT 'ins-syn-' || m || '-' || p, 'mtg-syn-' || m, p::INTEGER, 'key point',
               'Synthetic key point ' || p || ' of meeting ' || m
        FROM range(1, {size.meetings} + 1) a(m), range(1, {per_meeting} + 1) b(p)
    """)
    connection.execute(f"""
        INSERT INTO insight_themes (insight_id, theme_id, status, method)
        SELECT DISTINCT ON (insight_id, theme_id) insight_id, theme_id,
               CASE WHEN hash(insight_id, {s}, 16) % 3 = 0 THEN 'suggested' ELSE 'accepted' END, 'synthetic'
        FROM (
            SELECT 'ins-syn-' || m || '-' || p AS insight_id,
                   ($themes)[1 + (hash(m, p, k, {s}, 17) % {len(themes)})::INTEGER] AS theme_id
            FROM range(1, {size.meetings} + 1) a(m), range(1, {per_meeting} + 1) b(p), range(1, 3) c(k)
            WHERE k = 1 OR hash(m, p, {s}, 18) % 2 = 0
        )
    """, {"themes": themes})
    connection.execute(f"""
        INSERT INTO grants (grant_id, title, currency, amount_awarded, award_date, recipient_org_id,
                            recipient_org_name, funding_org_id, funding_org_name, grant_programme_title,
                            beneficiary_location_code, locality_id, fund_id, source_id)
        SELECT '360G-syn-' || i, 'Synthetic grant ' || i, 'GBP',
               round(least(exp(8.5 + 1.3 * {_normal('i', 19, s)}), 5000000), 0),
               DATE '2010-01-01' + (hash(i, {s}, 21) % 6150)::INTEGER,
               'GB-SYN-' || (hash(i, {s}, 22) % 50000), 'Synthetic recipient ' || (hash(i, {s}, 22) % 50000),
               'GB-SYN-F' || (hash(i, {s}, 23) % {organisations}), 'Synthetic Foundation',
               NULL, place, CASE WHEN {_uniform('i', 24, s)} < 0.97 THEN place END,
               CASE WHEN {_uniform('i', 25, s)} < 0.3
                    THEN 'fund-syn-' || (1 + hash(i, {s}, 26) % {size.funds}) END,
               '{SOURCE_ID}'
        FROM (SELECT i, (SELECT locality_id FROM synth_places WHERE n = {_skewed_index('i', 20, s, places)})
                        AS place
              FROM range(1, {size.grants} + 1) t(i))
    """)
    counts = {}
    for table in ("funds", "panels", "meetings", "insights", "insight_themes", "grants"):
        counts[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return counts


def build_synthetic(path: Path, size: SynthSize) -> tuple[dict[str, int], float]:
    """Build the seed store at ``path``, then add the synthetic portfolio; return counts and seconds."""
    started = time.perf_counter()
    build_store(path)
    with write_snapshot(path) as connection:
        counts = add_synthetic(connection, size)
    return counts, time.perf_counter() - started
