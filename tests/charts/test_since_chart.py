"""Themes that rose or fell since the last meeting, as a chart: each theme's key points before the day
and now, paired; the biggest rise (and fall) in words; sources cited; the same counts as the page's
lines on a store with a known history."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dash import catalogue
from dash.charts.since import LABEL_SIZE, themes_since
from dash.filters import Filters
from dash.store import StoreReader
from tests.support.history import SINCE

DAY = dt.date(2025, 11, 4)
SOURCE = "Harbour panel notes — Harbour Trust, reported 4 November 2025"


def _moved(*rows: tuple[str, int, int]) -> pd.DataFrame:
    return pd.DataFrame({
        "theme_id": [name.lower().replace(" ", "-") for name, _, _ in rows],
        "theme": [name for name, _, _ in rows],
        "before": [before for _, before, _ in rows], "now": [now for _, _, now in rows],
        "change": [now - before for _, before, now in rows],
        "key_points": [[{"text": f"About {name}", "meeting": "Harbour panel",
                         "change": 1 if now > before else -1, "source": SOURCE}]
                       for name, before, now in rows],
    }).sort_values("change", key=abs, ascending=False)


def test_the_takeaway_names_the_biggest_rise_and_fall_in_words():
    chart = themes_since(_moved(("Sharing power", 1, 4), ("Trust", 2, 3), ("Targets", 5, 3)), DAY)
    assert chart.takeaway == ("Sharing power rose most: 3 key points more since 4 November 2025, 4 against "
                              "1 before. Targets fell most: 2 key points fewer since 4 November 2025, 3 "
                              "against 5 before.")
    assert chart.sources == (SOURCE,)
    assert chart.title == "Which themes rose or fell since we last met?"
    assert "4 November 2025" in chart.alt and chart.takeaway in chart.alt


def test_rises_on_top_falls_at_the_foot_paired_with_the_change_on_the_bar():
    chart = themes_since(_moved(("Sharing power", 1, 4), ("Trust", 2, 3), ("Targets", 5, 3)), DAY)
    now, before = chart.figure.data
    assert list(now.y) == ["Targets", "Trust", "Sharing power"]  # Plotly draws the first at the foot
    assert list(now.text) == ["3 (−2)", "3 (+1)", "4 (+3)"] and list(before.x) == [5, 2, 1]
    assert before.name == "Before 4 November 2025" and now.name == "Now"
    assert now.textfont.size == before.textfont.size == LABEL_SIZE >= 18  # read from the back of a room
    assert chart.native.kind == "bar" and chart.native.categories == ("Targets", "Trust", "Sharing power")
    assert [name for name, _ in chart.native.series] == ["Now", "Before 4 November 2025"]
    table = chart.table
    assert list(table["Theme"]) == ["Sharing power", "Trust", "Targets"]
    assert list(table["Change"]) == [3, 1, -2]
    assert table["Key points behind it"].iloc[0].startswith("+1 “About")


def test_a_tie_names_each_theme_and_nothing_moved_says_so():
    tied = themes_since(_moved(("Sharing power", 1, 2), ("Trust", 0, 1)), DAY)
    assert tied.takeaway == "Sharing power and Trust rose most, each by 1 key point since 4 November 2025."
    nothing = themes_since(_moved(), DAY)
    assert nothing.is_empty
    assert nothing.takeaway == "No theme's count of key points rose or fell since 4 November 2025."


def test_counting_accepted_codes_only_is_said():
    chart = themes_since(_moved(("Trust", 2, 3)), DAY, "4 November 2025, the day picked", accepted_only=True)
    assert "Counting accepted codes only." in chart.note and "Counted from 4 November 2025" in chart.note


def test_the_chart_counts_what_the_page_s_lines_say(history):
    cursor = StoreReader(history).cursor()
    filters = Filters(since=SINCE)
    chart = catalogue.build("themes_since", cursor, filters)
    found = catalogue.fetch("changes_since", cursor, filters)
    lines = found.section("Themes that rose or fell").lines
    said = {line.text.split(" rose by ")[0].split(" fell by ")[0]: line.text.rsplit("from ", 1)[1]
            for line in lines}
    drawn = {row["Theme"]: f"{row[f'Before {SINCE.day} {SINCE:%B %Y}']} to {row['Now']}"
             for _, row in chart.table.iterrows()}
    assert drawn == said and len(drawn) == found.themes_rose + found.themes_fell > 1
    assert "Food panel, undated" in chart.sources  # the new write-up's own source
    assert "Old panel" not in " ".join(chart.table["Key points behind it"])  # before the day: no part of it
    later = catalogue.build("themes_since", cursor, Filters(since=dt.date.today() + dt.timedelta(days=1)))
    assert later.is_empty
