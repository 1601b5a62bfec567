"""Reviewers' decisions on theme codes: what a decision is, and how one is checked.

Each reviewer's say is kept apart (``theme_reviews``): one person changing their mind replaces their
own vote; two people who disagree leave the code disputed until someone settles it (a decision with
``settles``), and the settled code is what the charts count.

A decision (accept a suggestion, reject one, add a code the rules missed) is written
through the write service (``dash.write``), which journals it and applies it to the codes (a kind
of write of its own, ``dash.write.decisions``, whose SQL that is); a rebuild re-codes every
suggestion with the current codebook and then replays the decisions, so a person's
decision is never overwritten by a machine, nor lost with a rebuild. Round 1 kept the
decisions in a JSON Lines log beside the store; builds still read it (``read_decisions``),
skipping and naming any line that cannot be read, and nothing appends to it any more.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from dash.errors import UserError
from dash.files import NotReadable, read_bounded
from dash.ingest import limits
from dash.safe import visible

ACTIONS = ("accept", "reject", "add")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")


@dataclass(frozen=True)
class Decision:
    insight_id: str
    theme_id: str
    action: str
    decided_by: str
    decided_at: str  # ISO timestamp, UTC
    settles: bool = False  # ends a disagreement between reviewers, whatever their votes

    @classmethod
    def now(cls, insight_id: str, theme_id: str, action: str, decided_by: str,
            settles: bool = False) -> Decision:
        stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
        return cls(insight_id, theme_id, action, decided_by.strip(), stamp, settles)

    def as_data(self) -> dict:
        """The decision as its journal entry (and round 1's log) holds it."""
        return asdict(self)


class DecisionError(UserError):
    """The decision names something the store does not have, or is incomplete."""


def checked(data: object) -> Decision:
    """A decision from stored or typed data; ``DecisionError`` saying what is wrong with it."""
    if not isinstance(data, dict):
        raise DecisionError("a decision is a set of named fields")
    fields = {}
    for key in ("insight_id", "theme_id", "action", "decided_by", "decided_at"):
        value = data.get(key)
        if not isinstance(value, str):
            raise DecisionError(f"its '{key}' is missing or not text")
        fields[key] = value.strip()
    if fields["action"] not in ACTIONS:
        raise DecisionError(f"'{fields['action'][:40]}' is not a decision: use accept, reject or add")
    for key in ("insight_id", "theme_id"):
        if not _ID.match(fields[key]):
            raise DecisionError(f"'{visible(fields[key], 40)}' is not an id of a key point or theme")
    if not fields["decided_by"]:
        raise DecisionError("say who is deciding: a name or initials")
    if len(fields["decided_by"]) > limits.NAME_CHARS:
        raise DecisionError(f"a reviewer's name is at most {limits.NAME_CHARS} characters")
    try:
        when = dt.datetime.fromisoformat(fields["decided_at"])
    except ValueError:
        raise DecisionError(f"'{fields['decided_at'][:40]}' is not a date and time") from None
    if when.tzinfo is not None:  # stored as UTC without a zone, as ``Decision.now`` makes them
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    if not 1990 <= when.year <= 2200:
        raise DecisionError(f"'{fields['decided_at'][:40]}' is not a plausible date")
    fields["decided_at"] = when.isoformat(timespec="seconds")
    settles = data.get("settles", False)  # absent from decisions made before reviewers were kept apart
    if not isinstance(settles, bool):
        raise DecisionError("its 'settles' is not true or false")
    return Decision(**fields, settles=settles)


@dataclass(frozen=True)
class UnreadableLine:
    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}, line {self.line}: {self.reason}"


LEGACY_LOG_BYTES = 500_000_000  # round 1's log: a line of about 200 bytes per decision


def legacy_log_path(store: Path) -> Path:
    """Round 1's log: ``data/dash.duckdb`` kept its decisions in ``data/dash.decisions.jsonl``."""
    return store.with_name(f"{store.stem}.decisions.jsonl")


def read_decisions(path: Path) -> tuple[list[Decision], list[UnreadableLine]]:
    """Every decision in a JSON Lines log, in order, and each line that could not be read (line 0:
    the log itself, when it is not an ordinary file of at most LEGACY_LOG_BYTES)."""
    if not path.exists() and not path.is_symlink():
        return [], []
    try:
        raw = read_bounded(path, LEGACY_LOG_BYTES, within=path.parent)
    except NotReadable as error:
        return [], [UnreadableLine(path, 0, error.reason)]
    decisions, unreadable = [], []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            decisions.append(checked(json.loads(line.decode("utf-8"))))
        except UnicodeDecodeError:
            unreadable.append(UnreadableLine(path, number, "it is not UTF-8 text"))
        except RecursionError:
            unreadable.append(UnreadableLine(path, number, "it is nested too deeply"))
        except ValueError as error:  # malformed JSON, or a DecisionError
            reason = str(error) if isinstance(error, DecisionError) else "it is not whole JSON (cut short?)"
            unreadable.append(UnreadableLine(path, number, reason))
    return decisions, unreadable
