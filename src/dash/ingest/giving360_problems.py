"""What checking a 360Giving file finds, as the checks and the report share it: a problem (an error
that stops the import, or a warning), where it is, and the standard's dates read as the store keeps
them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dash.ingest.giving360 import JSON_FORM, SPREADSHEET, Row
from dash.ingest.giving360_schema import title_of

ERROR, WARNING = "error", "warning"
VALIDITY = "Validity"  # the group of every error: what the tool calls the file being "valid"


@dataclass(frozen=True)
class Problem:
    severity: str
    check: str
    row: int | None          # the spreadsheet row, or the grant's place in a JSON file's list
    column: str | None       # the column title (spreadsheet) or the field's path (JSON)
    message: str
    group: str = VALIDITY    # warnings: the Data Quality Tool's group, such as "Accuracy: Dates"
    grant_id: str | None = None
    form: str = SPREADSHEET
    total: int | None = None  # warnings: how many grants the check found (only the first few are kept)

    @classmethod
    def at(cls, severity: str, check: str, row: Row, path: list, message: str, group: str = VALIDITY
           ) -> Problem:
        """A problem with a grant found at JSON location ``path``: named by the spreadsheet's column
        title, or by the field's path and the grant's identifier for JSON."""
        column = ("/".join(str(step) for step in path) or "(the grant)") if row.form == JSON_FORM \
            else title_of(path)
        grant_id = row.grant.get("id")
        named = grant_id.strip()[:80] if isinstance(grant_id, str) and grant_id.strip() else None
        return cls(severity, check, row.number, column, message, group, grant_id=named, form=row.form)

    def where(self) -> str:
        """'row 5, column Recipient Org:Name' or 'grant 5 (360G-X-1), field recipientOrganization/0/name'."""
        if self.row is None:
            return "the file" + (f", column {self.column}" if self.column else "")
        if self.form == JSON_FORM:
            named = f" ({self.grant_id[:60]})" if self.grant_id else ""
            return f"grant {self.row}{named}" + (f", field {self.column}" if self.column else "")
        return f"row {self.row}" + (f", column {self.column}" if self.column else "")


def parsed_date(value: object) -> dt.date | None:
    """A date the standard allows (YYYY-MM-DD, a date and time, or for planned dates YYYY-MM or YYYY,
    taken as its first day); None when it does not exist (31 February)."""
    if not isinstance(value, str):
        return None
    written = value.strip()
    try:
        if len(written) == 4:
            return dt.date(int(written), 1, 1)
        if len(written) == 7:
            return dt.date(int(written[:4]), int(written[5:7]), 1)
        return dt.date.fromisoformat(written[:10])
    except ValueError:
        return None
