"""Boundary shapes for the map, read from data/geo so the map needs no tile server."""

from __future__ import annotations

import functools
import json

from dash.paths import GEO_DIR

DISTRICT_BOUNDARIES = GEO_DIR / "lalt.geojson"
SHAPE_CODE = "LAD20CD"


@functools.cache
def district_boundaries() -> dict:
    """Local authority districts, December 2020, generalised (ONS, OGL v3)."""
    with DISTRICT_BOUNDARIES.open(encoding="utf-8") as handle:
        return json.load(handle)
