"""Map: districts coloured by money in funds; clicking one applies it as the area filter."""

import streamlit as st

from dash.ui import frame
from dash.ui.components import page_header, show_named
from dash.ui.frame import page_context

context = page_context()
page_header("Map", context, "Drawn from ONS boundaries shipped with the dashboard: no internet needed.")

chart = context.chart("money_map")


def _apply_clicked_area() -> None:
    selection = st.session_state.get("chart_money_map")
    points = selection.selection.points if selection else []
    for point in points:
        data = point.get("customdata")
        if data:
            frame.set_locality(data[0])
            return


def _apply_picked_area() -> None:
    if st.session_state.get("map_pick"):
        frame.set_locality(st.session_state["map_pick"])
        st.session_state["map_pick"] = None


show_named(context, "money_map", on_select=_apply_clicked_area)
if not chart.is_empty:
    names = dict(zip(chart.table["ONS code"], chart.table["District"], strict=True))
    st.selectbox(
        "Click an area on the map, or pick one here, to filter every page to it",
        options=list(names), format_func=names.get, index=None, key="map_pick",
        placeholder="Pick an area", on_change=_apply_picked_area,
    )
# Beside the total, the same money per resident: a big district's total can hide a thin spread.
show_named(context, "funds_per_head_map")
