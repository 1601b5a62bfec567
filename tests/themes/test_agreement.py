from __future__ import annotations

import csv

import pytest

from dash.paths import SEED_DIR
from dash.themes.agreement import (
    KAPPA_TARGET,
    MIN_GOLD_FOR_TARGET,
    agreement,
    cohen_kappa,
    read_gold,
    tagger_agreement,
)
from dash.themes.codebook import load_codebook


def test_cohen_kappa_known_values():
    assert cohen_kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert cohen_kappa([True, True, False, False], [True, False, True, False]) == 0.0
    # 10 items: both yes 4, both no 4, one each way 1: po 0.8, pe 0.5
    a = [True] * 5 + [False] * 5
    b = [True] * 4 + [False] + [True] + [False] * 4
    assert cohen_kappa(a, b) == pytest.approx(0.6)


def test_precision_and_recall():
    [result] = agreement({"a": {"x"}, "b": {"x"}, "c": set()}, {"a": {"x"}, "c": {"x"}}, ["x"])
    assert (result.gold, result.suggested, result.both) == (2, 2, 1)
    assert result.precision == 0.5 and result.recall == 0.5


def test_gold_set_codes_every_seed_key_point():
    with (SEED_DIR / "insights.csv").open(encoding="utf-8") as handle:
        seed_ids = {row["insight_id"] for row in csv.DictReader(handle)}
    gold = read_gold()
    assert set(gold) == seed_ids
    theme_ids = {theme.theme_id for theme in load_codebook().themes}
    assert set().union(*gold.values()) <= theme_ids


def test_rules_reach_the_kappa_target_on_well_populated_themes():
    with (SEED_DIR / "insights.csv").open(encoding="utf-8") as handle:
        texts = {row["insight_id"]: row["text"] for row in csv.DictReader(handle)}
    results = tagger_agreement(texts, read_gold(), load_codebook())
    held = [r for r in results if r.gold >= MIN_GOLD_FOR_TARGET]
    assert len(held) >= 5
    assert [r.theme_id for r in held if r.kappa < KAPPA_TARGET] == []
