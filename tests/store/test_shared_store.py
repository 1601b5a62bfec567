"""A store named by a DuckDB connection string (a shared MotherDuck database, a DuckLake catalogue):
read with the same queries, refreshed by its write stamp, and never written by the dashboard.

MotherDuck and DuckLake need the network or extensions this machine cannot fetch, so the
shared path is exercised with ``duckdb:<file>``, a connection string DuckDB attaches itself.
"""

from __future__ import annotations

import pytest

from dash.cli import main
from dash.filters import Filters
from dash.paths import NotAFileStore, is_connection_string, store_path, store_target
from dash.queries import funds
from dash.store import StoreReader, write_snapshot
from dash.store import reader as reader_module
from tests.support.apptest import ENTRY, all_text


@pytest.mark.parametrize(("target", "shared"), [
    ("md:trustee_dashboard", True),
    ("ducklake:metadata.ducklake", True),
    ("s3://funders/store.duckdb", True),
    ("duckdb:/srv/store.duckdb", True),
    ("data/dash.duckdb", False),
    ("/tmp/national.duckdb", False),
    ("dash.duckdb", False),
    ("C:\\stores\\dash.duckdb", False),  # a drive letter is not a scheme
])
def test_connection_strings_are_told_from_paths(target, shared):
    assert is_connection_string(target) is shared


def test_a_connection_string_is_read_with_the_same_queries(seed_store):
    reader = StoreReader(f"duckdb:{seed_store}")
    assert reader.shared and reader.path is None
    bristol = funds.funds(reader.cursor(), Filters(("E06000023",)))
    assert sorted(bristol["name"]) == [
        "Bristol Local Food Fund", "City Lab", "Quartet health and well-being budget"]
    stamp = reader.cursor().execute("SELECT value FROM store_info WHERE key = 'written_at'").fetchone()[0]
    assert reader.version == stamp  # the store's own write stamp, not a file's identity


def test_every_write_moves_the_stamp(store_copy):
    stamp = "SELECT value FROM store_info WHERE key = 'written_at'"
    before = StoreReader(store_copy).cursor().execute(stamp).fetchone()[0]
    with write_snapshot(store_copy) as connection:
        connection.execute("UPDATE funds SET notes = 'checked' WHERE fund_id = 'fund-bristol-city-lab'")
    assert StoreReader(store_copy).cursor().execute(stamp).fetchone()[0] > before


def test_a_moved_stamp_means_a_fresh_attachment_and_new_cache_keys(seed_store, monkeypatch):
    monkeypatch.setattr(reader_module, "STAMP_SECONDS", 0.0)  # read the stamp on every call
    written = {"at": "2026-11-23T01:00:00"}
    monkeypatch.setattr(StoreReader, "_written_stamp", lambda self, connection: written["at"])
    reader = StoreReader(f"duckdb:{seed_store}")
    first_cursor, first_version = reader.cursor(), reader.version
    assert reader.cursor() is first_cursor and reader.version == first_version  # nothing written
    written["at"] = "2026-11-23T02:00:00"  # a write elsewhere
    assert reader.version == "2026-11-23T02:00:00"
    assert reader.cursor() is not first_cursor
    assert reader.cursor().execute("SELECT count(*) FROM funds").fetchone()[0] == 5


def test_the_dashboard_never_writes_a_shared_store(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DASH_DB", "md:trustee_dashboard")
    assert store_target() == "md:trustee_dashboard"
    with pytest.raises(NotAFileStore, match=r"docs/deployment\.md"):
        store_path()
    upload = tmp_path / "grants.csv"
    upload.write_text("Identifier,Title\n")
    assert main(["import-360", str(upload)]) == 2
    assert "made by the writer that publishes it" in capsys.readouterr().err


def test_the_app_reads_a_store_named_by_a_connection_string(seed_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DASH_DB", f"duckdb:{seed_store}")
    test = AppTest.from_file(str(ENTRY), default_timeout=30)
    test.query_params["locality"] = "E06000023"
    test.run()
    assert not test.exception
    assert "3 funds (£1.37m), 3 panels and 1 meeting in Bristol" in all_text(test)


def test_the_quality_check_reads_a_connection_string(seed_store, capsys):
    assert main(["check", "--db", f"duckdb:{seed_store}"]) == 0
    assert f"in duckdb:{seed_store}" in capsys.readouterr().out


def test_a_shared_store_out_of_reach_is_named_not_a_traceback(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DASH_DB", f"duckdb:{tmp_path / 'nowhere.duckdb'}")
    test = AppTest.from_file(str(ENTRY), default_timeout=30).run()
    assert not test.exception
    assert "could not open its store duckdb:" in test.error[0].value
