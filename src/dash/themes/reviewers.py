"""Agreement between people who review theme codes: Cohen's kappa for two reviewers, Krippendorff's
alpha for more (it allows for each person reviewing different key points), per theme and overall.

Each theme is a yes/no judgement on a key point, and only codes two or more people voted on count:
a code one person decided says nothing about agreement. ``krippendorff`` (a small numpy package)
computes alpha with missing votes, which is what several reviewers working through a list produce.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import krippendorff
import numpy as np
import pandas as pd

from dash.themes.agreement import cohen_kappa

MIN_SHARED = 3  # fewer codes in common than this, and one disagreement swings any measure from 1 to 0


@dataclass(frozen=True)
class Between:
    """Agreement on one theme (or, with ``theme_id`` None, on every theme together)."""
    theme_id: str | None
    name: str
    shared: int  # codes two or more reviewers voted on
    agreed: int  # of those, codes every voter agreed on
    measure: str | None  # "Cohen's kappa" or "Krippendorff's alpha"
    value: float | None  # None when it cannot be worked out (too few codes, or one answer only)


@dataclass(frozen=True)
class ReviewerAgreement:
    reviewers: list[str]
    themes: list[Between]
    overall: Between

    def sentence(self) -> str:
        """One line for the page: how many people reviewed, and how often they agreed."""
        people = len(self.reviewers)
        if people == 0:
            return "Nobody has reviewed a theme code yet."
        if people == 1:
            return ("Only one person has reviewed theme codes so far; agreement between people needs a "
                    "second reviewer.")
        if not self.overall.shared:
            return (f"{people} people have reviewed theme codes, but never the same code: agreement "
                    "between them shows once two people review the same key points.")
        shown = "" if self.overall.value is None else (
            f" ({self.overall.measure}, agreement beyond chance: {self.overall.value:.2f})")
        return (f"{people} people have reviewed theme codes. On the {self.overall.shared:,} codes two or "
                f"more of them decided, they agreed on {self.overall.agreed:,}{shown}.")

    def rows(self) -> list[dict[str, object]]:
        return [{"Theme": b.name, "Codes two or more reviewed": b.shared, "They agreed on": b.agreed,
                 "Agreement beyond chance": None if b.value is None else round(b.value, 2),
                 "Measure": b.measure or f"too few codes in common (fewer than {MIN_SHARED})"}
                for b in self.themes if b.shared]


def _between(theme_id: str | None, name: str, votes: pd.DataFrame, reviewers: list[str]) -> Between:
    table = votes.pivot_table(index="reviewer", columns="unit", values="says_yes", aggfunc="last")
    table = table.reindex(reviewers)
    shared_units = table.columns[table.notna().sum() >= 2]
    table = table[shared_units]
    shared = len(shared_units)
    if not shared:
        return Between(theme_id, name, 0, 0, None, None)
    agreed = int(sum(table[u].dropna().nunique() == 1 for u in shared_units))
    if shared < MIN_SHARED:
        return Between(theme_id, name, shared, agreed, None, None)
    voters = table.dropna(how="all")
    if len(voters) == 2:
        pair = voters.T.dropna()
        value = cohen_kappa(list(pair.iloc[:, 0].astype(bool)), list(pair.iloc[:, 1].astype(bool)))
        return Between(theme_id, name, shared, agreed, "Cohen's kappa", value)
    data = voters.astype(float).to_numpy()
    if len(np.unique(data[~np.isnan(data)])) < 2:  # everyone said the same thing: alpha is undefined
        return Between(theme_id, name, shared, agreed, "Krippendorff's alpha", None)
    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return Between(theme_id, name, shared, agreed, "Krippendorff's alpha", value)


def agreement_between(votes: pd.DataFrame, names: Mapping[str, str]) -> ReviewerAgreement:
    """From ``votes`` (insight_id, theme_id, reviewer, says_yes: ``dash.queries.reviews.votes``)."""
    reviewers = sorted(votes["reviewer"].unique()) if len(votes) else []
    votes = votes.assign(unit=votes["insight_id"] + "|" + votes["theme_id"])
    themes = [_between(theme_id, name, votes[votes["theme_id"] == theme_id], reviewers)
              for theme_id, name in sorted(names.items(), key=lambda item: item[1])]
    overall = _between(None, "Every theme", votes, reviewers)
    return ReviewerAgreement(list(reviewers), themes, overall)
