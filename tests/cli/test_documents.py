"""``deck`` and ``pack`` read their filter options with the parser a link is read by: the same values
ask for the same filter, on the command line and in a link."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from dash.cli import build_parser, main
from dash.cli.documents import filters_asked
from dash.filters import Filters
from dash.queries import places


@pytest.mark.parametrize(
    ("options", "link"),
    [
        ([], ""),
        (["--locality", "bristol"], "locality=bristol"),
        (["--locality", "Bristol", "E06000023"], "locality=Bristol&locality=E06000023"),
        (["--locality", "E06000023", "--from", "2022-01-01", "--to", "2023-12-31"],
         "locality=E06000023&from=2022-01-01&to=2023-12-31"),
        (["--to", "2021-06-30"], "to=2021-06-30"),
    ],
)
def test_a_filter_option_asks_for_what_the_same_value_asks_for_in_a_link(db, options, link):
    args = build_parser().parse_args(["deck", "--out", "x.pptx", *options])
    from_link, problems = Filters.from_query(parse_qs(link), lambda text: places.resolve_locality(db, text))
    assert not problems
    assert filters_asked(args, db) == from_link
    assert from_link != Filters() or not options


@pytest.mark.browser  # the deck draws its charts with Kaleido's Chromium
def test_a_place_named_twice_is_one_place_as_in_a_link(seed_store, tmp_path, capsys):
    """By its name and by its ONS code: the deck is for Bristol, not for 'Bristol, Bristol'."""
    out = tmp_path / "bristol.pptx"
    assert main(["deck", "--out", str(out), "--db", str(seed_store), "--locality", "Bristol", "E06000023",
                 "--charts", "fund_sizes"]) == 0
    assert capsys.readouterr().out.strip().endswith("3 slides for Bristol.")
