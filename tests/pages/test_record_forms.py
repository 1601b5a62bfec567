"""The record forms through the real frame: add, correct, refuse at the field, retire, bring back, undo."""

from __future__ import annotations

import pytest

from dash.store import StoreReader
from dash.write import records
from tests.support.apptest import all_text, open_record_forms, page_path

QUARTET = "fund-quartet-health-wellbeing"


@pytest.fixture
def editing(app_test, store_copy, monkeypatch):
    """The app on a private copy of the store, as `make run` serves it (its person is an editor)."""
    monkeypatch.setenv("DASH_DB", str(store_copy))

    def open_page(page: str):
        test = open_record_forms(app_test()).run()
        test.switch_page(page_path(f"{page}.py")).run()
        assert not test.exception, test.exception
        return test
    return open_page


def _cells(store, table, record_id):
    return records.current_cells(StoreReader(store).cursor(), table, record_id)


def _field(test, key):
    return next(w for w in [*test.text_input, *test.text_area, *test.selectbox] if w.key == key)


def _save(test):
    next(b for b in test.button if b.label in ("Save the changes", "Add this fund", "Add this panel",
                                               "Add this meeting")).click().run()
    assert not test.exception, test.exception
    return test


def test_correcting_a_fund_is_saved_signed_and_shown(editing, store_copy):
    test = editing("funds")
    test.selectbox(key="record_funds_pick").select(QUARTET).run()
    _field(test, f"record_funds_{QUARTET}_amount_gbp").input("£1,400,000")
    _save(test)
    assert _cells(store_copy, "funds", QUARTET)["amount_gbp"] == "1400000"
    said = [s.value.replace("\\", "") for s in test.success]  # Markdown escapes in the message
    assert any("Changed the fund 'Quartet health and well-being budget'" in line for line in said)
    assert "5 funds (£2.47m)" in all_text(test)  # every chart and figure redrawn with it


def test_a_refused_value_is_shown_at_its_field_and_nothing_is_saved(editing, store_copy):
    test = editing("funds")
    test.selectbox(key="record_funds_pick").select(QUARTET).run()
    _field(test, f"record_funds_{QUARTET}_budget_share").input("140%")
    _field(test, f"record_funds_{QUARTET}_participatory_gbp").input("2000000")
    _save(test)
    errors = [e.value for e in test.error]
    assert any("outside 0–100%" in e for e in errors)
    assert any("is more than the fund" in e for e in errors)
    assert _cells(store_copy, "funds", QUARTET)["budget_share"] == ""
    assert _field(test, f"record_funds_{QUARTET}_budget_share").value == "140%"  # what was typed is kept


def test_adding_a_panel_with_pickers_then_retiring_and_bringing_it_back(editing, store_copy):
    test = editing("panels")
    assert test.selectbox(key="record_panels_pick").value == ""  # "Add a new panel"
    _field(test, "record_panels_new_name").input("Bristol food panel")
    _field(test, "record_panels_new_fund_id").select("fund-bristol-local-food")
    _field(test, "record_panels_new_source_id").select("src-abw-participatory")
    _field(test, "record_panels_new_lived_experience_share").input("60%")
    _save(test)
    added = _cells(store_copy, "panels", "panel-bristol-food-panel")
    assert added["lived_experience_share"] == "0.6" and added["fund_id"] == "fund-bristol-local-food"
    assert test.selectbox(key="record_panels_pick").value == "panel-bristol-food-panel"
    assert _field(test, "record_panels_panel-bristol-food-panel_name").value == "Bristol food panel"
    test.button(key="record_panels_retire").click().run()
    assert records.is_retired(StoreReader(store_copy).cursor(), "panels", "panel-bristol-food-panel")
    test.selectbox(key="record_panels_back_pick").select("panel-bristol-food-panel").run()
    test.button(key="record_panels_back").click().run()
    assert not records.is_retired(StoreReader(store_copy).cursor(), "panels", "panel-bristol-food-panel")


def test_undo_on_the_activity_page(editing, store_copy):
    test = editing("funds")
    test.selectbox(key="record_funds_pick").select(QUARTET).run()
    _field(test, f"record_funds_{QUARTET}_notes").input("Checked with Quartet in 2024")
    _save(test)
    test.switch_page(page_path("activity.py")).run()
    assert test.selectbox(key="record_undo_pick").value == 1
    test.button(key="record_undo_button").click().run()
    assert not test.exception
    assert _cells(store_copy, "funds", QUARTET)["notes"] != "Checked with Quartet in 2024"
    assert any("undoing change 1" in s.value for s in test.success)


def test_correcting_a_meeting(editing, store_copy):
    test = editing("meetings")
    meeting = StoreReader(store_copy).cursor().execute("SELECT min(meeting_id) FROM meetings").fetchone()[0]
    test.selectbox(key="record_meetings_pick").select(meeting).run()
    _field(test, f"record_meetings_{meeting}_held_on").input("9 March 2023")
    _save(test)
    assert any("is not a date" in e.value for e in test.error)
    _field(test, f"record_meetings_{meeting}_held_on").input("2023-03-09")
    _save(test)
    assert _cells(store_copy, "meetings", meeting)["held_on"] == "2023-03-09"


NOTES = ("# Food panel review\n\nHeld on 9 March 2023 in Bristol.\n\n"
         "- The food fund gave £25,000 to community groups this year.\n"
         "- Half the panel had lived experience of food poverty.\n"
         "- Groups in Bristol said the forms were too long.\n").encode()


def _imported(store):
    from dash.write import service

    outcome = service.import_write_up(NOTES, "food-panel.md", by="AB", store=store)
    assert outcome.ok, outcome.message
    return outcome.report.meeting_id


def _mentions_of(test, meeting_id):
    return [b.key for b in test.button if b.key and b.key.startswith(f"found_{meeting_id}_")]


def test_a_detected_sum_becomes_a_fund_with_the_write_up_as_its_source(editing, store_copy):
    meeting = _imported(store_copy)
    test = editing("meetings")
    test.text_input(key="meeting_search").input("Food panel review").run()
    assert f"found_{meeting}_1_create" in _mentions_of(test, meeting)
    assert "“The food fund gave £25,000" in all_text(test).replace("\\", "")
    test.button(key=f"found_{meeting}_1_create").click().run()
    assert not test.exception
    cursor = StoreReader(store_copy).cursor()
    fund = cursor.execute("SELECT name, amount_gbp, source_id, locality_id, reported_on::VARCHAR FROM funds "
                          "WHERE name = 'Food panel review'").fetchone()
    source = cursor.execute("SELECT source_id FROM meetings WHERE meeting_id = ?", [meeting]).fetchone()[0]
    assert fund == ("Food panel review", 25000, source, "E06000023", "2023-03-09")


def test_a_detected_share_sets_a_panels_share_and_a_place_the_meetings(editing, store_copy):
    meeting = _imported(store_copy)
    test = editing("meetings")
    test.text_input(key="meeting_search").input("Food panel review").run()
    share = next(k for k in _mentions_of(test, meeting) if k.endswith("_share"))
    test.selectbox(key=share.removesuffix("_share") + "_panel").select("panel-bristol-local-food").run()
    test.button(key=share).click().run()
    assert not test.exception
    cells = records.current_cells(StoreReader(store_copy).cursor(), "panels", "panel-bristol-local-food")
    assert cells["lived_experience_share"] == "0.5"
    assert any("It already is." in c.value for c in test.caption)  # Bristol, the one place: already its place


def test_an_import_is_listed_and_removed_on_the_activity_page(editing, store_copy):
    meeting = _imported(store_copy)
    test = editing("activity")
    listed = next(df for df in test.dataframe if "Import" in df.value.columns).value
    assert list(listed["Import"]) == ["Food panel review"]
    assert list(listed["What it added"]) == ["3 key points"]
    test.selectbox(key="import_remove_pick").select(f"write-up|{meeting}").run()
    test.button(key="import_remove_button").click().run()
    assert not test.exception

    def left():
        return StoreReader(store_copy).cursor().execute("SELECT count(*) FROM meetings WHERE meeting_id = ?",
                                                        [meeting]).fetchone()[0]

    assert left() == 1  # one click only asks, naming what would go (measured before: 475 grants gone)
    asked = [w.value.replace("\\", "") for w in test.warning]
    assert asked == ["Remove 'Food panel review'? Its meeting and 3 key points leave the store and every "
                     "chart and total that counts them. Importing the same file again brings them back."]
    test.button(key="import_remove_keep").click().run()
    assert left() == 1 and not test.warning
    test.button(key="import_remove_button").click().run()
    test.button(key="import_remove_confirm").click().run()
    assert left() == 0 and any("Removed" in s.value for s in test.success)


def test_an_organisation_a_source_and_a_key_point_are_added_where_they_are_used(editing, store_copy):
    test = editing("funds")
    assert any(e.label == "Add or correct an organisation" for e in test.expander)
    _field(test, "record_organisations_new_name").input("Bristol Community Trust")
    next(b for b in test.button if b.label == "Add this organisation").click().run()
    assert records.current_cells(StoreReader(store_copy).cursor(), "organisations",
                                 "org-bristol-community-trust")["name"] == "Bristol Community Trust"
    _field(test, "record_sources_new_title").input("Annual report 2024")
    _field(test, "record_sources_new_url").input("javascript:alert(1)")
    next(b for b in test.button if b.label == "Add this source").click().run()
    assert any("not a web address" in e.value for e in test.error)  # refused at the field
    test = editing("meetings")
    _field(test, "record_insights_new_meeting_id").select("mtg-joining-forces")
    _field(test, "record_insights_new_position").input("99")
    _field(test, "record_insights_new_text").input("Paying panel members at Living Wage rates matters.")
    next(b for b in test.button if b.label == "Add this key point").click().run()
    assert not test.exception
    cursor = StoreReader(store_copy).cursor()
    point = cursor.execute("SELECT insight_id FROM insights WHERE position = 99").fetchone()[0]
    themes = {row[0] for row in cursor.execute(
        "SELECT theme_id FROM insight_themes WHERE insight_id = ?", [point]).fetchall()}
    assert "pay-training" in themes  # the rules' suggestion, made at once


def test_a_speaker_is_added_and_removed_and_a_referenced_organisation_is_not(editing, store_copy):
    test = editing("meetings")
    _field(test, "record_speakers_new_meeting_id").select("mtg-joining-forces")
    _field(test, "record_speakers_new_name").input("Sam Speaker")
    next(b for b in test.button if b.label == "Add this speaker").click().run()
    assert records.current_cells(StoreReader(store_copy).cursor(), "speakers", "spk-sam-speaker") is not None
    test.button(key="record_speakers_remove").click().run()
    assert records.current_cells(StoreReader(store_copy).cursor(), "speakers", "spk-sam-speaker") is None
    test = editing("funds")
    test.selectbox(key="record_organisations_pick").select("org-quartet").run()
    test.button(key="record_organisations_remove").click().run()
    assert any("point at it" in e.value for e in test.error)  # a fund names it: kept


def test_a_place_a_meeting_discussed_is_added_and_finds_the_meeting_under_that_place(editing, store_copy):
    from dash.filters import Filters
    from dash.queries import meetings as meeting_queries

    def in_hartlepool():
        return len(meeting_queries.meetings(StoreReader(store_copy).cursor(), Filters(("E06000001",))))

    assert in_hartlepool() == 0
    test = editing("meetings")
    assert any(e.label == "Add or correct a place a meeting discussed" for e in test.expander)
    _field(test, "record_meeting_places_new_meeting_id").select("mtg-joining-forces")
    _field(test, "record_meeting_places_new_locality_id").select("E06000001")
    next(b for b in test.button if b.label == "Add this place a meeting discussed").click().run()
    assert not test.exception and in_hartlepool() == 1
    test.button(key="record_meeting_places_remove").click().run()
    assert in_hartlepool() == 0
