"""What a kind of write is: one definition that the write service, the build and the Activity page share.

Every write a person makes is one of a few kinds (a write-up imported, a 360Giving file imported, a
theme decision, a role given, a record changed, an import removed). Each kind is one module of
``dash.write`` defining one ``WriteKind`` and the frozen dataclass its journal entries hold (its
*payload*); ``dash.write.registry`` lists them, one line each. From that one table:

- the write service journals a write (``entry``) and makes it (``change``, built on ``apply``);
- the build checks every journal entry (``check``: the entry's data as the typed payload, or
  ``UserError`` saying in one plain sentence what is wrong) and replays it (``replay``, built on
  ``apply``), in order, those marked ``after_coding`` once the rules have coded every key point;
- the Activity page and ``dash history`` name each write's kind (``label``) and link to the page
  showing what it changed (``opens``).

The journal on disk is the contract: a kind's ``name`` is in every entry's file name and body, and
``payload.as_data()`` is the entry's ``data`` exactly, so both stay as they are once written.

A new kind, worked through (a note pinned to a meeting, say)::

    # src/dash/write/notes.py
    @dataclass(frozen=True)
    class Note:
        meeting_id: str
        text: str

        def as_data(self) -> dict:
            return {"meeting_id": self.meeting_id, "text": self.text}

    class Notes(WriteKind[Note]):
        name, label = "note", "Note pinned"
        opens = "'meetings'"

        def check(self, data, file):
            if not isinstance(data.get("text"), str) or not data["text"]:
                raise UserError("its text is missing")
            return Note(str(data.get("meeting_id", "")), data["text"])

        def apply(self, connection, payload, entry):
            connection.execute("INSERT INTO notes VALUES (?, ?)", [payload.meeting_id, payload.text])
            return True

    KIND = Notes()

    # and one line in dash.write.registry: ``notes.KIND,`` in ``KINDS``.

``service.write(KIND, Note(...), summary=..., by=...)`` then makes it, a build replays it and the
Activity page lists it (tests/write/test_registry.py does exactly this with a throwaway kind).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Generic, Protocol, TypeVar

import duckdb

from dash.store.journal import Entry, NewEntry
from dash.store.snapshot import NothingToWrite
from dash.write.access import Person


class Payload(Protocol):
    """A kind's typed payload: a frozen dataclass that gives back its journal entry's data."""

    def as_data(self) -> dict: ...


P = TypeVar("P", bound=Payload)


@dataclass
class Replay:
    """What a build's replay of the journal adds up, for the build's report."""

    imports: int = 0  # write-ups and 360Giving files replayed
    decisions: int = 0  # theme decisions that applied
    not_replayed: list[str] = field(default_factory=list)  # each a sentence: a change the seed no longer fits


class WriteKind(Generic[P]):
    """One kind of write. A subclass names it and writes ``check`` and ``apply``; the rest has defaults."""

    name: ClassVar[str]  # the journal's word: each entry's "kind" and file name (never renamed)
    label: ClassVar[str]  # the Activity page's "Kind" ("Write-up imported")
    # SQL for the Activity page's "Open" link: the page showing what the write changed, relative to the
    # dashboard, over the write's row ``w`` (``writes``) and ``m``, the meeting its subject names, if any.
    opens: ClassVar[str] = "'activity'"
    after_coding: ClassVar[bool] = False  # replayed after the rules code every key point (decisions)

    def check(self, data: dict, file: Path | None) -> P:
        """An entry's data (and its payload file) as the typed payload ``apply`` needs; ``UserError``
        saying in one plain sentence what is wrong (the build names the entry and skips it)."""
        raise NotImplementedError

    def apply(self, connection: duckdb.DuckDBPyConnection, payload: P, entry: Entry | NewEntry) -> object:
        """Make the write in ``connection`` (a live write or a build's replay); something falsy when it
        changes nothing. ``entry`` gives its number, signer, time and payload file."""
        raise NotImplementedError

    def entry(self, payload: P, summary: str, by: Person, *, subject: str | None = None,
              file: Path | None = None) -> NewEntry:
        """The journal entry for a write: ``summary`` is its line on the Activity page, ``subject`` what
        it changed (its link), ``file`` a bulk payload written before the lock."""
        return NewEntry(self.name, summary=summary, data=payload.as_data(), payload=file, subject=subject,
                        **by.signature())

    def change(self, connection: duckdb.DuckDBPyConnection, payload: P, entry: NewEntry) -> object:
        """A live write, under the store's lock: ``apply``, ended (store and journal as they were) with
        ``NothingToWrite`` when it changes nothing."""
        done = self.apply(connection, payload, entry)
        if not done:
            raise NothingToWrite
        return done

    def replay(self, connection: duckdb.DuckDBPyConnection, payload: P, entry: Entry, replay: Replay) -> None:
        """A build replaying a journal entry: ``apply``, adding what the build reports to ``replay``."""
        self.apply(connection, payload, entry)
