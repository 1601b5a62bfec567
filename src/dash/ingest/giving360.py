"""Reading grants published in the 360Giving Data Standard, in any of its three forms.

The standard comes in a spreadsheet form (CSV or XLSX, one column per field with titles such as
``Recipient Org:Name``) and a JSON form (``{"grants": [...]}``). A spreadsheet is turned into the
JSON form the way flattentool, the standard's own converter, does it: each column found by its
title (or JSON path) in the standard's schema (``dash.ingest.giving360_schema``) and its value given
the schema's type; other columns kept as the publisher's own. ``tests/ingest/test_flattentool.py``
holds this to flattentool's output on the standard's example files. flattentool itself is not used
here: it reads a 100,000-row file in minutes where the write path has 20 seconds.

What is wrong with a grant is found by ``dash.ingest.giving360_checks``; this module only reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from dash import format as fmt
from dash.errors import UserError
from dash.ingest import limits
from dash.ingest.giving360_schema import Field, dei_field_for, field_for_heading, normalised, schema
from dash.ingest.text import clean, decode

SPREADSHEET, JSON_FORM = "spreadsheet", "json"


class GrantsFileError(UserError):
    """The file cannot be read as 360Giving data at all."""


class Row(NamedTuple):
    """One grant as read: where it was (a spreadsheet's row number, or its place in the JSON list), the
    grant in the standard's JSON form, and the publisher's own fields."""
    number: int
    grant: dict
    extra: dict
    form: str = SPREADSHEET
    has_at: bool = True  # whether any of its text holds an '@': only then is it searched for e-mails


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


def _cell(value: object) -> object:
    """A cell as a spreadsheet means it: text cleaned of control characters, whole numbers as such
    (Excel keeps every number as a float; flattentool's reader gives whole ones as integers)."""
    if isinstance(value, str):
        return value if value.isprintable() else clean(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _typed(field: Field, value: object) -> object:
    """A cell's value in the type the schema gives its field, as flattentool converts it: a number
    that is not one stays text (the schema check then says so), a list is split at semicolons, a
    date and time from a spreadsheet is written in full, in UTC."""
    kind = field.kind
    if kind in ("number", "integer"):
        if isinstance(value, bool):
            return value
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return str(value)
        if not number.is_finite():
            return str(value)
        if kind == "integer" or number == number.to_integral_value() or abs(number) >= 10 ** 15:
            return int(number)  # Python's integers hold any size: a 400-digit amount stays a number
        return float(number)  # as JSON holds it (the validator takes no Decimal); the store re-reads it
    if kind == "boolean":
        text = str(value).lower()
        return True if text in ("true", "1") else False if text in ("false", "0") else str(value)
    if kind == "array":
        return str(value).split(";")
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return moment.isoformat()
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), dt.UTC).isoformat()
    return str(value)


def _place(grant: dict, field: Field, value: object) -> None:
    node = grant
    for key, is_list in zip(field.path[:-1], field.lists[:-1], strict=True):
        if is_list:
            items = node.setdefault(key, [{}])
            node = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}
        else:
            inner = node.setdefault(key, {})
            node = inner if isinstance(inner, dict) else {}
    node[field.path[-1]] = value


_EXTRA = object()  # a heading that is no field of the standard's: the publisher's own column


def _unflatten(rows: list[tuple[int, dict[str, object]]]) -> list[Row]:
    """Spreadsheet rows → grants in the JSON form, with the publisher's own columns apart.

    Each heading is looked up once per file, and text cells for text fields (most of them) are
    taken as they are: the loop runs once per cell of a file that may hold millions.
    """
    lookup = field_for_heading()
    plan: dict[object, object] = {}  # heading → its field, or _EXTRA
    grants = []
    for number, row in rows:
        grant: dict = {}
        extra: dict[str, object] = {}
        has_at = False
        for heading, value in row.items():
            if heading is None or value is None or value == "":  # as flattentool: a space is a value
                continue
            field = plan.get(heading)
            if field is None:
                field = plan[heading] = lookup.get(normalised(str(heading))) or dei_field_for(str(heading)) \
                    or _EXTRA
            if type(value) is str:
                if not value.isprintable():
                    value = clean(value)
                if len(value) > limits.CELL_CHARS:
                    raise GrantsFileError(f"Row {number}, column {str(heading)[:60]}: the cell holds "
                                          f"{limits.count(len(value))} characters, more than the "
                                          f"{limits.count(limits.CELL_CHARS)} a spreadsheet cell holds.")
                if "@" in value:
                    has_at = True
            else:
                value = _cell(value)
            if field is _EXTRA:
                extra[str(heading).strip()] = value if isinstance(value, str | int | float) else str(value)
                continue
            typed = value if field.kind == "string" and type(value) is str else _typed(field, value)
            if len(field.path) == 1:
                grant[field.path[0]] = typed
            else:
                _place(grant, field, typed)
        grants.append(Row(number, grant, extra, SPREADSHEET, has_at))
    return grants


def _read_csv(raw: bytes, notes: list[str]) -> list[Row]:
    csv.field_size_limit(limits.CELL_CHARS + 1)
    reader = csv.DictReader(io.StringIO(_decode(raw, notes), newline=""))
    rows: list[tuple[int, dict]] = []
    lookup = field_for_heading()
    try:
        if not reader.fieldnames or not any(normalised(f) in lookup for f in reader.fieldnames):
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
        raise GrantsFileError(f"The spreadsheet unzips to {fmt.megabytes(inflated)}, more than the "
                              f"{fmt.megabytes(limits.XLSX_INFLATED_BYTES)} an import may: "
                              "save it as CSV, "
                              "or split it into files by year.")


def _read_xlsx(raw: bytes) -> tuple[list[Row], list[str]]:
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
        if not header or "identifier" not in {normalised(str(h)) for h in header if h not in (None, "")}:
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


def _read_json(raw: bytes, notes: list[str]) -> list[Row]:
    too_deep = GrantsFileError(f"The JSON nests deeper than {limits.JSON_DEPTH} levels; 360Giving data "
                               "nests four or five: check the file is a grants file.")
    text = _decode(raw, notes)

    def not_json(constant: str) -> None:
        raise GrantsFileError(f"The JSON holds {constant}, which is not a number JSON allows: write "
                              "the value in digits.")
    try:
        data = json.loads(text, parse_constant=not_json)
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
    known = set(schema()["properties"])
    any_at = "@" in text  # most files hold none: then no grant needs searching for e-mail addresses
    return [
        Row(index, {k: v for k, v in grant.items() if k in known},
            {k: v for k, v in grant.items() if k not in known}, JSON_FORM,
            any_at and "@" in json.dumps(grant, ensure_ascii=False, default=str))
        for index, grant in enumerate(grants, start=1)
    ]


def read_grants(raw: bytes, filename: str) -> tuple[list[Row], list[str], list[str]]:
    """Grants in JSON form from any of the three forms, the sheets not read, and notes on how the
    file was read (its encoding, when guessed)."""
    if not raw.strip():
        raise GrantsFileError("The file is empty: choose the funder's 360Giving file.")
    if len(raw) > limits.GRANTS_FILE_BYTES:
        raise GrantsFileError(f"The file is {fmt.megabytes(len(raw))}, more than the "
                              f"{fmt.megabytes(limits.GRANTS_FILE_BYTES)} one import may be: "
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
