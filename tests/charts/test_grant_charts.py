"""Grant chart builders on made-up frames: what is drawn, and what the note says was left out."""

from __future__ import annotations

import math

import pandas as pd

from dash.charts import grants as grant_charts
from dash.charts.base import MOST_BARS


def test_granted_against_funds_draws_the_largest_and_says_how_many_are_left_out():
    rows = pd.DataFrame({
        "fund": [f"Fund {n}" for n in range(45)],
        "fund_size": [float(100_000 + n) for n in range(45)],
        "granted": [float(1_000 * (45 - n)) for n in range(45)],
        "grants": [3] * 45,
    })
    chart = grant_charts.granted_against_funds(rows)
    drawn = chart.figure.data[1]  # the "Granted" bars
    assert len(drawn.y) == MOST_BARS
    assert drawn.y[-1] == "Fund 0" and max(drawn.x) == 45_000  # the largest at the top
    assert chart.note == f"The {MOST_BARS} largest of 45 funds are drawn; the table lists them all."
    assert len(chart.table) == 45
    assert chart.takeaway == "Fund 0 has granted £45k of its £100k."


def test_grants_map_outlines_are_arrays_with_gaps_between_rings():
    from dash.charts.maps import _outline

    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    two = {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [0, 0]]], [[[5, 5], [6, 5], [5, 5]]]]}
    xs, ys = _outline([{"geometry": square}, {"geometry": two}])
    assert len(xs) == len(ys) == 4 + 1 + 3 + 1 + 3 + 1
    assert [i for i, x in enumerate(xs) if math.isnan(x)] == [4, 8, 12]
    assert list(xs[9:12]) == [5.0, 6.0, 5.0]


def test_grants_with_no_place_are_said_apart_never_ranked_as_a_place():
    """Measured before: "No location given received the most: £14.3m in 292 grants"."""
    rows = pd.DataFrame({
        "place": ["Bristol", "Leeds", grant_charts.NO_LOCATION],
        "locality_id": ["E06000023", "E08000035", None],
        "grants": [40, 12, 292], "amount": [2_100_000.0, 600_000.0, 14_300_000.0],
    }).sort_values("amount", ascending=False)
    chart = grant_charts.by_group(rows, "place", "grants_by_place", "Where did the money go?", "Place")
    assert chart.takeaway == ("Bristol received the most: £2.1m in 40 grants; £14.3m in 292 grants gives "
                              "no place.")
    assert grant_charts.NO_LOCATION not in list(chart.figure.data[0].y)  # not a bar
    assert "Not drawn: £14.3m in 292 grants gives no place" in chart.note
    assert list(chart.table["Place"]) == ["Bristol", "Leeds", grant_charts.NO_LOCATION]  # counted, last
    nowhere = grant_charts.by_group(rows[rows["locality_id"].isna()], "place", "grants_by_place",
                                    "Where did the money go?", "Place")
    assert nowhere.is_empty and "£14.3m in 292 grants gives no place" in nowhere.takeaway
    assert list(nowhere.table["Place"]) == [grant_charts.NO_LOCATION]
