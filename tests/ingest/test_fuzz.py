"""Property-based fuzzing of the parsers: whatever the bytes, a parser returns or raises its one
``UserError`` with a sentence; it never fails in any other way."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dash.errors import UserError
from dash.ingest import values
from dash.ingest.giving360 import read_grants
from dash.ingest.giving360_checks import check_grants
from dash.ingest.notes import parse_notes
from dash.themes.codebook import load_codebook
from dash.themes.tagger import suggest

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PLACES = {"Bristol": "E06000023", "Bristol, City of": "E06000023", "North West London": "place-nwl"}

_LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "- ",
            "* ",
            "1. ",
            "# Key points",
            "£",
            "£1,000",
            "40% lived experience",
            "half of the panel",
            "Bristol",
            "<li>",
            "</ul>",
            "<html>",
            "&#0;",
            "\x00",
            "\x1b[2J",
            "9 March 2023",
            "31/02/2022",
            "Read More",
        ]
    ),
)
_WRITE_UP = st.lists(_LINE, max_size=30).map(lambda lines: "\n".join(lines))


@FUZZ
@given(st.one_of(st.binary(max_size=2000), _WRITE_UP.map(lambda s: s.encode("utf-8"))))
def test_write_up_parser(raw):
    try:
        parsed = parse_notes(raw, place_names=PLACES)
    except UserError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert parsed.key_points and all(point.strip() for point in parsed.key_points)
    assert all(m.value for m in parsed.mentions)


_JSON_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
_GRANT_KEYS = st.sampled_from(
    [
        "id",
        "title",
        "description",
        "currency",
        "amountAwarded",
        "awardDate",
        "recipientOrganization",
        "fundingOrganization",
        "beneficiaryLocation",
        "plannedDates",
        "grantProgramme",
        "recipientIndividual",
    ]
)
_GRANT = st.dictionaries(_GRANT_KEYS, _JSON_VALUE, max_size=12)


def _read_and_check(raw: bytes, name: str) -> None:
    try:
        rows, _, _ = read_grants(raw, name)
        check_grants(rows)
    except UserError as error:
        assert str(error)


@FUZZ
@given(st.one_of(st.lists(_GRANT, max_size=5).map(lambda grants: {"grants": grants}), _JSON_VALUE))
def test_360giving_json(document):
    _read_and_check(json.dumps(document, allow_nan=True).encode(), "g.json")


_CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["NaN", "1e20", "-Infinity", "£1,000", "2022-01-01", "31/02/2022", "GBP", "", '"', "\x00"]
    ),
)


@FUZZ
@given(st.lists(st.lists(_CELL, min_size=1, max_size=8), max_size=6))
def test_360giving_csv(rows):
    header = (
        "Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,"
        "Recipient Org:Name"
    )
    body = "\n".join(",".join(cells) for cells in rows)
    _read_and_check(f"{header}\n{body}\n".encode(), "g.csv")


@FUZZ
@given(st.binary(max_size=600))
def test_360giving_any_bytes(raw):
    for name in ("g.csv", "g.json", "g.xlsx"):
        _read_and_check(raw, name)


@FUZZ
@given(st.text(min_size=1, max_size=60).map(str.strip).filter(bool))
def test_cell_parsers(cell):
    for parse in (
        values.pounds,
        values.share,
        values.positive_whole_number,
        values.yes_no,
        values.iso_date,
        values.identifier,
        values.text,
    ):
        try:
            parse(cell)
        except ValueError as error:
            assert str(error)


@FUZZ
@given(st.text(max_size=400))
def test_tagger_evidence_lies_in_the_text(text):
    for suggestion in suggest(text, load_codebook()):
        for match in suggestion.matches:
            assert text[match.start : match.end] == match.text
