"""A reviewer's theme decision as a write (kind ``decision``): journalled, and replayed by every build
after the rules have coded the key points afresh, so a person's say is never overwritten by a machine.

What a decision is, how one is checked and how it is applied to the codes is ``dash.themes.decisions``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dash.queries import writes as reads
from dash.store import journal
from dash.store.journal import Entry, NewEntry
from dash.themes.decisions import Decision, DecisionError, apply_decisions, checked
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
