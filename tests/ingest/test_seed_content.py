"""The seed dataset says what the source documents say, in the project's own words."""

from __future__ import annotations

import csv
import re

import pytest

from dash.paths import SEED_DIR
from tests.support.stores import SHARED_SEEDS


def test_bristol_has_three_funds_worth_1_374_000(db):
    rows = db.execute("""
        SELECT f.name, f.amount_gbp FROM funds f
        JOIN locality_within w ON w.locality_id = f.locality_id AND w.within_id = 'E06000023'
        ORDER BY f.amount_gbp DESC
    """).fetchall()
    assert [r[1] for r in rows] == [1300000, 60000, 14000]


def test_documented_figures(db):
    fund = {r[0]: r[1:] for r in db.execute(
        "SELECT fund_id, amount_gbp, participatory_gbp, period_months, budget_share FROM funds"
    ).fetchall()}
    assert fund["fund-bd-endowment"][:2] == (1000000, 500000)  # half decided by residents
    assert fund["fund-bristol-city-lab"][0] == 14000 and fund["fund-bristol-city-lab"][2] == 6
    assert fund["fund-scotland-pb-share"][0] is None and fund["fund-scotland-pb-share"][3] == 0.01
    share = dict(db.execute("SELECT panel_id, lived_experience_share FROM panels").fetchall())
    assert share["panel-quartet-health-wellbeing"] == 0.4
    assert share["panel-bristol-local-food"] == 1.0
    assert share["panel-bd-representative"] is None  # the source does not say: never invented


def test_key_points_keep_their_order(db):
    positions = db.execute(
        "SELECT list(position ORDER BY insight_id) FROM insights GROUP BY meeting_id"
    ).fetchall()
    for (listed,) in positions:
        assert listed == list(range(1, len(listed) + 1))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9%£]+", text.lower().replace("’", "'"))


@pytest.mark.skipif(not SHARED_SEEDS.exists(), reason="the source documents are not beside the repo")
def test_no_key_point_copies_six_words_running_from_a_source():
    corpus = " " + " ".join(" ".join(_words(p.read_text())) for p in SHARED_SEEDS.glob("0*.txt")) + " "
    copied = []
    with (SEED_DIR / "insights.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words = _words(row["text"])
            for i in range(len(words) - 5):
                run = " ".join(words[i:i + 6])
                if f" {run} " in corpus:
                    copied.append((row["insight_id"], run))
    assert copied == []
