"""The kinds of write are one table: a kind registered there is made by the write service, checked
and replayed by the build, and listed on the Activity page, with nothing else to change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest

from dash import catalogue
from dash.errors import UserError
from dash.store import StoreReader
from dash.store.journal import Entry, NewEntry, journal_dir
from dash.write import registry, service
from dash.write.build import build_store
from dash.write.kind import WriteKind


@dataclass(frozen=True)
class Pin:
    """A throwaway kind's payload: a note pinned to a meeting."""

    meeting_id: str
    note: str

    def as_data(self) -> dict:
        return {"meeting_id": self.meeting_id, "note": self.note}


class Pins(WriteKind[Pin]):
    name = "pin"
    label = "Note pinned"
    opens = "'meetings?search=' || url_encode(coalesce(m.title, ''))"

    def check(self, data: dict, file: Path | None) -> Pin:
        if not isinstance(data.get("note"), str) or not data["note"]:
            raise UserError("its note is missing")
        return Pin(str(data.get("meeting_id", "")), data["note"])

    def apply(self, connection: duckdb.DuckDBPyConnection, payload: Pin, entry: Entry | NewEntry) -> bool:
        key = f"pin {payload.meeting_id}"
        row = connection.execute("SELECT value FROM store_info WHERE key = ?", [key]).fetchone()
        if row and row[0] == payload.note:
            return False
        connection.execute("INSERT OR REPLACE INTO store_info VALUES (?, ?)", [key, payload.note])
        return True


def _pinned(store: Path, meeting_id: str) -> str | None:
    row = StoreReader(store).cursor().execute("SELECT value FROM store_info WHERE key = ?",
                                              [f"pin {meeting_id}"]).fetchone()
    return row[0] if row else None


def test_a_kind_added_to_the_registry_is_written_replayed_and_listed(store_copy, monkeypatch):
    monkeypatch.setattr(registry, "KINDS", registry.KINDS.with_kind(Pins()))
    meeting_id, title = StoreReader(store_copy).cursor().execute(
        "SELECT meeting_id, title FROM meetings ORDER BY meeting_id LIMIT 1").fetchone()

    made = service.write("pin", Pin(meeting_id, "Bring the minutes"), summary="Pinned a note", by="AB",
                         store=store_copy, subject=meeting_id)
    assert made.ok and made.message == "Pinned a note (change 1, signed AB)."
    assert _pinned(store_copy, meeting_id) == "Bring the minutes"
    assert [p.name for p in journal_dir(store_copy).iterdir()] == ["00000001.pin.json"]

    again = service.write("pin", Pin(meeting_id, "Bring the minutes"), summary="Pinned a note", by="AB",
                          store=store_copy, subject=meeting_id)
    assert again.ok and "nothing changed" in again.message
    assert len(list(journal_dir(store_copy).iterdir())) == 1  # nothing journalled either

    refused = service.write("pin", Pin(meeting_id, ""), summary="Pinned a note", by="AB", store=store_copy)
    assert not refused.ok and refused.message == "its note is missing. Nothing was changed."

    listed = catalogue.fetch("activity", StoreReader(store_copy).cursor())  # as the page reads it
    row = listed.iloc[0]
    assert (row["Kind"], row["What changed"]) == ("Note pinned", "Pinned a note")
    assert row["Open"] == "meetings?search=" + quote(title)  # the meeting its subject names

    report = build_store(store_copy)  # the journal replayed by the kind, on the seed
    assert report.entries_replayed == 1 and report.unreadable == []
    assert _pinned(store_copy, meeting_id) == "Bring the minutes"


def test_an_entry_of_a_kind_this_version_does_not_know_is_named_and_skipped(store_copy, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(registry, "KINDS", registry.KINDS.with_kind(Pins()))
        pinned = service.write("pin", Pin("mtg-x", "Tea"), summary="Pinned a note", by="AB", store=store_copy)
        assert pinned.ok
    report = build_store(store_copy)  # the registry as shipped: no such kind
    assert report.entries_replayed == 0
    assert report.unreadable == [f"00000001.pin.json in {journal_dir(store_copy)}: 'pin' is not a kind of "
                                 "write this version knows"]
    refused = service.write("pin", Pin("mtg-x", "Tea"), summary="Pinned a note", by="AB", store=store_copy)
    assert not refused.ok and refused.message == ("'pin' is not a kind of write this version knows. "
                                                  "Nothing was changed.")


def test_every_kind_gives_back_its_journal_data_unchanged():
    """What a kind checks is what it journals: ``check(data).as_data() == data`` for an entry of each
    kind as this version writes it, so a payload never changes the journal's format."""
    entries = {
        "write-up": {"meeting_id": "mtg-import-1", "source_id": "src-import-1", "filename": "a.md",
                     "title": "A", "held_on": "2025-06-03", "locality_id": None, "key_points": ["One"],
                     "imported_at": "2025-06-03T10:00:00+00:00",
                     "mentions": [{"kind": "money", "text": "£5", "value": "£5", "context": "a £5 sum"}]},
        "decision": {"insight_id": "ins-1", "theme_id": "th-1", "action": "accept", "decided_by": "AB",
                     "decided_at": "2025-06-03T10:00:00", "settles": False},
        "role": {"pattern": "ann@example.org", "role": "editor"},
        "record": {"changes": [{"table": "funds", "id": "fund-a", "action": "edit", "cells": {"name": "B"},
                                "undoes": None}], "undoes": 7, "summary": "Undid change 7: changed a fund"},
        "removal": {"what": "grants", "id": "src-360-1"},
    }
    for name, data in entries.items():
        assert registry.KINDS[name].check(data, None).as_data() == data, name
    assert {kind.name for kind in registry.KINDS} == {*entries, "grants"}  # grants need their Parquet file
    with pytest.raises(UserError):
        registry.KINDS["pictures"]
