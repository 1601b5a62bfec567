"""The methods ``python -m dash.devtools.theme_cv`` cross-validates: the app's (``app``: the rules,
then the vote of the nearest coded sentences, ``dash.themes.semantic``), the method before it
(``nearest-theme``: the rules, then the theme whose two nearest references were nearest on average,
as docs/themes.md describes it before 5 December 2026), the rules alone, and the alternatives tried
and not kept: a nearest-neighbour vote beside the rules rather than after them, and a one-vs-rest
logistic regression (numpy, Adam) on the embedding and the rules' hits, after the rules or beside them.

Each is given only what the fold leaves in: the codebook's own words and the key points of the other
sets (or write-ups); the rules score a built-in key point as the codebook could have been written
without its write-up (``dash.themes.held_out``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np

from dash.themes.codebook import Codebook
from dash.themes.tagger import ruled_out, suggest


def rule_hits(texts: Sequence[str], codebook: Codebook) -> np.ndarray:
    ids = [t.theme_id for t in codebook.themes]
    hits = np.zeros((len(texts), len(ids)), dtype=np.float32)
    for row, text in enumerate(texts):
        for s in suggest(text, codebook):
            hits[row, ids.index(s.theme_id)] = 1
    return hits


def codebook_items(codebook: Codebook) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The codebook's sentences as training items: texts, labels (0/1 per theme), and which labels are
    known (a near miss of a theme says only that it is not that theme)."""
    ids = [t.theme_id for t in codebook.themes]
    texts, labels, known = [], [], []
    for k, theme in enumerate(codebook.themes):
        positives = [f"{theme.name}. {theme.definition}"] + ([theme.use_when] if theme.use_when else []) \
            + list(theme.example_sentences)
        negatives = ([theme.not_when] if theme.not_when else []) + list(theme.counter_examples)
        for text in positives:
            y = np.zeros(len(ids))
            y[k] = 1
            texts.append(text)
            labels.append(y)
            known.append(np.ones(len(ids)))
        for text in negatives:
            mask = np.zeros(len(ids))
            mask[k] = 1
            texts.append(text)
            labels.append(np.zeros(len(ids)))
            known.append(mask)
    for text in codebook.fits_none:
        texts.append(text)
        labels.append(np.zeros(len(ids)))
        known.append(np.ones(len(ids)))
    return texts, np.array(labels), np.array(known)


def train_logistic(x: np.ndarray, y: np.ndarray, known: np.ndarray, weight: np.ndarray, l2: float,
                   steps: int = 400, rate: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest logistic regression by Adam on the mean weighted cross-entropy plus ``l2``."""
    d = x.shape[1]
    k = y.shape[1]
    w = np.zeros((d, k))
    b = np.zeros(k)
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    scale = (known * weight[:, None])
    total = scale.sum() or 1.0
    for step in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = (p - y) * scale / total
        gw = x.T @ g + l2 * w
        gb = g.sum(axis=0)
        for param, grad, m, v in ((w, gw, mw, vw), (b, gb, mb, vb)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w, b


def _labels(points, ids) -> np.ndarray:
    return np.array([[t in p.themes for t in ids] for p in points], dtype=float)


def _decide(p: np.ndarray, ids: list[str], floor: float, most: int,
            second: float | None = None) -> list[set[str]]:
    found = []
    for row in p:
        order = np.argsort(-row)
        chosen = [ids[j] for j in order[:most] if row[j] >= floor]
        if second is not None and len(chosen) > 1 and row[order[1]] < second:
            chosen = chosen[:1]
        found.append(set(chosen))
    return found


def _rule_sets(m, test) -> list[set[str]]:
    ids = [t.theme_id for t in m.codebook.themes]
    return [{ids[j] for j in np.flatnonzero(m.rules_out[i])} for i in test]


def _combine(m, test, got, rules):
    by_rules = _rule_sets(m, test)
    if rules == "first":
        return [r or g for r, g in zip(by_rules, got, strict=True)]
    if rules == "union":
        return [r | g for r, g in zip(by_rules, got, strict=True)]
    return got


def logistic(m, train, test, *, floor=0.4, l2=1e-3, codebook_weight=0.5, rules=True, most=2,
             scale=16.0, mode="lr", second=None, steps=400):
    ids = [t.theme_id for t in m.codebook.themes]
    tr = [m.points[i] for i in train]
    x_tr = m.vectors[train] * scale
    x_te = m.vectors[test] * scale
    cb_x = m.codebook_vectors * scale
    if rules:
        x_tr = np.hstack([x_tr, m.rules_in[train]])
        x_te = np.hstack([x_te, m.rules_out[test]])
        cb_x = np.hstack([cb_x, m.codebook_rules])
    x = np.vstack([x_tr, cb_x])
    y = np.vstack([_labels(tr, ids), m.codebook_labels])
    known = np.vstack([np.ones((len(tr), len(ids))), m.codebook_known])
    weight = np.concatenate([np.ones(len(tr)), np.full(len(m.codebook_texts), codebook_weight)])
    w, b = train_logistic(x, y, known, weight, l2, steps=steps)
    p = 1 / (1 + np.exp(-(x_te @ w + b)))
    return _combine(m, test, _decide(p, ids, floor, most, second), mode)


def knn(m, train, test, *, k=8, floor=0.35, rules="first", codebook=True, power=4.0, most=2, cw=1.0):
    ids = [t.theme_id for t in m.codebook.themes]
    tr = [m.points[i] for i in train]
    vectors = m.vectors[train]
    labels = _labels(tr, ids)
    known = np.ones_like(labels)
    trust = np.ones(len(tr))
    if codebook:
        trust = np.concatenate([trust, np.full(len(m.codebook_texts), cw)])
        vectors = np.vstack([vectors, m.codebook_vectors])
        labels = np.vstack([labels, m.codebook_labels])
        known = np.vstack([known, m.codebook_known])
    sims = m.vectors[test] @ vectors.T
    found = []
    for row in sims:
        near = np.argsort(-row)[:k]
        weights = np.maximum(row[near], 0) ** power * trust[near]
        score = (weights[:, None] * labels[near] * known[near]).sum(0) / (
            (weights[:, None] * known[near]).sum(0) + 1e-9)
        found.append(score)
    return _combine(m, test, _decide(np.array(found), ids, floor, most), rules)


def _train_references(m, train):
    from dash.themes.semantic import Reference, codebook_references, quoted

    refs = codebook_references(m.codebook)
    for i in train:
        p = m.points[i]
        label = f"the hand-coded key point {quoted(p.text)}"
        refs += [Reference(t, True, label, p.text, p.point_id, p.document) for t in sorted(p.themes)] or [
            Reference("", False, label + ", which has no theme", p.text, p.point_id, p.document)]
    return refs


def app(m, train, test, **options):
    """The app's method, by the app's own code, given the fold's references."""
    from dash.themes.semantic import suggest_by_meaning, with_rules

    te = [m.points[i] for i in test]
    by_rules = _rule_sets(m, test)
    uncoded = [(p.point_id, p.text) for p, r in zip(te, by_rules, strict=True) if not r]
    meant = suggest_by_meaning(uncoded, _train_references(m, train), m.embed,
                               ruled_out={p.point_id: ruled_out(p.text, m.codebook) for p in te}, **options)
    return [with_rules(r, meant.get(p.point_id)) for p, r in zip(te, by_rules, strict=True)]


def nearest_theme(m, train, test):
    """The method before 5 December 2026, as it ran in the app: the rules, then the theme whose two
    nearest references (the codebook's words and the built-in write-ups' hand-coding only) were
    nearest on average, at least 0.26, and nearer than anything known not to fit."""
    refs = _train_references(m, [i for i in train if m.points[i].set_name == "built-in"])
    te = [m.points[i] for i in test]
    by_rules = _rule_sets(m, test)
    vectors = m.embed([r.text for r in refs])
    found = []
    for p, r, row in zip(te, by_rules, m.vectors[test] @ vectors.T, strict=True):
        if r:
            found.append(r)
            continue
        nearest: dict[str, list[float]] = {}
        against = -1.0
        for n in np.argsort(-row):
            ref = refs[n]
            if not ref.fits:
                against = max(against, float(row[n]))
            elif len(nearest.setdefault(ref.theme_id, [])) < 2:
                nearest[ref.theme_id].append(float(row[n]))
        excluded = ruled_out(p.text, m.codebook)
        scores = {t: sum(v) / len(v) for t, v in nearest.items() if v and t not in excluded}
        best = max(scores.items(), key=lambda item: item[1], default=None)
        found.append({best[0]} if best and best[1] >= 0.26 and best[1] >= against else set())
    return found


def rules_only(m, train, test):
    return _rule_sets(m, test)


CV_METHODS = {
    "app": app,
    "nearest-theme": nearest_theme,
    "rules": rules_only,
    "vote-beside-rules": partial(knn, k=20, power=4, floor=0.45, rules="union"),
    "vote-without-rules": partial(knn, k=20, power=4, floor=0.36, rules="none"),
    "logistic-after-rules": partial(logistic, floor=0.3, l2=1e-2, mode="first", steps=600),
    "logistic-beside-rules": partial(logistic, floor=0.3, l2=1e-2, mode="union", steps=600),
}
