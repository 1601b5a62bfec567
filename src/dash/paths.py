"""Where the project's files live, resolved from this file so any working directory works."""

from __future__ import annotations

import os
import re
from pathlib import Path

from dash.errors import UserError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
SEED_DIR = DATA_DIR / "seed"
GEO_DIR = DATA_DIR / "geo"
NEED_DIR = DATA_DIR / "need"  # population and deprivation by local authority (data/need/README.md)
DEFAULT_DB = DATA_DIR / "dash.duckdb"
SECRETS_ENV = "DASH_SECRETS"
DEFAULT_SECRETS = PROJECT_ROOT / ".streamlit" / "secrets.toml"
EDITOR_URL_ENV = "DASH_EDITOR_URL"  # a replica's "editors go to …" address (docs/deployment.md)


def secrets_file() -> Path:
    """The one sign-in configuration (docs/deployment.md): Streamlit is started on it (``dash.serve``)
    and the write service reads its roles' first admins from it (``dash.write.access``)."""
    return Path(os.environ.get(SECRETS_ENV) or DEFAULT_SECRETS)


# A DuckDB connection string rather than a file: 'md:trustees' (MotherDuck), 'ducklake:…' (a DuckLake
# catalogue), 's3://…', 'duckdb:/path'. Two characters or more before the colon, so 'C:\\…' is a path.
_CONNECTION_STRING = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


FOLLOWS_SUFFIX = ".follows"  # beside a replica's copy: the published folder and version it holds


def follows_file(store: str | os.PathLike[str]) -> Path:
    """``replica.duckdb.follows``: written by ``dash.store.publish.take_newest``; while it is there the
    store is a replica's copy of what the writer published, which nothing writes but the next copy."""
    store = Path(store)
    return store.with_name(store.name + FOLLOWS_SUFFIX)


def is_replica_copy(target: str) -> bool:
    return not is_connection_string(target) and follows_file(target).exists()


class ReplicaCopy(UserError):
    """The store is a read-only replica's copy of a published snapshot: changes go to the writer."""


def editor_address() -> str | None:
    """Where editors make changes when this dashboard is a read-only replica (``DASH_EDITOR_URL``)."""
    address = (os.environ.get(EDITOR_URL_ENV) or "").strip()
    # An operator's setting, shown as a link: no spaces, quotes, brackets or parentheses to break out of it.
    return address if re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d+)?(/[\w.~%/\-?=&#+:]*)?", address) else None


class NotAFileStore(UserError):
    """The store is a shared database named by a connection string: this process only reads it."""


def is_connection_string(target: str) -> bool:
    return bool(_CONNECTION_STRING.match(target))


def store_target(explicit: str | os.PathLike[str] | None = None) -> str:
    """The store to read: an explicit one, else ``DASH_DB``, else ``data/dash.duckdb``. Either a file
    path or any DuckDB connection string (a shared MotherDuck database, a DuckLake catalogue)."""
    return str(explicit or os.environ.get("DASH_DB") or DEFAULT_DB)


def is_unbuilt_file(target: str) -> bool:
    """A store file not built yet (the first run builds it); a shared database is never built here."""
    return not is_connection_string(target) and not Path(target).exists()


def store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store file to build or write. Builds, imports and reviewers' decisions write a file and
    swap it in whole; a shared database is written by its one writer, never by a dashboard replica."""
    target = store_target(explicit)
    if is_connection_string(target):
        raise NotAFileStore(
            f"This dashboard reads the shared store {target}; imports, reviews and builds are made by "
            "the writer that publishes it (see docs/deployment.md)."
        )
    if is_replica_copy(target):
        where = editor_address()
        raise ReplicaCopy(
            f"{target} is a read-only replica's copy of the published store, replaced by each new version: "
            + (f"changes are made by editors at {where}." if where else
               "changes are made on the writer that publishes it (see docs/deployment.md).")
        )
    return Path(target)
