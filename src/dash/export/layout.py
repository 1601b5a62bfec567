"""Sizing text boxes to their words, for slides and pages that must never overlap.

Neither PowerPoint nor LibreOffice reports how tall wrapped text will be before it is drawn, and
their autofit differs (one shrinks the type, the other grows the box over what lies below). So the
deck sets a box's height itself: the words wrapped greedily by their widths in the deck's font
(Arial, which LibreOffice draws with the metric-compatible Liberation Sans), rounded up, one line
of 1.2 ems each. The deck's tests render it with LibreOffice and check every line fell in its box.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

FONT = "Arial"
_LINE = 1.2  # from one line to the next, in ems; the first line takes 1.3 (LibreOffice, PowerPoint)
_SLACK = 1.06  # widths rounded up: a line estimated full is never one word too long
# Arial's advance widths in ems, by the shapes of letters (its metrics, grouped and rounded up).
_NARROW, _WIDE, _WIDEST = set(" ijl.,:;|!'`Iftr()[]-/\\\""), set("mwMW@%"), set("MW")


def _em(character: str) -> float:
    if character in _WIDEST:
        return 0.95
    if character in _WIDE:
        return 0.84
    if character in _NARROW:
        return 0.34
    if unicodedata.east_asian_width(character) in ("W", "F"):
        return 1.0
    if character.isupper():
        return 0.73
    return 0.57


@dataclass(frozen=True)
class Box:
    """A rectangle on a slide, in inches (or points) from its top left."""

    left: float
    top: float
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.left + other.width and other.left < self.left + self.width
                and self.top < other.top + other.height and other.top < self.top + self.height)


def _width(text: str, bold: bool) -> float:
    return sum(_em(c) for c in text) * _SLACK * (1.07 if bold else 1.0)


def lines_of(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """``text`` (paragraphs split at newlines) wrapped as it will be at ``size`` points in a box
    ``width`` inches wide: greedily by words, a word wider than the box broken where it fills."""
    room = width * 72 / size  # the box's width in ems
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if _width(candidate, bold) <= room:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for character in word:  # a word longer than a line is broken where it fills one
                if line and _width(line + character, bold) > room:
                    lines.append(line)
                    line = ""
                line += character
        lines.append(line)
    return lines


def text_height(text: str, size: float, width: float, bold: bool = False) -> float:
    """Inches of height ``text`` needs at ``size`` points in a box ``width`` inches wide."""
    lines = len(lines_of(text, size, width, bold))
    return (lines * _LINE + 0.15) * size / 72 + 0.05
