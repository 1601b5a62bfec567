"""The slide's source line: named, counted, never 'the store'."""

from dash.ui.components import slide_sources


def test_a_slide_names_three_sources_and_counts_the_rest():
    assert slide_sources(()) == "Source: none, as nothing in this filter is counted."
    assert slide_sources(("A — B",)) == "Source: A — B"
    five = tuple(f"Write-up {n}" for n in range(1, 6))
    assert slide_sources(five) == ("Sources: Write-up 1; Write-up 2; Write-up 3; and 2 other sources, named "
                                   "under the chart on its own page")
