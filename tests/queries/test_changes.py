"""Since we last met: on a store with a known history, exactly the changes made from the chosen day
are listed (an undo and a removed import among them), and nothing made before it."""

from __future__ import annotations

import datetime as dt

from dash import catalogue
from dash.cli import main
from dash.filters import Filters
from dash.store import StoreReader
from tests.support.history import EARLIER, SINCE


def _changes(store, filters=None, since=SINCE):
    return catalogue.fetch("changes_since", StoreReader(store).cursor(), filters or Filters(), since=since)


def _section(found, title):
    return next(section for section in found.sections if section.title.startswith(title))


def test_exactly_the_changes_after_the_day_are_listed(history):
    found = _changes(history)
    grants = _section(found, "Money and grants added")
    assert grants.lines and all("new-grants.csv" in line.text for line in grants.lines)
    assert all(line.link.startswith("grants") for line in grants.lines)
    write_ups = _section(found, "Write-ups added")
    assert [line.text.split("”")[0] for line in write_ups.lines] == ["“Food panel"]
    assert write_ups.lines[0].details == ("Paying members at Living Wage rates kept people coming.",
                                         "Trust takes time.")
    assert write_ups.lines[0].link.startswith("meetings?search=Food+panel")
    records = _section(found, "Records corrected").lines
    assert len(records) == 2  # the change and its undo, newest first; not the change made before
    assert "undoing change" in records[0].text and "Cy Dee" in records[0].text
    assert "Ann Bee" in records[1].text and "Checked this month" in " ".join(records[1].details)
    assert "Checked long ago" in " ".join(records[1].details)  # before → after
    assert all(line.link.startswith("funds") for line in records)
    removed = _section(found, "Imports removed").lines
    assert len(removed) == 1 and "old-grants.csv" in removed[0].text and "Cy Dee" in removed[0].text
    reviews = _section(found, "Theme reviews").lines
    assert len(reviews) == 1 and "Cy Dee" in reviews[0].text
    text = "\n".join(found.as_text())
    assert "by Early Bird" not in text and "Old panel" not in text and "old.md" not in text, text


def test_themes_rise_with_the_new_write_up_and_fall_with_the_rejection(history):
    cursor = StoreReader(history).cursor()
    moved = _section(_changes(history), "Themes that rose or fell most").lines
    rejected = cursor.execute("SELECT t.name FROM insight_themes it JOIN themes t USING (theme_id) "
                              "WHERE it.insight_id = 'ins-jf-01' AND it.status = 'rejected'").fetchone()[0]
    fell = [line for line in moved if " fell by " in line.text]
    assert [line.text.split(" fell by ")[0] for line in fell] == [rejected]
    assert "1 key point" in fell[0].text and fell[0].details[0].startswith("− “Health services")
    new_codes = cursor.execute("""SELECT count(*) FROM insight_themes it JOIN insights i USING (insight_id)
        JOIN meetings m USING (meeting_id) WHERE m.title = 'Food panel'""").fetchone()[0]
    rose = [line for line in moved if " rose by " in line.text]
    assert sum(int(line.text.split(" rose by ")[1].split()[0]) for line in rose) == new_codes > 0
    # the theme rejected on the old write-up before the day is no part of it
    assert not any("Old panel" in detail for line in moved for detail in line.details)


def test_a_day_after_everything_lists_nothing_and_the_day_before_the_earlier_lists_all(history):
    assert _changes(history, since=dt.date.today() + dt.timedelta(days=1)).count == 0
    everything = "\n".join(_changes(history, since=EARLIER.date()).as_text())
    assert "Early Bird" in everything and "old-grants.csv" in everything


def test_the_command_line_prints_the_same_lines(history, capsys):
    assert main(["changes", "--since", SINCE.isoformat(), "--db", str(history)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == _changes(history).as_text()


def test_a_date_the_command_line_cannot_read_is_one_sentence(history, capsys):
    for asked in ("garbage", "9" * 10_000):
        assert main(["changes", "--since", asked, "--db", str(history)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("--since was not read") and len(err.splitlines()) == 1 and len(err) < 200


def test_the_default_day_is_the_last_meeting_on_or_before_today(db):
    since, why = catalogue.fetch("since_default", db, Filters(), today=dt.date(2022, 3, 1))
    assert since == dt.date(2022, 2, 9) and "the day of the last meeting" in why
    since, why = catalogue.fetch("since_default", db, Filters(), today=dt.date(2000, 1, 1))
    assert since == dt.date(1999, 12, 2) and "no meeting in this filter has a date" in why
