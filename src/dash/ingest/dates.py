"""The day a meeting was held, read from a write-up as people write it.

People write a meeting's day every way there is: "Tuesday 4th March", "4 March 2025", "04/03/25" and
"4.3.2025" (day first, as the UK writes), "March 4, 2025", "Tues 4 Mar 25", "2025-03-04", only in an
e-mail's "Sent:" or "Date:" header, in a web page's ``<time datetime>`` or "Posted on" line, only in the
title ("Panel notes – 4 March") with the year given elsewhere, or as "yesterday's panel" in an e-mail.
And a write-up names other days too: the next meeting, a deadline, when the page was updated, a past
event a key point recalls.

So every date the text gives is a *candidate*, found by one pattern (``_CANDIDATE``) and turned into a
day by ``dateutil`` (month names and their abbreviations, "Sept", ordinals, two-digit years, day-first
numbers, e-mail headers in both their RFC 2822 and Outlook forms, and refusing days no calendar has).
Each candidate is ranked by where it stands (``_rank``): a "Date:" label or "held on" first, then the
title, then the body's prose, then a day said relative to when an e-mail was sent ("yesterday",
"Tuesday's panel"), then the e-mail's own date, then when a page was posted, then a date inside a
list item; a date said as the next meeting, a deadline, or when a page was updated is never chosen.
A day with no year takes it from the rest of the write-up (its e-mail header, its posting date, other
dates, a year on its own), checked against the weekday when one is given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from dateutil import parser as dateutil_parser

_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY = (r"(?:mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|urday|rs|r|n|e|es|d|ds)?\.?")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
# A two-digit year after a month's name only when no lower-case word follows ("4 March 25 people came"
# is not 2025).
_YEAR_AFTER_NAME = r"(?:,?\s+(?:(?:19|20)\d\d\b|'?\d\d\b(?!\s+[a-z])))"
_CANDIDATE = re.compile(
    r"(?:\b(?P<weekday>" + _WEEKDAY + r")[,\s]+(?:the\s+)?)?(?:"
    r"(?P<dmy>\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?!\w)" + _YEAR_AFTER_NAME + r"?)"
    r"|(?P<mdy>\b" + _MONTH + r"\s+" + _DAY + r"\b(?!:)(?:,?\s+(?:19|20)\d\d\b)?)"
    r"|(?P<iso>\b(?:19|20)\d\d-[01]\d-[0-3]\d(?!\d))"
    r"|(?P<numeric>\b[0-3]?\d(?P<sep>[/.])[01]?\d(?P=sep)(?:(?:19|20)\d\d|\d\d)\b(?![./]\d)"
    r"|\b[0-3]?\d-[01]?\d-(?:19|20)\d\d\b(?!-\d)))",
    re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/.£-])\b(?:19|20)\d\d\b(?![/.-]?\d)")

# Words that make a date something other than the meeting's day: what comes next, a deadline, when a
# page was changed, a past event. Looked for in the words just before the date on its line: anywhere in
# the clause for these, ...
_DECOY_BEFORE = re.compile(
    r"\b(?:next|upcoming|following|future|meet(?:ing)? again|reconvene|deadline|due|clos(?:e|es|ed|ing)|"
    r"updated|revised|modified|edited|reviewed|expir\w*|launch(?:ed|es)?|opens|apply|submit\w*|"
    r"register|rsvp|report(?:s|ed)? back|last (?:met|meeting|time)|previous(?:ly)?|will|we'll|"
    r"scheduled|planned|diary|save the date|back in)\b[^.!?\n]{0,40}$",
    re.IGNORECASE)
# ... and right before it for these ("by 14 March", "until 4 April", "since 3 May 2023").
_DECOY_JUST_BEFORE = re.compile(r"\b(?:by|before|until|till|since|between|from|after)\s+(?:the\s+)?$",
                                re.IGNORECASE)
_DECOY_AFTER = re.compile(r"^\W{0,3}(?:deadline|is the deadline|closing date|(?:to|until|-|–)\s*\d)",
                          re.IGNORECASE)
_DECOY_HEADING = re.compile(
    r"^\W*(?:#+\s*)?(?:next (?:meeting|session|steps|panel|time)|dates? for (?:your )?diary|upcoming|"
    r"future (?:dates|meetings)|what(?:'|’)?s next|actions?|action points|key dates|deadlines?)\b",
    re.IGNORECASE)
# Words that make it the meeting's own day.
_LABEL = re.compile(r"^\W*(?:(?:meeting|session|event|panel|workshop)\s+)?(?:date|when|held|held on|"
                    r"date of (?:the\s+)?(?:meeting|session|event|panel))\W*[:\-–]", re.IGNORECASE)
_HELD = re.compile(
    r"\b(?:held|took place|met|meet|meeting|session|gathered|came together|convened|panel|workshop|"
    r"forum|event|day|evening|visit)\s+(?:\w+\s+){0,2}(?:on|at)\s+(?:the\s+)?$|^\W*on\s+$",
    re.IGNORECASE)
_POSTED = re.compile(r"(?:\b(?:posted|published|written)\b|\bby\s+(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?))"
                     r"[^.!?\n]{0,20}$", re.IGNORECASE)
_EMAIL_DATE = re.compile(r"^\s*(?:sent|date)\s*:\s*(.+)$", re.IGNORECASE)
_EMAIL_FIELD = re.compile(r"^\s*(?:from|to|cc|subject)\s*:", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[•\u25CF\u25AA*\-\u2013+]|\d{1,2}[.)])\s+")
# A day said by how far it was from when the e-mail was sent or the page posted.
_RELATIVE = re.compile(
    r"\b(?:(?P<yesterday>yesterday)|(?P<today>today|this morning|this afternoon|this evening|tonight)|"
    r"(?:last|on|this past)\s+(?P<weekday>" + _WEEKDAY + r")|(?P<possessive>" + _WEEKDAY + r")(?:'|’)s)"
    r"(?!\s+\d)", re.IGNORECASE)

# "yesterday's panel", "today's session", "Thank you all for today": the day named is the meeting's.
_MEETING_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:\w+\s+){0,2}?(?:meeting|session|panel|gathering|workshop|event|forum|summit|day|"
    r"evening|discussion|conversation|visit|walk|cafe|café)\b|^\W*$", re.IGNORECASE)
# How much each kind of place makes a date the meeting's (highest wins; ties go to the earliest).
LABELLED, TITLE, HELD_ON, RELATIVE_MEETING, PROSE, RELATIVE, SENT, POSTED, IN_A_LIST = (
    90, 80, 70, 65, 60, 50, 40, 30, 10)


@dataclass(frozen=True)
class Candidate:
    day: dt.date
    rank: int
    at: int  # where it starts: the earliest of the best rank wins


def _weekday(word: str | None) -> int | None:
    return _WEEKDAYS.get(word[:3].lower()) if word else None


def _parse(text: str, default_year: int) -> tuple[dt.date, bool] | None:
    """The day ``text`` names (one date, no weekday) and whether it gave its year; None if it names
    none the calendar has."""
    text = text.strip().rstrip(".,")
    if re.fullmatch(r"(?:19|20)\d\d-\d\d-\d\d", text):
        try:
            return dt.date.fromisoformat(text), True  # dateutil's dayfirst would read it as 2025-04-03
        except ValueError:
            return None
    text = re.sub(r"\b(\w{3})\w*\.", r"\1", re.sub(r"'(\d\d)\b", r"\1", text))
    days = []
    for year in (default_year, default_year - 1):  # a year it gives itself is the same in both
        try:
            when = dateutil_parser.parse(text, dayfirst=True, default=dt.datetime(year, 1, 1))
        except (ValueError, OverflowError):
            return None
        days.append(when.date())
    return days[0], days[0] == days[1]


def _with_year(day: dt.date, weekday: int | None, years: list[int], anchor: dt.date | None) -> dt.date | None:
    """A day given without its year, in the year the rest of the write-up points to: the one its
    weekday falls in when it gives one; else the year the e-mail was sent or the page posted (the year
    before when that puts it more than half a year ahead: "30 December" in an e-mail of 3 January)."""
    def in_years(candidates: list[int]) -> list[dt.date]:
        found = []
        for year in candidates:
            try:
                found.append(day.replace(year=year))
            except ValueError:  # 29 February
                continue
        return found

    if anchor is not None:
        years = [anchor.year, *years]
        if (in_years([anchor.year]) or [anchor])[0] - anchor > dt.timedelta(days=183):
            years = [anchor.year - 1, *years]
    options = in_years(list(dict.fromkeys(years)))
    if weekday is not None:  # the weekday settles it, in a year given or one either side of it
        options = [o for o in options + in_years([y + d for y in years for d in (-1, 1)])
                   if o.weekday() == weekday]
    return options[0] if options else None


_HEADER_LINE = re.compile(r"^\s*(?:from|to|cc|bcc|sent|date|subject|reply-to|importance|attachments?)\s*:",
                          re.IGNORECASE)


def _sent(lines: list[str]) -> tuple[dt.date | None, set[int]]:
    """An e-mail's own date (its "Sent:" or "Date:" header) and which line holds it: the e-mail's
    header is the block of "From:", "To:", "Subject:" lines at its top (a "Date:" line under the
    greeting is a label of the meeting's day)."""
    first = next((n for n, line in enumerate(lines[:15]) if _HEADER_LINE.match(line)), None)
    if first is None:
        return None, set()
    block = []
    for n in range(first, len(lines)):
        if not _HEADER_LINE.match(lines[n]):
            break
        block.append(n)
    if not any(_EMAIL_FIELD.match(lines[n]) for n in block):
        return None, set()
    for n in block:
        if header := _EMAIL_DATE.match(lines[n]):
            value = re.sub(r"\s*\(.*\)$", "", header.group(1))
            try:
                when = dateutil_parser.parse(value, dayfirst=True, fuzzy=True)
            except (ValueError, OverflowError):
                continue
            return when.date(), {n}
    return None, set()


def _rank(line: str, before: str, after: str, heading: str, in_title: bool) -> int | None:
    """How much the place a date stands in makes it the meeting's; None for a date that is not."""
    if _POSTED.search(before) and not _DECOY_BEFORE.search(before):
        return POSTED
    if (_DECOY_BEFORE.search(before) or _DECOY_JUST_BEFORE.search(before) or _DECOY_AFTER.match(after)
            or _DECOY_HEADING.match(heading)):
        return None
    if in_title:
        return TITLE
    if _LABEL.match(before):
        return LABELLED
    if _LIST_ITEM.match(line):
        return IN_A_LIST  # a key point recalling another day
    return HELD_ON if _HELD.search(before) else PROSE


def _heading_over(lines: list[str], n: int) -> str:
    """The nearest line above line ``n`` that looks like a heading (short, no full stop)."""
    for line in reversed(lines[max(0, n - 12):n]):
        words = line.strip().strip("#*_ ").split()
        if line.strip().startswith("#") or (0 < len(words) <= 6 and not line.rstrip().endswith(".")
                                            and not _LIST_ITEM.match(line)):
            return line.strip()
    return ""


@dataclass(frozen=True)
class _Seen:
    """A date as written, before its year is settled."""
    day: dt.date
    has_year: bool
    weekday: int | None
    rank: int | None
    at: int
    words: str


def _dates_in(text: str, title: str) -> tuple[list[_Seen], str | None]:
    """Every date the title and text give, ranked; and the first that names no day the calendar has."""
    seen: list[_Seen] = []
    impossible = None

    def consider(match: re.Match, line: str, at: int, heading: str, in_title: bool) -> None:
        nonlocal impossible
        piece = next(match.group(g) for g in ("dmy", "mdy", "iso", "numeric") if match.group(g))
        if match.group("mdy") and piece.startswith("may"):
            return  # "we may 4…" is not a date
        parsed = _parse(piece, 2000)
        if parsed is None:
            impossible = impossible or match.group(0).strip()
            return
        rank = _rank(line, line[:match.start()], line[match.end():], heading, in_title)
        seen.append(_Seen(parsed[0], parsed[1], _weekday(match.group("weekday")), rank, at + match.start(),
                          match.group(0).strip()))

    for match in _CANDIDATE.finditer(title):
        consider(match, title, -len(title) - 1, "", True)
    lines = text.split("\n")
    offset = 0
    for n, line in enumerate(lines):
        heading = _heading_over(lines, n)
        for match in _CANDIDATE.finditer(line):
            consider(match, line, offset, heading, False)
        offset += len(line) + 1
    return seen, impossible


def find_date(text: str, *, title: str = "", posted: str = "") -> tuple[dt.date | None, str | None]:
    """The meeting's day, and a note for the person when the text gives a day but it cannot be read
    (31/02/2022, or a day with no year anywhere), so the write-up is not silently left undated.

    ``title`` is the write-up's title as read; ``posted`` the dates a web page keeps outside its text
    (``<time datetime>``, ``article:published_time``), one a line.
    """
    lines = text.split("\n")
    sent, header_lines = _sent(lines)
    body = "\n".join("" if n in header_lines else line for n, line in enumerate(lines))
    posted_days = []  # when the page says it was posted: <time datetime>, its byline
    for value in posted.split("\n"):
        if re.fullmatch(r"\s*\d{4}-[01]\d-[0-3]\d\s*", value) and (parsed := _parse(value, 2000)):
            posted_days.append(parsed[0])
        else:
            posted_days += [d.day for d in _dates_in(value, "")[0] if d.has_year and d.rank is not None]
    seen, impossible = _dates_in(body, title)
    # When the write-up was sent or posted: a meeting is written up after it is held, so a day after
    # this is one to come, and a day said without its year or as "yesterday" is counted from it.
    posted_days += [s.day for s in seen if s.rank == POSTED and s.has_year]
    anchor = sent or (posted_days[0] if posted_days else None)
    # The years the write-up gives, most telling first: its own date, its dates' years (most often
    # first), then years said on their own.
    given = Counter(s.day.year for s in seen if s.has_year)
    alone = Counter(int(y) for y in _YEAR.findall(title + "\n" + body))
    years = list(dict.fromkeys([d.year for d in (sent, *posted_days) if d]
                               + [y for y, _ in given.most_common()] + [y for y, _ in alone.most_common()]))
    found: list[Candidate] = []
    yearless = None
    for date in seen:
        day = date.day if date.has_year else _with_year(date.day, date.weekday, years, anchor)
        if day is None:
            yearless = yearless or date.words
        elif date.rank is not None and (anchor is None or day <= anchor + dt.timedelta(days=1)):
            found.append(Candidate(day, date.rank, date.at))
    if anchor is not None:
        found += _relative_days(body, anchor)
    if sent is not None:
        found.append(Candidate(sent, SENT, -1))
    found += [Candidate(day, POSTED, len(text) + n) for n, day in enumerate(posted_days)]
    if found:
        best = max(found, key=lambda c: (c.rank, -c.at))
        return best.day, None
    if impossible:
        return None, (f"The file's date '{impossible}' is not a day the calendar has, so the write-up has "
                      "no date: give it one when importing (Date, or --held-on).")
    if yearless:
        return None, (f"The file gives the day '{yearless}' but no year, so the write-up has no date: give "
                      "it one when importing (Date, or --held-on).")
    return None, None


def _relative_days(text: str, anchor: dt.date) -> list[Candidate]:
    """Days an e-mail or post names by when it was sent: "yesterday's panel", "last Tuesday",
    "today's session" (the first of these), or "Tuesday's panel" (less sure: it may be a day to come)."""
    found = []
    for match in _RELATIVE.finditer(text):
        before = text[max(0, match.start() - 40):match.start()].split("\n")[-1]
        if _DECOY_BEFORE.search(before):
            continue
        if match.group("yesterday"):
            day = anchor - dt.timedelta(days=1)
        elif match.group("today"):
            day = anchor
        else:
            weekday = _weekday(match.group("weekday") or match.group("possessive"))
            if weekday is None:
                continue
            back = (anchor.weekday() - weekday) % 7
            last = match.group(0).lower().startswith("last")
            day = anchor - dt.timedelta(days=back or (7 if last else 0))  # "on Tuesday", sent that Tuesday
        sure = not match.group("possessive") and not match.group(0).lower().startswith("on ")
        meeting = _MEETING_AFTER.match(text[match.end():match.end() + 40])
        found.append(Candidate(day, RELATIVE_MEETING if meeting else RELATIVE if sure else RELATIVE - 5,
                               match.start()))
    return found
