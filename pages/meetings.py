"""Meetings: every meeting and write-up in the filter, its key points, and its source."""

import streamlit as st

from dash import format as fmt
from dash.charts import meetings as meeting_charts
from dash.queries import meetings
from dash.ui.components import page_header, show_chart, source_caption
from dash.ui.frame import page_context

context = page_context()
cursor, filters = context.cursor, context.filters
page_header("Meetings and write-ups", context)

search = st.text_input("Search titles and key points", key="meeting_search", placeholder="e.g. trust")
found = meetings.meetings(cursor, filters, search)
points = meetings.key_points(cursor, filters, search)

if found.empty:
    st.info("No meeting matches" + (f" '{search}'" if search else "") + " in this filter. "
            "Try another word, a wider area, or clear the filters.")
else:
    st.markdown(f"{fmt.count(len(found), 'meeting or write-up', 'meetings and write-ups')}"
                + (f" mention '{search}'." if search else "."))
    for _, meeting in found.iterrows():
        with st.expander(f"{meeting['title']} — {fmt.long_date(meeting['held_on'])}", expanded=bool(search)):
            organiser = meeting["organiser"] or "not stated"
            place = f" in {meeting['locality']}" if isinstance(meeting["locality"], str) else ""
            st.markdown(f"**{meeting['kind'].capitalize()}** organised by {organiser}{place}")
            if isinstance(meeting["speakers"], str):
                st.markdown(f"**Speakers:** {meeting['speakers']}")
            if isinstance(meeting["places_discussed"], str):
                st.markdown(f"**Places discussed:** {meeting['places_discussed']}")
            own = points[points["meeting_id"] == meeting["meeting_id"]]
            st.markdown("\n".join(
                f"{row['position']}. " + (f"**{row['text']}**" if row["matches_search"] else row["text"])
                for _, row in own.iterrows()
            ))
            st.caption("Key points in our own words. Source: " + source_caption(meeting))

show_chart(meeting_charts.meetings_per_year(meetings.meetings_per_year(cursor, filters)))
