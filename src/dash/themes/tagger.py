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

from dash.themes.codebook import MAX_PHRASE_WORDS, Codebook

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


def _phrase_index(codebook: Codebook) -> dict[str, list[tuple[int, str, tuple[str, ...], bool]]]:
    """Every signal and exclude phrase by its first stem: (theme's position, phrase, stems, excludes?)."""
    cached = _INDEXES.get(id(codebook))
    if cached is not None and cached[0] is codebook:
        return cached[1]
    index: dict[str, list[tuple[int, str, tuple[str, ...], bool]]] = {}
    for position, theme in enumerate(codebook.themes):
        for phrases, excludes in ((theme.signal_phrases, False), (theme.exclude_phrases, True)):
            for phrase in phrases:
                stems = _phrase_stems(phrase)
                if stems:
                    index.setdefault(stems[0], []).append((position, phrase, stems, excludes))
    _INDEXES[id(codebook)] = (codebook, index)
    return index


_INDEXES: dict[int, tuple[Codebook, dict]] = {}


def suggest(text: str, codebook: Codebook) -> list[Suggestion]:
    """The themes the codebook's phrases find in ``text``, with their evidence.

    One pass over the text's words, looking up only the phrases that start with each word's stem,
    so the time grows with the text's length, not with its length times the codebook's size.
    """
    tokens = words(text)
    stems = [token.stem for token in tokens]
    index = _phrase_index(codebook)
    found_spans: dict[int, dict[str, list[tuple[int, int]]]] = {}  # theme → phrase → word spans
    excluded: dict[int, set[int]] = {}
    for i, stem in enumerate(stems):
        for position, phrase, phrase_stems, excludes in index.get(stem, ()):
            size = len(phrase_stems)
            if tuple(stems[i:i + size]) != phrase_stems:
                continue
            if excludes:
                excluded.setdefault(position, set()).update(range(i, i + size))
            else:
                found_spans.setdefault(position, {}).setdefault(phrase, []).append((i, i + size))
    result: list[Suggestion] = []
    for position, theme in enumerate(codebook.themes):
        spans_by_phrase = found_spans.get(position)
        if not spans_by_phrase:
            continue
        blocked = excluded.get(position, set())
        matches: dict[tuple[int, int], Match] = {}
        ends_by_start: dict[int, int] = {}  # word spans kept: start → furthest end
        for phrase in theme.signal_phrases:  # in the codebook's order, as a person reads it
            for start, end in spans_by_phrase.get(phrase, ()):
                if blocked and not blocked.isdisjoint(range(start, end)):
                    continue
                if any(ends_by_start.get(s, -1) >= end for s in range(max(0, end - _LONGEST), start + 1)):
                    continue  # already inside a longer (or the same) match
                ends_by_start[start] = max(ends_by_start.get(start, -1), end)
                span = (tokens[start].start, tokens[end - 1].end)
                matches[span] = Match(phrase, text[span[0]:span[1]], *span)
        if matches:
            result.append(Suggestion(theme.theme_id, tuple(sorted(matches.values(), key=lambda m: m.start))))
    return result


_LONGEST = MAX_PHRASE_WORDS  # no phrase is longer (dash.themes.codebook checks it)


def ruled_out(text: str, codebook: Codebook) -> set[str]:
    """The themes an exclude phrase rules out for ``text`` ("ran out of time" is not "Change takes
    time"): the suggestions by meaning skip them too, so the codebook's exclusions hold whichever way
    a theme would be suggested."""
    stems = [token.stem for token in words(text)]
    index = _phrase_index(codebook)
    out = set()
    for i, stem in enumerate(stems):
        for position, _, phrase_stems, excludes in index.get(stem, ()):
            if excludes and tuple(stems[i:i + len(phrase_stems)]) == phrase_stems:
                out.add(codebook.themes[position].theme_id)
    return out
