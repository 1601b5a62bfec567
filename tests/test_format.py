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
