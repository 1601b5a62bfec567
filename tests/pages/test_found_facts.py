"""Confirm… under an imported write-up, through the real Meetings and Activity pages: one write, then
shown as done (after a reload too), told beside the mention and as a toast, a fund name that exists
offered as that fund's size, and Undo offering it again."""

from __future__ import annotations

import pytest

from dash.store import StoreReader
from dash.write import service
from tests.support.apptest import all_text, page_path

NOTES = ("# Calderdale neighbourhood panel\n\nHeld on 3 June 2025 in Calderdale.\n\n"
         "- The Calderdale Neighbourhood Fund of £250,000 is decided by twelve residents.\n"
         "- Half the panel had lived experience of poverty.\n"
         "- Groups said the forms were too long.\n").encode()
FOOD = ("# Bristol food review\n\nHeld on 9 March 2023 in Bristol.\n\n"
        "- The Bristol Local Food Fund grew to £80,000 this year.\n"
        "- Groups said the forms were too long for them.\n").encode()


@pytest.fixture
def meetings_page(app_test, store_copy, monkeypatch):
    """The Meetings page on a private store holding an imported write-up, opened on it."""
    monkeypatch.setenv("DASH_DB", str(store_copy))

    def open_on(notes: bytes, title: str):
        outcome = service.import_write_up(notes, "notes.md", by="AB", store=store_copy)
        assert outcome.ok, outcome.message
        test = app_test().run()
        test.switch_page(page_path("meetings.py")).run()
        test.text_input(key="meeting_search").input(title).run()
        assert not test.exception, test.exception
        return test, outcome.report.meeting_id
    return open_on


def _keys(test, prefix):
    return {b.key for b in test.button if b.key and b.key.startswith(prefix)}


def _funds(store):
    return StoreReader(store).cursor().execute("SELECT name, amount_gbp FROM funds ORDER BY name").fetchall()


def test_create_the_fund_is_done_once_and_then_shown_as_done(meetings_page, store_copy):
    test, meeting = meetings_page(NOTES, "Calderdale")
    key = f"found_{meeting}_1"
    assert test.text_input(key=f"{key}_name").value == "Calderdale Neighbourhood Fund"  # named in the text
    test.button(key=f"{key}_create").click().run()
    assert not test.exception, test.exception
    assert [name for name, _ in _funds(store_copy)].count("Calderdale Neighbourhood Fund") == 1
    assert not _keys(test, key)  # no Create the fund, and no Confirm…: the pop-up is gone with them
    assert f"{key}_open" not in {p.key for p in test.get("popover")}
    assert "Confirmed: the fund 'Calderdale Neighbourhood Fund'" in all_text(test)
    said = [s.value.replace("\\", "") for s in test.success]
    assert any(line.startswith("Confirmed £250,000 from the write-up") for line in said)  # beside it
    toasts = [t.value.replace("\\", "") for t in test.toast]
    assert toasts == ["Confirmed: the fund 'Calderdale Neighbourhood Fund'."]  # and in sight, in a line
    test.run()
    assert not test.toast  # once
    reloaded = test.__class__.from_file(test._script_path, default_timeout=30)  # a new session: a reload
    reloaded.run()
    reloaded.switch_page(page_path("meetings.py")).run()
    reloaded.text_input(key="meeting_search").input("Calderdale").run()
    assert not _keys(reloaded, key) and f"found_{meeting}_2_open" in {p.key for p in reloaded.get("popover")}
    assert "Confirmed: the fund 'Calderdale Neighbourhood Fund'" in all_text(reloaded)


def test_a_fund_name_that_exists_is_offered_as_setting_that_funds_size(meetings_page, store_copy):
    test, meeting = meetings_page(FOOD, "Bristol food review")
    key = f"found_{meeting}_1"
    assert test.text_input(key=f"{key}_name").value == "Bristol Local Food Fund"
    assert f"{key}_create" not in _keys(test, key)  # no way to add it twice
    offered = [i.value.replace("\\", "") for i in test.info]
    assert any("already a fund called 'Bristol Local Food Fund'" in line for line in offered)
    test.button(key=f"{key}_existing").click().run()
    assert not test.exception, test.exception
    funds = dict(_funds(store_copy))
    assert funds["Bristol Local Food Fund"] == 80000 and len(funds) == 5
    assert "Confirmed: the fund 'Bristol Local Food Fund'" in all_text(test)


def test_undo_on_the_activity_page_offers_the_mention_again(meetings_page, store_copy):
    test, meeting = meetings_page(NOTES, "Calderdale")
    key = f"found_{meeting}_1"
    test.button(key=f"{key}_create").click().run()
    test.switch_page(page_path("activity.py")).run()
    test.button(key="record_undo_button").click().run()
    assert not test.exception, test.exception
    assert "Calderdale Neighbourhood Fund" not in dict(_funds(store_copy))
    test.switch_page(page_path("meetings.py")).run()
    test.text_input(key="meeting_search").input("Calderdale").run()
    assert f"{key}_create" in _keys(test, key)


WHOLE = ("# Calderdale neighbourhood panel\n\nHeld on 3 June 2025 in Calderdale.\n\n"
         "- The Calderdale Neighbourhood Fund of £250,000, run by Calderdale Community Foundation, is "
         "decided by twelve residents.\n"
         "- Groups said the forms were too long.\n").encode()
HALF = ("# Leeds panel\n\nHeld on 3 June 2025 in Leeds.\n\n"
        "- The Leeds Fair Share Fund holds £100,000; half of it is decided by a residents' panel.\n"
        "- Groups said the forms were too long.\n").encode()


def test_a_confirmed_fund_is_a_whole_record_and_the_headline_stays_right(meetings_page, store_copy):
    """Measured before: the fund had no place, organisation or community part; 'Decided by
    communities' fell from 79% to 71% and 'Money in funds by place' said £2.37m under £2.62m."""
    test, meeting = meetings_page(WHOLE, "Calderdale")
    key = f"found_{meeting}_1"
    assert test.selectbox(key=f"{key}_place_pick").value == "E08000033"  # the meeting's place
    assert test.selectbox(key=f"{key}_org").value == "+new"  # who the write-up says runs it
    assert test.text_input(key=f"{key}_org_name").value == "Calderdale Community Foundation"
    assert test.text_input(key=f"{key}_part_gbp").value == "£250,000"  # "decided by twelve residents"
    test.button(key=f"{key}_create").click().run()
    assert not test.exception, test.exception
    cursor = StoreReader(store_copy).cursor()
    fund = cursor.execute("""SELECT f.locality_id, o.name, f.participatory_gbp, o.source_id = f.source_id
                             FROM funds f JOIN organisations o ON o.org_id = f.org_id
                             WHERE f.name = 'Calderdale Neighbourhood Fund'""").fetchone()
    assert fund == ("E08000033", "Calderdale Community Foundation", 250000, True)
    test.switch_page(page_path("overview.py")).run()
    figures = {m.label: m.value for m in test.metric}
    assert figures["Money in funds"] == "£2.62m" and figures["Decided by communities"] == "81%"
    test.switch_page(page_path("funds.py")).run()
    assert "Bristol holds the most: £1.37m across 3 funds, of £2.62m in all." in all_text(test)


def test_a_share_of_money_gives_the_part_and_is_confirmed_with_the_fund(meetings_page, store_copy):
    test, meeting = meetings_page(HALF, "Leeds panel")
    money = StoreReader(store_copy).cursor().execute(
        "SELECT position FROM mentions WHERE meeting_id = ? AND kind = 'money'", [meeting]).fetchone()[0]
    key = f"found_{meeting}_{money}"
    assert test.text_input(key=f"{key}_part_gbp").value == "£50,000"
    test.button(key=f"{key}_create").click().run()
    assert not test.exception, test.exception
    confirmed = dict(StoreReader(store_copy).cursor().execute(
        "SELECT kind, confirmed_as FROM mentions WHERE meeting_id = ?", [meeting]).fetchall())
    assert confirmed["money"] == confirmed["share of money"] == "funds|fund-leeds-fair-share-fund"
