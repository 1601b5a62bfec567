"""Comparing two views on the pages: opened from a link (?compare=) or the sidebar's "Compare with…",
every chart is shown for both views side by side with the difference in words, the headline figures
show both and their differences, the link keeps both views, and "Stop comparing" ends it."""

from __future__ import annotations

import pytest

from tests.support.apptest import all_text, page_path, shown, url_values

BRISTOL_AND_BARKING = {"locality": "Bristol", "compare": "Barking and Dagenham"}


def _open(app_test, query, page=None):
    test = app_test(query)
    if page:
        test.switch_page(page_path(page))
    test.run()
    assert not test.exception, test.exception
    return test


def test_a_link_opens_the_overview_with_both_views_and_their_differences(app_test):
    test = _open(app_test, BRISTOL_AND_BARKING)
    text = all_text(test)
    assert "Money in funds — Bristol: £1.37m, 37% more than Barking and Dagenham's £1m." in text
    assert "Money in funds: £1.37m" in text and "Money in funds: £1m" in text  # both views' figures
    assert "beside it," in text and "in Barking and Dagenham" in text  # the coverage line says both
    assert test.toggle(key="compare_on").value is True
    assert test.multiselect(key="compare_locality").value == ["E09000002"]
    assert url_values(test, "compare") == ["E09000002"] and url_values(test, "locality") == ["E06000023"]


def test_each_chart_is_shown_for_both_views_side_by_side(app_test):
    test = _open(app_test, BRISTOL_AND_BARKING, "funds.py")
    assert len(test.get("plotly_chart")) >= 2
    text = all_text(test)
    assert "Money decided by communities — Bristol: £1.37m, 2.7 times Barking and Dagenham's £500k." in text
    assert "Barking and Dagenham" in [shown(str(m.value)).strip("*") for m in test.markdown]


def test_a_place_beside_the_area_holding_it_is_said(app_test):
    test = _open(app_test, {"locality": "Bristol", "compare": "South West"}, "funds.py")
    assert "Bristol is part of South West: South West counts Bristol too." in all_text(test)


def test_the_sidebar_compares_and_stops(app_test):
    test = _open(app_test, {"locality": "Bristol"}, "funds.py")
    assert "compare" not in test.query_params
    test.toggle(key="compare_on").set_value(True).run()
    test.multiselect(key="compare_locality").set_value(["E09000002"]).run()
    assert not test.exception, test.exception
    assert url_values(test, "compare") == ["E09000002"]
    assert "37% more than Barking and Dagenham's £1m" in all_text(test)
    test.button(key="compare_stop").click().run()
    assert "compare" not in test.query_params
    assert "more than Barking" not in all_text(test)
    assert test.toggle(key="compare_on").value is False


def test_beside_every_area_is_in_the_link(app_test):
    test = _open(app_test, {"locality": "Bristol", "compare": "all"})
    assert url_values(test, "compare") == ["all"]
    assert "All areas include Bristol." in all_text(test)


@pytest.mark.parametrize("page", ["panels.py", "themes.py", "meetings.py", "grants.py", "map.py",
                                  "present.py"])
def test_every_page_draws_a_comparison(app_test, page):
    test = _open(app_test, BRISTOL_AND_BARKING, page)
    written = [shown(str(m.value)) for m in test.markdown]
    # the other view's name heads its side (the Grants page, with no grants in the seed: its totals)
    assert any("Barking and Dagenham" in line and len(line) < 60 for line in written), written
    if page != "grants.py":
        assert any(" — " in line and "Barking and Dagenham" in line for line in written)  # the difference
