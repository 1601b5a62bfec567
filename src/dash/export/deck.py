"""A PowerPoint deck of the current view: title, one slide per chart, sources.

Bar and column charts are native, editable PowerPoint charts (trustees can restyle them), drawn
with the screen's looks (``Look``: colours, hatching for suggestions) and number formats (£ on
money, % on shares, whole numbers on counts); the map and the dot charts are pictures rendered from
the screen's own figure. Each picture and chart carries the chart's alt text, every slide names its
sources with the date their figures were reported, and text boxes are sized to their words
(``layout``) so that nothing overlaps on a projector (checked by rendering with LibreOffice).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import TYPE_CHECKING

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from dash import format as fmt
from dash import safe
from dash.charts import Chart
from dash.charts.base import FEW, NativeChart, money_step
from dash.charts.compare import Comparison, heading
from dash.export.images import ImageExportUnavailable, figure_image
from dash.export.layout import FONT, Box, lines_of, text_height
from dash.export.pptx_alt import set_alt_text
from dash.palette import INK

if TYPE_CHECKING:  # the summary slide's figures; imported only for its type
    from dash.since import ChangesSince

WIDE, HIGH = 13.333, 7.5  # inches: 16:9
MARGIN = 0.6
GAP = 0.15
_KINDS = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
          "stacked_bar": XL_CHART_TYPE.BAR_STACKED}
# Number formats as the screen writes them: whole numbers with no zero labels on stacked parts, and
# whole percentages. Money labels are each chart's own (fmt.money_labels), so they read like the screen.
_FORMATS = {"count": "#,##0;-#,##0;;", "share": "0%", "money": "£#,##0"}
DECK_TITLE = "Where does our money go, who decides, and what are people telling us?"
PICTURE_DPI = 120  # pictures rendered at this many pixels an inch of slide: sharp on a projector


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def _text(slide, box: Box, text: str, size: int, bold: bool = False, grey: bool = False):
    """A text box exactly ``box``: no autofit (LibreOffice and PowerPoint would grow or shrink it
    differently); ``layout.text_height`` sized it for its words."""
    shape = slide.shapes.add_textbox(Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height))
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = safe.document_text(line)
        paragraph.font.size = Pt(size)
        paragraph.font.name = FONT
        paragraph.font.bold = bold
        paragraph.font.color.rgb = _rgb("#444444" if grey else INK)
    return shape


def _stack(slide, top: float, text: str, size: int, bold: bool = False, grey: bool = False) -> float:
    """A full-width text box at ``top`` sized to its words; the next free line below it."""
    width = WIDE - 2 * MARGIN
    height = text_height(text, size, width, bold)
    _text(slide, Box(MARGIN, top, width, height), text, size, bold, grey)
    return top + height + GAP


def _native_chart(slide, chart: Chart, box: Box, highest: float | None = None) -> None:
    """``highest``: the longest bar the value axis must hold (two views' charts on one scale)."""
    native: NativeChart = chart.native  # type: ignore[assignment]
    data = CategoryChartData(number_format=_FORMATS[native.measure])
    data.categories = [safe.document_text(category) for category in native.categories]
    for name, values in native.series:
        data.add_series(safe.document_text(name), values)
    frame = slide.shapes.add_chart(_KINDS[native.kind], Inches(box.left), Inches(box.top),
                                   Inches(box.width), Inches(box.height), data)
    set_alt_text(frame, chart.alt)
    drawn = frame.chart
    drawn.font.size = Pt(16)
    drawn.font.name = FONT
    drawn.has_title = False  # the slide's own title says what it shows
    drawn.has_legend = len(native.series) > 1
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
    _value_axis(drawn.value_axis, native, highest)
    for series, look in zip(drawn.series, native.looks, strict=True):
        fill = series.format.fill
        if look.hatched:
            fill.patterned()
            fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
            fill.fore_color.rgb = _rgb(look.colour)
            fill.back_color.rgb = _rgb(look.pale)
            series.format.line.color.rgb = _rgb(look.colour)
        else:
            fill.solid()
            fill.fore_color.rgb = _rgb(look.colour)
    if native.point_colours:
        for point_index, colour in enumerate(native.point_colours):
            point = drawn.series[0].points[point_index]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _rgb(colour)
    _data_labels(drawn, native)


def _value_axis(axis, native: NativeChart, highest: float | None = None) -> None:
    axis.minimum_scale = 0
    axis.has_major_gridlines = True
    axis.tick_labels.font.size = Pt(14)
    labels = axis.tick_labels
    labels.number_format_is_linked = False
    highest = native.highest if highest is None else highest
    if native.measure == "share":
        labels.number_format = "0%"
        axis.maximum_scale, axis.major_unit = 1.0, 0.25  # the screen's 0%, 25% … 100%
    elif native.measure == "count":
        labels.number_format = "#,##0"
        if highest <= FEW:
            axis.major_unit = 1  # no half a meeting
        axis.maximum_scale = max(1, math.ceil(highest * 1.2))
    elif highest > 0:
        step = money_step(highest)
        lines = math.ceil(highest * 1.15 / step)
        labels.number_format = fmt.axis_money_format([step * line for line in range(lines + 1)])
        axis.major_unit = step
        axis.maximum_scale = step * lines


def _data_labels(drawn, native: NativeChart) -> None:
    """Value labels as the screen writes them; none on a zero (a '0' beside a bar of nothing)."""
    plot = drawn.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.font.size = Pt(14)
    labels.number_format_is_linked = False
    labels.number_format = _FORMATS[native.measure]
    if native.kind != "stacked_bar":
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    if native.measure != "money":
        return
    # A stacked part too short to hold its label goes unlabelled (the table and the screen's hover
    # give it), as a label wider than its bar would sit over the next one.
    shortest = 0.08 * native.highest if native.kind == "stacked_bar" else 0
    for series, (_, values) in zip(drawn.series, native.series, strict=True):
        for index, text in enumerate(fmt.money_labels(values)):
            label = series.points[index].data_label
            if values[index] and values[index] >= shortest:
                label.text_frame.text = text
                label.font.size = Pt(14)
            else:
                label.number_format, label.number_format_is_linked = ";;;", False  # nothing shown


def _picture(slide, chart: Chart, box: Box) -> None:
    try:
        image = figure_image(chart.figure, "png", round(box.width * PICTURE_DPI),
                             round(box.height * PICTURE_DPI))
    except ImageExportUnavailable as error:
        _text(slide, box, str(error), 16, grey=True)
        return
    picture = slide.shapes.add_picture(io.BytesIO(image), Inches(box.left), Inches(box.top),
                                       Inches(box.width), Inches(box.height))
    set_alt_text(picture, chart.alt)


def _footnote(slide, text: str) -> float:
    """The grey line at the foot of a slide, sized to its words; where it starts."""
    width = WIDE - 2 * MARGIN
    height = text_height(text, 12, width)
    top = HIGH - 0.3 - height
    _text(slide, Box(MARGIN, top, width, height), text, 12, grey=True)
    return top


def source_footnote(chart: Chart | Comparison, most: int = 3) -> str:
    """'Source: Title — Publisher, reported 9 February 2022; …' with at most ``most`` named and
    the rest counted (they are all on the last slide)."""
    if not chart.sources:
        return "Source: none, as nothing in this filter is counted."
    named = list(chart.sources[:most])
    rest = len(chart.sources) - len(named)
    line = "Source: " + "; ".join(named) + (f"; and {rest} more (listed on the last slide)" if rest else "")
    return line + "." + (f" {chart.note}" if chart.note else "")


SOURCES_SIZE = 14


def _cut_to(text: str, size: int, width: float, room: float) -> str:
    """``text`` shortened at a word, with an ellipsis, to fit ``room`` inches."""
    words = text.split()
    while len(words) > 1 and text_height(" ".join(words) + " …", size, width) > room:
        words = words[: max(1, len(words) * 9 // 10)]
    return " ".join(words) + " …"


def _source_listing(sources: list[str], room: float) -> str:
    """Every source as a bullet, as many as fit in ``room`` inches; the rest counted."""
    if not sources:
        return "No chart in this deck cites a source (nothing matched the filter)."
    width, lines, used = WIDE - 2 * MARGIN, [], 0.0
    for index, source in enumerate(sources):
        needed = len(lines_of(f"• {source}", SOURCES_SIZE, width)) * SOURCES_SIZE * 1.2 / 72
        if used + needed > room - 0.4 and index < len(sources) - 1:
            lines.append(f"and {len(sources) - index} more, named in each chart's table.")
            break
        lines.append(f"• {source}")
        used += needed
    return "\n".join(lines)


def _compared(slide, comparison: Comparison, area: Box) -> None:
    """Two views' charts side by side in ``area``, each under its view's name, on one scale: native
    charts with the same value axis where both can be drawn so, else the pictures (already drawn on
    shared scales)."""
    width = (area.width - 0.3) / 2
    natives = all(chart.native is not None for chart in (comparison.left, comparison.right))
    highest = max(chart.native.highest for chart in (comparison.left, comparison.right)) if natives else None
    for index, (label, chart) in enumerate(zip(comparison.labels, (comparison.left, comparison.right),
                                               strict=True)):
        left = area.left + index * (width + 0.3)
        name = heading(label)
        named = text_height(name, 18, width, True)
        _text(slide, Box(left, area.top, width, named), name, 18, bold=True)
        box = Box(left, area.top + named + GAP, width, area.height - named - GAP)
        if chart.is_empty or box.height < 1.0:
            _text(slide, Box(box.left, box.top, box.width, text_height(chart.takeaway, 14, width)),
                  chart.takeaway, 14, grey=True)
        elif natives:
            _native_chart(slide, chart, box, highest)
        else:
            _picture(slide, chart, box)


SINCE_TITLE = "Since we last met"
SINCE_FOOT = ("From the store's own record of every change. Each change is listed, with who made it and "
              "when, on the dashboard's \"Since we last met\" page and in the board pack.")


def _since_slide(slide, found: ChangesSince) -> None:
    """What changed since the day, counted: money and grants added, write-ups, themes, corrections,
    removals and reviews, one a line in large type under the headline."""
    width = WIDE - 2 * MARGIN
    below = _stack(slide, 0.4, SINCE_TITLE, 30, bold=True)
    foot = _footnote(slide, SINCE_FOOT)
    headline = found.headline
    if text_height(headline, 20, width) > 1.4:  # a meeting's long title in "why": cut, the page has it whole
        headline = _cut_to(headline, 20, width, 1.4)
    below = _stack(slide, below, headline, 20)
    counts = "\n".join(f"{what}: {value}" for what, value in found.tallies())
    room = foot - GAP - below
    size = next((s for s in (28, 24, 20, 16) if text_height(counts, s, width) <= room), 14)
    _stack(slide, below + 0.1, counts, size)


def build_deck(charts: list[Chart | Comparison], filter_words: str, made_on: dt.datetime | None = None,
               store_version: str = "", since: ChangesSince | None = None) -> bytes:
    """The deck as .pptx bytes: the filter, the store's version and when it was made; with ``since``,
    a "Since we last met" slide counting what changed since its day; one slide per chart (a
    comparison's two views side by side on one slide, under one title, the difference as its
    takeaway); then every source."""
    made_on = made_on or dt.datetime.now()
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(Inches(WIDE)), Emu(Inches(HIGH))
    blank = deck.slide_layouts[6]

    title = deck.slides.add_slide(blank)
    foot = _footnote(title, "Figures as the sources state them; each slide names its sources and when "
                            "they reported, and the last slide lists them all.")
    made = f"Made on {fmt.long_date(made_on.date())} at {made_on:%H:%M}."
    about = "\n".join(part for part in (made, store_version) if part)
    width = WIDE - 2 * MARGIN
    below = _stack(title, 1.2, DECK_TITLE, 40, bold=True)
    room = foot - GAP - below - 0.2 - text_height(about, 16, width)
    showing = f"Showing {filter_words}."
    size = next((s for s in (24, 20, 16, 12) if text_height(showing, s, width) <= room), 12)
    if text_height(showing, size, width) > room:
        showing = _cut_to(showing, size, width, room)
    below = _stack(title, below + 0.2, showing, size)
    _stack(title, below, about, 16, grey=True)
    if since is not None:
        _since_slide(deck.slides.add_slide(blank), since)

    every_source: list[str] = []
    for chart in charts:
        slide = deck.slides.add_slide(blank)
        below = _stack(slide, 0.4, chart.title, 30, bold=True)
        compared = isinstance(chart, Comparison)
        below = _stack(slide, below, chart.words if compared else chart.takeaway, 20)
        foot = _footnote(slide, source_footnote(chart))
        area = Box(MARGIN, below, WIDE - 2 * MARGIN, foot - GAP - below)
        if compared:
            _compared(slide, chart, area)
        elif chart.is_empty or area.height < 1.0:
            pass  # the takeaway already says, in words, that nothing matches
        elif chart.native is not None:
            _native_chart(slide, chart, area)
        else:
            _picture(slide, chart, area)
        every_source += [s for s in chart.sources if s not in every_source]

    last = deck.slides.add_slide(blank)
    below = _stack(last, 0.4, "Sources", 30, bold=True)
    foot_top = _footnote(last, "Key points are in the dashboard's own words; figures are as the sources "
                               "state them, on the date each line gives.")
    _stack(last, below, _source_listing(every_source, foot_top - GAP - below), SOURCES_SIZE)

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
