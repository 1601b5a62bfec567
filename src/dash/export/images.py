"""Chart images (PNG, SVG) rendered server-side by Kaleido with Debian's Chromium.

The browser is found through ``BROWSER_PATH`` or the ``chromium`` on the path,
started once, and reused for every image; MathJax is switched off so nothing is
fetched from the internet. Images use the project's own Plotly template, so they
look like the chart on screen.
"""

from __future__ import annotations

import atexit
import os
import textwrap
import threading

import plotly.graph_objects as go
import plotly.io as pio

from dash import safe
from dash.charts import Chart, maps
from dash.export.chromium import find_chromium

SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900  # 16:9 at a resolution a projector shows sharply
SLIDE_CARD_FONT = 22  # a map's place cards on a slide: the size of the rest of its type

_lock = threading.Lock()
_started = False


# Two audiences: a trustee reads the first on a page or a slide and can do nothing with a command;
# whoever runs the dashboard reads the second too, after it, on the command line (``remedy``).
NO_CHROMIUM = ("Chart images cannot be made on this computer: it has no Chromium, the browser that "
               "draws them. Whoever looks after the dashboard can install it.")
INSTALL_CHROMIUM = ("Install Debian's package with `apt-get install chromium` (make run and make test "
                    "do this), or set BROWSER_PATH to a Chromium.")


class ImageExportUnavailable(RuntimeError):
    """No Chromium to render with: ``str()`` says so plainly, ``remedy`` how to install it."""

    remedy = INSTALL_CHROMIUM


def images_unavailable() -> str:
    """Why chart images cannot be made on this machine, or "" when they can."""
    return "" if find_chromium() else NO_CHROMIUM


def _browser() -> str:
    path = find_chromium()
    if not path:
        raise ImageExportUnavailable(NO_CHROMIUM)
    return path


def _ensure_server() -> None:
    global _started
    with _lock:
        if _started:
            return
        import kaleido

        os.environ["BROWSER_PATH"] = _browser()
        pio.defaults.mathjax = None
        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _started = True


def _wrapped(text: str, width: int) -> str:
    """Plotly does not wrap text: break it into lines of at most ``width`` characters."""
    return "<br>".join(textwrap.wrap(safe.plotly(text), width)) or " "


# The words above an image's chart, in pixels from the image's top: the title, the takeaway under it
# (the title's subtitle, so both start at the image's left edge, however wide the chart's names), the
# key, then the chart. Each block is as tall as its lines at its type size (a line 1.3 times the size;
# ``figure_image`` sets the title's), and the top margin is their sum: a takeaway of two or three lines
# pushes the key and the chart down instead of running under the key (as a two-line takeaway did on
# the panels-per-100,000 chart when the takeaway was placed a fixed distance above the chart).
TITLE_SIZE, TAKEAWAY_SIZE, HEADING_SIZE = 30, 24, 18
LINE = 1.3
EDGE, GAP = 20, 16  # px: above the title; between one block and the next
KEY_ROW = 30  # px: one row of a key (17 px type, its swatch and padding)
KEY_ENTRY, KEY_CHARACTER = 50, 9.5  # px: a key entry's swatch and gaps, and each character of its name
LEFT = 0.01  # the words' left edge, as a share of the image's width
FOOT_SIZE, FOOT_SHIFT = 17, 70  # the foot (the filter, the sources): its type, and px below the chart


def _lines(text: str) -> int:
    return text.count("<br>") + 1


def _legend_setting(figure: go.Figure, key: str) -> object:
    """A setting of the figure's key: its own, else the template's."""
    own = figure.layout.legend[key]
    if own is not None:
        return own
    template = figure.layout.template
    return template.layout.legend[key] if template is not None and template.layout is not None else None


def key_rows_above(figure: go.Figure, width: int = SLIDE_WIDTH) -> int:
    """How many rows the figure's key takes above its chart: 0 when it has none (one series, or
    ``showlegend`` off) or keeps it elsewhere (a map's, down the right-hand side)."""
    named = [trace.name for trace in figure.data if trace.showlegend is not False and trace.name]
    shown = figure.layout.showlegend if figure.layout.showlegend is not None else len(named) > 1
    above = _legend_setting(figure, "orientation") == "h" and (_legend_setting(figure, "y") or 0) >= 1
    if not (shown and named and above):
        return 0
    rows, used, room = 1, 0.0, width * (1 - 2 * LEFT)
    for name in dict.fromkeys(named):
        entry = KEY_ENTRY + KEY_CHARACTER * len(name)
        if used and used + entry > room:
            rows, used = rows + 1, 0.0
        used += entry
    return rows


def _headings_above(figure: go.Figure) -> float:
    """The height of the words a figure writes just above its chart (a comparison's views' names)."""
    above = [note for note in figure.layout.annotations or ()
             if (note.yref or "paper") == "paper" and note.y is not None and note.y >= 1]
    return max((_lines(note.text or "") * HEADING_SIZE * LINE + GAP for note in above), default=0.0)


def chart_image(chart: Chart, coverage: str, image_format: str = "png", *, words: bool = True) -> bytes:
    """The chart as an image that stands on its own in a board paper: its title, takeaway, what the
    filter shows and its sources drawn around the figure (``words=False``: the figure alone). Above
    the chart, top down: the title, the takeaway, the key and the views' names, each below the last
    however many lines it runs to."""
    if not words:
        return figure_image(chart.figure, image_format)
    sources = "; ".join(chart.sources[:4]) + (f"; and {len(chart.sources) - 4} more"
                                               if len(chart.sources) > 4 else "")
    title, takeaway = _wrapped(chart.title, 70), _wrapped(chart.takeaway, 110)
    words_bottom = EDGE + _lines(title) * TITLE_SIZE * LINE + GAP + _lines(takeaway) * TAKEAWAY_SIZE * LINE
    key = key_rows_above(chart.figure) * KEY_ROW
    top = round(words_bottom + GAP + (key + GAP if key else 0) + _headings_above(chart.figure))
    foot = _wrapped(f"Showing {coverage}. Source: {sources or 'none, as nothing in this filter is counted'}.",
                    140)
    bottom = round(FOOT_SHIFT + _lines(foot) * FOOT_SIZE * LINE + EDGE)  # the foot whole, however long
    framed = go.Figure(chart.figure).update_layout(
        title={"text": f"<b>{title}</b>", "x": LEFT, "xanchor": "left", "xref": "container",
               "y": 1 - EDGE / SLIDE_HEIGHT, "yanchor": "top", "yref": "container",
               "subtitle": {"text": takeaway, "font": {"size": TAKEAWAY_SIZE}}},
        margin={"t": top, "b": bottom},
    )
    if key:  # under the takeaway, from the image's left edge
        framed.update_layout(legend={"x": LEFT, "xanchor": "left", "xref": "container", "yanchor": "top",
                                     "y": 1 - (words_bottom + GAP) / SLIDE_HEIGHT, "yref": "container"})
    framed.add_annotation(text=foot, x=0, xref="paper", y=0, yref="paper", yshift=-FOOT_SHIFT, yanchor="top",
                          xanchor="left", align="left", showarrow=False,
                          font={"size": FOOT_SIZE, "color": "#444444"})
    return figure_image(framed, image_format)


def figure_image(
    figure: go.Figure, image_format: str = "png", width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT
) -> bytes:
    """The figure as PNG or SVG bytes at slide size, with large type for a projector."""
    _ensure_server()
    if maps.is_map(figure):  # its cards in the slide's type, placed again for it (15 px read as 7 pt)
        figure = maps.at_height(figure, height, font=SLIDE_CARD_FONT)
    sized = go.Figure(figure).update_layout(width=width, height=height, font={"size": 22},
                                            title={"font": {"size": TITLE_SIZE}})
    import kaleido

    with _lock:  # one render at a time through the shared browser
        return kaleido.calc_fig_sync(
            sized.to_dict(), opts={"format": image_format, "width": width, "height": height}
        )
