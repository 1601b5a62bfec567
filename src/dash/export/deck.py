"""A PowerPoint deck of the current view: title, one slide per chart, sources.

Bar and column charts are native, editable PowerPoint charts (trustees can restyle
them); the map and log-scale charts are pictures rendered like the screen. Every
slide carries a source footnote, and the last slide lists the sources in full.
"""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Inches, Pt

from dash import format as fmt
from dash.charts import Chart
from dash.export.images import ImageExportUnavailable, figure_image
from dash.palette import INK, SERIES

WIDE, HIGH = Inches(13.333), Inches(7.5)
_KINDS = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
          "stacked_bar": XL_CHART_TYPE.BAR_STACKED}
DECK_TITLE = "Where does our money go, who decides, and what are people telling us?"


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def _text(slide, left, top, width, height, text: str, size: int, bold: bool = False, grey: bool = False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.text = text
    paragraph.font.size = Pt(size)
    paragraph.font.bold = bold
    paragraph.font.color.rgb = _rgb("#555555" if grey else INK)
    return box


def _native_chart(slide, chart: Chart) -> None:
    native = chart.native
    data = CategoryChartData(number_format=native.number_format)
    data.categories = native.categories
    for name, values in native.series:
        data.add_series(name, values)
    frame = slide.shapes.add_chart(
        _KINDS[native.kind], Inches(0.6), Inches(2.0), Inches(12.1), Inches(4.7), data
    )
    drawn = frame.chart
    drawn.font.size = Pt(16)
    drawn.has_legend = len(native.series) > 1
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
    for index, series in enumerate(drawn.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(SERIES[index % len(SERIES)])
    plot = drawn.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = native.number_format
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(14)


def _picture(slide, chart: Chart) -> None:
    try:
        image = figure_image(chart.figure, "png", 1600, 700)
    except ImageExportUnavailable as error:
        _text(slide, Inches(0.6), Inches(2.2), Inches(12), Inches(1), str(error), 16, grey=True)
        return
    slide.shapes.add_picture(io.BytesIO(image), Inches(0.6), Inches(2.0), width=Inches(12.1))


def _footnote(slide, text: str) -> None:
    _text(slide, Inches(0.6), HIGH - Inches(0.7), WIDE - Inches(1.2), Inches(0.5), text, 11, grey=True)


def build_deck(charts: list[Chart], filter_words: str, made_on: dt.date | None = None) -> bytes:
    """The deck as .pptx bytes: the filter in words, one slide per chart, then the sources."""
    made_on = made_on or dt.date.today()
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(WIDE), Emu(HIGH)
    blank = deck.slide_layouts[6]

    title = deck.slides.add_slide(blank)
    _text(title, Inches(0.8), Inches(2.0), Inches(11.7), Inches(1.8), DECK_TITLE, 40, bold=True)
    _text(title, Inches(0.8), Inches(4.0), Inches(11.7), Inches(1.0), f"Showing {filter_words}.", 24)
    _text(title, Inches(0.8), Inches(5.0), Inches(11.7), Inches(0.6), f"Made on {fmt.long_date(made_on)}",
          18, grey=True)
    _footnote(title, "Figures from the trustee dashboard's store; each chart names its sources.")

    every_source: list[str] = []
    for chart in charts:
        slide = deck.slides.add_slide(blank)
        _text(slide, Inches(0.6), Inches(0.4), Inches(12.1), Inches(0.9), chart.title, 32, bold=True)
        _text(slide, Inches(0.6), Inches(1.25), Inches(12.1), Inches(0.7), chart.takeaway, 20)
        if chart.is_empty:
            pass  # the takeaway already says, in words, that nothing matches
        elif chart.native is not None:
            _native_chart(slide, chart)
        else:
            _picture(slide, chart)
        sources = list(chart.sources) or ["none: nothing in this filter to count"]
        every_source += [s for s in chart.sources if s not in every_source]
        _footnote(slide, "Source: " + "; ".join(sources) + (f". {chart.note}" if chart.note else ""))

    last = deck.slides.add_slide(blank)
    _text(last, Inches(0.6), Inches(0.4), Inches(12.1), Inches(0.9), "Sources", 32, bold=True)
    listing = last.shapes.add_textbox(Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.4)).text_frame
    listing.word_wrap = True
    lines = every_source or ["No chart in this deck cites a source (nothing matched the filter)."]
    for index, line in enumerate(lines):
        paragraph = listing.paragraphs[0] if index == 0 else listing.add_paragraph()
        paragraph.text = f"• {line}"
        paragraph.font.size = Pt(18)
    _footnote(last, "Key points are in the dashboard's own words; figures are as the sources state them.")

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
