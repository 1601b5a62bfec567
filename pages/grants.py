"""Grants: a funder's published 360Giving grants by amount band, year, place, recipient and fund."""

import streamlit as st

from dash import catalogue
from dash.charts import grants as grant_charts
from dash.charts.compare import heading as view_heading
from dash.safe import markdown as literal
from dash.ui.components import page_header, show_named
from dash.ui.frame import page_context
from dash.ui.grant_report import show_grants_outcome
from dash.ui.identity import may_edit
from dash.ui.writes import day_first_box, import_grants, tried

context = page_context()
page_header("Grants", context, "Grants published in the 360Giving Data Standard, the format GrantNav uses. "
            "Grants follow the area and period filters; the organisation filter keeps grants linked to "
            "that organisation's funds.")

has_grants = context.read("grant_count") > 0  # in the store, whatever the filter
totals = context.read("grant_totals")
if context.comparing:  # each view's grants, under its name
    beside = context.read_beside("grant_totals")
    for label, view_totals in zip(context.labels(), (totals, beside), strict=True):
        st.markdown(f"**{literal(view_heading(label))}:** {grant_charts.totals_sentence(view_totals)}")
else:
    st.markdown(f"**{grant_charts.totals_sentence(totals)}**")

# The import above the charts, and what it found under its button: where the editor is looking.
if may_edit("import a 360Giving file"):
    with st.expander("Import a 360Giving file", expanded=not has_grants or tried("grants_outcome")):
        st.caption("CSV or Excel in the standard's spreadsheet form (columns such as 'Amount Awarded' and "
                   "'Recipient Org:Name'), or its JSON form. Grants are checked against the standard first: "
                   "errors stop the import and change nothing; warnings are listed for you to fix at source. "
                   "Importing the same grants again updates them rather than counting them twice.")
        upload = st.file_uploader("360Giving file", type=["csv", "xlsx", "json"], key="grants_file")
        day_first = day_first_box()
        if st.button("Import grants", disabled=upload is None, key="grants_import"):
            import_grants(upload, "grants_outcome", day_first=day_first)
    show_grants_outcome(st.session_state.pop("grants_outcome", None))  # groups are expanders: not nested

if has_grants:
    for name in catalogue.PAGE_CHARTS["grants"]:
        show_named(context, name)
else:
    st.info("No grants have been imported yet. Editors import a foundation's 360Giving file above.")
