"""Showing a reviewer why a code was suggested: the matched words, marked in the key point."""

from __future__ import annotations

import json

from dash import safe


def matched_spans(evidence: object) -> list[tuple[int, int, str]]:
    """(start, end, phrase) for each match in a suggestion's evidence JSON."""
    if not isinstance(evidence, str) or not evidence:  # a person's own code has no evidence
        return []
    try:
        items = json.loads(evidence)
    except json.JSONDecodeError:
        return []
    return sorted((int(i["start"]), int(i["end"]), str(i["phrase"])) for i in items)


_escape = safe.markdown  # the key point's own characters are never read as formatting


def highlight(text: str, evidence: object) -> str:
    """The key point as Markdown with the matched words in bold."""
    pieces, cursor = [], 0
    for start, end, _ in matched_spans(evidence):
        if start < cursor:
            continue
        pieces.append(_escape(text[cursor:start]))
        pieces.append(f"**{_escape(text[start:end])}**")
        cursor = end
    pieces.append(_escape(text[cursor:]))
    return "".join(pieces)
