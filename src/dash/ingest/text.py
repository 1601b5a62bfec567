"""Text on the way in: decoded, and cleared of characters that are never meant as text.

Files come from Excel, Word, web pages and e-mail. UTF-8 (with or without a byte-order
mark) and UTF-16 with a byte-order mark are read as they are. Anything else is read as
Windows-1252, the encoding older Excel saves "CSV" in, and the import says so, so that a
£ sign or an accent that came out wrong is noticed rather than stored silently. NUL and the
other control characters (bar tab and line breaks), and the bidirectional overrides that can make
text read backwards, are removed from every value; so is a terminal's escape sequence whole
("ESC[2J", which clears a screen, leaves no "[2J" behind).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from dash.errors import UserError

# C0 and C1 controls (bar tab and line breaks), zero-width space, line and paragraph separators, the
# byte-order mark, and the bidirectional overrides and isolates that can make text read backwards.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]"
)
# A terminal's escape sequences: CSI ("ESC[31m", or the one-byte CSI), OSC ("ESC]0;title BEL"), and the
# two-character escapes ("ESC c"). Removed whole, before the control characters they start with.
_TERMINAL = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b\x9c]{0,512}(?:\x07|\x1b\\|\x9c)?"
                       r"|\x1b[ -/]*[0-~]?")
# PDF, PNG, JPEG, GIF, Word 97 (OLE), zip (a .docx): what people upload by mistake.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"PK\x03\x04")
NOT_UTF8_NOTE = ("The file is not UTF-8, so it was read as Windows-1252 (older Excel's 'CSV'): check £ signs "
                 "and accented letters, and next time save it as 'CSV UTF-8'.")


@dataclass(frozen=True)
class Decoded:
    text: str
    note: str | None = None  # said to the person when the encoding was guessed


def decode(raw: bytes, what: str = "The file") -> Decoded:
    """The file's text, whatever its encoding; ``UserError`` when it is not text at all."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return Decoded(clean(raw.decode(encoding)))
            except UnicodeDecodeError:
                raise UserError(f"{what} says it is UTF-16 text but is damaged: save it again as UTF-8."
                                ) from None
    if raw.startswith(_BINARY_MAGIC) or raw[:4096].count(b"\x00") > 4:
        raise UserError(f"{what} looks like a binary file (a PDF, a Word document or an image?): "
                        "save it as text, CSV or HTML.")
    try:
        return Decoded(clean(raw.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(clean(raw.decode("cp1252")), NOT_UTF8_NOTE)
    except UnicodeDecodeError:
        raise UserError(f"{what} is not UTF-8 text (nor Windows-1252): save it as UTF-8.") from None


def clean(value: str) -> str:
    """``value`` without terminal escapes, NUL and other control characters (tab and line breaks kept)."""
    if not _CONTROL.search(value):
        return value
    return _CONTROL.sub("", _TERMINAL.sub("", value) if ("\x1b" in value or "\x9b" in value) else value)


def same_text_key(text: str) -> str:
    """What two copies of one text share however they were saved: line endings, a byte-order mark,
    NULs and other controls, and trailing spaces apart (UTF-16 and UTF-8 decode to the same text)."""
    lines = clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()
