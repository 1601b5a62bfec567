"""A change to who may edit: one address or domain given a role, or its role taken away.

Journalled like every other write (kind ``role``), so a rebuild keeps it; the store's ``roles``
table is what the write service reads to decide who may write (``dash.write.access``).
"""

from __future__ import annotations

import duckdb

from dash.store.journal import NewEntry
from dash.write.access import Person, a_role, checked_role, role_pattern

KIND = "role"


def entry_for(pattern: str, role: str | None, by: Person) -> NewEntry:
    """The journal entry for giving ``pattern`` a role, or (``role`` None) taking it away."""
    data = check_record({"pattern": pattern, "role": role})
    summary = (f"Made {data['pattern']} {a_role(data['role'])}"
               if data["role"] else f"Took away the role of {data['pattern']}")
    return NewEntry(KIND, summary=summary, data=data, subject=data["pattern"], **by.signature())


def check_record(data: dict) -> dict:
    """The entry's data, checked as a replay uses it (raises ``UserError`` naming what is wrong)."""
    role = data.get("role")
    return {"pattern": role_pattern(str(data.get("pattern", ""))),
            "role": None if role is None else checked_role(role)}


def apply(connection: duckdb.DuckDBPyConnection, data: dict, granted_by: str, granted_at: str) -> bool:
    """Set (or remove) the role; False when it was already so, so nothing changed."""
    current = connection.execute("SELECT role FROM roles WHERE pattern = ?", [data["pattern"]]).fetchone()
    if (current[0] if current else None) == data["role"]:
        return False
    connection.execute("DELETE FROM roles WHERE pattern = ?", [data["pattern"]])
    if data["role"]:
        connection.execute("INSERT INTO roles VALUES (?, ?, ?, ?::TIMESTAMPTZ)",
                           [data["pattern"], data["role"], granted_by, granted_at])
    return True

