"""Coding the store's key points: the machine's suggestions for them, and what they are compared with.

The rules go first, for the words they can show (a key point may get several themes); a key point
they leave uncoded gets the themes its nearest references vote for (``dash.themes.semantic``): the
codebook's words and every key point a person has coded, when enough of them agree, and otherwise
stays visibly uncoded. (Meaning beside the rules on every key point was measured too: more wrong
suggestions for few more right ones, docs/themes.md.)
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

import duckdb

from dash.paths import DATA_DIR
from dash.queries import themes
from dash.themes.agreement import GOLD, read_gold
from dash.themes.codebook import Codebook
from dash.themes.semantic import METHOD as MEANING
from dash.themes.semantic import (
    Embed,
    Reference,
    codebook_references,
    quoted,
    suggest_by_meaning,
    with_rules,
)
from dash.themes.tagger import ruled_out, suggest


def coded_key_points(
    texts: Mapping[str, str], documents: Mapping[str, str], codes: Iterable[tuple[str, str, bool, str]],
) -> list[Reference]:
    """References made from key points a person coded: (insight id, theme id or "", fits, who) rows,
    a later row for the same key point and theme replacing an earlier one; "" with fits False is a
    key point a person gave no theme."""
    kept: dict[tuple[str, str], tuple[bool, str]] = {}
    for insight_id, theme_id, fits, who in codes:
        if insight_id in texts:
            kept[(insight_id, theme_id)] = (fits, who)
    found = []
    for (insight_id, theme_id), (fits, who) in kept.items():
        words = texts[insight_id]
        label = f"the {who} key point {quoted(words)}"
        if not theme_id:
            label += ", which has no theme"
        found.append(Reference(theme_id, fits, label, words, insight_id, documents.get(insight_id, "")))
    return found


def gold_codes(gold: Mapping[str, set[str]]) -> list[tuple[str, str, bool, str]]:
    """The built-in write-ups' hand-coding as code rows (a key point coded with nothing fits none)."""
    rows = []
    for insight_id in sorted(gold):
        given = sorted(gold[insight_id])
        rows += [(insight_id, theme_id, True, "hand-coded") for theme_id in given] or [
            (insight_id, "", False, "hand-coded")]
    return rows


def example_codes(codebook: Codebook) -> list[tuple[str, str, bool, str]]:
    return [(example, theme.theme_id, True, "example")
            for theme in codebook.themes for example in theme.examples]


CODED = DATA_DIR / "themes" / "coded.csv"


@cache
def _coded_file(path: Path) -> tuple[tuple[str, str, str, str], ...]:
    with path.open(encoding="utf-8", newline="") as rows:
        return tuple((f"{row['set']}/{row['file']}#{row['point']}", f"{row['set']}/{row['file']}",
                      row["text"], row["theme_ids"]) for row in csv.DictReader(rows))


def development_references(path: Path = CODED) -> list[Reference]:
    """The development sets' hand-coded key points (``data/themes/coded.csv``, written from their
    gold files by ``python -m dash.devtools.theme_cv --write-coded``): every one, with its themes or
    with none. Each is known by its set and file ("dev_set_3/03-derby-carers.txt"), so a measure on a
    set can leave the set out."""
    if not path.exists():
        return []
    rows = _coded_file(path)
    codes = [(point, theme, True, "hand-coded") for point, _, _, themes in rows for theme in themes.split(";")
             if theme] + [(point, "", False, "hand-coded") for point, _, _, themes in rows if not themes]
    return coded_key_points({p: text for p, _, text, _ in rows}, {p: doc for p, doc, _, _ in rows}, codes)


def references(
    connection: duckdb.DuckDBPyConnection, codebook: Codebook, gold: Path = GOLD, coded: Path = CODED
) -> list[Reference]:
    """Everything a key point is compared with by meaning, as the store holds it now: the codebook's
    words, its example key points, the hand-coded built-in key points and development sets, and every
    code a reviewer accepted or rejected (the reviewers' say replacing the hand-coding where both
    exist)."""
    reviewed = themes.reviewed_codes(connection)
    hand_coded = read_gold(gold) if gold.exists() else {}
    codes = (gold_codes(hand_coded) + example_codes(codebook)
             + [(i, t, fits, "accepted" if fits else "rejected") for i, t, fits in reviewed])
    ids = sorted({code[0] for code in codes})
    rows = themes.key_points_with_meetings(connection, ids) if ids else []
    return codebook_references(codebook) + coded_key_points(
        {i: text for i, text, _ in rows}, {i: meeting for i, _, meeting in rows}, codes
    ) + development_references(coded)


def suggestion_rows(
    key_points: Iterable[tuple[str, str]], codebook: Codebook, known: Sequence[Reference],
    embed: Embed | None = None,
) -> list[list[str]]:
    """Suggestions for (insight id, text) pairs, as ``insight_themes`` rows: the rules' first, then the
    themes the nearest references vote for, for the key points the rules found nothing in
    (``dash.themes.semantic.with_rules``)."""
    points = list(key_points)
    rows, by_rules = [], {}
    for insight_id, text in points:
        found = suggest(text, codebook)
        by_rules[insight_id] = {s.theme_id for s in found}
        rows.extend([insight_id, s.theme_id, "suggested", f"rules@{codebook.version}", s.evidence()]
                    for s in found)
    uncoded = [(insight_id, text) for insight_id, text in points if not by_rules[insight_id]]
    excluded = {insight_id: ruled_out(text, codebook) for insight_id, text in uncoded}
    meanings = suggest_by_meaning(uncoded, known, embed, ruled_out=excluded)  # only they can get one
    for insight_id, meant in meanings.items():
        given = with_rules(by_rules[insight_id], meant) - by_rules[insight_id]
        rows.extend([insight_id, m.theme_id, "suggested", MEANING, m.evidence()]
                    for m in meant if m.theme_id in given)
    return rows
