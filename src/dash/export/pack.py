"""A board pack: one PDF of the current view, for the papers sent before a meeting.

A title page (what the filter shows, the store's version, when the pack was made), then each
chart on its own page with its takeaway, the picture the screen draws, how to read it, its table
and its sources; the sources in full at the end. Written as one self-contained HTML page (every
stored word escaped, pictures inline) and printed to PDF by the same Debian Chromium that renders
chart images, so it is made on this machine and nothing is fetched.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dash import format as fmt
from dash import safe
from dash.charts import Chart
from dash.charts.compare import Comparison
from dash.export.chromium import CHROMIUM_FLAGS, find_chromium
from dash.export.deck import DECK_TITLE
from dash.export.images import INSTALL_CHROMIUM, ImageExportUnavailable, figure_image
from dash.export.since_section import since_html

if TYPE_CHECKING:  # what the section words; imported only for its type
    from dash.since import ChangesSince

PACK_ROWS = 25  # a longer table is the download's job; the pack says how many rows it left out
PRINT_SECONDS = 120

_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: #111; font-size: 11pt; }
h1 { font-size: 26pt; margin: 60mm 0 8mm; }
h2 { font-size: 17pt; margin: 0 0 3mm; }
.chart { break-before: page; }
.takeaway { font-size: 13pt; margin: 0 0 4mm; }
.about, .note, .sources { color: #444; }
img { width: 100%; border: 0; margin: 2mm 0 3mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 3mm 0; }
th, td { border-bottom: 1px solid #ccc; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { border-bottom: 1.5px solid #111; }
td.number { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
.sources-page { break-before: page; }
.since { break-before: page; }
h3 { font-size: 13pt; margin: 5mm 0 1mm; }
.where { color: #444; }
li { margin: 1mm 0; }
"""


class PackUnavailable(RuntimeError):
    """The pack cannot be printed here: ``str()`` says so plainly, ``remedy`` (if any) what to install."""

    def __init__(self, message: str, remedy: str = "") -> None:
        super().__init__(message)
        self.remedy = remedy


def _e(text: object) -> str:
    return html.escape(safe.document_text(text))


def _table(table: pd.DataFrame) -> str:
    if table.empty:
        return ""
    shown = table.head(PACK_ROWS)
    head = "".join(f"<th>{_e(column)}</th>" for column in shown.columns)
    rows = []
    for _, row in shown.iterrows():
        cells = []
        for value in row:
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
            number = isinstance(value, int | float) or fmt.money_value(str(text)) is not None
            cells.append(f'<td class="number">{_e(text)}</td>' if number else f"<td>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = (f'<p class="note">The first {PACK_ROWS} of {len(table):,} rows; the table\'s download '
            "on the dashboard holds them all.</p>" if len(table) > PACK_ROWS else "")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def _picture(chart: Chart) -> str:
    if chart.is_empty:
        return ""
    image = base64.b64encode(figure_image(chart.figure, "png", 1200, 700)).decode()  # type readable on A4
    return f'<img alt="{_e(chart.alt)}" src="data:image/png;base64,{image}">'


def pack_html(charts: list[Chart | Comparison], filter_words: str, store_version: str,
              made_on: dt.datetime | None = None, since: ChangesSince | None = None) -> str:
    """The pack as one HTML page, every stored word escaped and every picture inline. A comparison is
    one page: the difference in words, both views' charts side by side in one picture, and one table
    whose first column says which view each row is from. ``since``: what changed since a day, as the
    "Since we last met" page lists it, after the title page."""
    made_on = made_on or dt.datetime.now()
    charts = [chart.as_chart() if isinstance(chart, Comparison) else chart for chart in charts]
    every_source: list[str] = []
    follow = "follows" if len(charts) == 1 else "follow"
    first = f"What changed since {_e(fmt.long_date(since.since))} comes first; then " if since else ""
    parts = [
        f"<h1>{_e(DECK_TITLE)}</h1>",
        f'<p class="takeaway">Showing {_e(filter_words)}.</p>',
        f'<p class="about">Made on {_e(fmt.long_date(made_on.date()))} at {made_on:%H:%M}. '
        f"{_e(store_version)}</p>",
        f'<p class="about">{first}{fmt.count(len(charts), "chart")} {follow}, each with its table and '
        "sources; the sources are listed in full at the end. Figures are as the sources state them.</p>",
    ]
    if since is not None:
        parts.append(since_html(since))
    for chart in charts:
        every_source += [s for s in chart.sources if s not in every_source]
        sources = "; ".join(chart.sources) or "none, as nothing in this filter is counted"
        parts.append(
            '<section class="chart">'
            f"<h2>{_e(chart.title)}</h2><p class=\"takeaway\">{_e(chart.takeaway)}</p>"
            f"{_picture(chart)}"
            + (f'<p class="note">{_e(chart.note)}</p>' if chart.note else "")
            + _table(chart.table)
            + f'<p class="sources">Source: {_e(sources)}.</p></section>'
        )
    listed = "".join(f"<li>{_e(source)}</li>" for source in every_source) or \
        "<li>No chart in this pack cites a source (nothing matched the filter).</li>"
    parts.append(f'<section class="sources-page"><h2>Sources</h2><ul>{listed}</ul>'
                 '<p class="note">Key points are in the dashboard\'s own words; figures are as the '
                 "sources state them, on the date each line gives.</p></section>")
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{_e(DECK_TITLE)}</title>'
            f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>")


def print_pdf(page: str) -> bytes:
    """``page`` (HTML) printed to PDF by headless Chromium."""
    browser = find_chromium()
    if not browser:
        raise PackUnavailable("The board pack is printed by Chromium, the browser this computer does not "
                              "have. Whoever looks after the dashboard can install it.", INSTALL_CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="dash-pack-") as folder:
        source, out = Path(folder) / "pack.html", Path(folder) / "pack.pdf"
        source.write_text(page, encoding="utf-8")
        done = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
             "--no-pdf-header-footer", f"--print-to-pdf={out}", source.as_uri()],
            capture_output=True, timeout=PRINT_SECONDS, check=False)
        if not out.exists() or out.stat().st_size == 0:
            raise PackUnavailable(f"Chromium could not print the board pack (exit status {done.returncode}).")
        return out.read_bytes()


def build_pack(charts: list[Chart | Comparison], filter_words: str, store_version: str,
               made_on: dt.datetime | None = None, since: ChangesSince | None = None) -> bytes:
    """The board pack as PDF bytes (``since``: the "Since we last met" section after the title page)."""
    try:
        page = pack_html(charts, filter_words, store_version, made_on, since)
    except ImageExportUnavailable as error:
        raise PackUnavailable(str(error), error.remedy) from error
    return print_pdf(page)
