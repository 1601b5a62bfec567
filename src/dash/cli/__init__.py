"""The command line: ``python -m dash <command>``. Each command has ``--help``.

One module per group of commands; each holds its commands' options, the call to the write service
or to the reads it prints, and how the answer is printed. A command reads as a page does: by name,
through the catalogue (``catalogue.fetch("roles", cursor)``, uncached: a command reads once), so
its SQL is one step from the name in ``dash.catalogue.page_reads``; no command imports a query
(tests/test_layers.py holds them to it):

- ``store.py``: ``build``, ``check``
- ``imports.py``: ``import-notes``, ``import-360``, ``imports`` (and ``imports remove``)
- ``records.py``: ``edit``, ``add``, ``retire``, ``undo``, ``restore``, ``history``, ``export-records``
- ``themes.py``: ``themes`` and its ``decide``, ``reviewers``, ``import-codebook``, ``export-qdpx``;
  ``theme_scores.py``: ``themes agreement``, ``compare``, ``evaluate``
- ``users.py``: ``users`` (``list``, ``add``, ``remove``)
- ``changes.py``: ``changes`` (what changed since a day, as the Since page lists it)
- ``documents.py``: ``deck``, ``pack`` (the filter read as a link's is, by ``Filters.from_query``)
- ``serve.py``: ``serve`` (a replica with ``--follow``); ``deploy.py``: ``publish``, ``deploy-local``
- ``dev.py``: ``synth``, ``bench`` (the tools are in dash.devtools)
- ``options.py``: the one ``--db`` rule, ``--by``; ``output.py``: the write service's answer, printed
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from dash.cli import changes, deploy, dev, documents, imports, records, serve, store, themes, users
from dash.cli.options import add_db, one_store
from dash.cli.output import safe_text
from dash.errors import UserError, log_unexpected, unexpected_message

# Every command, in the order `python -m dash --help` lists them.
COMMANDS = (
    store.add_build, store.add_check, imports.add_import_notes, imports.add_import_360, dev.add_synth,
    serve.add_serve, dev.add_bench, documents.add_documents, themes.add_themes, records.add_edit_and_add,
    records.add_retire, records.add_undo, records.add_restore, records.add_history,
    records.add_export_records, imports.add_imports, users.add_users, changes.add_changes,
    deploy.add_publish, deploy.add_deploy_local,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dash",
        description="Build, check and feed the trustee dashboard's DuckDB store.",
    )
    add_db(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; any error is one sentence on stderr and exit status 2, never a traceback."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        one_store(args)
        return args.run(args)
    except UserError as error:  # a write asked of a shared store, a missing file, a bad date…
        print(safe_text(str(error)), file=sys.stderr)
        return 2
    except (KeyboardInterrupt, BrokenPipeError):
        return 130
    except Exception:
        reference = log_unexpected(f"running `{args.command}`")
        print(unexpected_message(f"running `{args.command}`", reference), file=sys.stderr)
        return 2
