import datetime as dt

import pytest

from dash.filters import LINK_CHARS, LINK_VALUES, Filters, within_bounds

KNOWN = {"E06000023": "E06000023", "bristol": "E06000023", "E09000002": "E09000002"}


def _resolve(text: str) -> str | None:
    return KNOWN.get(text) or KNOWN.get(text.lower())


def test_round_trip_through_the_url():
    filters = Filters(
        ("E06000023", "E09000002"), dt.date(2022, 1, 1), dt.date(2022, 12, 31), ("org-quartet",)
    )
    query = filters.to_query()
    assert query == {"locality": ["E06000023", "E09000002"], "from": "2022-01-01", "to": "2022-12-31",
                     "org": ["org-quartet"]}
    params = {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    parsed, problems = Filters.from_query(params, _resolve, ["org-quartet"])
    assert parsed == filters and problems == []


def test_empty_filter_means_everything():
    assert Filters().to_query() == {}
    assert Filters().sql_params() == {"localities": None, "date_from": None, "date_to": None,
                                      "organisations": None, "include_suggestions": True}


def test_counting_accepted_codes_only_is_in_the_link_and_back():
    accepted_only = Filters(("E06000023",), suggestions=False)
    assert accepted_only.to_query() == {"locality": ["E06000023"], "codes": "accepted"}
    assert Filters.from_query({"codes": ["accepted"]}, _resolve) == (Filters(suggestions=False), [])
    parsed, problems = Filters.from_query({"codes": ["everything"]}, _resolve)
    assert parsed == Filters()
    assert problems == ["'everything' as the codes to count (only 'accepted' is known)"]


def test_names_are_accepted_and_unknowns_reported():
    parsed, problems = Filters.from_query(
        {"locality": ["Bristol", "E06000023", "Atlantis"], "from": ["next week"], "org": ["org-x"]},
        _resolve, [],
    )
    assert parsed.localities == ("E06000023",)  # the name and the code are the same place
    assert parsed.date_from is None and parsed.organisations == ()
    assert problems == ["no place called 'Atlantis'", "no organisation 'org-x'",
                        "'next week' is not a date (use YYYY-MM-DD)"]


def test_values_longer_than_any_place_are_not_looked_up():
    """A 100 KB ?locality= is answered with its length, never looked up, parsed or quoted back."""
    looked_up: list[str] = []

    def resolve(text: str) -> str | None:
        looked_up.append(text)
        return _resolve(text)

    parsed, problems = Filters.from_query(
        {"locality": ["x" * 100_000, "Bristol"], "from": ["9" * 100_000], "org": ["o" * 5000] * 2},
        resolve, [],
    )
    assert parsed == Filters(("E06000023",))
    assert looked_up == ["Bristol"]
    assert problems == ["a place 100,000 characters long", "2 organisations longer than 200 characters",
                        "a date 100,000 characters long"]


def test_a_link_naming_more_places_than_it_may_is_read_to_its_limit():
    parsed, problems = Filters.from_query({"locality": ["Bristol"] + ["Atlantis"] * (LINK_VALUES + 10)},
                                          _resolve, [])
    assert parsed.localities == ("E06000023",)
    assert problems[0] == (f"{LINK_VALUES + 11} places, more than the {LINK_VALUES} a link may name "
                           f"(the first {LINK_VALUES} were read)")
    assert len(problems) == 1 + LINK_VALUES - 1  # the Atlantises among the first 50, one sentence each


def test_within_bounds_keeps_what_fits():
    assert within_bounds(["a", "b" * 201], ("a place", "places")) == (["a"], ["a place 201 characters long"])
    assert within_bounds(["a" * 300], ("a list", "lists"), chars=LINK_CHARS * 2) == (["a" * 300], [])


# A second view beside the first: ?compare= (places, or "all"), ?compare_from=, ?compare_to=, ?compare_org=


def _params(query: dict) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


def test_a_comparison_goes_into_the_link_and_back():
    filters = Filters(("E06000023",), dt.date(2024, 1, 1)).compared_with(
        ("E09000002",), dt.date(2023, 1, 1), dt.date(2023, 12, 31), ("org-quartet",))
    query = filters.to_query()
    assert query == {"locality": ["E06000023"], "from": "2024-01-01", "compare": ["E09000002"],
                     "compare_from": "2023-01-01", "compare_to": "2023-12-31", "compare_org": ["org-quartet"]}
    assert Filters.from_query(_params(query), _resolve, ["org-quartet"]) == (filters, [])


def test_beside_every_area_is_said_as_all():
    filters = Filters(("E06000023",)).compared_with()
    assert filters.to_query() == {"locality": ["E06000023"], "compare": ["all"]}
    assert Filters.from_query({"locality": ["Bristol"], "compare": ["all"]}, _resolve) == (filters, [])
    assert Filters.from_query({"compare": ["ALL"]}, _resolve) == (Filters().compared_with(), [])


def test_each_side_is_a_filter_of_its_own():
    day = dt.date(2025, 1, 1)
    filters = Filters(("E06000023",), suggestions=False, since=day).compared_with(("E09000002",))
    assert filters.alone == Filters(("E06000023",), suggestions=False, since=day)
    assert filters.other == Filters(("E09000002",), suggestions=False, since=day)
    assert filters.sql_params() == filters.alone.sql_params()  # queries never read the comparison
    assert Filters().other is None and Filters().alone == Filters()


@pytest.mark.parametrize(("query", "says"), [
    ({"compare": ["Atlantis"]}, "no place called 'Atlantis' to compare with"),
    ({"compare": ["x" * 10_000]}, "a place to compare with 10,000 characters long"),
    ({"compare": ["Bristol'; DROP TABLE funds; --"]},
     "no place called 'Bristol'; DROP TABLE funds; --' to compare with"),
    ({"compare_from": ["next week"]}, "'next week' is not a date (use YYYY-MM-DD)"),
    ({"compare_org": ["org-x"]}, "no organisation 'org-x' to compare with"),
    # a place that is not there is never read as "every area", whatever else the link compares
    ({"compare": ["Atlantis"], "compare_from": ["2023-01-01"]}, "no place called 'Atlantis' to compare with"),
    ({"compare": ["x" * 10_000], "compare_to": ["2023-01-01"]},
     "a place to compare with 10,000 characters long"),
])
def test_a_comparison_the_link_cannot_give_is_one_sentence_and_none_is_shown(query, says):
    parsed, problems = Filters.from_query({"locality": ["Bristol"], **query}, _resolve, ["org-quartet"])
    assert parsed == Filters(("E06000023",)) and parsed.compare is None
    assert problems == [says]


def test_what_can_be_compared_is_kept_and_the_rest_said():
    parsed, problems = Filters.from_query({"compare": ["Atlantis", "Bristol"], "compare_org": ["org-x"]},
                                          _resolve, ["org-quartet"])
    assert parsed == Filters().compared_with(("E06000023",))
    assert problems == ["no place called 'Atlantis' to compare with",
                        "no organisation 'org-x' to compare with"]
