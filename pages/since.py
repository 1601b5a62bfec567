"""Since we last met: what changed in the records for this filter after a day (by default the last
meeting's), each line linked to where it is shown."""

from dash.ui.components import page_header
from dash.ui.frame import page_context
from dash.ui.since import pick_since, show_changes

context = page_context()
page_header("Since we last met", context, "New grants and write-ups, themes that rose or fell, records "
            "corrected, imports removed and theme reviews, from the store's own record of every change.")
since = pick_since(context)
show_changes(context.read("changes_since", since=since))
