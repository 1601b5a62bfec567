"""``build`` and ``check``: the store as a whole, made from data/seed and the journal, and its report."""

from __future__ import annotations

import argparse
from pathlib import Path

from dash import catalogue
from dash.cli.options import add_db, store_cursor
from dash.cli.output import safe_text, show
from dash.paths import SEED_DIR, is_connection_string, store_target
from dash.write import service
from dash.write.build import journal_problems


def add_build(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser(
        "build", help="build the store from data/seed and data/geo",
        description="Build the store from data/seed and data/geo. Atomic: a failed build "
        "leaves the previous store untouched.",
    )
    add_db(build)
    build.add_argument(
        "--if-needed", action="store_true",
        help="only build when the store is missing or its inputs have changed",
    )
    build.add_argument("--seed", metavar="DIR", help="the seed files' folder (default data/seed; "
                       "`export-records DIR` writes one from the store)")
    build.set_defaults(run=_build)


def _build(args: argparse.Namespace) -> int:
    return show(service.build(store=args.db, if_needed=args.if_needed,
                              seed_dir=Path(args.seed) if args.seed else SEED_DIR))


def add_check(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check", help="report data-quality problems; exit status 1 on any error",
        description="Data-quality report over the store: one line per problem, naming the row.",
    )
    add_db(check)
    check.set_defaults(run=_check)


def _check(args: argparse.Namespace) -> int:
    """One line per finding, per journal entry no build can replay, and per change the last build
    said it could not replay; then the count. Exit status 1 on any error."""
    path = store_target(args.db)
    cursor = store_cursor(args)
    findings = catalogue.fetch("quality_findings", cursor)
    for finding in findings:
        print(safe_text(str(finding)))
    journal = [] if is_connection_string(path) else journal_problems(Path(path))
    for problem in journal:  # kept on disk, skipped by every build until a person mends or removes it
        print(safe_text(f"ERROR: journal entry not replayed: {problem}"))
    skipped = catalogue.fetch("not_replayed", cursor)  # what the last build said it could not replay
    for problem in skipped:
        print(safe_text(f"ERROR: not replayed by the last build: {problem}"))
    errors = sum(f.is_error for f in findings) + len(journal) + len(skipped)
    warnings = len(findings) - sum(f.is_error for f in findings)
    print(f"{errors} error(s), {warnings} warning(s) in {path}.")
    return 1 if errors else 0
