"""Themes: which themes keep coming back across meetings."""

import streamlit as st

from dash.charts import themes as theme_charts
from dash.queries import themes
from dash.ui.components import page_header, show_chart
from dash.ui.frame import page_context

context = page_context()
cursor, filters = context.cursor, context.filters
page_header("Recurring themes", context)

if themes.coded_key_point_count(cursor) == 0:
    st.info(
        "No key point has been coded with a theme yet, so there is nothing to count. "
        "The key points themselves are on the Meetings page."
    )
else:
    include = st.toggle("Also count machine suggestions not yet reviewed", value=False)
    show_chart(theme_charts.theme_counts(themes.theme_counts(cursor, filters, include)))
