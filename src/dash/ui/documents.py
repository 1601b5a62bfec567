"""The deck and the board pack of the current view (both views side by side when comparing),
offered from the Present page.

The deck is made when its button is clicked (Streamlit's deferred download). The board pack takes
several seconds to print, and printing can fail on a machine without Chromium, so it is made in
the page's own run behind a "Make" button, with a spinner, and the page then offers the PDF, or
says in one sentence why it could not be made: a deferred download that fails shows only
Streamlit's "Failed to generate file for download".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from dash.charts import Chart
from dash.charts.compare import Comparison
from dash.errors import log_unexpected, unexpected_message
from dash.export.deck import build_deck
from dash.export.pack import PackUnavailable, build_pack
from dash.since import ChangesSince
from dash.ui.frame import PageContext

_PACK = "board_pack"  # session state: the last pack made, for the view it was made of


@dataclass(frozen=True)
class MadePack:
    view: tuple  # what it shows: the filter and charts and the store's version
    pdf: bytes | None
    problem: str = ""


def _view(context: PageContext, names: list[str], since: ChangesSince | None = None) -> tuple:
    return (context.filters, tuple(names), context.store_version, since.since if since else None)


def shown(context: PageContext, names: list[str]) -> list[Chart | Comparison]:
    """The charts as the screen shows them: each for both views side by side when comparing."""
    return [context.compare(n) if context.comparing else context.chart(n) for n in names]


def deck_download(context: PageContext, names: list[str], since: ChangesSince | None = None) -> None:
    """The PowerPoint deck of ``names`` for this view, made when clicked, as the screen shows it;
    ``since``: with the "Since we last met" slide counting what changed since its day first."""
    st.download_button(
        "Deck (PowerPoint)", on_click="ignore", key="deck_download", icon=":material/download:",
        data=lambda: build_deck(shown(context, names), context.coverage,
                                store_version=context.read("store_version_words"), since=since),
        file_name=f"trustee-dashboard-{dt.date.today():%Y-%m-%d}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )


def qdpx_download(context: PageContext) -> None:
    """The meetings in this filter, their key points, the codebook and the codes as a REFI-QDA project
    (QualCoder, NVivo, MAXQDA, ATLAS.ti), made when clicked."""
    st.download_button(
        "Coding for QualCoder or NVivo (.qdpx)", on_click="ignore", key="qdpx_download",
        icon=":material/download:",
        data=lambda: context.read("qdpx_file"),
        file_name=f"trustee-dashboard-coding-{dt.date.today():%Y-%m-%d}.qdpx", mime="application/zip",
        help="A REFI-QDA project: each meeting's key points as a text, the themes as codes, and every code "
             "the charts count (who accepted it, or how it was suggested).",
    )


def _make_pack(context: PageContext, names: list[str], since: ChangesSince | None) -> MadePack:
    view = _view(context, names, since)
    try:
        with st.spinner("Printing the board pack…"):
            pdf = build_pack(shown(context, names), context.coverage,
                             context.read("store_version_words"), since=since)
        return MadePack(view, pdf)
    except PackUnavailable as error:
        return MadePack(view, None, str(error))
    except Exception:  # a fault in the program: logged with a reference, never shown raw
        reference = log_unexpected("printing a board pack")
        return MadePack(view, None, unexpected_message("printing the board pack", reference))


def pack_controls(context: PageContext, names: list[str], since: ChangesSince | None = None) -> None:
    """"Make the board pack (PDF)", then its download; or why it could not be made. ``since``: with
    the "Since we last met" section, the page's lines, after the title page."""
    made: MadePack | None = st.session_state.get(_PACK)
    if made is not None and made.view != _view(context, names, since):
        made = None  # made for another filter, other charts or an older store: make it again
    if made is None or made.pdf is None:
        if st.button("Make the board pack (PDF)", key="pack_make", icon=":material/picture_as_pdf:",
                     help="One PDF of this view: a title page, each chart with its takeaway, table "
                          "and sources, and every source at the end."):
            made = st.session_state[_PACK] = _make_pack(context, names, since)
        if made is not None and made.problem:
            st.error(made.problem)
    if made is not None and made.pdf is not None:
        st.download_button(
            "Board pack (PDF)", data=made.pdf, key="pack_download", icon=":material/download:",
            file_name=f"board-pack-{dt.date.today():%Y-%m-%d}.pdf", mime="application/pdf",
            on_click="ignore",
        )
