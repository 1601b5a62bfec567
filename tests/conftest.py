"""Shared fixtures: a store built once from the real seed files, and copies to change."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest

from dash.paths import SEED_DIR
from dash.write.build import build_store

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# No sign-in unless a test sets it up: a developer's own .streamlit/secrets.toml never reaches the
# suite (dash.write.access reads the file DASH_SECRETS names; this one does not exist).
os.environ["DASH_SECRETS"] = str(Path(tempfile.gettempdir()) / f"dash-tests-{os.getpid()}-no-secrets.toml")


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


@pytest.fixture
def seed_dir_copy(tmp_path: Path) -> Path:
    """A private copy of data/seed that a test may break."""
    path = tmp_path / "seed"
    shutil.copytree(SEED_DIR, path)
    return path


@pytest.fixture
def db(seed_store: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(seed_store), read_only=True)
    yield connection
    connection.close()


def table_snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, for 'nothing changed' assertions."""
    connection = duckdb.connect(":memory:")
    connection.execute("ATTACH ? AS s (READ_ONLY)", [str(path)])
    tables = [row[0] for row in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 's'"
    ).fetchall()]
    snapshot = {t: sorted(connection.execute(f"SELECT * FROM s.{t}").fetchall(), key=repr) for t in tables}
    connection.close()
    return snapshot
