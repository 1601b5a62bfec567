"""Round 1's import records, still replayed so that no foundation loses what it imported then.

Round 1 kept each import as a JSON file in ``<store>.imports/notes/`` and ``.../grants/``
(its decisions log is read by ``dash.themes.decisions.read_decisions``). Nothing writes
there any more: every write now goes to the journal. A build replays these files first,
oldest first, skipping and naming any that cannot be read.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from dash.errors import UserError
from dash.files import NotReadable, read_bounded
from dash.write import grants, write_ups

MAX_RECORD_BYTES = 500_000_000  # a round-1 import record: a file's grants, as JSON


def imports_dir(store: Path) -> Path:
    return store.with_name(f"{store.stem}.imports")


def _records(store: Path) -> list[tuple[str, Path, dict | str]]:
    """(kind, file, record or the reason it cannot be read), notes before grants, oldest first; a
    write-up's record is ``{"write-up": WriteUpImport}``, as the journal's kind of write reads it."""
    found: list[tuple[str, Path, dict | str]] = []
    for kind in ("notes", "grants"):
        folder = imports_dir(store) / kind
        paths = sorted(folder.glob("*.json"), key=lambda p: (p.lstat().st_mtime, p.name)) \
            if folder.is_dir() else []
        for path in paths:
            try:
                record = json.loads(read_bounded(path, MAX_RECORD_BYTES, within=folder).decode("utf-8"))
                if not isinstance(record, dict):
                    raise UserError("it holds no import record")
                if kind == "notes":
                    record = {"write-up": write_ups.KIND.check(record)}
                else:
                    record = {**record, "frame": _grants_frame(record)}
                found.append((kind, path, record))
            except NotReadable as error:  # a folder, a pipe, a device or a link out: named, never read
                found.append((kind, path, error.reason))
            except UnicodeDecodeError:
                found.append((kind, path, "it is not UTF-8 text"))
            except RecursionError:
                found.append((kind, path, "it is nested too deeply"))
            except ValueError as error:
                found.append((kind, path, str(error) if isinstance(error, UserError)
                              else "it is not whole JSON (cut short?)"))
    return found


def _grants_frame(record: dict) -> pd.DataFrame:
    """The record's grants in the store's columns, checked to load (so a bad one never stops a build)."""
    rows = record.get("grants")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise UserError("its grants are not a list of records")
    frame = pd.DataFrame.from_records(rows)
    for column in (*grants.COLUMNS, "extra"):
        if column not in frame:
            frame[column] = None
    frame["extra"] = [json.dumps(e, default=str) if not isinstance(e, str) else e for e in frame["extra"]]
    frame = frame[[*grants.COLUMNS, "extra"]].astype(object)
    grants.check_frame(frame)
    return frame


def problems(store: Path) -> list[str]:
    return [f"{path.name} in {path.parent}: {record}" for _, path, record in _records(store)
            if isinstance(record, str)]


def replay(connection: duckdb.DuckDBPyConnection, store: Path) -> tuple[int, list[str]]:
    """Insert every readable round-1 import; return how many, and what could not be read."""
    replayed, unreadable = 0, []
    for kind, path, record in _records(store):
        if isinstance(record, str):
            unreadable.append(f"{path.name} in {path.parent}: {record}")
            continue
        if kind == "notes":
            write_ups.insert(connection, record["write-up"])
        else:
            grants.load(connection, grants.GrantsFile(str(record.get("source_id") or path.stem),
                                                      str(record.get("filename") or path.name),
                                                      record.get("funders")), record["frame"])
        replayed += 1
    return replayed, unreadable
