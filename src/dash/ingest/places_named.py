"""The place a write-up is about, ranked from where it names it, or a question when two tie.

A write-up names many places: where the meeting was, where a visitor came from, where an idea was
borrowed from, and places inside names ("London Living Wage", "Cornwall and Isles of Scilly ICB",
"Sheffield Teaching Hospitals"). A place scores for where it is named:

- in the title (10), on a "Venue:"/"Where:" line or after "held in", "met in" (8);
- in the first paragraph (3), in the site's own banner or address (3, a web page's furniture);
- each other time it is named (1, at most 3);
- nothing when it is part of an organisation's, a health board's or trust's, or a wage's name, or
  when it is where someone came from ("travelled in from Bradford", "from colleagues in Torbay") or
  where another body has its office ("our funders' office in Belfast"). A place the write-up covers
  ("from across Torbay", "the whole of Highland", "groups around Strabane") is its own, not elsewhere.

The site's banner or address says where the organisation is, which is not always where the meeting
was: when the article itself names a place well enough to choose it, the site only adds to the
places the article names (a county in the footer does not outrank the borough in the first paragraph).

A town or neighbourhood (``towns``: the gazetteer, ``data/geo/towns.csv``) credits the council it lies
in ("Paignton" → Torbay), as weaker evidence than the council's own name: not when a capitalised word
stands beside it ("Ruth Hadley", "Paignton Zoo"; "in", "The", "North" and the like aside), nor inside an
organisation's name; its mentions in passing count once, not three times; and a council named by its
own name wins a tie with a town. The sentence then names both: "Placed in Torbay (the write-up names
Paignton)".

The top place is chosen when it scores at least 3 and alone; when two or more tie at the top, or the
best is only named in passing, the import asks which one it is (never a silent "no place").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

TITLE, VENUE, FIRST_PARAGRAPH, SITE, MENTION = 10, 8, 3, 3, 1
MOST_FROM_MENTIONS = 3
ENOUGH = 3  # a place named only in passing is asked about, not chosen
MOST_ASKED = 4

_WORD = re.compile(r"\w+")
# Words that end an organisation's, a health body's or a pay rate's name after a place.
_ORG_WORD = (r"(?:Council|ICB|ICS|CCG|NHS|Trust|Trusts|Health\s+Board|Board|Partnership|Partnerships|"
             r"Foundation|University|College|School|Academy|Hospital|Hospitals|Living\s+Wage|Wage|Network|"
             r"Association|Housing|Alliance|Forum|Society|Charity|CIC|Ltd|Limited|Integrated\s+Care|"
             r"Healthwatch|Voluntary\s+Action|CVS|Police|Constabulary|Fire|Museum|Library|Mind|Citizens\s+Advice|"
             r"Community\s+Foundation|Commissioning|Authority|Combined\s+Authority|Cathedral|Diocese|"
             r"Chamber|Rovers|United|City\s+FC|FC)")
_ORG_AFTER = re.compile(
    r"^(?:,? +(?:and|&) +(?:the +)?[A-Z][\w'’-]*(?: +(?:of|upon|on|the|[A-Z][\w'’-]*))*)?"
    r"(?: +[A-Z][\w'’-]*){0,4}? +" + _ORG_WORD + r"\b")
_ORG_BEFORE = re.compile(r"\b(?:NHS|University of|Healthwatch|Citizens Advice|Age UK|Mind in|"
                         r"Voluntary Action|Royal) +(?:[A-Z][\w'’-]* +){0,3}$")
# Where someone came from, or somewhere else an idea came from; a comparison with anywhere else ("the only
# vote of its kind anywhere in Lincolnshire"); the next meeting's venue ("our next day will be in Stoke").
_ELSEWHERE_BEFORE = re.compile(
    r"(?:\bfrom\b|\bregistered\b|\bover the (?:line|border|boundary)\b|\bneighbouring\b|\bnearby\b|"
    r"\bsimilar\b|\bvisit(?:ed|ing|s)?\b|\bother\b|\banother\b|\boutside\b|\bbeyond\b|\bmoved\b|"
    r"\byour\b|\bcop(?:y|ied|ying)\b|\bborrow(?:ed|ing)?\b|\bpinch(?:ed|ing)?\b|\bmodel used\b|"
    r"\bsame\b[^.;:!?\n]{0,30}\bas\b|\banywhere\b|\belsewhere\b|\bthe rest of\b|"
    r"\bnext\b[^.;:!?\n]{0,30}\bwill be\b)[^.;:!?\n]{0,40}$",
    re.IGNORECASE)
# A place's own body or way of doing things, said as its possession: "Lisburn's forum has asked to
# visit", "borrowing Rotherham's approach" — another place's, not the meeting's; an office there.
_ELSEWHERE_AFTER = re.compile(r"^(?:['’]s\s+(?:own\s+)?(?:[\w-]+\s+)?(?:approach|model|forum|panel|team|"
                              r"group|scheme|way|example|version|experience|programme|rulebook|form|toolkit)s?\b|"
                              r"\s+(?:office|offices|headquarters|HQ|base)\b|"  # "our Peterborough office"
                              # "the Kettering team talked us through their model": people from there
                              r"\s+(?:team|teams|link workers|colleagues|visitors|delegation)\b|"
                              # "the Andover estate" in Islington: estates are named after towns
                              # elsewhere, so an estate's name places nothing (asked, not guessed)
                              r"\s+estate\b)",
                              re.IGNORECASE)
# A body named for the place it serves, in the title ("West Belfast Community Health Forum", "Highland
# Young Adult Carers Forum") or on a "Fund:" line: the meeting's own place, though inside a name. Not a
# statutory or health body's name, nor a wage ("Cornwall and Isles of Scilly ICB", "London Living Wage").
_OWN_BODY = re.compile(
    r"^(?: +[A-Z][\w'’-]*){0,5}? +(?:Forum|Network|Partnership|Panel|Group|Fund|Alliance|Association|"
    r"Voices|Assembly|Board|Collective|Project|Champions|Council of Voluntary Service)\b")
_BODY_LINE = re.compile(r"^\W*(?:fund|programme|group|forum|panel|network|project)\W*\s*[:\-–]",
                        re.IGNORECASE)
TITLE_BODY = 6  # the title names the place inside its own body's name
# Where another body has its office, said in passing ("our funders' office in Belfast"); on a venue
# line, or after "held at", the office is where the meeting was.
_OFFICE_BEFORE = re.compile(r"\b(?:offices?|headquarters|HQ)\s+(?:is\s+|are\s+)?(?:in|at)\s+$", re.IGNORECASE)
# ...unless the words just before say the place is the area covered: "from across Torbay".
_COVERS_BEFORE = re.compile(r"\b(?:across|throughout|all over|around|the whole of)\s+(?:the\s+)?"
                            r"(?:whole\s+of\s+)?$", re.IGNORECASE)
_VENUE_LINE = re.compile(r"^\W*(?:venue|where|location|place|held at|address|meeting place)\W*\s*[:\-–]",
                         re.IGNORECASE)
# A notes' opening line of date, venue and town: "3.6.25, church hall off Freeman Street, Grimsby".
_DATELINE = re.compile(r"^\W*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|"
                       r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})\s*[,–—-]\s*\S")
DATELINE_WITHIN = 5  # lines from the top
_HELD_IN = re.compile(r"\b(?:held|met|meeting|took place|hosted|gathered|came together|meets)\s+"
                      r"(?:(?:at|in|on)\s+[^.;:!?\n]{0,50}?\s+)?(?:in|at)\s+(?:the\s+)?(?:city\s+of\s+)?$",
                      re.IGNORECASE)


@dataclass
class PlaceFound:
    locality_id: str
    name: str  # as the write-up words it; for a place named only by its towns, the council's name
    score: int = 0
    said: list[str] = field(default_factory=list)  # where it was named: "the title", "the venue"…
    town: str = ""  # the town the write-up names inside it, when it names none of the council's own names

    @property
    def placed(self) -> str:
        """The place in a sentence: "Torbay (the write-up names Paignton)"."""
        return f"{self.name} (the write-up names {self.town})" if self.town else self.name

    @property
    def words(self) -> str:
        """The place as a question offers it: "Paignton (Torbay)"."""
        return f"{self.town} ({self.name})" if self.town else self.name


@dataclass
class PlaceChoice:
    """The place chosen, or the places to ask about, and the sentence that says which and why."""

    chosen: str | None
    asked: list[PlaceFound]
    ranked: list[PlaceFound]
    sentence: str


# Short forms that name something else as often: ordinary words, and "Stratford" (as much Newham's as
# Stratford-on-Avon's).
WORDS_TOO = frozenset({"Down", "Coast", "Glens", "North", "South", "East", "West", "City", "Mourne",
                       "Stratford", "Wight"})
_SAID_FOR = {"Kingston upon Hull": "Hull", "Stoke-on-Trent": "Stoke", "Richmond upon Thames": "Richmond"}


_CITY_WORD = re.compile(r" City(?=$|,| and )")  # "Derry City and Strabane", "Glasgow City"
_OFFICIAL_PART = re.compile(r"^(?:City|County) of\b")  # "Bristol, City of": the part nobody says


_TOWN_ON = re.compile(r"^([A-Z][\w'’.]+)(?: upon |-on-|-upon-|-under-| with )[A-Z]")  # "Stockton-on-Tees"
_PREFIXED = re.compile(r"^(?:County|Isle of) (?=[A-Z])")  # "County Durham", "Isle of Anglesey"


def said_forms(name: str) -> list[str]:
    """The shorter ways a council's official (ONS) name is written in running text, by rule:
    "City of Edinburgh" → "Edinburgh"; "Glasgow City" → "Glasgow"; "Derry City and Strabane" →
    "Derry and Strabane", "Derry", "Strabane"; "Brighton and Hove" → "Brighton & Hove", "Brighton",
    "Hove"; "Bristol, City of" → "Bristol"; "Stockton-on-Tees" → "Stockton"; "Blackburn with Darwen"
    → "Blackburn"; "County Durham" → "Durham"; "St. Helens" → "St Helens"."""
    forms = [name[8:]] if name.startswith("City of ") else []
    forms += [town.group(1)] if (town := _TOWN_ON.match(name)) else []
    forms += [_PREFIXED.sub("", name)] if _PREFIXED.match(name) else []
    forms += [name.replace("St. ", "St ")] if "St. " in name else []
    plain = _CITY_WORD.sub("", name)
    forms += [plain] if plain != name else []
    for each in (name, plain):
        if " and " in each or "," in each:
            forms += [part.strip() for part in re.split(r",| and ", each)]
        if " and " in each:
            forms.append(each.replace(" and ", " & "))
    forms += [_SAID_FOR[name]] if name in _SAID_FOR else []
    return [form for form in dict.fromkeys(forms) if not _OFFICIAL_PART.match(form)]


def with_aliases(place_names: Mapping[str, str]) -> dict[str, str]:
    """The names, and what people say for them (``said_forms``) where no other place is called that:
    "Edinburgh" for "City of Edinburgh", "Derry" for "Derry City and Strabane", "Hull" for "Kingston
    upon Hull"."""
    names = dict(place_names)
    said: dict[str, set[str]] = {}
    for name, locality_id in place_names.items():
        for alias in said_forms(name):
            said.setdefault(alias, set()).add(locality_id)
    for alias, ids in said.items():
        # a form two places share ("Newcastle") names neither for sure
        if len(ids) == 1 and len(alias) >= 4 and alias[0].isupper() and alias not in names \
                and alias not in WORDS_TOO:
            names[alias] = next(iter(ids))
    return names


def _index(place_names: Mapping[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Names by their first word, longest first, so a scan looks up only the names a word can start."""
    index: dict[str, list[tuple[str, str]]] = {}
    for name, locality_id in place_names.items():
        first = _WORD.match(name)
        if first and first.start() == 0:
            index.setdefault(first.group(), []).append((name, locality_id))
    for names in index.values():
        names.sort(key=lambda item: -len(item[0]))
    return index


def occurrences(text: str, index: Mapping[str, list[tuple[str, str]]]) -> list[tuple[int, int, str, str]]:
    """(start, end, name, id) for each place named in ``text``; a longer name covers a shorter inside it."""
    found = []
    covered_to = -1
    for word in _WORD.finditer(text):
        start = word.start()
        if start < covered_to or (start and (text[start - 1].isalnum() or text[start - 1] in "-_")):
            continue
        for name, locality_id in index.get(word.group(), ()):
            end = start + len(name)
            joined = end < len(text) and (text[end].isalnum() or text[end] in "-_")
            if text.startswith(name, start) and not joined:
                covered_to = end
                found.append((start, end, name, locality_id))
                break
    return found


_COMPASS = frozenset({"North", "South", "East", "West", "Mid", "Central"})
_NEXT_CAPITAL = re.compile(r"^ +[A-Z][a-z]")


# Councils named by an everyday word: at a sentence's start and followed by a small word, the word
# ("Reading time 6 minutes", "Reading the notes back"), never the place ("in Reading last week").
_ALSO_A_WORD = frozenset({"Reading", "Bath"})
_SENTENCE_START = re.compile(r"(?:^|[.!?:;·•|_*(]\s*|\n\s*)$")
_NEXT_SMALL_WORD = re.compile(r"^ +[a-z]")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether the place is part of a longer name: an organisation's ("Leeds City Council"), or, for a
    region named only by compass points, any longer name ("North West Sutherland"); or not a place at
    all, but the everyday word a council is named by ("Reading time 6 minutes")."""
    if set(text[start:end].split()) <= _COMPASS and _NEXT_CAPITAL.match(text[end:end + 3]):
        return True
    if text[start:end] in _ALSO_A_WORD and _NEXT_SMALL_WORD.match(text[end:end + 3]) \
            and _SENTENCE_START.search(text[max(0, start - 3):start]):
        return True
    return bool(_ORG_AFTER.match(text[end:end + 80]) or _ORG_BEFORE.search(text[max(0, start - 40):start]))


# Capitalised words that may stand beside a town without making it part of a longer name: a sentence's
# or a title's small words ("In Paignton", "Notes From Peckham") and compass points ("North Bootle").
_BESIDE_A_TOWN = frozenset({"In", "At", "On", "From", "To", "For", "Near", "Around", "Across", "Throughout",
                            "Of", "And", "Or", "But", "With", "By", "Via", "The", "A", "An", "Our", "This",
                            "Central", "North", "South", "East", "West", "Greater", "Inner", "Outer", "UK",
                            # a title's or sentence's first word: "What Wisbech tenants told us"
                            "What", "How", "Why", "When", "Where", "Who", "Which", "Inside", "Every", "All",
                            "Most", "Many", "Some", "Young", "Older", "Local", "Today", "Tonight", "Meet"})
_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*) +$")
_WORD_AFTER = re.compile(r"^ +([A-Z][a-z][\w'’-]*)")
_TITLES = frozenset({"Dr", "Mr", "Mrs", "Ms", "Mx", "Cllr", "Prof", "Rev", "Revd", "Sir", "Dame", "Lady",
                     "Lord"})  # "Dr. Hadley": a person's title, not a sentence's end


def _beside_a_name(text: str, start: int, end: int) -> bool:
    """Whether a town stands beside another capitalised word: a person's ("Ruth Hadley", "Cllr F.
    Hadley", "Beverley Smith") or a thing's name ("Paignton Zoo"), not the town itself. A word ending a
    sentence before it ("…in Leeds. Paignton was…") is not beside it."""
    before = _WORD_BEFORE.search(text[max(0, start - 30):start])
    if before and before.group(1).endswith(".") and len(before.group(1)) > 2 \
            and before.group(1).rstrip(".") not in _TITLES:
        before = None
    after = _WORD_AFTER.match(text[end:end + 30])
    return any(word and word.group(1) not in _BESIDE_A_TOWN for word in (before, after))


_REGISTERED = re.compile(r"\bregistered (?:office|address)\b[^.\n]{0,50}$", re.IGNORECASE)


def _from_elsewhere(text: str, start: int, end: int | None = None) -> bool:
    if end is not None and _ELSEWHERE_AFTER.match(text[end:end + 60]):
        return True
    before = text[max(0, start - 60):start]
    if _REGISTERED.search(before):  # "Registered office: Unit 3, Lymedale Court, Newcastle-under-Lyme"
        return True
    if _OFFICE_BEFORE.search(before) and not (_VENUE_LINE.match(text) or _HELD_IN.search(before)):
        return True
    return bool(_ELSEWHERE_BEFORE.search(before)) and not _COVERS_BEFORE.search(before)


_LIST_JOIN = re.compile(r"^(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+|,\s+or\s+)$")
LIST_OF_PLACES = 3  # "teams in Ceredigion, Newry, Glasgow and Cornwall": no one of them is the meeting's


def _in_lists(text: str, named: list[tuple[int, int, str, str]]) -> set[int]:
    """Which of the places named in ``text`` stand in a list of three or more, joined only by commas
    and "and"/"or": a roll-call of places is where others are, not where the meeting was."""
    listed: set[int] = set()
    run = [0] if named else []
    for n in range(1, len(named) + 1):
        if n < len(named) and _LIST_JOIN.match(text[named[n - 1][1]:named[n][0]]):
            run.append(n)
            continue
        if len(run) >= LIST_OF_PLACES:
            listed.update(run)
        run = [n]
    return listed


def _masked(text: str, names: list[str]) -> str:
    """``text`` with each organisation's name blanked, so no place is read inside one."""
    for name in names:
        if name and name in text:
            text = text.replace(name, " " * len(name))
    return text


TOWN_MENTIONS = 1  # a town named in passing counts once, however often


SHORTEST_TOWN_FORM = 6  # "Gorleston" for "Gorleston-on-Sea", never "Ross" (a first name) for "Ross-on-Wye"


def _with_short_forms(town_of: dict[str, tuple[str, str]], councils: Mapping[str, str]
                      ) -> dict[str, tuple[str, str]]:
    """The towns, and the short form people use for a town named "X-on-Sea", "X upon Y", "X-under-Y"
    (the rule ``said_forms`` applies to councils), where no other town or council is called that."""
    short: dict[str, set[tuple[str, str]]] = {}
    for name, town in town_of.items():
        if (form := _TOWN_ON.match(name)) and len(form.group(1)) >= SHORTEST_TOWN_FORM:
            short.setdefault(form.group(1), set()).add(town)
    extra = {form: next(iter(towns)) for form, towns in short.items()
             if len(towns) == 1 and form not in town_of and form not in councils and form not in WORDS_TOO}
    return {**town_of, **extra}


def rank_places(title: str, lines: list[str], place_names: Mapping[str, str], *, site_text: str = "",
                within: Mapping[str, frozenset[str]] | None = None,
                organisations: list[str] | None = None,
                towns: Mapping[str, tuple[str, str]] | None = None) -> PlaceChoice:
    """The write-up's places, best first, and the one chosen or the ones to ask about. A place inside
    one of ``organisations`` (the site's own name, "Avon Neighbours") is not read as a place.
    ``towns`` maps a town's name to its council's id and name ("Paignton" → Torbay's)."""
    councils = with_aliases(place_names)
    town_of = _with_short_forms({name: town for name, town in (towns or {}).items() if name not in councils},
                                councils)
    index = _index({**councils, **{name: town[0] for name, town in town_of.items()}})
    names = [n for n in organisations or [] if len(n) >= 4]
    title, site_text = _masked(title, names), _masked(site_text, names)
    lines = [_masked(line, names) for line in lines]
    found: dict[str, PlaceFound] = {}
    mentions: dict[tuple[str, bool], int] = {}  # (place, by a town's name) → mentions counted

    def no_town_here(text: str, start: int, end: int, name: str) -> bool:
        """A town's name beside another capitalised word: a person's or a thing's, not the town."""
        return name in town_of and _beside_a_name(text, start, end)

    def place(locality_id: str, name: str) -> PlaceFound:
        """The place's entry; named by its council's own name once the write-up uses one."""
        town = town_of.get(name)
        entry = found.setdefault(locality_id, PlaceFound(locality_id, town[1] if town else name,
                                                         town=name if town else ""))
        if entry.town and not town:
            entry.name, entry.town = name, ""
        return entry

    def credit(locality_id: str, name: str, points: int, said: str) -> None:
        entry = place(locality_id, name)
        entry.score += points
        if said and said not in entry.said:
            entry.said.append(said)

    def scan(text: str, points: int, said: str, *, counted: bool = False, body_points: int = 0) -> None:
        named = occurrences(text, index)
        listed = _in_lists(text, named)
        for n, (start, end, name, locality_id) in enumerate(named):
            if body_points and _OWN_BODY.match(text[end:end + 80]) \
                    and not _ORG_BEFORE.search(text[max(0, start - 40):start]):
                credit(locality_id, name, body_points, said)  # "West Belfast Community Health Forum"
                continue
            if no_town_here(text, start, end, name):
                continue  # "Ruth Hadley", "Paignton Zoo": no place at all
            named_here = not (_in_a_name(text, start, end) or _from_elsewhere(text, start, end))
            if not named_here:
                place(locality_id, name)
                continue
            if n in listed and not counted:
                place(locality_id, name)
                continue  # one of a list of places: counted as a mention only
            if counted:
                key = (locality_id, name in town_of)
                if mentions.get(key, 0) >= (TOWN_MENTIONS if name in town_of else MOST_FROM_MENTIONS):
                    continue
                mentions[key] = mentions.get(key, 0) + 1
            credit(locality_id, name, points, said)

    scan(title, TITLE, "the title", body_points=TITLE_BODY)
    first_paragraph = None
    for number, line in enumerate(lines):
        words = line.lstrip("#•*- ").strip()
        if line.startswith("# ") and words == title:
            continue
        if _VENUE_LINE.match(line) or (number < DATELINE_WITHIN and _DATELINE.match(line)):
            scan(line, VENUE, "where it was held")
            continue
        if _BODY_LINE.match(line):
            scan(line, MENTION, "the text", body_points=TITLE_BODY)
            continue
        for start, end, name, locality_id in occurrences(line, index):
            if _HELD_IN.search(line[max(0, start - 90):start]) and not _in_a_name(line, start, end) \
                    and not no_town_here(line, start, end, name):
                credit(locality_id, name, VENUE, "where it was held")
        if first_paragraph is None and len(words.split()) >= 12 and not line.startswith(("#", "•")) \
                and ":" not in words[:20]:
            first_paragraph = line
            scan(line, FIRST_PARAGRAPH, "the first paragraph")
        scan(line, MENTION, "the text", counted=True)
    if site_text:
        seen = set()
        article_chooses = any(p.score >= ENOUGH for p in found.values())
        for start, end, name, locality_id in occurrences(site_text, index):
            elsewhere = _in_a_name(site_text, start, end) or _from_elsewhere(site_text, start, end) \
                or no_town_here(site_text, start, end, name)
            if article_chooses and found.get(locality_id, PlaceFound("", "")).score <= 0:
                continue  # the article names its own place: the site's address only confirms one
            if locality_id not in seen and not elsewhere:
                seen.add(locality_id)
                credit(locality_id, name, SITE, "the site's own banner or address")
    ranked = sorted(found.values(), key=lambda p: (-p.score, bool(p.town)))  # a council's own name first
    return _choose(ranked, within or {})


def _names(places: list[PlaceFound]) -> str:
    names = [p.words for p in places]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _choose(ranked: list[PlaceFound], within: Mapping[str, frozenset[str]]) -> PlaceChoice:
    if not ranked:
        return PlaceChoice(None, [], ranked, "The write-up names no place we know: give the meeting's place "
                                             "when importing, or on the Meetings page.")
    top = [p for p in ranked if p.score == ranked[0].score]
    if len(top) > 1:  # a place and the area it lies in ("Newham" and "London"): the narrower one
        narrower = [p for p in top if not any(p.locality_id in within.get(q.locality_id, ()) for q in top)]
        top = narrower or top
    if len(top) > 1:  # a council named by its own name, and a town in another: the council
        top = [p for p in top if not p.town] or top
    best = top[0]
    # One council named, more than once in passing; named once, in the body only, it is asked about
    # (a place another group is in, "the champions in Solihull use", is often the only one named).
    if len(ranked) == 1 and best.score > MENTION and not best.town:
        return PlaceChoice(best.locality_id, [], ranked,
                           f"Placed in {best.placed}, the one place the write-up names; give another place "
                           "when importing, or on the Meetings page, to change it.")
    if len(top) == 1 and best.score >= ENOUGH:
        return PlaceChoice(best.locality_id, [], ranked,
                           f"Placed in {best.placed}, named in {' and '.join(best.said)}; give another place "
                           "when importing, or on the Meetings page, to change it.")
    asked = (top if len(top) > 1 else [p for p in ranked if p.score > 0] or ranked)[:MOST_ASKED]
    if len(asked) == 1:
        return PlaceChoice(None, asked, ranked,
                           f"The write-up names {asked[0].words} only in passing: is it the meeting's place? "
                           "Answer on the Meetings page, or give the place when importing.")
    return PlaceChoice(None, asked, ranked,
                       f"The write-up names {_names(asked)}: which is the meeting's place? Answer on the "
                       "Meetings page, or give it when importing.")
