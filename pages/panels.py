"""Panels: who decides, how many have lived experience, and whether they are paid and trained."""

from dash.charts import panels as panel_charts
from dash.queries import panels
from dash.ui.components import page_header, show_chart
from dash.ui.frame import page_context

context = page_context()
cursor, filters = context.cursor, context.filters
page_header("Decision panels", context, "Only counts and shares are kept about panel members, "
            "never a record per person.")

panel_rows = panels.panels(cursor, filters)
show_chart(panel_charts.lived_experience_shares(panel_rows))
show_chart(panel_charts.pay_and_training(panel_rows))
show_chart(panel_charts.share_against_fund_size(panel_rows))
