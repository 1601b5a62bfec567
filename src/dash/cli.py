"""The command line: ``python -m dash <command>``. Each command has ``--help``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dash.paths import store_path


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH",
        help="the store file (default: $DASH_DB, else data/dash.duckdb)",
    )


def _build(args: argparse.Namespace) -> int:
    from dash.ingest.seed import SeedError
    from dash.store.build import build_store, needs_build
    from dash.store.snapshot import StoreBusy

    path = store_path(args.db)
    if args.if_needed and not needs_build(path):
        print(f"{path} is up to date with data/seed and data/geo.")
        return 0
    try:
        report = build_store(path)
    except (SeedError, StoreBusy) as error:
        print(error, file=sys.stderr)
        print(f"The store at {path} was left as it was.", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {table}" for table, n in report.counts.items())
    print(f"Built {report.path} in {report.seconds:.2f} s: {counts}.")
    return 0


def _check(args: argparse.Namespace) -> int:
    from dash.quality import ERROR, run_checks
    from dash.store import StoreReader

    path = store_path(args.db)
    try:
        findings = run_checks(StoreReader(path).cursor())
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    for finding in findings:
        print(finding)
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    print(f"{errors} error(s), {warnings} warning(s) in {path}.")
    return 1 if errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dash",
        description="Build, check and feed the trustee dashboard's DuckDB store.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build the store from data/seed and data/geo",
        description="Build the store from data/seed and data/geo. Atomic: a failed build "
        "leaves the previous store untouched.",
    )
    _add_db(build)
    build.add_argument(
        "--if-needed", action="store_true",
        help="only build when the store is missing or its inputs have changed",
    )
    build.set_defaults(run=_build)

    check = commands.add_parser(
        "check", help="report data-quality problems; exit status 1 on any error",
        description="Data-quality report over the store: one line per problem, naming the row.",
    )
    _add_db(check)
    check.set_defaults(run=_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
