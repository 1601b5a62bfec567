"""Changes an editor makes to the foundation's records: add, edit, retire and undo funds, panels,
organisations, meetings, key points and sources, in the app or from the command line.

A change is a journal entry (kind ``record``) holding the cells as a spreadsheet would hold them,
so it is checked by exactly the rules ``build`` applies to data/seed (``dash.ingest.seed``), when
it is made and again whenever a build replays it on the seed. Each applied change is also a row of
``record_changes`` with the changed cells before and after: what Undo and ``dash history`` read.
A record others point at is retired (hidden from every count and chart, kept for what points at
it), never deleted; only a record this app added, that nothing points at, is removed by undoing
its addition.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import duckdb

from dash.errors import UserError
from dash.ingest import values
from dash.ingest.seed import SEED_TABLES, Column, SeedTable, panel_composition
from dash.queries import record_changes as reads
from dash.store.journal import Entry, NewEntry
from dash.write import words
from dash.write.access import Person
from dash.write.kind import Replay, WriteKind

ACTIONS = ("add", "edit", "retire", "unretire", "remove")
# The records an editor keeps, by table, with the word for one of them and the prefix of new ids.
KEPT: dict[str, tuple[str, str]] = {
    "funds": ("fund", "fund"), "panels": ("panel", "panel"), "organisations": ("organisation", "org"),
    "meetings": ("meeting", "meeting"), "insights": ("key point", "ins"), "sources": ("source", "src"),
    "speakers": ("speaker", "spk"), "meeting_places": ("place a meeting discussed", ""),
}
# A place a meeting discussed has no id of its own: it is its meeting and its place, 'mtg-…|E06000023';
# a write-up's mention is its meeting and its position, 'mtg-import-…|3'.
_COMPOSITE = {"meeting_places": ("meeting_id", "locality_id"), "mentions": ("meeting_id", "position")}


def key_sql(table: str) -> str:
    """The SQL for a record's id in ``table``."""
    if table in _COMPOSITE:
        first, second = _COMPOSITE[table]
        return f"({first} || '|' || {second})"
    return spec_of(table).key  # type: ignore[return-value]
RETIRABLE = ("funds", "panels", "meetings")  # the records the charts count: hidden once retired
# What an imported write-up mentions, once an editor confirms it: a record of the change log like the
# others (so Undo takes a confirmation back together with what it made, and a rebuild replays it), but
# never kept in a form or on the command line. ``confirmed_as`` names the record it made or set.
MENTIONS = "mentions"
MENTION_SPEC = SeedTable(MENTIONS, "", None, (
    Column("meeting_id", values.identifier, True, "meetings"),
    Column("position", values.positive_whole_number, required=True), Column("confirmed_as"),
))
SPECS: dict[str, SeedTable] = {spec.table: spec for spec in SEED_TABLES if spec.table in KEPT}
SPECS[MENTIONS] = MENTION_SPEC
# Who points at whom: a record named here cannot be removed, only retired.
POINTED_AT_BY: dict[str, tuple[tuple[str, str], ...]] = {
    table: tuple((other.table, column.name) for other in SEED_TABLES for column in other.columns
                 if column.refers_to == table)
    for table in KEPT
}


@dataclass(frozen=True)
class FieldProblem:
    column: str | None  # None: the record as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.column}: {self.message}" if self.column else self.message


class RecordRefused(UserError):
    """A change that breaks the build's rules: each problem named at its field (in the sentence, by
    the field's label: ``str(problem)`` keeps the column for the command line); nothing changed."""

    def __init__(self, table: str, problems: list[FieldProblem]) -> None:
        self.table, self.problems = table, problems
        listed = "; ".join(words.problem(table, p.column, p.message) for p in problems)
        super().__init__(f"The {word(table)} was not saved: {listed}. Nothing was changed.")


@dataclass(frozen=True)
class Change:
    """One change to one record, as its journal entry holds it: the cells as a spreadsheet holds them."""

    table: str
    id: str
    action: str  # one of ACTIONS
    cells: dict[str, str] = field(default_factory=dict)
    undoes: int | None = None  # the change this one undoes

    def as_data(self) -> dict:
        return {"table": self.table, "id": self.id, "action": self.action, "cells": dict(self.cells),
                "undoes": self.undoes}


@dataclass(frozen=True)
class Changes:
    """Several changes made as one write (a restore, an undone restore, a confirmed mention)."""

    changes: tuple[Change, ...]
    as_of: str | None = None  # a restore: the day the records were brought back to
    undoes: int | None = None
    summary: str | None = None  # its line on the Activity page

    def as_data(self) -> dict:
        data: dict = {"changes": [change.as_data() for change in self.changes]}
        if self.as_of is not None:
            data["as_of"] = self.as_of
        if self.undoes is not None:
            data["undoes"] = self.undoes
        if self.summary is not None:
            data["summary"] = self.summary
        return data


RecordWrite = Change | Changes


def word(table: str) -> str:
    return "mention in a write-up" if table == MENTIONS else KEPT[table][0]


def spec_of(table: str) -> SeedTable:
    if table not in SPECS:
        known = ", ".join(sorted(KEPT))
        raise UserError(f"'{table}' is not a kind of record that can be edited: use one of {known}.")
    return SPECS[table]


def as_cell(value: object) -> str:
    """A stored value as a spreadsheet cell holds it, so that the seed's parser reads it back."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    if isinstance(value, float):  # the shortest text that reads back as exactly this number
        return repr(value) if value != int(value) else f"{value:g}"
    if isinstance(value, list | tuple):
        return ";".join(as_cell(v) for v in value)
    return str(value)


def current_cells(cursor: duckdb.DuckDBPyConnection, table: str, record_id: str) -> dict[str, str] | None:
    """The record as cells, every column of its seed file (None when there is no such record)."""
    spec = spec_of(table)
    names = [column.name for column in spec.columns]
    row = reads.record_row(cursor, table, names, key_sql(table), record_id)
    return None if row is None else {name: as_cell(value) for name, value in zip(names, row, strict=True)}


def is_retired(cursor: duckdb.DuckDBPyConnection, table: str, record_id: str) -> bool:
    if table not in RETIRABLE:
        return False
    return reads.is_retired(cursor, table, spec_of(table).key, record_id)  # type: ignore[arg-type]


def new_id(cursor: duckdb.DuckDBPyConnection, table: str, name: str,
           cells: dict[str, str] | None = None) -> str:
    """An id for a new record from its name ('fund-bristol-city-funds'), unique in the store (a
    place a meeting discussed: its meeting and place)."""
    if table in _COMPOSITE:
        return "|".join((cells or {}).get(column, "") for column in _COMPOSITE[table])
    slug = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")[:40].strip("-") or "new"
    base = f"{KEPT[table][1]}-{slug}"
    key = spec_of(table).key
    candidate, n = base, 2
    while reads.has(cursor, table, key, candidate):  # type: ignore[arg-type]
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _parse(column: Column, cell: str) -> object:
    if not cell:
        return [] if column.parse is values.id_list else None
    return column.parse(cell)


def checked_cells(cursor: duckdb.DuckDBPyConnection, table: str, record_id: str,
                  cells: dict[str, str], adding: bool) -> tuple[dict[str, str], dict[str, object]]:
    """The record's cells once ``cells`` are applied, and their parsed values, checked by the
    build's rules: each cell's parser, required cells, the records it names, rules across cells.
    Raises ``RecordRefused`` listing every problem at its field."""
    spec = spec_of(table)
    what = word(table)
    problems: list[FieldProblem] = []
    by_name = {column.name: column for column in spec.columns}
    unknown = [name for name in cells if name not in by_name]
    if unknown:
        problems.append(FieldProblem(None, f"a {what} has no field {', '.join(unknown)} "
                                           f"(its fields: {', '.join(by_name)})"))
    before = current_cells(cursor, table, record_id)
    if adding and before is not None:
        problems.append(FieldProblem(spec.key, f"there is already a {what} '{record_id}'"))
    if not adding and before is None:
        raise RecordRefused(table, [FieldProblem(None, f"there is no such {what}: it may have been removed "
                                                         "since")])
    merged = dict(before or {name: "" for name in by_name})
    merged.update({name: cell for name, cell in cells.items() if name in by_name})
    if spec.key:
        merged[spec.key] = record_id
    elif not adding:  # the parts of its id stay: remove it and add another to change them
        parts = dict(zip(_COMPOSITE[table], record_id.split("|", 1), strict=False))
        moved = [column for column, part in parts.items() if merged.get(column) != part]
        if moved:
            problems.append(FieldProblem(moved[0], "cannot be changed here: remove it and add another"))
        merged.update(parts)
    parsed: dict[str, object] = {}
    for column in spec.columns:
        try:
            typed = merged[column.name].strip()
            cell = merged[column.name] = values.text(typed).strip()  # as a spreadsheet cell
            if column.parse is values.identifier and typed and cell != typed:
                values.identifier(typed)  # an id is taken as typed or refused, never quietly tidied
        except ValueError as error:
            problems.append(FieldProblem(column.name, str(error)))
            continue
        if not cell and column.required:
            problems.append(FieldProblem(column.name, "is empty but required"))
            continue
        try:
            parsed[column.name] = _parse(column, cell)
        except ValueError as error:
            problems.append(FieldProblem(column.name, str(error)))
            continue
        if column.refers_to and cell:
            for target in parsed[column.name] if isinstance(parsed[column.name], list) else [cell]:
                key = spec_of(column.refers_to).key if column.refers_to in SPECS else "locality_id"
                if not reads.has(cursor, column.refers_to, key, target):  # type: ignore[arg-type]
                    noun = "place" if column.refers_to == "localities" else word(column.refers_to)
                    problems.append(FieldProblem(column.name, f"'{target}' is not a known {noun}"))
    problems += _across_cells(cursor, table, record_id, parsed)
    if problems:
        raise RecordRefused(table, problems)
    return {name: as_cell(value) for name, value in parsed.items()}, parsed  # '£1,400,000' → '1400000'


def _across_cells(cursor: duckdb.DuckDBPyConnection, table: str, record_id: str,
                  parsed: dict[str, object]) -> list[FieldProblem]:
    """The rules of ``dash.ingest.seed._check_rows``, against the store instead of a file (a panel's
    share is filled in from its counts here too)."""
    from dash.format import money_exact

    problems = []
    if table == "panels":
        problem = panel_composition(parsed)
        if problem:
            problems.append(FieldProblem(*problem))
    if table == "funds":
        amount, part = parsed.get("amount_gbp"), parsed.get("participatory_gbp")
        if amount is not None and part is not None and part > amount:  # type: ignore[operator]
            problems.append(FieldProblem("participatory_gbp", f"{money_exact(part)} is more than the "  # type: ignore[arg-type]
                                         f"fund's size of {money_exact(amount)}"))  # type: ignore[arg-type]
    if table == "funds" and parsed.get("name"):
        problems += _same_fund(cursor, record_id, parsed)
    if table == "insights" and parsed.get("meeting_id") and parsed.get("position"):
        meeting_id, position = str(parsed["meeting_id"]), parsed["position"]
        if reads.position_taken(cursor, meeting_id, position, record_id):
            problems.append(FieldProblem("position", f"that meeting already has a key point at position "
                                                     f"{parsed['position']}"))
    return problems


def _same_fund(cursor: duckdb.DuckDBPyConnection, record_id: str,
               parsed: dict[str, object]) -> list[FieldProblem]:
    """A second fund of the same name held by the same organisation would count the same money twice
    (two "Calderdale Neighbourhood Fund" rows drawn as one): refused, pointing at the one there is."""
    twin = reads.fund_named_alike(cursor, parsed["name"], parsed.get("org_id"), record_id)
    if twin is None:
        return []
    name, holder, retired = twin
    held = f"held by {holder}" if holder else "with no organisation named"
    if retired:
        return [FieldProblem("name", f"there is already a retired fund called '{name}' {held}: bring it "
                                     "back rather than add another")]
    return [FieldProblem("name", f"there is already a fund called '{name}' {held}: correct that one (its "
                                 "size, say) rather than add another")]


def change_data(table: str, record_id: str, action: str, cells: dict[str, str] | None = None,
                undoes: int | None = None) -> Change:
    return Change(table, record_id, action, dict(cells or {}), undoes)


def check_record(data: dict) -> RecordWrite:
    """The entry's data, checked in shape as a replay uses it (``UserError`` naming what is wrong):
    one change, or several made as one write (``changes``: a restore, an undone restore)."""
    if isinstance(data, dict) and "changes" in data:
        if not isinstance(data["changes"], list) or not data["changes"]:
            raise UserError("its list of changes is empty or not a list")
        changes = tuple(_checked_change(change) for change in data["changes"])
        if data.get("undoes") is not None and not isinstance(data["undoes"], int):
            raise UserError("the change it undoes is not a number")
        as_of, summary = data.get("as_of"), data.get("summary")
        return Changes(changes, as_of if isinstance(as_of, str) else None, data.get("undoes"),
                       summary if isinstance(summary, str) else None)
    return _checked_change(data)


def _checked_change(data: object) -> Change:
    if not isinstance(data, dict) or data.get("table") not in SPECS:
        raise UserError("its record kind is missing or unknown")
    if data.get("action") not in ACTIONS:
        raise UserError(f"its action '{str(data.get('action'))[:20]}' is not one of {', '.join(ACTIONS)}")
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise UserError("its record id is missing")
    cells = data.get("cells", {})
    if not isinstance(cells, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in cells.items()):
        raise UserError("its cells are not text")
    if data.get("undoes") is not None and not isinstance(data["undoes"], int):
        raise UserError("the change it undoes is not a number")
    return Change(data["table"], data["id"], data["action"], dict(cells), data.get("undoes"))


def summary_of(data: RecordWrite, name: str, cursor: duckdb.DuckDBPyConnection | None = None,
               before: dict[str, str] | None = None) -> str:
    """The change in a line of words (the Activity page, ``dash history``): what it did to which
    record, and what tells it from another like it: "Changed the fund 'City Lab': size £14,000 →
    £20,000", "Added the fund 'City Lab' (£14,000, Bristol)". ``cursor`` names the records a cell
    points at; ``before`` gives an edited field's old value."""
    if isinstance(data, Changes):
        return data.summary or f"Changed {len(data.changes)} records"
    what = word(data.table)
    verb = {"add": "Added", "edit": "Changed", "retire": "Retired", "unretire": "Brought back",
            "remove": "Removed"}[data.action]
    told = ""
    if data.action == "edit" and data.cells:
        told = f": {words.edit_words(cursor, data.table, data.cells, before)}"
    elif data.action == "add":
        telling = words.addition_words(cursor, data.table, data.cells)
        told = f" ({telling})" if telling else ""
    undo = f", undoing change {data.undoes}" if data.undoes else ""
    return f"{verb} the {what} '{name}'{told}{undo}"


class Records(WriteKind[RecordWrite]):
    name = "record"
    label = "Record changed"
    opens = """CASE split_part(w.subject, '|', 1)
                   WHEN 'funds' THEN 'funds' WHEN 'panels' THEN 'panels' ELSE 'meetings' END"""

    def check(self, data: dict, file: Path | None = None) -> RecordWrite:
        return check_record(data)

    def apply(self, connection: duckdb.DuckDBPyConnection, payload: RecordWrite,
              entry: Entry | NewEntry) -> bool:
        """The change, numbered as its entry and dated the UK day it was made (when a record it retired
        left the counts)."""
        assert entry.number is not None  # numbered under the lock, before the change is made
        day = dt.datetime.fromisoformat(entry.written_at).date()
        return apply_change(connection, payload, entry.number, day)

    def replay(self, connection: duckdb.DuckDBPyConnection, payload: RecordWrite, entry: Entry,
               replay: Replay) -> None:
        try:  # checked again against this build's seed: a change it no longer fits is skipped
            self.apply(connection, payload, entry)
        except UserError as error:
            replay.not_replayed.append(f"change {entry.number} ({entry.summary}) was not replayed: {error}")


KIND = Records()


def entry_for(data: RecordWrite, name: str, by: Person, cursor: duckdb.DuckDBPyConnection | None = None,
              before: dict[str, str] | None = None) -> NewEntry:
    subject = "records" if isinstance(data, Changes) else f"{data.table}|{data.id}"
    return KIND.entry(data, summary_of(data, name, cursor, before), by, subject=subject)


def apply_change(connection: duckdb.DuckDBPyConnection, data: RecordWrite, entry: int, day: dt.date) -> bool:
    """Make the change (or each of several, in order) in ``connection``: a live write, or a build
    replaying the journal; False when it changes nothing. Raises ``RecordRefused`` when the build's
    rules refuse one (a live write then changes nothing at all)."""
    if isinstance(data, Changes):
        made = [_apply_one(connection, replace(change, undoes=data.undoes), entry, day)
                for change in data.changes]
        return any(made)
    return _apply_one(connection, data, entry, day)


def _apply_one(connection: duckdb.DuckDBPyConnection, data: Change, entry: int, day: dt.date) -> bool:
    table, record_id, action = data.table, data.id, data.action
    spec = spec_of(table)
    before = current_cells(connection, table, record_id)
    if table == MENTIONS:
        if before is None:
            return False  # its write-up was removed since: nothing is left to confirm or to undo
        wanted = data.cells.get("confirmed_as", "")
        if wanted and before["confirmed_as"] and before["confirmed_as"] != wanted:  # a second confirm
            raise RecordRefused(table, [FieldProblem(None, "it was confirmed already")])
    if action in ("add", "edit"):
        merged, parsed = checked_cells(connection, table, record_id, data.cells, adding=action == "add")
        changed = {name: cell for name, cell in merged.items() if before is None or before.get(name) != cell}
        if not changed:
            return False
        if action == "add":
            names = list(parsed)
            places = ", ".join("?" * len(names))
            connection.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({places})",
                               [parsed[n] for n in names])
            _record(connection, entry, data, None, {n: merged[n] for n in names if merged[n]})
        else:
            sets = ", ".join(f"{name} = ?" for name in changed)
            connection.execute(f"UPDATE {table} SET {sets} WHERE {key_sql(table)} = ?",
                               [*(parsed[name] for name in changed), record_id])
            _record(connection, entry, data, {n: before[n] for n in changed}, changed)  # type: ignore[index]
        if table == "insights" and "text" in changed:
            _suggest_again(connection, record_id)
        return True
    what = word(table)
    if before is None:
        raise RecordRefused(table, [FieldProblem(None, f"there is no such {what}: it may have been removed "
                                                         "since")])
    if action in ("retire", "unretire"):
        if table not in RETIRABLE:
            plural = f"{what}s" if not what.startswith("place") else "places a meeting discussed"
            raise RecordRefused(table, [FieldProblem(None, f"{plural} are not retired: edit or remove it")])
        retired = is_retired(connection, table, record_id)
        if retired == (action == "retire"):
            return False
        connection.execute(f"UPDATE {table} SET retired_on = ? WHERE {spec.key} = ?",
                           [day if action == "retire" else None, record_id])
        _record(connection, entry, data, None, None)
        return True
    pointing = pointed_at(connection, table, record_id)
    if pointing:
        raise RecordRefused(table, [FieldProblem(None, f"{pointing} point at it: retire it instead")])
    connection.execute(f"DELETE FROM {table} WHERE {key_sql(table)} = ?", [record_id])
    _record(connection, entry, data, before, None)
    return True


_ONE = {"meeting_places": "place a meeting discussed", "speakers": "speaker", "localities": "place"}


def _suggest_again(connection: duckdb.DuckDBPyConnection, insight_id: str) -> None:
    """A key point added or reworded gets the rules' suggestions for its words at once; what a person
    accepted or rejected on it stays (a build recodes every key point in any case)."""
    from dash.themes.codebook import load_codebook
    from dash.write.suggestions import suggest_for

    connection.execute("DELETE FROM insight_themes WHERE insight_id = ? AND status = 'suggested'",
                       [insight_id])
    suggest_for(connection, load_codebook(), [insight_id])


def pointed_at(cursor: duckdb.DuckDBPyConnection, table: str, record_id: str,
               besides: frozenset[tuple[str, str]] = frozenset()) -> str:
    """What points at the record, in words ('2 panels'), or "" when nothing does; records in
    ``besides`` (table, id) are not counted (the same undo removes them first)."""
    found = []
    for other, column in POINTED_AT_BY[table]:
        going = tuple(record for kind, record in besides if kind == other)
        n = reads.pointing(cursor, other, column, record_id, key_sql(other), going)
        if n:
            one = word(other) if other in KEPT else _ONE.get(other, other)
            found.append(f"{n} {one}" + ("s" if n != 1 else ""))
    return " and ".join(found)


_NAMES = {"funds": "name", "panels": "name", "organisations": "name", "meetings": "title",
          "insights": "text", "sources": "title", "speakers": "name", "meeting_places": "locality_id"}


def display_name(cells: dict[str, str] | None, table: str, record_id: str) -> str:
    """What a person calls the record: its name or title (a key point's first words)."""
    name = (cells or {}).get(_NAMES.get(table, "")) or record_id
    return name if len(name) <= 60 else name[:57].rstrip() + "…"


def _record(connection: duckdb.DuckDBPyConnection, entry: int, data: Change,
            before: dict[str, str] | None, after: dict[str, str] | None) -> None:
    connection.execute(
        "INSERT INTO record_changes VALUES (?, ?, ?, ?, ?, ?, ?)",
        [entry, data.table, data.id, data.action,
         None if before is None else json.dumps(before), None if after is None else json.dumps(after),
         data.undoes])


def _inverse(cursor: duckdb.DuckDBPyConnection, table: str, record_id: str, action: str,
             before: str | None, going: frozenset[tuple[str, str]] = frozenset()) -> Change | str:
    """The change that takes back one row of a change; for a record it added that something else
    names since, it is retired (a fund, panel or meeting) or, kept as it is, what names it in words.
    ``going``: the records this undo removes before this one (they name it no longer)."""
    inverse = {"add": "remove", "retire": "unretire", "unretire": "retire", "remove": "add"}
    if action == "edit":
        return change_data(table, record_id, "edit", json.loads(before or "{}"))
    if action == "add":
        pointing = pointed_at(cursor, table, record_id, going)
        if pointing:
            return change_data(table, record_id, "retire") if table in RETIRABLE else pointing
    cells = json.loads(before or "{}") if action == "remove" else {}
    return change_data(table, record_id, inverse[action], cells)


def undo_data(cursor: duckdb.DuckDBPyConnection, entry: int) -> tuple[RecordWrite, str]:
    """The change that undoes change ``entry`` (one change, or several made as one write), and what
    to call it; ``UserError`` when it cannot be undone (not a record change, already undone, or a
    record it changed was changed again since).

    A write that added records naming one another (a confirmed sum's fund and the organisation made
    to hold it) is undone last first: the fund goes, so the organisation it named goes too, unless
    something else names it since: then it stays, and the summary says so."""
    rows = reads.changes_in(cursor, entry)
    if not rows:
        raise UserError(f"Change {entry} is not a change to a record that can be undone here.")
    if reads.undone(cursor, entry):
        raise UserError(f"Change {entry} has already been undone.")
    for table, record_id, _, _ in rows:
        later = reads.changed_again(cursor, table, record_id, entry)
        if later is not None:
            name = display_name(current_cells(cursor, table, record_id), table, "")
            called = f"The {word(table)} '{name}'" if name else f"A {word(table)} it changed"
            raise UserError(f"{called} was changed again after change {entry} (change {later}): undo "
                            "that first.")
    inverses: list[Change] = []
    kept: list[str] = []
    going: set[tuple[str, str]] = set()
    for table, record_id, action, before in reversed(rows):
        inverse = _inverse(cursor, table, record_id, action, before, frozenset(going))
        if isinstance(inverse, str):
            name = display_name(current_cells(cursor, table, record_id), table, record_id)
            verb = "names" if inverse.startswith("1 ") and " and " not in inverse else "name"
            kept.append(f"kept the {word(table)} '{name}' ({inverse} {verb} it)")
            continue
        if inverse.action == "remove":
            going.add((table, record_id))
        inverses.append(inverse)
    if not inverses:
        raise UserError(f"Change {entry} cannot be undone: {'; '.join(kept)}.")
    if len(inverses) == 1 and len(rows) == 1:
        return replace(inverses[0], undoes=entry), rows[0][1]
    said = reads.summary_of(cursor, entry)
    what = f"{said[:1].lower()}{said[1:]}" if said else f"{len(inverses)} records"
    summary = f"Undid change {entry}: {what}" + (f"; {'; '.join(kept)}" if kept else "")
    undone = Changes(tuple(inverses), undoes=entry, summary=summary)
    return undone, f"change {entry}"


def restore_data(cursor: duckdb.DuckDBPyConnection, as_of: dt.date) -> tuple[Changes, int] | None:
    """The one write that brings every record an editor changed after ``as_of`` (the end of that
    day, UK time) back to how it was then, and how many records; None when none changed since.
    Worked out from ``record_changes``: each record's state then is the 'before' of its first change
    after that day (imports, reviews and roles are left as they are)."""
    rows = reads.changes_after(cursor, as_of)
    if not rows:
        return None
    first: dict[tuple[str, str], str] = {}
    fields: dict[tuple[str, str], dict[str, str]] = {}
    flips: dict[tuple[str, str], str] = {}
    whole: dict[tuple[str, str], dict[str, str]] = {}
    for table, record_id, action, before, _after in rows:
        key = (table, record_id)
        first.setdefault(key, action)
        if action == "edit":
            for column, cell in json.loads(before or "{}").items():
                fields.setdefault(key, {}).setdefault(column, cell)
        elif action in ("retire", "unretire"):
            flips.setdefault(key, action)
        elif action == "remove" and first[key] == "remove":
            whole.setdefault(key, json.loads(before or "{}"))
    changes = []
    added = []  # records that did not exist then: taken back after the rest, the newest first
    for (table, record_id), action in first.items():
        now = current_cells(cursor, table, record_id)
        if action == "add":
            if now is not None:
                added.append((table, record_id))
            continue
        if action == "remove" and now is None:
            changes.append(change_data(table, record_id, "add", whole[(table, record_id)]))
            continue
        then = {**(whole.get((table, record_id)) or {}), **fields.get((table, record_id), {})}
        edited = {column: cell for column, cell in then.items() if now is not None and now.get(column) != cell
                  and column != spec_of(table).key}
        if edited:
            changes.append(change_data(table, record_id, "edit", edited))
        flip = flips.get((table, record_id))
        if flip and table in RETIRABLE:
            was_retired = flip == "unretire"
            if is_retired(cursor, table, record_id) != was_retired:
                changes.append(change_data(table, record_id, "retire" if was_retired else "unretire"))
    going: set[tuple[str, str]] = set()
    for table, record_id in reversed(added):  # a fund goes before the organisation made to hold it
        taken = _inverse(cursor, table, record_id, "add", None, frozenset(going))
        if isinstance(taken, Change):  # else something older names it: it stays
            going.update({(table, record_id)} if taken.action == "remove" else set())
            changes.append(taken)
    if not changes:
        return None
    return Changes(tuple(changes), as_of.isoformat(),
                   summary=f"Restored {len(first)} records as they were on {as_of:%-d %B %Y}"), len(first)
