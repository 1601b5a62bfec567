"""Parsers for the values people type into spreadsheets, with messages they can act on.

Each parser takes the cell's text (already stripped, never empty) and returns
the value to store, or raises ``ValueError`` with a sentence that says what is
wrong and what would be right.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from dash.format import money_exact
from dash.ingest import limits
from dash.ingest.text import clean
from dash.safe import visible, web_link

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


def text(cell: str) -> str:
    """Free text, cleared of control characters and no longer than a spreadsheet cell."""
    if len(cell) > limits.CELL_CHARS:
        raise ValueError(f"holds {limits.count(len(cell))} characters, more than the "
                         f"{limits.count(limits.CELL_CHARS)} a cell may")
    return clean(cell)


def web_address(cell: str) -> str:
    """A source's address, the one kind of link the app draws: a plain http(s) address, nothing else
    (no ``javascript:``, no ``data:``, no Markdown around it)."""
    if web_link(cell) is None or len(cell) > 2_000:
        raise ValueError(f"'{cell[:80]}' is not a web address the dashboard can link to: give the whole "
                         "address, starting https:// (or http://), with no spaces")
    return cell


def identifier(cell: str) -> str:
    if not _ID.match(cell):
        raise ValueError(
            f"'{visible(cell)}' is not a usable id: use letters, digits and hyphens, with no spaces"
        )
    return cell


def id_list(cell: str) -> list[str]:
    return [identifier(part.strip()) for part in cell.split(";") if part.strip()]


def iso_date(cell: str) -> dt.date:
    try:
        return dt.date.fromisoformat(cell)
    except ValueError:
        raise ValueError(f"'{cell}' is not a date: write it as YYYY-MM-DD, e.g. 2022-02-09") from None


PENNY = Decimal("0.01")


def pounds(cell: str) -> Decimal:
    cleaned = cell.replace("£", "").replace(",", "").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{visible(cell, 30)}' is not an amount in pounds: write it as 14000 or £14,000"
                         ) from None
    if not amount.is_finite():
        raise ValueError(f"'{visible(cell, 30)}' is not an amount in pounds")
    if amount >= limits.MONEY_LIMIT:
        raise ValueError(f"'{cell[:30]}' is £1 trillion or more, beyond any fund "
                         "(and what the store can hold)")
    if amount < 0:
        raise ValueError(f"{money_exact(amount)} is negative: amounts must be zero or more")
    if amount != amount.quantize(PENNY):  # the store keeps pence: 0.001 would become £0.00 unsaid
        raise ValueError(f"'{visible(cell, 30)}' is a part of a penny: write pounds and pence, such as "
                         "14000 or 14000.50")
    return amount


def share(cell: str) -> float:
    """A share as '40%' or as a fraction '0.4'; either way stored as 0.4."""
    is_percent = cell.endswith("%")
    number = cell.rstrip("%").strip()
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"'{cell[:30]}' is not a share: write it as a percentage such as 40%") from None
    if value != value:  # NaN
        raise ValueError(f"'{cell[:30]}' is not a share: write it as a percentage such as 40%")
    fraction = value / 100 if is_percent else value
    if not 0 <= fraction <= 1:
        shown = cell if is_percent else f"{value:g}"
        raise ValueError(f"{shown} is outside 0–100%: a share cannot be more than the whole")
    return fraction


def positive_whole_number(cell: str) -> int:
    try:
        value = int(cell.replace(",", ""))
    except ValueError:
        raise ValueError(f"'{cell}' is not a whole number") from None
    if value <= 0:
        raise ValueError(f"{value} must be more than zero")
    if value > limits.WHOLE_NUMBER:
        raise ValueError(f"{cell[:30]} is more than {limits.count(limits.WHOLE_NUMBER)}: check the number")
    return value


def whole_number(cell: str) -> int:
    """A count that may be none at all (members with lived experience): 0 or more."""
    if cell.strip() in ("0", "none"):
        return 0
    return positive_whole_number(cell)


def yes_no(cell: str) -> bool:
    lowered = cell.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"'{cell}' should be yes or no (leave it empty when the source does not say)")
