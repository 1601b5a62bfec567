"""How often the suggestions are right, measured only on write-ups they were not built from.

Three kinds of column, side by side (``python -m dash themes evaluate``; docs/themes.md shows them):

- **in corpus**: the built-in write-ups, each scored as if new (``dash.themes.held_out``: no phrase
  only it contains, no key point of its own compared with);
- **development**: ``tests/themes/dev_set``, ``dev_set_2``, ``dev_set_3``, ``dev_set_4``, ``dev_set_5``,
  ``dev_set_6``, ``dev_set_7``
  and, since 5 December 2026, ``held_out_set`` and ``held_out_set_2`` (each measured once while held
  out), written by people who never saw the code; read and tuned on, and each measured with its own
  hand-coding left out of the references (``data/themes/coded.csv`` holds them all);
- **held out**: ``tests/themes/held_out_set_3``, ``held_out_set_4`` and ``held_out_set_5``, each by
  another writer; nothing was tuned on them and only these figures were read.

For the hand-coded sets the suggester runs exactly as the app runs it on an imported write-up
(``dash.themes.coding.suggestion_rows``, compared with what the store holds), on key points cut from
each file by their first words, so the importer's reading does not move the figures.

Recall: of the key points a person gave a theme, how many got at least one of those themes
suggested (per theme: of the key points a person gave it, how many got it). Precision: of the themes
suggested, how many the person also gave. Uncoded: key points given no suggestion at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dash.paths import PROJECT_ROOT
from dash.themes.codebook import Codebook
from dash.themes.coding import suggestion_rows
from dash.themes.evaluation_sets import GoldWriteUp, load_set
from dash.themes.semantic import Embed, Reference

DEV_SET = PROJECT_ROOT / "tests" / "themes" / "dev_set"
DEV_SET_2 = PROJECT_ROOT / "tests" / "themes" / "dev_set_2"
HELD_OUT_SET = PROJECT_ROOT / "tests" / "themes" / "held_out_set"
HELD_OUT_SET_2 = PROJECT_ROOT / "tests" / "themes" / "held_out_set_2"
HELD_OUT_SET_3 = PROJECT_ROOT / "tests" / "themes" / "held_out_set_3"
DEV_SET_3 = PROJECT_ROOT / "tests" / "themes" / "dev_set_3"
DEV_SET_4 = PROJECT_ROOT / "tests" / "themes" / "dev_set_4"
HELD_OUT_SET_4 = PROJECT_ROOT / "tests" / "themes" / "held_out_set_4"
DEV_SET_5 = PROJECT_ROOT / "tests" / "themes" / "dev_set_5"
DEV_SET_6 = PROJECT_ROOT / "tests" / "themes" / "dev_set_6"
DEV_SET_7 = PROJECT_ROOT / "tests" / "themes" / "dev_set_7"
HELD_OUT_SET_5 = PROJECT_ROOT / "tests" / "themes" / "held_out_set_5"
# Every hand-coded set, as docs/themes.md shows them side by side. Held-out sets 1 and 2 became
# development sets on 5 December 2026, once measured; held-out sets 3, 4 and 5 are still held out.
ALL_SETS = (DEV_SET, DEV_SET_2, HELD_OUT_SET, HELD_OUT_SET_2, DEV_SET_3, DEV_SET_4, DEV_SET_5, DEV_SET_6,
            DEV_SET_7, HELD_OUT_SET_3, HELD_OUT_SET_4, HELD_OUT_SET_5)
TARGET = 0.85  # recall and precision, per theme and overall, on the held-out set


@dataclass(frozen=True)
class Count:
    gold: int       # key points a person gave the theme (overall: any theme)
    found: int      # of those, how many got it (overall: at least one of theirs)
    suggested: int  # themes suggested (overall: over every key point)
    right: int      # of those, how many the person also gave

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.right / self.suggested if self.suggested else None


@dataclass(frozen=True)
class Figures:
    name: str
    key_points: int
    uncoded: int          # given no suggestion
    uncoded_coded: int    # of those, how many a person gave a theme
    overall: Count
    by_theme: dict[str, Count]


def figures(name: str, gold: Mapping[str, set[str]], suggested: Mapping[str, set[str]],
            theme_ids: Sequence[str]) -> Figures:
    """The measures over key points ``gold`` names (key point → the themes a person gave it)."""
    got = {i: set(suggested.get(i, set())) for i in gold}
    coded = [i for i in gold if gold[i]]
    overall = Count(len(coded), sum(bool(got[i] & gold[i]) for i in coded),
                    sum(len(got[i]) for i in gold), sum(len(got[i] & gold[i]) for i in gold))
    by_theme = {}
    for theme in theme_ids:
        given = [i for i in gold if theme in gold[i]]
        by_theme[theme] = Count(len(given), sum(theme in got[i] for i in given),
                                sum(theme in got[i] for i in gold),
                                sum(theme in got[i] and theme in gold[i] for i in gold))
    uncoded = [i for i in gold if not got[i]]
    return Figures(name, len(gold), len(uncoded), sum(bool(gold[i]) for i in uncoded), overall, by_theme)


def on_set(name: str, writeups: Sequence[GoldWriteUp], codebook: Codebook, known: Sequence[Reference],
           embed: Embed | None = None, folder: str = "") -> Figures:
    """The app's suggester on a hand-coded set's key points, as if each write-up were imported now.

    The development sets' hand-coding is among what the app compares key points with
    (``data/themes/coded.csv``); the set measured is left out of it, so each set is scored as new
    text (leave one set out)."""
    known = [ref for ref in known if not (folder and ref.document.startswith(f"{folder}/"))]
    points, gold = [], {}
    for n, writeup in enumerate(writeups, start=1):
        for m, point in enumerate(writeup.key_points, start=1):
            insight_id = f"set-{n:02d}-{m:02d}"
            points.append((insight_id, point.text))
            gold[insight_id] = set(point.themes)
    suggested: dict[str, set[str]] = {}
    for insight_id, theme_id, *_ in suggestion_rows(points, codebook, known, embed):
        suggested.setdefault(insight_id, set()).add(theme_id)
    return figures(name, gold, suggested, [t.theme_id for t in codebook.themes])


def in_corpus(texts: Mapping[str, str], documents: Mapping[str, str], gold: Mapping[str, set[str]],
              codebook: Codebook, embed: Embed | None = None) -> Figures:
    """The built-in write-ups, each scored with itself left out (``dash.themes.held_out``)."""
    from dash.themes.held_out import held_out

    results = held_out(texts, documents, gold, codebook, embed)
    method = results.get("both") or results["rules"]
    scored = {i: gold[i] for i in gold if i in texts}
    return figures("In corpus (each built-in write-up left out)", scored, method.suggested,
                   [t.theme_id for t in codebook.themes])


def evaluate(texts: Mapping[str, str], documents: Mapping[str, str], gold: Mapping[str, set[str]],
             codebook: Codebook, known: Sequence[Reference], sets: Sequence[tuple[str, Path]],
             embed: Embed | None = None) -> list[Figures]:
    """The in-corpus column, then one per hand-coded set (name, folder)."""
    return [in_corpus(texts, documents, gold, codebook, embed)] + [
        on_set(name, load_set(folder), codebook, known, embed, folder.name) for name, folder in sets]


def _share(count: Count) -> str:
    def one(part: int, whole: int) -> str:
        return f"{part}/{whole} ({part / whole:.0%})" if whole else "–"
    return f"{one(count.found, count.gold)} · {one(count.right, count.suggested)}"


def markdown(columns: Sequence[Figures], names: Mapping[str, str]) -> str:
    """Recall · precision per theme and overall, a column per set, and the key points left uncoded."""
    header = "| | " + " | ".join(f"{c.name}: recall · precision" for c in columns) + " |"
    lines = [header, "|---|" + "---|" * len(columns),
             "| **All themes** (recall by key point) | " + " | ".join(
                 f"**{_share(c.overall)}**" for c in columns) + " |",
             "| Key points given no suggestion (of them, coded by the person) | " + " | ".join(
                 f"{c.uncoded} of {c.key_points} ({c.uncoded_coded})" for c in columns) + " |"]
    for theme_id, name in names.items():
        lines.append(f"| {name} | " + " | ".join(_share(c.by_theme[theme_id]) for c in columns) + " |")
    return "\n".join(lines)
