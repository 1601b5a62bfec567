"""What a write-up mentions, each one a step from being a record: a sum becomes a fund or a fund's
size, a lived-experience share a panel's share, a place the meeting's place. Each is offered
pre-filled with the write-up as the fact's source, and confirmed in one write through the write
service (``service.confirm_mention``): the record made or set, and the mention marked confirmed and
linked to it, so it is not offered again (after a reload too) and Undo on the Activity page takes
both back. The outcome is shown where the editor is looking: beside the mention, and as a toast.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from dash import format as fmt
from dash import safe
from dash.ingest import values
from dash.ui import writes
from dash.ui.components import show_outcome
from dash.ui.frame import PageContext
from dash.ui.identity import visitor
from dash.ui.place_question import place_question
from dash.ui.record_forms import choice_labels
from dash.write import mentions

NOT_STATED, NEW_ORGANISATION = "", "+new"  # the pickers' choices beyond the records themselves
# The kinds of mention there is a record to confirm them as; any other kind is listed, not offered.
CONFIRMABLE = ("money", "lived-experience share", "share of money", "place")

# A fund the words around a sum name: "the Calderdale Neighbourhood Fund of £250,000".
_FUND_NAME = re.compile(r"\b((?:[A-Z][\w'’&-]*\s+){1,6}(?:Fund|Grants?|Budget|Endowment))\b")
_NOT_A_NAME = {"The", "Our", "Their", "This", "That", "A", "An", "Its", "New"}
# How a kind of mention is named on the page.
SAID = {"rate or cost": "Rate or cost (not a fund's size)", "place asked": "Place"}


def _pounds(value: str) -> str:
    return str(values.pounds(value))


def _same_name(name: str) -> str:
    return " ".join(name.lower().split())


def _pick(context: PageContext, table: str, label: str, key: str) -> str | None:
    names = choice_labels(context.read("record_choices", table=table))
    return st.selectbox(label, list(names), format_func=lambda i: names[i], key=key, index=None,
                        placeholder="Choose…")


def fund_name_in(context_words: str, fallback: str) -> str:
    """The fund the words around a sum name, else ``fallback`` (the write-up's title)."""
    found = _FUND_NAME.search(context_words or "")
    if not found:
        return fallback
    words = found.group(1).split()
    while len(words) > 2 and words[0] in _NOT_A_NAME:  # "The Calderdale Neighbourhood Fund"
        words = words[1:]
    return " ".join(words)


def _existing_fund(context: PageContext, name: str) -> tuple[str, str] | None:
    """The fund already called ``name`` (case and spacing aside): (id, name)."""
    funds = context.read("record_choices", table="funds")
    for fund_id, label in zip(funds["id"], funds["label"], strict=True):
        if _same_name(label) == _same_name(name):
            return fund_id, label
    return None


def _money(context: PageContext, meeting, mention: dict, key: str) -> None:
    """A sum: a new fund of it, or the size of a fund there is (offered first when the name is taken)."""
    amount = _pounds(mention["value"])
    st.markdown(f"**Create a fund of {safe.markdown(mention['value'])}**")
    name = st.text_input("The fund's name", value=fund_name_in(mention["context"], meeting.title),
                         key=f"{key}_name")
    existing = _existing_fund(context, name) if name.strip() else None
    if existing:
        fund_id, called = existing
        st.info(safe.markdown(f"There is already a fund called '{called}': set its size to "
                              f"{mention['value']} rather than add it twice."))
        if st.button("Set this fund's size", key=f"{key}_existing", type="primary"):
            writes.confirm_mention(meeting.meeting_id, mention["position"], "funds", fund_id,
                                   {"amount_gbp": amount, "source_id": meeting.source_id}, key)
    else:
        _new_fund(context, meeting, mention, key, name, amount)
    st.markdown("**Or set a fund's size to it**")
    fund = _pick(context, "funds", "Fund", f"{key}_fund")
    if st.button("Set its size", key=f"{key}_size", disabled=fund is None):
        writes.confirm_mention(meeting.meeting_id, mention["position"], "funds", fund,
                               {"amount_gbp": amount, "source_id": meeting.source_id}, key)


def _texts(meeting) -> list[str]:
    """The write-up's own words: its title and key points."""
    points = list(meeting.key_points) if meeting.key_points is not None else []
    return [str(meeting.title), *(str(point["text"]) for point in points)]


def _new_fund(context: PageContext, meeting, mention: dict, key: str, name: str, amount: str) -> None:
    """The rest of a new fund, each pre-filled from the write-up, so a confirmed fund is a whole record:
    who holds it, its place, and the part communities decide (else it would count as all decided by
    the organisation, and leave "Money in funds by place" short of the total)."""
    kind = st.text_input("Kind of fund", value="grant budget", key=f"{key}_kind")
    organisations = context.read("record_choices", table="organisations")
    names = dict(zip(organisations["id"], organisations["label"], strict=True))
    likely, suggested = mentions.organisation_in(
        names, getattr(meeting, "organiser_org_id", None),
        meeting.organiser if isinstance(meeting.organiser, str) else None, _texts(meeting))
    choices = [NOT_STATED, *names, NEW_ORGANISATION]
    chosen = likely or (NEW_ORGANISATION if suggested else NOT_STATED)
    held_by = st.selectbox("Held by", choices, index=choices.index(chosen), key=f"{key}_org",
                           format_func=lambda i: {NOT_STATED: "(not stated)",
                                                  NEW_ORGANISATION: "A new organisation…"}.get(i) or names[i])
    new_name = ""
    if held_by == NEW_ORGANISATION:
        new_name = st.text_input("The new organisation's name", key=f"{key}_org_name", value=suggested)
    places = context.read("record_choices", table="localities")
    place_names = dict(zip(places["id"], places["label"], strict=True))
    place_ids = [NOT_STATED, *place_names]
    here = meeting.locality_id if meeting.locality_id in place_names else NOT_STATED
    place = st.selectbox("Place", place_ids, index=place_ids.index(here), key=f"{key}_place_pick",
                         format_func=lambda i: place_names.get(i, "(not stated)"),
                         help="The meeting's place, where the write-up gives one.")
    part = mentions.community_part(float(amount), list(meeting.mentions), _texts(meeting))
    prefilled = fmt.money_exact(part.amount) if part else ""
    decided = st.text_input("Decided by communities (£)", value=prefilled, key=f"{key}_part_gbp",
                            placeholder="e.g. £250,000: no more than the fund's size")
    if part:
        st.caption(safe.markdown(f"Filled in from the write-up: “{part.because}”"))
    else:
        st.caption("The write-up does not say who decides it: give the part communities decide, or leave "
                   "it empty to count the fund as decided by its organisation.")
    if st.button("Create the fund", key=f"{key}_create", type="primary",
                 disabled=not name.strip() or (held_by == NEW_ORGANISATION and not new_name.strip())):
        cells = {"name": name, "fund_kind": kind, "amount_gbp": amount, "source_id": meeting.source_id,
                 "participatory_gbp": decided}
        if held_by not in (NOT_STATED, NEW_ORGANISATION):
            cells["org_id"] = held_by
        if place != NOT_STATED:
            cells["locality_id"] = place
        if pd.notna(meeting.held_on):
            cells["reported_on"] = str(meeting.held_on)[:10]
        used_share = part is not None and part.share_position is not None and decided.strip() == prefilled
        writes.confirm_mention(meeting.meeting_id, mention["position"], "funds", None, cells, key,
                               new_organisation=new_name if held_by == NEW_ORGANISATION else None,
                               also_confirms=(part.share_position,) if used_share else ())


def _one(context: PageContext, meeting, mention: dict, key: str) -> None:
    source = {"source_id": meeting.source_id}
    position = mention["position"]
    if mention["kind"] == "money":
        _money(context, meeting, mention, key)
    elif mention["kind"] == "lived-experience share":
        st.markdown(f"**Set a panel's lived-experience share to {safe.markdown(mention['value'])}**")
        panel = _pick(context, "panels", "Panel", f"{key}_panel")
        if st.button("Set its share", key=f"{key}_share", disabled=panel is None, type="primary"):
            writes.confirm_mention(meeting.meeting_id, position, "panels", panel,
                                   {"lived_experience_share": mention["value"], **source}, key)
    elif mention["kind"] == "share of money":
        share = safe.markdown(mention["value"])
        st.markdown(f"**Set the part of a fund decided by communities to {share} of its size**")
        fund = _pick(context, "funds", "Fund", f"{key}_part_fund")
        cells = context.read("record_cells", table="funds", record_id=fund) if fund else None
        amount = cells.get("amount_gbp") if cells else ""
        if fund and not amount:
            st.caption("That fund states no size, so its part cannot be worked out: set its size first.")
        if st.button("Set its part", key=f"{key}_part", disabled=not amount, type="primary"):
            part = round(float(amount) * values.share(mention["value"]), 2)
            writes.confirm_mention(meeting.meeting_id, position, "funds", fund,
                                   {"participatory_gbp": f"{part:g}", **source}, key)
    elif mention["kind"] == "place":
        place = mention.get("place") or mention["value"]
        st.markdown(f"**Make {safe.markdown(place)} the meeting's place**")
        already = meeting.locality_id == mention["value"]
        if already:
            st.caption("It already is.")
        if st.button("Mark it confirmed" if already else "Make it the place", key=f"{key}_place",
                     type="primary"):
            writes.confirm_mention(meeting.meeting_id, position, "meetings", meeting.meeting_id,
                                   {"locality_id": mention["value"]}, key, place=place)
    outcome = st.session_state.get(key)
    if outcome is not None and not outcome.ok:  # refused: said inside the pop-up, where the editor is
        show_outcome(outcome)


def _confirmed_words(mention: dict) -> str:
    table = str(mention.get("confirmed_as") or "").partition("|")[0]
    name = mention.get("confirmed_name")
    if table == "meetings":
        return "Confirmed as the meeting's place"
    what = {"funds": "the fund", "panels": "the panel"}.get(table, "a record")
    return f"Confirmed: {what} '{name}'" if isinstance(name, str) else "Confirmed"


def found_facts(context: PageContext, meeting) -> None:
    """Under an imported write-up: each sum, share and place it mentions, with a way to confirm it
    (or, once confirmed, what it became)."""
    found = list(meeting.mentions) if meeting.mentions is not None else []
    if not found:
        return
    editing = visitor().can_edit
    question_key = f"found_{meeting.meeting_id}"
    place_question(meeting, question_key)  # a place the import could not choose
    show_outcome(st.session_state.get(question_key))
    st.markdown("**What this write-up mentions**" + ("" if editing else
                                                     " (editors can confirm each as a record)"))
    for mention in found:
        key = f"found_{meeting.meeting_id}_{mention['position']}"
        said = mention.get("place") or mention["value"]
        words, action = st.columns([4, 1.4], vertical_alignment="center")  # "Confirm…" never cut short
        kind = SAID.get(mention["kind"], mention["kind"].capitalize())
        words.markdown(f"{safe.markdown(kind)}: **{safe.markdown(said)}** — "
                       f"“{safe.markdown(mention['context'])}”")
        with action:
            if mention.get("confirmed_as"):
                st.markdown(f":material/check_circle: {safe.markdown(_confirmed_words(mention))}")
            elif editing and mention["kind"] in CONFIRMABLE:
                with st.popover("Confirm…", key=f"{key}_open"):
                    _one(context, meeting, mention, key)
        outcome = st.session_state.get(key)
        if outcome is not None and outcome.ok:  # beside the mention it confirmed, and as a toast
            show_outcome(outcome)
            writes.toast_once(key, f"{_confirmed_words(mention)}." if mention.get("confirmed_as") else None)
