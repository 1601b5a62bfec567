"""The theme codebook in ``data/themes/codebook.csv``: one row per theme, editable in a spreadsheet.

Phrase lists are separated by semicolons. Beside it, ``data/themes/examples.csv`` holds sentences
written for each theme (one a row: the theme, whether the sentence fits it, the sentence), which the
suggestions by meaning compare key points with; a row with no theme is a sentence that fits none.
The codebook's version is a hash of both files, so any edit re-codes the machine suggestions on the
next build, while the decisions people made are kept in their own log and re-applied.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from dash.errors import UserError
from dash.files import read_bounded
from dash.paths import DATA_DIR

CODEBOOK = DATA_DIR / "themes" / "codebook.csv"
EXAMPLES_NAME = "examples.csv"  # beside the codebook
EXAMPLE_COLUMNS = ("theme_id", "fits", "text")
COLUMNS = ("theme_id", "name", "definition", "use_when", "not_when", "signal_phrases",
           "exclude_phrases", "examples")


@dataclass(frozen=True)
class Theme:
    theme_id: str
    name: str
    definition: str
    use_when: str
    not_when: str
    signal_phrases: tuple[str, ...]
    exclude_phrases: tuple[str, ...]
    examples: tuple[str, ...]  # ids of key points in the store that show the theme
    example_sentences: tuple[str, ...] = ()  # sentences written to show it (examples.csv)
    counter_examples: tuple[str, ...] = ()   # sentences close to it that it does not fit


@dataclass(frozen=True)
class Codebook:
    version: str
    themes: tuple[Theme, ...]
    fits_none: tuple[str, ...] = ()  # sentences that fit no theme: a meeting's housekeeping

    def by_id(self) -> dict[str, Theme]:
        return {theme.theme_id: theme for theme in self.themes}


CODEBOOK_BYTES = 5_000_000  # a codebook of 200 themes with long definitions is under 200 KB
MAX_PHRASE_WORDS = 12  # the tagger's scan looks back this far (dash.themes.tagger)


class CodebookError(UserError):
    """The codebook file cannot be used; the message names the row."""


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _text(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CodebookError(f"{path.name} is not UTF-8 text: save it as 'CSV UTF-8'") from None


def _example_sentences(path: Path, text: str, theme_ids: set[str]
                       ) -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    """(fitting sentences by theme, counter-examples by theme, sentences fitting no theme)."""
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in EXAMPLE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CodebookError(f"{path.name} is missing column(s): {', '.join(missing)}")
    fitting: dict[str, list[str]] = {}
    counter: dict[str, list[str]] = {}
    none: list[str] = []
    for number, row in enumerate(reader, start=2):
        where = f"{path.name}, row {number}"
        if row.get(None):
            raise CodebookError(f"{where}: more cells than columns; put sentences with commas in quotes")
        theme_id, fits, sentence = ((row.get(c) or "").strip() for c in EXAMPLE_COLUMNS)
        if fits.lower() not in ("yes", "no"):
            raise CodebookError(f"{where}: say 'yes' or 'no' for whether the sentence fits the theme")
        if not sentence:
            raise CodebookError(f"{where}: the sentence is empty")
        if theme_id and theme_id not in theme_ids:
            raise CodebookError(f"{where}: the codebook has no theme '{theme_id[:60]}'")
        if not theme_id:
            if fits.lower() == "yes":
                raise CodebookError(f"{where}: a sentence that fits a theme needs the theme's id")
            none.append(sentence)
        else:
            (fitting if fits.lower() == "yes" else counter).setdefault(theme_id, []).append(sentence)
    return fitting, counter, none


def load_codebook(path: Path = CODEBOOK) -> Codebook:
    """The codebook at ``path`` (with its example sentences beside it), or ``UserError`` naming what
    makes it unusable (the file, a column, a row). Each is read only if it is an ordinary file of at
    most CODEBOOK_BYTES."""
    raw = read_bounded(path, CODEBOOK_BYTES)
    text = _text(path, raw)
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CodebookError(f"{path.name} is missing column(s): {', '.join(missing)}")
    themes, seen = [], set()
    for number, row in enumerate(reader, start=2):
        where = f"{path.name}, row {number}"
        if row.get(None):
            raise CodebookError(f"{where}: more cells than columns; put values with commas in quotes")
        cell = {key: (value or "").strip() for key, value in row.items() if key}
        if not cell["theme_id"] or not cell["name"]:
            raise CodebookError(f"{where}: theme_id and name are required")
        if cell["theme_id"] in seen:
            raise CodebookError(f"{where}: theme_id '{cell['theme_id']}' is used twice")
        if not _split(cell["signal_phrases"]):
            raise CodebookError(f"{where}: give at least one signal phrase")
        for phrase in _split(cell["signal_phrases"]) + _split(cell["exclude_phrases"]):
            if len(phrase.split()) > MAX_PHRASE_WORDS:
                raise CodebookError(f"{where}: the phrase '{phrase[:60]}' is longer than "
                                    f"{MAX_PHRASE_WORDS} words: use its telling part")
        seen.add(cell["theme_id"])
        themes.append(Theme(
            theme_id=cell["theme_id"], name=cell["name"], definition=cell["definition"],
            use_when=cell["use_when"], not_when=cell["not_when"],
            signal_phrases=_split(cell["signal_phrases"]), exclude_phrases=_split(cell["exclude_phrases"]),
            examples=_split(cell["examples"]),
        ))
    examples_path = path.with_name(EXAMPLES_NAME)
    digest = hashlib.sha256(raw)
    if not examples_path.exists():
        return Codebook(version=digest.hexdigest()[:12], themes=tuple(themes))
    more = read_bounded(examples_path, CODEBOOK_BYTES)
    digest.update(more)
    fitting, counter, none = _example_sentences(examples_path, _text(examples_path, more), seen)
    themes = [replace(theme, example_sentences=tuple(fitting.get(theme.theme_id, ())),
                      counter_examples=tuple(counter.get(theme.theme_id, ()))) for theme in themes]
    return Codebook(version=digest.hexdigest()[:12], themes=tuple(themes), fits_none=tuple(none))
