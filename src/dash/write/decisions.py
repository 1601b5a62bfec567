"""A reviewer's theme decision as a write (kind ``decision``): journalled, and replayed by every build
after the rules have coded the key points afresh, so a person's say is never overwritten by a machine.

What a decision is and how one is checked is ``dash.themes.decisions``; what it does to the codes
(``apply_decisions``: each reviewer's vote kept apart, the code's status worked out from them) is here.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dash.queries import writes as reads
from dash.store import journal
from dash.store.journal import Entry, NewEntry
from dash.themes.decisions import Decision, DecisionError, checked
from dash.write.kind import Replay, WriteKind

_DONE = {"accept": "Accepted", "reject": "Rejected", "add": "Added"}


class Decisions(WriteKind[Decision]):
    name = "decision"
    label = "Theme reviewed"
    opens = "'themes?theme=' || url_encode(split_part(w.subject, '|', 1))"
    after_coding = True  # the rules code every key point first; what people decided is laid over them

    def check(self, data: dict, file: Path | None = None) -> Decision:
        return checked(data)

    def summary(self, cursor: duckdb.DuckDBPyConnection, decision: Decision) -> str:
        """"Settled (accepted) the theme 'Time and money' on the key point “Trust takes time…”"."""
        done = _DONE[decision.action]
        verb = f"Settled ({done.lower()})" if decision.settles else done
        return f"{verb} the theme {decided_on(cursor, decision.theme_id, decision.insight_id)}"

    def apply(self, connection: duckdb.DuckDBPyConnection, payload: Decision, entry: Entry | NewEntry) -> int:
        return apply_decisions(connection, [payload])

    def change(self, connection: duckdb.DuckDBPyConnection, payload: Decision, entry: NewEntry) -> int:
        if self.apply(connection, payload, entry) != 1:
            raise DecisionError("That key point or theme is no longer in the store: reload the page "
                                "to see the key points and themes there are.")
        return 1

    def replay(self, connection: duckdb.DuckDBPyConnection, payload: Decision, entry: Entry,
               replay: Replay) -> None:
        replay.decisions += self.apply(connection, payload, entry)


KIND = Decisions()


def said(decision: Decision) -> str:
    """The decision in the words of its sentence: "accepted", "rejected", "added"."""
    return _DONE[decision.action].lower()


def decided_on(cursor: duckdb.DuckDBPyConnection, theme_id: str, insight_id: str) -> str:
    """"'Time and money' on the key point “Trust takes time…”": a decision in words, the theme by
    its name and the key point by its first words."""
    theme, text = reads.theme_and_point(cursor, theme_id, insight_id)
    words = f"'{theme or theme_id}'"
    if text:  # its first words tell it from the others; the Themes link opens it with its meeting
        words_of = " ".join(str(text).split())
        short = words_of if len(words_of) <= 45 else words_of[:42].rstrip() + "…"
        words += f" on the key point “{short}”"
    return words


def made_on(store: Path, meeting_id: str) -> list[Decision]:
    """Theme decisions people made on a write-up's key points, from the journal: a write-up removed
    and imported again gets them back at once, as a rebuild would give them."""
    entries, _ = journal.read_entries(store)
    return [checked(entry.data) for entry in entries
            if entry.kind == KIND.name and str(entry.data.get("insight_id", "")).startswith(f"{meeting_id}-")]


def apply_decisions(connection: duckdb.DuckDBPyConnection, decisions: list[Decision]) -> int:
    """Apply decisions in order (a reviewer's latest say replaces their earlier one); return how many
    applied. Decisions on a key point or theme the store no longer has are skipped."""
    applied = 0
    for decision in decisions:
        exists = connection.execute(
            "SELECT (SELECT count(*) FROM insights WHERE insight_id = $i) > 0"
            " AND (SELECT count(*) FROM themes WHERE theme_id = $t) > 0",
            {"i": decision.insight_id, "t": decision.theme_id},
        ).fetchone()[0]
        if not exists:
            continue
        connection.execute("""
            INSERT INTO theme_reviews
                (insight_id, theme_id, reviewer, settles, says_yes, decided_at, sequence)
            VALUES ($i, $t, $by, $settles, $yes, $at::TIMESTAMP,
                    (SELECT coalesce(max(sequence), 0) + 1 FROM theme_reviews))
            ON CONFLICT (insight_id, theme_id, reviewer, settles) DO UPDATE
            SET says_yes = excluded.says_yes, decided_at = excluded.decided_at, sequence = excluded.sequence
        """, {"i": decision.insight_id, "t": decision.theme_id, "by": decision.decided_by,
              "settles": decision.settles, "yes": decision.action != "reject", "at": decision.decided_at})
        status, by, at = _settled(connection, decision.insight_id, decision.theme_id)
        connection.execute("""
            INSERT INTO insight_themes (insight_id, theme_id, status, method, decided_by, decided_at)
            VALUES ($i, $t, $status, 'person', $by, $at)
            ON CONFLICT (insight_id, theme_id) DO UPDATE
            SET status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at
        """, {"i": decision.insight_id, "t": decision.theme_id, "status": status, "by": by, "at": at})
        applied += 1
    return applied


def _settled(
    connection: duckdb.DuckDBPyConnection, insight_id: str, theme_id: str
) -> tuple[str, str, object]:
    """(status, decided by, when) of a code from its reviews: the latest settling decision if any;
    else the reviewers' shared view; else 'disputed', naming who said what."""
    reviews = connection.execute("""
        SELECT reviewer, settles, says_yes, decided_at FROM theme_reviews
        WHERE insight_id = ? AND theme_id = ? ORDER BY sequence
    """, [insight_id, theme_id]).fetchall()
    settling = [r for r in reviews if r[1]]
    if settling:
        reviewer, _, yes, at = settling[-1]
        return ("accepted" if yes else "rejected"), reviewer, at
    views = {r[2] for r in reviews}
    reviewer, _, yes, at = reviews[-1]
    if len(views) == 1:
        return ("accepted" if yes else "rejected"), reviewer, at
    said = "; ".join(f"{r[0]} {'accepted' if r[2] else 'rejected'}" for r in reviews)
    return "disputed", said, at
