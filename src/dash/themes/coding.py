"""Coding the store's key points: fill ``themes`` and the machine's suggestions."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from dash.themes.codebook import Codebook
from dash.themes.tagger import suggest


def code_insights(connection: duckdb.DuckDBPyConnection, codebook: Codebook) -> int:
    """Replace the codebook and every machine suggestion; return how many suggestions were made.

    Rows a person decided are left alone here: the decisions log is replayed after.
    """
    connection.execute("DELETE FROM insight_themes WHERE method <> 'person'")
    connection.execute("DELETE FROM themes")
    connection.executemany(
        "INSERT INTO themes (theme_id, name, definition, codebook_version) VALUES (?, ?, ?, ?)",
        [[t.theme_id, t.name, t.definition, codebook.version] for t in codebook.themes],
    )
    return suggest_for(connection, codebook)


SUGGESTION_COLUMNS = ("insight_id", "theme_id", "status", "method", "evidence")


def suggestion_rows(key_points: Iterable[tuple[str, str]], codebook: Codebook) -> list[list[str]]:
    """The rules' suggestions for (insight id, text) pairs, as ``insight_themes`` rows."""
    return [[insight_id, suggestion.theme_id, "suggested", f"rules@{codebook.version}", suggestion.evidence()]
            for insight_id, text in key_points for suggestion in suggest(text, codebook)]


def insert_suggestions(connection: duckdb.DuckDBPyConnection, rows: list[list[str]]) -> None:
    """Add suggestion rows in bulk (DuckDB takes a statement per row at a few thousand rows a second);
    a code already there, a person's included, is left as it is."""
    if not rows:
        return
    connection.register("new_suggestions", pd.DataFrame(rows, columns=list(SUGGESTION_COLUMNS)))
    try:
        connection.execute(f"INSERT INTO insight_themes ({', '.join(SUGGESTION_COLUMNS)}) "
                           "SELECT * FROM new_suggestions ON CONFLICT DO NOTHING")
    finally:
        connection.unregister("new_suggestions")


def suggest_for(
    connection: duckdb.DuckDBPyConnection, codebook: Codebook, insight_ids: list[str] | None = None
) -> int:
    """Add the rules' suggestions for the given key points (all when None); return how many."""
    rows = suggestion_rows(connection.execute(
        "SELECT insight_id, text FROM insights WHERE $ids IS NULL OR list_contains($ids, insight_id)",
        {"ids": insight_ids},
    ).fetchall(), codebook)
    insert_suggestions(connection, rows)
    return len(rows)
