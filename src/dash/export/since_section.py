"""The board pack's "Since we last met" section: the lines the page lists, in the same words and order,
each naming the page that shows it (a printed page cannot follow a link). A period in which nothing
changed is the one sentence that says so. Plain HTML, every stored word escaped: made and tested
without a browser; ``dash.export.pack`` prints it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from dash import safe

if TYPE_CHECKING:  # what the section words; imported only for its type
    from dash.since import ChangesSince

TITLE = "Since we last met"
ABOUT = ("Worked out from the store's own record of every change: who made it and when (UK time). "
         "Each line names the dashboard page that shows it, opened on the same filter.")


def _e(text: object) -> str:
    return html.escape(safe.document_text(text))


def since_html(found: ChangesSince) -> str:
    """The section as HTML: the headline, then each kind of change with its lines (a kind with none
    says so, as the page does); with nothing changed at all, the headline alone."""
    parts = ['<section class="since">', f"<h2>{_e(TITLE)}</h2>",
             f'<p class="takeaway">{_e(found.headline)}</p>']
    if found.count:
        for section in found.sections:
            parts.append(f"<h3>{_e(section.title)} ({len(section.lines)})</h3>")
            if not section.lines:
                parts.append(f'<p class="note">{_e(section.none)}</p>')
                continue
            items = []
            for line in section.lines:
                details = "".join(f"<li>{_e(detail)}</li>" for detail in line.details)
                items.append(f"<li>{_e(line.text)} <span class=\"where\">Shown on {_e(line.where)}.</span>"
                             + (f"<ul>{details}</ul>" if details else "") + "</li>")
            parts.append(f"<ul>{''.join(items)}</ul>")
        parts.append(f'<p class="note">{_e(ABOUT)}</p>')
    parts.append("</section>")
    return "".join(parts)

