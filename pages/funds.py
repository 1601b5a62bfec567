"""Funds: how big each fund is, how much communities decide, and where the money sits."""

from dash.charts import funds as fund_charts
from dash.queries import funds
from dash.ui.components import page_header, show_chart
from dash.ui.frame import page_context

context = page_context()
cursor, filters = context.cursor, context.filters
page_header("Funds", context, "Each fund's size, the part decided by people outside the organisation "
            "that holds it, and the money by place and by organisation.")

fund_rows = funds.funds(cursor, filters)
show_chart(fund_charts.fund_sizes(fund_rows))
show_chart(fund_charts.participatory_part(fund_rows))
show_chart(fund_charts.money_by_group(funds.money_by_locality(cursor, filters), "locality", "place"))
show_chart(fund_charts.money_by_group(
    funds.money_by_organisation(cursor, filters), "organisation", "organisation"
))
