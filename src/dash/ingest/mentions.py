"""What a write-up mentions that could become a record: sums of money and shares, each quoted.

Each is a mention for a person to confirm, never a record by itself. Two readings matter most:

- A sum is offered as a fund's size only when it is not a rate or a cost: "£15 an hour", "£12.60 per
  hour", "£50 per session", "£20 voucher", "earn about £26,000 a year", "the room cost £140", "the
  hall and sandwiches came to £260", "the posts were advertised at £27,500", "£13.45 an hour, or £14.80
  for the London Living Wage" are what someone is paid or what something costs, and are listed as such.
- A lived-experience share is a share *of a group's members* (a panel, a steering group, peer
  researchers, walk leaders) said beside lived experience in the same sentence ("three quarters of our
  peer researchers have slept rough themselves", "7 of the 12 panellists have lived experience", "of
  the 14 forum members, nine are carers"), the group named just before it ("the peer researchers,
  three quarters of whom…", "our steering group. Half of them…") or counted among those present
  ("Present: 10 young people (60 per cent have used the service themselves)"). A
  share of people surveyed or interviewed, of voters or of votes is not one; and a share next to people
  is never a share of money ("half of the people they spoke to"), which is a share of a fund, a budget or
  "this" when "this" is money.

One pass over the text for each pattern, so a long write-up costs time in proportion to its length.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from dash.format import money_exact
from dash.ingest import limits

MentionKind = Literal["money", "rate or cost", "share of money", "lived-experience share", "place"]


@dataclass(frozen=True)
class Mention:
    kind: str  # one of MentionKind; "place asked" for a place the import asks about
    text: str
    value: str
    context: str


# ---- quoting: the sentence a mention is in, cut only between words
QUOTE_CHARS = 240  # a sentence longer than this is quoted around the mention
_STOPS = (". ", "? ", "! ", "\n", "; ")


_MARKER = re.compile(r"^(?:#{1,6}\s+|[•*\-\u2013]\s+|\d{1,2}[.)]\s+)")  # a heading's or a list's mark


def quote(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, or as much of it as fits, cut between words with '…'."""
    left = max(text.rfind(stop, max(0, start - QUOTE_CHARS), start) for stop in _STOPS)
    left = 0 if left < 0 else left + 1
    rights = [i for stop in _STOPS if (i := text.find(stop, end, end + QUOTE_CHARS)) >= 0]
    right = min(rights) + 1 if rights else min(len(text), end + QUOTE_CHARS)
    before, after = text[left:start], text[end:right]
    room = max(40, (QUOTE_CHARS - (end - start)) // 2)
    cut_before = len(before) > room
    cut_after = len(after) > room
    if cut_before:
        before = before[-room:]
        before = before[before.find(" ") + 1:] if " " in before else ""
    if cut_after:
        after = after[:room]
        after = after[:after.rfind(" ")] if " " in after else ""
    words = _MARKER.sub("", " ".join((before + text[start:end] + after).split()))
    return ("…" if cut_before else "") + words.rstrip(" ,;:") + ("…" if cut_after else "")


# ---- money
_MONEY = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)\s?(million|billion|bn|m|k)?\b", re.IGNORECASE)
_SCALE = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "k": 1e3}
_UNIT = (r"(?:hour|hr|day|session|meeting|head|person|participant|member|panellist|minute|week|month|"
         r"night|visit|shift|mile|attendee|trip|journey|evening|morning|afternoon|event|call|interview|"
         r"place|ticket|seat|page|word)s?")
# After the sum: "an hour", "per audio minute", "a head", "each", "voucher", "to hire".
_RATE_AFTER = re.compile(
    rf"^\s*(?:(?:an?|per|each|every|/)\s+(?:[a-z-]+\s+)?{_UNIT}\b|each\b|p/?h\b|ph\b|"
    r"(?:[a-z-]+\s+){0,3}?(?:vouchers?|gift cards?|tokens?|fares?|stipends?|honorari(?:um|a)|fee|fees|"
    r"payments?|salary|salaries|wage|bursary|bursaries|taxis?|cabs?|meals?|lunch(?:es)?|bus passes|"
    r"bus pass)\b|(?:that\s+|which\s+)?(?:we|they|I|you|she|he)\s+(?:spent|paid|gave)\b|"
    r"to (?:hire|rent|book)\b|for (?:the|a|each) (?:day|hour|session|evening|room|hall|venue)\b|"
    r"(?:for|on|of)\s+(?:the\s+)?(?:catering|food|lunch|refreshments|venue|room|hall|hire|travel|transport|"
    r"printing|childcare|interpret\w*|translation|taxis?|expenses|tea|coffee|pizza|snacks|postage)\b|"
    r"including lunch\b|for (?:the\s+)?(?:[A-Z][\w-]*\s+){0,2}(?:real\s+)?(?:living|minimum)\s+wage\b|"
    r"pro[- ]rata\b|FTE\b)",  # "a part-time organiser at £28,500 pro rata": a salary
    re.IGNORECASE)
# Before it, in the same clause: what something cost, or what someone is paid.
_COST_BEFORE = re.compile(
    r"\b(?:cost|costs|costing|costed|hire|hiring|rent|fee|fees|price|priced|charge|charged|charges|"
    r"earn|earns|earning|earned|salary|salaries|wage|wages|paid|pay|pays|rate|rates|lunch|catering|"
    r"travel|fares?|expenses|up to|maximum of|capped at|at most|hall|room|venue|sandwiches|"
    r"refreshments|buffet|printing|taxis?|raffle|tombola|bake sale|cake sale)\b[^.;£]{0,30}$", re.IGNORECASE)
# A sum naming a fund is its size, whatever came before ("paid for from the £300k Community Food
# Research Fund").
_FUND_AFTER = re.compile(r"^\s*(?:(?!(?:from|paid|to|for|of|on|in|and|or)\b)[\w'’-]+\s+){0,5}?"
                         r"(?:fund|funds|pot|budget|chest|grants? programme|grant)\b",
                         re.IGNORECASE)
# A post's pay: "the posts were advertised at £27,500", "the coordinator post is funded … at £32,000".
_POST_BEFORE = re.compile(r"\b(?:posts?|roles?|jobs?|positions?|vacanc(?:y|ies)|advertised)\b[^.;£]{0,50}"
                          r"\bat\s*$", re.IGNORECASE)
# A sum said as another form of the rate just before it: "£13.45 an hour, or £14.80 in London".
_ALTERNATIVE = re.compile(r"^\s*(?:,\s*)?(?:or|and|to|-|–)?\s*$", re.IGNORECASE)
_YEARLY_AFTER = re.compile(r"^\s*(?:a|per|each)\s+(?:year|annum)\b|^\s*pa\b", re.IGNORECASE)
_WAGE_BEFORE = re.compile(r"\b(?:earn|earns|earning|salary|salaries|wage|wages|paid|pay|posts?|roles?|"
                          r"coordinator|worker|workers|officer|manager|lead)\b[^.;£]{0,40}$", re.IGNORECASE)
# What a thing came to: "The coffee van was £60", "Tickets were £35" — unless the thing is money to
# give ("The pot was £80k", "Our biggest award was £5,000").
_WAS_BEFORE = re.compile(r"\b(?:was|were|is|are)\s+(?:about\s+|around\s+|just\s+)?$", re.IGNORECASE)
_MONEY_SUBJECT = re.compile(r"\b(?:fund|funds|pot|budget|grants?|programme|round|award|awards|allocation|"
                            r"total|money|funding|investment|bids?|application|ask|request)\b", re.IGNORECASE)
# "link workers here are on about £24,500"
_ON_ABOUT = re.compile(r"\bare on (?:about|around)?\s*$", re.IGNORECASE)
_THERE_WAS = re.compile(r"\bthere (?:was|is|were|are)\s+(?:about\s+|around\s+|just\s+)?$", re.IGNORECASE)
# "grants of up to £10,000": the most a grant may be, a size of a grant, not a cap on a cost
_GRANTS_UP_TO = re.compile(r"\bgrants? (?:of )?(?:up to|at most)\s*$", re.IGNORECASE)


def _money(text: str) -> list[tuple[int, Mention]]:
    found: list[tuple[int, Mention]] = []
    last_rate_end = -1
    for match in _MONEY.finditer(text):
        digits = match.group(1).replace(",", "").rstrip(".")
        if not digits or len(digits.split(".")[0]) > 13:  # not a sum anyone means: the store holds under £1tn
            continue
        amount = float(digits) * _SCALE.get((match.group(2) or "").lower(), 1)
        if amount >= float(limits.MONEY_LIMIT):
            continue
        before = text[max(0, match.start() - 60):match.start()]
        after = text[match.end():match.end() + 40]
        cost_before = (_COST_BEFORE.search(before) or _POST_BEFORE.search(before)) and not (
            _FUND_AFTER.match(after) and not match.group(0).endswith(",")
        ) and not _GRANTS_UP_TO.search(before)
        clause = re.split(r"[.;:!?\n]", before)[-1]
        came_to = bool(_WAS_BEFORE.search(before) and not _THERE_WAS.search(before)
                       and not _MONEY_SUBJECT.search(clause) and not _FUND_AFTER.match(after))
        rate = bool(_RATE_AFTER.match(after) or cost_before or came_to or _ON_ABOUT.search(before)
                    or (_YEARLY_AFTER.match(after) and _WAGE_BEFORE.search(before))
                    or (last_rate_end >= 0 and _ALTERNATIVE.match(text[last_rate_end:match.start()])))
        kind = "rate or cost" if rate else "money"
        last_rate_end = _rate_end(text, match.end()) if rate else -1
        found.append((match.start(), Mention(kind, match.group(0).strip(), money_exact(amount),
                                             quote(text, *match.span()))))
    return found


def _rate_end(text: str, end: int) -> int:
    """Where a rate's words end after its sum ("£13.45 an hour" ends after "hour")."""
    unit = _RATE_AFTER.match(text[end:end + 40])
    return end + (unit.end() if unit else 0)


# ---- shares
_COUNT_WORDS = {word: n for n, word in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_COUNT_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50})
_COUNT = r"(\d{1,4}|" + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True)) + ")"
_SHARE_WORDS = {"half": 50, "a third": 100 / 3, "one third": 100 / 3, "two thirds": 200 / 3,
                "a quarter": 25, "one quarter": 25, "three quarters": 75, "all": 100, "every": 100,
                "a fifth": 20, "one fifth": 20, "two fifths": 40, "three fifths": 60, "four fifths": 80}
_PERCENT = re.compile(r"\b(\d{1,3}(?:\.\d+)?)\s?(?:%|per ?cent\b)", re.IGNORECASE)
# "two thirds", "two-thirds" and "two  thirds" alike
_IN_WORDS = re.compile(r"\b(" + "|".join(w.replace(" ", r"[\s-]+")
                                          for w in sorted(_SHARE_WORDS, key=len, reverse=True)) + r")\b",
                       re.IGNORECASE)
_N_OF_M = re.compile(r"\b" + _COUNT + r"\s+(?:of|out of|in)\s+(?:the\s+|its\s+|our\s+|their\s+|these\s+)?"
                     + _COUNT + r"\b", re.IGNORECASE)
# Who a share is of: a group's members.
_GROUP = (r"(?:panel|panels|panellists?|panelists?|members?|group|committee|board|trustees|"
          r"researchers|leaders|volunteers|reps|representatives|assessors|co-?designers|champions|"
          r"ambassadors|team|forum|cohort|decision[- ]makers|grant[- ]makers|facilitators|mentors|"
          r"steering group|"
          r"advisory group|youth panel|people on the panel|befrienders|buddies|peer supporters|advocates|"
          r"navigators|connectors|(?:people|residents|carers|young people|parents|patients)\s+(?:on|in)\s+"
          r"(?:it|the|our|this)\b(?:\s+[\w-]+){0,3}?\s*(?:panel|group|board|forum|team)?)")
_NOT_A_WORD_OF_THE_PHRASE = (r"(?!(?:are|were|is|was|have|has|had|said|say|told|from|who|that|which|and|"
                             r"but)\b)")
_OF_GROUP = re.compile(
    r"^\s*(?:\(\s*\d+%\s*\)\s*)?(?:of\s+)?(?:the\s+|our\s+|its\s+|their\s+|this\s+|these\s+|those\s+)?"
    r"(?:" + _NOT_A_WORD_OF_THE_PHRASE + r"[\w'’-]+\s+){0,3}?(?:(?:in|on)\s+(?:the|our|its|this)\s+"
    r"(?:[\w'’-]+\s+){0,2}?)?" + _GROUP + r"\b", re.IGNORECASE)
_GROUP_BEFORE = re.compile(
    r"\b(?:panel|group|board|committee|team)\s+(?:was|is|of|were)\s+(?:made up of\s+)?$", re.IGNORECASE)
# ...and who it is not: people asked, surveyed or voting.
_SURVEYED = re.compile(
    r"\b(?:interviewed|surveyed|spoke to|spoken to|asked|responded|respondents?|voters?|votes?|voted|"
    r"ballots?|pupils|applicants?|applications?|replies|answered|attendees|turnout)\b", re.IGNORECASE)
_LIVED = re.compile(
    r"lived[- ]experience|experts? by experience|care[- ]experienced|experience of|experienced|"
    r"themselves|first[- ]?hand|personal experience|\b(?:are|were|is|have been|had been)\s+"
    r"(?:(?:current|former|unpaid|young|also|all)\s+)*(?:carers?|care leavers?|survivors?|service users?|"
    r"patients?|refugees?|asylum seekers?|homeless|disabled|deaf|blind|autistic|in care|in recovery|"
    r"on benefits|unemployed|single parents?|veterans?|migrants?)\b|\blive(?:s|d)? with\s+(?:a |an )?"
    r"(?:long[- ]term|chronic|disabilit|condition|mental|sight|hearing|learning)|"
    r"\b(?:have|has|had)\s+(?:(?:all|also|themselves|personally|ever|once|at some point|at one time|"
    r"recently)\s+)*(?:used|been referred|slept rough|been homeless|lived in|been in care|been through|"
    r"survived|grown up|direct experience|been in prison|been carers?|caring|claimed|relied on|needed|"
    r"struggled|faced|experienced|been sectioned|been detained|been excluded|been evicted|been on "
    r"(?:benefits|universal credit|(?:a|the)\s+(?:[\w-]+\s+){0,2}?waiting list)|been (?:a )?patients?|"
    r"been bereaved|"
    r"been diagnosed|been unemployed|been in hospital|been (?:in|on) (?:a|an) (?:ward|inpatient)|fled|"
    r"sofa[- ]surfed|lived with|had (?:help|support|treatment|care) (?:from|with|for)|gone without|"
    r"received (?:care|support|help|treatment)|recovered|been in recovery|been a carer|cared for|"
    r"looked after|(?:brought up|raised) (?:children|kids|a family|families|their (?:children|kids|family)))"
    r"|\bwere\s+(?:once|previously|themselves|also)?\s*(?:referred|homeless|in care|patients|carers)\b|"
    r"\b(?:are|were|is)\s+(?:(?:all|also|still|currently|now|themselves)\s+)*(?:caring for|looking after|"
    r"living with|using|recovering|claiming|receiving)\b|"
    r"\b(?:still|currently|themselves)\s+(?:care|cares|use|uses|live with|rely on)\b|\bgrew up\b|"
    r"\b(?:have|has|had)\s+(?:a\s+|an\s+|their own\s+)?(?:mental health|long[- ]term|disabilit|"
    r"learning disabilit|physical|chronic|sight|hearing)|\bare\s+(?:also\s+)?(?:parents|carers)\s+of\b|"
    r"\b(?:have|has|had)\s+(?:a\s+)?(?:child|children|kids?|son|daughter|parent|partner)\s+(?:with|who)\b|"
    r"\blooks? after\s+(?:someone|somebody|a |an |their|his|her|family)",
    re.IGNORECASE)
_MONEY_OF = re.compile(
    r"^\s*(?:of\s+)?(?:the\s+|our\s+|its\s+|their\s+|this\s+|that\s+|last year'?s\s+|the year'?s\s+)?"
    r"(?:[\w'’-]+\s+){0,2}?(?:fund|funds|budget|money|pot|funding|grants?|spend|spending|allocation|chest)\b",
    re.IGNORECASE)
_MONEY_THIS = re.compile(r"^\s*of\s+(?:this|it|that|which)\b", re.IGNORECASE)
_MONEY_WORDS = re.compile(r"£|\bfund|\bbudget|\bmoney\b|\bpot\b|\bgrants?\b", re.IGNORECASE)
_PEOPLE = re.compile(r"^\s*(?:of\s+)?(?:the\s+|our\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,2}?"
                     r"(?:people|residents|members|panel|carers|patients|voters|families|children|pupils|"
                     r"respondents|participants|staff|volunteers|women|men)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;\n]")
# A share of people said just before: "the peer researchers, three quarters of whom…", "our steering
# group. Half of them…" — the group is named in the words before, or in the sentence before.
_BARE_COUNT_AFTER = re.compile(r"^\s*(?:[-–—,)]|(?:are|were|is|have|has|had)\b)", re.IGNORECASE)
_OF_WHOM = re.compile(r"^\s*of\s+(?:whom|them|those)\b", re.IGNORECASE)
_GROUP_NAMED = re.compile(r"\b" + _GROUP + r"\b", re.IGNORECASE)
# A share in brackets after a count of those present: "Present: 10 young people (60 per cent have…)".
_ATTENDANCE = re.compile(
    r"^\W*(?:present|attendees|attending|in attendance|in the room|who came)\b[^:\n]{0,20}:", re.IGNORECASE)
_COUNTED_JUST_BEFORE = re.compile(r"\b" + _COUNT + r"\s+(?:[\w'’-]+\s+){0,5}\(\s*$", re.IGNORECASE)
# "Of the 14 forum members, nine are unpaid carers": the whole first, then the part.
_OF_THE_WHOLE = re.compile(r"\bof\s+(?:the|our|its|their|these|those)\s+" + _COUNT
                           + r"\s+(?:[\w'’-]+\s+){0,10}?" + _GROUP + r"\b[^,.;\n]{0,40}?,\s*" + _COUNT
                           + r"\b",
                           re.IGNORECASE)
# A group's size said before a share of it: "the panel is 15 of us", "our reference group of ten",
# "twelve members".
_GROUP_SIZE = re.compile(
    r"\b(?:panel|group|team|board|forum|committee|cohort)\s+(?:is|of|has|was|were)\s+(?:made up of\s+)?"
    + _COUNT + r"\b|\b" + _COUNT + r"\s+(?:of us\b|(?:[\w'’-]+\s+){0,2}?(?:members|panellists|panelists|"
    r"researchers|people|residents|carers|volunteers|young people|leaders)\b)", re.IGNORECASE)
# "all but two are carers", "six of whom are patients", "every one of the six peer researchers"
_ALL_BUT = re.compile(r"\ball but\s+" + _COUNT + r"\b(?:\s+of\s+(?:the|our|its|their)\s+" + _COUNT + r"\b)?",
                      re.IGNORECASE)
_EVERY_OR_ALL_BUT = re.compile(r"\b(?:every|each|every single|all but)\s+$", re.IGNORECASE)
_COUNT_OF_WHOM = re.compile(r"\b" + _COUNT + r"\s+of\s+whom\b", re.IGNORECASE)
# "every one of the sixteen young people who came": those at the meeting are its group.
_WHO_CAME = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}?(?:people|residents|carers|members|parents|tenants)\s+"
                       r"(?:who came|who took part|who attended|in the room|there on the day)\b",
                       re.IGNORECASE)
_EVERY_ONE_OF = re.compile(r"\b(?:every one|each one|each|all|every single one)\s+of\s+"
                           r"(?:the|our|its|their)\s+" + _COUNT + r"\b", re.IGNORECASE)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT_WORDS[word.lower()]


def _group_size_before(text: str, start: int) -> int | None:
    """The size of the group a share refers back to, said in its sentence or the one before."""
    left = max(text.rfind(stop, max(0, start - 300), start) for stop in ".!?;\n")
    window = _sentence_before(text, start) + " " + text[left + 1:start]
    sizes = [next(g for g in m.groups() if g) for m in _GROUP_SIZE.finditer(window)]
    return _number(sizes[-1]) if sizes else None


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the sentence before ``start`` and after ``end``."""
    left = max(text.rfind(stop, max(0, start - 300), start) for stop in ".!?;\n")
    stop = _SENTENCE_END.search(text, end, end + 300)
    return text[left + 1:start], text[end:stop.start() if stop else min(len(text), end + 300)]


def _sentence_before(text: str, start: int) -> str:
    """The sentence before the one ``start`` is in (for "Half of them" after "our steering group.")."""
    left = max(text.rfind(stop, max(0, start - 300), start) for stop in ".!?;\n")
    if left <= 0:
        return ""
    earlier = max(text.rfind(stop, max(0, left - 300), left) for stop in ".!?;\n")
    return text[earlier + 1:left]


def _line_before(text: str, start: int) -> str:
    return text[text.rfind("\n", 0, start) + 1:start]


def _group_referred_to(text: str, match: re.Match, before: str, head: str) -> bool:
    """Whether a share's people are a group named just before it rather than after: "of whom" or "of
    them" after a group in the same sentence or the one before, or a share in brackets after a count
    of the people present."""
    if _OF_WHOM.match(head):
        return bool(_GROUP_NAMED.search(before[-80:])
                    or (not before.strip() and _GROUP_NAMED.search(_sentence_before(text, match.start()))))
    if _BARE_COUNT_AFTER.match(head) and (_GROUP_NAMED.search(before[-50:]) or (
            not before.strip() and _GROUP_NAMED.search(_sentence_before(text, match.start())))):
        return True  # "most of the panel - eight of the eleven - are care leavers"; "The panel … Five of
        # the eight have used the food bank"
    line = _line_before(text, match.start())
    return bool(_ATTENDANCE.match(line) and _COUNTED_JUST_BEFORE.search(line))


# "carers made up 9 of the 12 people who put their names forward": the share is of people with lived
# experience by its own words.
_MADE_UP_OF = re.compile(
    r"\b(?:carers|care leavers|(?:people|members) with lived experience|experts by experience|service users|"
    r"survivors|patients|disabled people|young carers|parent carers)\s+(?:made|make)\s+up\s+$", re.IGNORECASE)
_PEOPLE_COUNTED = (r"\s+(?:[\w'’-]+\s+){0,2}?(?:people|members|panellists|panelists|residents|tenants|carers|"
                   r"young people|researchers|volunteers|parents|patients)\b")


def _counted_before(text: str, match: re.Match, whole: str) -> bool:
    """Whether "seven of the ten have …" counts people the write-up counted a little before it ("ten
    young people from across Southwark sat round the table", "nine tenants on it"), and not people it
    asked ("We interviewed 40 people")."""
    if not _BARE_COUNT_AFTER.match(text[match.end():match.end() + 20]):
        return False
    earlier = text[max(0, match.start() - 800):match.start()]
    counted = list(re.finditer(r"\b" + re.escape(whole) + _PEOPLE_COUNTED, earlier, re.IGNORECASE))
    if not counted:
        return False
    last = counted[-1]
    around = earlier[max(0, last.start() - 60):last.end() + 40]
    return not _SURVEYED.search(around)


def _shares(text: str) -> list[tuple[int, Mention]]:
    found: list[tuple[int, Mention]] = []
    lived_at: list[int] = []  # kept sorted: one share said two ways ("every member (100%)") counts once

    def consider(match: re.Match, share: float, after_count: bool = False, of_group: bool = False) -> None:
        if not 0 <= share <= 100:
            return
        before, after = _sentence(text, match.start(), match.end())
        head = after[:60]
        surveyed = bool(_SURVEYED.search(head[:45]))
        people = bool(_PEOPLE.match(head) and not _OF_GROUP.match(head)) or surveyed
        made_up = bool(_MADE_UP_OF.search(before[-60:]))  # "carers made up 9 of the 12 people"
        group = bool(of_group or made_up or _OF_GROUP.match(head)
                     or (not after_count and _GROUP_BEFORE.search(before[-40:]))
                     or _group_referred_to(text, match, before, head))
        if group and not surveyed and (made_up or _LIVED.search(after) or _LIVED.search(before[-60:])):
            near = lived_at[max(0, (i := bisect.bisect_left(lived_at, match.start())) - 1):i + 1]
            if all(abs(match.start() - at) > 40 for at in near):
                bisect.insort(lived_at, match.start())
                found.append((match.start(), Mention("lived-experience share", match.group(0),
                                                     f"{round(share):g}%", quote(text, *match.span()))))
            return
        if people or after_count:
            return
        money_before = _MONEY_WORDS.search(text[max(0, match.start() - 200):match.start()])
        if _MONEY_OF.match(head) or (_MONEY_THIS.match(head) and money_before):
            end = match.end() + (m.end() if (m := _MONEY_OF.match(head) or _MONEY_THIS.match(head)) else 0)
            found.append((match.start(), Mention("share of money", text[match.start():end].strip(),
                                                 f"{round(share):g}%", quote(text, match.start(), end))))

    for match in _PERCENT.finditer(text):
        consider(match, float(match.group(1)))
    for match in _IN_WORDS.finditer(text):
        consider(match, _SHARE_WORDS[" ".join(re.split(r"[\s-]+", match.group(1).lower()))])
    for match in _N_OF_M.finditer(text):
        if _EVERY_OR_ALL_BUT.search(text, max(0, match.start() - 15), match.start()):
            continue  # "every one of the six", "all but two of the 12": read below
        part, whole = (int(g) if g.isdigit() else _COUNT_WORDS[g.lower()] for g in match.groups())
        if whole and part <= whole:
            consider(match, 100 * part / whole, after_count=True,
                     of_group=_counted_before(text, match, match.group(2)))
    for match in _OF_THE_WHOLE.finditer(text):
        whole, part = (int(g) if g.isdigit() else _COUNT_WORDS[g.lower()] for g in match.groups())
        if whole and part <= whole and not _SURVEYED.search(match.group(0)):
            consider(match, 100 * part / whole, after_count=True, of_group=True)
    for match in _EVERY_ONE_OF.finditer(text):
        consider(match, 100.0, after_count=True, of_group=bool(_WHO_CAME.match(text, match.end())))
    for match in _ALL_BUT.finditer(text):
        but = _number(match.group(1))
        whole = _number(match.group(2)) if match.group(2) else _group_size_before(text, match.start())
        if whole and but < whole and not _SURVEYED.search(match.group(0)):
            consider(match, 100 * (whole - but) / whole, after_count=True, of_group=not match.group(2))
    for match in _COUNT_OF_WHOM.finditer(text):
        part, whole = _number(match.group(1)), _group_size_before(text, match.start())
        if whole and part <= whole:
            consider(match, 100 * part / whole, after_count=True, of_group=True)
    return found


def find_sums_and_shares(text: str) -> list[Mention]:
    """Sums of money (funds apart from rates and costs) and shares (of a group, or of money), in order."""
    return [mention for _, mention in sorted(_money(text) + _shares(text), key=lambda item: item[0])]
