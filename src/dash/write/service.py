"""The write service: every change to the store goes through here, from the pages and the CLI alike.

Each write is read, checked and coded before the store's lock is taken; under the lock it is
journalled and committed with one snapshot swap (``dash.store``). What each kind of write journals,
changes and says is its own module's (``dash.write.registry`` lists them); this module signs, checks
who may write, and turns what happened into the sentence the person reads. Each returns an ``Outcome``:
whether it was done, one sentence to show the person, and the report behind it. A problem
the person can fix is that sentence; a fault in the program is logged on the server with a
short reference that the sentence gives, so nobody is ever shown a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Generic, TypeVar

from dash import format as fmt
from dash.errors import UserError, log_unexpected, unexpected_message
from dash.files import check_regular, read_bounded
from dash.ingest import limits
from dash.ingest.seed import SeedError
from dash.ingest.text import clean
from dash.paths import GEO_DIR, SEED_DIR, store_path, store_target
from dash.queries import writes as reads
from dash.safe import one_line, visible
from dash.store import Written, write_change
from dash.store.faults import crash_point
from dash.store.journal import NewEntry
from dash.store.reader import recent_reader
from dash.store.snapshot import Held, disk_full, is_disk_full, require_built
from dash.themes.codebook import load_codebook
from dash.themes.decisions import Decision
from dash.write import decisions, grants, mentions, records, registry, removals, roles, words, write_ups
from dash.write.access import Person, a_role, require
from dash.write.build import BuildReport, build_store, journal_problems, needs_build, not_replayed
from dash.write.kind import Payload

R = TypeVar("R")
StoreArg = str | os.PathLike[str] | None


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What a write did: ``ok``, one sentence for the person, and the report behind it."""

    ok: bool
    message: str
    report: R | None = None
    reference: str | None = None  # for a fault: what the person quotes to whoever runs the dashboard
    timings: dict[str, float] = field(default_factory=dict)  # seconds: prepare, wait, lock, total
    notes: tuple[str, ...] = ()  # lines to show under the sentence beyond the report's own

    @property
    def details(self) -> list[str]:
        """Lines under the sentence: a file's problems and notes, when there are any."""
        lines = getattr(self.report, "lines", None)
        found = lines() if callable(lines) else list(getattr(self.report, "unreadable", []) or [])
        return found + list(self.notes)


Signer = Person | str  # a string is an operator's name: the CLI's --by, a script


def _allowed(by: Signer, store: Path, needed: str = "editor") -> Person:
    """The writer, checked: named, and allowed to make this change (else ``NotAllowed``, a sentence)."""
    person = by if isinstance(by, Person) else Person(by, "command line")
    name = one_line(person.name or "")  # signed into the journal and history: one printable line
    if not name:
        raise UserError("Say who is making this change: a name, initials or an e-mail address.")
    if len(name) > limits.NAME_CHARS:
        raise UserError(f"The name of who is making the change is at most {limits.NAME_CHARS} characters.")
    person = Person(name, person.via, one_line(person.email) if person.email else None)
    require_built(store)
    require(person, needed, lambda: recent_reader(store).cursor())
    return person


def _guarded(doing: str, work: Callable[[], Outcome[R]], store: StoreArg = None) -> Outcome[R]:
    started = time.perf_counter()
    try:
        outcome = work()
    except grants.GrantsRefused as refused:
        outcome = Outcome(False, grants.refusal(refused.report), refused.report)
    except SeedError as error:
        outcome = Outcome(False, error.summary, error)
    except records.RecordRefused as refused:  # the form shows each problem at its field
        outcome = Outcome(False, str(refused), refused)
    except UserError as error:
        message = str(error).strip()
        if "othing was changed" not in message and "othing changed" not in message:
            message += ("" if message.endswith((".", "!", "?")) else ".") + " Nothing was changed."
        outcome = Outcome(False, message)
    except Exception as error:
        if is_disk_full(error):  # a payload or a report written before the store's lock was taken
            outcome = Outcome(False, str(disk_full(Path(store_target(store)))))
        else:
            reference = log_unexpected(doing)
            outcome = Outcome(False, unexpected_message(doing, reference), reference=reference)
    outcome.timings["total"] = time.perf_counter() - started
    return outcome


def read_upload(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """A file named on the command line, refused with a sentence when it cannot be an import: a
    folder, a pipe or a device is never read, nor a file larger than ``max_bytes``."""
    file = Path(path)
    size = check_regular(file).st_size
    if size > max_bytes:
        raise UserError(f"{file.name} is {fmt.megabytes(size)}, more than the "
                        f"{fmt.megabytes(max_bytes)} an import may be.")
    return read_bounded(file, max_bytes)


def import_write_up(
    raw: bytes, filename: str, *, by: Signer, store: StoreArg = None, title: str | None = None,
    held_on: dt.date | None = None, locality: str | None = None,
) -> Outcome[write_ups.WriteUpReport]:
    """Add a meeting write-up with its key points and the rules' theme suggestions."""
    def work() -> Outcome[write_ups.WriteUpReport]:
        target = store_path(store)
        signer = _allowed(by, target)
        started = time.perf_counter()
        prepared = write_ups.prepare(recent_reader(target).cursor(), raw, filename, load_codebook(),
                                     title=clean(title) if title else None, held_on=held_on,
                                     locality=clean(locality) if locality else None)
        crash_point("parse")
        held, prepare_s = Held(), time.perf_counter() - started
        earlier = _decisions_on(target, prepared.payload.meeting_id)  # if it was imported and removed

        def change(connection) -> None:
            write_ups.write(connection, prepared)
            if earlier:
                decisions.apply_decisions(connection, earlier)

        write_change(target, change, entry=write_ups.entry_for(prepared, signer), held=held)
        report = prepared.report
        timings = {"prepare": prepare_s, "wait": held.waited_seconds, "lock": held.held_seconds}
        if report.already_imported:  # said with the title it has, not the one asked for this time
            kept = reads.meeting_title(recent_reader(target).cursor(), report.meeting_id) or report.title
            unused = f" (the title '{title}' was not used)" if title and clean(title) != kept else ""
            return Outcome(True, f"This file was already imported as '{kept}': nothing changed{unused}. "
                           "Correct its title, date or place under 'Add or correct a meeting' on the "
                           "Meetings page.", report, timings=timings)
        return Outcome(True, f"Imported '{report.title}' ({fmt.long_date(report.held_on)}) with "
                       f"{fmt.count(len(report.key_points), 'key point')}.", report, timings=timings)
    return _guarded("importing a write-up", work, store)


def _decisions_on(target: Path, meeting_id: str) -> list[Decision]:
    """Theme decisions people made on a write-up's key points, when it was imported and removed (the
    journal is read only then): imported again, it gets them back at once, as a rebuild gives them."""
    if reads.writes_of(recent_reader(target).cursor(), removals.KIND.name, meeting_id) == 0:
        return []  # never removed: nothing made on it can be waiting
    return decisions.made_on(target, meeting_id)


def import_grants(
    raw: bytes, filename: str, *, by: Signer, store: StoreArg = None, day_first: bool = False,
) -> Outcome[grants.GrantsReport]:
    """Check a 360Giving file and add its grants; a file with errors changes nothing. ``day_first``:
    the person chose to read dates written day first (05/06/2014) as British dates (recorded)."""
    def work() -> Outcome[grants.GrantsReport]:
        target = store_path(store)
        signer = _allowed(by, target)
        started = time.perf_counter()
        prepared = grants.prepare(target, raw, filename, day_first=day_first)
        try:
            crash_point("payload")
            held, prepare_s = Held(), time.perf_counter() - started
            entry = grants.entry_for(prepared, signer)
            write_change(target, lambda connection: grants.write(connection, prepared, entry), entry=entry,
                         held=held)
        finally:
            prepared.payload.unlink(missing_ok=True)  # the temporary name: gone once journalled
        report = prepared.report
        timings = {"prepare": prepare_s, "wait": held.waited_seconds, "lock": held.held_seconds}
        if report.already_imported:
            return Outcome(True, f"{report.filename} was already imported: nothing changed.", report,
                           timings=timings)
        return Outcome(True, f"Imported {fmt.count(report.grants, 'grant')} from {report.filename}: "
                       f"{report.new:,} new, {report.updated:,} updated; "
                       f"{report.without_location:,} with no place we can map; "
                       f"{report.linked_to_funds:,} linked to a fund.", report, timings=timings)
    return _guarded("importing a 360Giving file", work, store)


def offering_day_first(outcome: Outcome, choice: str) -> Outcome:
    """A grants file's refusal saying how this caller offers the choice to read dates written day
    first as British dates (``choice``: '--day-first-dates', the page's box); any other outcome as it is."""
    report = outcome.report
    if outcome.ok or not isinstance(report, grants.GrantsReport) or not report.day_first_offered:
        return outcome
    return replace(outcome, message=grants.refusal(report, choice))


def decide(
    insight_id: str, theme_id: str, action: str, *, by: Signer, store: StoreArg = None, settles: bool = False,
) -> Outcome[Decision]:
    """Accept, reject or add a theme code on a key point, as the signer's own say; ``settles`` ends a
    disagreement between reviewers. Kept through every rebuild."""
    def work() -> Outcome[Decision]:
        target = store_path(store)
        signer = _allowed(by, target)
        kind = decisions.KIND
        decision = kind.check(asdict(Decision.now(insight_id, theme_id, action, signer.name, settles)))
        crash_point("parse")
        entry = kind.entry(decision, kind.summary(recent_reader(target).cursor(), decision), signer,
                           subject=f"{theme_id}|{insight_id}")
        write_change(target, lambda connection: kind.change(connection, decision, entry), entry=entry)
        said = f"{decisions.said(decision)} by {signer.name}"
        if settles:
            said += ", settling what reviewers disagreed on"
        return Outcome(True, f"Saved: {said}.", decision)
    return _guarded("saving a decision", work, store)


def set_role(pattern: str, role: str | None, *, by: Signer, store: StoreArg = None) -> Outcome[dict]:
    """Give an address or a whole domain a role (viewer, editor, admin), or (``role`` None) take it
    away: admins only. Kept through every rebuild, like every write."""
    def work() -> Outcome[dict]:
        target = store_path(store)
        signer = _allowed(by, target, needed="admin")
        entry = roles.entry_for(pattern, role, signer)
        crash_point("parse")
        data, change = entry.data, roles.KIND.check(entry.data)
        changed = write_change(target, lambda connection: roles.KIND.change(connection, change, entry),
                               entry=entry).changed  # when not, the store and the journal stay as they were
        if not changed and role is None:
            return Outcome(True, f"{data['pattern']} has no role of its own to take away: nothing changed.",
                           data)
        if not changed:
            return Outcome(True, f"{data['pattern']} is already {a_role(data['role'])}: nothing changed.",
                           data)
        if role is None:
            return Outcome(True, f"{data['pattern']} no longer has a role of its own.", data)
        return Outcome(True, f"{data['pattern']} is now {a_role(data['role'])}.", data)
    return _guarded("changing who may edit", work, store)


def write(kind: str, payload: Payload, *, summary: str, by: Signer, store: StoreArg = None,
          subject: str | None = None) -> Outcome[Payload]:
    """A write of any kind in ``dash.write.registry`` from its typed payload: checked by its kind as a
    build checks its entry, journalled with ``summary`` (its line on the Activity page) and made.
    The kinds with a function of their own above say more; a new kind needs nothing more than this."""
    def work() -> Outcome[Payload]:
        target = store_path(store)
        signer = _allowed(by, target)
        writing = registry.KINDS[kind]
        checked = writing.check(payload.as_data(), None)
        entry = writing.entry(checked, summary, signer, subject=subject)
        crash_point("parse")
        done = write_change(target, lambda connection: writing.change(connection, checked, entry),
                            entry=entry)
        if not done.changed:
            return Outcome(True, f"{summary}: the store already says so, so nothing changed.", checked)
        return Outcome(True, f"{summary} (change {entry.number}, signed {signer.shown}).", checked)
    return _guarded("saving a change", work, store)


@dataclass(frozen=True)
class RecordChange:
    """What a change to a record did: the record, the action, each changed cell's before and after,
    and those changes in words ("Size: £250,000"), the lines shown under its sentence."""

    table: str
    record_id: str
    action: str
    name: str
    entry: int | None
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)
    described: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        return list(self.described)


def _described(target: Path, table: str, changed: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    """The changed cells in words, read after the write (so a new organisation is named)."""
    if table not in records.SPECS or not changed:
        return ()
    cursor = recent_reader(target).cursor()
    return tuple(words.change_lines(cursor, table, changed, records.spec_of(table).key))


def _change(target: Path, data: records.RecordWrite, signer: Person, name: str) -> Outcome[RecordChange]:
    """Journal and make one change to a record (or several as one write), checked by the build's
    rules under the lock."""
    several = isinstance(data, records.Changes)
    table, record_id = ("records", "") if several else (data.table, data.id)
    action = "restore" if several else data.action
    cursor = recent_reader(target).cursor()
    before = {} if several else records.current_cells(cursor, table, record_id) or {}
    entry = records.entry_for(data, name, signer, cursor, before)
    crash_point("parse")
    if not _records_changed(target, data, entry).changed:  # the store and the journal stay as they were
        what = "records" if several else f"{records.word(table)} '{name}'"
        return Outcome(True, f"The {what} already say{'' if several else 's'} that: nothing changed.",
                       RecordChange(table, record_id, action, name, None))
    after = {} if several else records.current_cells(recent_reader(target).cursor(), table, record_id) or {}
    changed = {column: (before.get(column, ""), after.get(column, "")) for column in {*before, *after}
               if before.get(column, "") != after.get(column, "")}
    report = RecordChange(table, record_id, action, name, entry.number, changed,
                          _described(target, table, changed))
    return Outcome(True, f"{entry.summary} (change {entry.number}, signed {signer.shown}).", report)


def _records_changed(target: Path, data: records.RecordWrite, entry: NewEntry) -> Written:
    return write_change(target, lambda connection: records.KIND.change(connection, data, entry), entry=entry)


def restore(as_of: dt.date, *, by: Signer, store: StoreArg = None) -> Outcome[RecordChange]:
    """Bring every record an editor changed after ``as_of`` back to how it was at the end of that
    day, as one new write (so a restore can be undone too). Imports, reviews and roles stay."""
    def work() -> Outcome[RecordChange]:
        target = store_path(store)
        signer = _allowed(by, target)
        found = records.restore_data(recent_reader(target).cursor(), as_of)
        if found is None:
            return Outcome(True, f"Every record is as it was at the end of {fmt.long_date(as_of)}: "
                           "nothing to restore.", RecordChange("records", "", "restore", "", None))
        data, count = found
        return _change(target, data, signer, fmt.count(count, "record"))
    return _guarded("restoring the records", work, store)


def save_record(table: str, record_id: str | None, cells: dict[str, str], *, by: Signer,
                store: StoreArg = None, adding: bool = False) -> Outcome[RecordChange]:
    """Add a record (``record_id`` None, or a new id) or change some of its cells; checked by the
    rules ``build`` applies to data/seed, kept through every rebuild, and undoable. With ``adding``
    the record must be new: an id already taken is refused, never read as an edit of that record.
    A record's id is never changed (other records point at it by its id)."""
    def work() -> Outcome[RecordChange]:
        target = store_path(store)
        signer = _allowed(by, target)
        cursor = recent_reader(target).cursor()
        key = records.spec_of(table).key
        given = {column: cell for column, cell in cells.items() if column != key}
        named = (cells.get(key) or "").strip() if key else ""
        asked = record_id
        known = records.current_cells(cursor, table, asked) if asked else None
        what = records.word(table)
        a_what = f"{'an' if what[:1] in 'aeiou' else 'a'} {what}"
        if known is not None and not adding and named and named != asked:
            raise UserError(f"{a_what.capitalize()}'s id cannot be changed: other records point at it by "
                            f"its id. Add a new {what} and retire this one instead.")
        if asked and named and named != asked and (adding or known is None):
            raise UserError(f"The new {what} is given two ids, '{visible(asked, 40)}' and "
                            f"'{visible(named, 40)}': give one.")
        if adding or known is None:
            asked = asked or named or None
            taken = records.current_cells(cursor, table, asked) if asked else None
            if taken is not None:
                raise UserError(f"There is already {a_what} with the id '{visible(asked, 40)}' ("
                                f"{visible(records.display_name(taken, table, asked), 80)}): give the new "
                                "one another id.")
            known = None
        chosen = asked or records.new_id(cursor, table, records.display_name(given, table, "new"), given)
        merged, _ = records.checked_cells(cursor, table, chosen, given, adding=known is None)  # unlocked
        changed = {column: merged[column] for column in given  # what the person changed, as stored
                   if known is None or merged[column] != known.get(column, "")}
        data = records.change_data(table, chosen, "edit" if known else "add", changed)
        return _change(target, data, signer, records.display_name({**(known or {}), **given}, table, chosen))
    return _guarded("saving a record", work, store)


def confirm_mention(meeting_id: str, position: int, table: str, record_id: str | None, cells: dict[str, str],
                    *, by: Signer, store: StoreArg = None, new_organisation: str | None = None,
                    also_confirms: tuple[int, ...] = (), place: str | None = None) -> Outcome[RecordChange]:
    """Confirm what a write-up mentions as a record: add it (``record_id`` None) or set some of its
    cells, and mark the mention confirmed and linked to it, in one write (undone together). A second
    confirm of the same mention changes nothing. ``new_organisation`` names an organisation to add
    first and hold the new fund (one of that name already there is used instead); ``also_confirms``
    marks other mentions of the write-up the record used (a share of money that gave its part)."""
    def work() -> Outcome[RecordChange]:
        target = store_path(store)
        signer = _allowed(by, target)
        cursor = recent_reader(target).cursor()
        mention = mentions.find(cursor, meeting_id, position)
        if mention is None:
            raise UserError("That mention is no longer in the store: its write-up was removed.")
        if mention.confirmed_as:
            made = mentions.record_words(cursor, mention.confirmed_as)
            return Outcome(True, f"{mention.said(place)} was confirmed already, as {made}: nothing changed.",
                           RecordChange(table, record_id or "", "edit", "", None))
        key = records.spec_of(table).key
        given = {column: cell.strip() for column, cell in cells.items() if column != key}
        changes: list[records.Change] = []
        if new_organisation and new_organisation.strip() and table == "funds":
            length = len(new_organisation.strip())
            if length > limits.NAME_CHARS:
                raise UserError(f"The new organisation's name is {limits.count(length)} characters long: "
                                f"give one of at most {limits.count(limits.NAME_CHARS)}.")
            org_id = reads.organisation_named(cursor, new_organisation.strip())
            if org_id is None:
                org_id = records.new_id(cursor, "organisations", new_organisation.strip())
                changes.append(records.change_data("organisations", org_id, "add", {
                    "name": new_organisation.strip(), "source_id": given.get("source_id", "")}))
            given["org_id"] = org_id
        known = records.current_cells(cursor, table, record_id) if record_id else None
        if record_id and known is None:
            raise UserError(f"That {records.word(table)} is no longer in the store: choose another.")
        name = records.display_name({**(known or {}), **given}, table, record_id or "new")
        chosen = record_id or records.new_id(cursor, table, name, given)
        if not changes:  # refused here at its field, before the lock (checked again under it)
            merged, _ = records.checked_cells(cursor, table, chosen, given, adding=known is None)
            given = {column: merged[column] for column in given}
        changed = {column: cell for column, cell in given.items()
                   if (cell if known is None else cell != known.get(column, ""))}
        others = [m for m in (mentions.find(cursor, meeting_id, p) for p in also_confirms if p != position)
                  if m is not None and not m.confirmed_as]
        marks = [mentions.confirming(m, table, chosen) for m in (mention, *others)]
        record = [records.change_data(table, chosen, "add" if known is None else "edit", changed)] \
            if changed else []
        data = records.Changes((*marks, *changes, *record),
                               summary=mentions.summary(mention, table, known is None, name, changed, place))
        entry = records.entry_for(data, name, signer)
        entry.subject = f"{table}|{chosen}"  # the Activity page's link opens the record's page
        crash_point("parse")
        if not _records_changed(target, data, entry).changed:
            return Outcome(True, "That was confirmed already: nothing changed.",
                           RecordChange(table, chosen, "edit", name, None))
        after = records.current_cells(recent_reader(target).cursor(), table, chosen) or {}
        before = known or {}
        difference = {column: (before.get(column, ""), after.get(column, "")) for column in {*before, *after}
                      if before.get(column, "") != after.get(column, "")}
        report = RecordChange(table, chosen, "add" if known is None else "edit", name, entry.number,
                              difference, _described(target, table, difference))
        return Outcome(True, f"{data.summary} (change {entry.number}, signed {signer.shown}). Undo it on the "
                       "Activity page if it is wrong.", report)
    return _guarded("confirming what a write-up mentions", work, store)


def _on_record(table: str, record_id: str, action: str, by: Signer, store: StoreArg,
               doing: str) -> Outcome[RecordChange]:
    """Retire, bring back or remove a record that exists."""
    def work() -> Outcome[RecordChange]:
        target = store_path(store)
        signer = _allowed(by, target)
        cells = records.current_cells(recent_reader(target).cursor(), table, record_id)
        if cells is None:
            raise UserError(f"That {records.word(table)} is no longer in the store: it may have been removed "
                            "since.")
        data = records.change_data(table, record_id, action)
        return _change(target, data, signer, records.display_name(cells, table, record_id))
    return _guarded(doing, work, store)


def retire_record(table: str, record_id: str, *, by: Signer, store: StoreArg = None,
                  back: bool = False) -> Outcome[RecordChange]:
    """Take a fund, panel or meeting out of every count and chart (kept for what points at it), or
    (``back``) bring it back."""
    return _on_record(table, record_id, "unretire" if back else "retire", by, store, "retiring a record")


def remove_record(table: str, record_id: str, *, by: Signer, store: StoreArg = None) -> Outcome[RecordChange]:
    """Remove a record nothing points at (a speaker entered twice, an organisation no fund names);
    one others point at is refused with what points at it (retire a fund, panel or meeting instead)."""
    return _on_record(table, record_id, "remove", by, store, "removing a record")


def undo(entry: int, *, by: Signer, store: StoreArg = None) -> Outcome[RecordChange]:
    """Undo change ``entry`` to a record, as a new change (which can itself be undone)."""
    def work() -> Outcome[RecordChange]:
        target = store_path(store)
        signer = _allowed(by, target)
        cursor = recent_reader(target).cursor()
        data, record_id = records.undo_data(cursor, entry)
        if isinstance(data, records.Changes):
            return _change(target, data, signer, record_id)
        assert isinstance(data, records.Change)
        cells = records.current_cells(cursor, data.table, record_id) or data.cells
        return _change(target, data, signer, records.display_name(cells, data.table, record_id))
    return _guarded("undoing a change", work, store)


def remove_import(what: str, import_id: str, *, by: Signer, store: StoreArg = None) -> Outcome[int]:
    """Take an imported write-up (``what`` "write-up", its meeting id) or 360Giving file ("grants",
    its source id) back out. Importing the same file again brings it back, with the theme decisions
    made on it."""
    def work() -> Outcome[int]:
        target = store_path(store)
        signer = _allowed(by, target)
        if what not in removals.WHAT:
            raise UserError("Say whether to remove a write-up or a grants file.")
        name = removals.describe(recent_reader(target).cursor(), what, import_id)
        entry = removals.entry_for(what, import_id, name, signer)
        crash_point("parse")
        removal = removals.KIND.check(entry.data)
        removed = write_change(target, lambda connection: removals.KIND.change(connection, removal, entry),
                               entry=entry)
        if not removed.changed:
            return Outcome(True, f"'{name}' was not in the store: nothing changed.", 0)
        gone = (f"its meeting and {fmt.count(removed.value, 'key point')}" if what == "write-up"
                else fmt.count(removed.value, "grant"))
        return Outcome(True, f"Removed '{name}': {gone}. Importing the same file again brings it back, "
                       "with the theme decisions made on it.", removed.value)
    return _guarded("removing an import", work, store)


def build(*, store: StoreArg = None, if_needed: bool = False, seed_dir: Path = SEED_DIR,
          geo_dir: Path = GEO_DIR) -> Outcome[BuildReport]:
    """Build the store from the seed files and replay the journal (only when needed, with ``if_needed``)."""
    def work() -> Outcome[BuildReport]:
        target = store_path(store)
        if if_needed and not needs_build(target, seed_dir, geo_dir):
            problems = journal_problems(target, deep=False) + not_replayed(recent_reader(target).cursor())
            return Outcome(True, f"{target} is up to date with data/seed and data/geo."
                           + (f" {fmt.count(len(problems), 'journal entry', 'journal entries')} could not "
                              f"be read and {'was' if len(problems) == 1 else 'were'} skipped (listed below)."
                              if problems else ""),
                           notes=tuple(problems))
        report = build_store(target, seed_dir, geo_dir)
        counts = ", ".join(f"{n:,} {table}" for table, n in report.counts.items())
        message = f"Built {report.path} in {report.seconds:.2f} s: {counts}."
        if report.entries_replayed:
            message += f" Replayed {fmt.count(report.entries_replayed, 'write')} from the journal."
        if report.unreadable:
            message += (f" {fmt.count(len(report.unreadable), 'journal entry', 'journal entries')} could "
                        f"not be read and {'was' if len(report.unreadable) == 1 else 'were'} skipped (listed "
                        "below; they are kept for a person to look at).")
        return Outcome(True, message, report)
    return _guarded("building the store", work, store)
