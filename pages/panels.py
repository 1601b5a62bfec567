"""Panels: who decides, how many have lived experience, and whether they are paid and trained."""

from dash import catalogue
from dash.ui.components import page_header, show_named
from dash.ui.frame import page_context
from dash.ui.record_forms import record_form

context = page_context()
page_header("Decision panels", context, "Only counts and shares are kept about panel members, "
            "never a record per person.")
record_form(context, "panels")
for name in catalogue.PAGE_CHARTS["panels"]:
    show_named(context, name)
