"""Building the store from the seed and geography files and the journal, atomically.

Seed and geography files are read and validated before the store is touched. Then, under
the store's lock, the journal is settled (``dash.store.journal``) and read, and every write a
person made is replayed in order onto the seed, each by its kind (``dash.write.registry``): write-ups,
grants files, roles, records and removals, then the rules' suggestions for every key point with
today's codebook, then people's decisions (the kinds replayed ``after_coding``). The new store
is written to a private file and renamed into place, so a bad seed row or a crash leaves the
previous store exactly as it was. A journal entry that cannot be read is named in the report
and skipped; it never stops the build nor the entries after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dash.errors import UserError
from dash.files import NotReadable, read_bounded
from dash.ingest.geo import read_ons_localities, read_towns, within_pairs
from dash.ingest.limits import SEED_FILE_BYTES
from dash.ingest.need import load_need, read_need
from dash.ingest.seed import check_seed_folder, load_seed, parse_seed
from dash.paths import GEO_DIR, NEED_DIR, SEED_DIR
from dash.queries.writes import store_value
from dash.store import SCHEMA_SQL, journal
from dash.store.bulk import insert_rows
from dash.store.journal import Damage, Entry
from dash.store.kinds import DISTRICT_KINDS
from dash.store.snapshot import applied_entries, record_write, write_snapshot
from dash.themes.agreement import GOLD
from dash.themes.codebook import CODEBOOK, load_codebook
from dash.themes.coding import CODED
from dash.themes.decisions import legacy_log_path, read_decisions
from dash.write import legacy, registry
from dash.write.decisions import apply_decisions
from dash.write.kind import Payload, Replay
from dash.write.suggestions import code_insights, recode_with_reviews

SCHEMA_VERSION = "11"  # 10: the DEI answers (grant_dei); 11: towns → councils (district_places)
NOT_REPLAYED = "not_replayed"  # store_info: what the last build could not replay, as JSON


@dataclass(frozen=True)
class BuildReport:
    path: Path
    seconds: float
    counts: dict[str, int]
    decisions_replayed: int = 0
    imports_replayed: int = 0
    entries_replayed: int = 0
    unreadable: list[str] = field(default_factory=list)  # each names a file (and line) and says why


def input_files(seed_dir: Path = SEED_DIR, geo_dir: Path = GEO_DIR) -> list[Path]:
    """Every file a build reads: the seed, geography and need, the schema, and what the theme
    suggestions are made from (the codebook, its example sentences, the hand-coding they learn from)."""
    themes = [p for p in (CODEBOOK.parent / "examples.csv", GOLD, CODED) if p.exists()]
    return (sorted(seed_dir.glob("*.csv")) + sorted(geo_dir.glob("*.csv")) + sorted(NEED_DIR.glob("*.csv"))
            + [SCHEMA_SQL, CODEBOOK] + themes)


def inputs_fingerprint(seed_dir: Path = SEED_DIR, geo_dir: Path = GEO_DIR) -> str:
    """A hash of the build's inputs, so `make run` rebuilds only when they changed. A file that
    cannot be read (a folder, a pipe, one too big) is hashed as its reason: the store then looks
    out of date, and the build that follows names the file."""
    digest = hashlib.sha256()
    for path in input_files(seed_dir, geo_dir):
        digest.update(path.name.encode())
        try:
            digest.update(read_bounded(path, SEED_FILE_BYTES))
        except NotReadable as error:
            digest.update(f"not read: {error.reason}".encode())
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
    """True when the store is missing, unreadable, built from other inputs, or lacks a journal
    entry that the journal holds (a store put back from a backup, say)."""
    if stored_fingerprint(path) != inputs_fingerprint(seed_dir, geo_dir):
        return True
    try:
        return not journal.committed_numbers(path) <= applied_entries(path)
    except journal.JournalUnusable:
        return False  # nothing in it can be replayed: a build would make the same store (and names it)


COUNTED_TABLES = (
    "sources", "localities", "organisations", "funds", "panels",
    "meetings", "speakers", "insights", "themes", "insight_themes", "theme_reviews", "grants", "roles",
)


def checked_entries(entries: list[Entry]) -> tuple[list[tuple[Entry, Payload]], list[Damage]]:
    """Entries a replay can use, each with its data checked by its kind as the typed payload; the rest
    named with what is wrong."""
    usable, damaged = [], []
    for entry in entries:
        try:
            payload = registry.KINDS[entry.kind].check(entry.data, entry.payload)
        except UserError as error:
            damaged.append(Damage(entry.path, str(error)))
            continue
        usable.append((entry, payload))
    return usable, damaged


def not_replayed(cursor: duckdb.DuckDBPyConnection) -> list[str]:
    """The changes the store's last build could not replay (a change to a record its seed no longer
    fits), each in a sentence: what the build said, kept in the store so that ``check`` says it too."""
    try:
        value = store_value(cursor, NOT_REPLAYED)
        said = json.loads(value) if value is not None else []
    except (duckdb.Error, ValueError):
        return []
    return [str(line) for line in said] if isinstance(said, list) else []


def journal_problems(store: Path, *, deep: bool = True) -> list[str]:
    """Every journal entry (and line of round 1's log) a build would skip, each naming its file.
    ``deep`` also reads every grants payload whole (what ``check`` does; ``build --if-needed``, run
    at every ``make run``, reads only the entries)."""
    try:
        entries, damaged = journal.read_entries(store)
    except journal.JournalUnusable as error:
        entries, damaged = [], [error.damage]
    if deep:
        damaged += checked_entries(entries)[1]
    return [str(d) for d in damaged] + [str(line) for line in read_decisions(legacy_log_path(store))[1]] \
        + legacy.problems(store)


def build_store(path: Path, seed_dir: Path = SEED_DIR, geo_dir: Path = GEO_DIR) -> BuildReport:
    """Build a fresh store at ``path`` from the seed and geography files, then replay the journal."""
    started = time.perf_counter()
    path = Path(path)
    check_seed_folder(seed_dir)
    localities, ons_parts = read_ons_localities(geo_dir)
    towns = read_towns(geo_dir, (row["locality_id"] for row in localities if row["is_current"]))
    need = read_need(NEED_DIR, (row["locality_id"] for row in localities if row["is_current"]
                                and row["kind"] in DISTRICT_KINDS))
    seed = parse_seed(seed_dir, (row["locality_id"] for row in localities))  # raises before any write
    codebook = load_codebook()
    fingerprint = inputs_fingerprint(seed_dir, geo_dir)
    old_decisions, unreadable_lines = read_decisions(legacy_log_path(path))

    with write_snapshot(path, from_scratch=True) as connection:
        read, damaged = journal.read_entries(path)  # read under the lock, after recovery
        entries, more_damaged = checked_entries(read)
        connection.execute(SCHEMA_SQL.read_text())
        columns = list(localities[0])
        insert_rows(connection, "localities", [[row[c] for c in columns] for row in localities], columns)
        insert_rows(connection, "locality_parts", [[p["locality_id"], p["part_id"]] for p in ons_parts])
        insert_rows(connection, "district_places", towns)
        load_need(connection, need)
        load_seed(connection, seed)
        _fill_locality_within(connection)
        imported, legacy_problems = legacy.replay(connection, path)
        replay = Replay(imports=imported)
        after_coding = []
        for entry, payload in entries:
            kind = registry.KINDS[entry.kind]
            if kind.after_coding:
                after_coding.append((kind, entry, payload))
            else:
                kind.replay(connection, payload, entry, replay)
            record_write(connection, entry)
        code_insights(connection, codebook)
        replay.decisions += apply_decisions(connection, old_decisions)  # round 1's log, before the journal
        for kind, entry, payload in after_coding:
            kind.replay(connection, payload, entry, replay)
        if replay.decisions:  # what people decided is what the next suggestions are compared with
            recode_with_reviews(connection, codebook)
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in COUNTED_TABLES
        }
        connection.executemany("INSERT INTO store_info VALUES (?, ?)", [
            ["schema_version", SCHEMA_VERSION],
            ["inputs_fingerprint", fingerprint],
            ["built_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
            [NOT_REPLAYED, json.dumps(replay.not_replayed, ensure_ascii=False)],  # for `check` to report
        ])
    unreadable = [str(d) for d in damaged + more_damaged] + [str(line) for line in unreadable_lines] \
        + legacy_problems + replay.not_replayed
    return BuildReport(path, time.perf_counter() - started, counts, replay.decisions, replay.imports,
                       len(entries), unreadable)


def _fill_locality_within(connection: duckdb.DuckDBPyConnection) -> None:
    parents = dict(connection.execute("SELECT locality_id, parent_id FROM localities").fetchall())
    parts = connection.execute("SELECT locality_id, part_id FROM locality_parts").fetchall()
    pairs = within_pairs(parents, parts)
    insert_rows(connection, "locality_within", pairs)
