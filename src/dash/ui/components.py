"""Building blocks the pages are laid out from: the header, a chart with its words, a source."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import plotly.graph_objects as go
import streamlit as st

from dash import format as fmt
from dash import safe
from dash.catalogue import Comparison
from dash.charts import Chart
from dash.charts.compare import heading as view_heading
from dash.errors import log_unexpected
from dash.export.images import chart_image, images_unavailable
from dash.export.tables import csv_bytes, excel_bytes
from dash.ui.frame import PageContext, page_context
from dash.write.service import Outcome

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
TABLE_ROWS = 500  # rows shown on the page; CSV and Excel downloads carry every row


def page_header(title: str, context: PageContext, intro: str = "") -> None:
    st.title(title)
    st.markdown(f"**Showing {safe.markdown(context.coverage)}.**")
    if intro:
        st.caption(intro)


def show_chart(chart: Chart, *, compact: bool = False, on_select=None, key_suffix: str = "") -> object:
    """The chart with its title, takeaway, notes, sources and a table of the same data."""
    heading = st.markdown if compact else st.header  # h2 under the page's h1: headings in order
    title = safe.markdown(chart.title)  # titles and takeaways quote stored names
    heading(f"**{title}**" if compact else title)
    if chart.is_empty:
        st.info(safe.markdown(f"{chart.takeaway} Try a wider area, another period, or clear the filters."))
        if chart.note:
            st.caption(safe.markdown(chart.note))
        if not compact and not chart.table.empty:  # what there is (a policy with no sum), as a table
            _table_expander(chart, key_suffix)
        return None
    st.markdown(safe.markdown(chart.takeaway))
    event = st.plotly_chart(
        chart.figure, key=f"chart_{chart.key}{key_suffix}{'_small' if compact else ''}", theme=None,
        height="content",  # the Overview's small charts come small (``compact``): no scrolling box
        config=PLOTLY_CONFIG, alt=chart.alt,
        **({"on_select": on_select, "selection_mode": "points"} if on_select else {}),
    )
    if chart.note:  # how to read it (a log scale, what is left out): on the Overview too
        st.caption(safe.markdown(chart.note))
    if not compact:
        if chart.sources:
            st.caption("Source: " + safe.markdown("; ".join(chart.sources)))
        _table_expander(chart, key_suffix)
        download_row(chart)
    return event


def show_named(context: PageContext, name: str, *, compact: bool = False, on_select=None,
               key_suffix: str = "") -> object:
    """Catalogue chart ``name`` for the page's filter: on its own, or beside the other view when the
    sidebar compares two (``show_comparison``)."""
    if context.comparing:
        return show_comparison(context.compare(name, compact=compact), compact=compact, on_select=on_select,
                               key_suffix=key_suffix)
    return show_chart(context.chart(name, compact=compact), compact=compact, on_select=on_select,
                      key_suffix=key_suffix)


BESIDE = "_beside"  # the key suffix of the right-hand side's chart and widgets


def show_comparison(comparison: Comparison, *, compact: bool = False, on_select=None,
                    key_suffix: str = "") -> object:
    """One chart for two views: its title, the difference in words, then each view's chart in its own
    column under the view's name, on the same scales; under them the sources, one table saying which
    view each row is from, and the downloads. Returns the left chart's selection (the page's own view)."""
    heading = st.markdown if compact else st.header
    title = safe.markdown(comparison.title)
    heading(f"**{title}**" if compact else title)
    st.markdown(safe.markdown(comparison.words))
    events = []
    pair = st.container(key=f"pair_{comparison.name}{key_suffix}{'_small' if compact else ''}")
    for column, label, chart, suffix in zip(pair.columns(2, gap="large"), comparison.labels,
                                            (comparison.left, comparison.right), ("", BESIDE), strict=True):
        with column:  # side by side, or one above the other where the page is narrow (frame.FOCUS_CSS)
            st.markdown(f"**{safe.markdown(view_heading(label))}**")
            if chart.is_empty:
                st.info(safe.markdown(chart.takeaway))
                events.append(None)
                continue
            st.caption(safe.markdown(chart.takeaway))
            events.append(st.plotly_chart(
                chart.figure, key=f"chart_{chart.key}{key_suffix}{suffix}{'_small' if compact else ''}",
                theme=None, height="content", config=PLOTLY_CONFIG, alt=chart.alt,
                **({"on_select": on_select, "selection_mode": "points"} if on_select and not suffix else {}),
            ))
    notes = list(dict.fromkeys(chart.note for chart in (comparison.left, comparison.right) if chart.note))
    for note in notes:
        st.caption(safe.markdown(note))
    if not compact:
        if comparison.sources:
            st.caption("Source: " + safe.markdown("; ".join(comparison.sources)))
        with st.expander("See this as a table", key=f"table_{comparison.name}{key_suffix}{BESIDE}",
                         on_change="rerun") as table:
            if table.open:
                st.dataframe(comparison.table.head(TABLE_ROWS), hide_index=True, width="stretch")
        download_row(comparison)
    return events[0]


PAIRED_METRICS = 3  # headline figures to a row when two views are compared


def metric_pairs(labels: tuple[str, str], rows: list[tuple[str, str, str]], differences: list[str]) -> None:
    """Headline figures for two views: each view's figures under its name, three to a row (six in a
    row cut "3 panels" to "3 pa…" on a laptop), then the difference of each in words. ``rows``:
    (label, this view's value, the other's)."""
    for index, label in enumerate(labels):
        st.markdown(f"**{safe.markdown(view_heading(label))}**")
        for start in range(0, len(rows), PAIRED_METRICS):
            metric_row([(name, values[index], "") for name, *values in rows[start:start + PAIRED_METRICS]])
    st.markdown("\n".join(f"- {safe.markdown(sentence)}" for sentence in differences))


def _table_expander(chart: Chart, key_suffix: str) -> None:
    # Made only when opened: a closed table would still be converted and sent on every rerun.
    with st.expander("See this as a table", key=table_key(chart, key_suffix), on_change="rerun") as table:
        if table.open:
            st.dataframe(chart.table.head(TABLE_ROWS), hide_index=True, width="stretch")
            if len(chart.table) > TABLE_ROWS:
                st.caption(f"The first {TABLE_ROWS:,} of {len(chart.table):,} rows; "
                           "downloads hold them all.")


def table_key(chart: Chart, key_suffix: str = "") -> str:
    """The key of the chart's "See this as a table" expander: ``st.session_state[key] = True`` opens it."""
    return f"table_{chart.key}{key_suffix}"


def _logged(make: Callable[[], bytes], what: str) -> Callable[[], bytes]:
    """``make``, with a fault logged under a reference the server's log can be searched for (the
    browser then shows Streamlit's own "failed" message: a deferred download cannot say more)."""
    def made() -> bytes:
        try:
            return make()
        except Exception:
            log_unexpected(f"making {what}")
            raise
    return made


def download_row(chart: Chart | Comparison) -> None:
    """One "Download" button that opens onto PNG and SVG of the chart at slide size with its title,
    takeaway, filter and sources around it (or the chart alone), and CSV and Excel of its table: each
    file made only when clicked. The buttons themselves are made only when the list is opened (a keyed
    popover, as the tables): five deferred buttons a chart were a fifth of a page's rerun, for a list
    most visits never open. Images need Chromium: where it is missing the list says so instead of
    offering buttons that would fail. A comparison's images hold both views side by side, and its
    table says which view each row is from."""
    if isinstance(chart, Comparison):
        chart = chart.as_chart()
    with st.popover("Download", key=downloads_key(chart.key), on_change="rerun", type="tertiary",
                    icon=":material/download:", help="This chart as an image, or its table") as downloads:
        if downloads.open:
            _download_buttons(chart)


def downloads_key(chart_key: str) -> str:
    """The key of a chart's "Download" list (``Chart.key``): ``st.session_state[key] = True`` opens it."""
    return f"downloads_{chart_key}"


def _download_buttons(chart: Chart) -> None:
    stem = chart.key.replace("_", "-")
    coverage = page_context().coverage  # read now: the image is made later, outside this run
    images = [
        ("Image (PNG)", lambda: chart_image(chart, coverage, "png"), "png", "image/png"),
        ("Image (SVG)", lambda: chart_image(chart, coverage, "svg"), "svg", "image/svg+xml"),
        ("Chart only (PNG)", lambda: chart_image(chart, coverage, "png", words=False), "chart.png",
         "image/png"),
    ]
    tables = [
        ("Table (CSV)", lambda: csv_bytes(chart.table), "csv", "text/csv"),
        ("Table (Excel)", lambda: excel_bytes(chart.table, chart.title),
         "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]
    no_images = images_unavailable()
    for label, make, ending, mime in tables if no_images else images + tables:
        st.download_button(label, data=_logged(make, f"{label} of {chart.key}"),
                           file_name=f"{stem}.{ending}", mime=mime, key=f"download_{chart.key}_{ending}",
                           on_click="ignore", type="tertiary", icon=":material/download:")
    if no_images:
        st.caption(no_images)


# The Present page fills the screen and no more: its frame (``st.container(key="slide")``) is the
# viewport's height, a flex column, and the chart takes whatever its title, takeaway, controls and
# source leave, so a slide fits a 1280×720 projector as well as a 1920×1080 screen without scrolling.
# Two views side by side (``show_slide_comparison``): their row takes the height left, and each chart
# what is left in its column under the view's name (a fixed 460 px pushed the source off a 720 screen).
SLIDE_CSS = """<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
  .block-container { padding: 0.75rem 2vw 0 2vw !important; max-width: 100vw !important; }
  [data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] { gap: 0.25rem; }
  .st-key-slide { flex: 0 0 calc(100vh - 1.6rem) !important; height: calc(100vh - 1.6rem) !important;
                  overflow: hidden; gap: 0.4rem !important; }
  .st-key-slide > [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
    flex: 1 1 0 !important; min-height: 0 !important; }
  .st-key-slide [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]),
  .st-key-slide [data-testid="stPlotlyChart"] { height: 100% !important; }
  .st-key-slide [data-testid="stMarkdownContainer"], .st-key-slide [data-testid="stElementContainer"] {
    margin: 0 !important; }
  .st-key-slide > [data-testid="stLayoutWrapper"]:has([data-testid="stPlotlyChart"]) {
    flex: 1 1 0 !important; min-height: 0 !important; }
  .st-key-slide [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]),
  .st-key-slide [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"])
    > [data-testid="stColumn"],
  .st-key-slide [data-testid="stColumn"] > [data-testid="stVerticalBlock"] { height: 100% !important; }
  .st-key-slide [data-testid="stColumn"]
    [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
    flex: 1 1 0 !important; min-height: 0 !important; }
  .st-key-slide_controls { flex-wrap: nowrap !important; }
  .st-key-slide_controls > [data-testid="stElementContainer"] { flex: 0 0 auto !important;
    width: auto !important; }
  .st-key-slide_controls p { white-space: nowrap; margin: 0 !important; }
  .st-key-slide_controls > [data-testid="stElementContainer"]:first-child { flex: 1 1 auto !important;
    min-width: 0; }
  .st-key-slide_controls > [data-testid="stElementContainer"]:first-child p {
    overflow: hidden; text-overflow: ellipsis; }
  .slide-title { font-size: clamp(1.8rem, 4.2vh, 3rem) !important; line-height: 1.15 !important;
                 color: #111 !important; padding: 0 !important; margin: 0 !important; }
  p.slide-takeaway { font-size: clamp(1.25rem, 3vh, 1.9rem) !important; line-height: 1.3 !important;
                     color: #111 !important; margin: 0 !important; }
  p.slide-source { font-size: clamp(0.95rem, 2vh, 1.1rem) !important; color: #444 !important;
                   margin: 0 !important; }
  [data-testid="stPlotlyChart"] :focus-visible, [data-testid="stPlotlyChart"]:focus { outline: none; }
</style>"""


def show_slide(chart: Chart) -> None:
    """One chart as a projector slide: big title, big takeaway, the chart in whatever height is left
    of the screen (the Present page's frame is the viewport's height: see ``SLIDE_CSS``), source."""
    st.markdown(f"<h1 class='slide-title'>{safe.html_text(chart.title)}</h1>", unsafe_allow_html=True)
    if chart.is_empty:
        st.info(safe.markdown(f"{chart.takeaway} Try a wider area, another period, or clear the filters."))
    else:
        st.markdown(f"<p class='slide-takeaway'>{safe.html_text(chart.takeaway)}</p>", unsafe_allow_html=True)
        figure = go.Figure(chart.figure).update_layout(height=None, autosize=True, font={"size": 20},
                                                       margin={"t": 10, "b": 10})
        st.plotly_chart(figure, key=f"slide_{chart.key}", theme=None, config=PLOTLY_CONFIG, alt=chart.alt,
                        height="stretch")
    st.markdown(f"<p class='slide-source'>{safe.html_text(slide_sources(chart.sources))}</p>",
                unsafe_allow_html=True)


def show_slide_comparison(comparison: Comparison) -> None:
    """One chart for two views as a projector slide: the title, the difference in words, each view's
    chart under its name side by side on the same scales, and the sources."""
    st.markdown(f"<h1 class='slide-title'>{safe.html_text(comparison.title)}</h1>", unsafe_allow_html=True)
    st.markdown(f"<p class='slide-takeaway'>{safe.html_text(comparison.words)}</p>", unsafe_allow_html=True)
    for column, label, chart, suffix in zip(st.columns(2, gap="medium"), comparison.labels,
                                            (comparison.left, comparison.right), ("", BESIDE), strict=True):
        with column:
            st.markdown(f"<p class='slide-takeaway'><b>{safe.html_text(view_heading(label))}</b></p>",
                        unsafe_allow_html=True)
            if chart.is_empty:
                st.info(safe.markdown(chart.takeaway))
                continue
            figure = go.Figure(chart.figure).update_layout(height=None, autosize=True, font={"size": 18},
                                                           margin={"t": 10, "b": 10})
            st.plotly_chart(figure, key=f"slide_{chart.key}{suffix}", theme=None, config=PLOTLY_CONFIG,
                            alt=chart.alt, height="stretch")  # the height its column has left: SLIDE_CSS
    st.markdown(f"<p class='slide-source'>{safe.html_text(slide_sources(comparison.sources))}</p>",
                unsafe_allow_html=True)


SLIDE_SOURCES = 3  # named on a slide's one source line; the rest counted (all on the chart's page)


def slide_sources(sources: tuple[str, ...]) -> str:
    """One line for a slide's foot: a projector has no room for twelve titles."""
    if not sources:
        return "Source: none, as nothing in this filter is counted."
    named = "; ".join(sources[:SLIDE_SOURCES])
    rest = len(sources) - SLIDE_SOURCES
    if rest > 0:
        named += f"; and {fmt.count(rest, 'other source')}, named under the chart on its own page"
    return ("Sources: " if len(sources) > 1 else "Source: ") + named


def show_outcome(outcome: Outcome | None) -> None:
    """What a write said: its sentence (success or error) and the details under it, each a line of
    words ("Size: £250,000"), never a dump in a monospaced box."""
    if outcome is None:
        return
    (st.success if outcome.ok else st.error)(safe.markdown(outcome.message))  # it quotes file names
    if outcome.details:
        lines = (line.strip().removeprefix("- ") for line in outcome.details)
        st.markdown("\n".join(f"- {safe.markdown(line)}" for line in lines))


# The Overview's charts two to a row on a wide screen, one to a row on a laptop or a projector
# (below 1,400 px a chart in half the width is under 400 px: its labels run together).
GRID_CSS = """<style>
  @media (max-width: 1400px) {
    .st-key-chart_grid [data-testid="stHorizontalBlock"] { flex-direction: column !important; }
    .st-key-chart_grid [data-testid="stColumn"] { width: 100% !important; flex: 1 1 auto !important; }
  }
</style>"""


def chart_grid(charts: list[Chart]) -> None:
    """Small charts in rows of two that stack one per row on narrower screens (``GRID_CSS``), in
    reading order either way: left then right, row by row."""
    st.html(GRID_CSS)
    with st.container(key="chart_grid"):
        for start in range(0, len(charts), 2):
            for column, chart in zip(st.columns(2, gap="large"), charts[start:start + 2], strict=False):
                with column:
                    show_chart(chart, compact=True)


def metric_row(items: list[tuple[str, str, str]]) -> None:
    """Big headline figures: (label, value, help)."""
    columns = st.columns(len(items))
    for column, (label, value, help_text) in zip(columns, items, strict=True):
        column.metric(label, value, help=help_text or None)


def source_caption(row: Mapping[str, object]) -> str:
    """Everything a trustee needs to find the source again."""
    parts = [f"*{safe.markdown(row['source_title'])}*"]
    if isinstance(row.get("source_publisher"), str):
        parts.append(safe.markdown(row["source_publisher"]))
    if isinstance(row.get("source_author"), str):
        parts.append(f"by {safe.markdown(row['source_author'])}")
    published = row.get("source_published_on")
    if published is not None and published == published:
        parts.append(fmt.long_date(published))
    text = ", ".join(parts)
    link = safe.web_link(row.get("source_url"))  # the only links the app draws: sources' own
    if link:
        text += f" — [open](<{link.strip()}>)"
    if isinstance(row.get("source_document"), str):
        text += f" — saved copy {safe.markdown(row['source_document'])}"
        if isinstance(row.get("source_locator"), str):
            text += f" ({safe.markdown(row['source_locator'])})"
    return text
