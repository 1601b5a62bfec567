"""The Grants page after an import: its warnings grouped and closed, each group with its count, each
check a plain table, under the Import button and above the charts; missing places said apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from dash.store import StoreReader
from dash.write import service
from tests.support.apptest import all_text, page_path, shown
from tests.support.inputs import day_first_grants_file

FILES = Path(__file__).parents[1] / "ingest" / "360giving"


@pytest.fixture
def grants_page(app_test, store_copy, monkeypatch):
    monkeypatch.setenv("DASH_DB", str(store_copy))

    def after_importing(name: str):
        outcome = service.import_grants((FILES / name).read_bytes(), name, by="AB", store=store_copy)
        test = app_test().run()
        test.switch_page(page_path("grants.py"))
        test.session_state["grants_outcome"] = outcome  # as the Import button leaves it for the rerun
        test.run()
        assert not test.exception, test.exception
        return test, outcome
    return after_importing


def test_warnings_are_grouped_closed_and_counted_above_the_charts(grants_page):
    test, outcome = grants_page("ExampleTrust-grants-fixed.csv")
    assert outcome.ok
    groups = [e for e in test.expander if e.label.startswith("Usefulness")]
    assert [e.label for e in groups] == [
        "Usefulness: Organisations: 12 warnings", "Usefulness: Location: 10 warnings",
        "Usefulness: Grants: 10 warnings", "Usefulness: Dates: 10 warnings"]
    assert not any(e.proto.expanded for e in groups)  # closed until opened
    assert not test.get("code")  # no monospaced dump
    organisations = groups[0]
    tables = [df.value for df in organisations.dataframe]
    assert list(tables[0].columns) == ["Where", "What was found"] and len(tables[0]) == 10
    headings = [shown(m.value) for m in organisations.markdown]
    assert "**Recipient Org:Charity Number and Company Number both empty** — 10 grants" in headings
    order = [getattr(node, "label", None) or node.type for node in test.main.children.values()]
    assert order.index(groups[-1].label) < order.index("plotly_chart")  # the report, then the charts
    assert any("Imported 10 grants" in s.value for s in test.success)


def test_a_refused_file_shows_its_errors_open(grants_page):
    test, outcome = grants_page("ExampleTrust-grants-broken.csv")
    assert not outcome.ok
    errors = [e for e in test.expander if e.label.startswith("Errors to fix at source")]
    assert errors and all(e.proto.expanded for e in errors)
    assert "was not imported" in all_text(test) or any("was not imported" in e.value for e in test.error)


def _upload(test, raw: bytes, *, day_first: bool):
    test.file_uploader(key="grants_file").set_value(("dayfirst.csv", raw, "text/csv"))
    test.run()
    test.checkbox(key="grants_day_first").set_value(day_first)
    test.button(key="grants_import").click()
    test.run()
    assert not test.exception, test.exception
    return test


def test_the_import_form_offers_day_first_dates_and_a_refusal_names_the_box(app_test, store_copy,
                                                                             monkeypatch):
    """A file whose award dates are written day first is refused, and its one sentence says the box
    exists; ticked, the same file is imported, the choice kept on the import as a warning."""
    monkeypatch.setenv("DASH_DB", str(store_copy))
    raw = day_first_grants_file(6)
    test = app_test().run()
    test.switch_page(page_path("grants.py"))
    test.run()
    box = test.checkbox(key="grants_day_first")
    assert box.label == "Dates in this file are written day first (31/12/2024)" and box.value is False
    _upload(test, raw, day_first=False)
    [refusal] = [e.value for e in test.error]
    assert shown(refusal) == (
        "dayfirst.csv was not imported: it has 12 errors to fix at source (listed below), among them 6 "
        "grants with dates written day first (if they are British dates, import it again with 'Dates in "
        "this file are written day first (31/12/2024)' ticked); nothing was changed.")
    assert StoreReader(store_copy).cursor().execute(
        "SELECT count(*) FROM grants WHERE grant_id LIKE '360G-DAYFIRST%'").fetchone() == (0,)
    _upload(test, raw, day_first=True)
    assert any("Imported 6 grants from dayfirst.csv" in shown(s.value) for s in test.success)
    warnings = [e.label for e in test.expander if e.label.startswith("Accuracy: Dates")]
    assert warnings == ["Accuracy: Dates: 6 warnings"]
    cursor = StoreReader(store_copy).cursor()
    imported = cursor.execute("SELECT count(*) FROM grants WHERE grant_id LIKE '360G-DAYFIRST%'")
    assert imported.fetchone() == (6,)
    summary = cursor.execute("SELECT summary FROM writes ORDER BY entry DESC LIMIT 1").fetchone()[0]
    assert summary.endswith("dates read as day-first British dates: 6 grants")
    assert test.checkbox(key="grants_day_first").value is False  # the choice was that file's: unticked again
