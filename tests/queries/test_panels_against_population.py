"""Panels against the place they decide for, against a store worked out by hand.

The seed store with its need tables replaced by three districts and its panels by six:

| district | nation | people |
| --- | --- | --- |
| Bristol E06000023 | England | 100,000 |
| Somerset E06000066 | England | 300,000 |
| Cardiff W06000015 | Wales | 100,000 |

| panel | decides for | members | with lived experience | per 100,000 | lived per 100,000 |
| --- | --- | --- | --- | --- | --- |
| Food panel | its fund's Bristol (100,000) | 12 | 3 | 12 | 3 |
| Cardiff panel | its own Cardiff (no fund) | 8 | not stated | 8 | — |
| Regional panel | its fund's South West: Bristol and Somerset (400,000) | 20 | a share of 50%: 10 | 5 | 2.5 |
| Watchet lab | Watchet, a town: no population | 20 | | — | |
| Mendip panel | Mendip, merged into Somerset in 2023: no population | 10 | | — | |
| Quiet panel | Bristol | not stated | | — | |
"""

from __future__ import annotations

import dataclasses

import duckdb
import pandas as pd
import pytest

from dash.charts import panel_population
from dash.filters import Filters
from dash.queries.panels import panels_against_population

BRISTOL, SOMERSET, CARDIFF, MENDIP = "E06000023", "E06000066", "W06000015", "E07000187"
SOUTH_WEST, ENGLAND, WALES = "E12000009", "E92000001", "W92000004"
SOURCE = "src-abw-participatory"

_DISTRICTS = [(BRISTOL, ENGLAND, 100_000), (SOMERSET, ENGLAND, 300_000), (CARDIFF, WALES, 100_000)]
_PANELS = [  # id, fund, own place, name, members, lived members, lived share
    ("p-food", "fund-bristol-local-food", BRISTOL, "Food panel", 12, 3, None),
    ("p-cardiff", None, CARDIFF, "Cardiff panel", 8, None, None),
    ("p-region", "fund-south-west", SOMERSET, "Regional panel", 20, None, 0.5),
    ("p-watchet", None, "place-watchet", "Watchet lab", 20, None, None),
    ("p-mendip", None, MENDIP, "Mendip panel", 10, None, None),
    ("p-quiet", "fund-bristol-local-food", BRISTOL, "Quiet panel", None, None, None),
]


@pytest.fixture
def hand_store(store_copy):
    connection = duckdb.connect(str(store_copy))
    connection.execute("DELETE FROM need_population; DELETE FROM panels")
    for place, nation, people in _DISTRICTS:
        connection.execute("INSERT INTO need_population VALUES (?, ?, ?, DATE '2025-06-30', 'ons-mye-2025', "
                           "?)", [place, nation, people, place])
    connection.execute("INSERT INTO funds (fund_id, name, locality_id, fund_kind, source_id) VALUES "
                       "('fund-south-west', 'South West fund', ?, 'grant budget', ?)", [SOUTH_WEST, SOURCE])
    for panel_id, fund, place, name, members, lived, share in _PANELS:
        connection.execute("""
            INSERT INTO panels (panel_id, fund_id, locality_id, name, members, lived_experience_members,
                                lived_experience_share, source_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", [panel_id, fund, place, name, members, lived, share, SOURCE])
    connection.close()
    reader = duckdb.connect(str(store_copy), read_only=True)
    yield reader.cursor()
    reader.close()


def _by_name(view):
    return {row["name"]: row for _, row in view.panels.iterrows()}


def test_members_per_100000_residents_of_the_fund_s_area_worked_by_hand(hand_store):
    view = panels_against_population(hand_store, Filters())
    panels = _by_name(view)
    assert list(view.shown["name"]) == ["Food panel", "Cardiff panel", "Regional panel"]  # highest first
    food, cardiff, region = panels["Food panel"], panels["Cardiff panel"], panels["Regional panel"]
    assert (food["area"], food["area_from"], food["population"]) == ("Bristol", "its fund", 100_000)
    assert food["members_per_100k"] == pytest.approx(12) and food["lived_per_100k"] == pytest.approx(3)
    assert not food["lived_from_share"]
    assert (cardiff["area_from"], cardiff["population"]) == ("its own place", 100_000)
    assert cardiff["members_per_100k"] == pytest.approx(8)
    assert cardiff["lived_members"] != cardiff["lived_members"]  # NaN: not stated
    # The region's people are Bristol's and Somerset's, not the panel's own place (Somerset).
    assert (region["area"], region["population"], region["districts"]) == ("South West", 400_000, 2)
    assert region["members_per_100k"] == pytest.approx(5)
    assert region["lived_members"] == pytest.approx(10) and region["lived_from_share"]
    assert region["lived_per_100k"] == pytest.approx(2.5)
    assert {name: panels[name]["status"] for name in ("Watchet lab", "Mendip panel", "Quiet panel")} == {
        "Watchet lab": "no_population", "Mendip panel": "no_population", "Quiet panel": "no_members"}
    assert panels["Mendip panel"]["members_per_100k"] != panels["Mendip panel"]["members_per_100k"]  # NaN


def test_the_population_is_cited_with_its_vintage_and_no_deprivation_index(hand_store):
    view = panels_against_population(hand_store, Filters())
    population = [line for line in view.sources if line.startswith("Population")]
    assert population == ["Population, England and Wales: Population estimates for England and Wales, "
                          "mid-2025 (Nomis dataset NM_2002_1) — Office for National Statistics, mid-2025 "
                          "(30 June 2025); Open Government Licence v3.0"]
    assert not any("Deprivation" in line or "Scotland" in line for line in view.sources)
    assert any(line.startswith("Sharing and building power") for line in view.sources)  # the panels' own


def test_the_filter_picks_the_panels_and_the_area_stays_the_fund_s(hand_store):
    view = panels_against_population(hand_store, Filters((SOMERSET,)))
    # Held in Somerset (the region's panel, and two in places within it that have no population)
    assert list(view.panels["name"]) == ["Regional panel", "Mendip panel", "Watchet lab"]
    assert view.shown.iloc[0]["population"] == 400_000
    wales = panels_against_population(hand_store, Filters((WALES,)))
    assert wales.panels["name"].tolist() == ["Cardiff panel"]


def test_the_chart_says_the_hand_worked_figures_and_what_it_could_not_count(hand_store):
    chart = panel_population.panel_members_per_100k(panels_against_population(hand_store, Filters()))
    assert chart.key == "panel_members_per_100k"
    assert chart.takeaway == ("Food panel has 12 members for the 100,000 people of Bristol: 12 per 100,000, "
                              "the most of 3 panels; Regional panel the fewest, 5.0 per 100,000 people of "
                              "South West.")
    lived, members = chart.figure.data  # all members drawn above lived experience in each group
    assert list(members.y) == ["Regional panel", "Cardiff panel", "Food panel"]  # the highest on top
    assert list(members.x) == pytest.approx([5, 8, 12]) and list(lived.text) == ["2.5", "", "3.0"]
    assert "not whether a panel is representative" in chart.note
    assert "People: the mid-2025 population estimates" in chart.note
    assert ("Not shown: 1 panel with no member count (Quiet panel); 2 panels for a place smaller than a "
            "local authority (or one abolished since), whose population is not published here (Mendip panel "
            "(Mendip), Watchet lab (Watchet)).") in chart.note
    table = chart.table.set_index("Panel")
    assert table.loc["Regional panel", "With lived experience"] == "10.0 (from its share)"
    assert table.loc["Regional panel", "Area it decides for"] == "South West (its fund)"
    assert table.loc["Watchet lab", "People"] == "not published"


def test_one_panel_and_none_are_said_in_words(hand_store):
    one = panel_population.panel_members_per_100k(panels_against_population(hand_store, Filters((BRISTOL,))))
    assert one.takeaway == ("Food panel has 12 members for the 100,000 people of Bristol: 12 per 100,000, "
                            "and 3.0 per 100,000 with lived experience.")
    none = panel_population.panel_members_per_100k(
        panels_against_population(hand_store, Filters(("place-watchet",))))
    assert none.is_empty and none.takeaway.startswith("No panel in this filter both states its members")
    assert "Watchet lab (Watchet)" in none.takeaway and len(none.table) == 1


def test_a_national_store_draws_the_thirty_highest_and_says_so(hand_store):
    """Thousands of panels made 2.4 MB of bars a browser took 14 s to draw, and no one can read them
    from the back of a room: the 30 most members per head are drawn, the takeaway and the table
    speak of every panel."""
    one = panels_against_population(hand_store, Filters())
    shown = one.shown
    many = pd.concat([shown.assign(name=[f"{n} {i}" for n in shown["name"]],
                                   members_per_100k=shown["members_per_100k"] + i)
                      for i in range(40)], ignore_index=True)
    view = dataclasses.replace(one, panels=many)
    chart = panel_population.panel_members_per_100k(view)
    drawn = list(chart.figure.data[0].y)
    assert len(drawn) == 30 and drawn[-1] == many.loc[many["members_per_100k"].idxmax(), "name"]
    assert f"The 30 largest of {len(many):,} panels set against their area's people are drawn" in chart.note
    assert f"the most of {len(many):,} panels" in chart.takeaway
    assert len(chart.table) == len(many)
