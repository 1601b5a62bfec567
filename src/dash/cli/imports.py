"""Files brought in: ``import-notes`` (a meeting write-up), ``import-360`` (a 360Giving grants file),
and ``imports`` (what has been imported; ``imports remove`` takes one back out)."""

from __future__ import annotations

import argparse
import datetime as dt

from dash import catalogue
from dash.cli.options import add_by, add_db, operator, store_cursor
from dash.cli.output import one_line, safe_text, show
from dash.errors import UserError
from dash.ingest import limits
from dash.write import service


def add_import_notes(commands: argparse._SubParsersAction) -> None:
    notes = commands.add_parser(
        "import-notes", help="import a meeting write-up (text, Markdown or HTML) with its key points",
        description="Import a meeting write-up or blog post: title, date, key points (coded with the "
        "theme codebook) and mentions of money, lived-experience shares and places to confirm by hand.",
    )
    notes.add_argument("file", help="the write-up: .txt, .md or .html, UTF-8 or Windows-1252")
    add_db(notes)
    notes.add_argument("--title", help="the meeting's title (default: found in the file)")
    notes.add_argument("--held-on", metavar="YYYY-MM-DD", help="the date (default: found in the file)")
    notes.add_argument("--locality", metavar="CODE_OR_NAME", help="where it was held: ONS code or place name")
    notes.add_argument("--json", action="store_true", help="print the import report as JSON")
    add_by(notes)
    notes.set_defaults(run=_import_notes)


def _import_notes(args: argparse.Namespace) -> int:
    try:
        held_on = dt.date.fromisoformat(args.held_on) if args.held_on else None
    except ValueError:
        raise UserError(f"--held-on '{args.held_on[:20]}' is not a date: use YYYY-MM-DD.") from None
    raw = service.read_upload(args.file, limits.WRITE_UP_BYTES)
    outcome = service.import_write_up(raw, args.file, by=operator(args), store=args.db,
                                      title=args.title, held_on=held_on, locality=args.locality)
    if args.json:
        return show(outcome, json_report=outcome.report.as_json() if outcome.report else {})
    code = show(outcome)
    report = outcome.report
    if report is not None and report.already_imported:  # the command line may name the meeting's id
        print(safe_text(f"  or here: dash edit meetings {report.meeting_id} title=…"))
    if report is None or report.already_imported:
        return code
    for position, text in enumerate(report.key_points, start=1):
        themes = report.themes_suggested.get(position, [])
        print(safe_text(f"  {position}. {text}" + (f"  [suggested: {', '.join(themes)}]" if themes else "")))
    if report.mentions:
        print("Mentions to confirm by hand (nothing was added as a fund or panel):")
        for mention in report.mentions:
            aside = " (a rate or a cost: not a fund's size)" if mention.kind == "rate or cost" else ""
            print(safe_text(f"  - {mention.kind}: '{mention.text}' → {mention.value}{aside}"))
    for note in report.notes:
        print(safe_text(note))
    if report.places_asked:
        answers = " or ".join(f"locality_id={place} ({name})" for place, name in report.places_asked)
        print(safe_text(f"  To answer here: dash edit meetings {report.meeting_id} {answers}"))
    return code


def add_import_360(commands: argparse._SubParsersAction) -> None:
    giving = commands.add_parser(
        "import-360", help="import grants in the 360Giving Data Standard (CSV, XLSX or JSON)",
        description="Check a 360Giving file against the standard and import its grants. Errors stop the "
        "import (nothing changes); warnings are reported. Re-importing updates grants by identifier.",
    )
    giving.add_argument("file", help="the grants file: .csv, .xlsx or .json")
    add_db(giving)
    giving.add_argument("--json", action="store_true", help="print the import report as JSON")
    giving.add_argument("--day-first-dates", action="store_true",
                        help="read these dates as day-first British dates (05/06/2014 is 5 June 2014): for a "
                        "file the standard refuses for writing dates so; the import records the choice")
    add_by(giving)
    giving.set_defaults(run=_import_360)


def _import_360(args: argparse.Namespace) -> int:
    raw = service.read_upload(args.file, limits.GRANTS_FILE_BYTES)
    imported = service.import_grants(raw, args.file, by=operator(args), store=args.db,
                                     day_first=args.day_first_dates)
    outcome = service.offering_day_first(imported, "--day-first-dates")
    if args.json:
        return show(outcome, json_report=outcome.report.as_json() if outcome.report else {})
    return show(outcome)


def add_imports(commands: argparse._SubParsersAction) -> None:
    imports = commands.add_parser("imports", help="the write-ups and 360Giving files imported; "
                                  "`imports remove write-up|grants ID` takes one back out")
    add_db(imports)
    imports.set_defaults(run=_list_imports)
    import_commands = imports.add_subparsers(dest="imports_command", required=False,
                                             metavar="IMPORTS_COMMAND")
    remove = import_commands.add_parser("remove", help="remove an import (importing it again brings it "
                                        "back, with the theme decisions made on it)")
    add_db(remove)
    remove.add_argument("what", choices=["write-up", "grants"])
    remove.add_argument("id", metavar="ID", help="the meeting id of a write-up, the source id of a grants "
                        "file (as `imports` lists them)")
    add_by(remove)
    remove.set_defaults(run=_remove_import)


def _list_imports(args: argparse.Namespace) -> int:
    """Every write-up and 360Giving file in the store, one line each."""
    listed = catalogue.fetch("imports", store_cursor(args))
    if listed.empty:
        print("No write-up or 360Giving file has been imported.")
    for _, row in listed.iterrows():
        print(safe_text(f"{row['what']:<9} {one_line(row['id']):<28} {one_line(row['Import'])}: "
                        f"{one_line(row['What it added'])}, by {one_line(row['Who'])} "
                        f"on {row['When (UK time)']}"))
    return 0


def _remove_import(args: argparse.Namespace) -> int:
    return show(service.remove_import(args.what, args.id, by=operator(args), store=args.db))
