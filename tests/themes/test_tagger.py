from __future__ import annotations

import json

import pytest

from dash.themes.codebook import Codebook, Theme
from dash.themes.tagger import suggest


def _codebook(signals: tuple[str, ...], excludes: tuple[str, ...] = ()) -> Codebook:
    theme = Theme("time", "Change takes time", "", "", "", signals, excludes, ())
    return Codebook("test", (theme,))


@pytest.mark.parametrize(("text", "found"), [
    ("Real change takes time.", True),
    ("Real change is taking time.", True),  # stems: taking → take
    ("Real change took time.", False),  # a different word, not a form of the phrase
    ("It takes sometimes.", False),  # 'sometimes' contains 'time' but is another word
    ("Time takes.", False),  # the words must come in order
])
def test_phrases_match_stems_at_word_boundaries(text, found):
    assert bool(suggest(text, _codebook(("takes time",)))) is found


def test_evidence_names_the_words_and_where_they_are():
    text = "Partnership has no quick fixes: it takes time."
    [suggestion] = suggest(text, _codebook(("takes time", "quick fixes")))
    evidence = json.loads(suggestion.evidence())
    assert [(e["phrase"], e["words"]) for e in evidence] == [("quick fixes", "quick fixes"),
                                                              ("takes time", "takes time")]
    for item in evidence:
        assert text[item["start"]:item["end"]] == item["words"]


def test_exclude_phrase_cancels_the_match_it_covers():
    codebook = _codebook(("time",), ("protected time",))
    assert suggest("Imagination needs protected time and space.", codebook) == []
    assert suggest("Protected time helps, but change needs time.", codebook)[0].matches[0].start == 39


def test_hyphenated_words_match_their_parts():
    codebook = Codebook("t", (Theme("lx", "Co-production", "", "", "", ("co production",), (), ()),))
    assert suggest("Co-production shifted attitudes.", codebook)


@pytest.mark.parametrize("text", [
    "The council and the trust still assess people separately.",
    "Two managers from the local NHS trust came.",
    "The combined authority's devolved powers were discussed.",
    "We ran well over time on the first item.",
])
def test_the_codebooks_exclusions_cover_names_and_housekeeping(text):
    """An NHS trust named as a body, an authority's powers, a meeting running over: none is a theme."""
    from dash.themes.codebook import load_codebook

    found = {s.theme_id for s in suggest(text, load_codebook())}
    assert not found & {"trust", "sharing-power", "time"}
