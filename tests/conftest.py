"""Shared fixtures (a store built once from the real seed files, copies to change, the pages' AppTest)
and the test tiers.

Tiers: a test that starts Chromium is marked ``browser``, one that renders with LibreOffice ``office``,
one that kills a write, fills the disk or runs writers at once ``faults``, one that starts HAProxy
(the balanced deployment) ``deploy`` (pyproject.toml declares them). ``make check`` runs every test but
those four; ``make test`` runs them all. The browser and deployment tests are marked here, by their
folder and fixtures; a test that starts one of those programs without its
marker fails with a sentence saying which marker it needs, so the fast tier never needs them installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from dash.paths import SEED_DIR
from dash.write.build import build_store
from tests.support.apptest import ENTRY, served_on
from tests.support.tiers import tier_of_process

TESTS = Path(__file__).resolve().parent

# No sign-in unless a test sets it up: a developer's own .streamlit/secrets.toml never reaches the
# suite (dash.write.access reads the file DASH_SECRETS names; this one does not exist).
os.environ["DASH_SECRETS"] = str(Path(tempfile.gettempdir()) / f"dash-tests-{os.getpid()}-no-secrets.toml")

# tests/e2e/conftest.py's fixtures: a served app, Playwright's Chromium and a page in it.
BROWSER_FIXTURES = frozenset({"server", "browser", "tabs", "page"})


# The slow tiers' files run first and the many quick files after, so that at the end both workers
# share out small tests rather than one waiting while the other runs the deployment test or a sign-in.
# xdist would hand out the files with most tests first (pyproject.toml turns that off with
# --no-loadscope-reorder), which put the one-test deployment file and the two sign-ins last: the final
# 2% of a fresh clone's run took two minutes. Within a tier, files with more tests still go first.
RUN_FIRST = ("deploy", "browser", "office", "faults")


def _fixtures_of(item: pytest.Item) -> set[str]:
    """The fixtures a test uses, not its parameters: a page test's ``page`` parameter ("funds") is
    no browser tab (a name alone once kept 129 AppTest tests out of the fast tier)."""
    callspec = getattr(item, "callspec", None)
    return set(getattr(item, "fixturenames", ())) - set(callspec.params if callspec else ())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/e2e, and every test using a browser fixture, is marked ``browser``; every
    test under tests/deploy ``deploy``. Then the files are put in ``RUN_FIRST``'s order, each file's
    tests together and in their own order (``--dist loadfile`` hands a worker a file at a time)."""
    for item in items:
        if item.path.is_relative_to(TESTS / "deploy"):
            item.add_marker(pytest.mark.deploy)
        in_e2e = item.path.is_relative_to(TESTS / "e2e")
        if in_e2e or BROWSER_FIXTURES.intersection(_fixtures_of(item)):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.e2e)
    tier: dict[Path, int] = {}
    weight: Counter[Path] = Counter()  # a file's tests in its tier: its slow tests, or all its tests
    for item in items:
        marks = {mark.name for mark in item.iter_markers()}
        first = next((n for n, name in enumerate(RUN_FIRST) if name in marks), len(RUN_FIRST))
        if first < tier.get(item.path, len(RUN_FIRST) + 1):
            tier[item.path], weight[item.path] = first, 0
        weight[item.path] += first == tier[item.path]
    items.sort(key=lambda item: (tier[item.path], -weight[item.path], str(item.path)))  # stable


@pytest.fixture(autouse=True)
def _stays_in_its_tier(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """A test that starts a process of a tier it is not marked with, or renders a chart image through
    Kaleido's Chromium (started once, then shared), fails. What it started is only noted while it
    runs, and the test fails after: the process may start in a thread of the app's or Kaleido's own,
    where an exception would hang the test instead of failing it."""
    marked = {mark.name for mark in request.node.iter_markers()}
    started: list[str] = []
    real = subprocess.Popen

    class TierCheckedPopen(real):
        def __init__(self, args, *more, **options):
            tier = tier_of_process(args, options.get("env"))
            if tier and tier not in marked:
                started.append(f"`{tier}` (it starts {args!r})")
            super().__init__(args, *more, **options)

    monkeypatch.setattr(subprocess, "Popen", TierCheckedPopen)
    if "browser" not in marked:
        import kaleido

        def noted(real):
            def rendering(*args, **kwargs):
                started.append("`browser` (it renders a chart image with Chromium, through Kaleido)")
                return real(*args, **kwargs)

            return rendering

        for name in ("start_sync_server", "calc_fig_sync"):
            monkeypatch.setattr(kaleido, name, noted(getattr(kaleido, name)))
    yield
    if started:
        pytest.fail(f"mark this test {started[0]} (tests/conftest.py), so that `make check` leaves it to "
                    "`make test`", pytrace=False)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store built from data/seed; read it, never change it."""
    path = tmp_path_factory.mktemp("seed-store") / "dash.duckdb"
    build_store(path)
    return path


@pytest.fixture
def store_copy(seed_store: Path, tmp_path: Path) -> Path:
    """A private copy of the seed store that a test may change."""
    path = tmp_path / "dash.duckdb"
    shutil.copyfile(seed_store, path)
    return path


@pytest.fixture(scope="session")
def history(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with a known history (tests/support/history.py), made once per worker for the four
    modules of "since we last met": read it, never change it (copy it first)."""
    from tests.support.history import build_history

    return build_history(seed_store, tmp_path_factory.mktemp("history") / "dash.duckdb")


@pytest.fixture
def seed_dir_copy(tmp_path: Path) -> Path:
    """A private copy of data/seed that a test may break."""
    path = tmp_path / "seed"
    shutil.copytree(SEED_DIR, path)
    return path


@pytest.fixture(scope="session")
def _seed_connection(seed_store: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(seed_store), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def db(_seed_connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A read-only cursor on the seed store: a cursor of one connection per worker, since opening a
    DuckDB database costs 15 ms and two hundred tests read through this."""
    cursor = _seed_connection.cursor()
    yield cursor
    cursor.close()


@pytest.fixture
def app_test(seed_store, monkeypatch):
    """An AppTest on the real frame and pages, reading the seed store, served as `make run` serves it
    (on 127.0.0.1, no sign-in: the person at the machine is an editor)."""
    from streamlit import config
    from streamlit.testing.v1 import AppTest

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


# One Playwright (and one Chromium) per test worker, for tests/e2e and for any other test that reads a
# drawn page (tests/export/test_images.py): a second ``sync_playwright()`` in a worker where one is
# still open is refused ("using Playwright Sync API inside the asyncio loop").
@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    from dash.export.chromium import CHROMIUM_FLAGS, find_chromium

    expect.set_options(timeout=20_000)  # a shared 2-core machine: wait for the page, generously
    executable = find_chromium()
    if executable is None:
        pytest.fail("Debian's chromium is not installed: `make test` installs it with apt-get.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
