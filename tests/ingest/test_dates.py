"""The meeting's day read as people write it, and the other days a write-up names left alone.

Every sentence here was written for this test (none is from an evaluation set)."""

from __future__ import annotations

import datetime as dt

import pytest

from dash.ingest.dates import find_date
from dash.ingest.notes import parse_notes

MARCH_4 = dt.date(2025, 3, 4)  # a Tuesday


@pytest.mark.parametrize("said", [
    "Tuesday 4th March 2025",
    "4th March 2025",
    "4 March 2025",
    "the 4th of March, 2025",
    "04/03/25",
    "4/3/2025",
    "4.3.2025",
    "04.03.25",
    "4-3-2025",
    "March 4, 2025",
    "March 4th 2025",
    "Tues 4 Mar 25",
    "Tue 4 Mar 2025",
    "Tues. 4th March 2025",
    "Tuesday, the 4th of March 2025",
    "4 Mar. 2025",
    "2025-03-04",
    "2025-03-04T18:30",
])
def test_a_labelled_date_in_every_form_people_write(said):
    day, note = find_date(f"Panel notes\n\nDate: {said}\n\n- The panel chose the criteria.")
    assert (day, note) == (MARCH_4, None)


@pytest.mark.parametrize("said", [
    "We met on Tuesday 4th March at the library; it was our third meeting of 2025.",
    "The panel met on the evening of 4 March in the church hall. Thank you all for 2025 so far.",
])
def test_a_day_without_its_year_takes_the_year_the_write_up_gives(said):
    assert find_date(said)[0] == MARCH_4


def test_the_weekday_chooses_between_years():
    # 4 March was a Tuesday in 2025 and a Monday in 2024: the weekday settles which year is meant.
    text = "Tuesday 4 March: the panel met. Our funding from 2024 runs into 2026."
    assert find_date(text)[0] == MARCH_4


def test_a_date_only_in_the_title_with_the_year_elsewhere():
    text = "Our year of listening (2025) has been busy.\n\n- Residents set the priorities."
    assert find_date(text, title="Panel notes – 4 March")[0] == MARCH_4


def test_a_date_with_no_year_anywhere_is_said():
    day, note = find_date("Panel notes – 4 March\n\n- Residents set the priorities.")
    assert day is None and "4 March" in note and "no year" in note


@pytest.mark.parametrize(("header", "body"), [
    ("Sent: Tuesday, March 4, 2025 9:12 PM", "Thanks for coming tonight."),
    ("Date: Tue, 04 Mar 2025 21:12:00 +0000", "Thanks for coming this evening."),
    ("Sent: Thursday 6 March 2025 10:02", "Thanks all for Tuesday's panel."),
    ("Sent: Wednesday 5 March 2025 08:15", "A quick note about yesterday's session."),
    ("Sent: Monday 10 March 2025 08:15", "Last Tuesday the panel met for the first time."),
    ("Sent: Tuesday 4 March 2025 22:40", "Next meeting: 1 April 2025. Thanks all."),
])
def test_an_e_mail_dated_by_its_header_or_by_a_day_it_names(header, body):
    text = f"From: Ann <ann@example.org>\nTo: Panel\n{header}\nSubject: Panel debrief\n\nHi all,\n\n{body}\n"
    assert find_date(text)[0] == MARCH_4


def test_an_e_mails_body_date_beats_when_it_was_sent():
    text = ("From: Ann\nSent: Friday 7 March 2025 10:00\nSubject: Notes\n\n"
            "Notes of the panel held on 4 March 2025.\n")
    assert find_date(text)[0] == MARCH_4


@pytest.mark.parametrize("page", [
    '<article><h1>Panel day</h1><p class="byline"><time datetime="2025-03-04">4 March</time></p>'
    "<p>Residents met to decide.</p><ul><li>Residents set the criteria.</li></ul></article>",
    "<article><h1>Panel day</h1><p>Posted on 4 March 2025 by Ann</p>"
    "<p>Residents met to decide.</p><ul><li>Residents set the criteria.</li></ul></article>",
    '<html><head><meta property="article:published_time" content="2025-03-04T09:00:00Z"></head>'
    "<body><article><h1>Panel day</h1><p>Today the panel met.</p>"
    "<ul><li>Residents set the criteria.</li></ul></article></body></html>",
])
def test_a_web_pages_posting_date_when_the_article_gives_none(page):
    assert parse_notes(page.encode()).held_on == MARCH_4


def test_the_articles_own_day_beats_when_it_was_posted():
    page = ("<article><h1>Panel day</h1><p>Posted on 12 March 2025</p>"
            "<p>On Tuesday 4 March the panel met in the library.</p>"
            "<ul><li>Residents set the criteria.</li></ul></article>")
    assert parse_notes(page.encode()).held_on == MARCH_4


@pytest.mark.parametrize("decoy", [
    "Next meeting: 1 April 2025.",
    "The next panel is on 1 April 2025.",
    "Applications close on 1 April 2025.",
    "Deadline for bids: 1 April 2025.",
    "Please send comments by 1 April 2025.",
    "Page last updated 1 April 2025.",
    "We will meet again on 1 April 2025.",
    "Save the date: 1 April 2025.",
])
def test_a_decoy_before_the_meetings_day_is_passed_over(decoy):
    text = f"Panel notes\n\n{decoy}\n\nThe panel met on 4 March 2025 in the library.\n\n- Residents decided."
    assert find_date(text)[0] == MARCH_4


def test_a_date_under_a_next_meeting_heading_is_passed_over():
    text = "Panel notes\n\nNext meeting\n1 April 2025, same place\n\nWe met on 4 March 2025.\n"
    assert find_date(text)[0] == MARCH_4


def test_a_past_event_a_key_point_recalls_is_not_the_meeting():
    text = ("Panel notes, 4 March 2025\n\nKey points\n"
            "- Since the council's review on 12 January 2024 nothing has changed.\n"
            "- The pilot that ran on 3 June 2023 was the model.\n")
    assert find_date(text)[0] == MARCH_4


def test_a_key_points_date_is_used_only_when_nothing_else_dates_it():
    text = "Panel notes\n\n- The panel met for the first time on 4 March 2025 and chose its criteria.\n"
    assert find_date(text)[0] == MARCH_4


@pytest.mark.parametrize("not_a_date", [
    "On 4 March 25 people came to the hall.",
    "We may 4 times a year review it.",
    "Version 1.2.3 of the form",
])
def test_words_that_only_look_like_dates(not_a_date):
    assert find_date(not_a_date)[0] is None


def test_a_numeric_date_is_read_day_first_as_the_uk_writes_it():
    assert find_date("Date: 03/04/2025")[0] == dt.date(2025, 4, 3)
    assert find_date("Date: 3.4.25")[0] == dt.date(2025, 4, 3)


def test_a_day_after_the_e_mail_was_sent_is_one_to_come():
    text = ("From: Ann\nTo: Group\nDate: Thu, 06 Mar 2025 17:40:00 +0000\nSubject: Debrief\n\n"
            "Thank you all for today. The findings go to the board on 20 March.\n")
    assert find_date(text)[0] == dt.date(2025, 3, 6)


def test_a_post_written_on_the_day_names_it_as_today():
    text = ("Posted on 4 March 2025 by Sam\n\nWritten on the bus home from today's gathering. "
            "The regional conference is on 18 March if you can get there.\n")
    assert find_date(text)[0] == MARCH_4


def test_a_day_late_in_the_year_named_in_january_is_last_year():
    text = "From: Ann\nTo: Group\nSent: Friday 3 January 2025 09:00\nSubject: Notes\n\nWe met on 30 December."
    assert find_date(text)[0] == dt.date(2024, 12, 30)


def test_last_thursday_in_brackets_with_the_year_from_the_posting_line():
    text = "Posted on 11 March 2025\n\nLast Thursday (6 March) the youth panel met. Next round opens 1 May."
    assert find_date(text)[0] == dt.date(2025, 3, 6)
