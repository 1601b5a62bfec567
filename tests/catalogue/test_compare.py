"""A comparison's two sides are the two single views' charts (only their scales shared), the difference
is said in words, and a place beside the area holding it says so."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from dash import catalogue
from dash.catalogue.compare import MEASURES
from dash.filters import Filters

BRISTOL, BARKING, SOUTH_WEST = "E06000023", "E09000002", "E12000009"
BRISTOL_AND_BARKING = Filters((BRISTOL,)).compared_with((BARKING,))


SCALE_KEYS = ("zmin", "zmax", "zauto", "colorbar")  # a heatmap's colour scale: shared, like an axis


def _traces(chart) -> str:
    """The marks a chart draws, as JSON: everything but the scales."""
    if chart.is_empty:
        return "[]"
    traces = json.loads(json.dumps(chart.figure.to_dict()["data"], cls=PlotlyJSONEncoder))
    return json.dumps([{k: v for k, v in trace.items() if k not in SCALE_KEYS} for trace in traces],
                      sort_keys=True)


@pytest.mark.parametrize("name", list(catalogue.CATALOGUE))
def test_each_side_is_the_single_views_chart(db, name):
    compared = catalogue.build_comparison(name, db, BRISTOL_AND_BARKING)
    for side, alone in ((compared.left, Filters((BRISTOL,))), (compared.right, Filters((BARKING,)))):
        single = catalogue.build(name, db, alone)
        assert dataclasses.replace(side, figure=None, make_table=single.make_table) == \
            dataclasses.replace(single, figure=None)  # title, takeaway, alt, note, sources, deck chart
        pd.testing.assert_frame_equal(side.table, single.table)
        if catalogue.CATALOGUE[name].scale_top is None:  # a map's colour steps are its scale
            assert _traces(side) == _traces(single)  # the same marks: only scales may differ


@pytest.mark.parametrize("name", [name for name, entry in catalogue.CATALOGUE.items() if entry.scale_top])
def test_two_maps_colour_alike(db, name):
    compared = catalogue.build_comparison(name, db, BRISTOL_AND_BARKING)
    if compared.left.is_empty or compared.right.is_empty:
        return
    keys = [[t.name for t in chart.figure.data if t.name] for chart in (compared.left, compared.right)]
    assert keys[0] == keys[1] and keys[0]  # the same colour steps, with the same words


def test_one_picture_of_both_sides(db):
    chart = catalogue.build_comparison("money_by_place", db, BRISTOL_AND_BARKING).as_chart()
    layout = chart.figure.layout
    assert layout.xaxis.domain[1] < layout.xaxis2.domain[0]  # side by side, apart
    assert tuple(layout.xaxis.range) == tuple(layout.xaxis2.range)
    assert [a.text for a in layout.annotations][:2] == ["<b>Bristol</b>", "<b>Barking and Dagenham</b>"]
    assert chart.takeaway.startswith("Money in funds — Bristol: £1.37m")
    assert chart.table["View"].nunique() == 2


@pytest.mark.parametrize("name", [name for name in catalogue.CATALOGUE if not name.endswith("map")])
def test_both_sides_share_their_value_scales(db, name):
    compared = catalogue.build_comparison(name, db, BRISTOL_AND_BARKING)
    if compared.left.is_empty or compared.right.is_empty:
        return
    left, right = compared.left.figure.layout, compared.right.figure.layout
    for axis in ("xaxis", "yaxis"):
        if left[axis].type != "category" and left[axis].range is not None:
            assert tuple(left[axis].range) == tuple(right[axis].range), axis
            assert left[axis].tickvals == right[axis].tickvals, axis
    heat = [[t.zmax for t in chart.figure.data if t.type == "heatmap"] for chart in (compared.left,
                                                                                      compared.right)]
    assert heat[0] == heat[1]


def test_the_money_scale_is_the_larger_sides(db):
    compared = catalogue.build_comparison("money_by_place", db, BRISTOL_AND_BARKING)
    bristol = catalogue.build("money_by_place", db, Filters((BRISTOL,)))
    assert tuple(compared.right.figure.layout.xaxis.range) == tuple(bristol.figure.layout.xaxis.range)


def test_the_difference_in_words(db):
    compared = catalogue.build_comparison("money_by_place", db, BRISTOL_AND_BARKING)
    assert compared.labels == ("Bristol", "Barking and Dagenham")
    assert compared.words == ("Money in funds — Bristol: £1.37m, 37% more than Barking and Dagenham's £1m; "
                              "per head, £2.77 in Bristol against £4.20 in Barking and Dagenham.")
    assert catalogue.build_comparison("participatory_part", db, BRISTOL_AND_BARKING).difference == \
        "Money decided by communities — Bristol: £1.37m, 2.7 times Barking and Dagenham's £500k."


def test_a_place_beside_the_area_that_holds_it_says_so(db):
    inside = catalogue.build_comparison("fund_sizes", db, Filters((BRISTOL,)).compared_with((SOUTH_WEST,)))
    assert inside.contains == "Bristol is part of South West: South West counts Bristol too."
    outside = catalogue.build_comparison("fund_sizes", db, Filters((SOUTH_WEST,)).compared_with((BRISTOL,)))
    assert outside.contains == "Bristol is part of South West: South West counts Bristol too."
    everywhere = catalogue.build_comparison("fund_sizes", db, Filters((BRISTOL,)).compared_with())
    assert everywhere.labels == ("Bristol", "all areas")
    assert everywhere.contains == "All areas include Bristol."
    apart = catalogue.build_comparison("fund_sizes", db, BRISTOL_AND_BARKING)
    assert apart.contains == ""


def test_the_table_says_which_view_each_row_is_from(db):
    compared = catalogue.build_comparison("money_by_place", db, BRISTOL_AND_BARKING)
    assert list(compared.table["View"]) == ["Bristol", "Barking and Dagenham"]
    assert list(compared.table.columns[1:]) == list(compared.left.table.columns)


def test_every_chart_names_its_measure():
    assert set(MEASURES) == set(catalogue.CATALOGUE)


def test_the_cached_comparison_is_the_one_on_a_cursor(seed_store, db):
    version = catalogue.reader(str(seed_store)).version
    cached = catalogue.compare("money_by_place", BRISTOL_AND_BARKING, str(seed_store), version)
    assert cached is catalogue.compare("money_by_place", BRISTOL_AND_BARKING, str(seed_store), version)
    built = catalogue.build_comparison("money_by_place", db, BRISTOL_AND_BARKING)
    assert (cached.words, cached.labels) == (built.words, built.labels)
    # a single read of a filter holding a comparison is the view alone, kept once
    assert catalogue.chart("money_by_place", BRISTOL_AND_BARKING, str(seed_store), version) is \
        catalogue.chart("money_by_place", Filters((BRISTOL,)), str(seed_store), version)


def test_the_tables_download_says_which_view_each_row_is_from(db):
    from dash.export.tables import csv_bytes

    chart = catalogue.build_comparison("money_by_place", db, BRISTOL_AND_BARKING).as_chart()
    lines = csv_bytes(chart.table).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("View,Place,") and lines[1].startswith("Bristol,Bristol,")
    assert lines[2].startswith("Barking and Dagenham,Barking and Dagenham,")


def test_a_share_chart_counts_the_panels_it_draws(db):
    """The lived-experience charts draw only panels stating a share: their sentence counts those, never
    every panel (it said 'the same in Bristol as in Barking and Dagenham: 3 panels' above a side where
    no panel states a share)."""
    for name in ("lived_experience_shares", "share_against_fund_size", "share_against_target"):
        assert catalogue.build_comparison(name, db, BRISTOL_AND_BARKING).difference == (
            "Panels stating a lived-experience share — Bristol: 2 panels; Barking and Dagenham: none.")
    assert catalogue.build_comparison("pay_and_training", db, BRISTOL_AND_BARKING).difference == (
        "Panels — the same in Bristol as in Barking and Dagenham: 3 panels.")
