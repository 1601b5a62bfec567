"""What every command line shares: the one ``--db`` rule, ``--by``, and the store a command reads.

One ``--db`` for the whole command line (issue 30): it may stand before the command, after a group's
name (``themes --db A decide``) or at the end, and every place names the same store; two different
stores, or a store for a command that uses none, are refused in one sentence before anything runs.
"""

from __future__ import annotations

import argparse
import itertools

import duckdb

from dash.errors import UserError
from dash.paths import store_target
from dash.store import StoreReader
from dash.write.access import Person

_DB_HELP = "the store file (default: $DASH_DB, else data/dash.duckdb)"
_DB_NAMED = "db_named_at_"  # one attribute per parser that takes --db: see add_db
_LEVELS = itertools.count()


class _NamedStores(argparse.Action):
    """Collects every ``--db`` given at one level of the command line (``dash --db A themes --db B
    decide``). argparse parses a sub-command into a fresh namespace and copies it over its parent's,
    so one shared attribute would let the innermost level's default (None) silently replace a store
    named before the sub-command: each level keeps its own list, and ``one_store`` reads them all."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        named = getattr(namespace, self.dest, None) or []
        setattr(namespace, self.dest, [*named, values])


def add_db(parser: argparse.ArgumentParser) -> None:
    """The one ``--db`` option, accepted before or after any command and sub-command alike."""
    parser.add_argument("--db", metavar="PATH", action=_NamedStores, default=argparse.SUPPRESS,
                        dest=f"{_DB_NAMED}{next(_LEVELS)}", help=_DB_HELP)


def one_store(args: argparse.Namespace) -> None:
    """Set ``args.db`` to the one store the command line names (None: $DASH_DB or the default), or
    refuse: two different stores named, or a store named for a command that reads or writes none
    (its parser says why in ``store_unused``)."""
    named = list(dict.fromkeys(value for key, values in vars(args).items() if key.startswith(_DB_NAMED)
                               for value in values))
    if len(named) > 1:
        raise UserError(f"--db names {len(named)} stores ({', '.join(named)}): name the one store to use.")
    args.db = named[0] if named else None
    unused = getattr(args, "store_unused", None)
    if args.db is not None and unused:
        raise UserError(f"--db does not apply here: {unused}. Leave it out.")


def add_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", metavar="NAME", help="who is making the change, as the journal records it "
                        "(default: the operating-system user)")


def operator(args: argparse.Namespace) -> Person:
    """Whoever runs the command: ``--by``, else the operating-system user (dash.write.access)."""
    return Person.operator(args.by)


def store_cursor(args: argparse.Namespace) -> duckdb.DuckDBPyConnection:
    """A cursor on the store the command line names, for a command's reads."""
    return StoreReader(store_target(args.db)).cursor()
