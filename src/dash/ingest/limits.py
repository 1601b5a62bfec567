"""Limits on what an import may hold, each named in the message that enforces it.

They are far beyond any real file (a national funder publishes a few hundred thousand
grants; a write-up holds dozens of key points) and low enough that a hostile file is
refused in a second instead of filling memory or holding the store's lock for minutes.
"""

from __future__ import annotations

from decimal import Decimal

GRANTS_FILE_BYTES = 250_000_000     # a 500,000-row CSV is about 70 MB
SEED_FILE_BYTES = 250_000_000       # a seed file (or an ONS lookup); a national store's largest is 30 MB
GRANT_ROWS = 500_000                # rows (grants) in one file
XLSX_INFLATED_BYTES = 400_000_000   # what a spreadsheet unzips to, read from its zip directory first
CELL_CHARS = 32_767                 # the most text an Excel cell holds
JSON_DEPTH = 32                     # 360Giving JSON nests four or five deep
WRITE_UP_BYTES = 4_000_000          # a long write-up is 100 KB
KEY_POINTS = 2_000                  # key points in one write-up
KEY_POINT_CHARS = 10_000            # one key point: a long paragraph is 2,000
TITLE_CHARS = 300                   # a meeting's or a grant's title
NAME_CHARS = 300                    # a person's or an organisation's name
WHOLE_NUMBER = 1_000_000            # panel members, months, positions
# The store keeps money as DECIMAL(14, 2): anything from £1 trillion up cannot be held.
MONEY_LIMIT = Decimal("1000000000000")


def count(number: int) -> str:
    """12345 → '12,345' for the messages."""
    return f"{number:,}"
