"""The read layer: every read the app makes, by name, and the one cache in front of them.

A read is a query function run for a ``Filters`` value (``entry.py``); a chart is a read with a
builder. ``chart_reads.py`` lists every chart (what pages, the Present page, downloads, the deck and
the board pack draw), ``page_reads.py`` every other read (headline figures, the coverage line, the
sidebar's choices, lists, review cards, records, activity, roles). Each entry names its query
function, so any figure's SQL is one step from its name. ``layer.py`` reads them, uncached on a
cursor (``fetch``, ``build``) or cached by store for every session (``read``, ``chart``), with the
prefetching builders and the server's warm-up; ``cache.py`` is the cache. No Streamlit in this
package: the pages reach it through ``dash.ui.frame.PageContext`` (``context.read(name, ...)``,
``context.chart(name)``). ``compare.py`` is a chart for two views side by side, from each view's own
chart and reads.
"""

from dash.catalogue.chart_reads import (
    CATALOGUE,
    COMPACT_HEIGHT,
    DEFAULT_SLIDES,
    OVERVIEW_CHARTS,
    PAGE_CHARTS,
    draw,
    draw_compact,
    parse_names,
)
from dash.catalogue.compare import Comparison, compare, headline_pairs
from dash.catalogue.compare import build as build_comparison
from dash.catalogue.compare import labels as compare_labels
from dash.catalogue.entry import Read
from dash.catalogue.layer import (
    READS,
    Version,
    build,
    build_ahead,
    chart,
    cite,
    clear,
    fetch,
    read,
    reader,
    warm_caches,
)

__all__ = [
    "CATALOGUE",
    "COMPACT_HEIGHT",
    "DEFAULT_SLIDES",
    "OVERVIEW_CHARTS",
    "PAGE_CHARTS",
    "READS",
    "Comparison",
    "Read",
    "Version",
    "build",
    "build_ahead",
    "build_comparison",
    "chart",
    "cite",
    "clear",
    "compare",
    "compare_labels",
    "draw",
    "draw_compact",
    "fetch",
    "headline_pairs",
    "parse_names",
    "read",
    "reader",
    "warm_caches",
]
