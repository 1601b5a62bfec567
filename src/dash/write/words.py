"""Records and changes in a trustee's words: the one describer every editor message is made from.

Each seed column has a label ("Size (£)", "Members with lived experience"); each cell is shown as
the record forms show it (£1,400,000, 40%, 9 March 2023, the place's or fund's name rather than its
id). The write service builds its sentences and the Activity page's lines from these, so no message
an editor reads names a column (``amount_gbp``), an id (``fund-…``, ``ins-int-05``) or a command.
The command line may add ids and column names of its own.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from dash import format as fmt
from dash.ingest import values
from dash.ingest.seed import SEED_TABLES, Column
from dash.queries import record_changes

# Each field in the words a trustee uses, with how to write it where that is not obvious.
FIELD_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "funds": {
        "name": ("Name", ""), "org_id": ("Held by", ""), "locality_id": ("Place", ""),
        "fund_kind": ("Kind of fund", "e.g. grant budget, endowment, policy"),
        "amount_gbp": ("Size (£)", "e.g. 250000 or £250,000"),
        "participatory_gbp": ("Decided by communities (£)", "no more than the size"),
        "budget_share": ("Share of a budget", "e.g. 1% (for a policy with no sum)"),
        "period_months": ("Period (months)", ""), "money_from": ("Money raised from", ""),
        "approach": ("How it is decided", ""), "reported_on": ("Reported on", "YYYY-MM-DD"),
        "source_id": ("Source", "where the figures come from"), "notes": ("Notes", ""),
        "target_lived_experience_share": ("Target share of panel members with lived experience",
                                          "e.g. 50%: the Panels page shows each panel against it"),
    },
    "panels": {
        "name": ("Name", ""), "fund_id": ("Fund it decides", ""), "locality_id": ("Place", ""),
        "model": ("Model", "e.g. grant panel, community steering group"),
        "members": ("Members", "how many people sit on it"),
        "lived_experience_members": ("Members with lived experience (how many)",
                                     "with Members, the share is worked out"),
        "lived_experience_share": ("Members with lived experience", "e.g. 40%"),
        "paid": ("Are members paid?", ""), "pay_basis": ("How they are paid", ""),
        "trained": ("Are members trained?", ""), "powers": ("What it decides", ""),
        "source_id": ("Source", ""), "notes": ("Notes", ""),
    },
    "meetings": {
        "title": ("Title", ""), "kind": ("Kind", "e.g. meeting, event, published write-up"),
        "held_on": ("Held on", "YYYY-MM-DD"), "organiser_org_id": ("Organised by", ""),
        "organiser": ("Organiser, if not an organisation above", ""), "locality_id": ("Place", ""),
        "source_id": ("Source", ""),
    },
    "organisations": {
        "name": ("Name", ""), "kind": ("Kind", "e.g. community foundation, council, charity"),
        "locality_id": ("Place", ""), "source_id": ("Source", ""),
    },
    "sources": {
        "title": ("Title", "as the document gives it"), "publisher": ("Publisher", ""),
        "author": ("Author", ""), "published_on": ("Published on", "YYYY-MM-DD"),
        "url": ("Web address", "https://… (the one link the dashboard draws)"),
        "document": ("File or document", ""), "locator": ("Where in it", "e.g. page 4, second post"),
        "notes": ("Notes", ""),
    },
    "meeting_places": {
        "meeting_id": ("Meeting", ""), "locality_id": ("Place it discussed", ""),
        "note": ("Note", "e.g. discussed as an example of a community fund"),
    },
    "speakers": {
        "meeting_id": ("Meeting", ""), "name": ("Name", "as the source names them"),
        "affiliation": ("Affiliation", "their organisation or role"),
    },
    "insights": {
        "meeting_id": ("Meeting", ""), "position": ("Position in the meeting's list", "1, 2, 3 …"),
        "kind": ("Kind", "e.g. key point"), "text": ("Key point, in our own words", ""),
    },
    "mentions": {"confirmed_as": ("Confirmed as", "")},
}
_COLUMNS: dict[tuple[str, str], Column] = {(spec.table, column.name): column
                                           for spec in SEED_TABLES for column in spec.columns}
# How the record a column names is called: its table, key and name columns.
_NAMED = {"funds": ("fund_id", "name"), "panels": ("panel_id", "name"), "organisations": ("org_id", "name"),
          "meetings": ("meeting_id", "title"), "sources": ("source_id", "title"),
          "localities": ("locality_id", "name")}
_TITLES = {"meetings", "sources"}  # called by a title rather than a name
_MOST_FIELDS = 3  # fields named in a one-line summary of an edit; the rest counted


def label(table: str, column: str) -> str:
    """The field as the record forms label it: 'Size (£)'."""
    return FIELD_WORDS.get(table, {}).get(column, (column.replace("_", " ").capitalize(), ""))[0]


def field_name(table: str, column: str) -> str:
    """The field inside a sentence: 'size', 'members with lived experience'."""
    words = label(table, column).replace(" (£)", "").replace(" (how many)", "").rstrip("?")
    return words if words.isupper() else words[0].lower() + words[1:]


def name_of(cursor: duckdb.DuckDBPyConnection, table: str, record_id: str) -> str:
    """A record's name (a place's, a fund's, a source's title), or 'one no longer in the store'."""
    key, name = _NAMED[table]
    return record_changes.name_of(cursor, table, key, name, record_id) or "one no longer in the store"


def cell(cursor: duckdb.DuckDBPyConnection | None, table: str, column: str, value: str) -> str:
    """A cell as a trustee reads it: £1,400,000, 40%, 9 March 2023, yes, Bristol; 'empty' when empty."""
    if value in ("", None):
        return "empty"
    spec = _COLUMNS.get((table, column))
    try:
        if spec is not None and spec.refers_to in _NAMED and cursor is not None:
            names = [name_of(cursor, spec.refers_to, part) for part in str(value).split(";") if part]
            return ", ".join(names)
        parse = spec.parse if spec is not None else values.text
        if parse is values.pounds:
            return fmt.money_exact(float(values.pounds(value)))
        if parse is values.share:
            return fmt.percent(values.share(value))
        if parse is values.iso_date:
            return fmt.long_date(dt.date.fromisoformat(str(value)[:10]))
        if parse is values.yes_no:
            return "yes" if values.yes_no(value) else "no"
    except (ValueError, duckdb.Error):
        pass
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:77].rstrip() + "…"


def change_lines(cursor: duckdb.DuckDBPyConnection | None, table: str,
                 changed: dict[str, tuple[str, str]], key: str | None) -> list[str]:
    """Each changed field on a line: 'Size: £1,300,000 → £1,400,000' ('Size: £250,000' when added)."""
    lines = []
    for column in [c for c in FIELD_WORDS.get(table, {}) if c in changed and c != key]:
        before, after = changed[column]
        heading = label(table, column).replace(" (£)", "")
        now = cell(cursor, table, column, after)
        if before in ("", None):
            lines.append(f"{heading}: {now}")
        else:
            lines.append(f"{heading}: {cell(cursor, table, column, before)} → {now}")
    return lines


def edit_words(cursor: duckdb.DuckDBPyConnection | None, table: str, cells: dict[str, str],
               before: dict[str, str] | None) -> str:
    """What an edit changed, short enough for a line of the Activity page: 'size £1,300,000 →
    £1,400,000' (one field), 'size and place' (two or three), 'size, place and 2 more fields'."""
    columns = [c for c in FIELD_WORDS.get(table, {}) if c in cells]
    if len(columns) == 1:
        column = columns[0]
        was = (before or {}).get(column, "")
        now = cell(cursor, table, column, cells[column])
        return (f"{field_name(table, column)} {cell(cursor, table, column, was)} → {now}" if was
                else f"{field_name(table, column)} {now}")
    named = [field_name(table, c) for c in columns[:_MOST_FIELDS]]
    if len(columns) > _MOST_FIELDS:
        return ", ".join(named) + f" and {fmt.count(len(columns) - _MOST_FIELDS, 'more field')}"
    return ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else "".join(named)


def addition_words(cursor: duckdb.DuckDBPyConnection | None, table: str, cells: dict[str, str]) -> str:
    """What tells one new record from another of its kind: a fund's size and place, a panel's share."""
    telling = {"funds": ("amount_gbp", "locality_id"), "panels": ("lived_experience_share", "fund_id"),
               "meetings": ("held_on", "locality_id"), "organisations": ("locality_id",),
               "insights": ("meeting_id",), "speakers": ("meeting_id",), "sources": ("published_on",),
               "meeting_places": ("meeting_id",)}.get(table, ())
    said = [cell(cursor, table, column, cells[column]) for column in telling if cells.get(column)]
    return ", ".join(said)


def problem(table: str, column: str | None, message: str) -> str:
    """A refusal at a field, in words: 'members with lived experience: 40% does not match …', 'kind of
    fund is empty but required'."""
    if not column or table not in FIELD_WORDS:
        return message
    joined = " " if message.startswith(("is ", "are ", "cannot ", "must ")) else ": "
    return f"{field_name(table, column)}{joined}{message}"
