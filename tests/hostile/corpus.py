"""The hostile-input corpus: files and values a careless or hostile user could hand the write service.

Each case says what the service must do with it: refuse it with one sentence (and change nothing),
or take it (a clean import). Add a case here whenever a new bad input is found. Large cases are
generated when the test runs (``dash.devtools.big_inputs``), never committed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dash.devtools.big_inputs import HEADER, grant_rows, zip_bomb
from tests.support.inputs import GOOD_POINTS
from tests.support.inputs import grants_csv as _csv
from tests.support.inputs import grants_csv_with as _cell
from tests.support.inputs import grants_csv_with_amount as _amount
from tests.support.inputs import write_up as _md

REFUSED, TAKEN = "refused", "taken"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    expect: str  # REFUSED or TAKEN
    says: str = ""  # words the refusal must contain
    filename: str = ""

    def __str__(self) -> str:
        return self.name


WRITE_UPS: list[Case] = [
    Case("empty", lambda: b"", REFUSED, "empty"),
    Case("only whitespace", lambda: b" \n\t\n  ", REFUSED, "empty"),
    Case("a PDF", lambda: b"%PDF-1.7\n%\xe2\xe3\x00\x00binary", REFUSED, "binary"),
    Case("a PNG", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", REFUSED, "binary"),
    Case(
        "NUL bytes after the first 4 KB",
        lambda: _md(*GOOD_POINTS) + b"x" * 5000 + b"\x00\x00- a point here ok",
        TAKEN,
    ),
    Case(
        "Windows-1252 pound sign",
        lambda: _md(
            "We were given \xa325,000 for the panel work.".encode("latin-1").decode("latin-1"), *GOOD_POINTS
        ).replace("£".encode(), b"\xa3"),
        TAKEN,
    ),
    Case("undefined Windows-1252 byte", lambda: _md(*GOOD_POINTS) + b"\x81\x8d\x8f", REFUSED, "not UTF-8"),
    Case("UTF-16 with a byte-order mark", lambda: _md(*GOOD_POINTS).decode().encode("utf-16"), TAKEN),
    Case(
        "UTF-16 cut short",
        lambda: b"\xff\xfe" + "- Trust takes time to build.".encode("utf-16-le")[:-1],
        REFUSED,
        "damaged",
    ),
    Case("over 4 MB", lambda: b"- " + b"word " * 900_000, REFUSED, "too big"),
    Case(
        "2,500 bullets",
        lambda: _md(*[f"Point number {n} about the panel" for n in range(2500)]),
        REFUSED,
        "more than the 2,000",
    ),
    Case(
        "a 20,000-character key point", lambda: _md("long " * 4000, *GOOD_POINTS), REFUSED, "characters long"
    ),
    Case(
        "one 1.9 MB line of place names",
        lambda: ("# Places\n\n" + "Bristol Somerset Leeds Camden " * 63_000).encode(),
        REFUSED,
        "characters long",
    ),
    Case(
        "a 400-digit sum",
        lambda: _md("We heard about £" + "9" * 400 + " million of funding.", *GOOD_POINTS),
        TAKEN,
    ),
    Case("a sum of £1e15", lambda: _md("The fund was £1,000,000,000,000,000 in all.", *GOOD_POINTS), TAKEN),
    Case(
        "terminal escapes in the title",
        lambda: b"# \x1b[2J\x1b[31mRed alert\x07\n\n" + _md(*GOOD_POINTS, head=""),
        TAKEN,
    ),
    Case(
        "Markdown link and image as title",
        lambda: _md(
            *GOOD_POINTS,
            head="# [Click here](https://evil.example/phish) ![p](https://evil.example/p.png)\n\n",
        ),
        TAKEN,
    ),
    Case(
        "a script in HTML",
        lambda: (
            b"<html><body><h1>Panel</h1><script>alert(1)</script><ul>"
            b"<li>Trust takes time to build with residents.</li><li>Members were paid for their time.</li>"
            b"</ul></body></html>"
        ),
        TAKEN,
    ),
    Case(
        "HTML nested 100,000 deep",
        lambda: b"<html><body>" + b"<div>" * 100_000 + b"<ul><li>Trust takes time to build.</li></ul>",
        TAKEN,
    ),
    Case(
        "HTML nested 10,000 deep",
        lambda: (
            b"<html><body>" + b"<div>" * 10_000 + b"<ul><li>Trust takes time "
            b"to build.</li></ul>" + b"</div>" * 10_000 + b"</body></html>"
        ),
        TAKEN,
    ),
    Case(
        "a 10,000-character HTML title",
        lambda: (
            b"<html><head><title>" + b"T" * 10_000 + b"</title></head>"
            b"<body><ul><li>Trust takes time to build here.</li></ul></body></html>"
        ),
        TAKEN,
    ),
    Case(
        "only page furniture",
        lambda: b"Cookie settings\nRead More\nAdd new comment\n",
        REFUSED,
        "no readable text",
    ),
    Case("only headings", lambda: b"# One\n## Two\n### Three\n", REFUSED, "no key points"),
    Case(
        "right-to-left overrides and zero-width spaces",
        lambda: _md("Trust\u202e takes\u200b time to build.", *GOOD_POINTS),
        TAKEN,
    ),
    Case("CR line endings", lambda: _md(*GOOD_POINTS).replace(b"\n", b"\r"), TAKEN),
    Case("a key point of one emoji", lambda: _md("🎉 🎉 🎉", *GOOD_POINTS), TAKEN),
    Case(
        "HTML entities that decode to controls",
        lambda: b"<html><body><ul><li>Trust &#0; takes &#27;[2J time to build.</li></ul></body></html>",
        TAKEN,
    ),
    Case(
        "a date that does not exist",
        lambda: _md(*GOOD_POINTS, head="# Panel\n\nHeld on 31 February 2022.\n\n"),
        TAKEN,
    ),
]

def _page(title: str = "", body: str = "", head: str = "") -> bytes:
    return (f"<html><head>{head}<title>{title}</title></head><body>{body}"
            "<ul><li>Trust takes time to build here.</li></ul></body></html>").encode()


# Titles that came out garbled (4 December): each file, and the title a reader should see.
WRITE_UP_TITLES: list[tuple[str, Callable[[], bytes], str]] = [
    ("HTML nested 100,000 deep", lambda: (
        b"<html><body>" + b"<div>" * 100_000 + b"<h1>Panel review</h1><ul><li>Trust takes time to build."
        b"</li></ul>" + b"</div>" * 100_000 + b"</body></html>"), "Panel review"),
    ("HTML opened 100,000 deep and never closed", lambda: (
        b"<html><head><title>Panel review</title></head><body>" + b"<div><span>" * 50_000
        + b"<ul><li>Trust takes time to build.</li></ul>"), "Panel review"),
    ("a script in the title", lambda: _page("Panel <script>alert(1)</script> review"), "Panel review"),
    ("a script in the headline", lambda: _page("x", "<h1>Panel <script>alert(1)</script>review</h1>"),
     "Panel review"),
    ("a 10,000-character first line", lambda: (
        ("word " * 2000).strip().encode() + b"\n\n- Trust takes time to build here.\n"),
     "word " * 22 + "word…"),
    ("a 10,000-character first line and a heading", lambda: (
        ("word " * 2000).encode() + b"\n\n## Panel review\n\n- Trust takes time to build here.\n"),
     "Panel review"),
    ("double-escaped entities in an HTML title",
     lambda: _page("Panel &amp;lt;b&amp;gt;review&amp;lt;/b&amp;gt;"), "Panel &lt;b&gt;review&lt;/b&gt;"),
    ("double-escaped entities in a Markdown title", lambda: (
        b"# Panel &amp;lt;script&amp;gt;review\n\n- Trust takes time to build here.\n"),
     "Panel &lt;script&gt;review"),
    ("terminal escapes in a Markdown title", lambda: (
        b"# \x1b[2J\x1b[31mRed alert\x1b[0m\x07\n\n- Trust takes time to build here.\n"), "Red alert"),
    ("terminal escapes as entities in an HTML title", lambda: _page("&#27;[31mRed&#x1b;[0m panel"),
     "Red panel"),
    ("a terminal's window-title escape", lambda: (
        b"# Panel\x1b]0;pwned\x07 review\n\n- Trust takes time to build here.\n"), "Panel review"),
]

# One write-up saved three ways: one meeting, imported once (4 December: three identical meetings).
_SAME = _md(*GOOD_POINTS, head="# Saved three ways\n\nHeld on 9 March 2023.\n\n").decode()
SAME_WRITE_UP: list[tuple[str, Callable[[], bytes]]] = [
    ("UTF-8", lambda: _SAME.encode()),
    ("leading NULs", lambda: b"\x00\x00\x00" + _SAME.encode()),
    ("UTF-16", lambda: _SAME.encode("utf-16")),
    ("UTF-8 with a byte-order mark and Windows line endings", lambda: (
        b"\xef\xbb\xbf" + _SAME.replace("\n", "\r\n").encode())),
]

# Options a person types beside the file: (title, locality, expect, says).
WRITE_UP_OPTIONS: list[tuple[str, str | None, str | None, str, str]] = [
    ("a 1,000-character title", "T" * 1000, None, REFUSED, "title"),
    ("an unknown place", None, "Atlantis", REFUSED, "no place called"),
    ("a 10,000-character place", None, "x" * 10_000, REFUSED, "no place called"),
    ("a place that is SQL", None, "Bristol'; DROP TABLE meetings; --", REFUSED, "no place called"),
    ("control characters in the title", "Panel\x00\x1b[31m review", None, TAKEN, ""),
]


# The filter options of `deck` and `pack`, read as a link's ?locality=, ?from= and ?to= are:
# (name, options, what the one sentence says). A link with these opens its page with a warning; a
# document is refused instead, so that none is made for a filter other than the one asked for.
DOCUMENT_FILTERS: list[tuple[str, list[str], str]] = [
    ("an unknown place", ["--locality", "Atlantis"], "There is no place called 'Atlantis'"),
    ("a place that is SQL", ["--locality", "Bristol'; DROP TABLE meetings; --"], "no place called"),
    ("terminal escapes in a place", ["--locality", "\x1b[31mBristol\x1b]0;owned\x07"], "no place called"),
    ("a 10,000-character place", ["--locality", "x" * 10_000], "a place 10,000 characters long"),
    ("51 places", ["--locality", *["Bristol"] * 51], "more than the 50 a link may name"),
    ("a month 13", ["--from", "2022-13-01"], "'2022-13-01' is not a date"),
    ("a date in words", ["--to", "next week"], "'next week' is not a date"),
    ("a 10,000-character date", ["--to", "9" * 10_000], "a date 10,000 characters long"),
]


def _one(**changes: str) -> bytes:
    row = list(grant_rows(1, prefix="360G-HOSTILE")[0])
    for title, value in changes.items():
        row[HEADER.index(title.replace("_", " ").replace("  ", ":"))] = value
    return _csv([row])


GRANTS_CSV: list[Case] = [
    Case("empty", lambda: b"", REFUSED, "empty"),
    Case("header only", lambda: _csv([]), REFUSED, "no grants"),
    Case("no 360Giving columns", lambda: b"name,age\nJo,4\n", REFUSED, "No column"),
    Case("NaN amount", lambda: _amount("NaN"), REFUSED, "not a number"),
    Case("Infinity amount", lambda: _amount("Infinity"), REFUSED, "not a number"),
    Case("minus Infinity amount", lambda: _amount("-Infinity"), REFUSED, "not a number"),
    Case("1e20 amount", lambda: _amount("1e20"), REFUSED, "£1 trillion"),
    Case("£1 trillion", lambda: _amount("£1,000,000,000,000"), REFUSED, "no £ sign"),
    Case("just under £1 trillion", lambda: _amount("999999999999.99"), TAKEN),
    Case("a negative amount (a warning)", lambda: _amount("-500"), TAKEN),
    Case("words for an amount", lambda: _amount("five thousand"), REFUSED, "not a number"),
    Case("a 400-digit amount", lambda: _amount("9" * 400), REFUSED, "£1 trillion"),
    Case("a 200 KB cell", lambda: _cell("Description", "x" * 200_000), REFUSED, "longer than"),
    Case("a date that does not exist", lambda: _cell("Award Date", "31/02/2022"), REFUSED, "not a date"),
    Case("a date in words", lambda: _cell("Award Date", "last Tuesday"), REFUSED, "not a date"),
    Case(
        "an identifier used twice",
        lambda: _csv([grant_rows(1, prefix="360G-HOSTILE")[0]] * 2),
        REFUSED,
        "errors",
    ),
    Case("a required field empty", lambda: _cell("Recipient Org:Identifier", ""), REFUSED, "error"),
    Case("an unknown currency", lambda: _cell("Currency", "XYZ"), REFUSED, "error"),
    Case("a byte-order mark", lambda: b"\xef\xbb\xbf" + _amount("100"), TAKEN),
    Case("Windows-1252 text", lambda: _cell("Title", "Caf\u00e9 grant").decode().encode("cp1252"), TAKEN),
    Case("an undefined Windows-1252 byte", lambda: _cell("Title", "Grant") + b"\x81", REFUSED, "not UTF-8"),
    Case("control characters in a title", lambda: _cell("Title", "Grant\x00\x1b[2J\x07 to a group"), TAKEN),
    Case("a spreadsheet formula", lambda: _cell("Title", '=HYPERLINK("https://evil.example","x")'), TAKEN),
    Case(
        "an HTML link as recipient",
        lambda: _cell("Recipient Org:Name", '<a href="https://evil.example">x</a>'),
        TAKEN,
    ),
    Case("an unclosed quote", lambda: _amount("100").replace(b"Grant to", b'"Grant to'), REFUSED),
    Case("more cells than columns", lambda: _amount("100").rstrip(b"\n") + b",extra,cells\n", TAKEN),
    Case("NUL bytes", lambda: b"\x00" * 10 + _amount("100"), REFUSED, "binary"),
    Case("a .pdf name", lambda: _amount("100"), REFUSED, "not 360Giving data", "grants.pdf"),
    Case(
        "a postcode as area code (a warning)",
        lambda: _cell("Beneficiary Location:Geographic Code", "BS1 5TR"),
        TAKEN,
    ),
]


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


def _grant(**changes: object) -> dict:
    grant = {
        "id": "360G-HOSTILE-J1",
        "title": "Grant",
        "description": "A grant",
        "currency": "GBP",
        "amountAwarded": 5000,
        "awardDate": "2022-01-01",
        "recipientOrganization": [{"id": "GB-CHC-1", "name": "R"}],
        "fundingOrganization": [{"id": "GB-CHC-2", "name": "F"}],
    }
    grant.update(changes)
    return grant


GRANTS_JSON: list[Case] = [
    Case("malformed", lambda: b'{"grants": [', REFUSED, "malformed"),
    Case(
        "nested 10,000 deep", lambda: b'{"grants": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", REFUSED, "nests"
    ),
    Case(
        "nested 40 deep",
        lambda: _json({"grants": [_grant(extra=json.loads("[" * 40 + "]" * 40))]}),
        REFUSED,
        "nests",
    ),
    Case("grants not a list", lambda: _json({"grants": {"a": 1}}), REFUSED, 'no "grants" list'),
    Case("a grant that is a number", lambda: _json({"grants": [5]}), REFUSED, "not a grant"),
    Case("beneficiaryLocation: 5", lambda: _json({"grants": [_grant(beneficiaryLocation=5)]}), REFUSED,
         "not a list"),
    Case(
        "beneficiaryLocation a string",
        lambda: _json({"grants": [_grant(beneficiaryLocation="Bristol")]}),
        REFUSED,
        "not a list",
    ),
    Case("a URL that is not a web address", lambda: _json({"grants": [_grant(url="see our website")]}),
         REFUSED, "not a web address"),
    Case("actualDates a list of text", lambda: _json({"grants": [_grant(actualDates=["2020-01-01"])]}),
         REFUSED, "not a set of fields"),
    Case("both a recipient organisation and a person",
         lambda: _json({"grants": [_grant(recipientIndividual={"id": "360G-x-p1", "name": "A person"})]}),
         REFUSED, "both a recipient organisation and a recipient individual"),
    Case("a regrant type off the standard's list", lambda: _json({"grants": [_grant(regrantType="FRG999")]}),
         REFUSED, "not on the standard's regrantType list"),
    Case("a regrant type on the list", lambda: _json({"grants": [_grant(regrantType="FRG010")]}), TAKEN),
    Case("an identifier with a line break (a warning)", lambda: _json({"grants": [_grant(id="360G-X-1\n2")]}),
         TAKEN),
    Case(
        "recipientOrganization a string",
        lambda: _json({"grants": [_grant(recipientOrganization="R")]}),
        REFUSED,
        "error",
    ),
    Case(
        "NaN amount",
        lambda: b'{"grants": [' + _json(_grant()).replace(b"5000", b"NaN") + b"]}",
        REFUSED,
        "not a number",
    ),
    Case(
        "Infinity amount",
        lambda: b'{"grants": [' + _json(_grant()).replace(b"5000", b"Infinity") + b"]}",
        REFUSED,
        "not a number",
    ),
    Case(
        "1e400 amount",
        lambda: b'{"grants": [' + _json(_grant()).replace(b"5000", b"1e400") + b"]}",
        REFUSED,
        "not a number",
    ),
    Case("amount true", lambda: _json({"grants": [_grant(amountAwarded=True)]}), REFUSED, "not a number"),
    Case("amount a list", lambda: _json({"grants": [_grant(amountAwarded=[1])]}), REFUSED, "not a number"),
    Case("amount 10**30", lambda: _json({"grants": [_grant(amountAwarded=10**30)]}), REFUSED, "£1 trillion"),
    Case("id a list", lambda: _json({"grants": [_grant(id=["a"])]}), REFUSED, "Identifier"),
    Case("id only spaces", lambda: _json({"grants": [_grant(id="   ")]}), REFUSED, "Identifier"),
    Case("title a number", lambda: _json({"grants": [_grant(title=123)]}), REFUSED, "not text"),
    Case("a top-level list", lambda: _json([_grant()]), TAKEN),
    Case("plannedDates a string", lambda: _json({"grants": [_grant(plannedDates="soon")]}), REFUSED,
         "not a list"),
    Case(
        "awardDate a number (ISO basic format)",
        lambda: _json({"grants": [_grant(awardDate=20220101)]}),
        REFUSED,
        "not text",
    ),
    Case(
        "awardDate a negative number",
        lambda: _json({"grants": [_grant(awardDate=-5)]}),
        REFUSED,
        "not text",
    ),
    Case(
        "UTF-16 JSON", lambda: json.dumps({"grants": [_grant()]}).encode("utf-16"), TAKEN, "", "grants.json"
    ),
    Case(
        "an e-mail in the title (a warning)",
        lambda: _json({"grants": [_grant(title="Mail jo@example.org")]}),
        TAKEN,
    ),
]


def _dei(leadership: object = None, **details: object) -> dict:
    """A grant with 360Giving DEI answers (the extension's): the leadership answer as given."""
    area = {"askedStatus": "AS100"}
    answers = {"leadership": area if leadership is None else leadership, "mission": area, "project": area}
    return _grant(deiDetails={**answers, **details})


def _replied(**response: object) -> dict:
    return {"askedStatus": "AS200", "replyStatus": "RS200", "response": response}


MARKUP = ('<script>alert(1)</script><a href="https://evil.example">Care leavers</a> **bold** '
          '[click](javascript:alert(1)) =HYPERLINK("https://evil.example","x")')

# The DEI extension's answers: codes off its lists, markup in its text, absurd counts.
def _dei_file(leadership: object = None, **details: object) -> Callable[[], bytes]:
    return lambda: _json({"grants": [_dei(leadership, **details)]})


GRANTS_JSON += [
    Case("a DEI asked status off the extension's list", _dei_file({"askedStatus": "AS999"}), REFUSED,
         "not on the DEI extension's Asked Status list"),
    Case("a DEI reply status in words", _dei_file({"askedStatus": "AS200", "replyStatus": "Yes"}), REFUSED,
         "not on the DEI extension's Reply Status list"),
    Case("a DEI taxonomy code off the list", _dei_file(_replied(taxonomyCodes=["DEI0"])), REFUSED,
         "not on the DEI extension's Taxonomy Codes list"),
    Case("a DEI taxonomy code with SQL",
         _dei_file(_replied(taxonomyCodes=["DEI020200'); DROP TABLE grant_dei;"])), REFUSED, "Taxonomy"),
    Case("DEI answers that are a number", lambda: _json({"grants": [_grant(deiDetails=5)]}), REFUSED,
         "not a set of fields"),
    Case("a DEI area missing",
         lambda: _json({"grants": [_grant(deiDetails={"leadership": {"askedStatus": "AS100"}})]}),
         REFUSED, "deiDetails/mission: is missing"),
    Case("DEI lived experience written as markup (kept as text)",
         _dei_file(_replied(livedExperience=MARKUP, geography=MARKUP)), TAKEN),
    Case("DEI text with control characters", _dei_file(_replied(livedExperience="Care\x00 leavers\x1b[31m")),
         TAKEN),
    Case("100,000 copies of one DEI taxonomy code",
         _dei_file(_replied(taxonomyCodes=["DEI020200"] * 100_000)), REFUSED, "the same code more than once"),
    Case("10,000 made-up DEI options",
         _dei_file({"askedStatus": "AS200", "availableOptions": [f"AO{n}" for n in range(1000, 11_000)]}),
         REFUSED, "10,000 errors"),
    Case("a 40,000-character DEI answer", _dei_file(_replied(livedExperience="x" * 40_000)), REFUSED,
         "characters"),
    Case("a DEI version of 200 digits", _dei_file(deiVersion="9" * 200 + ".1"), TAKEN),
    Case("a DEI version that is a number", _dei_file(deiVersion=1.1), REFUSED, "not text"),
]

_DEI_COLUMNS = ("DEI Details:Leadership:Asked Status", "DEI Details:Leadership:Reply Status",
                "DEI Details:Leadership:DEI Response:Lived Experience", "DEI Details:Mission:Asked Status",
                "DEI Details:Project:Asked Status")


def _dei_csv(asked: str, reply: str, lived: str) -> bytes:
    row = [*grant_rows(1, prefix="360G-HOSTILE-DEI")[0], asked, reply, lived, "AS100", "AS100"]
    return _csv([row], header=(*HEADER, *_DEI_COLUMNS))


def _day_first() -> bytes:
    row = list(grant_rows(1, prefix="360G-HOSTILE")[0])
    year, month, day = row[HEADER.index("Award Date")].split("-")
    row[HEADER.index("Award Date")] = f"{day}/{month}/{year}"
    return _csv([row])


GRANTS_CSV += [
    Case("a spreadsheet's DEI asked status off the list", lambda: _dei_csv("AS2OO", "RS200", "Carers"),
         REFUSED, "column DEI Details:Leadership:Asked Status: 'AS2OO' is not on the DEI extension's Asked "
         "Status list"),
    Case("a spreadsheet's DEI lived experience as a formula (kept as text)",
         lambda: _dei_csv("AS200", "RS200", '=HYPERLINK("https://evil.example","x")'), TAKEN),
    Case("a spreadsheet's DEI lived experience as markup (kept as text)",
         lambda: _dei_csv("AS200", "RS200", MARKUP), TAKEN),
    Case("a spreadsheet's DEI reply status given 2,000 times",
         lambda: _dei_csv("AS200", ";".join(["RS200"] * 2000), "Carers"), REFUSED, "Reply Status"),
    Case("an award date written day first (the choice is offered)", _day_first, REFUSED,
         "choosing to read these dates as day-first British dates"),
]


def _xlsx(rows: list[list[object]]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "grants"
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_row(**changes: object) -> list[object]:
    row: list[object] = list(grant_rows(1, prefix="360G-HOSTILE-X")[0])
    for title, value in changes.items():
        row[HEADER.index(title)] = value
    return row


GRANTS_XLSX: list[Case] = [
    Case("a zip bomb (1 MB to 1.1 GB)", lambda: zip_bomb(1_100_000_000), REFUSED, "unzips to"),
    Case("a damaged zip", lambda: b"PK\x03\x04 not really a spreadsheet", REFUSED, "damaged"),
    Case("a zip without a workbook", lambda: _zip_of({"hello.txt": b"hi"}), REFUSED, "could not be read"),
    Case("no Identifier sheet", lambda: _zip_sheetless(), REFUSED, "Identifier"),
    Case("1e20 as a number", lambda: _xlsx([_xlsx_row(**{"Amount Awarded": 1e20})]), REFUSED, "£1 trillion"),
    Case(
        "a date cell as amount",
        lambda: _xlsx([_xlsx_row(**{"Amount Awarded": __import__("datetime").datetime(2020, 1, 1)})]),
        REFUSED,
        "not a number",
    ),
    Case(
        "a real date cell",
        lambda: _xlsx([_xlsx_row(**{"Award Date": __import__("datetime").datetime(2020, 1, 1)})]),
        TAKEN,
    ),
    Case("a whole number identifier", lambda: _xlsx([_xlsx_row(Identifier=12345)]), TAKEN),
    Case("a formula with no saved value", lambda: _xlsx([_xlsx_row(Title="=1+1")]), REFUSED, "Title"),
    Case(
        "a formula-looking description", lambda: _xlsx([_xlsx_row(Description="'=cmd|' /C calc'!A0")]), TAKEN
    ),
]


def _zip_of(files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zip_sheetless() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Nothing", "here"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Seed edits: (file, row id, column, cell) set in a copy of data/seed; every one refused by `build`.
SEED_EDITS: list[tuple[str, str, str, str, str]] = [
    ("funds.csv", "fund-bristol-local-food", "amount_gbp", "1e20", "£1 trillion"),
    ("funds.csv", "fund-bristol-local-food", "amount_gbp", "NaN", "not an amount"),
    ("funds.csv", "fund-bristol-local-food", "amount_gbp", "Infinity", "not an amount"),
    ("funds.csv", "fund-bristol-local-food", "amount_gbp", "-5", "negative"),
    ("funds.csv", "fund-bristol-local-food", "budget_share", "NaN", "not a share"),
    ("funds.csv", "fund-bristol-local-food", "budget_share", "inf", "outside"),
    ("funds.csv", "fund-bristol-local-food", "period_months", "9" * 30, "more than"),
    ("funds.csv", "fund-bristol-local-food", "reported_on", "31/02/2022", "not a date"),
    ("funds.csv", "fund-bristol-local-food", "name", "x" * 200_000, "longer than"),
    ("panels.csv", "panel-bristol-city-lab", "lived_experience_share", "140%", "outside"),
    ("panels.csv", "panel-bristol-city-lab", "members", "1e20", "not a whole number"),
    ("panels.csv", "panel-bristol-city-lab", "members", "99999999999999999999", "more than"),
    ("funds.csv", "fund-bristol-local-food", "fund_id", "fund bristol; DROP", "not a usable id"),
    # A source's address is the one link the app draws: only a plain http(s) address is kept.
    ("sources.csv", "src-abw-participatory", "url", "javascript:alert(1)", "not a web address"),
    ("sources.csv", "src-abw-participatory", "url", "data:text/html,<script>x</script>", "not a web address"),
    ("sources.csv", "src-abw-participatory", "url", "[log in](https://evil.example)", "not a web address"),
    ("sources.csv", "src-abw-participatory", "url", "https://example.org/a page", "not a web address"),
    ("sources.csv", "src-abw-participatory", "url", "www.example.org", "not a web address"),
    # The store keeps pence: a part of a penny would be stored as £0.00 without a word.
    ("funds.csv", "fund-bristol-local-food", "amount_gbp", "0.001", "a part of a penny"),
    ("funds.csv", "fund-bristol-local-food", "participatory_gbp", "60000.005", "a part of a penny"),
]


# Record edits in the app or with `dash edit` (table, id, column, cell, what the refusal says): every
# seed edit above that is not of an id, and what only an edit can be given.
RECORD_EDITS: list[tuple[str, str, str, str, str]] = [
    (file.removesuffix(".csv"), row_id, column, value,
     "a cell may" if says == "longer than" else says)  # the CSV reader words a long cell its own way
    for file, row_id, column, value, says in SEED_EDITS
    if not column.endswith("_id") and file in ("funds.csv", "panels.csv", "sources.csv")
] + [
    ("funds", "fund-bristol-local-food", "amount_gbp; DROP TABLE funds", "1", "has no field"),
    ("funds", "fund-bristol-local-food", "org_id", "org-nope'; --", "not a usable id"),
    ("funds", "fund-bristol-local-food", "locality_id", "E99999999", "not a known place"),
    ("funds", "fund-bristol-local-food", "participatory_gbp", "70000", "more than the fund's size"),
    ("funds", "fund-bristol-local-food", "source_id", "", "empty but required"),
    ("funds", "fund-nope", "name", "A fund", "kind of fund is empty but required"),  # a new id: an addition
    ("funds", "fund-bristol-local-food", "name", "\x00\x01", "empty but required"),
    ("panels", "panel-bristol-city-lab", "paid", "maybe", "yes or no"),
    ("funds; DROP TABLE funds", "x", "name", "y", "not a kind of record"),
    ("meetings", "mtg-participatory-grant-making", "held_on", "2022-02-30", "not a date"),
    # An id is how other records point at a record: an edit never changes it (it used to say "already
    # says that"), and an id is quoted with its invisible characters written out.
    ("funds", "fund-bristol-local-food", "fund_id", "fund-other", "id cannot be changed"),
    ("funds", "fund-bristol-local-food", "org_id", "org-bd\u200bgiving", "'org-bd<U+200B>giving'"),
]

# Records added with an id chosen by the person (`dash add KIND id=…`): (table, cells, refusal).
_FUND = {"fund_kind": "endowment", "org_id": "org-bd-giving", "source_id": "src-abw-participatory"}
RECORD_ADDS: list[tuple[str, dict[str, str], str]] = [
    ("funds", {"fund_id": "fund-bd-endowment", "name": "Hijacked", **_FUND},
     "There is already a fund with the id 'fund-bd-endowment' (Barking and Dagenham Giving endowment)"),
    ("organisations", {"org_id": "org-bd-giving", "name": "Taken"}, "There is already an organisation"),
    ("funds", {"fund_id": "fund\u200bnew", "name": "Invisible", **_FUND},
     "'fund<U+200B>new' is not a usable id"),
    ("funds", {"fund_id": "fund bristol; DROP TABLE funds", "name": "SQL", **_FUND}, "not a usable id"),
]

# Reviewers' decisions (insight, theme, action, signer, what the refusal says).
DECISIONS: list[tuple[str, str, str, str, str]] = [
    ("ins-nope", "time", "accept", "AB", "key point or theme is no longer in the store"),
    ("ins-jf-07", "time", "approve", "AB", "not a decision"),
    ("ins-jf-07'; DROP TABLE insights; --", "time", "accept", "AB", "not an id"),
    ("ins-jf-07", "time", "accept", "", "Say who"),
    ("ins-jf-07", "time", "accept", "x" * 5000, "at most"),
    ("x" * 5000, "time", "accept", "AB", "not an id"),
    ("ins-jf-07", "\x00", "accept", "AB", "not an id"),
    # A zero-width space is quoted as what it is: "'time' is not an id" named the very word refused.
    ("ins-jf-07", "ti\u200bme", "accept", "AB", "'ti<U+200B>me' is not an id"),
    ("ins-jf\u202e-07", "time", "accept", "AB", "'ins-jf<U+202E>-07' is not an id"),
]

# Who may edit (`users add|remove`): (address, role or None to take it away, done?, what is said).
ROLE_CHANGES: list[tuple[str, str | None, bool, str]] = [
    ("nobody@example.org", None, True, "has no role of its own to take away"),  # not "already had that role"
    ("[me](https://evil.example)", "editor", False, "is neither an e-mail address"),
    ("ada\n@example.org", "editor", False, "'ada<U+000A>@example.org' is neither"),
    ("x" * 5000 + "@example.org", "editor", False, "at most 300 characters"),
    ("@", "editor", False, "is neither an e-mail address"),
    ("ada@example.org", "root", False, "not a role"),
    ("", "editor", False, "is neither an e-mail address"),
]


# Links anyone can send a trustee: a value in the address is text to show, never Markdown to draw.
CRAFTED = "[Click here to log in](https://evil.example/phish) ![pixel](https://evil.example/p.png) **LOUD**"
EVERY_PAGE: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    name: str
    query: Callable[[], dict[str, str | list[str]]]
    pages: tuple[str, ...]  # the pages (pages/NAME.py) it is opened on; EVERY_PAGE for all of them
    says: str = ""  # words a notice on the page must hold, as the reader sees them

    def __str__(self) -> str:
        return self.name


LINKS: list[Link] = [
    Link("a crafted place", lambda: {"locality": CRAFTED}, EVERY_PAGE, f"no place called '{CRAFTED}'"),
    Link("a crafted organisation", lambda: {"org": CRAFTED}, EVERY_PAGE, f"no organisation '{CRAFTED}'"),
    Link("a crafted date", lambda: {"from": CRAFTED}, EVERY_PAGE, f"'{CRAFTED}' is not a date"),
    Link("a crafted way of counting codes", lambda: {"codes": CRAFTED}, EVERY_PAGE, "as the codes to count"),
    Link("a crafted search", lambda: {"search": CRAFTED}, ("meetings",), f"No meeting matches '{CRAFTED}'"),
    Link("a crafted chart name", lambda: {"charts": f"fund_sizes,{CRAFTED}"}, ("present",),
         f"a chart '{CRAFTED}' that does not exist"),
    Link("a crafted theme", lambda: {"theme": CRAFTED}, ("themes",)),
    Link("a crafted slide", lambda: {"slide": CRAFTED}, ("present",), "Slide 1 of"),
    Link("a crafted day to count changes from", lambda: {"since": CRAFTED}, ("since",),
         f"'{CRAFTED}' is not a date"),
    Link("a crafted place to compare with", lambda: {"compare": CRAFTED}, ("overview", "funds", "present"),
         f"no place called '{CRAFTED}' to compare with"),
    Link("a crafted organisation to compare with", lambda: {"compare_org": CRAFTED}, ("overview",),
         f"no organisation '{CRAFTED}' to compare with"),
    Link("a crafted date to compare from", lambda: {"compare": "all", "compare_from": CRAFTED}, ("overview",),
         f"'{CRAFTED}' is not a date"),
    Link("SQL as a place to compare with", lambda: {"compare": "Bristol'; DROP TABLE funds; --"},
         ("overview", "grants"), "no place called 'Bristol'; DROP TABLE funds; --' to compare with"),
    # Values far longer than anything a page can use: answered at once, in one short sentence.
    Link("a 100 KB place", lambda: {"locality": "x" * 100_000}, EVERY_PAGE,
         "a place 100,000 characters long"),
    Link("900 places", lambda: {"locality": [f"E0600{n:04}" for n in range(900)]}, EVERY_PAGE,
         "900 places, more than the 50 a link may name"),  # Streamlit drops a link of over 1,000 values
    Link("two 100 KB places", lambda: {"locality": ["x" * 100_000, "y" * 100_000]}, ("overview",),
         "2 places longer than 200 characters"),
    Link("a 100 KB organisation", lambda: {"org": "o" * 100_000}, ("funds",),
         "an organisation 100,000 characters long"),
    Link("a 100,000-digit date", lambda: {"from": "9" * 100_000}, ("overview", "meetings"),
         "a date 100,000 characters long"),
    Link("a 100 KB search", lambda: {"search": "s" * 100_000}, ("meetings",),
         "a search 100,000 characters long"),
    Link("a 100 KB theme", lambda: {"theme": "t" * 100_000}, ("themes",), "a theme 100,000 characters long"),
    Link("a 100 KB list of charts", lambda: {"charts": "fund_sizes," * 10_000}, ("present",),
         "a list of charts 110,000 characters long"),
    Link("900 charts that do not exist", lambda: {"charts": "a," * 900}, ("present",),
         "900 charts that do not exist ('a', 'a', 'a' and 897 more)"),
    Link("a 10,000-character day to count changes from", lambda: {"since": "9" * 10_000}, ("since",),
         "a date 10,000 characters long"),
    Link("a 100,000-digit slide", lambda: {"slide": "9" * 100_000}, ("present",), "Slide 1 of"),
    Link("a 10,000-character place to compare with", lambda: {"compare": "c" * 10_000},
         ("overview", "themes"), "a place to compare with 10,000 characters long"),
    Link("900 places to compare with", lambda: {"compare": [f"E0800{n:04}" for n in range(900)]},
         ("overview",), "900 places to compare with, more than the 50 a link may name"),
]


# Files the dashboard is pointed at or keeps, made into what a file should not be. Each damage takes
# a path and leaves something there (or nothing) that must be refused in a sentence, never read.
DENIED: set[str] = set()  # files made unreadable: as root (which reads anything) the test refuses them


def _a_folder(path: Path) -> None:
    _gone(path)
    path.mkdir()


def _a_pipe(path: Path) -> None:
    _gone(path)
    os.mkfifo(path)


def _a_link_to(target: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        _gone(path)
        path.symlink_to(target)
    return damage


def _a_loop(path: Path) -> None:
    _gone(path)
    path.symlink_to(path.name)


def _a_link_outside(path: Path) -> None:
    outside = path.parent.parent / f"outside-{path.name}"
    outside.write_bytes(path.read_bytes())
    _gone(path)
    path.symlink_to(outside)


def _unreadable(path: Path) -> None:
    path.chmod(0)
    DENIED.add(str(path))


def _huge(size: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with path.open("r+b") as handle:  # sparse: no disk used, but larger than any read may be
            handle.truncate(size)
    return damage


def _gone(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        path.rmdir()
    else:
        path.unlink(missing_ok=True)


# (name, damage, words the refusal or the note naming it must hold)
FILE_DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    ("a folder", _a_folder, "it is a folder, not a file"),
    ("a named pipe", _a_pipe, "it is a named pipe, not a file"),
    ("a link to /dev/zero", _a_link_to("/dev/zero"), "it is a device, not a file"),
    ("a link to /dev/null", _a_link_to("/dev/null"), "it is a device, not a file"),
    ("a link that loops", _a_loop, "round in a circle"),
    ("unreadable (mode 000)", _unreadable, "permission denied"),
]
# A journal entry is the dashboard's own file: a link out of its folder is refused too, and an entry
# larger than any write makes.
OUTSIDE = "a link to a file outside its folder"
JOURNAL_DAMAGE = [*[(name, damage, OUTSIDE if name.startswith("a link to /") else says)
                    for name, damage, says in FILE_DAMAGE],
                  ("a link to a file outside the journal", _a_link_outside, OUTSIDE),
                  ("larger than any entry (sparse)", _huge(60_000_000), "larger than 50 MB")]
SEED_FILE_DAMAGE = [*FILE_DAMAGE, ("missing", _gone, "the file is missing"),
                    ("larger than 250 MB (sparse)", _huge(250_000_001), "larger than 250 MB")]
# The journal's folder itself: every build and write refused (a build would drop what it keeps).
JOURNAL_FOLDER_DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    ("a file", lambda folder: (shutil.rmtree(folder), folder.write_bytes(b"")), "is a file, not a folder"),
    ("a link to /dev/null", lambda folder: (shutil.rmtree(folder), folder.symlink_to("/dev/null")),
     "is a file, not a folder"),
]
# The seed folder named with `build --seed`: (name, the folder to name given a good copy, words).
SEED_FOLDERS: list[tuple[str, Callable[[Path], Path], str]] = [
    ("a file", lambda seed: seed / "funds.csv", "is a file, not a folder"),
    ("not there", lambda seed: seed / "nothing-here", "is not there"),
    ("a link to /dev/null", lambda seed: _linked(seed, "/dev/null"), "is a file, not a folder"),
]
# The codebook a REFI-QDA codebook is added to (`themes import-codebook --codebook`).
CODEBOOKS: list[tuple[str, Callable[[Path], Path], str]] = [
    ("not there", lambda folder: folder / "nope.csv", "There is no file"),
    ("a folder", lambda folder: folder, "it is a folder, not a file"),
    ("the wrong columns", lambda folder: _written(folder / "funds.csv", b"fund_id,name\nf,F\n"),
     "missing column(s): theme_id"),
    ("a named pipe", lambda folder: _made(folder / "pipe.csv", _a_pipe), "it is a named pipe"),
    ("a link to /dev/zero", lambda folder: _made(folder / "zero.csv", _a_link_to("/dev/zero")),
     "it is a device"),
    ("not UTF-8", lambda folder: _written(folder / "latin.csv", b"theme_id,name\nt,Caf\xe9\n"), "not UTF-8"),
]
# Folders `export-records DIR` cannot write: one sentence, and nothing made on the way.
EXPORT_FOLDERS: list[tuple[str, Callable[[Path], Path], str]] = [
    ("a folder under /proc", lambda tmp: Path("/proc/dash-export"), "cannot be made"),
    ("a folder inside /proc/self", lambda tmp: Path("/proc/self/x/y"), "cannot be made"),
    ("a file", lambda tmp: _written(tmp / "a-file", b"x"), "is a file"),
    ("a folder inside a file", lambda tmp: _written(tmp / "a-file", b"x") / "inside", "is a file"),
]


def _linked(folder: Path, target: str) -> Path:
    link = folder.parent / "linked-seed"
    link.symlink_to(target)
    return link


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _made(path: Path, damage: Callable[[Path], None]) -> Path:
    damage(path)
    return path


# Every command that writes, as typed (FILE: a good file to import). On a store not built yet, in a
# folder not made yet, each is refused in a sentence and makes nothing: no folder, no lock, no journal.
WRITE_COMMANDS: list[list[str]] = [
    ["themes", "decide", "ins-jf-07", "time", "accept"],
    ["users", "add", "ada@example.org", "editor"],
    ["users", "remove", "ada@example.org"],
    ["edit", "funds", "fund-bristol-local-food", "name=Renamed"],
    ["add", "organisations", "name=Bristol Community Foundation"],
    ["retire", "funds", "fund-bristol-local-food"],
    ["undo", "1"],
    ["restore", "--as-of", "2020-01-01"],
    ["imports", "remove", "grants", "src-x"],
    ["import-360", "FILE.csv"],
    ["import-notes", "FILE.md"],
]


# Changes a build can no longer replay: made when they fitted, then the seed moved under them (or the
# entry was edited by hand). The build says so, and so does every `check` after it, until a person
# acts. (name, (table, id, cells) of the change, what to do to the seed folder, to the entry, words.)
def _without_the_endowment(seed: Path) -> None:
    for file in ("funds.csv", "panels.csv"):
        lines = (seed / file).read_text(encoding="utf-8").splitlines()
        (seed / file).write_text("\n".join(line for line in lines if "fund-bd-endowment" not in line) + "\n",
                                 encoding="utf-8")


def _smaller_food_fund(seed: Path) -> None:
    text = (seed / "funds.csv").read_text(encoding="utf-8")
    (seed / "funds.csv").write_text(text.replace("fund,60000,60000,", "fund,50000,50000,"), encoding="utf-8")


def _amount_nan(entry: Path) -> None:
    body = json.loads(entry.read_text(encoding="utf-8"))
    body["data"]["cells"]["amount_gbp"] = "NaN"
    entry.write_text(json.dumps(body), encoding="utf-8")


UNREPLAYABLE: list[tuple[str, tuple[str, str, dict[str, str]], Callable[[Path], None] | None,
                         Callable[[Path], None] | None, str]] = [
    ("an edit of a fund the seed no longer has", ("funds", "fund-bd-endowment", {"notes": "Confirmed"}),
     _without_the_endowment, None, "there is no such fund"),
    ("a participatory part above the fund", ("funds", "fund-bristol-local-food",
                                             {"participatory_gbp": "55000"}),
     _smaller_food_fund, None, "more than the fund's size"),
    ("an amount of NaN, written into the entry",
     ("funds", "fund-bristol-local-food", {"amount_gbp": "70000"}), None, _amount_nan,
     "'NaN' is not an amount in pounds"),
]


# Who signs a change (`--by`, or a signed-in person's name): kept as one line of printable text, so
# that `history` prints one line for each change and a name cannot forge another. (case, name as
# given, name as signed; None: refused, for there is no name left.)
SIGNERS: list[tuple[str, str, str | None]] = [
    ("a line break that forges a change",
     "Ann\n    9  01/01/2026 00:00  Admin (command line): Recorded: all undone",
     "Ann 9 01/01/2026 00:00 Admin (command line): Recorded: all undone"),
    ("terminal escapes", "Ann\x1b[2J\x1b[31m\x07", "Ann[2J[31m"),
    ("a right-to-left override", "Ann\u202enimda", "Annnimda"),
    ("a zero-width space", "A\u200bnn", "Ann"),
    ("tabs, a carriage return and a line separator", "Ann\t\tB\rC\u2028D", "Ann B C D"),
    ("only line breaks", "\n\r\n", None),
    ("only invisible characters", "\u200b\u202e\x1b", None),
]
