"""Funds: how big each fund is, how much communities decide, and where the money sits."""

from dash import catalogue
from dash.ui.components import page_header, show_chart
from dash.ui.frame import page_context

context = page_context()
page_header("Funds", context, "Each fund's size, the part decided by people outside the organisation "
            "that holds it, and the money by place and by organisation.")
CHARTS = catalogue.PAGE_CHARTS["funds"]
context.prefetch(CHARTS)
for name in CHARTS:
    show_chart(context.chart(name))
