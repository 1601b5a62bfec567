"""The curated seed files under ``data/seed/``: their columns, validation and loading.

The files are meant to be edited in a spreadsheet, so every problem is reported
with the file, the spreadsheet row number and the column, all at once, before
anything is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dash.errors import UserError
from dash.files import MISSING, NotReadable, read_bounded
from dash.format import money_exact
from dash.ingest import limits, values
from dash.store.bulk import insert_rows


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], object] = values.text
    required: bool = False
    refers_to: str | None = None  # the table whose ids this column must name
    in_every_file: bool = True  # False: a file may leave the column out (it was added later)


@dataclass(frozen=True)
class SeedTable:
    table: str
    file: str
    key: str | None
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class SeedError(UserError):
    """The seed files have problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.summary = (f"The seed files have {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                        "to fix (listed below, each with its file, row and column); nothing was changed.")
        super().__init__("\n".join([self.summary, *self.lines()]))

    def lines(self) -> list[str]:
        return [f"  - {problem}" for problem in self.problems]


def _id(name: str, refers_to: str | None = None, required: bool = True) -> Column:
    return Column(name, values.identifier, required, refers_to)


_SINGULAR = {
    "sources": "source", "localities": "locality", "organisations": "organisation",
    "funds": "fund", "meetings": "meeting",
}

SOURCE = _id("source_id", "sources")
# When an editor retired the record (dash.write.records); files written before editing existed lack it.
RETIRED = Column("retired_on", values.iso_date, in_every_file=False)
LOCALITY = _id("locality_id", "localities", required=False)

SEED_TABLES: tuple[SeedTable, ...] = (
    SeedTable("sources", "sources.csv", "source_id", (
        _id("source_id"), Column("title", required=True), Column("publisher"), Column("author"),
        Column("published_on", values.iso_date), Column("url", values.web_address), Column("document"),
        Column("locator"), Column("notes"),
    )),
    SeedTable("localities", "places.csv", "locality_id", (
        _id("locality_id"), Column("name", required=True), Column("kind", required=True),
        _id("parent_id", "localities", required=False),
        Column("parts", values.id_list, refers_to="localities"),
        _id("source_id", "sources", required=False), Column("notes"),
    )),
    SeedTable("organisations", "organisations.csv", "org_id", (
        _id("org_id"), Column("name", required=True), Column("kind"), LOCALITY,
        _id("source_id", "sources", required=False),
    )),
    SeedTable("funds", "funds.csv", "fund_id", (
        _id("fund_id"), Column("name", required=True), _id("org_id", "organisations", False),
        LOCALITY, Column("fund_kind", required=True), Column("amount_gbp", values.pounds),
        Column("participatory_gbp", values.pounds), Column("budget_share", values.share),
        Column("period_months", values.positive_whole_number), Column("money_from"),
        Column("approach"), Column("reported_on", values.iso_date), SOURCE, Column("notes"), RETIRED,
        Column("target_lived_experience_share", values.share, in_every_file=False),
    )),
    SeedTable("panels", "panels.csv", "panel_id", (
        _id("panel_id"), _id("fund_id", "funds", False), LOCALITY, Column("name", required=True),
        Column("model"), Column("members", values.positive_whole_number),
        Column("lived_experience_members", values.whole_number, in_every_file=False),
        Column("lived_experience_share", values.share), Column("paid", values.yes_no),
        Column("pay_basis"), Column("trained", values.yes_no), Column("powers"), SOURCE,
        Column("notes"), RETIRED,
    )),
    SeedTable("meetings", "meetings.csv", "meeting_id", (
        _id("meeting_id"), Column("title", required=True), Column("kind", required=True),
        Column("held_on", values.iso_date), _id("organiser_org_id", "organisations", False),
        Column("organiser"), LOCALITY, SOURCE, RETIRED,
    )),
    SeedTable("meeting_places", "meeting_places.csv", None, (
        _id("meeting_id", "meetings"), _id("locality_id", "localities"), Column("note"),
    )),
    SeedTable("speakers", "speakers.csv", "speaker_id", (
        _id("speaker_id"), _id("meeting_id", "meetings"), Column("name", required=True),
        Column("affiliation"),
    )),
    SeedTable("insights", "insights.csv", "insight_id", (
        _id("insight_id"), _id("meeting_id", "meetings"),
        Column("position", values.positive_whole_number, required=True), Column("kind"),
        Column("text", required=True),
    )),
)


@dataclass
class SeedData:
    """Parsed seed rows, by table, ready to insert."""

    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)


def _read_csv(path: Path, spec: SeedTable, problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    csv.field_size_limit(limits.CELL_CHARS + 1)
    reader = None
    try:
        text = read_bounded(path, limits.SEED_FILE_BYTES).decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = reader.fieldnames or []
        missing = [c.name for c in spec.columns if c.in_every_file and c.name not in header]
        if missing:
            problems.append(Problem(spec.file, 1, None, f"missing column(s): {', '.join(missing)}"))
            return []
        return [(number, row) for number, row in enumerate(reader, start=2)]
    except NotReadable as error:  # a folder, a pipe, a device or a file too big is never read
        reason = "the file is missing" if error.reason == MISSING else f"the file is not read: {error.reason}"
        problems.append(Problem(spec.file, None, None, reason))
    except UnicodeDecodeError:
        problems.append(Problem(spec.file, None, None, "the file is not UTF-8 text: save it as 'CSV UTF-8'"))
    except csv.Error as error:
        line = reader.line_num if reader is not None else None
        reason = (f"a cell is longer than the {limits.count(limits.CELL_CHARS)} characters a spreadsheet "
                  "cell holds" if "field larger" in str(error) else f"the file is not readable CSV ({error})")
        problems.append(Problem(spec.file, line, None, reason))
    return []


def check_seed_folder(seed_dir: Path) -> None:
    """``UserError`` in a sentence unless ``seed_dir`` is a folder (its files are checked one by one)."""
    if not seed_dir.is_dir():
        raise UserError(
            f"{seed_dir} is {'a file, not a folder' if seed_dir.exists() else 'not there'}: name the folder "
            "that holds funds.csv and the other seed files (data/seed, or one `python -m dash "
            "export-records` wrote).")


def parse_seed(seed_dir: Path, known_localities: Iterable[str]) -> SeedData:
    """Read and validate every seed file; raise ``SeedError`` listing every problem."""
    check_seed_folder(seed_dir)
    problems: list[Problem] = []
    data = SeedData()
    ids: dict[str, set[str]] = {"localities": set(known_localities)}
    pending_refs: list[tuple[Problem, str, list[str]]] = []

    for spec in SEED_TABLES:
        parsed_rows: list[dict[str, object]] = []
        seen_keys: dict[str, int] = {}
        for number, raw in _read_csv(seed_dir / spec.file, spec, problems):
            if raw.get(None):  # csv.DictReader files surplus cells under None
                problems.append(Problem(
                    spec.file, number, None,
                    "has more cells than there are columns: put a value that contains a comma in quotes",
                ))
                continue
            row: dict[str, object] = {}
            for column in spec.columns:
                cell = (raw.get(column.name) or "").strip()
                if not cell:
                    if column.required:
                        problems.append(Problem(spec.file, number, column.name, "is empty but required"))
                    row[column.name] = [] if column.parse is values.id_list else None
                    continue
                try:
                    row[column.name] = column.parse(cell)
                except ValueError as error:
                    problems.append(Problem(spec.file, number, column.name, str(error)))
                    row[column.name] = None
                    continue
                if column.refers_to:
                    named = row[column.name]
                    targets = named if isinstance(named, list) else [named]
                    where = Problem(spec.file, number, column.name, "")
                    pending_refs.append((where, column.refers_to, targets))  # type: ignore[arg-type]
            key = row.get(spec.key) if spec.key else None
            if key is not None:
                if key in seen_keys or key in ids.get(spec.table, set()):
                    problems.append(Problem(
                        spec.file, number, spec.key,
                        f"id '{key}' is used twice (first at row {seen_keys.get(key, '?')})",
                    ))
                seen_keys[str(key)] = number
            parsed_rows.append(row)
        ids.setdefault(spec.table, set()).update(seen_keys)
        data.rows[spec.table] = parsed_rows
        _check_rows(spec, parsed_rows, problems)

    for where, table, targets in pending_refs:
        for target in targets:
            if target not in ids.get(table, set()):
                problems.append(Problem(
                    where.file, where.row, where.column,
                    f"'{target}' is not a known {_SINGULAR[table]} id",
                ))
    if problems:
        raise SeedError(problems)
    return data


def panel_composition(row: dict[str, object]) -> tuple[str, str] | None:
    """A panel's counts and share agreeing: members with lived experience no more than its members,
    and the share, when both counts are known, theirs (filled in when the source gives only counts).
    Changes ``row`` to fill the share; returns (column, problem) when they disagree."""
    members, lived, share = row.get("members"), row.get("lived_experience_members"), row.get(
        "lived_experience_share")
    if members is None or lived is None:
        return None
    if lived > members:  # type: ignore[operator]
        return ("lived_experience_members", f"{lived} is more than the panel's {members} members")
    derived = lived / members  # type: ignore[operator]
    if share is None:
        row["lived_experience_share"] = derived
    elif abs(share - derived) > 0.005:  # type: ignore[operator]
        return ("lived_experience_share", f"{share:.0%} does not match {lived} of {members} members "
                f"({derived:.0%}): correct one, or leave the share empty to have it worked out")
    return None


def _check_rows(spec: SeedTable, rows: list[dict[str, object]], problems: list[Problem]) -> None:
    """Rules that need two columns of one row."""
    if spec.table == "funds":
        for number, row in enumerate(rows, start=2):
            amount, part = row.get("amount_gbp"), row.get("participatory_gbp")
            if amount is not None and part is not None and part > amount:  # type: ignore[operator]
                problems.append(Problem(
                    spec.file, number, "participatory_gbp",
                    f"{money_exact(part)} is more than the fund's size of {money_exact(amount)}",  # type: ignore[arg-type]
                ))
    if spec.table == "panels":
        for number, row in enumerate(rows, start=2):
            problem = panel_composition(row)
            if problem:
                problems.append(Problem(spec.file, number, *problem))
    if spec.table == "insights":
        seen: dict[tuple[object, object], int] = {}
        for number, row in enumerate(rows, start=2):
            slot = (row.get("meeting_id"), row.get("position"))
            if slot in seen:
                problems.append(Problem(
                    spec.file, number, "position",
                    f"meeting '{slot[0]}' already has a key point at position {slot[1]} (row {seen[slot]})",
                ))
            seen[slot] = number


def _insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    insert_rows(connection, table, [[row[name] for name in names] for row in rows], names)


def load_seed(connection: duckdb.DuckDBPyConnection, data: SeedData) -> None:
    """Insert parsed seed rows; seed places become localities with their parts."""
    for spec in SEED_TABLES:
        rows = data.rows.get(spec.table, [])
        if spec.table == "localities":
            parts = [
                {"locality_id": row["locality_id"], "part_id": part}
                for row in rows for part in row["parts"]  # type: ignore[union-attr]
            ]
            rows = [{k: v for k, v in row.items() if k != "parts"} for row in rows]
            _insert(connection, "localities", rows)
            _insert(connection, "locality_parts", parts)
        else:
            _insert(connection, spec.table, rows)
