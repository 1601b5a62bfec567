"""Agreement between people: Cohen's kappa for two reviewers, Krippendorff's alpha for more."""

from __future__ import annotations

import pandas as pd
import pytest

from dash.themes.agreement import cohen_kappa
from dash.themes.reviewers import MIN_SHARED, agreement_between

NAMES = {"time": "Change takes time", "trust": "Relationships and trust"}


def _votes(*rows):
    return pd.DataFrame(rows, columns=["insight_id", "theme_id", "reviewer", "says_yes"])


def test_nobody_or_one_reviewer_is_said_in_words():
    assert agreement_between(_votes(), NAMES).sentence() == "Nobody has reviewed a theme code yet."
    one = agreement_between(_votes(("a", "time", "AB", True)), NAMES)
    assert one.sentence().startswith("Only one person has reviewed") and one.rows() == []


def test_two_reviewers_are_compared_with_cohen_s_kappa():
    ab = [True, True, False, False, True]
    cd = [True, False, False, False, True]
    votes = _votes(*[(f"k{n}", "time", "AB", v) for n, v in enumerate(ab)],
                   *[(f"k{n}", "time", "CD", v) for n, v in enumerate(cd)],
                   ("k9", "time", "AB", True))  # one person only: not shared, not counted
    result = agreement_between(votes, NAMES)
    [time] = [t for t in result.themes if t.theme_id == "time"]
    assert (time.shared, time.agreed, time.measure) == (5, 4, "Cohen's kappa")
    assert time.value == pytest.approx(cohen_kappa(ab, cd))
    assert result.sentence() == ("2 people have reviewed theme codes. On the 5 codes two or more of them "
                                 f"decided, they agreed on 4 (Cohen's kappa, agreement beyond chance: "
                                 f"{cohen_kappa(ab, cd):.2f}).")
    assert [row["Theme"] for row in result.rows()] == ["Change takes time"]  # by name, never the id


def test_three_reviewers_with_gaps_are_compared_with_krippendorff_s_alpha():
    # three people, each skipping a key point the others voted on
    grid = {"AB": [1, 0, 1, None, 1, 0], "CD": [1, 0, 0, 1, 1, None], "EF": [None, 0, 1, 1, 1, 0]}
    votes = _votes(*[(f"k{n}", "trust", who, bool(v)) for who, row in grid.items()
                     for n, v in enumerate(row) if v is not None])
    [trust] = [t for t in agreement_between(votes, NAMES).themes if t.theme_id == "trust"]
    assert trust.measure == "Krippendorff's alpha" and trust.shared == 6 and trust.agreed == 5
    import krippendorff
    import numpy as np
    expected = krippendorff.alpha(reliability_data=np.array(
        [[np.nan if v is None else v for v in row] for row in grid.values()], dtype=float),
        level_of_measurement="nominal")
    assert trust.value == pytest.approx(expected)


def test_too_few_shared_codes_or_one_answer_gives_no_figure():
    few = _votes(*[(f"k{n}", "time", who, True) for n in range(MIN_SHARED - 1) for who in ("AB", "CD")])
    [time] = [t for t in agreement_between(few, NAMES).themes if t.theme_id == "time"]
    assert time.value is None and time.shared == MIN_SHARED - 1
    same = _votes(*[(f"k{n}", "time", who, True) for n in range(4) for who in ("AB", "CD", "EF")])
    [time] = [t for t in agreement_between(same, NAMES).themes if t.theme_id == "time"]
    assert time.value is None and time.agreed == 4  # all agreed; alpha has nothing to compare
