"""Data-quality rules over a built store (`python -m dash check`): read SQL, so it lives with the reads.

The build already refuses bad seed rows; these rules also cover stores changed
by imports or by other tools (DBeaver, Excel round-trips), so they look at the
data as it is, not at how it got there.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Rule:
    severity: str
    name: str
    sql: str  # returns rows of (table, row id, detail)


def _reference_rule(table: str, key: str, column: str, target: str, target_key: str, what: str) -> Rule:
    return Rule(ERROR, f"unknown {what}", f"""
        SELECT '{table}', t.{key}, '{column} names ' || t.{column} || ', which is not a known {what}'
        FROM {table} t
        WHERE t.{column} IS NOT NULL
          AND t.{column} NOT IN (SELECT {target_key} FROM {target})
    """)


def _missing_source_rule(table: str, key: str) -> Rule:
    return Rule(ERROR, "missing source", f"""
        SELECT '{table}', t.{key},
               CASE WHEN t.source_id IS NULL THEN 'has no source'
                    ELSE 'cites source ' || t.source_id || ', which is not in sources' END
        FROM {table} t
        WHERE t.source_id IS NULL OR t.source_id NOT IN (SELECT source_id FROM sources)
    """)


def _duplicate_rule(table: str, key: str) -> Rule:
    return Rule(ERROR, "duplicate id", f"""
        SELECT '{table}', {key}, 'id appears ' || count(*) || ' times'
        FROM {table} GROUP BY {key} HAVING count(*) > 1
    """)


def _share_rule(table: str, key: str, column: str) -> Rule:
    return Rule(ERROR, "share outside 0–100%", f"""
        SELECT '{table}', {key}, '{column} is ' || round({column} * 100, 1) || '%, outside 0–100%'
        FROM {table} WHERE {column} < 0 OR {column} > 1
    """)


RULES: tuple[Rule, ...] = (
    *(_duplicate_rule(t, k) for t, k in (
        ("sources", "source_id"), ("localities", "locality_id"), ("organisations", "org_id"),
        ("funds", "fund_id"), ("panels", "panel_id"), ("meetings", "meeting_id"),
        ("insights", "insight_id"), ("grants", "grant_id"),
    )),
    *(_missing_source_rule(t, k) for t, k in (
        ("funds", "fund_id"), ("panels", "panel_id"), ("meetings", "meeting_id"),
    )),
    _share_rule("panels", "panel_id", "lived_experience_share"),
    _share_rule("funds", "fund_id", "budget_share"),
    Rule(ERROR, "participatory part larger than fund", """
        SELECT 'funds', fund_id,
               'participatory part £' || format('{:,}', participatory_gbp::BIGINT)
               || ' is more than the fund''s size £' || format('{:,}', amount_gbp::BIGINT)
        FROM funds WHERE participatory_gbp > amount_gbp
    """),
    Rule(ERROR, "negative amount", """
        SELECT 'funds', fund_id, 'an amount is negative' FROM funds
        WHERE amount_gbp < 0 OR participatory_gbp < 0
    """),
    *(_reference_rule(t, k, c, "localities", "locality_id", "locality") for t, k, c in (
        ("funds", "fund_id", "locality_id"), ("panels", "panel_id", "locality_id"),
        ("meetings", "meeting_id", "locality_id"), ("organisations", "org_id", "locality_id"),
        ("meeting_places", "meeting_id", "locality_id"), ("localities", "locality_id", "parent_id"),
        ("grants", "grant_id", "locality_id"),
    )),
    _reference_rule("funds", "fund_id", "org_id", "organisations", "org_id", "organisation"),
    _reference_rule("panels", "panel_id", "fund_id", "funds", "fund_id", "fund"),
    _reference_rule("insights", "insight_id", "meeting_id", "meetings", "meeting_id", "meeting"),
    _reference_rule("speakers", "speaker_id", "meeting_id", "meetings", "meeting_id", "meeting"),
    _reference_rule("grants", "grant_id", "fund_id", "funds", "fund_id", "fund"),
    Rule(WARNING, "fund without a size", """
        SELECT 'funds', fund_id, 'states neither an amount nor a share of a budget'
        FROM funds WHERE amount_gbp IS NULL AND budget_share IS NULL
    """),
    Rule(WARNING, "meeting without key points", """
        SELECT 'meetings', meeting_id, 'has no key points'
        FROM meetings WHERE meeting_id NOT IN (SELECT meeting_id FROM insights)
    """),
)


@dataclass(frozen=True)
class Finding:
    severity: str
    rule: str
    table: str
    row_id: str
    detail: str

    def __str__(self) -> str:
        return f"{self.severity.upper()}: {self.table} {self.row_id}: {self.detail} [{self.rule}]"

    @property
    def is_error(self) -> bool:
        """An error (``check`` exits 1), not a warning."""
        return self.severity == ERROR


def run_checks(connection: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Every finding, errors first."""
    findings = [
        Finding(rule.severity, rule.name, *map(str, row))
        for rule in RULES
        for row in connection.execute(rule.sql).fetchall()
    ]
    return sorted(findings, key=lambda f: (f.severity != ERROR, f.table, f.row_id))
