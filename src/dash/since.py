"""What changed since the last meeting, in words: the lines the "Since we last met" page, the board
pack's section and ``python -m dash changes`` all show, each with the link to where it is shown.

The figures are ``dash.queries.changes``'s, from the store's history; this module only words them
(money by ``dash.format``) and points each line at the page and filter that show it. The lines hold
stored text (titles, key points, names) as it is: whoever shows them renders them through
``dash.safe``, as all stored text is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from urllib.parse import urlencode

import duckdb
import pandas as pd

from dash import format as fmt
from dash.filters import Filters
from dash.queries import changes
from dash.write import decisions, grants, records, removals, words, write_ups

NO_MEETING_DAYS = 30  # with no dated meeting in the filter, the changes of the last 30 days
MOST_KEY_POINTS = 5  # a write-up's or a theme's key points shown under its line; the rest counted
MOST_THEMES = 5  # themes that rose most, and that fell most


# The page each line links to, by the first part of its link: what a printed line names.
PAGE_NAMES = {"grants": "Grants", "meetings": "Meetings", "themes": "Themes", "funds": "Funds",
              "panels": "Panels", "activity": "Activity"}


@dataclass(frozen=True)
class Line:
    """One change in words, the page (relative link, with the filter) that shows it, and what is
    under it: a write-up's key points, a record's fields before and after."""

    text: str
    link: str
    details: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """Where it is shown, in words, for what cannot follow a link (the board pack, the command
        line): 'the Grants page'."""
        page = self.link.split("?", 1)[0]
        return f"the {PAGE_NAMES.get(page, page.title())} page"


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[Line, ...]
    none: str  # what the section says when nothing of its kind changed


@dataclass(frozen=True)
class ChangesSince:
    """Everything that changed from the start of ``since`` (UK time), for one filter."""

    since: dt.date
    why: str  # the day in words, and why this day: "9 February 2022, the day of the last meeting …"
    sections: tuple[Section, ...]
    money_gbp: float = 0.0  # the grants added, in pounds (other currencies are in their lines)
    grants: int = 0  # how many grants were added
    key_points: int = 0  # how many key points the write-ups added hold
    themes_rose: int = 0  # how many themes' counts rose, and fell (the section lists the most of each)
    themes_fell: int = 0

    @property
    def count(self) -> int:
        return sum(len(section.lines) for section in self.sections)

    @property
    def headline(self) -> str:
        """'4 changes since 9 February 2022, the day of the last meeting …'."""
        if not self.count:
            return f"Nothing has changed since {self.why}."
        return f"{fmt.count(self.count, 'change')} since {self.why}."

    def section(self, title: str) -> Section:
        """The section whose title starts with ``title``."""
        return next(section for section in self.sections if section.title.startswith(title))

    def as_text(self) -> list[str]:
        """The lines as plain text, one a line, each naming where it is shown, details indented: the
        command line and the pack. A period with nothing changed is its one sentence."""
        out = [self.headline]
        if not self.count:
            return out
        for section in self.sections:
            out += ["", section.title]
            if not section.lines:
                out.append(f"  {section.none}")
            for line in section.lines:
                out.append(f"  - {line.text} (shown on {line.where})")
                out += [f"      {detail}" for detail in line.details]
        return out

    def tallies(self) -> list[tuple[str, str]]:
        """Each kind of change counted, in words: the deck's summary slide. ('Money and grants added',
        '£1.2m in 34 grants'); 'none' where nothing of a kind changed."""
        def counted(n: int, noun: str, then: str = "") -> str:
            return f"{fmt.count(n, noun)}{then}" if n else "none"

        def lines(title: str) -> int:
            return len(self.section(title).lines)

        money = f"{fmt.money(self.money_gbp)} in " if self.money_gbp else ""
        moved = self.themes_rose + self.themes_fell
        return [
            ("Money and grants added", f"{money}{counted(self.grants, 'grant')}" if self.grants else "none"),
            ("Write-ups added", counted(lines("Write-ups added"), "write-up",
                                        f" with {fmt.count(self.key_points, 'key point')}")),
            ("Themes that rose or fell",
             f"{self.themes_rose} rose, {self.themes_fell} fell" if moved else "none"),
            ("Records corrected", counted(lines("Records corrected"), "change")),
            ("Imports removed", counted(lines("Imports removed"), "import")),
            ("Theme reviews", counted(lines("Theme reviews"), "review")),
        ]


def default_since(cursor: duckdb.DuckDBPyConnection, filters: Filters,
                  today: dt.date | None = None) -> tuple[dt.date, str]:
    """The day the page opens on, and in words why: the last meeting in the store for the filter
    held on or before today; with none dated, the last NO_MEETING_DAYS days."""
    today = today or dt.date.today()
    meeting = changes.last_meeting(cursor, filters, today)
    if meeting is None:
        start = today - dt.timedelta(days=NO_MEETING_DAYS)
        return start, (f"{fmt.long_date(start)}: no meeting in this filter has a date, so these are the "
                       f"last {NO_MEETING_DAYS} days")
    return meeting["held_on"], (f"{fmt.long_date(meeting['held_on'])}, the day of the last meeting in the "
                                f"store for this filter (“{meeting['title']}”)")


def _when(row: pd.Series) -> str:
    """'by Ann on 3 March 2025 at 14:05' (UK time)."""
    written = row["written_at"]
    return f"by {row['written_by']} on {fmt.long_date(written.date())} at {written:%H:%M}"


def _money(amount: float | None, currency: str) -> str:
    if currency == "GBP":
        return fmt.money(amount)
    return "an amount not stated" if amount is None or amount != amount else f"{currency} {amount:,.0f}"


def _more(items: list[str], most: int, noun: str) -> tuple[str, ...]:
    shown = items[:most]
    if len(items) > most:
        shown.append(f"… and {fmt.count(len(items) - most, noun)} more")
    return tuple(shown)


class _Links:
    """The page showing a change, opened on the same filter (the day itself left out: it is this
    page's own choice)."""

    def __init__(self, filters: Filters) -> None:
        self.query = dataclasses.replace(filters, since=None).to_query()

    def __call__(self, page: str, **own: str) -> str:
        query = urlencode({**own, **self.query}, doseq=True)
        return f"{page}?{query}" if query else page


def _grants(cursor, filters, since, link) -> tuple[Section, float, int]:
    added = changes.grants_added(cursor, filters, since, kind=grants.KIND.name)
    lines = []
    for _, row in added.iterrows():
        funder = row["funder"] if row["funder"] == row["funder"] and row["funder"] else "a funder not named"
        programme = (f", programme “{row['programme']}”" if row["programme"] == row["programme"]
                     and row["programme"] else "")
        lines.append(Line(
            f"{_money(row['amount'], row['currency'])} in {fmt.count(int(row['grants']), 'grant')} from "
            f"{funder}{programme}: imported from {row['file']} {_when(row)}", link("grants")))
    total = added.loc[added["currency"] == "GBP", "amount"].sum() if not added.empty else 0
    title = "Money and grants added" + (f": {fmt.money(total)} in all" if total else "")
    return Section(title, tuple(lines), "No grants were imported."), float(total), int(added["grants"].sum())


def _write_ups(cursor, filters, since, link) -> tuple[Section, int]:
    added = changes.write_ups_added(cursor, filters, since, kind=write_ups.KIND.name)
    lines = []
    for _, row in added.iterrows():
        points = [str(point) for point in row["key_points"]]
        held = f", held on {fmt.long_date(row['held_on'].date())}" if row["held_on"] == row["held_on"] else ""
        lines.append(Line(f"“{row['title']}”{held}, with {fmt.count(len(points), 'key point')}: imported "
                          f"{_when(row)}", link("meetings", search=row["title"]),
                          _more(points, MOST_KEY_POINTS, "key point")))
    points = int(added["key_points"].map(len).sum()) if not added.empty else 0
    return Section("Write-ups added", tuple(lines), "No write-up was imported."), points


def _themes(moved: pd.DataFrame, filters: Filters, link: _Links) -> Section:
    rose = moved[moved["change"] > 0].head(MOST_THEMES)
    fell = moved[moved["change"] < 0].sort_values(["change", "theme"]).head(MOST_THEMES)
    lines = []
    for _, row in pd.concat([rose, fell]).iterrows():
        change = int(row["change"])
        direction = "rose" if change > 0 else "fell"
        points = [f"{'+' if point['change'] > 0 else '−'} “{point['text']}” ({point['meeting']})"
                  for point in row["key_points"]]
        lines.append(Line(f"{row['theme']} {direction} by {fmt.count(abs(change), 'key point')}, from "
                          f"{int(row['before'])} to {int(row['now'])}", link("themes", theme=row["theme_id"]),
                          _more(points, MOST_KEY_POINTS, "key point")))
    counted = "" if filters.suggestions else " (counting accepted codes only)"
    return Section(f"Themes that rose or fell most{counted}", tuple(lines), "No theme's count changed.")


_PAGE_OF = {"funds": "funds", "panels": "panels", "meetings": "meetings", "insights": "meetings",
            "meeting_places": "meetings", "speakers": "meetings", "mentions": "meetings"}


def _field_changes(cursor, row: pd.Series) -> tuple[str, ...]:
    """Each changed field of one record, before → after, in the record forms' words."""
    before = json.loads(row["before"]) if isinstance(row["before"], str) else {}
    after = json.loads(row["after"]) if isinstance(row["after"], str) else {}
    table = row["table_name"]
    cells = {column: (str(before.get(column, "") or ""), str(after.get(column, "") or ""))
             for column in {**before, **after}}
    spec = records.SPECS.get(table)
    return tuple(words.change_lines(cursor, table, cells, spec.key if spec else None))


def _records(cursor, filters, since, link) -> Section:
    changed = changes.records_corrected(cursor, filters, since, kind=records.KIND.name)
    lines = []
    for entry, rows in changed.groupby("entry", sort=False):
        first = rows.iloc[0]
        details: list[str] = []
        for _, row in rows.iterrows():
            details += _field_changes(cursor, row) if row["action"] in ("add", "edit") else ()
        # an undo's own line says so ("…, undoing change 7"): the record kind words it
        lines.append(Line(f"{first['summary']}, {_when(first)} (change {entry})",
                          link(_PAGE_OF.get(first["table_name"], "activity")), tuple(details)))
    return Section("Records corrected", tuple(lines), "No record was added, changed, retired or undone.")


def _removed(cursor, since, link) -> Section:
    removed = changes.imports_removed(cursor, since, kind=removals.KIND.name)
    lines = tuple(Line(f"{row['summary']}, {_when(row)}: what it added went with it (change {row['entry']})",
                       link("activity")) for _, row in removed.iterrows())
    return Section("Imports removed", lines, "No import was taken back out.")


def _reviews(cursor, filters, since, link) -> Section:
    reviewed = changes.reviews_made(cursor, filters, since, kind=decisions.KIND.name)
    lines = tuple(Line(f"{row['summary']}, {_when(row)}", link("themes", theme=row["theme_id"]))
                  for _, row in reviewed.iterrows())
    return Section("Theme reviews made and settled", lines, "No theme was reviewed.")


def _day(cursor: duckdb.DuckDBPyConnection, filters: Filters, since: dt.date | None,
         today: dt.date | None) -> tuple[dt.date, str]:
    """The day counted from, and why: ``since``, else the filter's own, else the last meeting's."""
    since = since or filters.since
    if since is None:
        return default_since(cursor, filters, today)
    return since, f"{fmt.long_date(since)}, the day picked"


@dataclass(frozen=True)
class ThemeShifts:
    """Each theme whose count of key points moved since the day, for one filter: what the "themes
    that rose or fell" chart draws and the page's themes section lists (``changes.theme_changes``)."""

    since: dt.date
    why: str
    moved: pd.DataFrame  # theme_id, theme, before, now, change, key_points (text, meeting, change, source)
    accepted_only: bool  # the filter counts accepted codes only


def theme_shifts(cursor: duckdb.DuckDBPyConnection, filters: Filters, since: dt.date | None = None,
                 today: dt.date | None = None) -> ThemeShifts:
    """The themes that rose or fell from the start of the day (``_day``) in the filter."""
    since, why = _day(cursor, filters, since, today)
    moved = changes.theme_changes(cursor, filters, since, write_up=write_ups.KIND.name)
    return ThemeShifts(since, why, moved, not filters.suggestions)


def changes_since(cursor: duckdb.DuckDBPyConnection, filters: Filters, since: dt.date | None = None,
                  today: dt.date | None = None) -> ChangesSince:
    """Everything that changed in the filter from the start of ``since`` (else the filter's own day,
    else the last meeting's: ``default_since``), in words, each line with its link."""
    since, why = _day(cursor, filters, since, today)
    link = _Links(filters)
    grants_section, money, grant_count = _grants(cursor, filters, since, link)
    write_ups_section, key_points = _write_ups(cursor, filters, since, link)
    moved = changes.theme_changes(cursor, filters, since, write_up=write_ups.KIND.name)
    return ChangesSince(since, why, (
        grants_section,
        write_ups_section,
        _themes(moved, filters, link),
        _records(cursor, filters, since, link),
        _removed(cursor, since, link),
        _reviews(cursor, filters, since, link),
    ), money, grant_count, key_points, int((moved["change"] > 0).sum()), int((moved["change"] < 0).sum()))
