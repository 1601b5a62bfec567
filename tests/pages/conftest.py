from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ENTRY = Path(__file__).with_name("app_entry.py")


@pytest.fixture
def app_test(seed_store, monkeypatch):
    """An AppTest on the real frame and pages, reading the seed store, served as `make run` serves it
    (on 127.0.0.1, no sign-in: the person at the machine is an editor)."""
    from streamlit import config

    monkeypatch.setenv("DASH_DB", str(seed_store))
    before = config.get_option("server.address")
    served_on("127.0.0.1")

    def make(query: dict[str, str | list[str]] | None = None) -> AppTest:
        test = AppTest.from_file(str(ENTRY), default_timeout=30)
        for key, value in (query or {}).items():
            test.query_params[key] = value
        return test

    yield make
    config.set_option("server.address", before)


def served_on(address: str | None) -> None:
    """The address the server listens on, as the app reads it (``st.get_option``); ``app_test`` puts
    Streamlit's own value back afterwards."""
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
