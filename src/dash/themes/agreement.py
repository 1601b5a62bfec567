"""How far the tagger agrees with a person's hand-coding: precision, recall and Cohen's kappa.

Each theme is scored as a yes/no judgement on every key point, so kappa corrects
for the agreement two coders would reach by chance on a rare or common theme.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dash.paths import DATA_DIR
from dash.themes.codebook import Codebook
from dash.themes.tagger import suggest

GOLD = DATA_DIR / "themes" / "gold.csv"
KAPPA_TARGET = 0.7
MIN_GOLD_FOR_TARGET = 5


@dataclass(frozen=True)
class ThemeAgreement:
    theme_id: str
    gold: int
    suggested: int
    both: int
    precision: float | None
    recall: float | None
    kappa: float | None

    @property
    def held_to_target(self) -> bool:
        return self.gold >= MIN_GOLD_FOR_TARGET

    @property
    def meets_target(self) -> bool | None:
        if not self.held_to_target:
            return None
        return self.kappa is not None and self.kappa >= KAPPA_TARGET


def read_gold(path: Path = GOLD) -> dict[str, set[str]]:
    """insight_id → the themes a person coded it with (an empty set: coded with none)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["insight_id"]: {t.strip() for t in (row["theme_ids"] or "").split(";") if t.strip()}
            for row in csv.DictReader(handle)
        }


def cohen_kappa(a: list[bool], b: list[bool]) -> float | None:
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    p_a, p_b = sum(a) / n, sum(b) / n
    expected = p_a * p_b + (1 - p_a) * (1 - p_b)
    if expected == 1:
        return 1.0 if observed == 1 else None
    return (observed - expected) / (1 - expected)


def agreement(
    gold: Mapping[str, set[str]], suggested: Mapping[str, set[str]], theme_ids: Iterable[str]
) -> list[ThemeAgreement]:
    """Per theme, over the key points in ``gold``."""
    insights = sorted(gold)
    results = []
    for theme in theme_ids:
        by_person = [theme in gold[i] for i in insights]
        by_tagger = [theme in suggested.get(i, set()) for i in insights]
        both = sum(p and t for p, t in zip(by_person, by_tagger, strict=True))
        results.append(ThemeAgreement(
            theme_id=theme, gold=sum(by_person), suggested=sum(by_tagger), both=both,
            precision=both / sum(by_tagger) if any(by_tagger) else None,
            recall=both / sum(by_person) if any(by_person) else None,
            kappa=cohen_kappa(by_person, by_tagger),
        ))
    return results


def tagger_agreement(
    texts: Mapping[str, str], gold: Mapping[str, set[str]], codebook: Codebook
) -> list[ThemeAgreement]:
    """Run the rules over the gold key points' texts and score them against the person's codes."""
    suggested = {
        insight_id: {s.theme_id for s in suggest(texts[insight_id], codebook)}
        for insight_id in gold if insight_id in texts
    }
    scored = {insight_id: codes for insight_id, codes in gold.items() if insight_id in texts}
    return agreement(scored, suggested, [theme.theme_id for theme in codebook.themes])


_TARGET_WORDS = {True: "met", False: "missed", None: "fewer than 5 gold codes"}


def agreement_table(results: list[ThemeAgreement]) -> list[dict[str, object]]:
    """Rows for a report: one per theme, figures rounded for reading."""
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return [{
        "theme": r.theme_id, "gold codes": r.gold, "suggested": r.suggested, "agreed": r.both,
        "precision": rounded(r.precision), "recall": rounded(r.recall), "kappa": rounded(r.kappa),
        "target (kappa >= 0.7)": _TARGET_WORDS[r.meets_target],
    } for r in results]
