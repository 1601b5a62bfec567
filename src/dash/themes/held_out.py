"""How well the suggestions do on write-ups they have not seen: leave one write-up out at a time.

The codebook was written with the built-in write-ups in view, so scoring it on them flatters it
(kappa 0.84–1.00). Here each write-up is scored as if it were new: its key points may not be matched
by a phrase that only its own key points contain (a phrase found in another write-up, or in the
theme's own name, definition or notes, stays: it could have been written without this one), nor
compared by meaning with any key point from it (hand-coded or an example). The figures are per theme
and overall, for the rules, the meaning model, and both as the app runs them (the rules first, the
themes the nearest references vote for where the rules find nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from dash.themes.agreement import MIN_GOLD_FOR_TARGET, ThemeAgreement, agreement
from dash.themes.codebook import Codebook, Theme
from dash.themes.semantic import (
    VOTE_FLOOR,
    Embed,
    Reference,
    codebook_references,
    packaged_model,
    suggest_by_meaning,
    with_rules,
)
from dash.themes.tagger import ruled_out, suggest

KAPPA_TARGET = 0.6  # out of sample, on every theme with MIN_GOLD_FOR_TARGET gold codes or more
FOUND_TARGET = 0.8  # share of a new write-up's coded key points with at least one right suggestion
METHODS = {"rules": "the rules", "meaning": "the meaning model", "both": "the rules and the meaning model"}


@dataclass(frozen=True)
class HeldOut:
    method: str
    themes: list[ThemeAgreement]
    coded: int    # key points a person gave at least one theme
    found: int    # of those, how many got at least one theme the person gave
    uncoded: int  # key points given no suggestion at all
    suggested: dict[str, set[str]] = field(default_factory=dict, compare=False)  # key point → themes

    @property
    def found_share(self) -> float:
        return self.found / self.coded if self.coded else 0.0

    def kappa_misses(self) -> list[str]:
        """Themes with enough gold codes whose kappa is under the target."""
        return [r.theme_id for r in self.themes
                if r.gold >= MIN_GOLD_FOR_TARGET and (r.kappa is None or r.kappa < KAPPA_TARGET)]


def _matches(theme: Theme, phrase: str, text: str) -> bool:
    only = replace(theme, signal_phrases=(phrase,), exclude_phrases=theme.exclude_phrases)
    return bool(suggest(text, Codebook("one-phrase", (only,))))


def phrase_support(
    codebook: Codebook, texts: Mapping[str, str], documents: Mapping[str, str]
) -> dict[tuple[str, str], set[str]]:
    """(theme, phrase) → the write-ups whose key points it matches, plus "codebook" when the theme's
    own name, definition or notes contain it."""
    support = {}
    for theme in codebook.themes:
        own_words = f"{theme.name}. {theme.definition} {theme.use_when}"
        for phrase in theme.signal_phrases:
            where = {documents[i] for i, text in texts.items() if _matches(theme, phrase, text)}
            if _matches(theme, phrase, own_words):
                where.add("codebook")
            support[(theme.theme_id, phrase)] = where
    return support


def without_document(
    codebook: Codebook, support: Mapping[tuple[str, str], set[str]], document: str
) -> Codebook:
    """The codebook as it could have been written without ``document``: phrases only it contains dropped."""
    themes = tuple(replace(theme, signal_phrases=tuple(
        p for p in theme.signal_phrases if support[(theme.theme_id, p)] - {document}))
        for theme in codebook.themes)
    return Codebook(f"{codebook.version}-without-{document}", themes)


def held_out(
    texts: Mapping[str, str], documents: Mapping[str, str], gold: Mapping[str, set[str]],
    codebook: Codebook, embed: Embed | None = None, floor: float = VOTE_FLOOR,
) -> dict[str, HeldOut]:
    """Each method's agreement with ``gold``, every write-up scored with itself left out.

    ``texts`` and ``documents`` cover every key point (the phrases' support is read from all of
    them); ``gold`` is the hand-coded ones. "meaning" and "both" need the model (``embed``, or the
    packaged one); without it only "rules" is returned.
    """
    embed = embed or packaged_model()
    scored = sorted(i for i in gold if i in texts)
    support = phrase_support(codebook, texts, documents)
    by_rules: dict[str, set[str]] = {}
    for document in sorted({documents[i] for i in scored}):
        fold = without_document(codebook, support, document)
        for i in scored:
            if documents[i] == document:
                by_rules[i] = {s.theme_id for s in suggest(texts[i], fold)}
    found = {"rules": by_rules}
    if embed is not None:
        known = in_corpus_references(codebook, texts, documents, gold)
        meant = suggest_by_meaning([(i, texts[i]) for i in scored], known, embed, floor=floor,
                                   leave_out=lambda i, ref: ref.document == documents[i],
                                   ruled_out={i: ruled_out(texts[i], codebook) for i in scored})
        found["meaning"] = {i: {m.theme_id for m in meant.get(i, ())} for i in scored}
        found["both"] = {i: with_rules(by_rules[i], meant.get(i)) for i in scored}
    theme_ids = [theme.theme_id for theme in codebook.themes]
    results = {}
    for method, suggested in found.items():
        coded = [i for i in scored if gold[i]]
        results[method] = HeldOut(
            method, agreement({i: gold[i] for i in scored}, suggested, theme_ids), len(coded),
            sum(bool(suggested[i] & gold[i]) for i in coded), sum(not suggested[i] for i in scored),
            suggested)
    return results


def in_corpus_references(
    codebook: Codebook, texts: Mapping[str, str], documents: Mapping[str, str], gold: Mapping[str, set[str]]
) -> list[Reference]:
    """What the app compares a key point with when the store holds only the built-in write-ups: the
    codebook's words, its example key points, the hand-coded key points and the development sets'
    (no reviews yet)."""
    from dash.themes.coding import coded_key_points, development_references, example_codes, gold_codes

    return codebook_references(codebook) + coded_key_points(
        texts, documents, gold_codes(gold) + example_codes(codebook)) + development_references()


def in_words(results: Mapping[str, HeldOut]) -> str:
    """The one line a trustee reads: how often the app's suggestions are right on a new write-up."""
    best = results.get("both") or results["rules"]
    return (f"On write-ups it had not seen, {METHODS[best.method]} suggested a theme the person also gave "
            f"for {best.found} of the {best.coded} key points a person coded ({best.found_share:.0%}).")


def table(results: Mapping[str, HeldOut], names: Mapping[str, str]) -> list[dict[str, object]]:
    """A row per theme (by name): the gold codes and each method's kappa on unseen write-ups."""
    def kappa(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    rules = results["rules"].themes
    rows = []
    for n, theme in enumerate(rules):
        row: dict[str, object] = {"Theme": names.get(theme.theme_id, theme.theme_id),
                                  "Given by a person": theme.gold}
        for method, result in results.items():
            row[f"Kappa, {METHODS[method]}"] = kappa(result.themes[n].kappa)
        rows.append(row)
    return rows


def markdown(results: Mapping[str, HeldOut], names: Mapping[str, str]) -> str:
    """The out-of-sample figures as docs/themes.md shows them (``python -m dash themes agreement
    --markdown`` prints them again)."""
    lines = ["| Method | Coded key points with a right suggestion | Key points given no suggestion | "
             f"Themes under kappa {KAPPA_TARGET} (of those with {MIN_GOLD_FOR_TARGET}+ gold codes) |",
             "|---|---|---|---|"]
    for method, result in results.items():
        misses = ", ".join(names.get(t, t) for t in result.kappa_misses()) or "none"
        lines.append(f"| {METHODS[method].capitalize()} | {result.found} of {result.coded} "
                     f"({result.found_share:.0%}) | {result.uncoded} | {misses} |")
    rows = table(results, names)
    header = list(rows[0])
    lines += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join("–" if row[h] is None else str(row[h]) for h in header) + " |")
    return "\n".join(lines)
