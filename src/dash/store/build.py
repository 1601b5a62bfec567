"""Building the store from the seed and geography files, atomically.

Everything is read and validated before the store is touched; the new store is
written to a private file and renamed into place, so a bad seed row or a crash
leaves the previous store exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dash.ingest.geo import read_ons_localities, within_pairs
from dash.ingest.grants_import import replay_grants
from dash.ingest.meeting_notes import replay_imports
from dash.ingest.seed import load_seed, parse_seed
from dash.paths import GEO_DIR, SEED_DIR
from dash.store.snapshot import write_snapshot
from dash.themes.codebook import CODEBOOK, load_codebook
from dash.themes.coding import code_insights
from dash.themes.decisions import apply_decisions, log_path, read_decisions

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
SCHEMA_VERSION = "2"


@dataclass(frozen=True)
class BuildReport:
    path: Path
    seconds: float
    counts: dict[str, int]
    decisions_replayed: int = 0
    decisions_unreadable: int = 0
    imports_replayed: int = 0


def input_files(seed_dir: Path = SEED_DIR, geo_dir: Path = GEO_DIR) -> list[Path]:
    return sorted(seed_dir.glob("*.csv")) + sorted(geo_dir.glob("*.csv")) + [SCHEMA_SQL, CODEBOOK]


def inputs_fingerprint(seed_dir: Path = SEED_DIR, geo_dir: Path = GEO_DIR) -> str:
    """A hash of the build's inputs, so `make run` rebuilds only when they changed."""
    digest = hashlib.sha256()
    for path in input_files(seed_dir, geo_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stored_fingerprint(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        connection = duckdb.connect(":memory:")
        connection.execute("ATTACH ? AS s (READ_ONLY)", [str(path)])
        row = connection.execute(
            "SELECT value FROM s.store_info WHERE key = 'inputs_fingerprint'"
        ).fetchone()
        connection.close()
    except duckdb.Error:
        return None
    return row[0] if row else None


def needs_build(path: Path, seed_dir: Path = SEED_DIR, geo_dir: Path = GEO_DIR) -> bool:
    """True when the store is missing, unreadable, or built from other inputs."""
    return stored_fingerprint(path) != inputs_fingerprint(seed_dir, geo_dir)


COUNTED_TABLES = (
    "sources", "localities", "organisations", "funds", "panels",
    "meetings", "speakers", "insights", "themes", "insight_themes", "grants",
)


def build_store(path: Path, seed_dir: Path = SEED_DIR, geo_dir: Path = GEO_DIR) -> BuildReport:
    """Build a fresh store at ``path`` from the seed and geography files."""
    started = time.perf_counter()
    localities, ons_parts = read_ons_localities(geo_dir)
    seed = parse_seed(seed_dir, (row["locality_id"] for row in localities))  # raises before any write
    codebook = load_codebook()
    decisions, unreadable = read_decisions(log_path(Path(path)))
    fingerprint = inputs_fingerprint(seed_dir, geo_dir)

    with write_snapshot(Path(path), from_scratch=True) as connection:
        connection.execute(SCHEMA_SQL.read_text())
        columns = list(localities[0])
        connection.executemany(
            f"INSERT INTO localities ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [[row[c] for c in columns] for row in localities],
        )
        connection.executemany(
            "INSERT INTO locality_parts VALUES (?, ?)",
            [[p["locality_id"], p["part_id"]] for p in ons_parts],
        )
        load_seed(connection, seed)
        imported = replay_imports(connection, Path(path))
        _fill_locality_within(connection)
        imported += replay_grants(connection, Path(path))
        code_insights(connection, codebook)
        replayed = apply_decisions(connection, decisions)
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in COUNTED_TABLES
        }
        connection.executemany("INSERT INTO store_info VALUES (?, ?)", [
            ["schema_version", SCHEMA_VERSION],
            ["inputs_fingerprint", fingerprint],
            ["built_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
        ])
    return BuildReport(Path(path), time.perf_counter() - started, counts, replayed, unreadable, imported)


def _fill_locality_within(connection: duckdb.DuckDBPyConnection) -> None:
    parents = dict(connection.execute("SELECT locality_id, parent_id FROM localities").fetchall())
    parts = connection.execute("SELECT locality_id, part_id FROM locality_parts").fetchall()
    pairs = within_pairs(parents, parts)
    connection.executemany("INSERT INTO locality_within VALUES (?, ?, ?)", pairs)
