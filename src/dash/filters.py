"""The one filter definition: what a trustee has picked, in the sidebar, the URL and the SQL.

A ``Filters`` value is parsed from the URL (``?locality=E06000023&from=2022-01-01``),
written back to it, and handed to every query, which binds its fields as parameters. It holds
every choice of what to count, not only where and when: whether theme counts include the rules'
suggestions nobody has reviewed yet (``?codes=accepted`` counts accepted codes only), and the day the
"Since we last met" page counts changes from (``?since=2025-03-12``). A second view to show beside it
(``compare``: its own area, period and organisation) is in the link too: ``?compare=Leeds`` (or
``?compare=all`` for every area), ``&compare_from=``, ``&compare_to=``, ``&compare_org=``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

LOCALITY, DATE_FROM, DATE_TO, ORGANISATION, CODES = "locality", "from", "to", "org", "codes"
SINCE = "since"  # the "Since we last met" page's date: changes from the start of that day
ACCEPTED_ONLY = "accepted"  # the one value of ?codes=: without it, suggestions count too
# The view beside this one: its places (or EVERY_AREA), period and organisations.
COMPARE, COMPARE_FROM, COMPARE_TO, COMPARE_ORG = "compare", "compare_from", "compare_to", "compare_org"
EVERY_AREA = "all"  # ?compare=all: beside every area (no place is called "all")
_WORDS = {LOCALITY: ("a place", "places"), ORGANISATION: ("an organisation", "organisations"),
          DATE_FROM: ("a date", "dates"), DATE_TO: ("a date", "dates"),
          CODES: ("a way of counting codes", "ways of counting codes"), SINCE: ("a date", "dates"),
          COMPARE: ("a place to compare with", "places to compare with"),
          COMPARE_ORG: ("an organisation to compare with", "organisations to compare with"),
          COMPARE_FROM: ("a date to compare from", "dates to compare from"),
          COMPARE_TO: ("a date to compare to", "dates to compare to")}


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
    # The view shown beside this one (its places, period and organisations; the rest as this one's),
    # or None. Queries never read it: each side is read as a filter of its own (``sides``).
    compare: Filters | None = None

    @property
    def has_period(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    @property
    def alone(self) -> Filters:
        """This view without the one beside it: what every single read is keyed and run on, so a
        comparison's left side is exactly the view on its own."""
        return self if self.compare is None else replace(self, compare=None)

    @property
    def other(self) -> Filters | None:
        """The view beside this one as a filter of its own (counting codes and "since" as this one
        does), or None when nothing is compared."""
        if self.compare is None:
            return None
        return replace(self.compare, suggestions=self.suggestions, since=self.since, compare=None)

    def compared_with(self, localities: Iterable[str] = (), date_from: dt.date | None = None,
                      date_to: dt.date | None = None, organisations: Iterable[str] = ()) -> Filters:
        """This view with a second one beside it: its own places, period and organisations."""
        other = Filters(tuple(localities), date_from, date_to, tuple(organisations))
        return replace(self, compare=replace(other, suggestions=self.suggestions, since=self.since))

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
        if self.compare is not None:  # ?compare= always says a comparison is shown, if only "all"
            query[COMPARE] = list(self.compare.localities) or [EVERY_AREA]
            if self.compare.date_from:
                query[COMPARE_FROM] = self.compare.date_from.isoformat()
            if self.compare.date_to:
                query[COMPARE_TO] = self.compare.date_to.isoformat()
            if self.compare.organisations:
                query[COMPARE_ORG] = list(self.compare.organisations)
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
        localities = _places(read[LOCALITY], resolve_locality, problems)
        organisations_known = set(known_organisations)
        organisations = _organisations(read[ORGANISATION], organisations_known, problems)
        dates: dict[str, dt.date | None] = {}
        for key in (DATE_FROM, DATE_TO, SINCE, COMPARE_FROM, COMPARE_TO):
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
        filters = cls(tuple(localities), dates[DATE_FROM], dates[DATE_TO], tuple(organisations),
                      suggestions=codes[:1] != [ACCEPTED_ONLY], since=dates[SINCE])
        if not any(params.get(key) for key in (COMPARE, COMPARE_FROM, COMPARE_TO, COMPARE_ORG)):
            return filters, problems
        # A comparison is shown only if the link names something to compare with that exists: a
        # place that is not there is never quietly read as "every area".
        asked_places = [value for value in read[COMPARE] if value.strip().lower() != EVERY_AREA]
        every_area = len(asked_places) < len(read[COMPARE])
        compare_places = _places(asked_places, resolve_locality, problems, " to compare with")
        compare_orgs = _organisations(read[COMPARE_ORG], organisations_known, problems, " to compare with")
        some = (every_area or compare_places or compare_orgs
                or dates[COMPARE_FROM] is not None or dates[COMPARE_TO] is not None)
        if not some or (params.get(COMPARE) and not (compare_places or every_area)):
            return filters, problems  # what was wrong is said above, one sentence each
        return filters.compared_with(compare_places, dates[COMPARE_FROM], dates[COMPARE_TO],
                                     compare_orgs), problems


def _places(values: list[str], resolve: Callable[[str], str | None], problems: list[str],
            purpose: str = "") -> list[str]:
    """The places ``values`` name, each once; a sentence in ``problems`` for each that names none."""
    found: list[str] = []
    for value in values:
        resolved = resolve(value)
        if resolved is None:
            problems.append(f"no place called '{value}'{purpose}")
        elif resolved not in found:
            found.append(resolved)
    return found


def _organisations(values: list[str], known: set[str], problems: list[str], purpose: str = "") -> list[str]:
    found = []
    for value in values:
        if value in known:
            found.append(value)
        else:
            problems.append(f"no organisation '{value}'{purpose}")
    return found
