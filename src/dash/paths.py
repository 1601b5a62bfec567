"""Where the project's files live, resolved from this file so any working directory works."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
SEED_DIR = DATA_DIR / "seed"
GEO_DIR = DATA_DIR / "geo"
DEFAULT_DB = DATA_DIR / "dash.duckdb"


def store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store to use: an explicit path, else ``DASH_DB``, else ``data/dash.duckdb``."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("DASH_DB")
    return Path(from_env) if from_env else DEFAULT_DB
