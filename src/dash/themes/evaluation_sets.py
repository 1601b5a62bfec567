"""Hand-coded write-ups kept for measuring the theme suggestions (``tests/themes/dev_set`` and
``tests/themes/held_out_set``): each folder holds the write-ups as files and a ``gold.json`` naming,
per file, its key points by their first words and the themes a person gave each.

The key points are cut from the file here by those first words, not by the importer, so the measure
is of the suggestions alone: a change to how write-ups are read cannot move it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from dash.errors import UserError


@dataclass(frozen=True)
class GoldKeyPoint:
    text: str
    themes: frozenset[str]


@dataclass(frozen=True)
class GoldWriteUp:
    name: str  # the file's name, which also names the write-up in a report
    key_points: tuple[GoldKeyPoint, ...]


class EvaluationSetError(UserError):
    """The folder is not a hand-coded set, or its gold names words its files do not hold."""


_BLOCKS = {"p", "li", "ul", "ol", "div", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section",
           "article", "header", "footer", "aside", "nav", "main", "blockquote", "title", "dd", "dt"}
_UNSEEN = {"script", "style", "head"}


class _Text(HTMLParser):
    """An HTML page's visible text, a line per block (a list item is a line)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _UNSEEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNSEEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data.replace("\n", " "))


def plain_text(raw: str, name: str) -> str:
    """The file's words, a line per paragraph or list item, with spaces made single."""
    if name.lower().endswith((".html", ".htm")):
        parser = _Text()
        parser.feed(raw)
        raw = "".join(parser.pieces)
    lines = (re.sub(r"[ \t\u00a0]+", " ", html.unescape(line)).strip() for line in raw.splitlines())
    return "\n".join(lines)


# A new item: a bullet, a number ("3." or, as board papers number, "3.1") or a heading.
_NEW_ITEM = re.compile(r"^(?:[-*•+]|\d{1,3}[.)]|\d{1,3}\.\d{1,2}[.)]?|#{1,6})\s")


def cut_key_point(text: str, starts: str, name: str) -> str:
    """The key point that begins with ``starts``: to the end of its list item or paragraph (a line
    wrapped inside an item is kept with it)."""
    at = text.find(starts)
    if at < 0:
        squeezed = re.sub(r"\s+", " ", starts).strip()
        at = text.find(squeezed)
        if at < 0:
            raise EvaluationSetError(f"{name}: no key point starts with '{starts[:60]}'")
    first, *rest = text[at:].split("\n")
    lines = [first]
    for line in rest:
        if not line or _NEW_ITEM.match(line):
            break
        lines.append(line)
    return " ".join(lines).strip()


def load_set(folder: Path) -> list[GoldWriteUp]:
    """Every write-up of a hand-coded set, its key points cut by their first words, with their gold."""
    path = folder / "gold.json"
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        entries = gold["writeups"]
    except (OSError, ValueError, KeyError, TypeError):
        raise EvaluationSetError(f"{folder} has no readable gold.json with a list of write-ups") from None
    found = []
    for entry in entries:
        name = str(entry["file"])
        text = plain_text((folder / name).read_text(encoding="utf-8"), name)
        found.append(GoldWriteUp(name, tuple(
            GoldKeyPoint(cut_key_point(text, point["starts"], name), frozenset(point["themes"]))
            for point in entry["key_points"])))
    return found
