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
    assert "'=cmd" in text and "\n=cmd" not in text
    assert text.splitlines()[0] == "Fund,Size (£)" and text.splitlines()[2] == "City Lab,1"


def test_excel_download_stores_text_not_formulas():
    workbook = load_workbook(io.BytesIO(excel_bytes(pd.DataFrame({"Fund": HOSTILE}), "Fund sizes")))
    sheet = workbook["Fund sizes"]
    values = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert all(not str(v).startswith(("=", "+", "-", "@")) for v in values)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_fullwidth_formula_signs_are_neutralised_too():
    for sign in ("＝", "＋", "－", "＠"):
        assert safe_table(pd.DataFrame({"x": [f"{sign}1+1"]}))["x"].iloc[0] == f"'{sign}1+1"


def test_any_title_makes_a_valid_unique_sheet_and_control_characters_are_dropped():
    from dash.export.tables import sheet_name

    assert sheet_name("How big is each fund?") == "How big is each fund"
    long_title = "Money [£]: in/out * \\ ? of 2022-23 and a very long rest"
    assert sheet_name(long_title) == "Money £ inout of 2022-23 and a"  # Excel's 31 characters at most
    assert sheet_name("'''") == "Data" and sheet_name("\x07") == "Data"
    hostile = pd.DataFrame({"Name": ["bell\x07 here", "escape\x1b[31m red", "ok\tthen"]})
    sheet = load_workbook(io.BytesIO(excel_bytes(hostile, "Who decides? \x01"))).active
    assert sheet.title == "Who decides"
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["bell here", "escape red", "ok\tthen"]


def test_money_and_shares_download_as_numbers_with_their_formats():
    table = pd.DataFrame({"Fund": ["City Lab", "Food"], "Size": ["£14,000", "not stated"],
                          "Share": ["100%", "40%"], "Note": ["£1.3m", "x"]})
    sheet = load_workbook(io.BytesIO(excel_bytes(table, "Funds"))).active
    size, share, note = (sheet.cell(2, column) for column in (2, 3, 4))
    assert (size.value, size.number_format) == (14000, '"£"#,##0') and sheet.cell(3, 2).value is None
    assert (share.value, share.number_format) == (1, "0%") and sheet.cell(3, 3).value == 0.4
    assert note.value == "£1.3m"  # not written exactly: kept as the words it is
    text = csv_bytes(table).decode("utf-8-sig").splitlines()
    assert text == ["Fund,Size (£),Share (%),Note", "City Lab,14000,100,£1.3m", "Food,,40,x"]


def test_every_chart_s_table_opens_in_excel(db):
    from dash import catalogue
    from dash.filters import Filters

    for name in catalogue.CATALOGUE:
        chart = catalogue.build(name, db.cursor(), Filters())
        if chart.is_empty:
            continue
        book = load_workbook(io.BytesIO(excel_bytes(chart.table, chart.title)))
        assert book.active.max_row == len(chart.table) + 1, name
