"""Suggestions by meaning: the packaged model, how its suggestions are kept, and the rules without it."""

from __future__ import annotations

import json
import socket

import numpy as np
import pytest

from dash.themes import semantic
from dash.themes.codebook import load_codebook
from dash.themes.coding import suggestion_rows
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
    missed = "Handing over decisions is only real if the panel can also change the criteria"
    found_by_rules = "Panel members were paid for their time and trained before the first meeting"
    points = [("a", missed), ("b", found_by_rules), ("c", "The weather was nice")]
    rows = suggestion_rows(points, codebook, {})
    by_point = {}
    for insight_id, theme_id, status, method, evidence in rows:
        by_point.setdefault(insight_id, []).append((theme_id, status, method, evidence))
    [(theme_id, status, method, evidence)] = by_point["a"]
    assert (theme_id, status, method) == ("sharing-power", "suggested", semantic.METHOD)
    kept = json.loads(evidence)
    assert kept["method"] == "meaning" and kept["similarity"] >= semantic.SIMILARITY_FLOOR
    assert kept["nearest"].startswith("the theme's")
    assert all(method.startswith("rules@") for _, _, method, _ in by_point["b"])  # the rules' words first
    assert "c" not in by_point  # near nothing: it stays uncoded, for a person to see


def test_examples_from_the_store_are_what_a_suggestion_names(codebook):
    theme = next(t for t in codebook.themes if t.examples)
    text = "Grandmothers knitting scarves for the allotment committee"  # no rule's words
    rows = suggestion_rows([("x", text)], codebook, {theme.examples[0]: text})
    [(_, theme_id, _, method, evidence)] = rows
    kept = json.loads(evidence)
    assert (theme_id, method, kept["nearest_id"]) == (theme.theme_id, semantic.METHOD, theme.examples[0])
    assert kept["nearest"] == f"the example key point “{text}”" and kept["similarity"] == 1.0


def test_without_the_model_the_rules_still_code(monkeypatch, codebook):
    monkeypatch.setattr(semantic, "packaged_model", lambda: None)
    rows = suggestion_rows([("a", "Handing over decisions is only real if the panel can change the criteria"),
                            ("b", "Panel members were paid and trained")], codebook, {})
    assert [r[0] for r in rows] == ["b"] and all(r[3].startswith("rules@") for r in rows)


def test_leaving_out_a_prototype_never_compares_with_it(codebook):
    def embed(texts):  # every text the same direction: only what is left out decides
        return np.ones((len(texts), 4), dtype=np.float32) / 2

    examples = {"ex-1": "an example"}
    theme = codebook.themes[0]
    book = type(codebook)(codebook.version, (type(theme)(**{**theme.__dict__, "examples": ("ex-1",)}),))
    [best] = semantic.similarities(["a text"], book, examples, embed,
                                   leave_out=lambda n, proto: proto.source_id == "ex-1")
    assert best[theme.theme_id][1].source_id == ""


def test_a_reviewer_reads_how_each_code_was_suggested():
    meaning = json.dumps({"method": "meaning", "nearest": "the example key point “*bold* [x](http://e.vil)”",
                          "nearest_id": "ins-1", "similarity": 0.412})
    said = how_suggested(semantic.METHOD, meaning)
    assert said.startswith("Suggested by meaning: closest to the example key point") and "0.41" in said
    assert "](http" not in said and "\\*bold\\*" in said
    assert matched_spans(meaning) == []
    rules = json.dumps([{"phrase": "paid", "words": "paid", "start": 0, "end": 4}])
    assert how_suggested("rules@abc", rules) == "Suggested by the rules, matching “paid”"
    assert how_suggested("person", None) == "Added by a reviewer"
