"""Meetings: every meeting and write-up in the filter, its key points, and its source."""

import streamlit as st

from dash import format as fmt
from dash.filters import LINK_CHARS
from dash.safe import markdown as literal
from dash.themes.evidence import highlight
from dash.ui.components import page_header, show_named, show_outcome, source_caption
from dash.ui.found_facts import found_facts
from dash.ui.frame import page_context, take_from_link
from dash.ui.identity import may_edit
from dash.ui.record_forms import record_form
from dash.ui.writes import import_write_up, tried

context = page_context()
page_header("Meetings and write-ups", context)

take_from_link("search", "meeting_search", ("a search", "searches"))  # the Activity page's link
search = st.text_input("Search titles and key points", key="meeting_search", placeholder="e.g. trust",
                       max_chars=LINK_CHARS)
found = context.read("meetings", search=search.strip())

if found.empty:
    # the search may come from a link (``?search=``): its text is shown as characters, never as Markdown
    st.info("No meeting matches" + (f" '{literal(search)}'" if search else "") + " in this filter. "
            "Try another word, a wider area, or clear the filters.")
else:
    total = int(found["total"].iloc[0])
    st.markdown(f"{fmt.count(total, 'meeting or write-up', 'meetings and write-ups')}"
                + (f" mention '{literal(search)}'" if search else "")
                + (f"; the newest {len(found)} are listed: search or narrow the filter for others."
                   if total > len(found) else "."))
    for meeting in found.itertuples(index=False):
        label = f"{literal(meeting.title)} — {fmt.long_date(meeting.held_on)}"
        with st.expander(label, expanded=bool(search)):
            organiser = meeting.organiser if isinstance(meeting.organiser, str) else None
            about = [f"**{literal(meeting.kind.capitalize())}**"
                     + (f" organised by {literal(organiser)}" if organiser else "")
                     + (f" in {literal(meeting.locality)}" if isinstance(meeting.locality, str) else "")]
            if isinstance(meeting.speakers, str):
                about.append(f"**Speakers:** {literal(meeting.speakers)}")
            if isinstance(meeting.places_discussed, str):
                about.append(f"**Places discussed:** {literal(meeting.places_discussed)}")
            points = [  # escaped: imported text must not be read as Markdown or HTML
                f"{point['position']}. " + (f"**{highlight(point['text'], None)}**" if point["matches_search"]
                                            else highlight(point["text"], None))
                for point in meeting.key_points
            ]
            st.markdown("\n\n".join(about) + "\n\n" + "\n".join(points))
            words = ("Key points as the imported file gives them" if meeting.kind == "imported write-up"
                     else "Key points in our own words")
            st.caption(f"{words}. Source: " + source_caption(meeting._asdict()))
            found_facts(context, meeting)

show_named(context, "meetings_per_year")

record_form(context, "meetings")
record_form(context, "insights")
record_form(context, "speakers")
record_form(context, "meeting_places")

if may_edit("import a meeting write-up"):
    with st.expander("Import a meeting write-up", expanded=tried("notes_outcome")):
        st.caption("A text, Markdown or HTML file. Key points are read from its bulleted or numbered "
                   "lists, or from the paragraphs under a heading such as 'Key points'; each is coded with "
                   "the theme codebook. Sums of money, lived-experience shares and places it mentions are "
                   "listed under the meeting, each with a way to confirm it as a fund, a fund's size, a "
                   "panel's share or the meeting's place: nothing becomes a record by itself.")
        upload = st.file_uploader("Write-up file", type=["txt", "md", "markdown", "html", "htm"],
                                  key="notes_file")
        left, middle, right = st.columns(3)
        title = left.text_input("Title (optional)", key="notes_title")
        held_on = middle.date_input("Date (optional)", value=None, key="notes_held_on", format="DD/MM/YYYY")
        place = right.text_input("Place: ONS code or name (optional)", key="notes_place")
        if st.button("Import", disabled=upload is None, key="notes_import"):
            import_write_up(upload, "notes_outcome", title=title or None, held_on=held_on,
                            locality=place or None)
        outcome = st.session_state.pop("notes_outcome", None)
        show_outcome(outcome)
        report = outcome.report if outcome is not None else None
        if report is not None:
            st.dataframe(report.key_point_table(), hide_index=True, width="stretch")
            if report.mentions:
                st.markdown("**Mentioned** (confirm each under the meeting in the list above):")
                st.dataframe(report.mention_table(), hide_index=True, width="stretch")
            for note in report.notes:
                st.warning(note)
