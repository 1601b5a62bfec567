"""The hostile tests' fixtures: a store with one write of each kind, and files made unreadable even
to root."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dash.write import service
from tests.hostile import corpus
from tests.support.inputs import GOOD_POINTS, grants_csv_with_amount, write_up
from tests.support.stores import copy_with_journal


@pytest.fixture(scope="module")
def journalled_template(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store that already holds one write of each kind, so a refusal has something to leave alone."""
    store = tmp_path_factory.mktemp("journalled") / "dash.duckdb"
    shutil.copyfile(seed_store, store)
    assert service.import_grants(grants_csv_with_amount("700"), "first.csv", by="setup", store=store).ok
    assert service.import_write_up(write_up(*GOOD_POINTS), "first.md", by="setup", store=store).ok
    assert service.decide("ins-jf-07", "time", "accept", by="setup", store=store).ok
    return store


@pytest.fixture
def journalled_store(journalled_template: Path, tmp_path: Path) -> Path:
    """A private copy of the template: its store and its journal."""
    return copy_with_journal(journalled_template, tmp_path)


@pytest.fixture(autouse=True)
def denied(monkeypatch: pytest.MonkeyPatch):
    """A file the corpus made unreadable (mode 000) cannot be opened, as for anyone but root: when the
    tests run as root, opening it raises the PermissionError everyone else would get."""
    corpus.DENIED.clear()
    if os.geteuid() == 0:
        real_open = os.open

        def guarded(path, flags, *args, **kwargs):
            if os.fspath(path) in corpus.DENIED:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", guarded)
    yield corpus.DENIED
    for path in corpus.DENIED:  # so that pytest can clear its temporary folders
        Path(path).chmod(0o644)
