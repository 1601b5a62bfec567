"""The server's warm-up: which places it prepares first, and that a prepared place is not built again."""

from __future__ import annotations

import pytest

from dash import catalogue
from dash.catalogue import layer
from dash.catalogue.entry import Read
from dash.filters import Filters
from dash.queries import places
from dash.ui import frame


@pytest.fixture(autouse=True)
def empty_cache():
    catalogue.clear()
    yield
    catalogue.clear()


def test_busiest_places_come_first_and_hold_records(db):
    busiest = places.busiest_places(db)
    assert busiest[0] == "E92000001"  # England holds every English record
    assert "E06000023" in busiest  # Bristol: three funds
    assert "E06000001" not in busiest  # Hartlepool holds none
    assert busiest.index("E12000009") < busiest.index("E06000023")  # the South West holds Bristol


def _counting(monkeypatch) -> list[tuple]:
    """Record every chart query (its result's name, filter) and drawing (chart name) the cache asks for."""
    made: list[tuple] = []
    real_run, real_draw = Read.run, layer.draw

    def run(entry, cursor, filters, **args):
        if entry.is_chart:
            made.append(("fetch", entry.data, filters))
        return real_run(entry, cursor, filters, **args)

    def draw(name, data):
        made.append(("draw", name))
        return real_draw(name, data)

    monkeypatch.setattr(Read, "run", run)
    monkeypatch.setattr(layer, "draw", draw)
    return made


def test_warm_caches_readies_every_page_for_each_busy_place_so_visits_build_nothing(seed_store, monkeypatch):
    """One warm-up (a few seconds of work), then the Overview and two other pages' charts for a busy
    place all come from the cache."""
    monkeypatch.setenv("DASH_DB", str(seed_store))
    made = _counting(monkeypatch)
    # no time limit here: on a busy machine thirty seconds may not be enough, and time is not what is tested
    prepared = catalogue.warm_caches(catalogue.OVERVIEW_CHARTS, seconds=3600, settle=0)
    every_page = len(catalogue.CATALOGUE)  # the Overview's among them, each made once per place
    assert prepared == len(places.busiest_places(catalogue.reader(str(seed_store)).cursor())) * every_page
    assert ("fetch", "funds", Filters(("E06000023",))) in made
    before = len(made)
    version = catalogue.reader(str(seed_store)).version
    context = frame.PageContext(Filters(("E06000023",)), "", str(seed_store), version)
    charts = [context.chart(name) for name in catalogue.OVERVIEW_CHARTS]
    catalogue.chart("theme_pairs", Filters(("E06000023",)), str(seed_store), version)  # other pages'
    catalogue.chart("grant_bands", Filters(("E12000009",)), str(seed_store), version)
    assert len(made) == before  # every chart came from the cache
    assert charts[0].takeaway.startswith("The largest fund")


def test_charts_drawing_the_same_data_share_one_query(seed_store, monkeypatch):
    made = _counting(monkeypatch)
    version = catalogue.reader(str(seed_store)).version
    for name in catalogue.PAGE_CHARTS["panels"]:
        catalogue.chart(name, Filters(("E12000009",)), str(seed_store), version)
    shared = {catalogue.CATALOGUE[name].data for name in catalogue.PAGE_CHARTS["panels"]}
    assert len(shared) == 2  # four charts of the panels' list, and the panels against the population
    assert [entry[0] for entry in made].count("fetch") == len(shared)
    assert [entry[1] for entry in made if entry[0] == "draw"] == list(catalogue.PAGE_CHARTS["panels"])


def test_warm_caches_stops_when_its_time_is_up(seed_store, monkeypatch):
    monkeypatch.setenv("DASH_DB", str(seed_store))
    assert catalogue.warm_caches(("fund_sizes",), seconds=0.0, settle=0) == 0  # the unfiltered view only


@pytest.mark.parametrize("prepare", [True, False])
def test_the_server_says_where_it_is_and_prepares_pages_unless_told_not_to(monkeypatch, capsys, prepare):
    """``serve --no-warm-up`` (the browser tests' servers) still says where the dashboard is, and only
    skips the head start: the caches, the boundaries and the imports."""
    import socket

    from dash import geo, serve, web

    called: list[str] = []
    monkeypatch.setattr(catalogue, "warm_caches", lambda charts: called.append("caches"))
    monkeypatch.setattr(geo, "district_boundaries", lambda: called.append("boundaries"))
    monkeypatch.setattr(web, "warm_static", lambda: called.append("static"))
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        serve.warm_up(listening.getsockname()[1], "127.0.0.1", prepare=prepare)
    assert "The trustee dashboard is at http://localhost:" in capsys.readouterr().out
    assert called == (["static", "boundaries", "caches"] if prepare else [])
