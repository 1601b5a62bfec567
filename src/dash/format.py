"""The one place that turns numbers and dates into the words trustees read.

Money is written the British way, short enough for a chart label (£1.3m, £60k,
£14,000), with an exact form for hover text and tables (£1,300,000).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal

Number = int | float | Decimal
MISSING = frozenset({"", "not stated"})  # how a table writes a value the sources do not give
_MONEY_EXACT = re.compile(r"^(-?)£(\d{1,3}(?:,\d{3})*)(\.\d{2})?$")
_PERCENT = re.compile(r"^(\d{1,3})%$")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _three_figures(value: float) -> str:
    """Up to three significant figures, never in exponent form, no trailing zeros."""
    if not value:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    digits = max(0, 2 - exponent)
    text = f"{round(value, 2 - exponent):.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(value: Number | None, missing: str = "not stated") -> str:
    """Short British money: £14,000 below £20k, then £60k, £1.3m, £2.1bn."""
    if _is_missing(value):
        return missing
    amount = float(value)  # type: ignore[arg-type]
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 2e4:
        amount = float(_three_figures(amount))  # round first, so 999,999 reads £1m, not £1000k
        for threshold, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
            if amount >= threshold:
                return f"{sign}£{_three_figures(amount / threshold)}{suffix}"
    return f"{sign}£{amount:,.0f}"


def money_labels(values: Iterable[Number | None], missing: str = "not stated") -> list[str]:
    """Short money for the labels of one chart, all in one style: when any is £20k or more, sums
    from £1,000 are written in thousands too (£14k beside £60k and £1.3m, never £14,000 there)."""
    amounts = list(values)
    large = any(not _is_missing(v) and abs(float(v)) >= 2e4 for v in amounts)  # type: ignore[arg-type]
    if not large:
        return [money(v, missing) for v in amounts]
    labels = []
    for value in amounts:
        if not _is_missing(value) and 1e3 <= abs(float(value)) < 2e4:  # type: ignore[arg-type]
            sign = "-" if float(value) < 0 else ""  # type: ignore[arg-type]
            labels.append(f"{sign}£{_three_figures(abs(float(value)) / 1e3)}k")  # type: ignore[arg-type]
        else:
            labels.append(money(value, missing))
    return labels


def money_exact(value: Number | None, missing: str = "not stated") -> str:
    """Exact pounds with thousands separators, pence only when there are any."""
    if _is_missing(value):
        return missing
    amount = float(value)  # type: ignore[arg-type]
    if amount == round(amount):
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def money_value(text: str) -> float | None:
    """The pounds ``money_exact`` wrote ('£1,300,000' → 1300000.0), or None for other text: a table's
    download gives spreadsheets numbers (``dash.export.tables``)."""
    found = _MONEY_EXACT.match(text.strip())
    if not found:
        return None
    sign, pounds, pence = found.groups()
    return float(f"{sign}{pounds.replace(',', '')}{pence or ''}")


def share_value(text: str) -> float | None:
    """The share ``percent`` wrote ('40%' → 0.4), or None for other text."""
    found = _PERCENT.match(text.strip())
    return int(found.group(1)) / 100 if found else None


def percent(share: float | None, missing: str = "not stated") -> str:
    """A 0–1 share as a whole percentage (0.4 → 40%)."""
    if _is_missing(share):
        return missing
    return f"{float(share) * 100:.0f}%"  # type: ignore[arg-type]


def long_date(value: dt.date | str | None, missing: str = "date not stated") -> str:
    """9 February 2022: day without a leading zero, month in full."""
    if value is None or value != value:  # None, NaN and pandas' NaT
        return missing
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value.day} {value:%B %Y}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 fund', '3 funds'."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"
