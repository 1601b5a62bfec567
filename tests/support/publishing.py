"""Checks on a published folder: every version in place is whole and matches its description."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dash.store.publish import published_versions, read_manifest


def assert_whole_snapshots(folder: Path) -> None:
    """The manifest names a version in place; every version's files match its ``snapshot.json``."""
    manifest = read_manifest(folder)
    versions = published_versions(folder)
    assert manifest.version in versions
    for version in versions:
        snapshot = folder / "snapshots" / f"{version:08d}"
        described = json.loads((snapshot / "snapshot.json").read_text())
        store = (snapshot / "dash.duckdb").read_bytes()
        journal = (snapshot / "journal.tar").read_bytes()
        assert hashlib.sha256(store).hexdigest() == described["sha256"] and len(store) == described["size"]
        assert hashlib.sha256(journal).hexdigest() == described["journal_sha256"]
