"""A store with a known history for "Since we last met": changes made before a day (a grants file, a
write-up and its review, a fund's change) and after it (another grants file and write-up, a fund's
change and its undo, the first grants file removed, a theme decided). The page's, the command
line's, the board pack's and the deck's tests read the same one."""

from __future__ import annotations

import datetime as dt
import shutil
import types
from pathlib import Path

import pytest

import dash.store.journal
import dash.themes.decisions
from dash.store import StoreReader
from dash.write import service
from tests.support.inputs import GRANT_FILES as FILES

FUND = "fund-quartet-health-wellbeing"
SINCE = dt.date.today() - dt.timedelta(days=10)
EARLIER = dt.datetime.combine(SINCE - dt.timedelta(days=20), dt.time(12), tzinfo=dt.UTC)
OLD_NOTES = b"# Old panel\n\n- Paying members at Living Wage rates kept people coming.\n"
NEW_NOTES = (b"# Food panel\n\n- Paying members at Living Wage rates kept people coming.\n"
             b"- Trust takes time.\n")


class _Then(dt.datetime):
    """A clock stopped at EARLIER: writes made under it are signed and dated then, in the journal too."""

    @classmethod
    def now(cls, tz=None):
        return EARLIER if tz else EARLIER.replace(tzinfo=None)


def _earlier(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = types.SimpleNamespace(**{name: getattr(dt, name) for name in dir(dt) if not name.startswith("_")})
    clock.datetime = _Then
    monkeypatch.setattr(dash.store.journal, "dt", clock)
    monkeypatch.setattr(dash.themes.decisions, "dt", clock)


def _source_of(store, filename):
    return StoreReader(store).cursor().execute(
        "SELECT source_id FROM sources WHERE document = ?", [filename]).fetchone()[0]


def build_history(seed_store: Path, store: Path) -> Path:
    """``store``, a copy of ``seed_store`` with changes before SINCE (a grants file, a write-up and its
    review, a fund's change) and after it (another grants file and write-up, a fund's change and its
    undo, the first grants file removed, a theme decided)."""
    shutil.copy(seed_store, store)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _earlier(monkeypatch)
        assert service.import_grants((FILES / "ExampleTrust-grants-fixed.csv").read_bytes(), "old-grants.csv",
                                     by="Early Bird", store=store).ok
        old = service.import_write_up(OLD_NOTES, "old.md", by="Early Bird", store=store)
        assert old.ok
        assert service.decide(f"{old.report.meeting_id}-01", "pay-training", "reject", by="Early Bird",
                              store=store).ok
        assert service.save_record("funds", FUND, {"notes": "Checked long ago"}, by="Early Bird",
                                   store=store).ok
    # the same funder's grants under other identifiers: a second file
    newer = (FILES / "ExampleTrust-grants-fixed.csv").read_bytes().replace(b"360G-KJD-", b"360G-KJD-NEW-")
    assert service.import_grants(newer, "new-grants.csv", by="Ann Bee", store=store).ok
    new = service.import_write_up(NEW_NOTES, "food.md", by="Ann Bee", store=store)
    assert new.ok
    edited = service.save_record("funds", FUND, {"notes": "Checked this month"}, by="Ann Bee", store=store)
    assert edited.ok
    assert service.undo(edited.report.entry, by="Cy Dee", store=store).ok
    assert service.remove_import("grants", _source_of(store, "old-grants.csv"), by="Cy Dee", store=store).ok
    decided = service.decide("ins-jf-01", _a_suggested_theme(store, "ins-jf-01"), "reject", by="Cy Dee",
                             store=store)
    assert decided.ok, decided.message
    return store


def _a_suggested_theme(store, insight):
    return StoreReader(store).cursor().execute(
        "SELECT min(theme_id) FROM insight_themes WHERE insight_id = ? AND status = 'suggested'",
        [insight]).fetchone()[0]


