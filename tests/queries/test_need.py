"""Money against need, against a three-district store worked out by hand.

The store is the seed store with its need tables replaced by three districts and seven grants:

| district | nation | people | deprivation decile (own nation) | grants in it |
| --- | --- | --- | --- | --- |
| Bristol E06000023 | England | 100,000 | 1 (England's most deprived tenth) | £50,000 |
| Somerset E06000066 | England | 300,000 | 10 | £30,000, named under Mendip (merged into Somerset in 2023) |
| Cardiff W06000015 | Wales | 100,000 | 1 (Wales's most deprived tenth) | £60,000 |

and, not counted: £40,000 for the South West region, £5,000 naming no place, £7,000 naming the
Cumbria county council abolished in 2023 (no place we can map), and $1,000 to Bristol (not pounds).

By hand: counted money £140,000 in 3 grants. Per head: Bristol £0.50, Somerset £0.10, Cardiff
£0.60; England £80,000 / 400,000 = £0.20, Wales £0.60, UK £140,000 / 500,000 = £0.28.
Deciles: decile 1 (Bristol and Cardiff) 200,000 of 500,000 people = 40% and £110,000 of £140,000
= 11/14 ≈ 78.6% of the money; decile 10 (Somerset) 60% of people, 3/14 ≈ 21.4% of the money.
For the South West only: decile 1 holds 25% of people and 62.5% of the money, decile 10 75% and 37.5%.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dash.charts import need as need_charts
from dash.filters import Filters
from dash.geo import district_boundaries
from dash.queries import need, places
from dash.store.summaries import refresh_summaries

BRISTOL, SOMERSET, CARDIFF, MENDIP = "E06000023", "E06000066", "W06000015", "E07000187"
SOUTH_WEST, ENGLAND, WALES = "E12000009", "E92000001", "W92000004"

_DISTRICTS = [  # locality, nation, people, index, decile
    (BRISTOL, ENGLAND, 100_000, "mhclg-iod-2025", 1),
    (SOMERSET, ENGLAND, 300_000, "mhclg-iod-2025", 10),
    (CARDIFF, WALES, 100_000, "wg-wimd-2025", 1),
]
_GRANTS = [  # id, currency, amount, code as published, the place it resolves to
    ("g1", "GBP", 50_000, BRISTOL, BRISTOL),
    ("g2", "GBP", 30_000, MENDIP, MENDIP),
    ("g3", "GBP", 60_000, CARDIFF, CARDIFF),
    ("g4", "GBP", 40_000, SOUTH_WEST, SOUTH_WEST),
    ("g5", "GBP", 5_000, None, None),
    ("g6", "GBP", 7_000, "E10000006", None),
    ("g7", "USD", 1_000, BRISTOL, BRISTOL),
]


@pytest.fixture
def hand_store(store_copy):
    connection = duckdb.connect(str(store_copy))
    connection.execute("DELETE FROM need_population; DELETE FROM need_deprivation")
    for place, nation, people, index, decile in _DISTRICTS:
        connection.execute("INSERT INTO need_population VALUES (?, ?, ?, DATE '2025-06-30', 'ons-mye-2025', "
                           "?)", [place, nation, people, place])
        connection.execute("INSERT INTO need_deprivation VALUES (?, ?, ?, 0, 1, 1, ?, 0, NULL, 1, 'test', "
                           "?)", [place, nation, index, decile, place])
    for grant_id, currency, amount, code, place in _GRANTS:
        connection.execute("""
            INSERT INTO grants (grant_id, title, currency, amount_awarded, award_date,
                                beneficiary_location_code, beneficiary_location_name, locality_id, source_id)
            VALUES (?, 'A grant', ?, ?, DATE '2024-05-01', ?, ?, ?, NULL)""",
                           [grant_id, currency, amount, code, "Cumbria" if code == "E10000006" else None,
                            place])
    refresh_summaries(connection)
    connection.close()
    reader = duckdb.connect(str(store_copy), read_only=True)
    yield reader.cursor()
    reader.close()


def _by(frame, column):
    return {row[column]: row for _, row in frame.iterrows()}


def test_per_head_by_district_is_money_in_it_over_its_people(hand_store):
    districts = _by(need.per_head_by_district(hand_store, Filters()), "locality_id")
    assert set(districts) == {BRISTOL, SOMERSET, CARDIFF}
    assert districts[BRISTOL]["money_gbp"] == 50_000 and districts[BRISTOL]["per_head"] == pytest.approx(0.50)
    assert districts[SOMERSET]["money_gbp"] == 30_000  # Mendip's grant, in the authority that replaced it
    assert districts[SOMERSET]["per_head"] == pytest.approx(0.10)
    assert districts[CARDIFF]["per_head"] == pytest.approx(0.60)
    south_west = need.per_head_by_district(hand_store, Filters((SOUTH_WEST,)))
    assert list(south_west["locality_id"]) == [BRISTOL, SOMERSET]


def test_the_picked_area_against_its_nation_and_the_uk(hand_store):
    rows = need.per_head_against_nation(hand_store, Filters((BRISTOL,)))
    assert list(rows["level"]) == ["area", "nation", "UK"]
    assert list(rows["name"]) == ["Bristol", "England", "United Kingdom"]
    assert list(rows["per_head"]) == pytest.approx([0.50, 0.20, 0.28])
    assert list(rows["population"]) == [100_000, 400_000, 500_000]
    everywhere = need.per_head_against_nation(hand_store, Filters())
    assert list(everywhere["level"]) == ["nation", "nation", "UK"]
    assert _by(everywhere, "name")["Wales"]["per_head"] == pytest.approx(0.60)
    region = need.per_head_against_nation(hand_store, Filters((SOUTH_WEST,))).iloc[0]
    assert (region["name"], region["money_gbp"], region["population"]) == ("South West", 80_000, 400_000)


def test_decile_shares_worked_by_hand_add_up_to_all_the_money_counted(hand_store):
    deciles = need.money_by_decile(hand_store, Filters())
    assert list(deciles["decile"]) == list(range(1, 11))
    first, last = deciles.iloc[0], deciles.iloc[9]
    assert (first["places"], first["people"], first["money_gbp"]) == (2, 200_000, 110_000)
    assert first["people_share"] == pytest.approx(0.4) and first["money_share"] == pytest.approx(11 / 14)
    assert last["people_share"] == pytest.approx(0.6) and last["money_share"] == pytest.approx(3 / 14)
    assert deciles["money_share"].sum() == pytest.approx(1.0)
    assert deciles["people_share"].sum() == pytest.approx(1.0)
    assert deciles["money_gbp"].sum() == 140_000  # every pound counted, and no pound twice
    assert first["nations"] == "England, Wales"  # each nation's decile 1, pooled
    south_west = need.money_by_decile(hand_store, Filters((SOUTH_WEST,)))
    assert south_west.iloc[0]["money_share"] == pytest.approx(0.625)
    assert south_west.iloc[0]["people_share"] == pytest.approx(0.25)
    assert south_west["money_share"].sum() == pytest.approx(1.0)


def test_what_is_not_counted_is_counted_apart(hand_store):
    gaps = _by(need.not_counted(hand_store, Filters()), "part")
    assert list(gaps) == list(need.PARTS)
    assert (gaps["district"]["records"], gaps["district"]["amount"]) == (3, 140_000)
    merged = gaps["merged"]
    assert (merged["records"], merged["amount"], merged["detail"]) == (1, 30_000, "Somerset")
    assert (gaps["wider_area"]["records"], gaps["wider_area"]["amount"]) == (1, 40_000)
    assert gaps["wider_area"]["detail"] == "South West"
    assert (gaps["no_place"]["records"], gaps["no_place"]["amount"]) == (1, 5_000)
    assert (gaps["unknown_place"]["records"], gaps["unknown_place"]["amount"]) == (1, 7_000)
    assert gaps["unknown_place"]["detail"] == "Cumbria"
    assert (gaps["other_currency"]["records"], gaps["other_currency"]["detail"]) == (1, "USD")
    left_out = sum(row["amount"] for row in gaps.values() if not row["counted"])
    assert left_out == 40_000 + 5_000 + 7_000  # with the £140,000 counted: every pound of the £192,000


def test_the_same_figures_with_an_organisation_picked(hand_store):
    """Picking an organisation reads the grants, not their summary: the figures must not change
    (none of these grants names a fund, so no organisation's filter matches any)."""
    assert need.money_by_decile(hand_store, Filters(organisations=("org-quartet",)))["money_gbp"].sum() == 0
    in_2024 = Filters(date_from=dt.date(2024, 5, 1), date_to=dt.date(2024, 5, 1))  # not whole months
    assert need.money_by_decile(hand_store, in_2024)["money_gbp"].sum() == 140_000
    assert _by(need.not_counted(hand_store, in_2024), "part")["no_place"]["amount"] == 5_000


def test_a_place_smaller_than_a_district_has_no_population_of_its_own(hand_store):
    rows = need.per_head_against_nation(hand_store, Filters(("place-watchet",)))
    assert "area" not in set(rows["level"])
    assert list(rows["name"]) == ["England", "United Kingdom"]


def test_each_nation_uses_only_its_own_index(db):
    """In the shipped data every district is placed by its own nation's index, ranked among its own
    nation's districts only, and cut into that nation's tenths."""
    rows = db.execute("""
        SELECT p.nation_id, d.index_id, count(*) AS districts, min(d.rank_in_nation), max(d.rank_in_nation),
               count(DISTINCT d.rank_in_nation), min(d.places_in_nation), max(d.places_in_nation),
               count(DISTINCT d.decile_in_nation)
        FROM need_deprivation d JOIN need_population p USING (locality_id)
        WHERE d.nation_id = p.nation_id GROUP BY ALL ORDER BY p.nation_id
    """).fetchall()
    assert rows == [
        ("E92000001", "mhclg-iod-2025", 296, 1, 296, 296, 296, 296, 10),
        ("N92000002", "nisra-nimdm-2017", 11, 1, 11, 11, 11, 11, 10),
        ("S92000003", "sg-simd-2020v2", 32, 1, 32, 32, 32, 32, 10),
        ("W92000004", "wg-wimd-2025", 22, 1, 22, 22, 22, 22, 10),
    ]
    blackpool, = db.execute("SELECT rank_in_nation, decile_in_nation FROM need_deprivation "
                            "WHERE locality_id = 'E06000009'").fetchall()
    assert blackpool == (1, 1)  # IoD2025's most deprived local authority


def test_funds_per_head_on_the_seed_store(db):
    cursor = db.cursor()
    bristol = need.per_head_against_nation(cursor, Filters((BRISTOL,)), need.FUNDS).iloc[0]
    assert bristol["money_gbp"] == 1_374_000 and bristol["population"] == 495_260  # mid-2025 estimate
    assert bristol["per_head"] == pytest.approx(1_374_000 / 495_260)
    gaps = _by(need.not_counted(cursor, Filters(), need.FUNDS), "part")
    assert gaps["no_sum"]["records"] == 1  # Scotland's 1% policy: a share, no sum


def test_uk_population_is_every_district_once(db):
    uk = need.per_head_against_nation(db.cursor(), Filters()).iloc[-1]
    assert (uk["name"], uk["population"], uk["places"], uk["older_estimates"]) == (
        "United Kingdom", 69_485_901, 361, 2)  # Barnsley and Sheffield: mid-2024


def test_the_charts_say_the_hand_worked_figures(hand_store):
    view = need.money_against_need(hand_store, Filters((BRISTOL,)))
    per_head = need_charts.per_head_against_nation(view)
    assert per_head.key == "grants_per_head"
    assert per_head.takeaway == ("Bristol received £0.50 a head, 2.5 times England's £0.20 "
                                 "(£50k for 100,000 people).")
    everywhere = need.money_against_need(hand_store, Filters())
    deciles = need_charts.money_against_people(everywhere)
    assert deciles.takeaway == ("The most deprived tenth of places hold 40% of people and received 79% "
                                "of the money.")
    assert "Decile 1 is the most deprived" in deciles.note and "not comparable" in deciles.note
    assert "100% of the £140k counted" in deciles.note
    said = need_charts.counted_sentence(everywhere)
    assert said == (
        "Counted: £140k in 3 grants that lie in one local authority. Of these, £30k in 1 grant named "
        "a district merged since, counted in the authority that replaced them (Somerset). Not counted: "
        "£40k in 1 grant for a county, region, nation or combined area (South West); £7,000 in 1 grant "
        "naming a place we cannot map (Cumbria); £5,000 in 1 grant naming no place; 1 grant in another "
        "currency (USD).")
    assert said in deciles.note
    assert per_head.note.endswith("Counted: £50k in 1 grant that lies in one local authority. Not counted: "
                                  "1 grant in another currency (USD).")  # Bristol's own
    assert any("Indices of Deprivation 2025" in line for line in everywhere.sources)
    assert any("Welsh Index of Multiple Deprivation 2025" in line for line in everywhere.sources)
    assert not any("Scottish" in line for line in everywhere.sources)  # no Scottish district here
    south_west = need_charts.money_against_people(need.money_against_need(hand_store, Filters((SOUTH_WEST,))))
    assert south_west.takeaway.startswith("The most deprived tenth of places hold 25% of people and "
                                          "received 62%")


def test_the_per_head_map_colours_every_district_in_the_filter(hand_store):
    view = need.money_against_need(hand_store, Filters())
    chart = need_charts.per_head_map(view, places.boundary_codes(hand_store), district_boundaries())
    assert chart.takeaway == "Cardiff received the most per head: £0.60 (£60k for 100,000 people)."
    keys = [trace.name for trace in chart.figure.data if trace.name]
    assert keys[0] == "Up to £0.20" and all("£" in key for key in keys)
    assert list(chart.table["Per head"]) == ["£0.60", "£0.50", "£0.10"]
    assert list(chart.table["Deprivation decile in its nation (1 = most deprived)"]) == [1, 1, 10]
    nothing = need.money_against_need(hand_store, Filters((CARDIFF,)), need.FUNDS)  # no fund there
    shapes = places.boundary_codes(hand_store)
    assert need_charts.per_head_map(nothing, shapes, district_boundaries()).is_empty
