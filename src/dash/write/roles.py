"""A change to who may edit: one address or domain given a role, or its role taken away.

Journalled like every other write (kind ``role``), so a rebuild keeps it; the store's ``roles``
table is what the write service reads to decide who may write (``dash.write.access``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dash.store.journal import Entry, NewEntry
from dash.write.access import Person, a_role, checked_role, role_pattern
from dash.write.kind import WriteKind


@dataclass(frozen=True)
class RoleChange:
    """An address (``ann@example.org``) or a domain (``@example.org``) and its role, or None: taken away."""

    pattern: str
    role: str | None

    def as_data(self) -> dict:
        return {"pattern": self.pattern, "role": self.role}


class Roles(WriteKind[RoleChange]):
    name = "role"
    label = "Role changed"
    opens = "'people'"

    def check(self, data: dict, file: Path | None = None) -> RoleChange:
        """The entry's data, checked as a replay uses it (raises ``UserError`` naming what is wrong)."""
        role = data.get("role")
        return RoleChange(role_pattern(str(data.get("pattern", ""))),
                          None if role is None else checked_role(role))

    def summary(self, change: RoleChange) -> str:
        return (f"Made {change.pattern} {a_role(change.role)}" if change.role
                else f"Took away the role of {change.pattern}")

    def apply(self, connection: duckdb.DuckDBPyConnection, payload: RoleChange,
              entry: Entry | NewEntry) -> bool:
        """Set (or remove) the role, granted by the entry's signer at its time; False when it was
        already so, so nothing changed."""
        current = connection.execute("SELECT role FROM roles WHERE pattern = ?", [payload.pattern]).fetchone()
        if (current[0] if current else None) == payload.role:
            return False
        connection.execute("DELETE FROM roles WHERE pattern = ?", [payload.pattern])
        if payload.role:
            connection.execute("INSERT INTO roles VALUES (?, ?, ?, ?::TIMESTAMPTZ)",
                               [payload.pattern, payload.role, entry.written_by, entry.written_at])
        return True


KIND = Roles()


def entry_for(pattern: str, role: str | None, by: Person) -> NewEntry:
    """The journal entry for giving ``pattern`` a role, or (``role`` None) taking it away."""
    change = KIND.check({"pattern": pattern, "role": role})
    return KIND.entry(change, KIND.summary(change), by, subject=change.pattern)
