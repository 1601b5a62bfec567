"""Confirming what a write-up mentions: one write that makes (or sets) the record and marks the
mention confirmed, linked to it.

A sum, share or place an imported write-up mentions is only a suggestion until an editor confirms
it. Confirming is one record write (``dash.write.records``) of several changes: the mention's
``confirmed_as`` set to the record it made or set, then the record itself (a new organisation first,
when the editor named one). So it is journalled and replayed like every change, a second click finds
the mention confirmed and changes nothing, and Undo takes back the record and the confirmation
together, offering the mention again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from dash import format as fmt
from dash.ingest import values
from dash.queries import writes as reads
from dash.write import records

# What confirming each kind of mention makes or sets, in a trustee's words.
_SET = {("funds", "amount_gbp"): "the size of the fund", ("funds", "participatory_gbp"):
        "the part decided by communities of the fund", ("panels", "lived_experience_share"):
        "the lived-experience share of the panel", ("meetings", "locality_id"): "the place of the meeting"}


@dataclass(frozen=True)
class Mention:
    meeting_id: str
    position: int
    kind: str
    text: str
    value: str
    meeting_title: str
    source_id: str
    confirmed_as: str  # "" until confirmed; then 'funds|fund-…'

    @property
    def record_id(self) -> str:
        return f"{self.meeting_id}|{self.position}"

    def said(self, place: str | None = None) -> str:
        """The value as a trustee reads it: '£250,000', '40%', 'Calderdale'."""
        return place or self.value


def find(cursor: duckdb.DuckDBPyConnection, meeting_id: str, position: int) -> Mention | None:
    row = reads.mention(cursor, meeting_id, position)
    return None if row is None else Mention(*row)


def confirming(mention: Mention, table: str, record_id: str) -> dict:
    """The change that marks ``mention`` confirmed as the record ``table``/``record_id``."""
    return records.change_data(records.MENTIONS, mention.record_id, "edit",
                               {"confirmed_as": f"{table}|{record_id}"})


def record_words(cursor: duckdb.DuckDBPyConnection, confirmed_as: str) -> str:
    """What a confirmed mention made or set, in words: "the fund 'Calderdale Neighbourhood Fund'"."""
    table, _, record_id = confirmed_as.partition("|")
    if table not in records.KEPT:
        return "a record"
    cells = records.current_cells(cursor, table, record_id)
    if cells is None:
        return f"a {records.word(table)} no longer in the store"
    return f"the {records.word(table)} '{records.display_name(cells, table, record_id)}'"


def summary(mention: Mention, table: str, adding: bool, name: str, cells: dict[str, str],
            place: str | None = None) -> str:
    """The Activity page's line for a confirmation: what was found, where, and what it became."""
    found = f"{mention.said(place)} from the write-up '{mention.meeting_title}'"
    if adding:
        size = cells.get("amount_gbp")
        sized = f" of {fmt.money_exact(float(values.pounds(size)))}" if size else ""
        return f"Confirmed {found} as a new {records.word(table)}, '{name}'{sized}"
    column = next((c for c in cells if (table, c) in _SET), None)
    what = _SET.get((table, column or ""), f"the {records.word(table)}")
    return f"Confirmed {found} as {what} '{name}'"


# Words saying the people of a place decide the money: "twelve residents decide", "decided by a
# panel of local people". The whole sum is then the part decided by communities.
_PEOPLE = (r"(?:residents|local people|community members|members of the community|the community|"
           r"citizens|young people|people who live (?:there|here|locally)|"
           r"a (?:community|residents'?|citizens'?) (?:panel|jury|assembly))")
_DECIDE = r"(?:decide|decides|decided|choose|chooses|chose|allocate|allocates|vote|votes|voted)"
_COMMUNITY_DECIDES = re.compile(
    rf"\b{_PEOPLE}\b[^.;:]{{0,40}}?\b{_DECIDE}\b|\b(?:decided|chosen|allocated|voted on) by\b[^.;:]{{0,30}}?"
    rf"\b{_PEOPLE}\b", re.IGNORECASE)


@dataclass(frozen=True)
class CommunityPart:
    """The part of a new fund the write-up says communities decide, and why it says so."""

    amount: float
    because: str           # the write-up's words: shown beside the pre-filled field
    share_position: int | None = None  # a "share of money" mention that gave it, confirmed with the fund


def community_part(amount: float, found: list[dict], texts: list[str]) -> CommunityPart | None:
    """What the write-up says of who decides a sum of ``amount``: a share of money it mentions
    ("half the fund") gives that share; words such as "twelve residents decide" in its key points or
    around its mentions give the whole sum; otherwise None (the editor says, or leaves it empty)."""
    for mention in found:
        if mention.get("kind") == "share of money" and not mention.get("confirmed_as"):
            share = values.share(str(mention["value"]))
            return CommunityPart(round(amount * share, 2), str(mention["context"]), int(mention["position"]))
    for text in [*texts, *(str(m.get("context", "")) for m in found)]:
        said = _COMMUNITY_DECIDES.search(text or "")
        if said:
            return CommunityPart(amount, " ".join(text.split()))
    return None


# Who runs a fund or a meeting, as a write-up says it: "run by Calderdale Community Foundation".
_NAME_WORD = r"[A-Z][\w'’&-]*"
_RUN_BY = re.compile(r"\b(?i:organised|organized|hosted|run|convened|held|managed|administered|"
                     r"facilitated) (?i:by) (?i:the )?"
                     rf"({_NAME_WORD}(?:\s+(?:of|for|and|&|{_NAME_WORD})){{0,6}})")


def organisation_in(organisations: dict[str, str], organiser_id: str | None, organiser: str | None,
                    texts: list[str]) -> tuple[str | None, str]:
    """Who most likely holds a write-up's fund: (the id of one of ``organisations``, id → name, or
    None; else the name of an organisation to add, or ""). The meeting's organiser first, then an
    organisation the organiser's name or the write-up's words name, then one they say runs it."""
    if organiser_id in organisations:
        return organiser_id, ""
    said = " ".join([organiser or "", *texts])
    named = [(len(name), org_id) for org_id, name in organisations.items()
             if len(name) > 3 and re.search(rf"\b{re.escape(name.lower())}\b", said.lower())]
    if named:
        return max(named)[1], ""
    if organiser and organiser.strip():
        return None, organiser.strip()
    run_by = _RUN_BY.search(said)
    if run_by:
        words = run_by.group(1).split()
        while words and words[-1] in ("of", "for", "and", "&"):  # "… Foundation for" at a clause's end
            words.pop()
        return None, " ".join(words)
    return None, ""
