import io

import pandas as pd
from openpyxl import load_workbook

from dash.export.tables import csv_bytes, excel_bytes, safe_table

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTabbed",
           "\rReturn", "Plain text", "£1,300,000"]


def test_formula_like_text_is_neutralised():
    table = pd.DataFrame({"Name": HOSTILE, "=Header": range(len(HOSTILE))})
    safe = safe_table(table)
    assert list(safe["Name"]) == ["'" + v for v in HOSTILE[:6]] + ["Plain text", "£1,300,000"]
    assert list(safe.columns) == ["Name", "'=Header"]
    assert table["Name"].iloc[0].startswith("=")  # the original is left alone


def test_csv_download_is_safe_and_excel_friendly():
    data = csv_bytes(pd.DataFrame({"Fund": ["=cmd|' /C calc'!A0", "City Lab"], "Size": ["£14,000", "£1"]}))
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM so Excel reads the pound sign
    text = data.decode("utf-8-sig")
    assert "'=cmd" in text and "\n=cmd" not in text and "£14,000" in text


def test_excel_download_stores_text_not_formulas():
    workbook = load_workbook(io.BytesIO(excel_bytes(pd.DataFrame({"Fund": HOSTILE}), "Fund sizes")))
    sheet = workbook["Fund sizes"]
    values = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert all(not str(v).startswith(("=", "+", "-", "@")) for v in values)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
