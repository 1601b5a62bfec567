"""Chart builders: the right figure, the right words, and a friendly empty state."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from dash import catalogue
from dash.charts import base as base_charts
from dash.charts import funds as fund_charts
from dash.charts import maps
from dash.charts import meetings as meeting_charts
from dash.charts import panels as panel_charts
from dash.charts import themes as theme_charts
from dash.filters import Filters
from dash.geo import SHAPE_CODE, district_boundaries
from dash.queries import funds, meetings, panels, places, themes


@pytest.fixture
def cursor(db):
    return db.cursor()


def test_fund_sizes_use_a_log_scale_and_say_so(cursor):
    chart = fund_charts.fund_sizes(funds.funds(cursor, Filters()))
    assert chart.figure.layout.xaxis.type == "log"
    assert "log scale" in chart.note
    assert chart.takeaway == ("The largest fund, Quartet health and well-being budget (£1.3m), is 93 times "
                              "the smallest, City Lab (£14,000). 1 fund states no sum in pounds and is "
                              "not drawn.")  # the Overview says "Funds 5" above four dots
    assert "Scottish councils' participatory budgeting share (1% of budgets, no sum stated)" in chart.note
    bar = chart.figure.data[0]
    assert list(bar.y) == ["City Lab", "Bristol Local Food Fund", "Barking and Dagenham Giving endowment",
                           "Quartet health and well-being budget"]
    assert bar.customdata[0][0] == "£14,000"
    assert "Sharing and building power" in bar.customdata[0][2]
    assert list(chart.table.columns)[:4] == ["Fund", "Held by", "Place", "Size"]
    assert "Scottish councils' participatory budgeting share" in set(chart.table["Fund"])


def test_participatory_part_adds_up(cursor):
    chart = fund_charts.participatory_part(funds.funds(cursor, Filters()))
    decided, rest = chart.figure.data
    assert sum(decided.x) == 1_874_000 and sum(decided.x) + sum(rest.x) == 2_374_000
    assert chart.takeaway.startswith("£1.87m of £2.37m (79%)")


def test_lived_experience_axis_is_0_to_100_and_unstated_are_listed(cursor):
    chart = panel_charts.lived_experience_shares(panels.panels(cursor, Filters()))
    axis = chart.figure.layout.xaxis
    assert axis.range[0] == 0 and axis.range[1] >= 100 and list(axis.ticktext)[-1] == "100%"
    assert list(chart.figure.data[0].x) == [40, 100]
    for name in ("City Lab decision group", "Watchet imagination lab", "Young people's collective pilot"):
        assert name in chart.note and name in chart.alt
    assert len(chart.table) == 7


def test_pay_and_training_counts(cursor):
    chart = panel_charts.pay_and_training(panels.panels(cursor, Filters()))
    yes = next(trace for trace in chart.figure.data if trace.name == "yes")
    assert list(yes.x) == [5, 5]
    assert chart.takeaway.startswith("5 of 7 panels pay their members and 5 train them.")


def test_share_against_size(cursor):
    chart = panel_charts.share_against_fund_size(panels.panels(cursor, Filters()))
    assert chart.figure.layout.xaxis.type == "log"
    assert sorted(chart.figure.data[0].y) == [40, 100]


def test_meetings_per_year_counts_undated(cursor):
    chart = meeting_charts.meetings_per_year(meetings.meetings_per_year(cursor, Filters()))
    assert chart.takeaway == "12 meetings and write-ups, dated from 2017 to 2022; 9 do not state a date."


def test_theme_counts_separate_reviewed_codes_from_suggestions(cursor):
    counts = themes.theme_counts(cursor, Filters())
    chart = theme_charts.theme_counts(counts)
    assert [trace.name for trace in chart.figure.data] == [
        "Key points, accepted by a reviewer", "Key points, suggested and not yet reviewed",
        "Meetings it appears in"]
    assert list(chart.figure.data[2].x)[-1] == 6  # Sharing power comes up in 6 meetings
    assert chart.takeaway.startswith(
        "The most frequent theme is Sharing power with communities: 14 key points")
    assert "no one has reviewed yet" in chart.takeaway and "Hatched" in chart.note
    assert chart.figure.data[1].marker.pattern.shape == "/"
    assert set(chart.table.columns) >= {"Theme", "Accepted", "Suggested, not reviewed", "First dated"}


def test_a_theme_s_total_is_its_bar_s_own_number_and_counts_are_whole(cursor):
    """The total sat as an annotation nudged up, over the meetings bar's number ("3" on "3"); with one
    accepted code the axis read 0, 0.2 … 1.6 key points."""
    counts = themes.theme_counts(cursor, Filters())
    chart = theme_charts.theme_counts(counts)
    assert not chart.figure.layout.annotations
    stacked_top = chart.figure.data[1]
    assert list(stacked_top.text) == list(stacked_top.base + stacked_top.x)
    assert chart.figure.data[2].textposition == "outside"
    one = counts.head(1).assign(key_points=1, accepted=1, suggested=0, meetings=1)
    assert theme_charts.theme_counts(one).figure.layout.xaxis.dtick == 1


def test_counting_accepted_codes_only_is_empty_until_someone_reviews(cursor):
    chart = theme_charts.theme_counts(themes.theme_counts(cursor, Filters(suggestions=False)))
    assert chart.is_empty and "no key point in this filter has a theme to count" in chart.takeaway.lower()


def test_accepting_one_code_makes_its_count_surer_and_hides_no_other_theme(store_copy):
    """Measured before: one Accept turned the Overview's eleven themes into one key point."""
    from dash.store import StoreReader
    from dash.write import service

    def counted(filters: Filters):
        return themes.theme_counts(StoreReader(store_copy).cursor(), filters).set_index("theme_id")

    before = counted(Filters())
    assert service.decide("ins-jf-07", "time", "accept", by="AB", store=store_copy).ok
    assert service.decide("ins-jf-04", "sharing-power", "reject", by="AB", store=store_copy).ok
    after = counted(Filters())
    assert set(after.index) == set(before.index) and len(after) == 11
    assert after.loc["time", "accepted"] == 1
    assert after.loc["time", "key_points"] == before.loc["time", "key_points"]
    power = "sharing-power"
    assert after.loc[power, "key_points"] == before.loc[power, "key_points"] - 1  # rejected: not counted
    chart = theme_charts.theme_counts(after.reset_index())
    assert len(chart.figure.data[0].y) == 11 and "Hatched" in chart.note
    assert list(counted(Filters(suggestions=False)).index) == ["time"]


def test_map_needs_no_internet(cursor):
    chart = maps.money_map(places.money_by_district(cursor, Filters()), places.boundary_codes(cursor),
                           district_boundaries())
    assert {trace.type for trace in chart.figure.data} == {"scatter"}  # geo traces would fetch a CDN file
    assert chart.takeaway.endswith("the most money is in Bristol (£1.37m).")
    clickable = chart.figure.data[-1]
    assert {row[0] for row in clickable.customdata} == {"E06000023", "E09000002", "E08000003", "E06000066"}


def test_the_map_draws_the_whole_nation_bins_that_meet_and_meetings_apart(cursor):
    """Measured before: the map floated the data's regions without the rest of the country, a
    'meetings only' area shared the lightest blue with 'up to £275k', and the bins skipped
    £275k–£824k. Now every English district is drawn, the money bins are round steps that meet,
    and meetings-only areas have a colour no money bin uses."""
    chart = maps.money_map(places.money_by_district(cursor, Filters()), places.boundary_codes(cursor),
                           district_boundaries())
    figure = chart.figure
    outlines = figure.data[:2]
    assert [trace.fillcolor for trace in outlines] == [maps.NATION_FILL, maps.CONTEXT_FILL]
    rings = sum(int(np.isnan(np.asarray(trace.x, dtype=float)).sum()) for trace in figure.data[:-1])
    assert rings >= 300  # England has over 300 districts, each at least one ring
    keys = [trace for trace in figure.data if trace.name]
    names = [trace.name for trace in keys]
    assert names == ["Meetings only, no money", "Up to £500k", "£500k to £1m", "£1m to £1.5m"]
    money_colours = {trace.fillcolor for trace in keys[1:]}
    assert keys[0].fillcolor == maps.MEETINGS_ONLY and maps.MEETINGS_ONLY not in money_colours
    assert len(money_colours) == 3
    assert maps.money_bins(1_370_000) == [0, 500_000, 1_000_000, 1_500_000]
    assert maps.money_bins(824_000) == [0, 200_000, 400_000, 600_000, 800_000, 1_000_000]


def test_map_labels_never_overlap(cursor):
    """Measured before: Somerset's label sat over Bristol's. Cards are placed clear of each other
    and of the other labelled points, however close the districts."""
    chart = maps.money_map(places.money_by_district(cursor, Filters()), places.boundary_codes(cursor),
                           district_boundaries())
    cards = chart.figure.layout.annotations
    assert {card.text.split("<br>")[0] for card in cards} == {
        "<b>Bristol</b>", "<b>Barking and Dagenham</b>", "<b>Manchester</b>", "<b>Somerset</b>"}
    close = [(0.0, 0.0), (0.05, -0.05), (0.02, 0.03), (0.1, 0.0), (-0.04, 0.02), (0.0, 0.08)]
    sizes = [(150.0, 44.0)] * len(close)
    offsets = maps.place_labels(close, sizes, pixels_per_unit=300)
    boxes = [(x * 300 + ax - w / 2, -y * 300 + ay - h / 2, w, h)
             for (x, y), (ax, ay), (w, h) in zip(close, offsets, sizes, strict=True)]
    for index, box in enumerate(boxes):
        for other in boxes[index + 1:]:
            assert not maps._crosses(box, other), (box, other)


def test_the_map_hover_gives_the_ons_name(cursor):
    chart = maps.money_map(places.money_by_district(cursor, Filters()), places.boundary_codes(cursor),
                           district_boundaries())
    hovers = " ".join(chart.figure.data[-1].hovertext)
    assert "<b>Bristol <i>(Bristol, City of, as the ONS names it)</i></b>" in hovers


@pytest.mark.parametrize("build", [
    lambda c, f: fund_charts.fund_sizes(funds.funds(c, f)),
    lambda c, f: fund_charts.participatory_part(funds.funds(c, f)),
    lambda c, f: fund_charts.money_by_group(funds.money_by_locality(c, f), "locality", "place"),
    lambda c, f: panel_charts.lived_experience_shares(panels.panels(c, f)),
    lambda c, f: panel_charts.pay_and_training(panels.panels(c, f)),
    lambda c, f: panel_charts.share_against_fund_size(panels.panels(c, f)),
    lambda c, f: meeting_charts.meetings_per_year(meetings.meetings_per_year(c, f)),
    lambda c, f: maps.money_map(places.money_by_district(c, f), places.boundary_codes(c),
                                district_boundaries()),
])
def test_empty_filter_gives_words_not_an_empty_axis(cursor, build):
    chart = build(cursor, Filters(("E06000001",)))
    assert chart.is_empty and chart.figure is None
    assert chart.takeaway.startswith("No ")


def test_theme_matrix_over_time_and_pairs(cursor):
    by_meeting = theme_charts.theme_matrix(themes.theme_matrix(cursor, Filters(), "meeting"), "meeting")
    assert by_meeting.figure.data[0].type == "heatmap"
    theme_id, meeting_id = by_meeting.figure.data[0].customdata[0][0]
    assert theme_id and meeting_id.startswith("mtg-")
    by_place = theme_charts.theme_matrix(themes.theme_matrix(cursor, Filters(), "place"), "place")
    assert "Watchet" in list(by_place.figure.data[0].y)  # places and meetings down the side
    assert by_meeting.figure.data[0].textfont.size >= 16  # the counts readable on a slide too
    for figure in (by_meeting.figure, by_place.figure):  # every name whole: none cut to "…"
        assert not any("…" in text for text in (*figure.layout.xaxis.ticktext, *figure.layout.yaxis.ticktext))
    over_time = theme_charts.themes_over_time(themes.themes_by_year(cursor, Filters()))
    assert over_time.takeaway.startswith("Dated key points run from 2017 to 2022")
    cells = over_time.figure.data[0]  # two dated years: a grid with numbers, not colour-only lines
    assert cells.type == "heatmap" and list(cells.x) == ["2017", "2022"] and len(cells.y) == 9
    pairs = theme_charts.theme_pairs(themes.theme_pairs(cursor, Filters()))
    grid = pairs.figure.data[0]
    assert list(grid.x) == list(grid.y)  # a square, symmetric matrix
    assert "come up together most often" in pairs.takeaway


def _frames_in(data: object) -> list[pd.DataFrame]:
    """Every table a query's result holds: itself, a tuple's parts, a dataclass's fields."""
    if isinstance(data, pd.DataFrame):
        return [data]
    if isinstance(data, tuple | list):
        return [frame for part in data for frame in _frames_in(part)]
    if dataclasses.is_dataclass(data):
        fields = [getattr(data, field.name) for field in dataclasses.fields(data)]
        return [frame for value in fields for frame in _frames_in(value)]
    return []


@pytest.mark.parametrize("name", sorted(catalogue.CATALOGUE))
def test_every_chart_leaves_its_data_as_it_found_it(cursor, name):
    """Charts drawing the same data share it through the app's cache, across sessions: a builder
    that changed its input would change another chart."""
    data = catalogue.fetch(name, cursor, Filters())
    frames = _frames_in(data)
    before = [frame.copy(deep=True) for frame in frames]
    chart = catalogue.draw(name, data)
    assert isinstance(chart.table, pd.DataFrame)  # made on demand, from the same data
    for was, now in zip(before, frames, strict=True):
        pd.testing.assert_frame_equal(was, now)


def test_a_national_map_is_thinned_and_a_district_keeps_every_point():
    features = district_boundaries()["features"]
    every = maps._thinning(features)
    assert every > 1  # England's districts hold more points than a map draws
    xs, _ = maps._outline(features, every)
    rings = sum(1 for feature in features for _ in maps._rings(feature["geometry"]))
    assert (~np.isnan(xs)).sum() <= maps.OUTLINE_POINTS + 5 * rings  # closing points and small rings
    bristol = [f for f in features if f["properties"][SHAPE_CODE] == "E06000023"]
    assert maps._thinning(bristol) == 1


def test_a_chart_s_table_is_made_when_first_asked_for_and_kept(cursor, monkeypatch):
    made = []
    real = fund_charts.fund_table
    monkeypatch.setattr(fund_charts, "fund_table", lambda funds: made.append(1) or real(funds))
    chart = fund_charts.fund_sizes(funds.funds(cursor, Filters()))
    assert made == []  # drawing the chart did not make its table
    assert chart.table is chart.table and made == [1]


def test_every_chart_with_figures_names_its_sources(cursor):
    """Measured before: the themes, meetings, map and grants charts cited only 'the dashboard's
    store'. Each now names the sources of the meetings, funds or grants it counts."""
    for name in catalogue.CATALOGUE:
        chart = catalogue.build(name, cursor, Filters())
        if not chart.is_empty:
            assert chart.sources, name
            assert not any("store" in line for line in chart.sources), (name, chart.sources)
    bristol = catalogue.build("theme_counts", cursor, Filters(("E06000023",)))
    assert bristol.sources == (
        "Sharing and building power: participatory grant-making — A Better Way, reported 9 February 2022",)


def test_a_slide_s_map_cards_are_in_the_slide_s_type_and_placed_for_it(cursor):
    """On a deck's slide the cards kept the screen's 15 px and read as 7 pt; at the slide's type
    they are larger, so they are placed again for their size (farther out than the screen's)."""
    chart = maps.money_map(places.money_by_district(cursor, Filters()), places.boundary_codes(cursor),
                           district_boundaries())
    screen = maps.at_height(chart.figure, 560)
    slide = maps.at_height(chart.figure, 560, font=22)
    assert {card.font.size for card in slide.layout.annotations} == {22}
    reach = [abs(card.ax) + abs(card.ay) for card in screen.layout.annotations]
    assert sum(abs(card.ax) + abs(card.ay) for card in slide.layout.annotations) > sum(reach)
    assert maps._label_size(["Bristol"], 22)[0] > maps._label_size(["Bristol"])[0]


def test_a_smaller_map_places_its_labels_again(cursor):
    chart = maps.money_map(places.money_by_district(cursor, Filters()), places.boundary_codes(cursor),
                           district_boundaries())
    assert maps.is_map(chart.figure)
    small = maps.at_height(chart.figure, 360)
    assert small.layout.height == 360
    assert len(small.layout.annotations) == len(chart.figure.layout.annotations)
    compact = maps.at_height(chart.figure, 360, compact=True)
    assert len(compact.layout.annotations) == maps.COMPACT_LABELS and compact.layout.legend.yanchor == "top"
    assert chart.figure.layout.height == 620  # the chart's own figure is left as it was


def test_the_overviews_theme_chart_names_every_theme_it_draws_and_says_what_it_left_out(cursor):
    """Measured before: the Overview's themes chart labelled 6 of 11 themes, its key sat over the
    axis title and value labels collided ('3 3'). The small version draws the five most frequent,
    one bar and one label each, every name on the axis, and says how many it left out."""
    counts = themes.theme_counts(cursor, Filters())
    chart = catalogue.draw_compact("theme_counts", counts)
    drawn = {name for trace in chart.figure.data for name in trace.y}
    assert len(drawn) == theme_charts.COMPACT_THEMES
    assert "The 5 most frequent of 11 themes are drawn" in chart.note
    assert all(trace.name != "Meetings it appears in" for trace in chart.figure.data)
    assert chart.figure.layout.legend.yanchor == "bottom" and chart.figure.layout.legend.y == 1.0
    small = base_charts.small(chart.figure, 360)
    assert set(small.layout.yaxis.tickvals) == drawn  # every name drawn is a tick
    assert len(small.layout.yaxis.ticktext) == len(drawn)
    assert all(len(line) <= 24 for text in small.layout.yaxis.ticktext for line in text.split("<br>"))
    full = catalogue.draw("theme_counts", counts)
    assert len({name for trace in full.figure.data for name in trace.y}) == 11


def test_money_by_place_says_what_names_no_place_and_agrees_with_the_total():
    """Measured before: "of £2.37m in all" under a header of £2.62m, the £250,000 fund with no place
    left out without a word."""
    grouped = pd.DataFrame({
        "locality": ["Bristol", "Barking and Dagenham", None],
        "locality_id": ["E06000023", "E09000002", None],
        "amount_gbp": [1_374_000.0, 1_000_000.0, 250_000.0],
        "participatory_gbp": [1_374_000.0, 500_000.0, None],
        "funds": [3, 1, 1], "sources": ["a", "b", "c"],
    })
    chart = fund_charts.money_by_group(grouped, "locality", "place")
    assert chart.takeaway == ("Bristol holds the most: £1.37m across 3 funds, of £2.62m in all; "
                              "£250k in 1 fund names no place.")
    assert list(chart.figure.data[0].y) == ["Barking and Dagenham", "Bristol"]  # never a bar of its own
    assert list(chart.table["Place"]) == ["Bristol", "Barking and Dagenham", "No place named"]
    only_unplaced = fund_charts.money_by_group(grouped.iloc[2:], "locality", "place")
    assert only_unplaced.is_empty and "£250k in 1 fund names no place" in only_unplaced.takeaway


def test_a_chart_made_after_streamlit_is_imported_is_still_in_the_trustee_template(cursor):
    """Importing ``st.plotly_chart`` makes Streamlit's template Plotly's default; a chart drawn after it
    (the server imports the charts first) keeps the trustee's type, sizes and room for long names."""
    import plotly.io as pio
    import streamlit as st  # noqa: F401 - what sets Plotly's default to Streamlit's template

    from dash import palette

    pio.templates.default = "streamlit"  # as Streamlit leaves it, whichever was imported first
    chart = fund_charts.fund_sizes(funds.funds(cursor, Filters()))
    assert chart.figure.layout.template.layout.font.family == palette.FONT_FAMILY
    assert chart.figure.layout.template.layout.yaxis.automargin is True
