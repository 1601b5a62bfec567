"""Funds: how big each fund is, how much communities decide, and where the money sits."""

from dash import catalogue
from dash.ui.components import page_header, show_named
from dash.ui.frame import page_context
from dash.ui.record_forms import record_form

context = page_context()
page_header("Funds", context, "Each fund's size, the part decided by people outside the organisation "
            "that holds it, and the money by place and by organisation.")
record_form(context, "funds")
record_form(context, "organisations")
record_form(context, "sources")
for name in catalogue.PAGE_CHARTS["funds"]:
    show_named(context, name)
