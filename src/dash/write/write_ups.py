"""A meeting write-up as a write: read and coded before the lock, inserted under it, replayed by builds.

The journal entry holds the meeting, its key points and where it came from; the rules'
theme suggestions are not journalled, because every build codes every key point afresh
with the codebook of the day (a person's decisions are journalled, and replayed after).

A write-up's id comes from its text as read, not its bytes: the same notes saved as UTF-16, as UTF-8
or with stray NULs are one meeting, imported once. (Ids made from the bytes before are still found, so
a file imported then is not imported again.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dash.ingest import limits
from dash.ingest.notes import Mention, NotesError, parse_notes
from dash.ingest.text import same_text_key
from dash.queries.places import place_name_index, places_within, resolve_locality, town_name_index
from dash.store import NothingToWrite
from dash.store.journal import Entry, EntryDamaged, NewEntry
from dash.themes.codebook import Codebook
from dash.themes.coding import references, suggestion_rows
from dash.write.access import Person
from dash.write.kind import Replay, WriteKind
from dash.write.suggestions import insert_suggestions


@dataclass(frozen=True)
class FoundMention:
    """A sum, share or place the write-up mentions, kept for an editor to confirm later."""

    kind: str
    text: str
    value: str
    context: str


@dataclass(frozen=True)
class WriteUpImport:
    """A write-up as its journal entry holds it: the meeting, its key points and where it came from."""

    meeting_id: str
    source_id: str
    filename: str
    title: str
    held_on: str | None  # YYYY-MM-DD
    locality_id: str | None
    key_points: tuple[str, ...]
    imported_at: str  # ISO timestamp, UTC
    mentions: tuple[FoundMention, ...] = ()  # entries written before mentions were kept have none

    def as_data(self) -> dict:
        return {"meeting_id": self.meeting_id, "source_id": self.source_id, "filename": self.filename,
                "title": self.title, "held_on": self.held_on, "locality_id": self.locality_id,
                "key_points": list(self.key_points), "imported_at": self.imported_at,
                "mentions": [{"kind": m.kind, "text": m.text, "value": m.value, "context": m.context}
                             for m in self.mentions]}


@dataclass
class WriteUpReport:
    meeting_id: str
    title: str
    held_on: dt.date | None
    locality_id: str | None
    key_points: list[str]
    themes_suggested: dict[int, list[str]] = field(default_factory=dict)  # position → theme names
    mentions: list[Mention] = field(default_factory=list)
    dropped_lines: int = 0
    notes: list[str] = field(default_factory=list)
    already_imported: bool = False
    places_asked: list[tuple[str, str]] = field(default_factory=list)  # (id, name) when the place is asked

    def key_point_table(self) -> pd.DataFrame:
        return pd.DataFrame({
            "Key point": self.key_points,
            "Themes suggested": [", ".join(self.themes_suggested.get(n, []))
                                 for n in range(1, len(self.key_points) + 1)],
        })

    def mention_table(self) -> pd.DataFrame:
        return pd.DataFrame([
            {"What": m.kind, "Found": m.text, "Reads as": m.value, "Context": m.context}
            for m in self.mentions
        ])

    def as_json(self) -> dict:
        """The shape other tools read: meeting, key points with themes, and mentions to confirm."""
        def mentions(kind: str, key: str, parse) -> list[dict]:
            return [{key: parse(m.value), "context": m.context} for m in self.mentions if m.kind == kind]

        places = [m.value for m in self.mentions if m.kind in ("place", "place asked")]
        return {
            "meeting_id": self.meeting_id, "title": self.title,
            "held_on": self.held_on.isoformat() if self.held_on else None,
            "localities": ([self.locality_id] if self.locality_id else [])
            + [p for p in places if p != self.locality_id],
            "key_points": [{"text": text, "themes": self.themes_suggested.get(n, [])}
                           for n, text in enumerate(self.key_points, start=1)],
            "places_asked": [{"locality_id": i, "name": n} for i, n in self.places_asked],
            "money": mentions("money", "amount_gbp", lambda v: float(v.replace("£", "").replace(",", "")))
            + mentions("share of money", "share", lambda v: float(v.rstrip("%")) / 100),
            "rates_and_costs": mentions("rate or cost", "amount_gbp",
                                        lambda v: float(v.replace("£", "").replace(",", ""))),
            "lived_experience": mentions("lived-experience share", "share",
                                         lambda v: float(v.rstrip("%")) / 100),
            "notes": self.notes,
            "already_imported": self.already_imported,
        }


@dataclass
class PreparedWriteUp:
    """Everything the write needs, worked out before the lock is taken."""

    payload: WriteUpImport
    report: WriteUpReport
    suggestions: list[list[str]]  # [insight_id, theme_id, status, method, evidence]
    earlier_id: str = ""  # the id an import before ids came from the text would have given it


MOST_MENTIONS = 200  # a file naming more sums and places than this is listed, not all kept


def prepare(
    cursor: duckdb.DuckDBPyConnection, raw: bytes, filename: str, codebook: Codebook, *,
    title: str | None = None, held_on: dt.date | None = None, locality: str | None = None,
) -> PreparedWriteUp:
    """Parse, check and code ``raw`` against the current store (read, never written)."""
    if title is not None and len(title) > limits.TITLE_CHARS:
        raise NotesError(f"The title is {limits.count(len(title))} characters long: "
                         f"give one of at most {limits.count(limits.TITLE_CHARS)}.")
    locality_id = None
    if locality:
        locality_id = resolve_locality(cursor, locality[:limits.NAME_CHARS])
        if locality_id is None:
            raise NotesError(f"There is no place called '{locality[:80]}': use an ONS code or a place name.")
    parsed = parse_notes(raw, title=title, held_on=held_on, place_names=place_name_index(cursor),
                         places_within=places_within(cursor), towns=town_name_index(cursor))
    mentions = parsed.mentions
    asked: list[tuple[str, str]] = []
    if locality_id is None and parsed.place is not None:  # where the write-up says it was, or a question
        locality_id = parsed.place.chosen
        asked = [(p.locality_id, p.name) for p in parsed.place.asked]
        parsed.notes.append(parsed.place.sentence)
    else:  # a place given: nothing to ask
        mentions = [Mention("place", m.text, m.value, m.context) if m.kind == "place asked" else m
                    for m in mentions]
    meeting_id = meeting_id_for(parsed.text)
    report = WriteUpReport(meeting_id, parsed.title, parsed.held_on, locality_id, parsed.key_points,
                           mentions=mentions, dropped_lines=parsed.dropped_lines,
                           notes=list(parsed.notes), places_asked=asked)
    digest = meeting_id.removeprefix("mtg-import-")
    payload = WriteUpImport(
        meeting_id, f"src-import-{digest}", Path(filename).name[:200], parsed.title,
        parsed.held_on.isoformat() if parsed.held_on else None, locality_id, tuple(parsed.key_points),
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        # What it mentions, kept so an editor can confirm each later (the Meetings page).
        tuple(FoundMention(m.kind, m.text, m.value, m.context) for m in mentions[:MOST_MENTIONS]))
    names = {theme.theme_id: theme.name for theme in codebook.themes}
    positions = {f"{meeting_id}-{n:02d}": n for n in range(1, len(parsed.key_points) + 1)}
    suggestions = suggestion_rows(zip(positions, parsed.key_points, strict=True), codebook,
                                  references(cursor, codebook))
    for insight_id, theme_id, *_ in suggestions:
        report.themes_suggested.setdefault(positions[insight_id], []).append(names[theme_id])
    for themes in report.themes_suggested.values():
        themes.sort()
    return PreparedWriteUp(payload, report, suggestions, legacy_meeting_id(raw))


def meeting_id_for(text: str) -> str:
    """The id of the meeting a write-up's text makes: one text, one meeting, however it was saved."""
    return "mtg-import-" + hashlib.sha256(same_text_key(text).encode("utf-8")).hexdigest()[:10]


def legacy_meeting_id(raw: bytes) -> str:
    """The id imports made from a file's bytes before ids came from its text."""
    return "mtg-import-" + hashlib.sha256(raw).hexdigest()[:10]


class WriteUps(WriteKind[WriteUpImport]):
    name = "write-up"
    label = "Write-up imported"
    opens = "'meetings?search=' || url_encode(coalesce(m.title, ''))"

    def check(self, data: dict, file: Path | None = None) -> WriteUpImport:
        """The entry's data, as ``apply`` needs it; ``EntryDamaged`` naming what is wrong."""
        for key in ("meeting_id", "source_id", "filename", "title", "imported_at"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise EntryDamaged(f"its '{key}' is missing or not text")
        for key in ("held_on", "locality_id"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise EntryDamaged(f"its '{key}' is not text")
        if data.get("held_on"):
            try:
                dt.date.fromisoformat(data["held_on"])
            except ValueError:
                raise EntryDamaged(f"its date '{data['held_on'][:20]}' is not a date") from None
        points = data.get("key_points")
        if not isinstance(points, list) or not points or not all(isinstance(p, str) and p for p in points):
            raise EntryDamaged("its key points are missing or not a list of text")
        mentions = data.get("mentions", [])  # entries written before mentions were kept have none
        fields = ("kind", "text", "value", "context")
        if not isinstance(mentions, list) or not all(
                isinstance(m, dict) and all(isinstance(m.get(k), str) for k in fields) for m in mentions):
            raise EntryDamaged("its mentions are not a list of kind, text, value and context")
        return WriteUpImport(data["meeting_id"], data["source_id"], data["filename"], data["title"],
                             data.get("held_on"), data.get("locality_id"), tuple(points), data["imported_at"],
                             tuple(FoundMention(*(m[k] for k in fields)) for m in mentions))

    def summary(self, report: WriteUpReport) -> str:
        return f"Imported the write-up '{report.title}' ({len(report.key_points)} key points)"

    def apply(self, connection: duckdb.DuckDBPyConnection, payload: WriteUpImport,
              entry: Entry | NewEntry | None = None) -> bool:
        """Insert one write-up (a live import or a build's replay); a place that no longer exists is
        dropped."""
        insert(connection, payload)
        return True

    def replay(self, connection: duckdb.DuckDBPyConnection, payload: WriteUpImport, entry: Entry,
               replay: Replay) -> None:
        insert(connection, payload)
        replay.imports += 1


KIND = WriteUps()


def entry_for(prepared: PreparedWriteUp, by: Person) -> NewEntry:
    return KIND.entry(prepared.payload, KIND.summary(prepared.report), by,
                      subject=prepared.payload.meeting_id)


def write(connection: duckdb.DuckDBPyConnection, prepared: PreparedWriteUp) -> None:
    """Inside the lock: the meeting, its key points and their suggestions, or nothing if already there."""
    ids = [prepared.payload.meeting_id, prepared.earlier_id]
    already = connection.execute("SELECT title FROM meetings WHERE list_contains(?, meeting_id) LIMIT 1",
                                 [ids]).fetchone()
    if already:
        prepared.report.already_imported = True
        prepared.report.title = already[0]  # as it is stored now, corrected or not
        raise NothingToWrite
    insert(connection, prepared.payload)
    insert_suggestions(connection, prepared.suggestions)


def insert(connection: duckdb.DuckDBPyConnection, record: WriteUpImport) -> None:
    """Insert one write-up (a live import, a build's replay, round 1's records); a place that no longer
    exists is dropped."""
    locality_id = record.locality_id
    if locality_id and not connection.execute(
        "SELECT count(*) FROM localities WHERE locality_id = ?", [locality_id]
    ).fetchone()[0]:
        locality_id = None
    connection.execute(
        "INSERT INTO sources (source_id, title, document, locator, notes) VALUES (?, ?, ?, 'whole file', ?) "
        "ON CONFLICT DO NOTHING",
        [record.source_id, record.title, record.filename, f"Imported {record.imported_at}"],
    )
    connection.execute(
        "INSERT INTO meetings (meeting_id, title, kind, held_on, locality_id, source_id) "
        "VALUES (?, ?, 'imported write-up', ?, ?, ?) ON CONFLICT DO NOTHING",
        [record.meeting_id, record.title, record.held_on, locality_id, record.source_id],
    )
    points = len(record.key_points)
    rows = pd.DataFrame({
        "insight_id": [f"{record.meeting_id}-{n:02d}" for n in range(1, points + 1)],
        "meeting_id": record.meeting_id,
        "position": range(1, points + 1),
        "text": list(record.key_points),
    })
    connection.register("incoming_key_points", rows)
    try:
        connection.execute(
            "INSERT INTO insights (insight_id, meeting_id, position, kind, text) "
            "SELECT insight_id, meeting_id, position, 'key point', text FROM incoming_key_points "
            "ON CONFLICT DO NOTHING")
    finally:
        connection.unregister("incoming_key_points")
    mentioned = [[record.meeting_id, n, m.kind, m.text, m.value, m.context]
                 for n, m in enumerate(record.mentions, start=1)]
    if mentioned:  # DuckDB refuses an executemany of nothing
        connection.executemany("INSERT INTO mentions (meeting_id, position, kind, text, value, context) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                               mentioned)
