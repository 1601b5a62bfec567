"""What the terminal is given: the write service's answer, and stored text made safe to print."""

from __future__ import annotations

import json
import sys

from dash.ingest.text import clean
from dash.safe import one_line as flattened
from dash.write.records import RecordRefused
from dash.write.service import Outcome


def show(outcome: Outcome, *, json_report: dict | None = None) -> int:
    """Print what the write service said: the sentence, then its details; 0 when done, else 2."""
    if json_report is not None:
        print(json.dumps({"done": outcome.ok, "message": outcome.message, **json_report}, indent=2))
        return 0 if outcome.ok else 2
    stream = sys.stdout if outcome.ok else sys.stderr
    print(safe_text(outcome.message), file=stream)
    for line in outcome.details:
        print(safe_text(line), file=stream)
    if isinstance(outcome.report, RecordRefused):  # its columns, as they are typed on the command line
        for problem in outcome.report.problems:
            if problem.column:
                print(safe_text(f"  {problem}"), file=stream)
    return 0 if outcome.ok else 2


def refuse(sentence: str) -> int:
    """A refusal the command makes itself, before any write: the sentence on stderr, status 2."""
    print(safe_text(sentence), file=sys.stderr)
    return 2


def one_line(text: str) -> str:
    """Stored text in a line of a listing (``history``, ``imports``, ``users``), on one printable line:
    a name with a line break in it (signed before names were kept to one line, or a journal edited by
    hand) cannot print a line of its own."""
    return flattened(text)


def safe_text(text: str) -> str:
    """What the terminal is given: stored text without control sequences that could move the cursor,
    change colours or rewrite what was printed before."""
    return clean(text)  # ESC and every other control character but tab and line breaks
