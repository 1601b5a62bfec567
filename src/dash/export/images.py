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


class ImageExportUnavailable(RuntimeError):
    """No Chromium to render with; says how to install it."""


NO_CHROMIUM = ("Chart images need Chromium: install Debian's package with `apt-get install chromium` "
               "(`make run` and `make test` do this), or set BROWSER_PATH.")


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


def chart_image(chart: Chart, coverage: str, image_format: str = "png", *, words: bool = True) -> bytes:
    """The chart as an image that stands on its own in a board paper: its title, takeaway, what the
    filter shows and its sources drawn around the figure (``words=False``: the figure alone)."""
    if not words:
        return figure_image(chart.figure, image_format)
    sources = "; ".join(chart.sources[:4]) + (f"; and {len(chart.sources) - 4} more"
                                               if len(chart.sources) > 4 else "")
    framed = go.Figure(chart.figure).update_layout(
        title={"text": f"<b>{_wrapped(chart.title, 70)}</b>", "x": 0.01, "xanchor": "left", "y": 0.98,
               "yanchor": "top"},
        margin={"t": 190, "b": 150},
    )
    framed.add_annotation(text=_wrapped(chart.takeaway, 110), x=0, xref="paper", y=1.0, yref="paper",
                          yshift=24, yanchor="bottom", xanchor="left", align="left", showarrow=False,
                          font={"size": 24})
    foot = _wrapped(f"Showing {coverage}. Source: {sources or 'none, as nothing in this filter is counted'}.",
                    140)
    framed.add_annotation(text=foot, x=0, xref="paper", y=0, yref="paper", yshift=-70, yanchor="top",
                          xanchor="left", align="left", showarrow=False,
                          font={"size": 17, "color": "#444444"})
    return figure_image(framed, image_format)


def figure_image(
    figure: go.Figure, image_format: str = "png", width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT
) -> bytes:
    """The figure as PNG or SVG bytes at slide size, with large type for a projector."""
    _ensure_server()
    if maps.is_map(figure):  # its cards in the slide's type, placed again for it (15 px read as 7 pt)
        figure = maps.at_height(figure, height, font=SLIDE_CARD_FONT)
    sized = go.Figure(figure).update_layout(width=width, height=height, font={"size": 22},
                                            title={"font": {"size": 30}})
    import kaleido

    with _lock:  # one render at a time through the shared browser
        return kaleido.calc_fig_sync(
            sized.to_dict(), opts={"format": image_format, "width": width, "height": height}
        )
