"""Overview: the headline figures for the current filter and each page's main chart, small."""

import streamlit as st

from dash import format as fmt
from dash.charts import funds as fund_charts
from dash.charts import maps
from dash.charts import meetings as meeting_charts
from dash.charts import panels as panel_charts
from dash.charts import themes as theme_charts
from dash.geo import district_boundaries
from dash.queries import funds, meetings, panels, places, summary, themes
from dash.ui.components import metric_row, page_header, show_chart
from dash.ui.frame import page_context

context = page_context()
cursor, filters = context.cursor, context.filters
page_header("Where does our money go, who decides, and what are people telling us?", context)

figures = summary.headline(cursor, filters)
metric_row([
    ("Funds", f"{figures.funds}", f"{figures.funds_with_amount} with a stated size"),
    ("Money in funds", fmt.money(figures.money_gbp), fmt.money_exact(figures.money_gbp)),
    ("Decided by communities", fmt.percent(figures.participatory_share, missing="–"),
     f"{fmt.money_exact(figures.participatory_gbp)} of the money is decided by people outside "
     "the organisation that holds it"),
])
metric_row([
    ("Panels", f"{figures.panels}", ""),
    ("Lived-experience share", fmt.percent(figures.average_lived_experience_share, missing="–"),
     f"Average across the {figures.panels_with_share} panel(s) that state a share"),
    ("Meetings", f"{figures.meetings}", "Meetings, events and published write-ups"),
    ("Key points", f"{figures.key_points}", ""),
])

left, right = st.columns(2)
with left:
    show_chart(fund_charts.fund_sizes(funds.funds(cursor, filters)), compact=True)
    with_suggestions = themes.accepted_code_count(cursor) == 0  # as the Themes page does by default
    show_chart(theme_charts.theme_counts(themes.theme_counts(cursor, filters, with_suggestions),
                                         with_suggestions), compact=True)
    show_chart(meeting_charts.meetings_per_year(meetings.meetings_per_year(cursor, filters)), compact=True)
with right:
    show_chart(panel_charts.lived_experience_shares(panels.panels(cursor, filters)), compact=True)
    show_chart(
        maps.money_map(places.money_by_district(cursor, filters), places.boundary_codes(cursor),
                       district_boundaries()),
        compact=True,
    )
