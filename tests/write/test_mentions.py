"""Confirming what a write-up mentions: one write, made once, marked and linked, undone together and
kept by a rebuild; and no second fund of the same name and organisation, whoever asks."""

from __future__ import annotations

import datetime as dt

from dash.store import StoreReader
from dash.write import records, service
from tests.support.stores import table_snapshot

NOTES = ("# Calderdale neighbourhood panel\n\nHeld on 3 June 2025 in Calderdale.\n\n"
         "- The Calderdale Neighbourhood Fund of £250,000 is decided by twelve residents.\n"
         "- Half the panel had lived experience of poverty.\n"
         "- Groups said the forms were too long.\n").encode()
FUND = {"name": "Calderdale Neighbourhood Fund", "fund_kind": "grant budget", "amount_gbp": "250000"}


def _imported(store) -> tuple[str, str]:
    outcome = service.import_write_up(NOTES, "calderdale.md", by="AB", store=store)
    assert outcome.ok, outcome.message
    meeting = outcome.report.meeting_id
    source = StoreReader(store).cursor().execute("SELECT source_id FROM meetings WHERE meeting_id = ?",
                                                 [meeting]).fetchone()[0]
    return meeting, source


def _confirmed(store, meeting) -> dict[int, str | None]:
    return dict(StoreReader(store).cursor().execute(
        "SELECT position, confirmed_as FROM mentions WHERE meeting_id = ?", [meeting]).fetchall())


def _funds(store) -> list[str]:
    return [row[0] for row in StoreReader(store).cursor().execute(
        "SELECT name FROM funds WHERE name LIKE 'Calderdale%' ORDER BY fund_id").fetchall()]


def test_confirming_a_sum_makes_the_fund_and_marks_the_mention_in_one_write(store_copy):
    meeting, source = _imported(store_copy)
    outcome = service.confirm_mention(meeting, 1, "funds", None, {**FUND, "source_id": source}, by="AB",
                                      store=store_copy)
    assert outcome.ok, outcome.message
    assert _funds(store_copy) == ["Calderdale Neighbourhood Fund"]
    assert _confirmed(store_copy, meeting)[1] == f"funds|{outcome.report.record_id}"
    cursor = StoreReader(store_copy).cursor()
    assert cursor.execute("SELECT count(*) FROM writes").fetchone()[0] == 2  # the import and this one


def test_a_second_confirm_changes_nothing(store_copy):
    meeting, source = _imported(store_copy)
    cells = {**FUND, "source_id": source}
    assert service.confirm_mention(meeting, 1, "funds", None, cells, by="AB", store=store_copy).ok
    before = table_snapshot(store_copy)
    again = service.confirm_mention(meeting, 1, "funds", None, cells, by="AB", store=store_copy)
    assert again.ok and "confirmed already" in again.message and "nothing changed" in again.message
    assert table_snapshot(store_copy) == before
    assert _funds(store_copy) == ["Calderdale Neighbourhood Fund"]  # 6 funds, not 7


def test_a_second_fund_of_the_same_name_and_organisation_is_refused_in_one_sentence(store_copy):
    meeting, source = _imported(store_copy)
    service.confirm_mention(meeting, 1, "funds", None, {**FUND, "source_id": source}, by="AB",
                            store=store_copy)
    before = table_snapshot(store_copy)
    twin = service.save_record("funds", None, {**FUND, "name": "calderdale  neighbourhood fund",
                                               "source_id": source}, by="AB", store=store_copy)
    assert not twin.ok
    assert "already a fund called 'Calderdale Neighbourhood Fund'" in twin.message
    assert twin.message.count(". ") <= 1 and "\n" not in twin.message  # a sentence, and 'Nothing changed.'
    assert table_snapshot(store_copy) == before
    held = service.save_record("funds", None, {**FUND, "org_id": "org-quartet", "source_id": source},
                               by="AB", store=store_copy)
    assert held.ok, held.message  # another organisation's fund of that name is another fund


def test_undo_takes_back_the_fund_and_the_confirmation_and_a_rebuild_keeps_what_stands(store_copy):
    meeting, source = _imported(store_copy)
    made = service.confirm_mention(meeting, 1, "funds", None, {**FUND, "source_id": source}, by="AB",
                                   store=store_copy)
    assert service.build(store=store_copy).ok
    assert _confirmed(store_copy, meeting)[1] == f"funds|{made.report.record_id}"  # replayed
    undone = service.undo(made.report.entry, by="AB", store=store_copy)
    assert undone.ok, undone.message
    assert _funds(store_copy) == [] and _confirmed(store_copy, meeting)[1] is None
    assert service.build(store=store_copy).ok
    assert _funds(store_copy) == [] and _confirmed(store_copy, meeting)[1] is None
    again = service.confirm_mention(meeting, 1, "funds", None, {**FUND, "source_id": source}, by="AB",
                                    store=store_copy)
    assert again.ok and again.report.entry is not None  # offered again, and made again


def _organisations(store) -> list[str]:
    return [row[0] for row in StoreReader(store).cursor().execute(
        "SELECT name FROM organisations WHERE name LIKE 'Calderdale%' ORDER BY org_id").fetchall()]


def test_undo_takes_back_the_organisation_the_confirmation_added_and_nothing_else(store_copy):
    """A sum confirmed as a new fund of a new organisation is one write: Undo takes back the fund, the
    organisation it made (its fund is going too, so nothing else names it) and the confirmation, and
    leaves every other record as it was; a rebuild agrees."""
    meeting, source = _imported(store_copy)
    before = table_snapshot(store_copy)
    made = service.confirm_mention(meeting, 1, "funds", None, {**FUND, "source_id": source}, by="AB",
                                   store=store_copy, new_organisation="Calderdale Community Foundation")
    assert made.ok, made.message
    assert _organisations(store_copy) == ["Calderdale Community Foundation"]
    undone = service.undo(made.report.entry, by="AB", store=store_copy)
    assert undone.ok, undone.message
    assert _funds(store_copy) == [] and _organisations(store_copy) == []
    assert _confirmed(store_copy, meeting)[1] is None
    log = ("writes", "record_changes", "store_info")  # the two writes and their undo are logged
    after = table_snapshot(store_copy)
    assert {t: rows for t, rows in after.items() if t not in log} == \
        {t: rows for t, rows in before.items() if t not in log}
    assert service.build(store=store_copy).ok
    assert _funds(store_copy) == [] and _organisations(store_copy) == []
    again = service.undo(undone.report.entry, by="AB", store=store_copy)  # the undo undone: all back
    assert again.ok, again.message
    assert _funds(store_copy) == ["Calderdale Neighbourhood Fund"]
    assert _organisations(store_copy) == ["Calderdale Community Foundation"]


def test_undo_keeps_the_organisation_the_confirmation_added_when_another_fund_names_it_since(store_copy):
    meeting, source = _imported(store_copy)
    made = service.confirm_mention(meeting, 1, "funds", None, {**FUND, "source_id": source}, by="AB",
                                   store=store_copy, new_organisation="Calderdale Community Foundation")
    org_id = made.report.changed["org_id"][1]
    small = {"name": "Calderdale Small Grants", "fund_kind": "grant budget", "org_id": org_id,
             "source_id": source}
    other = service.save_record("funds", None, small, by="AB", store=store_copy)
    assert other.ok, other.message
    undone = service.undo(made.report.entry, by="AB", store=store_copy)
    assert undone.ok, undone.message
    assert _funds(store_copy) == ["Calderdale Small Grants"]  # the confirmed fund gone, the other kept
    assert _organisations(store_copy) == ["Calderdale Community Foundation"]  # it holds a fund still
    assert "kept the organisation 'Calderdale Community Foundation' (1 fund names it)" in undone.message
    assert _confirmed(store_copy, meeting)[1] is None


def test_setting_a_funds_size_confirms_the_mention_even_when_the_size_is_already_that(store_copy):
    meeting, source = _imported(store_copy)
    food = "fund-bristol-local-food"
    assert service.save_record("funds", food, {"amount_gbp": "£250,000", "source_id": source}, by="AB",
                               store=store_copy).ok
    outcome = service.confirm_mention(meeting, 1, "funds", food, {"amount_gbp": "250000",
                                                                   "source_id": source},
                                      by="AB", store=store_copy)
    assert outcome.ok and outcome.report.entry is not None, outcome.message
    cells = records.current_cells(StoreReader(store_copy).cursor(), "funds", food)
    assert cells["amount_gbp"] == "250000" and cells["source_id"] == source
    assert _confirmed(store_copy, meeting)[1] == f"funds|{food}"


def test_a_confirmed_mention_of_a_removed_write_up_is_refused_in_words(store_copy):
    meeting, source = _imported(store_copy)
    assert service.remove_import("write-up", meeting, by="AB", store=store_copy).ok
    outcome = service.confirm_mention(meeting, 1, "funds", None, {**FUND, "source_id": source}, by="AB",
                                      store=store_copy)
    assert not outcome.ok and "no longer in the store" in outcome.message


def test_who_decides_and_who_holds_a_fund_are_read_from_the_write_up():
    from dash.write.mentions import community_part, organisation_in

    said = ["The Calderdale Neighbourhood Fund of £250,000 is decided by twelve residents."]
    assert community_part(250000, [], said).amount == 250000
    assert community_part(250000, [], ["Twelve residents decide how it is spent."]).amount == 250000
    half = [{"kind": "share of money", "value": "50%", "context": "half of it", "position": 3}]
    assert (community_part(250000, half, said).amount, community_part(250000, half, said).share_position) \
        == (125000, 3)
    assert community_part(250000, [], ["The council decides each grant."]) is None
    known = {"org-quartet": "Quartet Community Foundation"}
    assert organisation_in(known, "org-quartet", None, []) == ("org-quartet", "")
    assert organisation_in(known, None, None, ["Quartet Community Foundation held it"]) == ("org-quartet", "")
    assert organisation_in(known, None, None, ["The fund, run by Calderdale Community Foundation, is"]) \
        == (None, "Calderdale Community Foundation")
    assert organisation_in(known, None, None, ["Nobody is named here."]) == (None, "")


def test_hostile_confirmations_are_one_sentence_and_change_nothing(store_copy):
    meeting, source = _imported(store_copy)
    before = table_snapshot(store_copy)
    for position, cells, organisation in (
        (1, {**FUND, "amount_gbp": "lots", "source_id": source}, None),
        (1, {**FUND, "participatory_gbp": "£900,000", "source_id": source}, None),  # more than the fund
        (1, {**FUND, "source_id": source}, "x" * 5000),
        (1, {**FUND, "name": "", "source_id": source}, None),
        (99, {**FUND, "source_id": source}, None),
    ):
        outcome = service.confirm_mention(meeting, position, "funds", None, cells, by="AB", store=store_copy,
                                          new_organisation=organisation)
        assert not outcome.ok and outcome.reference is None and "\n" not in outcome.message, outcome.message
        assert "_" not in outcome.message  # a field's label, never its column
    assert table_snapshot(store_copy) == before


def test_a_restore_to_before_the_confirmation_takes_back_its_fund_and_organisation_too(store_copy):
    meeting, source = _imported(store_copy)
    made = service.confirm_mention(meeting, 1, "funds", None, {**FUND, "source_id": source}, by="AB",
                                   store=store_copy, new_organisation="Calderdale Community Foundation")
    assert made.ok, made.message
    restored = service.restore(dt.date.today() - dt.timedelta(days=1), by="AB", store=store_copy)
    assert restored.ok, restored.message
    assert _funds(store_copy) == [] and _organisations(store_copy) == []
    assert _confirmed(store_copy, meeting)[1] is None
