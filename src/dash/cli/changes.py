"""``changes``: what changed since a day (default: the last meeting in the store for the filter), the
lines the "Since we last met" page shows, with the page each is shown on."""

from __future__ import annotations

import argparse
import dataclasses

from dash import catalogue
from dash.cli.documents import filters_asked, since_asked
from dash.cli.options import add_db, store_cursor
from dash.cli.output import safe_text


def add_changes(commands: argparse._SubParsersAction) -> None:
    changes = commands.add_parser(
        "changes", help="what changed since a day: grants, write-ups, themes, records, imports, reviews",
        description="Every change made from the start of a day (UK time), for the places and period "
        "given: money and grants added, write-ups and their key points, themes that rose or fell, "
        "records corrected, imports removed and theme reviews, each with the page that shows it. "
        "Without --since, the day of the last meeting in the store for those places.",
    )
    add_db(changes)
    changes.add_argument("--since", metavar="YYYY-MM-DD", help="the day to count from")
    changes.add_argument("--locality", nargs="*", metavar="CODE_OR_NAME", help="ONS codes or place names")
    changes.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    changes.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    changes.set_defaults(run=_changes)


def _changes(args: argparse.Namespace) -> int:
    cursor = store_cursor(args)
    filters = dataclasses.replace(filters_asked(args, cursor), since=since_asked(args.since).since)
    found = catalogue.fetch("changes_since", cursor, filters)
    for line in found.as_text():
        print(safe_text(line))
    return 0
