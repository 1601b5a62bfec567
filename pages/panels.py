"""Panels: who decides, how many have lived experience, and whether they are paid and trained."""

from dash import catalogue
from dash.ui.components import page_header, show_chart
from dash.ui.frame import page_context

context = page_context()
page_header("Decision panels", context, "Only counts and shares are kept about panel members, "
            "never a record per person.")
CHARTS = catalogue.PAGE_CHARTS["panels"]
context.prefetch(CHARTS)
for name in CHARTS:
    show_chart(context.chart(name))
