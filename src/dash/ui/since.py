"""The "Since we last met" page's own glue: its day picker (kept in the Filters value and the link as
``?since=``) and its lines, each drawn through the safe renderer with a link to where it is shown."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dash import format as fmt
from dash.filters import SINCE
from dash.safe import markdown as literal
from dash.since import ChangesSince
from dash.ui.documents import deck_download, pack_controls
from dash.ui.frame import SINCE_KEY, PageContext

CHARTS = ["themes_since"]  # the page's own chart, in its deck and pack after the summary

EARLIEST = dt.date(2000, 1, 1)  # the picker's range: a day from a link outside it is brought inside


def pick_since(context: PageContext) -> dt.date:
    """The day the page counts from: the link's or the person's, else the last meeting's (said in
    words under the picker)."""
    today = dt.date.today()
    default, why = context.read("since_default", today=today)
    chosen = st.session_state.get(SINCE_KEY) or context.filters.since or default
    st.session_state[SINCE_KEY] = min(max(chosen, EARLIEST), today)
    picked = st.date_input("Changes made since", key=SINCE_KEY, min_value=EARLIEST, max_value=today,
                           format="DD/MM/YYYY",
                           help="Every change made from the start of this day (UK time) is listed.")
    if picked and st.query_params.get(SINCE) != picked.isoformat():  # the link holds the day shown
        st.query_params[SINCE] = picked.isoformat()
    if picked == default:
        st.caption(f"Opened on {literal(why)}.")
    else:
        st.caption(f"The last meeting in the store for this filter was on {literal(fmt.long_date(default))}.")
    return picked or default


def show_changes(found: ChangesSince) -> None:
    """Each section's lines, newest first, each linking to the page and filter that show it; stored
    text (titles, key points, names) shown as the characters it is."""
    st.markdown(f"**{literal(found.headline)}**")
    if not found.count:  # a quiet period is its one sentence, as in the board pack
        return
    for section in found.sections:
        st.subheader(f"{literal(section.title)} ({len(section.lines)})")
        if not section.lines:
            st.caption(literal(section.none))
        for line in section.lines:
            # one Markdown block: on its own, the details' block was dedented by Streamlit and lost its
            # nesting under the line
            st.markdown("\n".join([f"- {literal(line.text)} [Open {line.where}]({line.link})",
                                   *(f"    - {literal(detail)}" for detail in line.details)]))


def take_away(context: PageContext, found: ChangesSince) -> None:
    """The deck (a slide counting what changed, then the themes chart) and the board pack (these
    lines, then the chart) for the day shown."""
    st.subheader("Take it into the meeting")
    deck_download(context, CHARTS, since=found)
    pack_controls(context, CHARTS, since=found)
