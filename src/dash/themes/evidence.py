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


def highlight(text: str, evidence: object) -> str:
    """The key point as Markdown with the matched words in bold; its own characters never read as
    formatting (``dash.safe.markdown``)."""
    pieces, cursor = [], 0
    for start, end, _ in matched_spans(evidence):
        if start < cursor:
            continue
        pieces.append(safe.markdown(text[cursor:start]))
        pieces.append(f"**{safe.markdown(text[start:end])}**")
        cursor = end
    pieces.append(safe.markdown(text[cursor:]))
    return "".join(pieces)
