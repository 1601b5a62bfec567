"""Running the real frame and pages in Streamlit's AppTest, and reading what a run shows."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

# The entry script outside the app folder (tests/pages/app_entry.py says why).
ENTRY = Path(__file__).resolve().parents[1] / "pages" / "app_entry.py"


def _scan_installed_components_once() -> None:
    """Each new AppTest scans every installed package's metadata for Streamlit components (1.67:
    ``discover_and_register_components`` calls ``scan_component_manifests``): 0.3 s of CPU, nine
    tenths of a page test's first run, for an answer that cannot change while the tests run (nothing
    is installed meanwhile); a server scans once, as it starts. Streamlit offers no switch for it, so
    the tests keep the first answer for the process: their one reach into a private Streamlit module,
    here alone, where an upgrade that moves it fails at import rather than quietly."""
    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):  # once, however often this module is imported
        manifest_scanner.scan_component_manifests = functools.cache(scan)


_scan_installed_components_once()


def open_record_forms(test: AppTest) -> AppTest:
    """Every "Add or correct …" form opened, as an editor's click opens one (they are made only when
    open: ``dash.ui.record_forms``)."""
    from dash.ui.record_forms import form_key
    from dash.write.records import SPECS

    for table in SPECS:
        test.session_state[form_key(table)] = True
    return test


def open_downloads(test: AppTest, page: str) -> AppTest:
    """Every chart's "Download" list on ``page`` opened, as a click opens one (its buttons are made
    only when open: ``dash.ui.components.download_row``)."""
    from dash.catalogue import PAGE_CHARTS
    from dash.ui.components import downloads_key

    for chart in PAGE_CHARTS[page]:
        test.session_state[downloads_key(chart)] = True
    return test


def served_on(address: str | None) -> None:
    """The address the server listens on, as the app reads it (``st.get_option``); the ``app_test``
    fixture puts Streamlit's own value back afterwards."""
    from streamlit import config

    config.set_option("server.address", address)


def shown(markdown: str) -> str:
    """What a reader sees of Markdown the app escaped (``dash.safe.markdown``): the characters alone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")  # the word joiner is invisible


def all_text(test: AppTest) -> str:
    """Every piece of text the run produced, as a reader sees it, for 'is this on the page' checks."""
    parts = [e.value for e in test.markdown] + [e.value for e in test.caption]
    parts += [e.value for e in test.info] + [e.value for e in test.title] + [e.value for e in test.subheader]
    parts += [f"{m.label}: {m.value}" for m in test.metric]
    return shown("\n".join(str(p) for p in parts))


def page_path(file: str) -> str:
    """A page of the real app, relative to the entry script (as switch_page wants)."""
    return f"../../pages/{file}"


def url_values(test: AppTest, key: str) -> list[str]:
    """A query parameter's values as a list (AppTest keeps a lone value unwrapped)."""
    value = test.query_params.get(key, [])
    return list(value) if isinstance(value, list) else [value]
