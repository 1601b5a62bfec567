"""The Grants page after an import: its warnings grouped and closed, each group with its count, each
check a plain table, under the Import button and above the charts; missing places said apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from dash.write import service
from tests.support.apptest import all_text, page_path, shown

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
