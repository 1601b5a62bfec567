"""The one use of a private Streamlit API, and why it is needed.

Because ``app.py`` sits beside a ``pages/`` folder (the layout the project keeps: one file per page),
a freshly started server treats the app as a legacy multipage app until ``st.navigation`` is first
called, and its very first request for a deep link (``/funds?locality=…``) runs ``pages/funds.py``
without the frame. Streamlit offers no public way to say "this app uses ``st.navigation``" before
that first call, so ``PagesManager.uses_pages_directory`` is switched off here and the run restarted:
the request then goes through ``app.py``, whose ``st.navigation`` opens the page the link names,
with its filters. If a Streamlit upgrade moves this attribute, deep links on a fresh server are
what breaks (tests/e2e/test_browser.py, test_deep_link_is_the_first_request_a_new_server_gets).
"""

from __future__ import annotations

from typing import NoReturn

import streamlit as st


def leave_legacy_page_mode() -> NoReturn:
    """Rerun through app.py when Streamlit ran a page file on its own."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
