"""A 360Giving file as a write: checked before the lock, loaded in bulk under it, replayed by builds.

The checked grants go to a Parquet file beside the journal entry (written before the lock is
taken), and the store loads them with one statement, so the lock is held for the time it takes
to copy the store and load a file, not for a statement per grant. Re-importing a grant's
identifier replaces it; a file with errors changes nothing.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dash import format as fmt
from dash.ingest.giving360 import read_grants
from dash.ingest.giving360_checks import (
    ERROR,
    WARNING,
    Grant,
    Problem,
    check_grants,
    error_count,
    report_lines,
)
from dash.ingest.giving360_dates import as_british, day_first_dates
from dash.store import NothingToWrite
from dash.store.faults import crash_point
from dash.store.journal import Entry, EntryDamaged, NewEntry, temporary_payload
from dash.write.access import Person
from dash.write.kind import Replay, WriteKind

COLUMNS = (
    "grant_id", "title", "description", "currency", "amount_awarded", "award_date", "planned_start",
    "planned_end", "recipient_org_id", "recipient_org_name", "funding_org_id", "funding_org_name",
    "grant_programme_title", "beneficiary_location_code", "beneficiary_location_name",
)
# A grant's DEI answers travel in the payload as one JSON column, ``dei`` (a list of grant_dei rows;
# empty when the grant has none); payloads written before it have no such column and replay as before.
_DEI_SHAPE = json.dumps([{
    "area": "VARCHAR", "asked_status": "VARCHAR", "reply_status": "VARCHAR",
    "available_options": ["VARCHAR"], "additional_details": "VARCHAR", "taxonomy_codes": ["VARCHAR"],
    "lived_experience": "VARCHAR", "geography": "VARCHAR", "dei_version": "VARCHAR",
    "purposes": "VARCHAR", "to_individual": "BOOLEAN", "extra": "JSON",
}])


def _dei_rows(table: str) -> str:
    """The grant_dei rows of the grants in ``table`` (the payload, or the grants being loaded)."""
    return f"""
    SELECT grant_id, a.area, a.asked_status, a.reply_status, a.available_options, a.additional_details,
           a.taxonomy_codes, a.lived_experience, a.geography, a.dei_version, a.purposes,
           coalesce(a.to_individual, false), a.extra
    FROM (SELECT grant_id, unnest(from_json(dei, '{_DEI_SHAPE}')) AS a
          FROM {table} WHERE dei IS NOT NULL)"""


# The payload's columns, typed as the store keeps them.
_TYPED = ", ".join(
    f"{c}::DECIMAL(14, 2) AS {c}" if c == "amount_awarded"
    else f"{c}::DATE AS {c}" if c in ("award_date", "planned_start", "planned_end")
    else c for c in COLUMNS
) + ", extra"


@dataclass
class GrantsReport:
    filename: str
    grants: int = 0
    new: int = 0
    updated: int = 0
    without_location: int = 0
    linked_to_funds: int = 0
    already_imported: bool = False
    day_first: int = 0  # grants whose dates were read as day-first British dates, as the person chose
    day_first_offered: int = 0  # refused: grants whose dates are written day first, the choice not made
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def error_count(self) -> int:
        """Every error in the file, those beyond the ones listed too."""
        return error_count(self.problems)

    def as_json(self) -> dict[str, object]:
        return {**{k: v for k, v in self.__dict__.items() if k != "problems"},
                "error_count": self.error_count, "problems": [problem.__dict__ for problem in self.problems]}

    def lines(self) -> list[str]:
        return report_lines(self.problems) + self.notes


class GrantsRefused(Exception):
    """The file has errors; nothing was written. ``report`` lists them all."""

    def __init__(self, report: GrantsReport) -> None:
        self.report = report
        super().__init__(f"{report.filename} was not imported")


@dataclass(frozen=True)
class GrantsFile:
    """A 360Giving file as its journal entry holds it (its grants are the entry's Parquet payload)."""

    source_id: str
    filename: str
    funders: str | None = None  # its funders' names, "; " between them
    grants: int | None = None  # how many grants it holds (entries of round 1 do not say)
    day_first_dates: int | None = None  # grants whose dates were read day first, as chosen at import

    def as_data(self) -> dict:
        data: dict = {"source_id": self.source_id, "filename": self.filename, "funders": self.funders}
        if self.grants is not None:
            data["grants"] = self.grants
        if self.day_first_dates:
            data["day_first_dates"] = self.day_first_dates
        return data


@dataclass
class PreparedGrants:
    report: GrantsReport
    source_id: str
    funders: str
    payload: Path
    ids: int


def _frame(grants: list[Grant]) -> pd.DataFrame:
    records = [grant.as_record() for grant in grants]
    frame = pd.DataFrame.from_records(records, columns=[*COLUMNS, "extra", "dei"])
    frame["extra"] = [json.dumps(r["extra"], default=str, ensure_ascii=False) for r in records]
    frame["dei"] = [json.dumps(r["dei"], default=str, ensure_ascii=False) if r["dei"] else None
                    for r in records]
    return frame.astype(object).where(frame.notna(), None)


def prepare(store: Path, raw: bytes, filename: str, *, day_first: bool = False) -> PreparedGrants:
    """Read and check the file, and write its grants as the entry's payload; ``GrantsRefused`` on errors.
    ``day_first``: the person chose to read dates written day first (05/06/2014) as British dates."""
    name = Path(filename).name[:200]
    with _collector_paused():
        rows, skipped_sheets, notes = read_grants(raw, name)
        written_day_first, example = day_first_dates(rows, change=True) if day_first else (0, None)
        grants, problems = check_grants(rows)
        if not day_first and any(p.severity == ERROR for p in problems):  # the choice to offer, if any
            written_day_first, example = day_first_dates(rows, change=False)
    report = GrantsReport(name, grants=len(rows), problems=problems, notes=list(notes))
    _say_day_first(report, written_day_first, example, day_first)
    report.notes += [f"Sheet '{sheet}' was not read: it has no Identifier column."
                     for sheet in skipped_sheets]
    if not rows and not report.errors:
        report.problems.append(Problem(ERROR, "No grants", None, None, "the file holds no grants"))
    if report.errors:
        raise GrantsRefused(report)
    crash_point("parse")
    digest = hashlib.sha256(raw).hexdigest()[:10]
    payload = temporary_payload(store, ".parquet")
    connection = duckdb.connect(":memory:")
    try:
        connection.register("checked", _frame(grants))
        connection.execute(f"COPY (SELECT {_TYPED}, dei::VARCHAR AS dei FROM checked) "
                           f"TO '{_quoted(payload)}' (FORMAT parquet)")
    except BaseException:
        payload.unlink(missing_ok=True)
        raise
    finally:
        connection.close()
    funders = "; ".join(sorted({g.funding_org_name for g in grants if g.funding_org_name}))[:1000]
    return PreparedGrants(report, f"src-360-{digest}", funders, payload, len(grants))


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector off while a file's grants are read and checked: they are millions of
    small dicts and lists with no cycles among them, and the collector, rescanning them again and
    again as they pile up, took half the reading time (3.6–5.0 s against 2.3 s for 100,000 rows)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _say_day_first(report: GrantsReport, grants: int, example: str | None, chosen: bool) -> None:
    """The choice to read dates day first, kept on the import as a warning when made; offered in
    plain words when dates written so are among what stops the import."""
    if not grants or example is None:
        return
    british = f"{example} read as {as_british(example)}"
    if chosen:
        report.day_first = grants
        report.problems.append(Problem(
            WARNING, "Dates read as day-first British dates", None, None,
            f"dates written day first were read as British dates, as chosen at import: "
            f"{fmt.count(grants, 'grant')} ({british})", group="Accuracy: Dates", total=grants))
    elif report.errors:
        report.day_first_offered = grants
        report.notes.append(
            f"{fmt.count(grants, 'grant')} {'has' if grants == 1 else 'have'} dates written day first, "
            f"such as {example}, which the standard does not allow. If they are British dates ({british}), "
            "import the file again choosing to read these dates as day-first British dates.")


DAY_FIRST_CHOICE = "the choice to read them as day-first British dates"


def refusal(report: GrantsReport, choice: str = DAY_FIRST_CHOICE) -> str:
    """The one sentence for a refused file: its true error count and, when dates written day first are
    among its errors, how to choose to read them as British dates (``choice``: the command line's
    option, the page's box, in the words of whoever offers it)."""
    said = (f"{report.filename} was not imported: it has {fmt.count(report.error_count, 'error')} to fix at "
            "source (listed below)")
    if report.day_first_offered:
        dates = "dates" if report.day_first_offered > 1 else "date"
        said += (f", among them {fmt.count(report.day_first_offered, 'grant')} with {dates} written day "
                 f"first (if they are British dates, import it again with {choice})")
    return f"{said}; nothing was changed."


class GrantsFiles(WriteKind[GrantsFile]):
    name = "grants"
    label = "360Giving file imported"
    opens = "'grants'"

    def check(self, data: dict, file: Path | None) -> GrantsFile:
        """The entry's data and payload as ``apply`` needs them; ``EntryDamaged`` naming what is wrong."""
        for key in ("source_id", "filename"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise EntryDamaged(f"its '{key}' is missing or not text")
        if data.get("funders") is not None and not isinstance(data["funders"], str):
            raise EntryDamaged("its 'funders' is not text")
        if file is None:
            raise EntryDamaged("it has no grants file")
        connection = duckdb.connect(":memory:")
        try:  # read it whole here: a damaged file must not abort the build's transaction
            columns = [row[0] for row in connection.execute(
                f"DESCRIBE SELECT * FROM read_parquet('{_quoted(file)}')").fetchall()]
            if columns[:len(COLUMNS)] != list(COLUMNS) or "extra" not in columns:
                raise EntryDamaged(f"its grants file {file.name} lacks the grant columns")
            connection.execute(f"SELECT count(*), sum(hash(COLUMNS(*))) FROM read_parquet('{_quoted(file)}')")
            if "dei" in columns:  # each grant's DEI answers must load into grant_dei
                table = f"read_parquet('{_quoted(file)}')"
                connection.execute(f"SELECT count(*) FROM ({_dei_rows(table)})")
        except duckdb.Error as error:
            raise EntryDamaged(f"its grants file {file.name} cannot be read ({str(error)[:120]})") from None
        finally:
            connection.close()
        def whole(value: object) -> int | None:
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        return GrantsFile(data["source_id"], data["filename"], data.get("funders"),
                          whole(data.get("grants")), whole(data.get("day_first_dates")))

    def summary(self, report: GrantsReport) -> str:
        chosen = (f"; dates read as day-first British dates: {fmt.count(report.day_first, 'grant')}"
                  if report.day_first else "")
        return f"Imported {fmt.count(report.grants, 'grant')} from {report.filename}{chosen}"

    def apply(self, connection: duckdb.DuckDBPyConnection, payload: GrantsFile,
              entry: Entry | NewEntry) -> int:
        """Load the file's grants from the entry's payload; how many are new."""
        assert entry.payload is not None  # checked: a grants entry always has its file
        return load(connection, payload, entry.payload)

    def replay(self, connection: duckdb.DuckDBPyConnection, payload: GrantsFile, entry: Entry,
               replay: Replay) -> None:
        self.apply(connection, payload, entry)
        replay.imports += 1


KIND = GrantsFiles()


def entry_for(prepared: PreparedGrants, by: Person) -> NewEntry:
    report = prepared.report
    grants_file = GrantsFile(prepared.source_id, report.filename, prepared.funders, prepared.ids,
                             report.day_first or None)
    return KIND.entry(grants_file, KIND.summary(report), by, subject=prepared.source_id,
                      file=prepared.payload)


def write(connection: duckdb.DuckDBPyConnection, prepared: PreparedGrants, entry: NewEntry) -> None:
    """Inside the lock: the grants, or nothing if this very file was imported already."""
    report = prepared.report
    if connection.execute("SELECT count(*) FROM sources WHERE source_id = ?",
                          [prepared.source_id]).fetchone()[0]:
        report.already_imported = True
        raise NothingToWrite
    report.new = KIND.apply(connection, GrantsFile(prepared.source_id, report.filename, prepared.funders),
                            entry)
    report.updated = report.grants - report.new
    report.without_location, report.linked_to_funds = connection.execute(
        "SELECT count(*) FILTER (WHERE locality_id IS NULL), count(fund_id) FROM grants WHERE source_id = ?",
        [prepared.source_id]).fetchone()


def check_frame(frame: pd.DataFrame) -> None:
    """That ``frame`` loads into the store's grant columns; ``EntryDamaged`` saying why not."""
    connection = duckdb.connect(":memory:")
    try:
        connection.register("candidate", frame)
        connection.execute(f"SELECT count(*) FROM (SELECT {_TYPED} FROM candidate) "
                           "WHERE grant_id IS NULL OR title IS NULL OR currency IS NULL "
                           "OR amount_awarded IS NULL OR award_date IS NULL")
        missing = connection.fetchone()[0]
    except duckdb.Error as error:
        raise EntryDamaged(f"its grants cannot be loaded ({str(error).splitlines()[0][:120]})") from None
    finally:
        connection.close()
    if missing:
        raise EntryDamaged(f"{missing} of its grants lack an identifier, title, currency, amount or date")


def load(connection: duckdb.DuckDBPyConnection, data: GrantsFile, payload: Path | pd.DataFrame) -> int:
    """Load one file's grants (a live import, a build's replay, round 1's records) in bulk; return how
    many are new.

    Each grant is placed in a locality when its code is one we know, and linked to a fund
    whose name or id is its programme title.
    """
    connection.execute("""
        INSERT INTO sources (source_id, title, publisher, document, locator, notes)
        VALUES ($id, $title, $publisher, $document, 'whole file', 'Imported 360Giving data')
        ON CONFLICT (source_id) DO NOTHING
    """, {"id": data.source_id, "title": f"360Giving grants file {data.filename}",
          "publisher": data.funders or None, "document": data.filename})
    if isinstance(payload, pd.DataFrame):
        connection.register("incoming_frame", payload)
        connection.execute("CREATE OR REPLACE TEMP TABLE incoming_grants AS "
                           f"SELECT {_TYPED} FROM incoming_frame")
        connection.unregister("incoming_frame")
    else:
        connection.execute("CREATE OR REPLACE TEMP TABLE incoming_grants AS "
                           f"SELECT * FROM read_parquet('{_quoted(payload)}')")
    new = connection.execute("SELECT count(*) FROM incoming_grants WHERE grant_id NOT IN "
                             "(SELECT grant_id FROM grants)").fetchone()[0]
    connection.execute("DELETE FROM grants WHERE grant_id IN (SELECT grant_id FROM incoming_grants)")
    connection.execute("DELETE FROM grant_dei WHERE grant_id IN (SELECT grant_id FROM incoming_grants)")
    if "dei" in {row[0] for row in connection.execute("DESCRIBE incoming_grants").fetchall()}:
        connection.execute(f"INSERT INTO grant_dei {_dei_rows('incoming_grants')}")
    connection.execute(f"""
        INSERT INTO grants ({", ".join(COLUMNS)}, locality_id, fund_id, extra, source_id)
        SELECT {", ".join(f"g.{c}" for c in COLUMNS)}, l.locality_id,
               coalesce(by_name.fund_id, by_id.fund_id), g.extra, $source_id
        FROM incoming_grants g
        LEFT JOIN localities l ON l.locality_id = upper(g.beneficiary_location_code)
        LEFT JOIN (SELECT lower(name) AS name, min(fund_id) AS fund_id FROM funds GROUP BY 1) by_name
               ON by_name.name = lower(g.grant_programme_title)
        LEFT JOIN funds by_id ON by_id.fund_id = g.grant_programme_title
    """, {"source_id": data.source_id})
    connection.execute("DROP TABLE incoming_grants")
    return new
