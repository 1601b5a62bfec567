"""Since we last met: what changed in the records for this filter after a day (by default the last
meeting's), each line linked to where it is shown; the themes that rose or fell as a chart; the deck
and the board pack of it to take into the meeting."""

import dataclasses

from dash.ui.components import page_header, show_named
from dash.ui.frame import page_context
from dash.ui.since import pick_since, show_changes, take_away

context = page_context()
page_header("Since we last met", context, "New grants and write-ups, themes that rose or fell, records "
            "corrected, imports removed and theme reviews, from the store's own record of every change.")
since = pick_since(context)
on_the_day = dataclasses.replace(context, filters=dataclasses.replace(context.filters, since=since))
found = on_the_day.read("changes_since")
show_changes(found)
show_named(on_the_day, "themes_since")
take_away(on_the_day, found)
