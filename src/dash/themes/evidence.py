"""Showing a reviewer why a code was suggested: the matched words, marked in the key point, or what the
key point was nearest to in meaning."""

from __future__ import annotations

import json

from dash import safe


def matched_spans(evidence: object) -> list[tuple[int, int, str]]:
    """(start, end, phrase) for each match in a suggestion's evidence JSON."""
    if not isinstance(evidence, str) or not evidence:  # a person's own code has no evidence
        return []
    items = _parsed(evidence)
    if not isinstance(items, list):  # a suggestion by meaning matched no words
        return []
    return sorted((int(i["start"]), int(i["end"]), str(i["phrase"])) for i in items)


def _parsed(evidence: object) -> object:
    if not isinstance(evidence, str) or not evidence:
        return None
    try:
        return json.loads(evidence)
    except json.JSONDecodeError:
        return None


def how_suggested(method: object, evidence: object) -> str:
    """One plain sentence on where a code came from, for the reviewer's card (stored text escaped)."""
    if not isinstance(method, str) or method == "person":
        return "Added by a reviewer"
    found = _parsed(evidence)
    if method.startswith("meaning@") and isinstance(found, dict):
        return "Suggested by meaning: " + _closest(found)
    phrases = (sorted({str(i.get("phrase")) for i in found if isinstance(i, dict)})
               if isinstance(found, list) else [])
    if phrases:
        return "Suggested by the rules, matching " + ", ".join(f"“{safe.markdown(p)}”" for p in phrases[:3])
    return "Suggested by the rules"


def _closest(found: dict) -> str:
    """What a key point was nearest to for the theme, each with its similarity (1 is the same words),
    and the vote (or, in older evidence, the average) the threshold applies to."""
    neighbours = found.get("neighbours")
    if "vote" in found and isinstance(neighbours, list) and all(isinstance(n, dict) for n in neighbours):
        named = [f"{safe.markdown(str(n.get('label', '')))} ({float(n.get('similarity', 0)):.2f})"
                 for n in neighbours]
        share = f"{float(found.get('vote', 0)):.0%}"
        voters = int(found.get("voters", 0) or 0) or "nearest"
        said = f"this theme has {share} of the vote of the {voters} coded sentences nearest to it"
        return said + ("; nearest with it: " + " and ".join(named) if named else "")
    if isinstance(neighbours, list) and neighbours and all(isinstance(n, dict) for n in neighbours):
        named = [f"{safe.markdown(str(n.get('label', '')))} ({float(n.get('similarity', 0)):.2f})"
                 for n in neighbours]
        said = "closest to " + " and ".join(named)
        return f"{said}; {float(found.get('similarity', 0)):.2f} on average" if len(named) > 1 else said
    nearest = safe.markdown(str(found.get("nearest", "the theme's definition")))
    return f"closest to {nearest} ({float(found.get('similarity', 0)):.2f})"


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
