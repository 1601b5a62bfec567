"""Chart images (PNG, SVG) rendered server-side by Kaleido with Debian's Chromium.

The browser is found through ``BROWSER_PATH`` or the ``chromium`` on the path,
started once, and reused for every image; MathJax is switched off so nothing is
fetched from the internet. Images use the project's own Plotly template, so they
look like the chart on screen.
"""

from __future__ import annotations

import atexit
import os
import threading

import plotly.graph_objects as go
import plotly.io as pio

from dash.export.chromium import find_chromium

SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900  # 16:9 at a resolution a projector shows sharply

_lock = threading.Lock()
_started = False


class ImageExportUnavailable(RuntimeError):
    """No Chromium to render with; says how to install it."""


def _browser() -> str:
    path = find_chromium()
    if not path:
        raise ImageExportUnavailable(
            "Chart images need Chromium: install Debian's package with `apt-get install chromium` "
            "(`make run` and `make test` do this), or set BROWSER_PATH."
        )
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


def figure_image(
    figure: go.Figure, image_format: str = "png", width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT
) -> bytes:
    """The figure as PNG or SVG bytes at slide size, with large type for a projector."""
    _ensure_server()
    sized = go.Figure(figure).update_layout(width=width, height=height, font={"size": 22},
                                            title={"font": {"size": 30}})
    import kaleido

    with _lock:  # one render at a time through the shared browser
        return kaleido.calc_fig_sync(
            sized.to_dict(), opts={"format": image_format, "width": width, "height": height}
        )
