"""Records one at a time: ``add``, ``edit``, ``retire``, ``undo``, ``restore``, ``history`` and
``export-records``. Every change goes through the write service, checked by the build's rules,
signed and kept in the journal; ``history`` reads the store's versions back."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dash import catalogue
from dash.cli.options import add_by, add_db, operator, store_cursor
from dash.cli.output import one_line, refuse, safe_text, show
from dash.export.records import export_records
from dash.write import records, service


def add_edit_and_add(commands: argparse._SubParsersAction) -> None:
    kinds = ", ".join(sorted(records.KEPT))
    for name, help_text in (("edit", "change a record's fields: edit KIND ID field=value …"),
                            ("add", "add a record: add KIND field=value … (id=… to choose its id)")):
        command = commands.add_parser(
            name, help=help_text,
            description=f"{help_text}. KIND is one of {kinds}; fields are data/seed's column names. "
            "Checked by the build's rules, signed, kept through rebuilds, and undoable (`dash undo N`).")
        add_db(command)
        command.add_argument("kind", metavar="KIND")
        if name == "edit":
            command.add_argument("id", metavar="ID")
        command.add_argument("cells", nargs="*", metavar="FIELD=VALUE")
        add_by(command)
        command.set_defaults(run=_edit)


def _cells(pairs: list[str]) -> dict[str, str] | str:
    """'field=value' arguments as cells, or the sentence saying which one is not written so."""
    cells = {}
    for pair in pairs:
        field, equals, value = pair.partition("=")
        if not equals or not field.strip():
            return f"'{pair}' is not field=value: write, for example, amount_gbp=250000."
        cells[field.strip()] = value.strip()
    return cells


def _edit(args: argparse.Namespace) -> int:
    cells = _cells(args.cells)
    if isinstance(cells, str):
        return refuse(cells)
    if args.command == "add":
        return show(service.save_record(args.kind, cells.pop("id", None), cells, by=operator(args),
                                        store=args.db, adding=True))
    if not cells:
        return refuse("Say what to change: field=value, for example name='Bristol City Funds'.")
    current = catalogue.fetch("record_cells", store_cursor(args), table=records.spec_of(args.kind).table,
                              record_id=args.id)
    if current is None:
        return refuse(f"There is no {records.word(args.kind)} '{args.id}': `python -m dash add` adds one.")
    return show(service.save_record(args.kind, args.id, cells, by=operator(args), store=args.db))


def add_retire(commands: argparse._SubParsersAction) -> None:
    retire = commands.add_parser("retire", help="take a fund, panel or meeting out of every count "
                                 "(kept for what points at it); --back brings it back")
    add_db(retire)
    retire.add_argument("kind", metavar="KIND", choices=["funds", "panels", "meetings"])
    retire.add_argument("id", metavar="ID")
    retire.add_argument("--back", action="store_true", help="bring a retired record back")
    add_by(retire)
    retire.set_defaults(run=_retire)


def _retire(args: argparse.Namespace) -> int:
    return show(service.retire_record(args.kind, args.id, by=operator(args), store=args.db, back=args.back))


def add_undo(commands: argparse._SubParsersAction) -> None:
    undo = commands.add_parser("undo", help="undo change N to a record (the Number in `dash history`)")
    add_db(undo)
    undo.add_argument("change", type=int, metavar="N")
    add_by(undo)
    undo.set_defaults(run=_undo)


def _undo(args: argparse.Namespace) -> int:
    return show(service.undo(args.change, by=operator(args), store=args.db))


def add_restore(commands: argparse._SubParsersAction) -> None:
    restore = commands.add_parser("restore", help="bring the records back to how they were on a date, as a "
                                  "new change (which `dash undo` can take back)")
    add_db(restore)
    restore.add_argument("--as-of", required=True, metavar="YYYY-MM-DD",
                         help="the day whose end the records go back to (UK time)")
    add_by(restore)
    restore.set_defaults(run=_restore)


def _restore(args: argparse.Namespace) -> int:
    try:
        as_of = dt.date.fromisoformat(args.as_of)
    except ValueError:
        return refuse("Write the date as YYYY-MM-DD, e.g. --as-of 2026-11-30.")
    return show(service.restore(as_of, by=operator(args), store=args.db))


def add_history(commands: argparse._SubParsersAction) -> None:
    history = commands.add_parser("history", help="every change to the store, oldest first: its versions")
    add_db(history)
    history.set_defaults(run=_history)


def _history(args: argparse.Namespace) -> int:
    """Every write, oldest first: the store's versions, each with who, when and what changed."""
    table = catalogue.fetch("activity", store_cursor(args))
    if table.empty:
        print("No change has been made since the store was built from data/seed.")
        return 0
    for _, row in table.iloc[::-1].iterrows():
        print(safe_text(f"{row['Number']:>5}  {row['When (UK time)']:<20} {one_line(row['Who'])} "
                        f"({one_line(row['How'])}): {one_line(row['What changed'])}"))  # one line each
    return 0


def add_export_records(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export-records", help="write the records as data/seed's CSV files")
    add_db(export)
    export.add_argument("folder", metavar="DIR")
    export.set_defaults(run=_export_records)


def _export_records(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        return refuse(f"{folder} is a file: name a folder to write the records into.")
    cursor = store_cursor(args)
    written = export_records(lambda table: catalogue.fetch("seed_rows", cursor, table=table), folder)
    listed = ", ".join(f"{name} ({rows:,})" for name, rows in written.items())
    print(safe_text(f"Wrote the records to {folder} in data/seed's layout: {listed}. "
                    f"`python -m dash build --seed {folder}` builds a store from them."))
    return 0
