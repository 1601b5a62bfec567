"""Under an imported write-up whose place the import could not choose: "the write-up names Leeds and
Camden: which is the meeting's place?", one button a place. An answer is an edit of the meeting's
place through the write service, as "Make it the place" is (signed, undoable from the Activity page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dash import safe
from dash.ui import writes
from dash.ui.identity import visitor


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def asked_places(meeting) -> list[dict]:
    """The places the import asks about, while the meeting has no place."""
    if isinstance(meeting.locality_id, str) and meeting.locality_id:
        return []
    mentions = list(meeting.mentions) if meeting.mentions is not None else []
    return [m for m in mentions if m["kind"] == "place asked" and not pd.isna(m.get("place"))]


def place_question(meeting, outcome_key: str) -> None:
    """The question and its buttons (for editors), or the question alone (for readers)."""
    asked = asked_places(meeting)
    if not asked:
        return
    names = [m["place"] for m in asked]
    question = (f"The write-up names {_names(names)}: which is the meeting's place?" if len(names) > 1
                else f"The write-up names {names[0]} only in passing: is it the meeting's place?")
    st.markdown(f"**{safe.markdown(question)}**")
    if not visitor().can_edit:
        st.caption("An editor can answer it.")
        return
    for column, mention in zip(st.columns(len(asked) + 1), asked, strict=False):
        if column.button(mention["place"], key=f"{outcome_key}_asked_{mention['value']}"):
            writes.save_record("meetings", meeting.meeting_id, {"locality_id": mention["value"]}, outcome_key)
