"""Reading a meeting write-up or blog post: its title, date, key points, and what it mentions.

Accepts plain text, Markdown, e-mail or HTML, in UTF-8, UTF-16 or a legacy Windows encoding. A web
page is read as a reader reads it: its article only (``dash.ingest.html_text``). Key points are the
items of bulleted or numbered lists, those under a heading such as "Key points" or "What we learned"
first; never the items under "Actions", "Next steps" or "Related posts", nor a list of labels
("**Date:** …"). Where there are no lists, the paragraphs after a key-points heading; failing both, a
post written as prose gives its substantial paragraphs. Page furniture ("Read More", "Share this") is
dropped. Sums of money, shares and the place it is about are mentions for a person to confirm
(``dash.ingest.mentions``, ``dash.ingest.places_named``), never funds or panels on their own.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from dash import format as fmt
from dash.errors import UserError
from dash.ingest import limits
from dash.ingest.dates import find_date
from dash.ingest.html_text import read_page
from dash.ingest.mentions import Mention, find_sums_and_shares, quote
from dash.ingest.places_named import PlaceChoice, rank_places
from dash.ingest.text import clean
from dash.ingest.text import decode as decode_text

__all__ = ["Mention", "NotesError", "ParsedNotes", "find_date", "parse_notes"]


class NotesError(UserError):
    """The file cannot be read as a write-up; the message says what to change."""


# Page furniture: a line that is only a site's button or notice ("Read more", "Next ›", "We use
# cookies"). A line must be short to be furniture, so a key point that starts "Next round, the panel
# will…" or speaks of privacy is kept.
_FURNITURE_LINE = re.compile(
    r"^\W*(read more|add new comment|previous( post)?|next( post)?|ok|cookie settings|save settings|"
    r"recent news|who we work with|slide|share this( post| page| story| article)?|share on \w+|"
    r"share by email|"
    r"copy link|reply|log in|sign up|subscribe|back to top|skip to (main )?content|accept|"
    r"print this page)\W*$|^\W*$|'s picture$",
    re.IGNORECASE,
)
_NOTICE = re.compile(r"cookie|privacy (?:policy|notice|settings)|javascript", re.IGNORECASE)
FURNITURE_WORDS = 8  # a notice longer than this is somebody's sentence


def _is_furniture(line: str) -> bool:
    return bool(_FURNITURE_LINE.search(line)) or (
        len(line.split()) <= FURNITURE_WORDS and bool(_NOTICE.search(line)))


_BULLET = re.compile(
    r"^\s*(?:[•\u2022\u25CF\u25AA\-\*\u2013]|\d{1,2}[.)]|\d{1,2}\.\d{1,2}[.)]?)\s+(.*\S)\s*$")
_SUB_ITEM = re.compile(r"^\s*\d{1,2}\.\d{1,2}[.)]?\s+\S")  # "3.1 The panel…", as a board paper numbers
# Section headings, by what the section holds: the key points, things to do, or the site's furniture.
_KEY_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:\d+[.)]\s*)?(key (?:points|messages|lessons|takeaways|findings|themes|issues)|"
    r"lessons(?: learned| learnt)?|takeaways|main (?:points|things|messages|themes|issues)|what we (?:heard|"
    r"learned|learnt|found)|what came out|what (?:people|residents|members|they|participants|carers|"
    r"young people|patients) (?:told|said)|findings|themes|notes|discussion|summary of (?:the )?discussion|"
    r"the main things|highlights|reflections|learning|points from)\b"
    r"|\b(?:key points|takeaways|lessons|learning|themes|findings|key messages|reflections|highlights|"
    r"what we heard|what we learn|what (?:people|residents|members|they|participants) (?:told|said))\b",
    re.IGNORECASE)
_ACTION_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(actions?|action points|agreed actions|next steps|to ?do|follow[- ]ups?|agenda|"
    r"attendees|present|apologies|contacts?|dates for (?:your )?diary|next meeting|useful links|resources|"
    r"further reading|downloads?|timeline|housekeeping|any other business|aob|who was there|"
    r"in attendance|welcome|introductions|welcome and introductions|declarations? of interests?|"
    r"matters arising|minutes of (?:the )?(?:last|previous) meeting\b.*|date of (?:the )?next meeting)"
    r"(?:\s+(?:and|&|agreed|for|from|arising)\b.*)?\W*$",
    re.IGNORECASE)
_FURNITURE_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(related(?: posts| articles| stories| news| reading| content| links)?|"
    r"you (?:may|might) also (?:like|enjoy)|more (?:stories|news|from \w+)|read next|share this\b.*|"
    r"stay in touch|follow us|sign up.*|comments?|leave a (?:reply|comment)|about the author|tags|"
    r"categories|recent posts|popular posts|latest (?:news|posts)|newsletter)\W*$",
    re.IGNORECASE)
# A list of labels ("- **Date:** 21st October 2025", "- Venue: Leith"): what the meeting was, not what
# it said.
_LABEL_ITEM = re.compile(
    r"^\W*(date|dates|venue|where|when|time|times|hosted by|host|notes?(?: by)?|present|attendees|"
    r"apologies|chair|chaired by|location|place|by|author|written by|organis(?:er|ed by)|"
    r"facilitat(?:or|ed by)|"
    r"minutes|minute taker|contact|email|phone|tel|format|duration|audience)\W*:", re.IGNORECASE)
@dataclass
class ParsedNotes:
    title: str
    held_on: dt.date | None
    key_points: list[str]
    dropped_lines: int = 0
    mentions: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said to the person: how the file was read
    place: PlaceChoice | None = None  # the place it is about, or the places to ask about
    text: str = ""  # the text as read (for finding the same write-up saved another way)


def decode(raw: bytes) -> tuple[str, str | None]:
    """The write-up's text and, when its encoding had to be guessed, a note saying so."""
    if len(raw) > limits.WRITE_UP_BYTES:
        raise NotesError(f"The file is {fmt.megabytes(len(raw))}, too big for a write-up "
                         f"(at most {fmt.megabytes(limits.WRITE_UP_BYTES)}): import the write-up itself.")
    if not raw.strip():
        raise NotesError("The file is empty: choose the write-up's text, Markdown or HTML file.")
    try:
        decoded = decode_text(raw, "The file")
    except UserError as error:
        raise NotesError(str(error)) from None
    return decoded.text, decoded.note


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(html|body|p|div|ul|li|h1|h2|article|main|title)\b", text[:5000], re.IGNORECASE))


@dataclass
class _Read:
    lines: list[str]
    title: str | None = None  # a web page's headline
    dates_text: str = ""  # bylines and <time> values: where a page keeps its date
    site_text: str = ""  # a web page's banner and footer
    site_names: list[str] = field(default_factory=list)  # "Avon Neighbours": an organisation's name


_ESCAPE_REFERENCE = re.compile(r"&#(?:0*27|[xX]0*1[bB]);")


def _as_lines(text: str) -> list[str]:
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]


def read_text(text: str) -> _Read:
    """Readable lines; for a web page, its article's lines, headline, dates and site furniture.

    Entities are decoded once, as a browser shows them ("&amp;lt;b&amp;gt;" is the text "&lt;b&gt;",
    never a tag), and controls they decode to are removed."""
    text = _ESCAPE_REFERENCE.sub("\x1b", text)  # so a terminal escape written as '&#27;[2J' goes whole
    if _looks_like_html(text):
        page = read_page(text)
        return _Read(_as_lines(page.text), clean(page.title) if page.title else None,
                     clean(page.meta_text), clean(page.site_text), [clean(n) for n in page.site_names])
    return _Read(_as_lines(html.unescape(text)))


_EMAIL_HEADER = re.compile(r"^(from|to|cc|bcc|sent|date|subject|reply-to)\s*:", re.IGNORECASE)
_SUBJECT = re.compile(r"^subject\s*:\s*(?:(?:re|fwd?|fw)\s*:\s*)*(.+)$", re.IGNORECASE)
TITLE_LINE_CHARS = 160  # a first line longer than this is a paragraph, not a title
TITLE_CUT_CHARS = 120


def _shorten(text: str, most: int) -> str:
    """``text`` cut at the last word boundary within ``most`` characters, with '…' when cut."""
    text = " ".join(text.split())
    if len(text) <= most:
        return text
    cut = text[:most - 1]
    cut = cut[:cut.rfind(" ")] if " " in cut[most // 2:] else cut
    return cut.rstrip(" ,;:-–—") + "…"


_HEADING = re.compile(r"^#{1,6}\s+\S")  # "# Key points"; not "#peoplepoweredhealth"


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line))


def _bare(line: str) -> str:
    """A heading (or a first line) as words: no '#' or bullet, no emphasis around it."""
    return re.sub(r"^(?:#{1,6}\s+|[•\-*\u2013]\s+|\d{1,2}[.)]\s+)", "", line).strip().strip("*_").strip()


_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on",
                          "or", "the", "to", "with"})
# Capitals kept in a heading written all in capitals: a word with no vowel (NHS, GP, PCN) or one of
# these sector initials.
_INITIALS = frozenset({"ICB", "ICS", "CCG", "VCSE", "VCS", "CIC", "CIO", "UK", "AGM", "ONS", "HSC", "PB",
                       "SEND", "LGBTQ", "LGBTQ+", "BAME"})
# A short line under a title saying what kind of document it is: "Notes of meeting", "Minutes".
_DOCUMENT_KIND = re.compile(r"^(?:(?:meeting|draft|summary|informal|brief)\s+)?"
                            r"(?:notes?|minutes|record|summary|write-?up|debrief)(?:\s+(?:of|from)\s+(?:the\s+)?(?:meeting|session|day|"
                            r"evening|forum|panel))?$", re.IGNORECASE)


def _in_title_case(line: str) -> str:
    """A heading written all in capitals, as a sentence would write it: "NORTH WEST SUTHERLAND AND
    WESTER ROSS FORUM" → "North West Sutherland and Wester Ross Forum" (NHS and ICB kept)."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 8 or any(c.islower() for c in letters):
        return line

    def word(match: re.Match) -> str:
        w = match.group()
        if w in _INITIALS or not re.search(r"[AEIOUY]", w):
            return w
        lower = w.lower()
        return lower if lower in _SMALL_WORDS and match.start() else w[0] + w[1:].lower()
    return re.sub(r"[A-Z][A-Z'’+]*", word, line)


def _with_kind(first: str, content: list[str]) -> str:
    """The title, and the line under it when that line only says what kind of document it is."""
    at = content.index(first) if first in content else -1
    below = _bare(content[at + 1]) if 0 <= at < len(content) - 1 else ""
    return f"{first} - {below}" if below and _DOCUMENT_KIND.match(below) else first


# Only a paper's or report's own number names it: "Item 3: Welcome" heads one minute of a meeting's
# notes, not the notes, so an agenda item is never taken for the title.
_PAPER_TITLE = re.compile(r"^(?:board |committee )?(?:paper|report)\s+[\w.]{1,6}\s*"
                          r"[:\u2013\u2014-]\s+(\S.{9,})$", re.IGNORECASE)


def find_title(lines: list[str], page_title: str | None) -> str:
    """The headline: a page's, an e-mail's subject, the first line, or the first heading when the first
    line is a paragraph; a long one is cut between words."""
    if page_title and page_title.strip():
        return _shorten(page_title, limits.TITLE_CHARS)
    content = [line for line in lines if line and not _is_furniture(line)]
    if lines and lines[0] == "---":  # Markdown front matter: "title: …" until the next "---"
        for line in lines[1:40]:
            if line == "---":
                break
            if (front := re.match(r"^title\s*:\s*[\"']?(.+?)[\"']?\s*$", line, re.IGNORECASE)):
                return _shorten(front.group(1), limits.TITLE_CHARS)
    head = content[:12]
    if head and _EMAIL_HEADER.match(head[0]):
        for line in head:
            if subject := _SUBJECT.match(line):
                return _shorten(subject.group(1), limits.TITLE_CHARS)
    for line in head[:6]:  # a board paper under its body's banner: "Paper 7: Minds Matter - summary"
        if paper := _PAPER_TITLE.match(_bare(line)):
            return _shorten(paper.group(1), limits.TITLE_CHARS)
    wordy = [line for line in content if len(re.findall(r"[^\W\d_]{2,}", line)) >= 2]  # not a phone number
    first = (wordy or content or [""])[0]
    if len(first) > TITLE_LINE_CHARS and not _is_heading(first):
        heading = next((line for line in content[:200] if _is_heading(line) and len(line) <= TITLE_LINE_CHARS
                        and _bare(line)), None)
        if heading:
            return _bare(heading)
        return _shorten(_bare(first), TITLE_CUT_CHARS)
    if _in_title_case(_bare(first)) != _bare(first):  # a heading in capitals, perhaps with its kind below
        titled = _with_kind(_bare(first), [_bare(line) for line in content])
        return _shorten(_in_title_case(_bare(first)) + titled[len(_bare(first)):], limits.TITLE_CHARS)
    return _shorten(_bare(first), limits.TITLE_CHARS)


PROSE_PARAGRAPH_WORDS = 25
HEADING_WORDS = 10  # a line this short, with no full stop, may head a section


_LABEL_LINE = re.compile(r"^[^:]{1,40}:\s*\S")  # "Present: 10 members" is a label, not a heading


def _section_of(line: str) -> str | None:
    """'key', 'action' or 'furniture' when ``line`` heads such a section; 'other' for any other
    Markdown heading; None for a line that heads nothing."""
    words = _bare(line)
    marked = _is_heading(line)
    if not marked and (len(words.split()) > HEADING_WORDS or words.endswith((".", "?", "!"))
                       or _LABEL_LINE.match(words)):
        return None
    if _FURNITURE_HEADING.match(words):
        return "furniture"
    if _ACTION_HEADING.match(words):
        return "action"
    if _KEY_HEADING.match(words):
        return "key"
    # In plain-text minutes a line in capitals heads a section ("MATTERS DISCUSSED" after "APOLOGIES"):
    # without it the minutes' items were read as still under the apologies, and none was kept.
    shouted = sum(c.isalpha() for c in words) >= 4 and words == words.upper()
    return "other" if marked or shouted else None


# A numbered line that heads what follows it, as minutes and board papers number their items ("4.
# Carers Small Grants Fund 2026-27", then the minute on the next line; "3. Key points for the Board",
# then "3.1 …"): short, no full stop, and the next line starts a sentence or a sub-item of its own.
NUMBERED_HEADING_WORDS = 10
MINUTE_WORDS = 5  # a minute's text under its heading, not "None."
_NUMBERED_BODY = re.compile(r"^[A-Z0-9£\"“'‘]")


def _numbered_heading(line: str, following: str) -> bool:
    if not following or not re.match(r"^\d{1,2}[.)]\s", line):
        return False
    words = _bare(line)
    if len(words.split()) > NUMBERED_HEADING_WORDS or words.endswith((".", "?", "!", ",", ";", ":")) \
            or re.search(r"\b(?:and|or|the|of|to|a|an|that|with|for|in|on)$", words, re.IGNORECASE):
        return False
    if _SUB_ITEM.match(following) or _section_of(words) == "action":  # "11. Any other business", "None."
        return True
    return bool(_NUMBERED_BODY.match(following)) and not _BULLET.match(following) \
        and len(following.split()) >= MINUTE_WORDS


def _list_items(lines: list[str]) -> tuple[list[tuple[str, str]], int]:
    """(item, section kind) for each list item, joined with its continuation lines."""
    items: list[tuple[str, str]] = []
    dropped = 0
    section = "other"
    current: list[str] | None = None
    under_numbered = False

    def close() -> None:
        nonlocal current
        if current:
            items.append((" ".join(current), section))
        current = None

    for n, line in enumerate(lines):
        bullet = _BULLET.match(line)
        if bullet and _numbered_heading(line, lines[n + 1] if n + 1 < len(lines) else ""):
            close()
            # "4. Recommendation", then its text; a key-points section only when its items follow it
            # ("3. Key points for the Board", "3.1 …"), not a minute headed "10. Learning from others"
            section = _section_of(bullet.group(1)) or "other"
            if section == "key" and not _SUB_ITEM.match(lines[n + 1]):
                section = "other"
            under_numbered = True
            continue
        if bullet:
            close()
            current = [bullet.group(1)]
            under_numbered = False
            continue
        if under_numbered and line and not _SUB_ITEM.match(line):  # the minute under its numbered heading
            under_numbered = False
            current = [line]
            continue
        under_numbered = False
        kind = _section_of(line) if line else None
        if kind is not None or not line:
            close()
            if kind is not None:
                section = kind
        elif current is not None and not _is_furniture(line):
            current.append(line)
    close()
    return items, dropped


def _key_points(lines: list[str], title: str = "") -> tuple[list[str], int]:
    """List items (those under a key-points heading first, never those under "Actions" or "Related
    posts"), else the paragraphs after a key-points heading, else, for a post written as prose, its
    substantial paragraphs."""
    items, _ = _list_items(lines)
    kept = [(text, section) for text, section in items
            if section not in ("action", "furniture") and not _is_furniture(text)
            and not _LABEL_ITEM.match(text) and len(text.split()) >= 3]
    dropped = len(items) - len(kept)
    under_key = [text for text, section in kept if section == "key"]
    points = under_key or [text for text, _ in kept]
    dropped += len(kept) - len(points)
    if points:
        return points, dropped
    after_heading = False
    for line in lines:
        kind = _section_of(line) if line and _bare(line) != title else None
        if kind == "key":
            after_heading = True
            continue
        if after_heading and kind is not None:
            break
        if after_heading and line:
            if _is_furniture(line):
                dropped += 1
            elif len(line.split()) >= 3:
                points.append(line)
    if points:
        return points, dropped
    # A post written as prose: each substantial paragraph is a point (a byline or a caption is not).
    section = "other"
    for line in lines[1:]:
        kind = _section_of(line) if line else None
        if kind is not None:
            section = kind
        elif section not in ("action", "furniture") and len(line.split()) >= PROSE_PARAGRAPH_WORDS \
                and not _is_furniture(line) and not _is_heading(line):
            points.append(line)
    return points, dropped


def _without_furniture(lines: list[str]) -> list[str]:
    """The lines a reader reads: not those under "Related posts", "Share this" or "Comments"."""
    kept, section = [], None
    for line in lines:
        kind = _section_of(line) if line else None
        if kind is not None:
            section = kind
        if section != "furniture":
            kept.append(line)
    return kept


def _place_mentions(text: str, choice: PlaceChoice) -> list[Mention]:
    """The places the write-up names for itself, best first; those it asks about marked so."""
    asked = {p.locality_id for p in choice.asked}
    found = []
    for place in choice.ranked:
        if place.score <= 0 and place.locality_id not in asked:
            continue
        said = place.town or place.name  # the words the write-up uses: "Paignton", for Torbay
        at = text.find(said)
        context = quote(text, at, at + len(said)) if at >= 0 else said
        found.append(Mention("place asked" if place.locality_id in asked else "place", said,
                             place.locality_id, context))
    return found


def parse_notes(
    raw: bytes, *, title: str | None = None, held_on: dt.date | None = None,
    place_names: Mapping[str, str] | None = None, places_within: Mapping[str, frozenset[str]] | None = None,
    towns: Mapping[str, tuple[str, str]] | None = None,
) -> ParsedNotes:
    """Everything the import needs from one file; raises ``NotesError`` with a fix to try."""
    text, encoding_note = decode(raw)
    read = read_text(text)
    lines = read.lines
    content = [line for line in lines if line and not _is_furniture(line)]
    if not content:
        raise NotesError("The file has no readable text once page furniture is removed.")
    found_title = _shorten(title, limits.TITLE_CHARS) if title else find_title(lines, read.title)
    points, dropped = _key_points(lines, found_title)
    if not points:
        raise NotesError(
            "Found no key points. Put them in a bulleted or numbered list, or under a heading such as "
            "'Key points' or 'Lessons', one paragraph each."
        )
    if len(points) > limits.KEY_POINTS:
        raise NotesError(f"Found {limits.count(len(points))} key points, more than the "
                         f"{limits.count(limits.KEY_POINTS)} a write-up may hold: split it into meetings.")
    longest = max(range(len(points)), key=lambda n: len(points[n]))
    if len(points[longest]) > limits.KEY_POINT_CHARS:
        raise NotesError(f"Key point {longest + 1} is {limits.count(len(points[longest]))} characters long, "
                         f"more than the {limits.count(limits.KEY_POINT_CHARS)} a key point may be: "
                         "break it into a list.")
    read_lines = _without_furniture(lines)
    body = "\n".join(read_lines)
    found_on, date_note = (held_on, None) if held_on else find_date(
        body, title=found_title, posted=read.dates_text)
    choice = rank_places(found_title, read_lines, place_names or {}, site_text=read.site_text,
                         within=places_within, organisations=read.site_names, towns=towns)
    return ParsedNotes(
        title=found_title, held_on=found_on, key_points=points, dropped_lines=dropped,
        mentions=find_sums_and_shares(body) + _place_mentions(body, choice),
        notes=[note for note in (encoding_note, date_note) if note], place=choice, text=text,
    )
