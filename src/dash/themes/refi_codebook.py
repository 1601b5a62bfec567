"""A REFI-QDA codebook (.qdc) from QualCoder, NVivo, MAXQDA or ATLAS.ti, merged into ours.

Each codable code becomes a theme: its name, its description as the definition, and its name as the
one signal phrase to start from (the meaning model also compares key points with the definition, so
a new theme gets suggestions at once). A theme already in the codebook under the same name is left as
it is, phrases and all. ``pyrefiqda``'s codebook model (generated from the standard's schema) reads
the file; a file with a DTD is refused before parsing, as a REFI-QDA file never has one and entity
tricks (the "billion laughs") live there.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from pyrefiqda.models import CodeBook

from dash import safe
from dash.errors import UserError
from dash.files import read_bounded
from dash.themes.codebook import CODEBOOK_BYTES, COLUMNS, MAX_PHRASE_WORDS, load_codebook

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
MAX_BYTES = 2_000_000
MAX_CODES = 200


class CodebookFileError(UserError):
    """The file is not a REFI-QDA codebook this dashboard can use; the message says why."""


@dataclass(frozen=True)
class ImportedCode:
    name: str
    description: str
    within: str  # the names of the codes it sits under, "Parent › Child", or ""


def read_qdc(raw: bytes, filename: str) -> list[ImportedCode]:
    """The file's codable codes, in its order; ``CodebookFileError`` in one sentence otherwise."""
    from xsdata.exceptions import ConverterWarning, ParserError
    from xsdata_pydantic.bindings import XmlParser

    name = safe.document_text(filename)[:80] or "The file"
    if not raw.strip():
        raise CodebookFileError(f"{name} is empty: export the codebook again from your QDA program.")
    if len(raw) > MAX_BYTES:
        raise CodebookFileError(f"{name} is larger than {MAX_BYTES // 1_000_000} MB, far more than a "
                                "codebook needs: is it a whole project (.qdpx)?")
    head = raw[:4096].lstrip()
    if raw[:2] == b"PK":
        raise CodebookFileError(f"{name} is a zip archive (a .qdpx project?): export the codebook alone, "
                                "as a .qdc file.")
    if re.search(rb"<!(DOCTYPE|ENTITY)", raw, re.IGNORECASE):
        raise CodebookFileError(f"{name} declares a DTD, which a REFI-QDA codebook never does: it was "
                                "not written by a QDA program.")
    if not head.startswith(b"<"):
        raise CodebookFileError(f"{name} is not XML: a REFI-QDA codebook (.qdc) is an XML file.")
    try:
        root = ElementTree.fromstring(raw)  # strictly well-formed: the schema parser forgives a cut-off file
    except ElementTree.ParseError as error:
        line = getattr(error, "position", (0, 0))[0]
        raise CodebookFileError(f"{name} is not whole XML (line {line} is broken or the file is cut short): "
                                "export the codebook again.") from None
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise CodebookFileError(f"{name} is XML but not a REFI-QDA codebook (its root is "
                                f"'{safe.document_text(root.tag)[:60]}', not CodeBook in {CODEBOOK_NS}).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConverterWarning)  # a value of the wrong type is a fault here
            book = XmlParser().from_bytes(raw, CodeBook)
    except (ParserError, ConverterWarning, ValueError, TypeError, RecursionError):
        raise CodebookFileError(f"{name} does not follow the REFI-QDA codebook schema (a code needs a guid, "
                                "a name and isCodable true or false).") from None
    codes: list[ImportedCode] = []

    def walk(items, within: tuple[str, ...]) -> None:
        for code in items:
            label = _clean(code.name)
            if code.is_codable and label:
                codes.append(ImportedCode(label, _clean(code.description or ""), " › ".join(within)))
            walk(code.code, (*within, label))

    try:
        walk(book.codes.code if book.codes else [], ())
    except RecursionError:
        raise CodebookFileError(f"{name} nests its codes too deeply to be a codebook.") from None
    if not codes:
        raise CodebookFileError(f"{name} holds no code that can be applied to text.")
    if len(codes) > MAX_CODES:
        raise CodebookFileError(f"{name} holds {len(codes):,} codes; at most {MAX_CODES} can be themes.")
    return codes


def _clean(text: str) -> str:
    """Plain one-line text that no spreadsheet reads as a formula."""
    return " ".join(safe.document_text(text).split()).lstrip("=+-@\t")[:300]


def _theme_id(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "theme"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def merged(current_csv: str, codes: list[ImportedCode], filename: str) -> tuple[str, list[str], list[str]]:
    """The codebook CSV with a row added for each code whose name it does not have yet; the names
    added, and the names it already had (left as they are)."""
    rows = list(csv.DictReader(io.StringIO(current_csv)))
    by_name = {row["name"].strip().lower() for row in rows}
    taken = {row["theme_id"] for row in rows}
    added, kept = [], []
    for code in codes:
        if code.name.lower() in by_name:
            kept.append(code.name)
            continue
        theme_id = _theme_id(code.name, taken)
        taken.add(theme_id)
        by_name.add(code.name.lower())
        phrase = " ".join(re.findall(r"[A-Za-z0-9]+", code.name)[:MAX_PHRASE_WORDS]) or code.name
        where = f" (under {code.within})" if code.within else ""
        rows.append({
            "theme_id": theme_id, "name": code.name,
            "definition": code.description or f"Imported from {safe.document_text(filename)[:80]}{where}.",
            "use_when": "", "not_when": "", "signal_phrases": phrase, "exclude_phrases": "", "examples": "",
        })
        added.append(code.name)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    return out.getvalue(), added, kept


def import_into(codebook_path: Path, raw: bytes, filename: str) -> tuple[list[str], list[str]]:
    """Merge a .qdc file into the codebook file at ``codebook_path``, all or nothing: the merged file
    is checked by the codebook's own reader before it replaces the old one."""
    codes = read_qdc(raw, filename)
    load_codebook(codebook_path)  # the codebook added to must be one: a file, with its columns and rows
    current = read_bounded(codebook_path, CODEBOOK_BYTES).decode("utf-8-sig")
    text, added, kept = merged(current, codes, filename)
    if not added:
        return added, kept
    fresh = codebook_path.with_name(f".{codebook_path.name}.importing")
    try:
        fresh.write_text(text, encoding="utf-8")
        load_codebook(fresh)  # CodebookError, naming the row, if the merge made something it cannot read
        os.replace(fresh, codebook_path)
    finally:
        fresh.unlink(missing_ok=True)
    return added, kept
