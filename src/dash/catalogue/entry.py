"""One named read: the query function it runs and, for a chart, the builder that draws its result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from dash.charts import Chart
from dash.filters import Filters

Fetch = Callable[..., object]  # (cursor, filters, **args), or (cursor, **args) when not ``filtered``


@dataclass(frozen=True)
class Read:
    """A read by name. ``fetch`` is the query function itself (in ``dash.queries``, or a few lines
    here combining queries), so a read's SQL is one step from its name."""

    name: str
    fetch: Fetch
    filtered: bool = True  # False: the filter changes nothing, so one value serves every filter
    fixed: tuple[tuple[str, object], ...] = ()  # keyword arguments this entry always passes
    needs: tuple[tuple[str, str], ...] = ()  # (parameter, read): other reads' values it is given
    keep: int = 500  # how many values the cache keeps: many per filter, a few per snapshot
    label: str = ""  # a chart's name in the Present page's picker
    draw: Callable[..., Chart] | None = None  # a chart's builder: (result) → Chart
    compact: Callable[..., Chart] | None = None  # the Overview's small version, where it differs
    cites: str | None = None  # whose sources a chart cites when its rows carry none: meetings, funds, grants
    # A map's colours in a comparison: the top of its colour steps for a result, so both sides are
    # drawn (``draw(result, top=…)``) with the larger of the two and a colour means the same on both.
    scale_top: Callable[[object], float] | None = None

    @property
    def is_chart(self) -> bool:
        return self.draw is not None

    @property
    def data(self) -> str:
        """The name of the result the query gives: charts with the same query and fixed arguments
        share one result (the Funds page's first two charts, the Panels page's four)."""
        fixed = ", ".join(f"{key}={value!r}" for key, value in self.fixed)
        return self.fetch.__name__ + (f"({fixed})" if fixed else "")

    def run(self, cursor: duckdb.DuckDBPyConnection, filters: Filters, **args: object) -> object:
        """The query, run on ``cursor`` (``args`` include the values of the reads it ``needs``)."""
        if self.filtered:
            return self.fetch(cursor, filters, **dict(self.fixed), **args)
        return self.fetch(cursor, **dict(self.fixed), **args)


BOUNDARIES = (("codes", "boundary_codes"),)  # ``Read.needs`` of a map: the district codes it can draw


def with_boundaries(by_district: Fetch, name: str | None = None) -> Fetch:
    """A map's query: the figures by district, and which districts have a boundary to draw (the read
    ``boundary_codes``, given through ``needs=BOUNDARIES``: read once per store version, not once per
    map and filter). ``name``: the result's name, when the same query's result without the boundaries
    has one already."""
    def fetch(cursor: duckdb.DuckDBPyConnection, filters: Filters, *, codes: object,
              **args: object) -> object:
        return by_district(cursor, filters, **args), codes

    fetch.__name__ = name or by_district.__name__  # the result's name: what it is drawn from
    return fetch


def need_on_the_map(cursor: duckdb.DuckDBPyConnection, filters: Filters, *, data: object, codes: object,
                    **fixed: object) -> tuple[object, object]:
    """The map of £ per head: the need charts' own result (``needs`` gives it as ``data``, read once
    for the page's three need charts, never again for the map) and the boundary codes."""
    return data, codes
