"""For developers: the theme suggestions cross-validated over every hand-coded key point there is.

``python -m dash.devtools.theme_cv [--method NAME ...] [--by set|write-up]``

The material: the built-in write-ups' hand-coding (``data/themes/gold.csv``) and every hand-coded set
under ``tests/themes/`` that is a development set (held-out sets 3 and 4 are never read here). Each *set* is
left out in turn (``--by set``, the honest figure: it is new text by a new writer) or each write-up
(``--by write-up``); a method is trained or given references only from what is left in, plus the
codebook's own words, and scored on what was left out: recall (key points a person gave a theme that
got one of theirs), precision (themes suggested that the person gave), and key points given none.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dash.paths import PROJECT_ROOT
from dash.themes.codebook import Codebook, load_codebook
from dash.themes.evaluation_sets import load_set

SETS_DIR = PROJECT_ROOT / "tests" / "themes"
# Every development set: read, and tuned on. Held-out sets 3, 4 and 5 are not among them and never read here.
DEVELOPMENT_SETS = ("dev_set", "dev_set_2", "held_out_set", "held_out_set_2", "dev_set_3", "dev_set_4",
                    "dev_set_5", "dev_set_6", "dev_set_7")
NEVER_READ = ("held_out_set_3", "held_out_set_4", "held_out_set_5")


@dataclass(frozen=True)
class Point:
    point_id: str
    text: str
    themes: frozenset[str]
    set_name: str
    document: str


@dataclass
class Material:
    points: list[Point]
    codebook: Codebook
    embed: Callable[[list[str]], np.ndarray]
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    rules_in: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # the rules' hits, as trained
    rules_out: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # as scored: fair to the built-in
    codebook_texts: list[str] = field(default_factory=list)
    codebook_labels: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    codebook_known: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    codebook_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    codebook_rules: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    def __post_init__(self) -> None:
        from dash.devtools.theme_methods import codebook_items, rule_hits
        from dash.themes.held_out import phrase_support, without_document

        self.vectors = self.embed([p.text for p in self.points])
        self.rules_in = rule_hits([p.text for p in self.points], self.codebook)
        # A built-in key point is scored by the rules as the codebook could have been written without
        # its write-up (dash.themes.held_out): phrases only its write-up holds are dropped.
        built = [p for p in self.points if p.set_name == "built-in"]
        support = phrase_support(self.codebook, {p.point_id: p.text for p in built},
                                 {p.point_id: p.document for p in built})
        self.rules_out = self.rules_in.copy()
        for n, point in enumerate(self.points):
            if point.set_name == "built-in":
                fold = without_document(self.codebook, support, point.document)
                self.rules_out[n] = rule_hits([point.text], fold)[0]
        self.codebook_texts, self.codebook_labels, self.codebook_known = codebook_items(self.codebook)
        self.codebook_vectors = self.embed(self.codebook_texts)
        self.codebook_rules = rule_hits(self.codebook_texts, self.codebook)


def built_in_points(db: str | None = None) -> list[Point]:
    """The built-in write-ups' key points and their hand-coding, from the store."""
    from dash.paths import store_target
    from dash.store import StoreReader
    from dash.themes.agreement import read_gold

    gold = read_gold()
    cursor = StoreReader(store_target(db)).cursor()
    rows = cursor.execute("SELECT insight_id, text, meeting_id FROM insights ORDER BY insight_id").fetchall()
    return [Point(i, text, frozenset(gold[i]), "built-in", f"built-in/{meeting}")
            for i, text, meeting in rows if i in gold]


def set_points(folder: Path) -> list[Point]:
    if folder.name in NEVER_READ:
        raise SystemExit(f"{folder.name} is held out: it is never read for development")
    found = []
    for writeup in load_set(folder):
        for n, point in enumerate(writeup.key_points, start=1):
            found.append(Point(f"{folder.name}/{writeup.name}/{n}", point.text, point.themes, folder.name,
                               f"{folder.name}/{writeup.name}"))
    return found


def material(db: str | None = None, sets: Sequence[str] = DEVELOPMENT_SETS) -> Material:
    from dash.themes.semantic import packaged_model

    embed = packaged_model()
    if embed is None:
        raise SystemExit("the wordllama package is not installed")
    points = built_in_points(db)
    for name in sets:
        if (SETS_DIR / name / "gold.json").exists():
            points += set_points(SETS_DIR / name)
    return Material(points, load_codebook(), embed)


@dataclass
class Score:
    coded: int = 0
    found: int = 0
    suggested: int = 0
    right: int = 0
    uncoded: int = 0
    points: int = 0

    def add(self, gold: frozenset[str], got: set[str]) -> None:
        self.points += 1
        if gold:
            self.coded += 1
            self.found += bool(gold & got)
        self.suggested += len(got)
        self.right += len(gold & got)
        self.uncoded += not got

    def __str__(self) -> str:
        recall = self.found / self.coded if self.coded else 0
        precision = self.right / self.suggested if self.suggested else 0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0
        return (f"recall {self.found}/{self.coded} ({recall:.0%}) · precision {self.right}/{self.suggested} "
                f"({precision:.0%}) · F1 {f1:.2f} · none {self.uncoded}/{self.points}")


# A method: (material, indices to train on, indices to test) → themes suggested for each tested one.
Method = Callable[[Material, list[int], list[int]], list[set[str]]]


def folds(m: Material, by: str) -> list[tuple[str, list[int], list[int]]]:
    key = (lambda p: p.set_name) if by == "set" else (lambda p: p.document)
    groups: dict[str, list[int]] = {}
    for n, point in enumerate(m.points):
        groups.setdefault(key(point), []).append(n)
    everything = set(range(len(m.points)))
    return [(name, sorted(everything - set(test)), test) for name, test in groups.items()]


def cross_validate(m: Material, method: Method, by: str = "set") -> dict[str, Score]:
    """Scores per set and over all ("all"), each key point scored by the fold that left it out."""
    scores: dict[str, Score] = {"all": Score()}
    for _, train, test in folds(m, by):
        got = method(m, train, test)
        for n, themes in zip(test, got, strict=True):
            point = m.points[n]
            scores.setdefault(point.set_name, Score()).add(point.themes, themes)
            scores["all"].add(point.themes, themes)
    return scores


def coded_rows(sets: Sequence[str] = DEVELOPMENT_SETS) -> list[dict[str, str]]:
    """The development sets' hand-coded key points as ``data/themes/coded.csv`` holds them."""
    rows = []
    for name in sets:
        for point in set_points(SETS_DIR / name):
            _, file, number = point.point_id.split("/")
            rows.append({"set": name, "file": file, "point": number, "text": point.text,
                         "theme_ids": ";".join(sorted(point.themes))})
    return rows


def write_coded(path: Path) -> int:
    import csv

    rows = coded_rows()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["set", "file", "point", "text", "theme_ids"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    from dash.devtools import theme_methods as learned

    parser = argparse.ArgumentParser(prog="python -m dash.devtools.theme_cv",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--db")
    parser.add_argument("--by", choices=["set", "write-up"], default="set")
    parser.add_argument("--method", action="append", choices=sorted(learned.CV_METHODS))
    parser.add_argument("--write-coded", action="store_true",
                        help="write the development sets' hand-coding to data/themes/coded.csv and stop")
    args = parser.parse_args(argv)
    if args.write_coded:
        from dash.themes.coding import CODED

        print(f"{write_coded(CODED)} key points written to {CODED}")
        return 0
    m = material(args.db)
    sets = len({p.set_name for p in m.points})
    print(f"{len(m.points)} key points in {sets} sets; leave one {args.by} out")
    for name in args.method or sorted(learned.CV_METHODS):
        scores = cross_validate(m, learned.CV_METHODS[name], args.by)
        print(f"{name}:")
        for set_name, score in scores.items():
            print(f"  {set_name:15} {score}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
