"""The Meetings page asks which place a write-up is about when the import could not choose, and an
editor's answer sets the meeting's place; a rate or a cost is listed but never offered as a fund."""

from __future__ import annotations

from dash.store import StoreReader
from dash.write import service
from tests.support.apptest import all_text, page_path

TIED = ("# Leeds and Camden panels compared\n\nHeld on 9 March 2023.\n\n"
        "- Both panels paid members £15 an hour for their time.\n"
        "- Members in each place wanted to set the criteria themselves.\n").encode()


def _meetings_page(app_test, store, monkeypatch, search: str):
    monkeypatch.setenv("DASH_DB", str(store))
    test = app_test().run()
    test.switch_page(page_path("meetings.py")).run()
    test.text_input(key="meeting_search").input(search).run()
    assert not test.exception, test.exception
    return test


def test_a_tied_place_is_asked_and_the_answer_is_the_meetings_place(app_test, store_copy, monkeypatch):
    outcome = service.import_write_up(TIED, "tied.md", by="AB", store=store_copy)
    assert outcome.ok and outcome.report.locality_id is None
    meeting = outcome.report.meeting_id
    test = _meetings_page(app_test, store_copy, monkeypatch, "panels compared")
    assert "The write-up names Leeds and Camden: which is the meeting's place?" in all_text(test)
    offered = [b.key for b in test.button if b.key and meeting in b.key and b.key.endswith("_create")]
    assert offered == []  # £15 an hour is not a fund
    assert "Rate or cost (not a fund's size): **£15**" in all_text(test)
    test.button(key=f"found_{meeting}_asked_E09000007").click().run()
    assert not test.exception, test.exception
    place = StoreReader(store_copy).cursor().execute(
        "SELECT locality_id FROM meetings WHERE meeting_id = ?", [meeting]).fetchone()[0]
    assert place == "E09000007"
    assert "which is the meeting's place?" not in all_text(test)  # answered: no longer asked
