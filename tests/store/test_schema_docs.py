"""docs/schema.md describes every table and column the store has."""

from __future__ import annotations

import re

from dash.paths import PROJECT_ROOT


def _documented() -> dict[str, str]:
    text = (PROJECT_ROOT / "docs" / "schema.md").read_text()
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    return {section.split("\n", 1)[0].strip(): section for section in sections}


def test_every_table_and_column_is_documented(db):
    documented = _documented()
    columns = db.execute(
        "SELECT table_name, column_name FROM information_schema.columns ORDER BY table_name"
    ).fetchall()
    missing = [
        f"{table}.{column}" for table, column in columns
        if table not in documented or not re.search(rf"\b{column}\b", documented[table])
    ]
    assert missing == []
