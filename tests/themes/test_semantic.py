"""Suggestions by meaning: the packaged model, how its suggestions are kept, and the rules without it."""

from __future__ import annotations

import json
import socket

import numpy as np
import pytest

from dash import safe
from dash.themes import semantic
from dash.themes.codebook import load_codebook
from dash.themes.coding import coded_key_points, suggestion_rows
from dash.themes.evidence import how_suggested, matched_spans


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def test_the_packaged_model_loads_and_embeds_with_the_network_shut(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the model tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    semantic.packaged_model.cache_clear()
    embed = semantic.packaged_model()
    assert embed is not None
    vectors = embed(["Residents decide where the money goes", "Communities choose which grants to fund",
                     "The weather was cold and wet"])
    assert vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    similar, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert similar > unrelated


def test_a_key_point_the_rules_miss_gets_its_nearest_theme_with_evidence(codebook):
    missed = "Giving away the decisions is only real if the panel can also change the criteria"
    found_by_rules = "Panel members were paid for their time and trained before the first meeting"
    points = [("a", missed), ("b", found_by_rules), ("c", "The weather was nice")]
    rows = suggestion_rows(points, codebook, semantic.codebook_references(codebook))
    by_point = {}
    for insight_id, theme_id, status, method, evidence in rows:
        by_point.setdefault(insight_id, []).append((theme_id, status, method, evidence))
    [(theme_id, status, method, evidence)] = by_point["a"]
    assert (theme_id, status, method) == ("sharing-power", "suggested", semantic.METHOD)
    kept = json.loads(evidence)
    assert kept["method"] == "meaning" and kept["vote"] >= semantic.VOTE_FLOOR
    assert kept["nearest"].startswith("the ") and 1 <= len(kept["neighbours"]) <= semantic.SHOWN
    assert kept["voters"] == semantic.NEIGHBOURS
    assert all(method.startswith("rules@") for _, _, method, _ in by_point["b"])  # the rules' words first
    assert "c" not in by_point  # near nothing: it stays uncoded, for a person to see


def _accepted(theme_id: str, text: str, fits: bool = True) -> list[semantic.Reference]:
    return coded_key_points({"ins-9": text}, {"ins-9": "mtg-9"},
                            [("ins-9", theme_id, fits, "accepted" if fits else "rejected")])


def test_a_key_point_a_reviewer_accepted_is_what_a_suggestion_names(codebook):
    text = "Grandmothers knitting scarves for the allotment committee"  # no rule's words
    known = semantic.codebook_references(codebook) + _accepted("imagination", text)
    [(_, theme_id, _, method, evidence)] = suggestion_rows([("x", text)], codebook, known)
    kept = json.loads(evidence)
    assert (theme_id, method, kept["nearest_id"]) == ("imagination", semantic.METHOD, "ins-9")
    assert kept["nearest"] == f"the accepted key point “{text}”"
    assert kept["neighbours"][0]["similarity"] == 1.0


def test_a_rejected_code_and_a_near_miss_count_against_their_theme(codebook):
    text = "Grandmothers knitting scarves for the allotment committee"
    known = semantic.codebook_references(codebook) + _accepted("imagination", text)
    rejected = known + _accepted("imagination", text, fits=False)
    # a theme given and then refused by a reviewer counts against it
    assert "imagination" not in [row[1] for row in suggestion_rows([("x", text)], codebook, rejected)]
    near_miss = next(t for t in codebook.themes if t.counter_examples)
    sentence = near_miss.counter_examples[0]
    rows = suggestion_rows([("y", sentence + " Indeed.")], codebook, semantic.codebook_references(codebook))
    assert near_miss.theme_id not in [row[1] for row in rows if row[3] == semantic.METHOD]


def test_a_key_point_is_never_compared_with_itself_nor_with_what_is_left_out(codebook):
    def embed(texts):  # every text the same direction: only what is left out decides
        return np.ones((len(texts), 4), dtype=np.float32) / 2

    own = _accepted("imagination", "a text")
    other = coded_key_points({"ins-8": "another"}, {"ins-8": "mtg-8"}, [("ins-8", "trust", True, "accepted")])
    found = semantic.suggest_by_meaning([("ins-9", "a text")], own + other, embed)
    assert [m.theme_id for m in found["ins-9"]] == ["trust"]  # not its own code
    assert semantic.suggest_by_meaning([("ins-9", "a text")], own + other, embed,
                                       leave_out=lambda i, ref: ref.document == "mtg-8") == {}


def test_the_store_s_reviews_are_compared_with(store_copy):
    from dash.store import StoreReader
    from dash.themes.coding import references
    from dash.write import service

    for action, theme_id in (("accept", "time"), ("reject", "trust")):
        assert service.decide("ins-jf-07", theme_id, action, by="AB", store=store_copy).ok
    known = references(StoreReader(store_copy).cursor(), load_codebook())
    mine = {(r.theme_id, r.fits, r.label.split(" key point")[0]) for r in known if r.source_id == "ins-jf-07"}
    assert mine == {("time", True, "the accepted"), ("trust", False, "the rejected")}
    assert any(r.label.startswith("the hand-coded key point") for r in known)  # data/themes/gold.csv
    assert any(r.label == "the theme's notes on when not to use it" and not r.fits for r in known)


def test_a_reviewer_reads_how_each_code_was_suggested():
    meaning = json.dumps({"method": "meaning", "nearest": "the accepted key point “*bold* [x](http://e.vil)”",
                          "nearest_id": "ins-1", "similarity": 0.412, "neighbours": [
                              {"label": "the accepted key point “*bold* [x](http://e.vil)”", "id": "ins-1",
                               "similarity": 0.45},
                              {"label": "the theme's definition", "id": "", "similarity": 0.37}]})
    said = how_suggested(semantic.METHOD, meaning)
    shown = safe.markdown("the accepted key point “*bold* [x](http://e.vil)”")
    definition = safe.markdown("the theme's definition")
    assert said == f"Suggested by meaning: closest to {shown} (0.45) and {definition} (0.37); 0.41 on average"
    voted = json.dumps({"method": "meaning", "vote": 0.52, "voters": 20, "similarity": 0.61,
                        "nearest": "the hand-coded key point “Panel chose”", "nearest_id": "k",
                        "neighbours": [{"label": "the hand-coded key point “Panel chose”", "id": "k",
                                        "similarity": 0.61}]})
    assert how_suggested(semantic.METHOD, voted) == (
        "Suggested by meaning: this theme has 52% of the vote of the 20 coded sentences nearest to it; "
        f"nearest with it: {safe.markdown('the hand-coded key point “Panel chose”')} (0.61)")
    old = json.dumps({"method": "meaning", "nearest": "the theme's definition", "similarity": 0.4})
    assert how_suggested(semantic.METHOD, old) == f"Suggested by meaning: closest to {definition} (0.40)"
    assert "](http" not in said and "\\*bold\\*" in said
    assert matched_spans(meaning) == []
    rules = json.dumps([{"phrase": "paid", "words": "paid", "start": 0, "end": 4}])
    assert how_suggested("rules@abc", rules) == "Suggested by the rules, matching “paid”"
    assert how_suggested("person", None) == "Added by a reviewer"


# ---- issue 24: the codebook's exclusions hold for meaning too
def _fixed(vectors: dict[str, list[float]]):
    """An embedding that gives each known text its vector: the test decides what is near what."""
    def embed(texts):
        rows = np.array([vectors.get(t, [0.0, 0.0, 1.0]) for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return embed


def test_a_theme_the_key_points_words_rule_out_is_not_suggested_by_meaning():
    refs = [semantic.Reference("time", True, "example", "slow change"),
            semantic.Reference("trust", True, "example", "people knowing each other")]
    embed = _fixed({"slow change": [1, 0, 0], "people knowing each other": [0.6, 0.8, 0],
                    "we ran out of time": [1, 0.1, 0]})
    point = [("ins-1", "we ran out of time")]
    assert semantic.suggest_by_meaning(point, refs, embed, floor=0.3)["ins-1"][0].theme_id == "time"
    ruled = semantic.suggest_by_meaning(point, refs, embed, floor=0.1, ruled_out={"ins-1": {"time"}})
    assert [m.theme_id for m in ruled["ins-1"]] == ["trust"]  # the next theme, not the one ruled out


def test_the_codebooks_exclude_phrases_rule_out_their_theme(codebook):
    from dash.themes.tagger import ruled_out

    assert "time" in ruled_out("We ran out of time to finish the agenda.", codebook)
    assert "trust" in ruled_out("The NHS trust sent two managers.", codebook)
    assert ruled_out("Trust grew slowly between the groups.", codebook) == set()


def test_meanings_theme_is_given_only_where_the_rules_found_none():
    meant = (semantic.MeaningSuggestion("sharing-power", 0.6, ()),
             semantic.MeaningSuggestion("trust", 0.4, ()))
    assert semantic.with_rules(set(), meant) == {"sharing-power", "trust"}
    assert semantic.with_rules({"pay-training"}, meant) == {"pay-training"}
    assert semantic.with_rules({"time"}, None) == {"time"}


def test_a_key_point_whose_nearest_coded_sentences_carry_no_theme_is_left_uncoded():
    """"No theme" is an answer: key points a person coded with none vote against every theme."""
    refs = [semantic.Reference("sharing-power", True, "example", "residents decide"),
            semantic.Reference("", False, "housekeeping", "the room was booked for the evening")]
    embed = _fixed({"residents decide": [0.5, 0.5, 0.7], "the room was booked for the evening": [1, 0, 0],
                    "the hall was booked for the day": [0.95, 0.1, 0.3]})
    point = [("ins-1", "the hall was booked for the day")]
    assert semantic.suggest_by_meaning(point, refs, embed) == {}
    assert semantic.suggest_by_meaning(point, refs[:1], embed)["ins-1"][0].theme_id == "sharing-power"


def test_a_near_miss_has_a_say_only_on_its_own_theme():
    refs = [semantic.Reference("sharing-power", True, "example", "residents decide"),
            semantic.Reference("trust", False, "near miss", "the agreement was signed")]
    embed = _fixed({"residents decide": [0.5, 0.5, 0.7], "the agreement was signed": [1, 0, 0],
                    "partners signed the agreement": [0.95, 0.1, 0.3]})
    found = semantic.suggest_by_meaning([("ins-1", "partners signed the agreement")], refs, embed)
    assert [m.theme_id for m in found["ins-1"]] == ["sharing-power"]


def test_two_themes_when_the_nearest_carry_both():
    refs = [semantic.Reference("pay-training", True, "hand-coded", "paid and trained", "k1"),
            semantic.Reference("inequality", True, "hand-coded", "paid and trained", "k1"),
            semantic.Reference("trust", True, "example", "we trust each other")]
    embed = _fixed({"paid and trained": [1, 0, 0], "we trust each other": [0, 1, 0],
                    "members were paid and trained": [0.98, 0.05, 0.1]})
    found = semantic.suggest_by_meaning([("ins-1", "members were paid and trained")], refs, embed)
    assert {m.theme_id for m in found["ins-1"]} == {"pay-training", "inequality"}
