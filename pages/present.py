"""Present: the current view as slides for a projector, one chart each, moved by button or keyboard.

The slide number and the chosen charts live in the link (``?slide=4&charts=fund_sizes,theme_counts``)
with the filter, so a presenter can reopen slide 4 of the same deck.
"""

import html
from urllib.parse import urlencode

import streamlit as st

from dash import catalogue
from dash.filters import LINK_LIST_CHARS
from dash.safe import markdown as literal
from dash.ui.components import SLIDE_CSS, show_slide, show_slide_comparison
from dash.ui.documents import deck_download, pack_controls
from dash.ui.frame import link_value, page_context

context = page_context()
filters = context.filters

st.html(SLIDE_CSS)

in_link = link_value("charts", ("a list of charts", "lists of charts"), LINK_LIST_CHARS)
names, unknown = catalogue.parse_names(in_link)
if "present_charts" not in st.session_state:
    st.session_state["present_charts"] = names


def _choose() -> None:
    st.query_params["charts"] = ",".join(st.session_state["present_charts"])
    st.query_params["slide"] = "1"


def _slide_in_link() -> int:
    """The slide the link names, kept within the deck (the first, if it names none or nonsense)."""
    requested = st.query_params.get("slide", "1")
    if not (requested.isdigit() and len(requested) <= 3):  # a deck is never 1,000 slides long
        return 1
    return max(1, min(len(names), int(requested)))


def _move(step: int) -> None:
    st.query_params["slide"] = str(max(1, min(len(names), _slide_in_link() + step)))


def _choose_slides() -> None:
    st.multiselect("Charts, in the order shown", options=list(catalogue.CATALOGUE),
                   format_func=lambda name: catalogue.CATALOGUE[name].label, key="present_charts",
                   on_change=_choose)

if len(unknown) == 1:
    st.warning(f"The link named a chart '{literal(unknown[0])}' that does not exist; it was left out.")
elif unknown:
    quoted = ", ".join(f"'{literal(name[:60])}'" for name in unknown[:3])
    st.warning(f"The link named {len(unknown):,} charts that do not exist ({quoted}"
               + (f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else "") + "); they were left out.")
if not names:
    _choose_slides()
    st.info("No charts are chosen. Pick some above.")
    st.stop()
slide = _slide_in_link()
if st.query_params.get("slide", "1") != str(slide):
    st.query_params["slide"] = str(slide)
if st.query_params.get("charts") != ",".join(names):  # what the link named that could not be shown goes
    st.query_params["charts"] = ",".join(names)

with st.container(key="slide"):  # the viewport's height, whatever the projector: SLIDE_CSS
    with st.container(horizontal=True, vertical_alignment="center", key="slide_controls"):
        st.caption(f"Slide {slide} of {len(names)} · Showing {context.coverage}.",
                   help="The ← and → keys move between slides.")
        st.button("Previous", on_click=_move, args=(-1,), shortcut="Left", disabled=slide == 1,
                  key="slide_back")
        st.button("Next", on_click=_move, args=(1,), shortcut="Right", disabled=slide == len(names),
                  key="slide_next", type="primary")
        with st.popover("Slides", icon=":material/view_carousel:"):
            _choose_slides()
        with st.popover("Take away", icon=":material/download:"):
            # a link with ?since= (from the Since page) takes what changed since that day along too
            since = context.read("changes_since") if filters.since else None
            deck_download(context, names, since=since)
            pack_controls(context, names, since=since)
        # In this tab, keeping the filter (a Markdown link opens a new tab); the query is URL-encoded
        # and escaped, so no stored or linked text becomes markup.
        leave = html.escape(f"./?{urlencode(filters.to_query(), doseq=True)}")
        st.markdown(f'<a href="{leave}" target="_self">Leave</a>', unsafe_allow_html=True)
    if context.comparing:  # the two views side by side, as on the pages
        show_slide_comparison(context.compare(names[slide - 1]))
    else:
        show_slide(context.chart(names[slide - 1]))
