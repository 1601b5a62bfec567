"""The machine's theme suggestions, written: the rules' and the meaning model's codes on key points
(worked out by ``dash.themes.coding``), put into ``insight_themes``. Not a kind of write of its own:
the build codes every key point (``code_insights``, then ``recode_with_reviews`` once people's
decisions are replayed), a write-up imported gets its key points' suggestions (``insert_suggestions``)
and a key point added or reworded gets them again (``suggest_for``). A code a person decided is never
replaced here.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dash.queries import themes
from dash.themes.codebook import Codebook
from dash.themes.coding import references, suggestion_rows

SUGGESTION_COLUMNS = ("insight_id", "theme_id", "status", "method", "evidence")


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


def recode_with_reviews(connection: duckdb.DuckDBPyConnection, codebook: Codebook) -> int:
    """After a rebuild has replayed people's decisions: suggest again what nobody has decided, now
    compared with the codes people accepted and rejected too. Return how many suggestions were made."""
    connection.execute("DELETE FROM insight_themes WHERE status = 'suggested' AND method <> 'person'")
    return suggest_for(connection, codebook)


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
    rows = suggestion_rows(themes.insight_texts(connection, insight_ids).items(), codebook,
                           references(connection, codebook))
    insert_suggestions(connection, rows)
    return len(rows)
