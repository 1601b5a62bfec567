"""Stored text is data, never markup: the one place it is made literal for where it is shown.

Titles, key points, names, file names and the sentences that quote them come from people and
funders' files. Shown through Streamlit's Markdown, ``[Click here](https://…)`` would become a live
link and ``![p](https://…)`` would make every trustee's browser fetch an image; in a Plotly chart,
``<a href=…>`` in a recipient's name would become a link. ``markdown`` and ``plotly`` make such text
show as the characters it is. Raw HTML is never rendered by the app at all.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Every ASCII character Markdown (and Streamlit's extensions: emoji shortcodes, colour directives,
# LaTeX) can read as syntax; a backslash before each makes it literal.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:&=^\"'])")
_URL = re.compile(r"^https?://[^\s<>()\[\]\"'`]+$", re.IGNORECASE)


# What GitHub-flavoured Markdown turns into a link even when every character is escaped: a bare
# address (https://…, www.…) or e-mail address. An invisible word joiner breaks each.
_AUTOLINK = re.compile(r"(?i)(\b(?:https?|ftp|mailto)):(?=//)|(\bwww)(?=\.)|(?<=\w)(@)(?=\w)")
WORD_JOINER = "\u2060"


def markdown(text: object) -> str:
    """``text`` as Markdown that shows exactly its characters: no link, image, emphasis or heading."""
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) + ":" if m.group(1) else m.group(2) or m.group(3))
                             + WORD_JOINER, str(text))
    return _MARKDOWN.sub(r"\\\1", unlinked)


# Characters a document cannot hold or that change how the rest reads: C0 controls other than tab
# and line breaks (XML, so PowerPoint and PDFs, refuse them) and the bidirectional overrides and
# isolates that would draw the words after them backwards.
_NOT_FOR_DOCUMENTS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def document_text(text: object) -> str:
    """``text`` for a slide or a printed page: as it is, less the characters a document refuses or
    that reorder what follows (a right-to-left override in a title)."""
    return _NOT_FOR_DOCUMENTS.sub("", str(text))


def html_text(text: object) -> str:
    """``text`` inside an HTML element of the app's own (a slide's title): tags escaped, and on one
    line, so that no blank line ends the element and lets the rest be read as Markdown."""
    return html.escape(" ".join(str(text).split()))


def plotly(text: object) -> object:
    """A string for a Plotly label or hover text, with ``&``, ``<`` and ``>`` as entities (Plotly reads
    a small HTML); anything else (a number, None) as it is."""
    if not isinstance(text, str) or not ("<" in text or ">" in text or "&" in text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def web_link(url: object) -> str | None:
    """``url`` when it is a plain http(s) address the app may link to, else None."""
    return url if isinstance(url, str) and _URL.match(url.strip()) else None


def visible(text: object, limit: int = 80) -> str:
    """``text`` to quote in a message, with every character a reader could not see written out:
    a zero-width space in an id would otherwise be quoted back as the very word that was refused
    ("'time' is not an id"). Controls, format characters and spaces other than the plain one are
    shown as ``<U+200B>``; text past ``limit`` characters is cut with an ellipsis."""
    value = str(text)
    shown = "".join(f"<U+{ord(c):04X}>" if _invisible(c) else c for c in value[:limit])
    return shown + ("…" if len(value) > limit else "")


def _invisible(character: str) -> bool:
    return character != " " and unicodedata.category(character) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn")


def one_line(text: object) -> str:
    """``text`` as one line of printable characters: controls and invisible format characters (a
    zero-width space, a right-to-left override, a terminal escape's ESC) removed, and every run of
    whitespace, line breaks included, made one space. For what names a person or a change in a
    list of lines (a signer, a line of ``history``): a line break there would forge a line."""
    kept = "".join(c for c in str(text) if c.isspace() or unicodedata.category(c) not in _UNPRINTABLE)
    return " ".join(kept.split())


_UNPRINTABLE = ("Cc", "Cf", "Co", "Cn", "Cs")
