"""Small inputs made to order: a Markdown write-up, a 360Giving CSV of one grant with one cell set
(the hostile corpus builds its cases from these too), and one whose dates are written day first."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dash.devtools.big_inputs import HEADER, grant_rows

GOOD_POINTS = ("Paying members at Living Wage rates kept people coming.", "Trust takes time to build here.")


def write_up(*points: str, head: str = "# Panel meeting\n\nHeld on 9 March 2023.\n\n") -> bytes:
    """A Markdown write-up whose key points are ``points``."""
    return (head + "\n".join(f"- {p}" for p in points) + "\n").encode("utf-8")


def grants_csv(rows: list[tuple[str, ...]] | list[list[str]], header=HEADER) -> bytes:
    """A 360Giving CSV of ``rows`` under ``header``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def grants_csv_with(title: str, value: str) -> bytes:
    """A 360Giving CSV of one good grant whose column ``title`` holds ``value``."""
    row = list(grant_rows(1, prefix="360G-HOSTILE")[0])
    row[HEADER.index(title)] = value
    return grants_csv([row])


def grants_csv_with_amount(value: str) -> bytes:
    """A 360Giving CSV of one good grant of ``value`` (the Amount Awarded cell as written)."""
    return grants_csv_with("Amount Awarded", value)


# The funders' 360Giving files the importer is tried on (tests/ingest/360giving/).
GRANT_FILES = Path(__file__).resolve().parents[1] / "ingest" / "360giving"

# A write-up as a panel's web page gives it: bullets, a continuation line, a numbered point, furniture.
PANEL_REVIEW = b"""# Community panel review

Held on 3rd March 2023 in Bristol.

## Key points

- Paying panel members at Living Wage rates kept people coming back.
- A panel of 100% people with lived experience decided the
  grants, which were worth \xc2\xa360K in total.
1. Half of this went to food projects, and trust grew over time.

Read More
Add new comment
"""

# Sign-in set up (a secrets.toml), with chair@example.org the configuration's admin; the provider's
# address is a loopback port where nothing listens.
SIGN_IN = """
[auth]
redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "a-long-random-secret-for-tests-only"
client_id = "dashboard"
client_secret = "secret"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"

[access]
admins = ["Chair@Example.org"]
"""

# A REFI-QDA codebook as QualCoder exports it: a category, two codes under it, and one at the top.
QUALCODER_CODEBOOK = b"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder 3.6">
  <Codes>
    <Code guid="0b4b9c8e-1a1f-4a53-9d3c-111111111111" name="Barriers to taking part" isCodable="false">
      <Code guid="0b4b9c8e-1a1f-4a53-9d3c-222222222222" name="Digital exclusion" isCodable="true">
        <Description>Online-only meetings shut out people without devices or confidence.</Description>
      </Code>
      <Code guid="0b4b9c8e-1a1f-4a53-9d3c-333333333333" name="Sharing power with communities"
            isCodable="true"/>
    </Code>
    <Code guid="0b4b9c8e-1a1f-4a53-9d3c-444444444444" name="=Peer support" isCodable="true"/>
  </Codes>
</CodeBook>"""


def day_first_grants_file(count: int, award: str | None = None) -> bytes:
    """A 360Giving CSV of ``count`` grants, each award date written dd/mm/yyyy (or ``award``) and Last
    Modified dd-mm-yyyy, as one of GrantNav's own test files writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*HEADER, "Last Modified"])
    for row in grant_rows(count, prefix="360G-DAYFIRST"):
        cells = list(row)
        year, month, day = cells[5].split("-")
        cells[5] = award or f"{day}/{month}/{year}"
        writer.writerow([*cells, f"{day}-{month}-{year}"])
    return buffer.getvalue().encode()
