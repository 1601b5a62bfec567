"""Coding the store's key points: fill ``themes`` and the machine's suggestions.

The rules go first, for the words they can show; a key point they leave uncoded gets its nearest theme
by meaning (``dash.themes.semantic``) when one is near enough, and otherwise stays visibly uncoded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import duckdb
import pandas as pd

from dash.themes.codebook import Codebook
from dash.themes.semantic import METHOD as MEANING
from dash.themes.semantic import suggest_by_meaning
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


def example_texts(connection: duckdb.DuckDBPyConnection, codebook: Codebook) -> dict[str, str]:
    """The codebook's example key points, by id, as the store holds them."""
    examples = sorted({example for theme in codebook.themes for example in theme.examples})
    if not examples:
        return {}
    return dict(connection.execute(
        "SELECT insight_id, text FROM insights WHERE list_contains($ids, insight_id)", {"ids": examples}
    ).fetchall())


def suggestion_rows(
    key_points: Iterable[tuple[str, str]], codebook: Codebook, examples: Mapping[str, str]
) -> list[list[str]]:
    """Suggestions for (insight id, text) pairs, as ``insight_themes`` rows: the rules' first, then
    the nearest theme by meaning for the key points the rules found nothing in."""
    rows, uncoded = [], []
    for insight_id, text in key_points:
        found = suggest(text, codebook)
        rows.extend([insight_id, s.theme_id, "suggested", f"rules@{codebook.version}", s.evidence()]
                    for s in found)
        if not found:
            uncoded.append((insight_id, text))
    for insight_id, meant in suggest_by_meaning(uncoded, codebook, examples).items():
        rows.append([insight_id, meant.theme_id, "suggested", MEANING, meant.evidence()])
    return rows


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
    """Add suggestions for the given key points (all when None); return how many."""
    rows = suggestion_rows(connection.execute(
        "SELECT insight_id, text FROM insights WHERE $ids IS NULL OR list_contains($ids, insight_id)",
        {"ids": insight_ids},
    ).fetchall(), codebook, example_texts(connection, codebook))
    insert_suggestions(connection, rows)
    return len(rows)
