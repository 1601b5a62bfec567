"""Grants: a funder's published 360Giving grants by amount band, year, place, recipient and fund."""

import streamlit as st

from dash import catalogue
from dash.charts import grants as grant_charts
from dash.ingest.giving360 import GrantsFileError
from dash.ingest.grants_import import GrantsImportError, import_360
from dash.paths import NotAFileStore, store_path
from dash.store import StoreBusy
from dash.ui.components import page_header, show_chart
from dash.ui.frame import page_context

context = page_context()
page_header("Grants", context, "Grants published in the 360Giving Data Standard, the format GrantNav uses. "
            "Grants follow the area and period filters; the organisation filter keeps grants linked to "
            "that organisation's funds.")

has_grants = context.has_grants()
totals = context.grant_totals()
st.markdown(f"**{grant_charts.totals_sentence(totals)}**")
if has_grants:
    for name in catalogue.PAGE_CHARTS["grants"]:
        show_chart(context.chart(name))
else:
    st.info("No grants have been imported yet. Upload your foundation's 360Giving file below.")

with st.expander("Import a 360Giving file", expanded=not has_grants):
    st.caption("CSV or Excel in the standard's spreadsheet form (columns such as 'Amount Awarded' and "
               "'Recipient Org:Name'), or its JSON form. Grants are checked against the standard first: "
               "errors stop the import and change nothing; warnings are listed for you to fix at source. "
               "Importing the same grants again updates them rather than counting them twice.")
    upload = st.file_uploader("360Giving file", type=["csv", "xlsx", "json"], key="grants_file")
    if st.button("Import grants", disabled=upload is None, key="grants_import"):
        try:
            st.session_state["grants_report"] = import_360(store_path(), upload.getvalue(), upload.name)
        except GrantsImportError as error:
            st.error(f"{error.report.filename} was not imported; nothing was changed.")
            st.code("\n".join(error.report.lines()), language=None)
        except (GrantsFileError, StoreBusy, NotAFileStore) as error:
            st.error(f"{error} Nothing was imported.")
        else:
            st.rerun()  # so every chart includes the new grants
    report = st.session_state.pop("grants_report", None)
    if report is not None:
        st.success(f"Imported {report.grants} grants from {report.filename}: {report.new} new, "
                   f"{report.updated} updated; {report.without_location} with no place we can map, "
                   f"{report.linked_to_funds} linked to a fund.")
        if report.lines():
            st.code("\n".join(report.lines()), language=None)
