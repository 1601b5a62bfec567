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


_AXIS_UNITS = ((1e9, "bn", ",,,"), (1e6, "m", ",,"), (1e3, "k", ","))


def _axis_unit(value: float, large: bool) -> tuple[float, str, str] | None:
    """The unit a tick is written in (as ``money_labels`` would), or None for plain pounds."""
    for threshold, suffix, scale in _AXIS_UNITS:
        if value >= threshold and (large or threshold > 1e3):
            return threshold, suffix, scale
    return None


def _decimals(values: Iterable[float]) -> int:
    """The fewest decimals (at most two) that write every value exactly."""
    values = list(values)
    return next((d for d in (0, 1) if all(abs(v - round(v, d)) < 1e-9 for v in values)), 2)


def _axis_plan(ticks: Iterable[Number]) -> list[tuple[tuple[float, str, str] | None, int]]:
    """For each unit an axis uses, largest first, the decimals every tick in it needs."""
    values = [abs(float(t)) for t in ticks]  # type: ignore[arg-type]
    large = any(v >= 2e4 for v in values)
    units: dict[tuple[float, str, str] | None, list[float]] = {}
    for value in sorted(values, reverse=True):
        if value:
            unit = _axis_unit(value, large)
            units.setdefault(unit, []).append(value / (unit[0] if unit else 1))
    return [(unit, _decimals(scaled) if unit else 0) for unit, scaled in units.items()]


def axis_money_labels(ticks: Iterable[Number]) -> list[str]:
    """The labels of one money axis: in units as ``money_labels`` chooses them, each unit written
    with one number of decimals for the whole axis (£1.0m, £1.5m, £2.0m; never £1m beside £1.5m),
    as government statistics' style guidance asks of an axis. ``axis_money_format`` writes the same
    labels as a number format, so a slide's axis reads as the screen's does."""
    values = [abs(float(t)) for t in ticks]  # type: ignore[arg-type]
    decimals = dict(_axis_plan(values))
    large = any(v >= 2e4 for v in values)
    labels = []
    for value in values:
        unit = _axis_unit(value, large) if value else None
        if unit is None:
            labels.append(f"£{value:,.0f}")
        else:
            labels.append(f"£{value / unit[0]:.{decimals[unit]}f}{unit[1]}")
    return labels


def axis_money_format(ticks: Iterable[Number]) -> str:
    """``axis_money_labels`` as a number format PowerPoint and LibreOffice apply themselves (a
    format holds two conditions and a default: an axis from £0 in round steps never needs more)."""
    sections = []
    for unit, decimals in _axis_plan(ticks):
        if unit is not None:
            threshold, suffix, scale = unit
            digits = "0" + ("." + "0" * decimals if decimals else "")
            sections.append(f'[>={threshold:.0f}]£{digits}{scale}"{suffix}"')
    return ";".join([*sections[:2], "£#,##0"])


def money_exact(value: Number | None, missing: str = "not stated") -> str:
    """Exact pounds with thousands separators, pence only when there are any."""
    if _is_missing(value):
        return missing
    amount = float(value)  # type: ignore[arg-type]
    if amount == round(amount):
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def per_head(value: Number | None, missing: str = "not stated") -> str:
    """Pounds a head: pence below £100 (£0.04, £2.77), then as ``money`` (£142, £1,300); 'under 1p'
    for a sum too small to write in pence, so a district that got something never reads £0.00."""
    if _is_missing(value):
        return missing
    amount = float(value)  # type: ignore[arg-type]
    if amount == 0:
        return "£0"
    if abs(amount) < 0.005:
        return "under 1p"
    if abs(amount) < 100:
        return f"£{amount:,.2f}"
    return money(amount)


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


def megabytes(size: int) -> str:
    """A file's size in the words of a refusal: '250 MB', '4.0 MB'."""
    return f"{size / 1_000_000:,.0f} MB" if size >= 10_000_000 else f"{size / 1_000_000:,.1f} MB"
