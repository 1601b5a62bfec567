"""How well the rules and the meaning model code the key points: ``themes agreement`` (against the
hand-coded gold set, in and out of sample), and for developers ``themes compare`` (each installed
embedding model) and ``themes evaluate`` (recall and precision on sets of hand-coded write-ups)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dash import catalogue
from dash.cli.options import add_db, store_cursor
from dash.themes import evaluation, held_out
from dash.themes.agreement import GOLD, agreement_table, read_gold, tagger_agreement
from dash.themes.codebook import load_codebook


def add_agreement(theme_commands: argparse._SubParsersAction) -> None:
    agreement = theme_commands.add_parser(
        "agreement",
        help="precision, recall and Cohen's kappa against the hand-coded gold set, in and out of sample",
    )
    add_db(agreement)
    agreement.add_argument("--gold", default=GOLD, type=Path, help="gold codes CSV (insight_id,theme_ids)")
    agreement.add_argument("--json", action="store_true", help="print JSON instead of a table")
    agreement.add_argument("--markdown", action="store_true",
                           help="print only the out-of-sample tables, as docs/themes.md has them")
    agreement.set_defaults(run=_agreement)


def _agreement(args: argparse.Namespace) -> int:
    codebook = load_codebook()
    names = {theme.theme_id: theme.name for theme in codebook.themes}
    gold = read_gold(args.gold)
    texts, documents = catalogue.fetch("gold_key_points", store_cursor(args), insight_ids=tuple(gold))
    rows = agreement_table(tagger_agreement(texts, gold, codebook))
    unseen = held_out.held_out(texts, documents, gold, codebook)
    if args.markdown:
        print(held_out.markdown(unseen, names))
        return 0
    if args.json:
        print(json.dumps({"codebook_version": codebook.version, "themes": rows,
                          "held_out": {method: {"coded": r.coded, "found": r.found, "uncoded": r.uncoded,
                                                "themes": held_out.table({"rules": r}, names)}
                                       for method, r in unseen.items()}}, indent=2))
        return 0
    print(f"Rules (codebook {codebook.version}) against the hand-coded gold set {args.gold}, "
          "on the write-ups the codebook was written from (in sample):")
    print(f"{'theme':18} {'gold':>4} {'sugg':>4} {'both':>4} {'prec':>5} {'recall':>6} {'kappa':>5}  target")
    for row in rows:
        figures = [row["precision"], row["recall"], row["kappa"]]
        shown = ["  –  " if f is None else f"{f:5.2f}" for f in figures]
        print(f"{row['theme']:18} {row['gold codes']:>4} {row['suggested']:>4} {row['agreed']:>4} "
              f"{shown[0]:>5} {shown[1]:>6} {shown[2]:>5}  {row['target (kappa >= 0.7)']}")
    print("\nOut of sample (each write-up scored with itself left out):")
    print(held_out.markdown(unseen, names))
    return 0


def add_compare(theme_commands: argparse._SubParsersAction) -> None:
    compare_models = theme_commands.add_parser(
        "compare", help="for developers: each installed embedding model's size, speed and agreement")
    add_db(compare_models)
    compare_models.set_defaults(run=_compare_models)


def _compare_models(args: argparse.Namespace) -> int:
    # Here, not at the top: a developer's tool (dash.devtools), which the command line only wires.
    from dash.devtools.compare_models import compare

    gold = read_gold()
    cursor = store_cursor(args)
    codebook = load_codebook()
    texts, documents = catalogue.fetch("gold_key_points", cursor, insight_ids=tuple(gold))
    known = catalogue.fetch("meaning_references", cursor, codebook=codebook)
    for m in compare(texts, documents, gold, codebook, known):
        print(f"{m.model}: package {m.installed_mb:,.0f} MB, loads in {m.load_seconds:.2f} s, embeds the "
              f"{len(texts)} key points in {m.embed_seconds:.3f} s")
        for method in ("meaning", "both"):
            r = m.results[method]
            print(f"  {method}: {r.found} of {r.coded} coded key points with a right suggestion, "
                  f"{r.uncoded} with none; kappa under target on: {', '.join(r.kappa_misses()) or 'none'}")
        dev = m.dev.overall
        print(f"  development set, as the app runs it: recall {dev.found} of {dev.gold}, precision "
              f"{dev.right} of {dev.suggested}, {m.dev.uncoded} key points given nothing")
    return 0


def add_evaluate(theme_commands: argparse._SubParsersAction) -> None:
    evaluate = theme_commands.add_parser(
        "evaluate", help="for developers: recall, precision and key points left uncoded, per theme, on "
                         "the built-in write-ups (each left out in turn) and on hand-coded sets of write-ups")
    add_db(evaluate)
    evaluate.add_argument("--set", action="append", type=Path, metavar="FOLDER",
                          help="a folder of write-ups with its gold.json (again for more; default: "
                               "tests/themes/dev_set and tests/themes/held_out_set)")
    evaluate.set_defaults(run=_evaluate)


def _evaluate(args: argparse.Namespace) -> int:
    codebook = load_codebook()
    cursor = store_cursor(args)
    gold = read_gold()
    texts, documents = catalogue.fetch("gold_key_points", cursor, insight_ids=tuple(gold))
    known = catalogue.fetch("meaning_references", cursor, codebook=codebook)
    sets = [(folder.name.replace("_", " ").capitalize(), folder) for folder in args.set or
            [evaluation.DEV_SET, evaluation.HELD_OUT_SET]]
    columns = evaluation.evaluate(texts, documents, gold, codebook, known, sets)
    print(evaluation.markdown(columns, {t.theme_id: t.name for t in codebook.themes}))
    return 0
