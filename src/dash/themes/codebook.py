"""The theme codebook in ``data/themes/codebook.csv``: one row per theme, editable in a spreadsheet.

Phrase lists are separated by semicolons. The codebook's version is a hash of the
file, so any edit re-codes the machine suggestions on the next build, while the
decisions people made are kept in their own log and re-applied.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from dash.errors import UserError
from dash.files import read_bounded
from dash.paths import DATA_DIR

CODEBOOK = DATA_DIR / "themes" / "codebook.csv"
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
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    version: str
    themes: tuple[Theme, ...]

    def by_id(self) -> dict[str, Theme]:
        return {theme.theme_id: theme for theme in self.themes}


CODEBOOK_BYTES = 5_000_000  # a codebook of 200 themes with long definitions is under 200 KB
MAX_PHRASE_WORDS = 12  # the tagger's scan looks back this far (dash.themes.tagger)


class CodebookError(UserError):
    """The codebook file cannot be used; the message names the row."""


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def load_codebook(path: Path = CODEBOOK) -> Codebook:
    """The codebook at ``path``, or ``UserError`` naming what makes it unusable (the file, a column,
    a row). Read only if it is an ordinary file of at most CODEBOOK_BYTES."""
    raw = read_bounded(path, CODEBOOK_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CodebookError(f"{path.name} is not UTF-8 text: save it as 'CSV UTF-8'") from None
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
    return Codebook(version=hashlib.sha256(raw).hexdigest()[:12], themes=tuple(themes))
