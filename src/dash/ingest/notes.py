"""Reading a meeting write-up or blog post: its title, date, key points, and what it mentions.

Accepts plain text, Markdown or HTML, in UTF-8 or a legacy Windows encoding.
Key points are the items of bulleted or numbered lists; where there are none,
the paragraphs after a heading such as "Key points" or "Lessons"; failing both, a
post written as prose gives its substantial paragraphs. Page furniture
(cookie notices, "Read More", "Add new comment") is dropped. Sums of money,
lived-experience shares and place names are reported as mentions for a person
to confirm, never written as funds or panels on their own.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

from dash.errors import UserError
from dash.format import money_exact
from dash.ingest import limits
from dash.ingest.text import clean
from dash.ingest.text import decode as decode_text


class NotesError(UserError):
    """The file cannot be read as a write-up; the message says what to change."""


# Page furniture: a line that is only a site's button or notice ("Read more", "Next ›", "We use
# cookies"). A line must be short to be furniture, so a key point that starts "Next round, the panel
# will…" or speaks of privacy is kept.
_FURNITURE_LINE = re.compile(
    r"^\W*(read more|add new comment|previous( post)?|next( post)?|ok|cookie settings|save settings|"
    r"recent news|who we work with|slide|share this|reply|log in|sign up|subscribe)\W*$|^\W*$|'s picture$",
    re.IGNORECASE,
)
_NOTICE = re.compile(r"cookie|privacy (?:policy|notice|settings)|javascript", re.IGNORECASE)
FURNITURE_WORDS = 8  # a notice longer than this is somebody's sentence
def _is_furniture(line: str) -> bool:
    return bool(_FURNITURE_LINE.search(line)) or (
        len(line.split()) <= FURNITURE_WORDS and bool(_NOTICE.search(line)))


_BULLET = re.compile(r"^\s*(?:[•\u2022\u25CF\u25AA\-\*\u2013]|\d{1,2}[.)])\s+(.*\S)\s*$")
_KEY_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(key (?:points|messages|lessons|takeaways)|lessons(?: learned| learnt)?|"
    r"takeaways|main points|what we heard)\b", re.IGNORECASE)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?,?\s+(\d{4})\b"
    r"|\b(\d{4})-(\d{2})-(\d{2})\b"
    r"|\b(\d{1,2})/(\d{1,2})/(\d{4})\b",  # the British order: 9/3/2023 is 9 March 2023
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"£\s?(\d[\d,]*(?:\.\d+)?)\s?(million|billion|bn|m|k)?\b", re.IGNORECASE)
_SCALE = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "k": 1e3}
_SHARE = re.compile(r"\b(\d{1,3}(?:\.\d+)?)\s?(?:%|per ?cent)", re.IGNORECASE)
_HALF = re.compile(r"\bhalf of (?:this|it|the|that|which)\b[^.;]{0,60}", re.IGNORECASE)
_LIVED = re.compile(r"lived[- ]experience|care[- ]experienced|experts? by experience|experience of "
                    r"(?:care|homelessness|poverty|mental (?:ill[- ]?health|illness)|disability)",
                    re.IGNORECASE)
_COUNT_WORDS = {word: n for n, word in enumerate(["zero", "one", "two", "three", "four", "five", "six",
                                                  "seven", "eight", "nine", "ten", "eleven", "twelve"])}
_COUNT = r"(\d{1,3}|" + "|".join(_COUNT_WORDS) + ")"
_PANEL = r"(?:panel|panel members?|members?|panellists?|panelists?|people on the panel)"
# Shares said in words: "half the panel", "every member", "two of the five panellists".
_SHARE_WORDS = {"half": 50, "a third": 100 / 3, "one third": 100 / 3, "two thirds": 200 / 3, "a quarter": 25,
                "one quarter": 25, "three quarters": 75, "all": 100, "every": 100}
_SHARE_IN_WORDS = re.compile(
    r"\b(" + "|".join(_SHARE_WORDS) + r")(?: of)?(?: the| its| our)? " + _PANEL + r"\b", re.IGNORECASE)
_N_OF_M = re.compile(r"\b" + _COUNT + r" (?:of|out of) (?:the |its |our )?" + _COUNT + " " + _PANEL + r"\b",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    kind: Literal["money", "share of money", "lived-experience share", "place"]
    text: str
    value: str
    context: str


@dataclass
class ParsedNotes:
    title: str
    held_on: dt.date | None
    key_points: list[str]
    dropped_lines: int = 0
    mentions: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said to the person: how the file was read


class _TextFromHtml(HTMLParser):
    """Visible text with a line break at every block, bullets kept as '• '."""

    _SKIP = frozenset({"script", "style", "nav", "footer", "header", "noscript", "form", "button", "svg"})
    _BLOCK = frozenset({"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
                        "ul", "ol", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in self._BLOCK:
            self.parts.append("\n")
        if tag in {"h1", "h2", "h3"}:
            self.parts.append("# ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCK or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def decode(raw: bytes) -> tuple[str, str | None]:
    """The write-up's text and, when its encoding had to be guessed, a note saying so."""
    if len(raw) > limits.WRITE_UP_BYTES:
        raise NotesError(f"The file is {limits.megabytes(len(raw))}, too big for a write-up "
                         f"(at most {limits.megabytes(limits.WRITE_UP_BYTES)}): import the write-up itself.")
    if not raw.strip():
        raise NotesError("The file is empty: choose the write-up's text, Markdown or HTML file.")
    try:
        decoded = decode_text(raw, "The file")
    except UserError as error:
        raise NotesError(str(error)) from None
    return decoded.text, decoded.note


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(html|body|p|div|ul|li|h1|h2)\b", text[:5000], re.IGNORECASE))


def to_lines(text: str) -> tuple[list[str], str | None]:
    """Readable lines (and the HTML title, if any)."""
    title = None
    if _looks_like_html(text):
        parser = _TextFromHtml()
        parser.feed(text)
        title = clean(parser.title) if parser.title else None
        text = "".join(parser.parts)
    # after unescaping: '&#27;' is a control character too
    text = clean(html.unescape(text)).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")], title


def find_date(text: str) -> tuple[dt.date | None, str | None]:
    """The first date the text gives, and a note for the person when the only dates it gives are
    ones no calendar has (31/02/2022), so the write-up is not silently left undated."""
    impossible = None
    for match in _DATE.finditer(text):
        try:
            if match.group(4):
                return dt.date(int(match.group(4)), int(match.group(5)), int(match.group(6))), None
            if match.group(7):
                return dt.date(int(match.group(9)), int(match.group(8)), int(match.group(7))), None
            month = next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(match.group(2).lower()[:3]))
            return dt.date(int(match.group(3)), month, int(match.group(1))), None
        except ValueError:
            impossible = impossible or match.group(0)
    if impossible:
        return None, (f"The file's date '{impossible}' is not a day the calendar has, so the write-up has "
                      "no date: give it one when importing (Date, or --held-on).")
    return None, None


PROSE_PARAGRAPH_WORDS = 25


def _key_points(lines: list[str]) -> tuple[list[str], int]:
    """List items (joined with their continuation lines), else the paragraphs after a key-points
    heading, else, for a post written as prose, its substantial paragraphs."""
    points: list[str] = []
    dropped = 0
    current: list[str] | None = None
    for line in lines:
        bullet = _BULLET.match(line)
        if bullet:
            if current:
                points.append(" ".join(current))
            current = [bullet.group(1)]
        elif not line:
            if current:
                points.append(" ".join(current))
            current = None
        elif current is not None and not _is_furniture(line) and not line.startswith("#"):
            current.append(line)
    if current:
        points.append(" ".join(current))
    kept = [p for p in points if not _is_furniture(p) and len(p.split()) >= 3]
    dropped += len(points) - len(kept)
    if kept:
        return kept, dropped
    after_heading = False
    for line in lines:
        if _KEY_HEADING.match(line):
            after_heading = True
            continue
        if after_heading and line.startswith("#"):
            break
        if after_heading and line:
            if _is_furniture(line):
                dropped += 1
            elif len(line.split()) >= 3:
                kept.append(line)
    if kept:
        return kept, dropped
    # A post written as prose: each substantial paragraph is a point (a byline or a caption is not).
    return [line for line in lines[1:] if len(line.split()) >= PROSE_PARAGRAPH_WORDS
            and not _is_furniture(line) and not line.startswith("#")], dropped


_PLACE_WORD = re.compile(r"\w+")


def _place_index(place_names: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Names by their first word, longest first, so a scan looks up only the names a word can start."""
    index: dict[str, list[tuple[str, str]]] = {}
    for name, locality_id in place_names.items():
        first = _PLACE_WORD.match(name)
        if first and first.start() == 0:
            index.setdefault(first.group(), []).append((name, locality_id))
    for names in index.values():
        names.sort(key=lambda item: -len(item[0]))
    return index


def find_mentions(text: str, place_names: dict[str, str]) -> list[Mention]:
    """Sums of money, shares of money, lived-experience shares and known places in ``text``.

    One pass over the text for each kind, so a long write-up costs time in proportion to its length.
    """
    mentions: list[Mention] = []

    def context(start: int, end: int) -> str:
        return " ".join(text[max(0, start - 60):min(len(text), end + 60)].split())

    for match in _MONEY.finditer(text):
        digits = match.group(1).replace(",", "")
        if len(digits.split(".")[0]) > 13:  # not a sum anyone means: the store holds under £1 trillion
            continue
        amount = float(digits) * _SCALE.get((match.group(2) or "").lower(), 1)
        if amount >= float(limits.MONEY_LIMIT):
            continue
        mentions.append(Mention("money", match.group(0).strip(), money_exact(amount), context(*match.span())))
    for match in _HALF.finditer(text):
        mentions.append(Mention("share of money", match.group(0), "50%", context(*match.span())))
    lived_at: list[int] = []  # kept sorted: a long write-up holds thousands

    def lived(match: re.Match, share: float) -> None:
        """A share of a panel said beside lived experience (once, if said both ways: "every member
        (100%)")."""
        window = text[max(0, match.start() - 80):match.end() + 80]
        place = bisect.bisect_left(lived_at, match.start())
        near = lived_at[max(0, place - 1):place + 1]  # the ones just before and after it
        apart = all(abs(match.start() - at) > 40 for at in near)
        if 0 <= share <= 100 and apart and _LIVED.search(window):
            bisect.insort(lived_at, match.start())
            mentions.append(Mention("lived-experience share", match.group(0), f"{round(share):g}%",
                                    context(*match.span())))

    for match in _SHARE.finditer(text):
        lived(match, float(match.group(1)))
    for match in _SHARE_IN_WORDS.finditer(text):
        lived(match, _SHARE_WORDS[match.group(1).lower()])
    for match in _N_OF_M.finditer(text):
        part, whole = (int(g) if g.isdigit() else _COUNT_WORDS[g.lower()] for g in match.groups())
        if whole:
            lived(match, 100 * part / whole)
    index = _place_index(place_names)
    found: set[str] = set()
    covered_to = -1  # a longer name found here covers the shorter ones inside it ("North West London")
    for word in _PLACE_WORD.finditer(text):
        start = word.start()
        if start < covered_to or (start and (text[start - 1].isalnum() or text[start - 1] in "-_")):
            continue
        for name, locality_id in index.get(word.group(), ()):
            end = start + len(name)
            if text.startswith(name, start) and not (end < len(text) and (text[end].isalnum() or
                                                                             text[end] in "-_")):
                covered_to = end
                if name not in found:
                    found.add(name)
                    mentions.append(Mention("place", name, locality_id, context(start, end)))
                break
    return mentions


def parse_notes(
    raw: bytes, *, title: str | None = None, held_on: dt.date | None = None,
    place_names: dict[str, str] | None = None,
) -> ParsedNotes:
    """Everything the import needs from one file; raises ``NotesError`` with a fix to try."""
    text, encoding_note = decode(raw)
    lines, html_title = to_lines(text)
    content = [line for line in lines if line and not _is_furniture(line)]
    if not content:
        raise NotesError("The file has no readable text once page furniture is removed.")
    wordy = [line for line in content if len(re.findall(r"[A-Za-z]{2,}", line)) >= 2]  # not a phone number
    found_title = title or html_title or re.sub(r"^#+\s+", "", (wordy or content)[0]).strip()
    points, dropped = _key_points(lines)
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
    body = "\n".join(lines)
    found_on, date_note = (held_on, None) if held_on else find_date(body)
    return ParsedNotes(
        title=found_title[:limits.TITLE_CHARS], held_on=found_on, key_points=points,
        dropped_lines=dropped, mentions=find_mentions(body, place_names or {}),
        notes=[note for note in (encoding_note, date_note) if note],
    )
