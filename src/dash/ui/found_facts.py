"""What a write-up mentions, each one a step from being a record: a sum becomes a fund or a fund's
size, a lived-experience share a panel's share, a place the meeting's place. Each is offered
pre-filled with the write-up as the fact's source, and goes through the write service like any
edit (signed, checked by the build's rules, undoable from the Activity page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dash import safe
from dash.ingest import values
from dash.ui import writes
from dash.ui.components import show_outcome
from dash.ui.frame import PageContext
from dash.ui.identity import visitor
from dash.ui.place_question import place_question

# What is listed but never offered as a record: a rate or a cost is not a fund's size.
NOT_OFFERED = frozenset({"rate or cost"})
SAID = {"rate or cost": "Rate or cost (not a fund's size)", "place asked": "Place"}


def _pounds(value: str) -> str:
    return str(values.pounds(value))


def _pick(context: PageContext, table: str, label: str, key: str) -> str | None:
    options = context.record_choices(table)
    names = dict(zip(options["id"], options["label"], strict=True))
    return st.selectbox(label, list(names), format_func=lambda i: names[i], key=key, index=None,
                        placeholder="Choose…")


def _one(context: PageContext, meeting, mention: dict, n: int, outcome_key: str) -> None:
    key = f"{outcome_key}_{n}"
    source = {"source_id": meeting.source_id}
    with st.popover("Confirm…", key=f"{key}_open"):
        if mention["kind"] == "money":
            st.markdown(f"**Create a fund of {safe.markdown(mention['value'])}**")
            name = st.text_input("The fund's name", value=meeting.title, key=f"{key}_name")
            kind = st.text_input("Kind of fund", value="grant budget", key=f"{key}_kind")
            if st.button("Create the fund", key=f"{key}_create", type="primary"):
                cells = {"name": name, "fund_kind": kind, "amount_gbp": _pounds(mention["value"]), **source}
                if isinstance(meeting.locality_id, str):
                    cells["locality_id"] = meeting.locality_id
                if pd.notna(meeting.held_on):
                    cells["reported_on"] = str(meeting.held_on)[:10]
                writes.save_record("funds", None, cells, outcome_key)
            st.markdown("**Or set a fund's size to it**")
            fund = _pick(context, "funds", "Fund", f"{key}_fund")
            if st.button("Set its size", key=f"{key}_size", disabled=fund is None):
                writes.save_record("funds", fund, {"amount_gbp": _pounds(mention["value"]), **source},
                                   outcome_key)
        elif mention["kind"] == "lived-experience share":
            st.markdown(f"**Set a panel's lived-experience share to {safe.markdown(mention['value'])}**")
            panel = _pick(context, "panels", "Panel", f"{key}_panel")
            if st.button("Set its share", key=f"{key}_share", disabled=panel is None, type="primary"):
                writes.save_record("panels", panel, {"lived_experience_share": mention["value"], **source},
                                   outcome_key)
        elif mention["kind"] == "share of money":
            share = safe.markdown(mention["value"])
            st.markdown(f"**Set the part of a fund decided by communities to {share} of its size**")
            fund = _pick(context, "funds", "Fund", f"{key}_part_fund")
            cells = context.record_cells("funds", fund) if fund else None
            amount = cells.get("amount_gbp") if cells else ""
            if fund and not amount:
                st.caption("That fund states no size, so its part cannot be worked out: set its size first.")
            if st.button("Set its part", key=f"{key}_part", disabled=not amount, type="primary"):
                part = round(float(amount) * values.share(mention["value"]), 2)
                writes.save_record("funds", fund, {"participatory_gbp": f"{part:g}", **source}, outcome_key)
        else:
            place = mention.get("place") or mention["value"]
            st.markdown(f"**Make {safe.markdown(place)} the meeting's place**")
            if meeting.locality_id == mention["value"]:
                st.caption("It already is.")
            elif st.button("Make it the place", key=f"{key}_place", type="primary"):
                writes.save_record("meetings", meeting.meeting_id, {"locality_id": mention["value"]},
                                   outcome_key)


def found_facts(context: PageContext, meeting) -> None:
    """Under an imported write-up: each sum, share and place it mentions, with a way to confirm it."""
    mentions = list(meeting.mentions) if meeting.mentions is not None else []
    if not mentions:
        return
    outcome_key = f"found_{meeting.meeting_id}"
    place_question(meeting, outcome_key)
    st.markdown("**What this write-up mentions**" + ("" if visitor().can_edit else
                                                     " (editors can confirm each as a record)"))
    for n, mention in enumerate(mentions):
        said = mention.get("place") or mention["value"]
        words, action = st.columns([4, 1.4], vertical_alignment="center")  # "Confirm…" never cut short
        kind = SAID.get(mention["kind"], mention["kind"].capitalize())
        words.markdown(f"{safe.markdown(kind)}: **{safe.markdown(said)}** — "
                       f"“{safe.markdown(mention['context'])}”")
        if visitor().can_edit and mention["kind"] not in NOT_OFFERED:
            with action:
                _one(context, meeting, mention, n, outcome_key)
    show_outcome(st.session_state.get(outcome_key))
