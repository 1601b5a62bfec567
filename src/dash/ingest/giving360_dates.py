"""Dates written day first (``05/06/2014``), read as British dates when a person chooses so.

The 360Giving standard writes dates as ISO dates (2014-06-05), and a file that writes them day first
is refused, rightly: ``05/06/2014`` is 5 June in Britain and 6 May in America, and nothing in the
file says which. Real publishers write them so all the same (one of GrantNav's own test files, for
every grant), and a trustee refused has nothing. So the choice is offered and made by a person, never
guessed: every date field the schema knows, written day-month-year with ``/``, ``-`` or ``.``, is
read as that day, and the import records that it was (``dash.write.grants``). A date that does not
exist read day first (``07/24/2014``) is left as written, and refused as before.
"""

from __future__ import annotations

import datetime as dt
import re

from dash.ingest.giving360 import Row
from dash.ingest.giving360_schema import date_fields

DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def _day_first(value: object) -> dt.date | None:
    found = DAY_FIRST.match(value) if isinstance(value, str) else None
    if not found:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _rewrite(node: object, path: tuple[str, ...], date_alone: bool, change: bool) -> str | None:
    """Rewrite (when ``change``) the day-first dates at ``path`` under ``node``; the first one found."""
    if isinstance(node, list):
        found = None
        for item in node:
            found = _rewrite(item, path, date_alone, change) or found
        return found
    if not isinstance(node, dict) or not path:
        return None
    key, rest = path[0], path[1:]
    if rest:
        return _rewrite(node.get(key), rest, date_alone, change)
    written = node.get(key)
    day = _day_first(written)
    if day is None:
        return None
    if change:  # a date-and-time field gets the day's start, in UTC
        node[key] = day.isoformat() if date_alone else f"{day.isoformat()}T00:00:00Z"
    return str(written).strip()


def day_first_dates(rows: list[Row], *, change: bool) -> tuple[int, str | None]:
    """How many grants hold a date written day first, and the first such date as written; with
    ``change``, those dates are rewritten in place as the standard writes them."""
    grants, example = 0, None
    fields = date_fields()
    for row in rows:
        found = [_rewrite(row.grant, path, date_alone, change) for path, date_alone in fields.items()]
        written = next((value for value in found if value), None)
        if written:
            grants += 1
            if example is None or (not _telling(example) and _telling(written)):
                example = written  # one whose day and month differ shows how it is read
    return grants, example


def _telling(written: str) -> bool:
    day = _day_first(written)
    return day is not None and day.day != day.month


def as_british(written: str) -> str:
    """'05/06/2014' → '5 June 2014', as the choice reads it."""
    day = _day_first(written)
    return f"{day.day} {day:%B %Y}" if day else written
