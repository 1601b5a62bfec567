"""Meetings: every meeting and write-up in the filter, its key points, and its source."""

import streamlit as st

from dash import format as fmt
from dash.ingest.meeting_notes import import_notes
from dash.ingest.notes import NotesError
from dash.paths import NotAFileStore, store_path
from dash.store import StoreBusy
from dash.themes.evidence import highlight
from dash.ui.components import page_header, show_chart, source_caption
from dash.ui.frame import page_context

context = page_context()
page_header("Meetings and write-ups", context)

search = st.text_input("Search titles and key points", key="meeting_search", placeholder="e.g. trust")
found = context.meetings(search)

if found.empty:
    st.info("No meeting matches" + (f" '{search}'" if search else "") + " in this filter. "
            "Try another word, a wider area, or clear the filters.")
else:
    total = int(found["total"].iloc[0])
    st.markdown(f"{fmt.count(total, 'meeting or write-up', 'meetings and write-ups')}"
                + (f" mention '{search}'" if search else "")
                + (f"; the newest {len(found)} are listed: search or narrow the filter for others."
                   if total > len(found) else "."))
    for meeting in found.itertuples(index=False):
        with st.expander(f"{meeting.title} — {fmt.long_date(meeting.held_on)}", expanded=bool(search)):
            about = [f"**{meeting.kind.capitalize()}** organised by {meeting.organiser or 'not stated'}"
                     + (f" in {meeting.locality}" if isinstance(meeting.locality, str) else "")]
            if isinstance(meeting.speakers, str):
                about.append(f"**Speakers:** {meeting.speakers}")
            if isinstance(meeting.places_discussed, str):
                about.append(f"**Places discussed:** {meeting.places_discussed}")
            points = [  # escaped: imported text must not be read as Markdown or HTML
                f"{point['position']}. " + (f"**{highlight(point['text'], None)}**" if point["matches_search"]
                                            else highlight(point["text"], None))
                for point in meeting.key_points
            ]
            st.markdown("\n\n".join(about) + "\n\n" + "\n".join(points))
            st.caption("Key points in our own words. Source: " + source_caption(meeting._asdict()))

show_chart(context.chart("meetings_per_year"))

with st.expander("Import a meeting write-up", expanded="notes_report" in st.session_state):
    st.caption("A text, Markdown or HTML file. Key points are read from its bulleted or numbered lists, "
               "or from the paragraphs under a heading such as 'Key points'; each is coded with the theme "
               "codebook. Sums of money, lived-experience shares and places are listed for you to check: "
               "nothing becomes a fund or panel by itself.")
    upload = st.file_uploader("Write-up file", type=["txt", "md", "markdown", "html", "htm"],
                              key="notes_file")
    left, middle, right = st.columns(3)
    title = left.text_input("Title (optional)", key="notes_title")
    held_on = middle.date_input("Date (optional)", value=None, key="notes_held_on", format="DD/MM/YYYY")
    place = right.text_input("Place: ONS code or name (optional)", key="notes_place")
    if st.button("Import", disabled=upload is None, key="notes_import"):
        try:
            st.session_state["notes_report"] = import_notes(
                store_path(), upload.getvalue(), upload.name, title=title or None, held_on=held_on,
                locality=place or None,
            )
        except (NotesError, StoreBusy, NotAFileStore) as error:
            st.error(f"{error} Nothing was imported.")
        else:
            st.rerun()  # so every count on the page includes the new meeting
    report = st.session_state.pop("notes_report", None)
    if report is not None:
        if report.already_imported:
            st.info(f"This file was already imported as '{report.title}'. Nothing changed.")
        else:
            st.success(f"Imported '{report.title}' ({fmt.long_date(report.held_on)}) with "
                       f"{fmt.count(len(report.key_points), 'key point')}.")
        st.dataframe(report.key_point_table(), hide_index=True, width="stretch")
        if report.mentions:
            st.markdown("**To check by hand** (not added as funds or panels):")
            st.dataframe(report.mention_table(), hide_index=True, width="stretch")
