"""The one filter definition: what a trustee has picked, in the sidebar, the URL and the SQL.

A ``Filters`` value is parsed from the URL (``?locality=E06000023&from=2022-01-01``),
written back to it, and handed to every query, which binds its fields as parameters. It holds
every choice of what to count, not only where and when: whether theme counts include the rules'
suggestions nobody has reviewed yet (``?codes=accepted`` counts accepted codes only), and the day the
"Since we last met" page counts changes from (``?since=2025-03-12``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

LOCALITY, DATE_FROM, DATE_TO, ORGANISATION, CODES = "locality", "from", "to", "org", "codes"
SINCE = "since"  # the "Since we last met" page's date: changes from the start of that day
ACCEPTED_ONLY = "accepted"  # the one value of ?codes=: without it, suggestions count too
_WORDS = {LOCALITY: ("a place", "places"), ORGANISATION: ("an organisation", "organisations"),
          DATE_FROM: ("a date", "dates"), DATE_TO: ("a date", "dates"),
          CODES: ("a way of counting codes", "ways of counting codes"), SINCE: ("a date", "dates")}


# The most a link may ask of a page, checked before any value is parsed or looked up: a place's name
# is under 60 characters and an id under 30, so a longer value is no place, and a page reads none of it
# (a 100 KB ?locality= kept a browser tab busy for minutes quoting it back). A list of chart names is
# the one longer value (LINK_LIST_CHARS).
LINK_CHARS = 200
LINK_LIST_CHARS = 2_000
LINK_VALUES = 50


def within_bounds(values: Iterable[str], what: tuple[str, str], chars: int = LINK_CHARS
                  ) -> tuple[list[str], list[str]]:
    """The values of one link parameter that a page may read, and what was left out, in words
    (``what`` names one and several: ``("a place", "places")``). At most LINK_VALUES values are
    read, each at most ``chars`` long; nothing longer is parsed, looked up or quoted back."""
    values = list(values)
    problems = []
    if len(values) > LINK_VALUES:
        problems.append(f"{len(values):,} {what[1]}, more than the {LINK_VALUES} a link may name (the first "
                        f"{LINK_VALUES} were read)")
        values = values[:LINK_VALUES]
    too_long = [value for value in values if len(value) > chars]
    if len(too_long) == 1:
        problems.append(f"{what[0]} {len(too_long[0]):,} characters long")
    elif too_long:
        problems.append(f"{len(too_long)} {what[1]} longer than {chars:,} characters")
    return [value for value in values if len(value) <= chars], problems


@dataclass(frozen=True)
class Filters:
    """Localities (each including everything inside it), a period, organisations, and whether theme
    counts include unreviewed suggestions (by default they do, drawn apart from accepted codes, so a
    reviewer's first decision makes the counts more certain rather than emptying them)."""

    localities: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    organisations: tuple[str, ...] = ()
    suggestions: bool = True
    since: dt.date | None = None  # what changed from this day on; None: since the last meeting

    @property
    def has_period(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def sql_params(self) -> dict[str, object]:
        """Named parameters for the queries: an empty choice is NULL, meaning 'everything'."""
        return {
            "localities": list(self.localities) or None,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "organisations": list(self.organisations) or None,
            "include_suggestions": self.suggestions,
        }

    def to_query(self) -> dict[str, list[str] | str]:
        """The URL's query parameters for this filter (repeated keys for several values)."""
        query: dict[str, list[str] | str] = {}
        if self.localities:
            query[LOCALITY] = list(self.localities)
        if self.date_from:
            query[DATE_FROM] = self.date_from.isoformat()
        if self.date_to:
            query[DATE_TO] = self.date_to.isoformat()
        if self.organisations:
            query[ORGANISATION] = list(self.organisations)
        if not self.suggestions:
            query[CODES] = ACCEPTED_ONLY
        if self.since:
            query[SINCE] = self.since.isoformat()
        return query

    @classmethod
    def from_query(
        cls,
        params: Mapping[str, Iterable[str]],
        resolve_locality: Callable[[str], str | None],
        known_organisations: Iterable[str] = (),
    ) -> tuple[Filters, list[str]]:
        """Parse URL parameters; return the filter and what could not be understood.

        A locality may be an ONS code or a readable name ("Bristol"); ``resolve_locality``
        turns either into an id. Unknown values are reported, not silently kept.
        """
        problems: list[str] = []
        read: dict[str, list[str]] = {}
        for key, what in _WORDS.items():  # bounded before anything is parsed
            read[key], left_out = within_bounds(params.get(key, ()), what)
            problems += left_out
        localities: list[str] = []
        for value in read[LOCALITY]:
            resolved = resolve_locality(value)
            if resolved is None:
                problems.append(f"no place called '{value}'")
            elif resolved not in localities:
                localities.append(resolved)
        organisations_known = set(known_organisations)
        organisations = []
        for value in read[ORGANISATION]:
            if value in organisations_known:
                organisations.append(value)
            else:
                problems.append(f"no organisation '{value}'")
        dates: dict[str, dt.date | None] = {}
        for key in (DATE_FROM, DATE_TO, SINCE):
            values = read[key]
            dates[key] = None
            if values:
                try:
                    dates[key] = dt.date.fromisoformat(values[0])
                except ValueError:
                    problems.append(f"'{values[0]}' is not a date (use YYYY-MM-DD)")
        codes = read[CODES]
        if codes and codes[0] != ACCEPTED_ONLY:
            problems.append(f"'{codes[0]}' as the codes to count (only '{ACCEPTED_ONLY}' is known)")
        return cls(tuple(localities), dates[DATE_FROM], dates[DATE_TO], tuple(organisations),
                   suggestions=codes[:1] != [ACCEPTED_ONLY], since=dates[SINCE]), problems
