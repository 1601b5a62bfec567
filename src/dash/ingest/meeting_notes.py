"""Importing a meeting write-up into the store, kept so that rebuilds replay it.

Each import is saved as a small JSON record in ``<store>.imports/notes/`` and
written to the store in one snapshot swap; ``build`` replays those records after
the seed, so a rebuild never loses an imported meeting. Importing the same file
again finds the same meeting id and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dash.ingest.notes import Mention, NotesError, parse_notes
from dash.queries.places import place_name_index, resolve_locality
from dash.store import StoreReader
from dash.store.snapshot import write_snapshot
from dash.themes.codebook import load_codebook
from dash.themes.coding import suggest_for


@dataclass
class ImportReport:
    meeting_id: str
    title: str
    held_on: dt.date | None
    locality_id: str | None
    key_points: list[str]
    themes_suggested: dict[int, list[str]] = field(default_factory=dict)  # position → theme names
    mentions: list[Mention] = field(default_factory=list)
    dropped_lines: int = 0
    already_imported: bool = False

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

        places = [m.value for m in self.mentions if m.kind == "place"]
        return {
            "meeting_id": self.meeting_id, "title": self.title,
            "held_on": self.held_on.isoformat() if self.held_on else None,
            "localities": ([self.locality_id] if self.locality_id else [])
            + [p for p in places if p != self.locality_id],
            "key_points": [{"text": text, "themes": self.themes_suggested.get(n, [])}
                           for n, text in enumerate(self.key_points, start=1)],
            "money": mentions("money", "amount_gbp", lambda v: float(v.replace("£", "").replace(",", "")))
            + mentions("share of money", "share", lambda v: float(v.rstrip("%")) / 100),
            "lived_experience": mentions("lived-experience share", "share",
                                         lambda v: float(v.rstrip("%")) / 100),
            "already_imported": self.already_imported,
        }


def notes_dir(store: Path) -> Path:
    return store.with_name(f"{store.stem}.imports") / "notes"


def _insert_record(connection: duckdb.DuckDBPyConnection, record: dict) -> None:
    connection.execute(
        "INSERT INTO sources (source_id, title, document, locator, notes) VALUES (?, ?, ?, 'whole file', ?)",
        [record["source_id"], record["title"], record["filename"], f"Imported {record['imported_at']}"],
    )
    connection.execute(
        "INSERT INTO meetings (meeting_id, title, kind, held_on, locality_id, source_id) "
        "VALUES ($meeting_id, $title, 'imported write-up', $held_on, $locality_id, $source_id)",
        {key: record[key] for key in ("meeting_id", "title", "held_on", "locality_id", "source_id")},
    )
    connection.executemany(
        "INSERT INTO insights (insight_id, meeting_id, position, kind, text) "
        "VALUES (?, ?, ?, 'key point', ?)",
        [[f"{record['meeting_id']}-{n:02d}", record["meeting_id"], n, text]
         for n, text in enumerate(record["key_points"], start=1)],
    )


def replay_imports(connection: duckdb.DuckDBPyConnection, store: Path) -> int:
    """Insert every saved import (oldest first) whose place still exists; return how many."""
    folder = notes_dir(store)
    replayed = 0
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        record = json.loads(path.read_text(encoding="utf-8"))
        known = connection.execute(
            "SELECT count(*) FROM localities WHERE locality_id = ?", [record["locality_id"]]
        ).fetchone()[0]
        if record["locality_id"] and not known:
            record["locality_id"] = None
        _insert_record(connection, record)
        replayed += 1
    return replayed


def import_notes(
    store: Path, raw: bytes, filename: str, *, title: str | None = None, held_on: dt.date | None = None,
    locality: str | None = None,
) -> ImportReport:
    """Parse ``raw`` and add it to the store as a meeting with its key points and theme suggestions."""
    cursor = StoreReader(store).cursor()
    locality_id = None
    if locality:
        locality_id = resolve_locality(cursor, locality)
        if locality_id is None:
            raise NotesError(f"There is no place called '{locality}': use an ONS code or a place name.")
    parsed = parse_notes(raw, title=title, held_on=held_on, place_names=place_name_index(cursor))
    digest = hashlib.sha256(raw).hexdigest()[:10]
    meeting_id = f"mtg-import-{digest}"
    report = ImportReport(meeting_id, parsed.title, parsed.held_on, locality_id, parsed.key_points,
                          mentions=parsed.mentions, dropped_lines=parsed.dropped_lines)
    if cursor.execute("SELECT count(*) FROM meetings WHERE meeting_id = ?", [meeting_id]).fetchone()[0]:
        report.already_imported = True
        return report

    record = {
        "meeting_id": meeting_id, "source_id": f"src-import-{digest}", "filename": Path(filename).name,
        "title": parsed.title, "held_on": parsed.held_on.isoformat() if parsed.held_on else None,
        "locality_id": locality_id, "key_points": parsed.key_points,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    codebook = load_codebook()
    with write_snapshot(store) as connection:
        _insert_record(connection, record)
        ids = [f"{meeting_id}-{n:02d}" for n in range(1, len(parsed.key_points) + 1)]
        suggest_for(connection, codebook, ids)
        for position, names in connection.execute("""
            SELECT i.position, list(t.name ORDER BY t.name) FROM insight_themes it
            JOIN insights i USING (insight_id) JOIN themes t USING (theme_id)
            WHERE i.meeting_id = ? GROUP BY i.position
        """, [meeting_id]).fetchall():
            report.themes_suggested[position] = names
        folder = notes_dir(store)
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / f".{meeting_id}.json.writing"
        scratch.write_text(json.dumps(record, indent=2), encoding="utf-8")
        os.replace(scratch, folder / f"{meeting_id}.json")
    return report
