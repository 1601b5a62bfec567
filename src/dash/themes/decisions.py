"""Reviewers' decisions on theme codes: an append-only log beside the store, merged into it.

A decision (accept a suggestion, reject one, add a code the rules missed) is
written to the store at once, through a snapshot swap, and appended to a JSON
Lines log next to the store file. A rebuild re-codes every suggestion with the
current codebook and then replays the log, so a person's decision is never
overwritten by a machine, nor lost with a rebuild.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from dash.store.snapshot import write_snapshot

ACTIONS = ("accept", "reject", "add")


@dataclass(frozen=True)
class Decision:
    insight_id: str
    theme_id: str
    action: str
    decided_by: str
    decided_at: str  # ISO timestamp, UTC

    @classmethod
    def now(cls, insight_id: str, theme_id: str, action: str, decided_by: str) -> Decision:
        stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
        return cls(insight_id, theme_id, action, decided_by.strip(), stamp)


class DecisionError(ValueError):
    """The decision names something the store does not have, or is incomplete."""


def log_path(store: Path) -> Path:
    """``data/dash.duckdb`` keeps its decisions in ``data/dash.decisions.jsonl``."""
    return store.with_name(f"{store.stem}.decisions.jsonl")


def read_decisions(path: Path) -> tuple[list[Decision], int]:
    """Every decision in the log, in order, and how many lines could not be read."""
    if not path.exists():
        return [], 0
    decisions, unreadable = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            decision = Decision(**json.loads(line))
        except (json.JSONDecodeError, TypeError):
            unreadable += 1
            continue
        if decision.action in ACTIONS:
            decisions.append(decision)
        else:
            unreadable += 1
    return decisions, unreadable


def apply_decisions(connection: duckdb.DuckDBPyConnection, decisions: list[Decision]) -> int:
    """Apply decisions in order (the latest on a code wins); return how many applied."""
    applied = 0
    for decision in decisions:
        exists = connection.execute(
            "SELECT (SELECT count(*) FROM insights WHERE insight_id = $i) > 0"
            " AND (SELECT count(*) FROM themes WHERE theme_id = $t) > 0",
            {"i": decision.insight_id, "t": decision.theme_id},
        ).fetchone()[0]
        if not exists:
            continue
        status = "rejected" if decision.action == "reject" else "accepted"
        connection.execute("""
            INSERT INTO insight_themes (insight_id, theme_id, status, method, decided_by, decided_at)
            VALUES ($i, $t, $status, 'person', $by, $at::TIMESTAMP)
            ON CONFLICT (insight_id, theme_id) DO UPDATE
            SET status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at
        """, {"i": decision.insight_id, "t": decision.theme_id, "status": status,
              "by": decision.decided_by, "at": decision.decided_at})
        applied += 1
    return applied


def record_decision(store: Path, decision: Decision) -> None:
    """Write one decision to the store and to the log, or change neither."""
    if decision.action not in ACTIONS:
        raise DecisionError(f"'{decision.action}' is not a decision: use accept, reject or add")
    if not decision.decided_by:
        raise DecisionError("Say who is deciding: a name or initials")
    with write_snapshot(store) as connection:
        if apply_decisions(connection, [decision]) != 1:
            raise DecisionError(
                f"There is no key point '{decision.insight_id}' or theme '{decision.theme_id}' in the store"
            )
        with log_path(store).open("a", encoding="utf-8") as log:
            log.write(json.dumps(asdict(decision)) + "\n")
            log.flush()
            os.fsync(log.fileno())
