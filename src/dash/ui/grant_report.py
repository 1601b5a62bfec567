"""What importing a 360Giving file found, as an editor reads it: the sentence, then the errors (open)
and the warnings grouped as 360Giving's Data Quality Tool groups them ("Usefulness: Organisations"),
each group a closed expander with its count, each check a heading with how many grants it found and a
plain table of the first of them (where, and what was found). Shown under the Import button, above
the charts (measured before: a monospaced dump of 20 rows per check, below every chart)."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import streamlit as st

from dash import format as fmt
from dash import safe
from dash.ingest.giving360_checks import ERROR, WARNING, Problem
from dash.write.service import Outcome


def grouped(problems: list[Problem], severity: str) -> dict[str, dict[str, list[Problem]]]:
    """The problems of one severity by group, then by check, in the order they were found."""
    groups: dict[str, dict[str, list[Problem]]] = defaultdict(lambda: defaultdict(list))
    for problem in problems:
        if problem.severity == severity:
            groups[problem.group][problem.check].append(problem)
    return groups


def counted(checks: dict[str, list[Problem]]) -> int:
    """How many findings a group holds: each check's own count (only its first few are kept)."""
    return sum(items[0].total or len(items) for items in checks.values())


def _check_table(items: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame({"Where": [item.where() for item in items],
                         "What was found": [item.message for item in items]})


def _group(label: str, checks: dict[str, list[Problem]], expanded: bool, noun: str) -> None:
    with st.expander(f"{label}: {fmt.count(counted(checks), noun)}", expanded=expanded):
        for check, items in checks.items():
            total = items[0].total or len(items)
            st.markdown(f"**{safe.markdown(check)}** — {fmt.count(total, 'grant')}"
                        if items[0].row is not None else f"**{safe.markdown(check)}**")
            st.dataframe(_check_table(items), hide_index=True, width="stretch")
            if total > len(items):
                st.caption(f"The first {len(items):,} are listed; {total - len(items):,} more are like them.")


def show_grants_outcome(outcome: Outcome | None) -> None:
    """An import's sentence, its errors and its warnings by group, and its notes."""
    if outcome is None:
        return
    (st.success if outcome.ok else st.error)(safe.markdown(outcome.message))
    report = outcome.report
    problems = list(getattr(report, "problems", None) or [])
    for group, checks in grouped(problems, ERROR).items():
        _group(f"Errors to fix at source ({group})", checks, True, "error")
    warnings = grouped(problems, WARNING)
    if warnings:
        st.markdown("**Warnings** (they never stop an import; worth fixing at source), as 360Giving's Data "
                    "Quality Tool groups them:")
        for group, checks in warnings.items():
            _group(group, checks, False, "warning")
    for note in getattr(report, "notes", None) or list(outcome.notes):
        st.caption(safe.markdown(note))
