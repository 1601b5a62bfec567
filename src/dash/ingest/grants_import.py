"""Importing a 360Giving file into the store: all or nothing, keyed on the grant identifier.

The checked grants are written in one snapshot swap (re-importing a file updates
its grants rather than doubling them) and saved in ``<store>.imports/grants/`` so
every rebuild replays them. A file with errors changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dash.ingest.giving360 import ERROR, Problem, check_grants, read_grants, report_lines
from dash.store.snapshot import write_snapshot

COLUMNS = (
    "grant_id", "title", "description", "currency", "amount_awarded", "award_date", "planned_start",
    "planned_end", "recipient_org_id", "recipient_org_name", "funding_org_id", "funding_org_name",
    "grant_programme_title", "beneficiary_location_code", "beneficiary_location_name",
)


@dataclass
class GrantsReport:
    filename: str
    grants: int = 0
    new: int = 0
    updated: int = 0
    without_location: int = 0
    linked_to_funds: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def as_json(self) -> dict[str, object]:
        return {**{k: v for k, v in self.__dict__.items() if k != "problems"},
                "problems": [problem.__dict__ for problem in self.problems]}

    def lines(self) -> list[str]:
        return report_lines(self.problems) + self.notes


class GrantsImportError(ValueError):
    """The file has errors; nothing was written. ``report`` lists them all."""

    def __init__(self, report: GrantsReport) -> None:
        self.report = report
        super().__init__("\n".join([f"{report.filename} was not imported:", *report.lines()]))


def grants_dir(store: Path) -> Path:
    return store.with_name(f"{store.stem}.imports") / "grants"


def _write_grants(connection: duckdb.DuckDBPyConnection, records: list[dict], source_id: str) -> int:
    """Upsert grants, resolving each to a locality (an ONS code we know) and a fund (by programme)."""
    before = connection.execute("SELECT count(*) FROM grants").fetchone()[0]
    for record in records:
        connection.execute(f"""
            INSERT INTO grants ({", ".join(COLUMNS)}, locality_id, fund_id, extra, source_id)
            SELECT {", ".join(f"${c}" for c in COLUMNS)},
                   (SELECT locality_id FROM localities WHERE locality_id = upper($beneficiary_location_code)),
                   (SELECT fund_id FROM funds WHERE lower(name) = lower($grant_programme_title)
                       OR fund_id = $grant_programme_title LIMIT 1),
                   $extra, $source_id
            ON CONFLICT (grant_id) DO UPDATE SET
                {", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:])},
                locality_id = excluded.locality_id, fund_id = excluded.fund_id,
                extra = excluded.extra, source_id = excluded.source_id
        """, {**{c: record[c] for c in COLUMNS}, "extra": json.dumps(record["extra"], default=str),
              "source_id": source_id})
    return connection.execute("SELECT count(*) FROM grants").fetchone()[0] - before


def _source(connection: duckdb.DuckDBPyConnection, source_id: str, filename: str, funders: str) -> None:
    connection.execute("""
        INSERT INTO sources (source_id, title, publisher, document, locator, notes)
        VALUES ($id, $title, $publisher, $document, 'whole file', 'Imported 360Giving data')
        ON CONFLICT (source_id) DO NOTHING
    """, {"id": source_id, "title": f"360Giving grants file {filename}", "publisher": funders or None,
          "document": filename})


def replay_grants(connection: duckdb.DuckDBPyConnection, store: Path) -> int:
    """Re-insert every saved grants import, oldest first; return how many files."""
    folder = grants_dir(store)
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime) if folder.exists() else []
    for path in files:
        saved = json.loads(path.read_text(encoding="utf-8"))
        _source(connection, saved["source_id"], saved["filename"], saved["funders"])
        _write_grants(connection, saved["grants"], saved["source_id"])
    return len(files)


def import_360(store: Path, raw: bytes, filename: str) -> GrantsReport:
    """Check and import a 360Giving file; raise ``GrantsImportError`` (store untouched) on errors."""
    rows, skipped_sheets = read_grants(raw, filename)
    grants, problems = check_grants(rows)
    report = GrantsReport(Path(filename).name, grants=len(grants), problems=problems)
    report.notes += [f"Sheet '{name}' was not read: it has no Identifier column." for name in skipped_sheets]
    if report.errors:
        raise GrantsImportError(report)
    if not grants:
        report.problems.append(Problem(ERROR, "No grants", None, None, "the file holds no grants"))
        raise GrantsImportError(report)

    digest = hashlib.sha256(raw).hexdigest()[:10]
    source_id = f"src-360-{digest}"
    records = [grant.as_record() for grant in grants]
    funders = "; ".join(sorted({g.funding_org_name for g in grants if g.funding_org_name}))
    with write_snapshot(store) as connection:
        _source(connection, source_id, report.filename, funders)
        report.new = _write_grants(connection, records, source_id)
        report.updated = len(grants) - report.new
        ids = [g.grant_id for g in grants]
        report.without_location, report.linked_to_funds = connection.execute(
            "SELECT count(*) FILTER (WHERE locality_id IS NULL), count(fund_id) FROM grants "
            "WHERE list_contains($ids, grant_id)", {"ids": ids},
        ).fetchone()
        folder = grants_dir(store)
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / f".{digest}.json.writing"
        scratch.write_text(json.dumps({"source_id": source_id, "filename": report.filename,
                                       "funders": funders, "grants": records}), encoding="utf-8")
        os.replace(scratch, folder / f"{digest}.json")
    return report
