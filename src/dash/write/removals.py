"""Taking an import back out: a write-up's meeting, key points, codes and mentions, or a 360Giving
file's grants. Journalled (kind ``removal``) like every write, so a rebuild replays the import and
then its removal; importing the same file again brings it back, with the theme decisions people made
on it (those stay in the journal)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dash.errors import UserError
from dash.queries import writes as reads
from dash.store.journal import Entry, NewEntry
from dash.write.access import Person
from dash.write.kind import WriteKind

WHAT = ("write-up", "grants")


@dataclass(frozen=True)
class Removal:
    """Which import goes: ``what`` ("write-up": a meeting id; "grants": a 360Giving file's source id)."""

    what: str
    id: str

    def as_data(self) -> dict:
        return {"what": self.what, "id": self.id}


class Removals(WriteKind[Removal]):
    name = "removal"
    label = "Import removed"
    opens = "'activity'"

    def check(self, data: dict, file: Path | None = None) -> Removal:
        if not isinstance(data, dict) or data.get("what") not in WHAT:
            raise UserError("it does not say whether it removes a write-up or a grants file")
        if not isinstance(data.get("id"), str) or not data["id"]:
            raise UserError("it does not say which import it removes")
        return Removal(data["what"], data["id"])

    def summary(self, removal: Removal, name: str) -> str:
        noun = "write-up" if removal.what == "write-up" else "360Giving file"
        return f"Removed the imported {noun} '{name}'"

    def apply(self, connection: duckdb.DuckDBPyConnection, payload: Removal, entry: Entry | NewEntry) -> int:
        """Remove the import; how many key points or grants went (0: it was not there)."""
        import_id = payload.id
        if payload.what == "write-up":
            row = connection.execute("SELECT source_id FROM meetings WHERE meeting_id = ? "
                                     "AND kind = 'imported write-up'", [import_id]).fetchone()
            if row is None:
                return 0
            points = connection.execute("SELECT count(*) FROM insights WHERE meeting_id = ?",
                                        [import_id]).fetchone()[0]
            for codes in ("insight_themes", "theme_reviews"):
                connection.execute(f"DELETE FROM {codes} WHERE insight_id IN "
                                   "(SELECT insight_id FROM insights WHERE meeting_id = ?)", [import_id])
            for table in ("mentions", "insights", "meeting_places", "speakers", "meetings"):
                connection.execute(f"DELETE FROM {table} WHERE meeting_id = ?", [import_id])
            _unless_cited(connection, row[0])
            return max(points, 1)
        grants = connection.execute("SELECT count(*) FROM grants WHERE source_id = ?",
                                    [import_id]).fetchone()[0]
        connection.execute("DELETE FROM grant_dei WHERE grant_id IN "
                           "(SELECT grant_id FROM grants WHERE source_id = ?)", [import_id])
        connection.execute("DELETE FROM grants WHERE source_id = ?", [import_id])
        _unless_cited(connection, import_id)
        return grants


KIND = Removals()


def describe(cursor: duckdb.DuckDBPyConnection, what: str, import_id: str) -> str:
    """The import's name, or ``UserError`` when there is no such import."""
    name = reads.import_name(cursor, what, import_id)
    if name is not None:
        return name
    if what == "write-up":
        raise UserError("That write-up is no longer in the store as an import (a meeting the "
                        "records began with is retired, not removed).")
    raise UserError("That 360Giving file has no grants in the store any more: it may have been removed "
                    "since.")


def entry_for(what: str, import_id: str, name: str, by: Person) -> NewEntry:
    removal = Removal(what, import_id)
    return KIND.entry(removal, KIND.summary(removal, name), by, subject=import_id)


def _unless_cited(connection: duckdb.DuckDBPyConnection, source_id: str) -> None:
    """The import's source goes too, unless a record cites it (a fund confirmed from a write-up)."""
    connection.execute("""
        DELETE FROM sources WHERE source_id = $id AND NOT EXISTS (
            SELECT 1 FROM funds WHERE source_id = $id UNION ALL SELECT 1 FROM panels WHERE source_id = $id
            UNION ALL SELECT 1 FROM meetings WHERE source_id = $id UNION ALL
            SELECT 1 FROM organisations WHERE source_id = $id UNION ALL
            SELECT 1 FROM grants WHERE source_id = $id)""", {"id": source_id})
