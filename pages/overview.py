"""Overview: the headline figures for the current filter and each page's main chart, small."""

import streamlit as st

from dash import catalogue
from dash import format as fmt
from dash.ui.components import chart_grid, metric_pairs, metric_row, page_header, show_named
from dash.ui.frame import page_context

context = page_context()
page_header("Where does our money go, who decides, and what are people telling us?", context)

figures = context.read("headline")
if context.comparing:  # each view's figures under its name, the differences in words, charts side by side
    labels = context.labels()
    rows, differences = catalogue.headline_pairs(figures, context.read_beside("headline"), labels)
    metric_pairs(labels, rows, differences)
    for name in catalogue.OVERVIEW_CHARTS:
        show_named(context, name, compact=True)
else:
    metric_row([
        ("Funds", f"{figures.funds}", f"{figures.funds_with_amount} with a stated size"),
        ("Money in funds", fmt.money(figures.money_gbp), fmt.money_exact(figures.money_gbp)),
        ("Decided by communities", fmt.percent(figures.participatory_share, missing="–"),
         f"{fmt.money_exact(figures.participatory_gbp)} of the money is decided by people outside "
         "the organisation that holds it"),
    ])
    lived_value, lived_words = figures.lived_experience_words()
    metric_row([
        ("Panels", f"{figures.panels}", ""),
        ("Panels stating a lived-experience share", lived_value, lived_words),
        ("Meetings", f"{figures.meetings}", "Meetings, events and published write-ups"),
        ("Key points", f"{figures.key_points}", ""),
    ])
    st.caption(lived_words)

    chart_grid([context.chart(name, compact=True) for name in catalogue.OVERVIEW_CHARTS])
