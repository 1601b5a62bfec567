"""Large inputs for the write benchmark and the hostile-input tests, generated, never committed.

Deterministic for a given seed: a mid-sized funder's 360Giving file (as CSV or XLSX), a long
meeting write-up, and a zip bomb shaped like a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile

HEADER = (
    "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
    "Planned Dates:Start Date", "Planned Dates:End Date", "Recipient Org:Identifier", "Recipient Org:Name",
    "Beneficiary Location:Name", "Beneficiary Location:Geographic Code", "Funding Org:Identifier",
    "Funding Org:Name", "Grant Programme:Title",
)
_PLACES = (("Bristol", "E06000023"), ("Somerset", "E06000066"), ("Leeds", "E08000035"),
           ("South West England", "E12000009"), ("Camden", "E09000007"), ("Cardiff", "W06000015"))
_PURPOSES = ("towards a community food project", "to run a peer support group", "for a youth panel's work",
             "to pay lived-experience advisers", "towards advice sessions", "for a carers' respite day")


def grant_rows(count: int, *, seed: int = 1, prefix: str = "360G-BENCH") -> list[tuple[str, ...]]:
    """``count`` grants from one funder, amounts skewed as real portfolios are."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        place, code = _PLACES[n % len(_PLACES)]
        year = 2015 + n % 10
        amount = round(min(2_000_000, rng.lognormvariate(9.3, 1.1)), -1) or 500
        rows.append((
            f"{prefix}-{n:07d}", f"Grant to Group {n % 9_973}", f"A grant {rng.choice(_PURPOSES)} in {place}",
            "GBP", f"{amount:.0f}", f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            f"{year}-{1 + n % 12:02d}-01", f"{year + 1}-{1 + n % 12:02d}-01", f"GB-CHC-{100000 + n % 9_973}",
            f"Group {n % 9_973}", place, code, "GB-CHC-999999", "Bench Foundation",
            "Community Fund" if n % 3 else "Bristol Local Food Fund",
        ))
    return rows


def grants_csv(count: int, *, seed: int = 1, prefix: str = "360G-BENCH") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(grant_rows(count, seed=seed, prefix=prefix))
    return buffer.getvalue().encode("utf-8")


def grants_xlsx(count: int, *, seed: int = 1, prefix: str = "360G-BENCH") -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet("grants")
    sheet.write_row(0, 0, HEADER)
    for number, row in enumerate(grant_rows(count, seed=seed, prefix=prefix), start=1):
        sheet.write_row(number, 0, row)
    book.close()
    return buffer.getvalue()


def long_write_up(size_bytes: int = 2_000_000, *, seed: int = 1) -> bytes:
    """A Markdown write-up of about ``size_bytes``: many long key points mentioning money and places."""
    rng = random.Random(seed)
    lines = ["# Community panel: a year of meetings", "", "Held on 9 March 2023 in Bristol.", "",
             "## Key points", ""]
    words = ("residents", "panel", "trust", "takes time", "paid", "Living Wage", "decisions", "power",
             "Bristol", "Somerset", "£25,000", "lived experience", "40%", "training", "criteria", "funding")
    size = sum(len(line) + 1 for line in lines)
    while size < size_bytes:
        point = "- " + " ".join(rng.choice(words) for _ in range(140)) + "."
        lines.append(point)
        size += len(point) + 1
    return "\n".join(lines).encode("utf-8")


def small_write_up(n: int = 0) -> bytes:
    """A 600-word meeting write-up of the everyday kind (title, date, place, a paragraph, eleven key
    points with sums and a share); ``n`` makes each one a new text, so each import is a new meeting."""
    rng = random.Random(n)
    phrases = ("residents said the criteria should be theirs to change", "trust took months to build",
               "paper forms kept older members in the room", "paying people for their time mattered",
               "the panel wants to design the next round", "groups from the estate were missing",
               "staff came back and reported what happened", "short grants make planning impossible")
    lines = [f"# Panel debrief {n}: what residents told us", "", "Held in Leeds on 14 November 2023.", "",
             "Twelve residents met for the debrief. Seven of the 12 panellists have lived experience of "
             "poverty. Members were paid £15 an hour and the fund has £250,000 to give out.", "",
             "## Key points", ""]
    for _ in range(11):
        lines.append("- " + "; ".join(rng.choice(phrases) for _ in range(7)).capitalize() + ".")
    return "\n".join(lines).encode("utf-8")


def zip_bomb(inflated_bytes: int) -> bytes:
    """A file shaped like an XLSX whose one sheet unzips to ``inflated_bytes`` of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"0" * 1_000_000
            for _ in range(inflated_bytes // len(chunk)):
                sheet.write(chunk)
    return buffer.getvalue()
