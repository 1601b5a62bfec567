"""The read layer's one cache: bounded, one computation per key, keyed on the store's version, errors
never kept; and the layer itself free of Streamlit."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dash import catalogue
from dash.catalogue.cache import ReadCache
from dash.catalogue.entry import Read
from dash.filters import Filters

ROOT = Path(__file__).resolve().parents[2]


def test_a_group_keeps_only_its_most_recently_used_values():
    cache = ReadCache()
    made: list[str] = []

    def compute(key: str):
        return lambda: made.append(key) or key.upper()

    for key in ("a", "b"):
        cache.get("letters", key, 2, compute(key))
    assert cache.get("letters", "a", 2, compute("a")) == "A"  # kept, and now the most recent
    cache.get("letters", "c", 2, compute("c"))  # pushes out "b", the least recently used
    assert len(cache) == 2
    assert cache.get("letters", "a", 2, compute("a")) == "A"
    cache.get("letters", "b", 2, compute("b"))
    assert made == ["a", "b", "c", "b"]  # "a" was made once; "b" again after it was pushed out
    cache.get("numbers", 1, 1, lambda: 1)  # another group has its own bound
    assert len(cache) == 3


def test_two_threads_asking_for_one_missing_value_compute_it_once():
    cache = ReadCache()
    computing, release = threading.Event(), threading.Event()
    calls: list[int] = []
    answers: list[object] = []

    def slow() -> object:
        calls.append(1)
        computing.set()
        release.wait()
        return object()

    def ask() -> None:
        answers.append(cache.get("charts", "same key", 10, slow))

    first = threading.Thread(target=ask)
    first.start()
    computing.wait()
    second = threading.Thread(target=ask)
    second.start()
    while cache._key_locks[("charts", "same key")].users < 2:  # the second now waits on the key
        threading.Event().wait(0.001)
    release.set()
    first.join()
    second.join()
    assert calls == [1]
    assert len(answers) == 2 and answers[0] is answers[1]  # the same value, shared
    assert cache._key_locks == {}  # no lock is left behind


def test_an_error_is_not_kept():
    cache = ReadCache()
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("the store was out of reach")
        return "figures"

    with pytest.raises(RuntimeError):
        cache.get("headline", "key", 10, flaky)
    assert len(cache) == 0 and cache._key_locks == {}
    assert cache.get("headline", "key", 10, flaky) == "figures"  # asked again, computed again
    assert cache.get("headline", "key", 10, flaky) == "figures"
    assert len(attempts) == 2


@pytest.fixture
def counted_runs(monkeypatch) -> list[str]:
    """Every read actually run (not served from the cache), by name."""
    catalogue.clear()
    runs: list[str] = []
    real = Read.run

    def run(entry, cursor, filters, **args):
        runs.append(entry.name)
        return real(entry, cursor, filters, **args)

    monkeypatch.setattr(Read, "run", run)
    yield runs
    catalogue.clear()


def test_a_new_store_version_is_a_new_key(seed_store, counted_runs):
    store = str(seed_store)
    for version in ("before a write", "before a write", "after a write"):
        catalogue.read("headline", Filters(), store, version)
    assert counted_runs == ["headline", "headline"]


def test_a_read_is_keyed_on_its_filter_and_arguments_unless_it_ignores_the_filter(seed_store, counted_runs):
    store, version = str(seed_store), catalogue.reader(str(seed_store)).version
    bristol = Filters(("E06000023",))
    assert catalogue.read("meetings", bristol, store, version, search="trust") is catalogue.read(
        "meetings", bristol, store, version, search="trust")
    catalogue.read("meetings", bristol, store, version, search="power")
    catalogue.read("meetings", Filters(), store, version, search="power")
    catalogue.read("activity", bristol, store, version)
    catalogue.read("activity", Filters(), store, version)  # the filter changes nothing here
    assert counted_runs == ["meetings", "meetings", "meetings", "activity"]


def test_a_read_gets_the_reads_it_needs_from_the_cache(seed_store, counted_runs):
    store, version = str(seed_store), catalogue.reader(str(seed_store)).version
    line = catalogue.read("coverage", Filters(), store, version)
    assert line == catalogue.fetch("coverage", catalogue.reader(store).cursor())  # uncached, the same
    catalogue.read("headline", Filters(), store, version)  # made for the coverage line already
    assert counted_runs == ["headline", "coverage", "headline", "coverage"]


def test_the_read_layer_runs_without_streamlit():
    """The pages, the server's warm-up, the builders and the benchmark share this cache; Streamlit's own
    caches needed a script-run context set by hand on the builders' threads."""
    code = "import sys, dash.catalogue; print('streamlit' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


def test_one_small_module_uses_a_private_streamlit_api():
    """Streamlit's runtime internals are used in one module that says why (the pages/ folder beside
    app.py), the developer tools included; the wire protocol's messages only by the developers' client
    that speaks it as a browser does (devtools/sessions.py)."""
    places = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "src" / "dash").rglob("*.py")]
    texts = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in places}
    def users(module: str) -> set[str]:
        return {path for path, text in texts.items() if module in text}

    assert users("streamlit.runtime") == {"src/dash/ui/legacy_pages.py"}
    assert users("streamlit.proto") == {"src/dash/devtools/sessions.py"}
