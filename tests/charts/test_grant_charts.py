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
