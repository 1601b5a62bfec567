"""The Activity page as an editor reads it: two changes never read alike, Undo never offers the undo
just made, and "What changed" is read whole at 1280 px (measured before: two identical lines for
changes 4 and 5, the undo pre-selected after an undo, the column cut)."""

from __future__ import annotations

import pytest

from dash.ui.record_forms import ACTIVITY_LINES, ACTIVITY_WIDTHS, PAGE_COLUMN
from dash.write import service
from tests.support.apptest import page_path

CITY_LAB = "fund-bristol-city-lab"
QUARTET = "fund-quartet-health-wellbeing"
NOTES = ("# Calderdale neighbourhood panel\n\nHeld on 3 June 2025 in Calderdale.\n\n"
         "- The Calderdale Neighbourhood Fund of £250,000, run by Calderdale Community Foundation, is "
         "decided by twelve residents.\n"
         "- Groups said the forms were too long.\n").encode()
# Source Sans at 14 px, as the grid draws it: about 7 px a character on average; 7.6 leaves room for
# a line that wraps a word early.
PIXELS_PER_CHARACTER = 7.6


@pytest.fixture
def activity_page(app_test, store_copy, monkeypatch):
    monkeypatch.setenv("DASH_DB", str(store_copy))

    def open_it():
        test = app_test().run()
        test.switch_page(page_path("activity.py")).run()
        assert not test.exception, test.exception
        return test
    return open_it


def _what_changed(test):
    return list(next(df for df in test.dataframe if "What changed" in df.value.columns).value["What changed"])


def test_changes_that_read_alike_each_say_what_differs(activity_page, store_copy):
    for back in (False, True, False):  # retired, brought back, retired again
        assert service.retire_record("funds", CITY_LAB, by="AB", store=store_copy, back=back).ok
    for size in ("£1,400,000", "£1,500,000"):
        assert service.save_record("funds", QUARTET, {"amount_gbp": size}, by="AB", store=store_copy).ok
    lines = _what_changed(activity_page())
    assert len(set(lines)) == len(lines) == 5
    assert "Retired the fund 'City Lab' (again, as in change 1)" in lines
    assert "Changed the fund 'Quartet health and well-being budget': size £1,400,000 → £1,500,000" in lines


def test_after_an_undo_the_list_offers_the_change_before_it_not_the_undo(activity_page, store_copy):
    for size in ("£1,400,000", "£1,500,000"):
        assert service.save_record("funds", QUARTET, {"amount_gbp": size}, by="AB", store=store_copy).ok
    assert service.save_record("funds", CITY_LAB, {"notes": "Checked"}, by="AB", store=store_copy).ok
    test = activity_page()
    assert test.selectbox(key="record_undo_pick").value == 3
    test.button(key="record_undo_button").click().run()
    assert not test.exception, test.exception
    offered = test.selectbox(key="record_undo_pick")
    assert any(option.startswith("4: Changed the fund 'City Lab'") for option in offered.options)  # by hand
    assert offered.value == 2  # the newest change that is not itself an undo


def test_what_changed_is_read_whole_in_the_page_column_at_1280_px(activity_page, store_copy):
    meeting = service.import_write_up(NOTES, "calderdale.md", by="AB", store=store_copy).report.meeting_id
    source = f"src-import-{meeting.removeprefix('mtg-import-')}"
    assert service.confirm_mention(meeting, 1, "funds", None, {
        "name": "Calderdale Neighbourhood Fund", "fund_kind": "grant budget", "amount_gbp": "250000",
        "participatory_gbp": "250000", "source_id": source}, by="AB", store=store_copy).ok
    assert service.decide("ins-jf-07", "time", "reject", by="AB", store=store_copy).ok
    assert service.save_record("panels", "panel-quartet-health-wellbeing",
                               {"lived_experience_share": "45%", "notes": "Counted again", "paid": "yes",
                                "trained": "yes"}, by="AB", store=store_copy).ok
    assert service.undo(4, by="AB", store=store_copy).ok
    lines = _what_changed(activity_page())
    assert sum(ACTIVITY_WIDTHS.values()) <= PAGE_COLUMN  # every column on screen, none scrolled away
    fits = ACTIVITY_LINES * (ACTIVITY_WIDTHS["What changed"] - 16) / PIXELS_PER_CHARACTER
    assert max(len(line) for line in lines) <= fits, max(lines, key=len)
