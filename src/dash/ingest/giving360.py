"""Reading and checking grants published in the 360Giving Data Standard.

The standard comes in a spreadsheet form (CSV or XLSX, one column per field with
titles such as ``Recipient Org:Name``) and a JSON form (``{"grants": [...]}``).
Column titles, required fields and currency codes are read from the standard's
own schema, shipped in ``data/standards/``, so the importer follows the standard
rather than a hand-written list. Publishers' own extra columns are kept.

Checks follow the spirit of 360Giving's data-quality tool: problems that make a
grant unusable are errors and stop the import; the rest are warnings, reported
with the rows they affect.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dash.errors import UserError
from dash.ingest import limits
from dash.ingest.text import clean, decode
from dash.paths import DATA_DIR

SCHEMA = DATA_DIR / "standards" / "360-giving-schema.json"
ERROR, WARNING = "error", "warning"

_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class GrantsFileError(UserError):
    """The file cannot be read as 360Giving data at all."""


@dataclass(frozen=True)
class Problem:
    severity: str
    check: str
    row: int | None
    column: str | None
    message: str


@dataclass
class Grant:
    """One grant as the store keeps it, with the file row it came from."""

    row: int
    grant_id: str
    title: str | None
    description: str | None
    currency: str | None
    amount_awarded: Decimal | None
    award_date: dt.date | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    recipient_org_id: str | None
    recipient_org_name: str | None
    funding_org_id: str | None
    funding_org_name: str | None
    grant_programme_title: str | None
    beneficiary_location_code: str | None
    beneficiary_location_name: str | None
    extra: dict[str, object] = field(default_factory=dict)

    def as_record(self) -> dict[str, object]:
        """JSON-safe, for the import log that rebuilds replay."""
        record = {k: v for k, v in self.__dict__.items() if k != "row"}
        for key, value in record.items():
            if isinstance(value, dt.date):
                record[key] = value.isoformat()
            elif isinstance(value, Decimal):
                record[key] = format(value, "f")
        return record


# --- the schema ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def _normalise(title: str) -> str:
    return re.sub(r"\s*:\s*", ":", re.sub(r"\s+", " ", title.strip().lower()))


@functools.cache
def _schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _resolve(reference: str | None) -> dict | None:
    if not reference:
        return None
    return _schema()["$defs"].get(reference.rsplit("/", 1)[-1])


@functools.cache
def column_paths() -> dict[str, tuple[str, ...]]:
    """Spreadsheet column title (normalised) → the field's path in the JSON form."""
    paths: dict[str, tuple[str, ...]] = {}
    for key, prop in _schema()["properties"].items():
        target = _resolve(prop.get("$ref") or (prop.get("items") or {}).get("$ref"))
        title = prop.get("title") or (target or {}).get("title") or key[0].upper() + key[1:]
        paths[_normalise(key)] = (key,)
        if target and "properties" in target:
            for child_key, child in target["properties"].items():
                child_title = child.get("title") or child_key[0].upper() + child_key[1:]
                paths[_normalise(f"{title}:{child_title}")] = (key, child_key)
        else:
            paths[_normalise(title)] = (key,)
    return paths


@functools.cache
def column_titles() -> dict[tuple[str, ...], str]:
    """A field's path → the title a spreadsheet gives it, for messages people recognise."""
    titles: dict[tuple[str, ...], str] = {}
    for key, prop in _schema()["properties"].items():
        target = _resolve(prop.get("$ref") or (prop.get("items") or {}).get("$ref"))
        title = prop.get("title") or (target or {}).get("title") or key[0].upper() + key[1:]
        titles[(key,)] = title
        for child_key, child in ((target or {}).get("properties") or {}).items():
            titles[(key, child_key)] = f"{title}:{child.get('title') or child_key}"
    return titles


@functools.cache
def currency_codes() -> frozenset[str]:
    return frozenset(_schema()["$defs"]["currency"]["enum"])


@functools.cache
def required_fields() -> tuple[str, ...]:
    """Fields every grant needs, whichever recipient form it uses."""
    options = [set(option["required"]) for option in _schema()["oneOf"]]
    return tuple(sorted(set.intersection(*options)))


# --- reading the three forms ---------------------------------------------------------------------

def _decode(raw: bytes, notes: list[str]) -> str:
    try:
        decoded = decode(raw, "The file")
    except UserError as error:
        raise GrantsFileError(str(error)) from None
    if decoded.note:
        notes.append(decoded.note)
    return decoded.text


def _too_many_rows() -> GrantsFileError:
    return GrantsFileError(f"The file holds more than {limits.count(limits.GRANT_ROWS)} grants, the most one "
                           "import may hold: split it into files by year.")


def _cell_value(value: object) -> object:
    """A spreadsheet cell as the standard's JSON would hold it: text cleaned, whole numbers as such."""
    if isinstance(value, str):
        return (value if value.isprintable() else clean(value)).strip()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _unflatten(rows: list[tuple[int, dict[str, object]]]) -> list[tuple[int, dict, dict]]:
    """Spreadsheet rows → (row number, grant in JSON form, publisher's own columns)."""
    paths = column_paths()
    path_of: dict[object, tuple[str, ...] | None] = {}  # each title looked up once, not once per cell
    grants = []
    for number, row in rows:
        grant: dict = {}
        extra: dict[str, object] = {}
        for title, value in row.items():
            if title is None or value is None or (isinstance(value, str) and not value.strip()):
                continue
            value = _cell_value(value)
            if isinstance(value, str) and len(value) > limits.CELL_CHARS:
                raise GrantsFileError(f"Row {number}, column {str(title)[:60]}: the cell holds "
                                      f"{limits.count(len(value))} characters, more than the "
                                      f"{limits.count(limits.CELL_CHARS)} a spreadsheet cell holds.")
            if title in path_of:
                path = path_of[title]
            else:
                path = path_of[title] = paths.get(_normalise(str(title)))
            if path is None:
                extra[str(title).strip()] = value if isinstance(value, (str, int, float)) else str(value)
            elif len(path) == 1:
                grant[path[0]] = value
            else:
                parent = grant.setdefault(path[0], [{}])
                if isinstance(parent, list):
                    parent[0][path[1]] = value
        grants.append((number, grant, extra))
    return grants


def _read_csv(raw: bytes, notes: list[str]) -> list[tuple[int, dict, dict]]:
    csv.field_size_limit(limits.CELL_CHARS + 1)
    reader = csv.DictReader(io.StringIO(_decode(raw, notes), newline=""))
    rows: list[tuple[int, dict]] = []
    try:
        if not reader.fieldnames or not any(_normalise(f) in column_paths() for f in reader.fieldnames):
            raise GrantsFileError("No column has a 360Giving title such as 'Identifier' or 'Amount Awarded'.")
        for number, row in enumerate(reader, start=2):
            if len(rows) >= limits.GRANT_ROWS:
                raise _too_many_rows()
            rows.append((number, row))
    except csv.Error as error:
        if "field larger" in str(error):
            raise GrantsFileError(f"Line {reader.line_num}: a cell is longer than the "
                                  f"{limits.count(limits.CELL_CHARS)} characters a spreadsheet cell holds."
                                  ) from None
        raise GrantsFileError(f"Line {reader.line_num} is not readable CSV ({error}).") from None
    return _unflatten(rows)


def _check_zip(raw: bytes) -> None:
    """Read the spreadsheet's zip directory before opening it: a file that would unzip to more than
    the limit (a 'zip bomb', or simply too big) is refused before any of it is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise GrantsFileError("The spreadsheet is damaged (it is not a whole .xlsx file): save it again "
                              "from Excel, or export it as CSV.") from None
    if inflated > limits.XLSX_INFLATED_BYTES:
        raise GrantsFileError(f"The spreadsheet unzips to {limits.megabytes(inflated)}, more than the "
                              f"{limits.megabytes(limits.XLSX_INFLATED_BYTES)} an import may: "
                              "save it as CSV, "
                              "or split it into files by year.")


def _read_xlsx(raw: bytes) -> tuple[list[tuple[int, dict, dict]], list[str]]:
    from python_calamine import CalamineWorkbook

    _check_zip(raw)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
                  for name in book.sheet_names]
    except Exception as error:  # calamine raises its own kinds for a damaged file
        raise GrantsFileError(f"The spreadsheet could not be read ({type(error).__name__}): save it again "
                              "from Excel, or export it as CSV.") from None
    rows: list[tuple[int, dict]] = []
    skipped = []
    for name, cells_by_row in sheets:
        header = cells_by_row[0] if cells_by_row else None
        if not header or "identifier" not in {_normalise(str(h)) for h in header if h not in (None, "")}:
            skipped.append(name)
            continue
        titles = [str(h) if h not in (None, "") else None for h in header]
        for number, cells in enumerate(cells_by_row[1:], start=2):
            if any(c not in (None, "") for c in cells):
                if len(rows) >= limits.GRANT_ROWS:
                    raise _too_many_rows()
                rows.append((number, {h: c for h, c in zip(titles, cells, strict=False) if h is not None}))
    if not rows:
        raise GrantsFileError("No sheet has an 'Identifier' column with grants under it.")
    return _unflatten(rows), skipped


def _depth_over(value: object, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit`` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((inner, depth + 1) for inner in (item.values() if isinstance(item, dict) else item))
    return False


def _read_json(raw: bytes, notes: list[str]) -> list[tuple[int, dict, dict]]:
    too_deep = GrantsFileError(f"The JSON nests deeper than {limits.JSON_DEPTH} levels; 360Giving data "
                               "nests four or five: check the file is a grants file.")
    try:
        data = json.loads(_decode(raw, notes))
    except json.JSONDecodeError as error:
        raise GrantsFileError(f"The JSON is malformed at line {error.lineno}: {error.msg}.") from None
    except RecursionError:
        raise too_deep from None
    if _depth_over(data, limits.JSON_DEPTH):
        raise too_deep
    grants = data.get("grants") if isinstance(data, dict) else data
    if not isinstance(grants, list):
        raise GrantsFileError('The JSON has no "grants" list.')
    if len(grants) > limits.GRANT_ROWS:
        raise _too_many_rows()
    for index, grant in enumerate(grants, start=1):
        if not isinstance(grant, dict):
            raise GrantsFileError(f"Grant {index} in the \"grants\" list is not a grant (a JSON object "
                                  "with fields such as \"id\" and \"amountAwarded\").")
    known = set(_schema()["properties"])
    return [
        (index, {k: v for k, v in grant.items() if k in known},
         {k: v for k, v in grant.items() if k not in known})
        for index, grant in enumerate(grants, start=1)
    ]


def read_grants(raw: bytes, filename: str) -> tuple[list[tuple[int, dict, dict]], list[str], list[str]]:
    """Grants in JSON form from any of the three forms, the sheets not read, and notes on how the
    file was read (its encoding, when guessed)."""
    if not raw.strip():
        raise GrantsFileError("The file is empty: choose the funder's 360Giving file.")
    if len(raw) > limits.GRANTS_FILE_BYTES:
        raise GrantsFileError(f"The file is {limits.megabytes(len(raw))}, more than the "
                              f"{limits.megabytes(limits.GRANTS_FILE_BYTES)} one import may be: "
                              "split it by year.")
    suffix = Path(filename).suffix.lower()
    notes: list[str] = []
    if suffix == ".xlsx" or raw[:2] == b"PK":
        rows, skipped = _read_xlsx(raw)
        return rows, skipped, notes
    if suffix == ".json" or raw.lstrip()[:1] in (b"{", b"["):
        return _read_json(raw, notes), [], notes
    if suffix in ("", ".csv", ".txt"):
        return _read_csv(raw, notes), [], notes
    raise GrantsFileError(f"'{suffix[:20]}' files are not 360Giving data: use CSV, XLSX or JSON.")


# --- values ---------------------------------------------------------------------------------------

def _first(grant: dict, key: str) -> dict:
    value = grant.get(key)
    if isinstance(value, list):
        return value[0] if value and isinstance(value[0], dict) else {}
    return value if isinstance(value, dict) else {}


def _as_list(value: object) -> list:
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


_SPACES = re.compile(r"\s+")


def _text(value: object) -> str | None:
    """Text as the store keeps it: control characters gone, runs of spaces and line breaks one space."""
    if value is None or isinstance(value, dict | list):
        return None
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable() or "  " in text:
        text = _SPACES.sub(" ", clean(text))
    return text.strip() or None


def _amount(value: object) -> Decimal:
    """An amount the store can hold: a finite number under £1 trillion either way."""
    if isinstance(value, bool | dict | list):
        raise ValueError(f"'{str(value)[:40]}' is not an amount")
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        cleaned = re.sub(r"[£$€,\s]", "", str(value))
        if len(cleaned) > 40:
            raise ValueError(f"'{cleaned[:20]}…' ({len(cleaned)} characters) is not an amount")
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"'{str(value)[:40]}' is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"'{str(value)[:40]}' is not a number")
    if abs(amount) >= limits.MONEY_LIMIT:
        raise ValueError(f"{str(value)[:40]} is £1 trillion or more, beyond any grant (and what the "
                         "store can hold)")
    return amount.quantize(Decimal("0.01")) if amount.as_tuple().exponent < -2 else amount


def _date(value: object) -> tuple[dt.date, bool]:
    """A date and whether it was written the standard's way (ISO)."""
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    text = str(value).strip()[:40]
    try:
        return dt.date.fromisoformat(text[:10]), True
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match:
        try:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1))), False
        except ValueError:
            pass
    raise ValueError(f"'{text}' is not a date")


# --- checks ---------------------------------------------------------------------------------------

def check_grants(
    rows: list[tuple[int, dict, dict]], today: dt.date | None = None
) -> tuple[list[Grant], list[Problem]]:
    """Turn JSON-form grants into ``Grant`` rows and list every problem found."""
    today = today or dt.date.today()
    titles = column_titles()
    problems: list[Problem] = []
    grants: list[Grant] = []
    seen_ids: dict[str, int] = {}
    funder_ids: dict[str, set[str]] = defaultdict(set)

    def problem(severity: str, check: str, row: int, path: tuple[str, ...] | None, message: str) -> None:
        problems.append(Problem(severity, check, row, titles.get(path, path[-1]) if path else None, message))

    for number, data, extra in rows:
        recipient, funder = _first(data, "recipientOrganization"), _first(data, "fundingOrganization")
        for key in required_fields():
            if data.get(key) in (None, "", []):
                problem(ERROR, "Required field missing", number, (key,), "is required by the standard")
        if not recipient and not data.get("recipientIndividual"):
            problem(ERROR, "Required field missing", number, ("recipientOrganization",),
                    "a recipient organisation (or individual) is required")
        for parent, org in (("recipientOrganization", recipient), ("fundingOrganization", funder)):
            if org:
                for key in ("id", "name"):
                    if not _text(org.get(key)):
                        problem(ERROR, "Required field missing", number, (parent, key), "is required")

        amount = award = start = end = None
        if data.get("amountAwarded") not in (None, ""):
            try:
                amount = _amount(data["amountAwarded"])
            except ValueError as error:
                problem(ERROR, "Wrong type", number, ("amountAwarded",), f"{error}: write a number")
        currency = _text(data.get("currency"))
        if currency and currency.upper() not in currency_codes():
            problem(ERROR, "Unknown currency code", number, ("currency",),
                    f"'{currency}' is not an ISO 4217 code such as GBP")
        dates = {"awardDate": None, "startDate": None, "endDate": None}
        planned = _first(data, "plannedDates")
        for key, raw_value, path in (("awardDate", data.get("awardDate"), ("awardDate",)),
                                     ("startDate", planned.get("startDate"), ("plannedDates", "startDate")),
                                     ("endDate", planned.get("endDate"), ("plannedDates", "endDate"))):
            if raw_value in (None, ""):
                continue
            try:
                dates[key], is_iso = _date(raw_value)
            except ValueError as error:
                severity = ERROR if key == "awardDate" else WARNING
                problem(severity, "Date not readable", number, path, f"{error}: write it as YYYY-MM-DD")
                continue
            if not is_iso:
                problem(WARNING, "Date not in the standard's format", number, path,
                        f"'{raw_value}' read as {dates[key]:%d %B %Y}; the standard asks for YYYY-MM-DD")
        award, start, end = dates["awardDate"], dates["startDate"], dates["endDate"]

        grant_id = _text(data.get("id")) or ""
        if not grant_id and data.get("id") not in (None, "", []):
            problem(ERROR, "Wrong type", number, ("id",), "must be text, such as 360G-ExampleTrust-1234")
        if grant_id in seen_ids:
            problem(ERROR, "Identifier used twice", number, ("id",),
                    f"'{grant_id}' is also the identifier of row {seen_ids[grant_id]}")
        elif grant_id:
            seen_ids[grant_id] = number

        if amount is not None and amount <= 0:
            problem(WARNING, "Zero or negative amount", number, ("amountAwarded",), f"the amount is {amount}")
        if award and award > today:
            problem(WARNING, "Award date in the future", number, ("awardDate",), f"{award:%d %B %Y}")
        for key, value in (("awardDate", award), ("startDate", start), ("endDate", end)):
            if value and (value.year < 1990 or value.year > today.year + 10):
                path = ("awardDate",) if key == "awardDate" else ("plannedDates", key)
                problem(WARNING, "Date far in the past or future", number, path, f"{value:%d %B %Y}")
        if start and end and start > end:
            problem(WARNING, "Planned start after planned end", number, ("plannedDates", "startDate"),
                    f"starts {start:%d %B %Y}, ends {end:%d %B %Y}")
        location = next((loc for loc in _as_list(data.get("beneficiaryLocation")) if isinstance(loc, dict)
                         and loc.get("geoCode")), _first(data, "beneficiaryLocation"))
        code = _text(location.get("geoCode"))
        if code and _POSTCODE.match(code):
            problem(WARNING, "Geographic code looks like a postcode", number,
                    ("beneficiaryLocation", "geoCode"), f"'{code}' is not an area code such as E06000023")
        for key, value in _strings(data, extra) if _strings_need_a_look(data, extra) else ():
            if len(value) > limits.CELL_CHARS:
                problem(ERROR, "Text too long", number, None, f"{key[:60]} holds {limits.count(len(value))} "
                        f"characters, more than the {limits.count(limits.CELL_CHARS)} a cell holds")
            if "@" in value and _EMAIL.search(value):
                problem(WARNING, "Text looks like an e-mail address", number, None,
                        f"{key} contains an e-mail address: check it may be published (data protection)")
        funder_name = _text(funder.get("name"))
        if funder_name and _text(funder.get("id")):
            funder_ids[funder_name].add(_text(funder.get("id")))

        grants.append(Grant(
            row=number, grant_id=grant_id, title=_text(data.get("title")),
            description=_text(data.get("description")), currency=(currency or "").upper() or None,
            amount_awarded=amount, award_date=award, planned_start=start, planned_end=end,
            recipient_org_id=_text(recipient.get("id")), recipient_org_name=_text(recipient.get("name")),
            funding_org_id=_text(funder.get("id")), funding_org_name=funder_name,
            grant_programme_title=_text(_first(data, "grantProgramme").get("title")),
            beneficiary_location_code=code, beneficiary_location_name=_text(location.get("name")),
            extra=extra,
        ))
    for name, ids in funder_ids.items():
        if len(ids) > 1:
            problems.append(Problem(WARNING, "One funder name with several identifiers", None, "Funding Org",
                                    f"'{name}' appears as {', '.join(sorted(ids))}"))
    return grants, problems


def _strings_need_a_look(data: dict, extra: dict) -> bool:
    """Whether any text in the grant holds an '@' or is over-long: only then is each named (rare)."""
    stack: list[object] = [data, extra]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "@" in value or len(value) > limits.CELL_CHARS:
                return True
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _strings(data: dict, extra: dict) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(value: object, where: str) -> None:
        if isinstance(value, str):
            found.append((where, value))
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{where}:{key}" if where else key)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, where)

    walk(data, "")
    walk(extra, "")
    return found


def report_lines(problems: list[Problem]) -> list[str]:
    """The quality report, grouped by check, errors first, naming rows and columns."""
    lines: list[str] = []
    for severity, heading in ((ERROR, "Errors (the import was stopped; nothing was changed)"),
                              (WARNING, "Warnings (these never stop an import; worth fixing at source)")):
        chosen = [p for p in problems if p.severity == severity]
        if not chosen:
            continue
        lines.append(f"{heading}:")
        by_check: dict[str, list[Problem]] = defaultdict(list)
        for found in chosen:
            by_check[found.check].append(found)
        for check, items in by_check.items():
            lines.append(f"  {check} ({len(items)}):")
            for item in items[:20]:
                where = f"row {item.row}" if item.row is not None else "file"
                column = f", column {item.column}" if item.column else ""
                lines.append(f"    - {where}{column}: {item.message}")
            if len(items) > 20:
                lines.append(f"    - … and {len(items) - 20} more")
    return lines
