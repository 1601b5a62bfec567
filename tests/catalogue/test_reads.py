"""Every named read runs on the seed store with the arguments its callers give it, and a chart's read
is the result its builder draws: a registry entry naming the wrong function or argument fails here."""

from __future__ import annotations

import pytest

from dash import catalogue
from dash.filters import Filters
from dash.themes.codebook import load_codebook

# What each non-chart read is asked with (pages, downloads, the command line).
ARGUMENTS: dict[str, dict[str, object]] = {
    "role": {"email": "ada@example.org", "admins": ("ada@example.org",)},
    "sources": {"records": "meetings"},
    "meetings": {"search": "trust"},
    "theme_key_points": {"theme_id": "pay", "limit": 20, "meeting_id": None},
    "theme_candidates": {"theme_id": "pay"},
    "record_choices": {"table": "funds"},
    "retired_records": {"table": "funds"},
    "record_cells": {"table": "funds", "record_id": "missing"},
    "seed_rows": {"table": "funds"},
    "locality_named": {"text": "Bristol"},
    "place_names": {"ids": ("E06000023",)},
    "gold_key_points": {"insight_ids": ("ins-jf-07", "missing")},
    "meaning_references": {"codebook": load_codebook()},
    "lies_within": {"inner": ("E06000023",), "outer": ("E12000009",)},
}
PAGE_READS = [name for name, entry in catalogue.READS.items() if not entry.is_chart]


@pytest.mark.parametrize("name", PAGE_READS)
def test_every_read_runs_with_its_callers_arguments(db, name):
    value = catalogue.fetch(name, db, Filters(("E06000023",)), **ARGUMENTS.get(name, {}))
    assert value is not None or name == "record_cells"  # no such record: None, as a form expects
    if name == "role":
        assert value == "admin"
    if name == "locality_named":
        assert value == "E06000023"


def test_every_chart_is_drawn_from_its_read(db):
    for name in catalogue.CATALOGUE:
        data = catalogue.fetch(name, db, Filters())
        assert catalogue.draw(name, data).key, name


def test_arguments_listed_here_belong_to_reads():
    assert set(ARGUMENTS) <= set(PAGE_READS)
