"""The one colour palette and chart template, for screen, projector and exported images.

Okabe–Ito colours: safe for the common forms of colour blindness and strong
enough to survive a washed-out projector. Type is large so a chart reads from
the back of a room.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILION = "#D55E00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#6B6B6B"
INK = "#111111"

SERIES = (BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, YELLOW)
# Light to dark blue, for money on the map.
SEQUENTIAL = ("#DCEAF5", "#9CC3E4", "#56B4E9", "#0072B2", "#003F63")

FONT_FAMILY = "Source Sans Pro, Arial, Helvetica, sans-serif"
TEMPLATE_NAME = "trustee"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT_FAMILY, "size": 18, "color": INK},
        title={"font": {"size": 24}, "x": 0, "xanchor": "left"},
        colorway=list(SERIES),
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"font": {"size": 17}, "bgcolor": "white"},
        # The key above the plot, left-aligned: below it (y=-0.2, a fraction of the height) it sat
        # over the axis title on a short chart at 1280 px ("Decided by the organisation" on "Pounds").
        legend={"font": {"size": 17}, "orientation": "h", "x": 0, "xanchor": "left", "y": 1.02,
                "yanchor": "bottom", "traceorder": "normal"},
        margin={"l": 20, "r": 40, "t": 30, "b": 60},
        xaxis={"gridcolor": "#D9D9D9", "linecolor": INK, "ticks": "outside", "automargin": True,
               "title": {"font": {"size": 18}}},
        yaxis={"gridcolor": "#D9D9D9", "linecolor": INK, "automargin": True,
               "title": {"font": {"size": 18}}},
    )
)
pio.templates[TEMPLATE_NAME] = TEMPLATE


def make_trustee_template_the_default() -> None:
    """Every new figure starts with the trustee template: Plotly applies a default without re-checking
    it, where setting it on each figure costs a few milliseconds a chart, on every filter change.

    Called before each figure is made, not only once here: importing Streamlit's ``st.plotly_chart``
    sets Plotly's default to Streamlit's own template, so whichever is imported last would win, and a
    server that imported the charts before Streamlit drew every chart in Plotly's fonts and margins
    (long names ran off the left edge)."""
    if pio.templates.default != TEMPLATE_NAME:
        pio.templates.default = TEMPLATE_NAME


make_trustee_template_the_default()
