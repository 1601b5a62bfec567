"""``deck`` and ``pack``: the charts for a filter as a PowerPoint deck or a PDF board pack.

The filter is read by ``Filters.from_query``, the parser a link is read by, so ``--locality Bristol
--from 2022-01-01`` means what ``?locality=Bristol&from=2022-01-01`` means on the Present page. A link
with something it cannot read still opens its page (a warning says what was ignored); a document is
not made for a filter other than the one asked for, so here anything unread refuses the command.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from pathlib import Path

import duckdb

from dash import catalogue
from dash import format as fmt
from dash.charts import Chart
from dash.cli.options import add_db, store_cursor
from dash.cli.output import safe_text
from dash.errors import UserError
from dash.filters import COMPARE, COMPARE_FROM, COMPARE_TO, DATE_FROM, DATE_TO, LOCALITY, SINCE, Filters

# A maker turns the charts, the filter in words, the store's version and what changed since a day (or
# None) into the file's bytes and what to call them in the line that says it was written.
Maker = Callable[[list[Chart], str, str, object], tuple[bytes, str]]
SINCE_CHART = "themes_since"  # the chart that comes with "since we last met"


def add_documents(commands: argparse._SubParsersAction) -> None:
    for name, run, ending, help_text, description in (
        ("deck", _deck, "pptx", "write a PowerPoint deck of the charts for a filter",
         "A title slide, one slide per chart (native PowerPoint charts where possible) and a sources "
         "slide, for the localities and period given."),
        ("pack", _pack, "pdf", "write a board pack (PDF) of the charts for a filter",
         "A title page, each chart with its takeaway, table and sources, and the sources in full, for "
         "the localities and period given; printed by Chromium on this machine."),
    ):
        document = commands.add_parser(name, help=help_text, description=description)
        document.add_argument("--out", required=True, metavar=f"FILE.{ending}")
        add_db(document)
        document.add_argument("--locality", nargs="*", metavar="CODE_OR_NAME",
                              help="ONS codes or place names")
        document.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
        document.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        document.add_argument("--compare", nargs="*", metavar="CODE_OR_NAME",
                              help="a second view beside the first, each chart for both side by side: its "
                              "ONS codes or place names ('all' for every area)")
        document.add_argument("--compare-from", dest="compare_from", metavar="YYYY-MM-DD")
        document.add_argument("--compare-to", dest="compare_to", metavar="YYYY-MM-DD")
        document.add_argument("--since", nargs="?", const="", metavar="YYYY-MM-DD",
                              help="what changed since this day, as the 'Since we last met' page lists it, "
                              "and the themes that rose or fell; without a day, since the last meeting in "
                              "the store for these places")
        document.add_argument("--charts", metavar="NAME,...",
                              help="chart names in order (default: the Present page's deck; an unknown "
                              "name lists every chart)")
        document.set_defaults(run=run)


def _deck(args: argparse.Namespace) -> int:
    # Here, not at the top: python-pptx is slow to import, and only the two document commands need it.
    from dash.export.deck import build_deck

    return _write_document(args, lambda charts, words, version, since: (
        build_deck(charts, words, store_version=version, since=since),
        f"{len(charts) + 2 + (since is not None)} slides"))


def _pack(args: argparse.Namespace) -> int:
    from dash.export.pack import build_pack  # slow to import, as in _deck

    return _write_document(args, lambda charts, words, version, since: (
        build_pack(charts, words, version, since=since),
        f"a board pack of {fmt.count(len(charts), 'chart')}"
        + (f" and what changed since {fmt.long_date(since.since)}" if since is not None else "")))


def since_asked(text: str | None) -> Filters:
    """``--since`` read as a link's ``?since=`` is (none or empty: the last meeting's day); a UserError
    says why it cannot be read."""
    if not text:
        return Filters()
    parsed, problems = Filters.from_query({SINCE: [text]}, lambda _: None)
    if problems:
        raise UserError(f"--since was not read: {'; '.join(problems)}.")
    return parsed


def filters_asked(args: argparse.Namespace, cursor: duckdb.DuckDBPyConnection) -> Filters:
    """The filter that ``--locality``, ``--from`` and ``--to`` ask for, read as a link's
    ``?locality=``, ``?from=`` and ``?to=`` are; a UserError names what could not be read."""
    asked = {LOCALITY: args.locality or [], DATE_FROM: [args.date_from] if args.date_from else [],
             DATE_TO: [args.date_to] if args.date_to else [],
             COMPARE: getattr(args, "compare", None) or [],
             COMPARE_FROM: [args.compare_from] if getattr(args, "compare_from", None) else [],
             COMPARE_TO: [args.compare_to] if getattr(args, "compare_to", None) else []}
    unknown: list[str] = []

    def resolve(text: str) -> str | None:
        found = catalogue.fetch("locality_named", cursor, text=text)
        if found is None:
            unknown.append(text)
        return found

    filters, problems = Filters.from_query(asked, resolve)
    if unknown:
        raise UserError(f"There is no place called '{unknown[0]}': use an ONS code or a place name.")
    if problems:
        raise UserError(f"The document was not made: {'; '.join(problems)}.")
    return filters


def _write_document(args: argparse.Namespace, make: Maker) -> int:
    """The view's charts, made into a file by ``make``, or the sentence saying why not."""
    from dash.export.pack import PackUnavailable  # slow to import, as in _deck

    cursor = store_cursor(args)
    filters = filters_asked(args, cursor)
    names, unknown = catalogue.parse_names(args.charts)
    if unknown:
        raise UserError(f"No chart called {', '.join(unknown)}. Charts: {', '.join(catalogue.CATALOGUE)}.")
    since = None
    if args.since is not None:  # "since we last met": its summary, and the themes that moved first
        filters = dataclasses.replace(filters, since=since_asked(args.since).since)
        since = catalogue.fetch("changes_since", cursor, filters)
        names = names if SINCE_CHART in names else [SINCE_CHART, *names]
    charts = [catalogue.build(name, cursor, filters) if filters.other is None
              else catalogue.build_comparison(name, cursor, filters) for name in names]
    words = catalogue.fetch("coverage", cursor, filters)
    if filters.other is not None:  # both views, as the Present page says them
        words += f"; beside it, {catalogue.fetch('coverage', cursor, filters.other)}"
    version = catalogue.fetch("store_version_words", cursor)
    places = ", ".join(catalogue.fetch("place_names", cursor, ids=filters.localities)) or "all areas"
    try:
        data, made = make(charts, words, version, since)
    except PackUnavailable as error:  # the plain sentence, then how to mend it: this reader can
        raise UserError(f"{error} {error.remedy}".strip()) from None
    Path(args.out).write_bytes(data)
    print(safe_text(f"Wrote {args.out}: {made} for {places}."))
    return 0
