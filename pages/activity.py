"""Activity: every change made to the store, who made it and when, for editors and admins."""

import streamlit as st

from dash import format as fmt
from dash.export.tables import csv_bytes
from dash.safe import markdown as literal
from dash.ui.components import page_header
from dash.ui.frame import page_context
from dash.ui.record_forms import imports_panel, show_activity, undo_panel

context = page_context()
page_header("Activity", context, "Every import, review and change of role, newest first, signed by whoever "
            "made it. Filters do not apply here: this is the whole record. Open a row's link to see what "
            "it changed.")
activity = context.read("activity")
if activity.empty:
    st.info("Nothing has been changed since the records were set up: imports, reviews and "
            "changes of role will be listed here.")
    st.stop()

undo_panel(context)
newest = activity.iloc[0]
st.markdown(f"**{fmt.count(len(activity), 'change')}**; the newest on {newest['When (UK time)']} by "
            f"{literal(newest['Who'])}.")
show_activity(activity)
st.download_button("Download every change (CSV)", csv_bytes(activity.drop(columns=["Open"])), "activity.csv",
                   mime="text/csv", icon=":material/download:", key="activity_csv")

imports_panel(context)
