"""Agreement on write-ups the suggestions have not seen, and that docs/themes.md says what it measures."""

from __future__ import annotations

import csv

import pytest

from dash.paths import PROJECT_ROOT, SEED_DIR
from dash.themes import held_out
from dash.themes.agreement import read_gold
from dash.themes.codebook import Codebook, Theme, load_codebook


@pytest.fixture(scope="module")
def seed():
    with (SEED_DIR / "insights.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {r["insight_id"]: r["text"] for r in rows}, {r["insight_id"]: r["meeting_id"] for r in rows}


@pytest.fixture(scope="module")
def results(seed):
    texts, documents = seed
    return held_out.held_out(texts, documents, read_gold(), load_codebook())


def _theme(phrases: tuple[str, ...], definition: str = "About money.") -> Theme:
    return Theme("t", "Theme", definition, "", "", phrases, (), ())


def test_a_phrase_only_the_scored_write_up_contains_is_not_used_on_it():
    book = Codebook("v", (_theme(("co design", "peer support", "money")),))
    texts = {"a1": "We used co design throughout.", "b1": "Peer support and co design helped.",
             "a2": "Peer support matters here."}
    documents = {"a1": "A", "a2": "A", "b1": "B"}
    support = held_out.phrase_support(book, texts, documents)
    assert support[("t", "money")] == {"codebook"}  # in the theme's own words
    without_a = held_out.without_document(book, support, "A")
    without_b = held_out.without_document(book, support, "B")
    assert without_a.themes[0].signal_phrases == ("co design", "peer support", "money")  # B has both
    assert without_b.themes[0].signal_phrases == ("co design", "peer support", "money")  # A has both
    only_b = held_out.without_document(book, held_out.phrase_support(
        book, {"a1": "Nothing here.", "b1": "Peer support."}, {"a1": "A", "b1": "B"}), "B")
    assert "peer support" not in only_b.themes[0].signal_phrases


def test_on_unseen_write_ups_most_key_points_get_a_right_suggestion(results):
    both = results["both"]
    assert both.found_share >= held_out.FOUND_TARGET
    # Every theme with 5+ gold codes is at kappa 0.6 or above in corpus beside the rules.
    assert both.kappa_misses() == []
    assert results["rules"].found < both.found  # the meaning model adds what the rules miss


def test_docs_show_the_figures_the_code_measures(results):
    names = {t.theme_id: t.name for t in load_codebook().themes}
    docs = (PROJECT_ROOT / "docs" / "themes.md").read_text(encoding="utf-8")
    assert held_out.markdown(results, names) in docs, "run `python -m dash themes agreement --markdown`"


def test_the_one_line_says_how_often_in_plain_words(results):
    line = held_out.in_words(results)
    assert line.startswith("On write-ups it had not seen, the rules and the meaning model suggested")
    assert "kappa" not in line
