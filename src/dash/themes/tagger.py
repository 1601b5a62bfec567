"""Transparent rule tagging: stemmed, word-boundary phrase matching with evidence.

A phrase matches when its words' stems appear as consecutive words of the key
point ("takes time" matches "change takes time" and "it took time" does not).
An exclude phrase covering the same words cancels the match, so "protected time"
does not count as "change takes time". Every suggestion keeps the words matched
and their character offsets, so a person can see why it was made.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

import snowballstemmer

from dash.themes.codebook import Codebook

_WORD = re.compile(r"[A-Za-z0-9]+")
_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Word:
    stem: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    phrase: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Suggestion:
    theme_id: str
    matches: tuple[Match, ...]

    def evidence(self) -> str:
        """JSON list of {phrase, words, start, end}: what a reviewer reads."""
        return json.dumps([
            {"phrase": m.phrase, "words": m.text, "start": m.start, "end": m.end} for m in self.matches
        ])


def words(text: str) -> list[Word]:
    return [Word(_stem(m.group().lower()), m.start(), m.end()) for m in _WORD.finditer(text)]


@cache
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


@cache
def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(_stem(m.group().lower()) for m in _WORD.finditer(phrase))


def _find(phrase: str, tokens: list[Word]) -> list[tuple[int, int]]:
    """Word-index spans where the phrase's stems occur consecutively."""
    stems = _phrase_stems(phrase)
    if not stems:
        return []
    size = len(stems)
    return [
        (i, i + size) for i in range(len(tokens) - size + 1)
        if tuple(t.stem for t in tokens[i:i + size]) == stems
    ]


def suggest(text: str, codebook: Codebook) -> list[Suggestion]:
    """The themes the codebook's phrases find in ``text``, with their evidence."""
    tokens = words(text)
    found: list[Suggestion] = []
    for theme in codebook.themes:
        excluded = {
            index for phrase in theme.exclude_phrases
            for start, end in _find(phrase, tokens) for index in range(start, end)
        }
        matches: dict[tuple[int, int], Match] = {}
        for phrase in theme.signal_phrases:
            for start, end in _find(phrase, tokens):
                if excluded.intersection(range(start, end)):
                    continue
                span = (tokens[start].start, tokens[end - 1].end)
                if any(s <= span[0] and span[1] <= e for s, e in matches):
                    continue  # already inside a longer match
                matches[span] = Match(phrase, text[span[0]:span[1]], *span)
        if matches:
            found.append(Suggestion(theme.theme_id, tuple(sorted(matches.values(), key=lambda m: m.start))))
    return found
