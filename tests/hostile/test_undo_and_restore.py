"""Undo and restore given numbers and dates nobody should give: a change that does not exist, one
already undone, the first and last days a calendar holds. Each is one true sentence, never a fault,
and what was refused leaves the store and the journal byte for byte as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dash.store import StoreReader
from dash.write import service
from tests.support.stores import files_beside


@pytest.fixture
def renamed(journalled_store: Path) -> tuple[Path, int, str]:
    """The journalled store with one record change (a fund renamed): its number and the old name."""
    fund_id, name = StoreReader(journalled_store).cursor().execute(
        "SELECT fund_id, name FROM funds ORDER BY fund_id LIMIT 1").fetchone()
    outcome = service.save_record("funds", fund_id, {"name": "A name given today"}, by="AB",
                                  store=journalled_store)
    assert outcome.ok, outcome.message
    number = StoreReader(journalled_store).cursor().execute(
        "SELECT max(entry) FROM record_changes").fetchone()[0]
    return journalled_store, number, name


@pytest.mark.parametrize("change", [0, -1, 10**30, "next"], ids=str)
def test_undo_of_a_change_that_does_not_exist_is_refused(renamed, change):
    store, number, _ = renamed
    change = number + 1 if change == "next" else change
    before = files_beside(store)
    outcome = service.undo(change, by="AB", store=store)
    assert not outcome.ok and outcome.reference is None and "\n" not in outcome.message
    assert f"Change {change} is not a change to a record" in outcome.message
    assert files_beside(store) == before


def test_a_change_undone_twice_is_undone_once(renamed):
    store, number, name = renamed
    assert service.undo(number, by="AB", store=store).ok
    before = files_beside(store)
    again = service.undo(number, by="AB", store=store)
    assert not again.ok and "already been undone" in again.message and again.reference is None
    assert files_beside(store) == before
    cursor = StoreReader(store).cursor()
    assert cursor.execute("SELECT count(*) FROM funds WHERE name = ?", [name]).fetchone()[0] == 1


@pytest.mark.parametrize("day", [dt.date.max, dt.date.today() + dt.timedelta(days=1)], ids=str)
def test_a_restore_to_a_day_not_yet_come_restores_nothing(renamed, day):
    store, _, _ = renamed
    before = files_beside(store)
    outcome = service.restore(day, by="AB", store=store)
    assert outcome.ok and "nothing to restore" in outcome.message and outcome.reference is None
    assert files_beside(store) == before


def test_a_restore_to_the_first_day_a_calendar_holds_undoes_every_edit_once(renamed):
    """Year 1 is before every write: the renamed fund gets its name back, as one undoable change;
    a second restore finds every record as it was and says so truly (nothing 'was not changed')."""
    store, _, name = renamed
    first = service.restore(dt.date.min, by="AB", store=store)
    assert first.ok and first.reference is None, first.message
    cursor = StoreReader(store).cursor()
    assert cursor.execute("SELECT count(*) FROM funds WHERE name = ?", [name]).fetchone()[0] == 1
    before = files_beside(store)
    second = service.restore(dt.date.min, by="AB", store=store)
    assert second.ok and "Every record is as it was at the end of" in second.message
    assert files_beside(store) == before
