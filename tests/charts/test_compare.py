"""Two views of a chart on the same scales, and their difference in words (dash.charts.compare)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dash.charts import compare
from dash.charts.base import linear_money_axis, log_money_axis


def _bars(amounts: list[float], **layout) -> go.Figure:
    return go.Figure({"data": [{"type": "bar", "orientation": "h", "x": amounts, "y": [f"f{i}" for i in
                                                                                        range(len(amounts))]}],
                      "layout": {"xaxis": linear_money_axis(max(amounts)), **layout}})


def test_bars_are_drawn_against_the_wider_axis_on_both_sides_and_the_data_is_untouched():
    small, large = _bars([100_000, 250_000]), _bars([3_100_000])
    left, right = compare.shared_scales(small, large)
    shared = tuple(large.layout.xaxis.range)
    assert tuple(left.layout.xaxis.range) == tuple(right.layout.xaxis.range) == shared
    assert left.layout.xaxis.tickvals == right.layout.xaxis.tickvals == large.layout.xaxis.tickvals
    assert left.layout.xaxis.ticktext == large.layout.xaxis.ticktext
    assert list(left.data[0].x) == [100_000, 250_000] and list(right.data[0].x) == [3_100_000]
    assert tuple(small.layout.xaxis.range) == (0, 250_000 * 1.2)  # the figures given are not changed


def test_stacked_bars_are_measured_by_their_whole_length():
    stacked = go.Figure({"data": [{"type": "bar", "orientation": "h", "x": [3, 4], "y": ["a", "b"]},
                                  {"type": "bar", "orientation": "h", "x": [5, 1], "y": ["a", "b"]}],
                         "layout": {"barmode": "stack"}})
    assert compare.data_extent(stacked, "x") == (5, 8, True)
    assert compare.data_extent(stacked, "y") is None  # names, not numbers


def test_a_log_axis_keeps_the_gridlines_of_both_sides():
    left = go.Figure({"data": [{"type": "scatter", "x": [2_000, 50_000], "y": ["a", "b"]}],
                      "layout": {"xaxis": log_money_axis(2_000, 50_000)}})
    right = go.Figure({"data": [{"type": "scatter", "x": [400_000, 9_000_000], "y": ["a", "b"]}],
                       "layout": {"xaxis": log_money_axis(400_000, 9_000_000)}})
    shared = compare.shared_scales(left, right)
    for figure in shared:
        assert list(figure.layout.xaxis.tickvals) == [1e3, 1e4, 1e5, 1e6, 1e7]
        assert list(figure.layout.xaxis.ticktext) == ["£1k", "£10k", "£100k", "£1m", "£10m"]
    assert shared[0].layout.xaxis.range == shared[1].layout.xaxis.range


def test_axes_without_a_range_get_one_from_both_sides_data():
    left = go.Figure({"data": [{"type": "bar", "x": ["2022", "2023"], "y": [2, 3]}]})
    right = go.Figure({"data": [{"type": "bar", "x": ["2022", "2023"], "y": [10, 1]}]})
    shared = compare.shared_scales(left, right)
    assert shared[0].layout.yaxis.range == shared[1].layout.yaxis.range
    assert shared[0].layout.yaxis.range[0] == 0 and shared[0].layout.yaxis.range[1] > 10
    assert shared[0].layout.xaxis.range is None  # years as names: each side's own


def test_a_heatmaps_darkest_colour_means_the_same_count_on_both_sides():
    left = go.Figure({"data": [{"type": "heatmap", "z": [[1, 2], [0, 3]], "zmin": 0}]})
    right = go.Figure({"data": [{"type": "heatmap", "z": [[9, 0]], "zmin": 0}]})
    shared = compare.shared_scales(left, right)
    assert [figure.data[0].zmax for figure in shared] == [9, 9]


def test_a_maps_hidden_axes_are_its_own():
    left = go.Figure({"data": [{"type": "scatter", "x": [0, 1], "y": [0, 1]}],
                      "layout": {"xaxis": {"visible": False, "range": [0, 1]}}})
    right = go.Figure({"data": [{"type": "scatter", "x": [5, 9], "y": [0, 1]}],
                       "layout": {"xaxis": {"visible": False, "range": [5, 9]}}})
    shared = compare.shared_scales(left, right)
    assert tuple(shared[0].layout.xaxis.range) == (0, 1) and tuple(shared[1].layout.xaxis.range) == (5, 9)


def test_the_difference_in_words_says_the_larger_first_the_british_way():
    labels = ("Bristol", "Leeds")
    said = compare.difference("Money in funds", labels, (1_370_000, 3_100_000), ("£1.37m", "£3.1m"))
    assert said == "Money in funds — Leeds: £3.1m, 2.3 times Bristol's £1.37m."
    assert compare.difference("Panels", labels, (4, 8), ("4 panels", "8 panels")) == \
        "Panels — Leeds: 8 panels, twice Bristol's 4 panels."
    assert compare.difference("Funds", labels, (3, 1), ("3 funds", "1 fund")) == \
        "Funds — Bristol: 3 funds, 3 times Leeds' 1 fund."  # never "3.0 times"
    assert compare.difference("Money in funds", labels, (1_000_000, 1_370_000), ("£1m", "£1.37m")) == \
        "Money in funds — Leeds: £1.37m, 37% more than Bristol's £1m."
    assert compare.difference("Money in funds", labels, (1_000_000, 1_020_000), ("£1m", "£1.02m")) == \
        "Money in funds — Leeds: £1.02m, about the same as Bristol's £1m."
    assert compare.difference("Grants", labels, (0, 0), ("0 grants", "0 grants")) == \
        "Grants — none in Bristol or in Leeds."
    assert compare.difference("Grants", labels, (0, 5), ("0 grants", "5 grants")) == \
        "Grants — Leeds: 5 grants; Bristol: none."
    assert compare.difference("Panels", labels, (3, 3), ("3 panels", "3 panels")) == \
        "Panels — the same in Bristol as in Leeds: 3 panels."
    assert compare.difference("Money in funds", ("all areas", "Wales, 2023"), (9e6, 1e5), ("£9m", "£100k")) \
        == "Money in funds — all areas: £9m, 90 times the £100k of Wales, 2023."
    assert compare.difference("Money in funds", labels, (None, 5e5), ("no sum stated", "£500k")) == \
        "Money in funds — Bristol: no sum stated; Leeds: £500k."


def test_a_views_name():
    assert compare.view_label(["Bristol"], [], None, None) == "Bristol"
    assert compare.view_label([], ["Quartet"], dt.date(2023, 1, 1), dt.date(2023, 12, 31)) == \
        "all areas, for Quartet, 2023"
    assert compare.view_label(["Leeds", "York"], [], dt.date(2023, 4, 1), None) == \
        "Leeds or York, from 1 April 2023"
    assert compare.heading("all areas, 2023") == "All areas, 2023"
    assert compare.distinct_labels("Bristol", "Bristol") == ("Bristol (this view)", "Bristol (beside it)")
    assert compare.per_head_words(("Leeds", "Bristol"), (5.2, 2.1)) == \
        "per head, £5.20 in Leeds against £2.10 in Bristol"
    assert compare.per_head_words(("Leeds", "Bristol"), (5.2, None)) == ""


def test_both_tables_in_one_each_row_saying_its_view():
    table = compare.side_by_side_table(pd.DataFrame({"Fund": ["a"], "Size": ["£1"]}),
                                       pd.DataFrame({"Fund": ["b", "c"], "Size": ["£2", "£3"]}), ("X", "Y"))
    assert list(table.columns) == ["View", "Fund", "Size"]
    assert list(table["View"]) == ["X", "Y", "Y"] and list(table["Fund"]) == ["a", "b", "c"]
