"""The frame: page set-up, the shared filters, and navigation over the files in pages/.

Run with `make run` (or `streamlit run app.py`). Tests call ``main()`` from an entry
script outside this folder, so page paths are resolved from this file.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dash.ui import frame

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
)


def main() -> None:
    st.set_page_config(
        page_title="Trustee dashboard", page_icon=str(FAVICON), layout="wide"
    )
    pages = [
        st.Page(PAGES_DIR / file, title=title, icon=icon, url_path=url, default=url is None)
        for file, title, icon, url in PAGES
    ]
    navigation = st.navigation(pages)
    context = frame.render_filters(navigation.url_path or "overview")
    with frame.serving(context):
        navigation.run()


if __name__ == "__main__":
    main()
