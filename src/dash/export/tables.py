"""Table downloads (CSV, Excel) of exactly what a chart shows, safe to open in a spreadsheet.

- **Numbers as numbers.** A chart's table shows money and shares as the words trustees read
  (``£1,300,000``, ``40%``: ``dash.format``); a download turns a column written wholly that way
  back into numbers (``dash.format.money_value``, ``share_value``), so a spreadsheet can add them
  up, and Excel shows them with £ and % formats. A value the sources do not give is an empty cell.
- **Never a formula.** A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return (or the fullwidth ``＝ ＋ － ＠``, which spreadsheets read as the same) would be run as a
  formula by Excel or LibreOffice; such cells are prefixed with an apostrophe so they show as text.
- **Always opens.** Control characters (which Excel's file format cannot hold) are removed, and
  the sheet's name is made valid: at most 31 characters, none of ``[ ] : * ? / \\``.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from dash.format import MISSING, money_value, share_value
from dash.ingest.text import clean

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what openpyxl refuses (tab and breaks stay)
MONEY_FORMAT, SHARE_FORMAT = '"£"#,##0', "0%"


def neutralise(value: object) -> object:
    if isinstance(value, str):
        value = _CONTROL.sub("", clean(value)) if _CONTROL.search(value) else value
        if value.startswith(_FORMULA_STARTS):
            return "'" + value
    return value


def _as_numbers(column: pd.Series, parse) -> pd.Series | None:
    """The column as numbers when every value is written the way ``parse`` reads, or is missing."""
    if any(not isinstance(value, str) and not pd.isna(value) for value in column):
        return None
    parsed = {value: parse(value) for value in column if isinstance(value, str) and value not in MISSING}
    if not parsed or any(number is None for number in parsed.values()):
        return None
    whole = all(float(number).is_integer() for number in parsed.values())
    return column.map(lambda value: parsed.get(value)).astype("Int64" if whole else "Float64")


def numeric_formats(table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """A copy with money and share columns as numbers, and the spreadsheet format for each."""
    converted, formats = table.copy(), {}
    for name in converted.columns:
        column = converted[name]
        if not (column.dtype == object or pd.api.types.is_string_dtype(column)):
            continue
        for parse, number_format in ((money_value, MONEY_FORMAT), (share_value, SHARE_FORMAT)):
            numbers = _as_numbers(column, parse)
            if numbers is not None:
                converted[name], formats[str(name)] = numbers, number_format
                break
    return converted, formats


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy with formula-like text cells (and column names) neutralised, control characters gone."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows £ signs correctly. Money and shares are numbers,
    their unit in the header, as a CSV has no formats: "Size (£)" 1300000, "Share (%)" 40."""
    numbers, formats = numeric_formats(table)
    for name, number_format in formats.items():
        if number_format == SHARE_FORMAT:
            numbers[name] = (numbers[name].astype("Float64") * 100).round(0).astype("Int64")
    numbers.columns = [f"{name} ({'£' if formats[str(name)] == MONEY_FORMAT else '%'})"
                       if str(name) in formats else name for name in numbers.columns]
    return safe_table(numbers).to_csv(index=False).encode("utf-8-sig")


def sheet_name(title: str) -> str:
    """A name Excel accepts for a sheet, from a chart's title ("Who decides?" → "Who decides")."""
    name = re.sub(r"\s+", " ", _SHEET_FORBIDDEN.sub("", clean(title or ""))).strip().strip("'")[:31].strip()
    return name or "Data"


def excel_bytes(table: pd.DataFrame, sheet: str = "Data") -> bytes:
    numbers, formats = numeric_formats(table)
    safe = safe_table(numbers)
    name = sheet_name(sheet)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=name, index=False)
        worksheet = writer.sheets[name]
        for index, column in enumerate(numbers.columns, start=1):
            number_format = formats.get(str(column))
            shown = [len(str(safe.columns[index - 1]))] + [len(str(v)) for v in safe.iloc[:200, index - 1]]
            width = max(shown)
            worksheet.column_dimensions[worksheet.cell(1, index).column_letter].width = min(60, width + 2)
            if number_format:
                for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
    return buffer.getvalue()
