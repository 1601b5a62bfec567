"""The queries return what the store holds for each filter, with the filter bound as parameters."""

from __future__ import annotations

import datetime as dt

import pytest

from dash.filters import Filters
from dash.queries import funds, meetings, panels, places, summary, themes
from dash.store import StoreReader, write_snapshot

BRISTOL, BARKING, SOUTH_WEST, SOMERSET = "E06000023", "E09000002", "E12000009", "E06000066"


@pytest.fixture
def cursor(db):
    return db.cursor()


def test_funds_follow_the_locality_and_its_hierarchy(cursor):
    assert set(funds.funds(cursor, Filters((BRISTOL,)))["name"]) == {
        "Quartet health and well-being budget", "Bristol Local Food Fund", "City Lab"}
    assert len(funds.funds(cursor, Filters((SOUTH_WEST,)))) == 3
    assert list(funds.funds(cursor, Filters((BARKING,)))["name"]) == ["Barking and Dagenham Giving endowment"]
    assert len(funds.funds(cursor, Filters((BRISTOL, BARKING)))) == 4
    everything = funds.funds(cursor, Filters())
    assert list(everything["name"])[-1] == "Scottish councils' participatory budgeting share"  # no sum: last


def test_funds_carry_their_source(cursor):
    row = funds.funds(cursor, Filters((BRISTOL,))).iloc[0]
    assert row["source_title"] == "Sharing and building power: participatory grant-making"
    assert row["source_document"] == "000_b9027283d2571dea.txt"


def test_period_leaves_out_undated_records(cursor):
    in_2022 = Filters(date_from=dt.date(2022, 1, 1), date_to=dt.date(2022, 12, 31))
    assert set(meetings.meetings(cursor, in_2022)["title"]) == {
        "Sharing and building power: participatory grant-making", "Shifting power to people and communities"}
    assert len(funds.funds(cursor, Filters(date_to=dt.date(2021, 12, 31)))) == 0


def test_organisation_filter(cursor):
    quartet = Filters(organisations=("org-quartet",))
    assert len(funds.funds(cursor, quartet)) == 3
    assert len(panels.panels(cursor, quartet)) == 3
    assert len(meetings.meetings(cursor, quartet)) == 0


def test_meetings_match_places_they_discussed(cursor):
    assert list(meetings.meetings(cursor, Filters((BRISTOL,)))["meeting_id"]) == [
        "mtg-participatory-grant-making"]
    assert "mtg-moral-imagination" in set(meetings.meetings(cursor, Filters((SOMERSET,)))["meeting_id"])


def test_search_matches_titles_and_key_points_with_bound_text(cursor):
    found = meetings.meetings(cursor, Filters(), search="Watchet")
    assert list(found["meeting_id"]) == ["mtg-moral-imagination"]
    hostile = meetings.meetings(cursor, Filters(), search="'; DROP TABLE meetings; --")
    assert hostile.empty
    assert len(meetings.meetings(cursor, Filters())) == 12
    (points,) = meetings.meetings(cursor, Filters((BRISTOL,)), search="Scotland")["key_points"]
    assert sum(point["matches_search"] for point in points) == 1 and len(points) == 8


def test_a_meeting_without_key_points_lists_none(store_copy):
    with write_snapshot(store_copy) as connection:
        connection.execute("INSERT INTO meetings (meeting_id, title, kind, locality_id) "
                            "VALUES ('mtg-empty', 'A meeting with no write-up yet', 'meeting', 'E06000023')")
    listed = meetings.meetings(StoreReader(store_copy).cursor(), Filters((BRISTOL,)))
    assert list(listed.loc[listed["meeting_id"] == "mtg-empty", "key_points"].iloc[0]) == []


def test_key_points_keep_source_order(cursor):
    listed = meetings.meetings(cursor, Filters())
    assert all(len(points) > 0 for points in listed["key_points"])
    for points in listed["key_points"]:
        assert [point["position"] for point in points] == list(range(1, len(points) + 1))
        assert not any(point["matches_search"] for point in points)  # nothing searched


def test_panels_keep_those_without_a_share(cursor):
    rows = panels.panels(cursor, Filters())
    assert len(rows) == 7 and rows["lived_experience_share"].isna().sum() == 5
    assert rows.iloc[0]["name"] == "Bristol Local Food Fund panel"


def test_headline(cursor):
    bristol = summary.headline(cursor, Filters((BRISTOL,)))
    assert (bristol.funds, bristol.money_gbp, bristol.panels, bristol.meetings, bristol.key_points) == (
        3, 1_374_000, 3, 1, 8)
    everything = summary.headline(cursor, Filters())
    assert everything.participatory_gbp == 1_874_000 and everything.money_gbp == 2_374_000
    assert everything.stated_shares == pytest.approx([0.4, 1.0])
    assert everything.lived_experience_words() == (
        "2 of 7", "2 panels state what share of their members have lived experience: 40% and 100%.")


def test_one_panel_s_members_are_its_own_share_not_an_average(cursor):
    """"50% of members have lived experience" rested on one panel of 10 and read as an average."""
    import dataclasses
    everything = summary.headline(cursor, Filters())
    one = dataclasses.replace(everything, members_weighted_share=0.5, panels_with_members=1,
                              members_counted=10)
    assert one.lived_experience_words()[1].endswith(
        "Only one of them gives its size: 50% of its 10 members have lived experience.")
    two = dataclasses.replace(one, panels_with_members=2, members_counted=22)
    assert two.lived_experience_words()[1].endswith(
        "Counting members where panels give their size (2 panels, 22 members), 50% of them have lived "
        "experience.")


def test_money_by_place_and_organisation(cursor):
    by_place = funds.money_by_locality(cursor, Filters())
    assert list(zip(by_place["locality"], by_place["amount_gbp"], strict=True)) == [
        ("Bristol", 1_374_000), ("Barking and Dagenham", 1_000_000)]
    by_org = funds.money_by_organisation(cursor, Filters())
    assert by_org.iloc[0]["organisation"] == "Quartet Community Foundation"


def test_map_places_records_in_their_district(cursor):
    by_district = places.money_by_district(cursor, Filters()).set_index("locality_id")
    assert by_district.loc[BRISTOL, "money_gbp"] == 1_374_000
    assert by_district.loc[SOMERSET, "meetings"] == 1  # Watchet's meeting, in today's Somerset
    only_bristol = places.money_by_district(cursor, Filters((BRISTOL,)))
    assert list(only_bristol["locality_id"]) == [BRISTOL]  # the same meeting's other places stay off
    shapes = places.boundary_codes(cursor).set_index("shape_code")
    assert shapes.loc["E07000191", "locality_id"] == SOMERSET  # West Somerset's old outline
    assert shapes.loc[BRISTOL, "region_id"] == SOUTH_WEST


@pytest.mark.parametrize(("text", "expected"), [
    ("E06000023", BRISTOL), ("e06000023", BRISTOL), ("Bristol", BRISTOL), ("bristol, city of", BRISTOL),
    ("Watchet", "place-watchet"), ("South West", SOUTH_WEST), ("Nowhere", None), ("%", None),
])
def test_resolve_locality(cursor, text, expected):
    assert places.resolve_locality(cursor, text) == expected


def test_locality_options_put_places_with_records_first(cursor):
    options = places.locality_options(cursor)
    assert options["has_records"].iloc[0]
    assert {BRISTOL, SOUTH_WEST, "E06000001"} <= set(options["locality_id"])  # every English district
    assert not (options["locality_id"] == "E07000191").any()  # abolished districts are not offered


def test_theme_counts_and_the_key_points_behind_them(cursor):
    assert themes.theme_counts(cursor, Filters(suggestions=False)).empty  # nothing accepted yet
    counts = themes.theme_counts(cursor, Filters()).set_index("theme_id")
    assert counts.loc["time", "suggested"] == 6 and counts.loc["time", "accepted"] == 0
    in_bristol = themes.theme_counts(cursor, Filters((BRISTOL,)))
    assert set(in_bristol["meetings"]) == {1}
    behind = themes.theme_key_points(cursor, Filters(), "time")
    assert len(behind) == 6  # 5 by the rules' words, 1 by meaning with what it was nearest to
    assert behind["evidence"].str.contains('"words"').sum() == 5
    assert behind["evidence"].str.contains('"neighbours"').sum() == 1
    candidates = themes.uncoded_key_points(cursor, Filters(), "time")
    assert len(candidates) == 64 - 6 and "#" in candidates.iloc[0]["label"]


def test_coding_state_names_every_theme_and_counts_codes(db):
    from dash.queries import themes as theme_queries

    state = theme_queries.coding_state(db)
    assert len(state.names) == 11 and state.names["sharing-power"]
    assert list(state.names.values()) == sorted(state.names.values())
    assert state.codes == db.execute("SELECT count(*) FROM insight_themes").fetchone()[0] > 0
    assert state.accepted == 0  # the seed holds the rules' suggestions only


def test_grant_charts_read_the_summary_and_the_grants_alike(store_copy):
    """Whole months (or no period) are answered from grant_cells, any other period from the grants
    themselves: the same grants must give the same figures either way."""
    import datetime as dt

    from dash.filters import Filters
    from dash.queries import grants as grant_queries
    from dash.store import StoreReader
    from dash.write import service
    from tests.support.inputs import GRANT_FILES as FILES

    raw = (FILES / "ExampleTrust-grants-fixed.csv").read_bytes()
    assert service.import_grants(raw, "g.csv", by="t", store=store_copy).ok
    cursor = StoreReader(store_copy).cursor()
    for place in ((), ("E12000001",)):
        from_cells = Filters(localities=place, date_from=dt.date(2000, 1, 1), date_to=dt.date(2030, 12, 31))
        from_grants = Filters(localities=place, date_from=dt.date(2000, 1, 2), date_to=dt.date(2030, 12, 30))
        for query in (grant_queries.grant_totals, grant_queries.grants_by_band, grant_queries.grants_by_year,
                      grant_queries.grants_by_place, grant_queries.grants_by_district):
            cells, grants = query(cursor, from_cells), query(cursor, from_grants)
            assert cells.equals(grants), query.__name__
            assert len(cells) > 0, query.__name__
