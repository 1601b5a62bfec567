"""``themes``: the recurring themes in the store, and its sub-commands: decide on a code, how far
reviewers agree, a REFI-QDA codebook in and a REFI-QDA project out. How well the rules code the key
points (``agreement``, ``compare``, ``evaluate``) is measured in ``theme_scores.py``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dash import catalogue
from dash import format as fmt
from dash.cli import theme_scores
from dash.cli.options import add_by, add_db, operator, store_cursor
from dash.cli.output import safe_text, show
from dash.themes.codebook import CODEBOOK
from dash.themes.decisions import ACTIONS
from dash.write import service


def add_themes(commands: argparse._SubParsersAction) -> None:
    themes = commands.add_parser(
        "themes", help="recurring themes (key points, meetings, dates, places); agreement; decisions",
        description="Without a sub-command: the recurring themes in the store, each with its key points, "
        "meetings, first and last date, and places. Suggestions not yet reviewed are counted too.",
    )
    add_db(themes)
    themes.add_argument("--json", action="store_true", help="print the themes as JSON")
    themes.set_defaults(run=_themes_report)
    theme_commands = themes.add_subparsers(dest="theme_command", required=False, metavar="THEME_COMMAND")
    for add in (theme_scores.add_agreement, _add_decide, _add_reviewers, theme_scores.add_compare,
                theme_scores.add_evaluate, _add_import_codebook, _add_export_qdpx):  # as --help lists them
        add(theme_commands)


def _themes_report(args: argparse.Namespace) -> int:
    report = catalogue.fetch("theme_report", store_cursor(args))  # every place and period
    rows = [{
        "theme": row["theme"], "key_points": int(row["key_points"]), "meetings": int(row["meetings"]),
        "first_dated": None if row["first_dated"] != row["first_dated"] else str(row["first_dated"])[:10],
        "last_dated": None if row["last_dated"] != row["last_dated"] else str(row["last_dated"])[:10],
        "places": row["places"].split("; ") if isinstance(row["places"], str) else [],
    } for _, row in report.iterrows()]
    if args.json:
        print(json.dumps({"themes": rows}, indent=2))
        return 0
    for row in rows:
        dates = (f"{fmt.long_date(row['first_dated'])} to {fmt.long_date(row['last_dated'])}"
                 if row["first_dated"] else "no dated meeting")
        places = ", ".join(row["places"]) or "none"
        print(safe_text(f"{row['theme']}: {fmt.count(row['key_points'], 'key point')} in "
                        f"{fmt.count(row['meetings'], 'meeting')}; {dates}; places: {places}"))
    return 0


def _add_decide(theme_commands: argparse._SubParsersAction) -> None:
    decide = theme_commands.add_parser(
        "decide", help="accept, reject or add a theme code on a key point (kept through rebuilds)",
    )
    add_db(decide)
    decide.add_argument("insight_id")
    decide.add_argument("theme_id")
    decide.add_argument("action", choices=ACTIONS)
    decide.add_argument("--settle", action="store_true",
                        help="end a disagreement between reviewers: this is the code the charts count")
    add_by(decide)
    decide.set_defaults(run=_decide)


def _decide(args: argparse.Namespace) -> int:
    return show(service.decide(args.insight_id, args.theme_id, args.action, by=operator(args),
                               store=args.db, settles=args.settle))


def _add_reviewers(theme_commands: argparse._SubParsersAction) -> None:
    reviewers = theme_commands.add_parser(
        "reviewers", help="how far reviewers agree with each other, per theme, and the codes to settle")
    add_db(reviewers)
    reviewers.set_defaults(run=_reviewers)


def _reviewers(args: argparse.Namespace) -> int:
    cursor = store_cursor(args)
    between = catalogue.fetch("reviewer_agreement", cursor)
    disputed = catalogue.fetch("every_disputed_code", cursor)
    print(safe_text(between.sentence()))
    for row in between.rows():
        shown = (f"{key}: {'–' if value is None else value}" for key, value in row.items())
        print(safe_text("  " + " · ".join(shown)))
    print(f"{len(disputed):,} code(s) to settle" + (":" if len(disputed) else "."))
    for row in disputed.itertuples():
        print(safe_text(f"  {row.insight_id} · {row.theme} · {row.said} · {row.text[:80]}"))
    return 0


def _add_import_codebook(theme_commands: argparse._SubParsersAction) -> None:
    codebook_in = theme_commands.add_parser(
        "import-codebook", help="add the codes of a REFI-QDA codebook (.qdc) as themes to the codebook")
    codebook_in.add_argument("file", type=Path, help="the .qdc file (QualCoder, NVivo, MAXQDA, ATLAS.ti)")
    codebook_in.add_argument("--codebook", type=Path, default=CODEBOOK, help="the codebook CSV to add to")
    add_db(codebook_in)  # accepted like everywhere else, then refused: it names no store to change
    codebook_in.set_defaults(run=_import_codebook, store_unused="`themes import-codebook` adds to the "
                             "codebook file (--codebook names it), not to a store")


def _import_codebook(args: argparse.Namespace) -> int:
    # Here, not at the top: the REFI-QDA models (pyrefiqda) take half a second to import, for a
    # command run once when a codebook is brought over from another tool.
    from dash.themes.refi_codebook import MAX_BYTES, import_into

    raw = service.read_upload(args.file, MAX_BYTES)
    added, kept = import_into(args.codebook, raw, args.file.name)
    if kept:
        print(safe_text(f"Already in the codebook, left as they are: {', '.join(kept)}."))
    if not added:
        print("Nothing new to add: every code in the file is already a theme.")
        return 0
    print(safe_text(f"Added {len(added)} theme(s) to {args.codebook.name}: {', '.join(added)}. Each has its "
                    "name as its one phrase; add more in the spreadsheet, then run `python -m dash build` "
                    "to code the key points with them."))
    return 0


def _add_export_qdpx(theme_commands: argparse._SubParsersAction) -> None:
    project_out = theme_commands.add_parser(
        "export-qdpx", help="write the write-ups, key points, codebook and codes as a REFI-QDA project")
    add_db(project_out)
    project_out.add_argument("out", type=Path, help="the .qdpx file to write")
    project_out.set_defaults(run=_export_qdpx)


def _export_qdpx(args: argparse.Namespace) -> int:
    cursor = store_cursor(args)
    data = catalogue.fetch("coded_write_ups", cursor)  # every place and period
    args.out.write_bytes(catalogue.fetch("qdpx_file", cursor, data=data))
    print(f"Wrote {args.out}: {data.key_points['meeting_id'].nunique():,} write-ups, "
          f"{len(data.key_points):,} key points, {len(data.themes):,} themes and {len(data.codes):,} codes, "
          "for QualCoder, NVivo, MAXQDA or ATLAS.ti (File → Import → REFI-QDA project).")
    return 0
