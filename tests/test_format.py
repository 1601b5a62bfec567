import datetime as dt
from decimal import Decimal

import pytest

from dash import format as fmt


@pytest.mark.parametrize(("value", "expected"), [
    (14000, "£14,000"), (60000, "£60k"), (500000, "£500k"), (1300000, "£1.3m"),
    (1374000, "£1.37m"), (1000000, "£1m"), (999999, "£1m"), (19999, "£19,999"),
    (62500, "£62.5k"), (2_150_000_000, "£2.15bn"), (0, "£0"), (Decimal("1300000.00"), "£1.3m"),
    (None, "not stated"), (float("nan"), "not stated"),
])
def test_money_is_short_and_british(value, expected):
    assert fmt.money(value) == expected


def test_money_exact():
    assert fmt.money_exact(1300000) == "£1,300,000"
    assert fmt.money_exact(12.5) == "£12.50"


def test_dates_and_shares():
    assert fmt.long_date(dt.date(2022, 2, 9)) == "9 February 2022"
    assert fmt.long_date("2017-02-23") == "23 February 2017"
    assert fmt.long_date(None) == "date not stated"
    assert fmt.percent(0.4) == "40%"
    assert fmt.count(1, "fund") == "1 fund"
    assert fmt.count(3, "fund") == "3 funds"


@pytest.mark.parametrize(("ticks", "labels", "number_format"), [
    ([0, 5e5, 1e6, 1.5e6, 2e6], ["£0", "£500k", "£1.0m", "£1.5m", "£2.0m"],
     '[>=1000000]£0.0,,"m";[>=1000]£0,"k";£#,##0'),
    ([0, 2.5e5, 5e5, 7.5e5, 1e6, 1.25e6], ["£0", "£250k", "£500k", "£750k", "£1.00m", "£1.25m"],
     '[>=1000000]£0.00,,"m";[>=1000]£0,"k";£#,##0'),
    ([0, 1e6, 2e6, 3e6], ["£0", "£1m", "£2m", "£3m"], '[>=1000000]£0,,"m";£#,##0'),
    ([0, 5e3, 1e4, 1.5e4, 2e4, 2.5e4], ["£0", "£5k", "£10k", "£15k", "£20k", "£25k"],
     '[>=1000]£0,"k";£#,##0'),
    ([0, 2500, 5000, 7500, 10000], ["£0", "£2,500", "£5,000", "£7,500", "£10,000"], "£#,##0"),
    ([0, 5e8, 1e9, 1.5e9], ["£0", "£500m", "£1.0bn", "£1.5bn"],
     '[>=1000000000]£0.0,,,"bn";[>=1000000]£0,,"m";£#,##0'),
])
def test_a_money_axis_writes_each_unit_with_one_number_of_decimals(ticks, labels, number_format):
    """The screen's ticks and the slide's number format come from one rule, so they read alike."""
    assert fmt.axis_money_labels(ticks) == labels
    assert fmt.axis_money_format(ticks) == number_format
