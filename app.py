"""The frame: page set-up, the shared filters, and navigation over the files in pages/.

Run with `make run` (or `streamlit run app.py`). Tests call ``main()`` from an entry
script outside this folder, so page paths are resolved from this file.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dash.ui import frame, identity

PAGES_DIR = Path(__file__).resolve().parent / "pages"
FAVICON = Path(__file__).resolve().parent / "data" / "favicon.png"  # shipped: no icon fetched online

PAGES = (
    ("overview.py", "Overview", ":material/dashboard:", None),  # the default page lives at /
    ("funds.py", "Funds", ":material/payments:", "funds"),
    ("panels.py", "Panels", ":material/groups:", "panels"),
    ("themes.py", "Themes", ":material/forum:", "themes"),
    ("meetings.py", "Meetings", ":material/event_note:", "meetings"),
    ("grants.py", "Grants", ":material/account_balance:", "grants"),
    ("map.py", "Map", ":material/map:", "map"),
    ("present.py", "Present", ":material/slideshow:", "present"),
    ("since.py", "Since we last met", ":material/update:", "since"),
)
# Listed only for those who may use them (a viewer's link to them opens the Overview instead).
EDITOR_PAGES = (("activity.py", "Activity", ":material/history:", "activity"),)
ADMIN_PAGES = (("people.py", "People", ":material/manage_accounts:", "people"),)


def main() -> None:
    st.set_page_config(
        page_title="Trustee dashboard", page_icon=str(FAVICON), layout="wide"
    )
    frame.open_store()  # built on the very first run, before anyone's role is read from it
    visitor = identity.visitor()
    listed = PAGES + (EDITOR_PAGES if visitor.can_edit else ()) + (ADMIN_PAGES if visitor.is_admin else ())
    pages = [
        st.Page(PAGES_DIR / file, title=title, icon=icon, url_path=url, default=url is None)
        for file, title, icon, url in listed
    ]
    navigation = st.navigation(pages)
    frame.page_style()
    identity.show_banner(visitor)
    with st.sidebar:
        identity.sign_in_panel(visitor)
    context = frame.render_filters(navigation.url_path or "overview")
    with frame.serving(context):
        navigation.run()


if __name__ == "__main__":
    main()
