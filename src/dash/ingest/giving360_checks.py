"""Checking grants read from a 360Giving file, and turning the good ones into rows for the store.

Two kinds of finding, as 360Giving's own tools make them:

- **Errors** stop the import, and nothing is stored. Every grant is validated against the standard's
  JSON Schema (types, formats, ``oneOf``, enums, patterns: ``dash.ingest.giving360_schema``) and its
  closed codelists, and
  every fault is listed at once (up to ``MOST_LISTED``, with a count of the rest), named by row and
  column title for a spreadsheet and by grant and field path for JSON, in words a publisher
  understands. Beyond the schema, the store needs each identifier once (re-imports replace by it),
  an award date that exists, and amounts it can hold.
- **Warnings** never stop an import: the data-quality checks of 360Giving's Data Quality Tool
  (``dash.ingest.giving360_quality``), grouped as the tool groups them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from dash.ingest import limits
from dash.ingest.giving360 import JSON_FORM, Row
from dash.ingest.giving360_dei import dei_rows
from dash.ingest.giving360_problems import ERROR, WARNING, Problem, parsed_date
from dash.ingest.giving360_schema import (
    DEI,
    closed_codelists,
    codelist,
    recipient_forms,
    schema,
    title_of,
    validator,
)

__all__ = ["ERROR", "WARNING", "Grant", "Problem", "check_grants", "error_count", "parsed_date",
           "report_lines"]
from dash.ingest.text import clean

MOST_LISTED = 500  # errors named one by one; beyond this they are counted
MORE_ERRORS = "More errors"  # the line that counts the errors not listed


def error_count(problems: list[Problem]) -> int:
    """How many errors the file has: those listed, and those the "More errors" line counts (a report
    that said "501 errors" for 758 counted that line as one)."""
    return sum((p.total or 0) if p.check == MORE_ERRORS else 1 for p in problems if p.severity == ERROR)


@dataclass
class Grant:
    """One grant as the store keeps it, with the file row it came from."""

    row: int
    grant_id: str
    title: str | None
    description: str | None
    currency: str | None
    amount_awarded: Decimal | None
    award_date: dt.date | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    recipient_org_id: str | None
    recipient_org_name: str | None
    funding_org_id: str | None
    funding_org_name: str | None
    grant_programme_title: str | None
    beneficiary_location_code: str | None
    beneficiary_location_name: str | None
    extra: dict[str, object] = field(default_factory=dict)
    dei: list[dict[str, object]] = field(default_factory=list)  # DEI answers, a row per area (grant_dei)

    def as_record(self) -> dict[str, object]:
        """JSON-safe, for the import log that rebuilds replay."""
        record = {k: v for k, v in self.__dict__.items() if k != "row"}
        for key, value in record.items():
            if isinstance(value, dt.date):
                record[key] = value.isoformat()
            elif isinstance(value, Decimal):
                record[key] = format(value, "f")
        return record


# --- the schema's verdict, in a publisher's words ------------------------------------------------

def _shown(value: object) -> str:
    text = value if isinstance(value, str) else repr(value) if isinstance(value, list | dict) else str(value)
    text = " ".join(clean(text).split())
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


_TYPE_WORDS = {"string": "text", "number": "a number (digits only: no £ sign, commas or words)",
               "integer": "a whole number", "boolean": "true or false", "object": "a set of fields",
               "array": "a list of entries, as the standard holds here"}
_FORMAT_WORDS = {"uri": "a web address (starting https:// or http://)",
                 "date-time": "a date and time as the standard writes them, such as 2024-03-31T09:00:00Z"}


def _schema_node(path: list) -> dict:
    node: object = schema()
    for step in path:
        if isinstance(node, dict) and "$ref" in node:
            node = schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        node = node[step] if isinstance(node, dict | list) else {}
    return node if isinstance(node, dict) else {}


def _is_date_choice(node: dict) -> bool:
    return any(option.get("format") == "date-time" for option in node.get("oneOf", []))


def _date_words(node: dict) -> str:
    month_only = any("(-(0[1-9]|1[012]))?$" in option.get("pattern", "") for option in node.get("oneOf", []))
    return ("a date as the standard writes them: YYYY-MM-DD (such as 2024-03-31)"
            + (", or just YYYY-MM or YYYY" if month_only else "") + ", or a full date and time")


def _recipient_errors(grant: dict) -> list[tuple[str, list, str]]:
    """The schema's ``oneOf`` (a recipient organisation or a recipient individual) explained: which
    of the grant's required fields are missing, for the form it uses, or that it uses both."""
    has_org, has_person = "recipientOrganization" in grant, "recipientIndividual" in grant
    if has_org and has_person:
        return [("A recipient organisation and a recipient individual", ["recipientIndividual"],
                 "the grant names both a recipient organisation and a recipient individual: a grant "
                 "goes to one or the other, so remove one")]
    forms = recipient_forms()
    needed = next((f for f in forms if ("recipientIndividual" in f) == has_person), forms[0])
    missing = [key for key in needed if grant.get(key) in (None, "", [], {})]
    if not has_org and not has_person:
        missing = [k for k in missing if k != "recipientIndividual"]
    return [("Required field missing", [key], "is missing: the standard requires it"
             + (" (a recipient organisation's Recipient Org:Identifier and Recipient Org:Name, or a "
                "recipient individual)" if key == "recipientOrganization" else ""))
            for key in missing]


def _explained(error, grant: dict) -> list[tuple[str, list, str]]:
    """(check, JSON location, words) for one validation error."""
    kind = type(error.kind).__name__
    path = list(error.instance_path)
    value = error.instance
    node = _schema_node(list(error.schema_path)[:-1])
    if not path and kind in ("OneOfNotValid", "OneOfMultipleValid"):
        return _recipient_errors(grant)
    if kind == "Required":
        missing = getattr(error.kind, "property", None)
        missing = missing if isinstance(missing, str) else re.sub(r'^"?([^"]+)"? is a required.*$', r"\1",
                                                                   error.message)
        return [("Required field missing", [*path, missing], "is missing: the standard requires it")]
    if kind == "OneOfNotValid" and _is_date_choice(node):
        return [("Not a date the standard can read", path, f"{_shown(value)} is not {_date_words(node)}")]
    if kind == "Type":
        expected = node.get("type")
        words = _TYPE_WORDS.get(expected if isinstance(expected, str) else "", f"of type {expected}")
        return [("Wrong type", path, f"{_shown(value)} is not {words}")]
    if kind == "Format":
        words = _FORMAT_WORDS.get(node.get("format", ""), f"in the {node.get('format')} format")
        return [("Wrong format", path, f"{_shown(value)} is not {words}")]
    if kind == "Enum":
        options = node.get("enum", [])
        shown = ", ".join(map(str, options[:6])) + (" …" if len(options) > 6 else "")
        if "GBP" in options:
            return [("Unknown currency code", path, f"{_shown(value)} is not an ISO 4217 currency code "
                     "such as GBP")]
        return [("Not one of the allowed values", path, f"{_shown(value)} is not one of: {shown}")]
    if kind == "Minimum":
        return [("Number too small", path, f"{_shown(value)} is less than {node.get('minimum')}, the least "
                 "the standard allows")]
    if kind == "UniqueItems":
        return [("The same code twice", path, "lists the same code more than once: give each once")]
    if kind == "Pattern" and path[-1:] == ["deiVersion"]:
        return [("Wrong format", path, f"{_shown(value)} is not a DEI Data Standard version such as 1.1")]
    if kind == "Pattern":
        return [("Wrong format", path, f"{_shown(value)} does not follow the standard's pattern for this "
                 "field")]
    return [("Does not follow the standard", path, clean(error.message)[:200])]


def schema_problems(row: Row) -> list[tuple[str, list, str]]:
    """Every way the grant breaks the standard's schema: (check, JSON location, words)."""
    errors = list(validator().iter_errors(row.grant))
    wrong_type = {tuple(e.instance_path) for e in errors if type(e.kind).__name__ == "Type"}
    found = []
    for error in errors:
        if tuple(error.instance_path) in wrong_type and type(error.kind).__name__.startswith("OneOf"):
            continue  # a number where a date goes: "not text" says it; "valid under both" would confuse
        found += _explained(error, row.grant)
    return found


def codelist_problems(row: Row) -> list[tuple[str, list, str]]:
    """Values the standard's closed codelists do not hold (regrant type, location scope, the reasons
    and purposes of a grant to a person)."""
    found = []
    for path, name, codes in closed_codelists():
        if path[0] not in row.grant:
            continue
        values: object = row.grant
        for key in path:
            values = values.get(key) if isinstance(values, dict) else None
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and value not in codes:
                found.append(_off_the_list(path, name, value, codes))
    return found


def _off_the_list(path: tuple[str, ...], name: str, value: str, codes: frozenset[str]
                  ) -> tuple[str, list, str]:
    """A value a closed codelist does not hold, in words: the DEI extension's lists by their titles
    and every code they hold (four to seven, bar the taxonomy's), the standard's as before."""
    if path[0] != DEI:
        shown = ", ".join(sorted(codes)[:4])
        return ("Not a code from the standard's list", list(path), f"{_shown(value)} is not on the "
                f"standard's {name.removesuffix('.csv')} list (codes such as {shown})")
    listed = sorted(codes)
    shown = (", ".join(listed[:-1]) + f" or {listed[-1]}" if len(listed) <= 8
             else "codes such as " + ", ".join(f"{c} ({codelist(name, True)[c]})" for c in listed[:2]))
    return ("Not a code from the DEI extension's list", list(path),
            f"{_shown(value)} is not on the DEI extension's {title_of(path).rsplit(':', 1)[-1]} list "
            f"({shown})")


# --- turning a valid grant into the store's row ----------------------------------------------------

def _first(grant: dict, key: str) -> dict:
    value = grant.get(key)
    if isinstance(value, list):
        return value[0] if value and isinstance(value[0], dict) else {}
    return value if isinstance(value, dict) else {}


def _as_list(value: object) -> list:
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


_SPACES = re.compile(r"\s+")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def text(value: object) -> str | None:
    """Text as the store keeps it: control characters gone, runs of spaces and line breaks one space."""
    if value is None or isinstance(value, dict | list):
        return None
    words = value if isinstance(value, str) else str(value)
    if not words.isprintable() or "  " in words:
        words = _SPACES.sub(" ", clean(words))
    return words.strip() or None


def _store_row(row: Row) -> Grant:
    grant = row.grant
    recipient, funder = _first(grant, "recipientOrganization"), _first(grant, "fundingOrganization")
    location = next((loc for loc in _as_list(grant.get("beneficiaryLocation")) if isinstance(loc, dict)
                     and loc.get("geoCode")), _first(grant, "beneficiaryLocation"))
    planned = _first(grant, "plannedDates")
    amount = grant.get("amountAwarded")
    amount = Decimal(str(amount)) if isinstance(amount, int | float | Decimal) else None
    if amount is not None and amount.as_tuple().exponent < -2:
        amount = amount.quantize(Decimal("0.01"))
    currency = text(grant.get("currency"))
    return Grant(
        row=row.number, grant_id=text(grant.get("id")) or "", title=text(grant.get("title")),
        description=text(grant.get("description")), currency=currency.upper() if currency else None,
        amount_awarded=amount, award_date=parsed_date(grant.get("awardDate")),
        planned_start=parsed_date(planned.get("startDate")), planned_end=parsed_date(planned.get("endDate")),
        recipient_org_id=text(recipient.get("id")), recipient_org_name=text(recipient.get("name")),
        funding_org_id=text(funder.get("id")), funding_org_name=text(funder.get("name")),
        grant_programme_title=text(_first(grant, "grantProgramme").get("title")),
        beneficiary_location_code=text(location.get("geoCode")),
        beneficiary_location_name=text(location.get("name")), extra=row.extra, dei=dei_rows(grant, text),
    )


# --- the checks ------------------------------------------------------------------------------------

def _store_problems(row: Row, seen_ids: dict[str, int]) -> list[tuple[str, list, str]]:
    """What the store needs beyond the schema."""
    grant, found = row.grant, []
    grant_id = text(grant.get("id")) if isinstance(grant.get("id"), str) else None
    if isinstance(grant.get("id"), str) and not grant_id:
        found.append(("Identifier blank", ["id"], "holds only spaces: each grant needs an identifier, as a "
                      "re-import replaces grants by it"))
    if grant_id:
        if grant_id in seen_ids:
            found.append(("Identifier used twice", ["id"], f"{_shown(grant_id)} is also the identifier of "
                          f"{'grant' if row.form == JSON_FORM else 'row'} {seen_ids[grant_id]}: each grant "
                          "needs its own, as a re-import replaces grants by it"))
        else:
            seen_ids[grant_id] = row.number
    amount = grant.get("amountAwarded")
    is_number = (isinstance(amount, int) and not isinstance(amount, bool)) or (
        isinstance(amount, float) and math.isfinite(amount))
    if is_number and abs(amount) >= limits.MONEY_LIMIT:
        found.append(("Amount too large", ["amountAwarded"], f"{_shown(amount)} is £1 trillion or more, "
                      "beyond any grant (and what the store can hold)"))
    award = grant.get("awardDate")
    if isinstance(award, str) and _ISO_DAY.match(award.strip()) and parsed_date(award) is None:
        found.append(("Date that does not exist", ["awardDate"], f"{_shown(award)} is not a real date "
                      "(such as 31 February): the dashboard cannot place the grant in time"))
    if row.form == JSON_FORM:
        for where, value in _long_strings(grant):
            found.append(("Text too long", where, f"holds {limits.count(len(value))} characters, more than "
                          f"the {limits.count(limits.CELL_CHARS)} a spreadsheet cell holds"))
    return found


def _long_strings(value: object, where: list | None = None) -> list[tuple[list, str]]:
    stack, found = [(value, where or [])], []
    while stack:
        item, path = stack.pop()
        if isinstance(item, str) and len(item) > limits.CELL_CHARS:
            found.append((path, item))
        elif isinstance(item, dict):
            stack.extend((v, [*path, k]) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, [*path, n]) for n, v in enumerate(item))
    return found


def check_grants(rows: list[Row], today: dt.date | None = None) -> tuple[list[Grant], list[Problem]]:
    """Every error and warning in the file's grants, and, when there is no error, the grants as the
    store keeps them (none when there is one: the file is refused whole)."""
    from dash.ingest.giving360_quality import quality_warnings

    today = today or dt.date.today()
    problems: list[Problem] = []
    errors = 0
    by_check: dict[str, int] = defaultdict(int)  # every error counted, listed or not
    seen_ids: dict[str, int] = {}
    for row in rows:
        found = schema_problems(row) + codelist_problems(row) + _store_problems(row, seen_ids)
        errors += len(found)
        for check, path, words in found:
            by_check[check] += 1
            if len(problems) < MOST_LISTED:
                problems.append(Problem.at(ERROR, check, row, path, words))
    if errors > MOST_LISTED:  # each check's first error carries its true count, for the report's headings
        first = {}
        for number, problem in enumerate(problems):
            first.setdefault(problem.check, number)
        for check, number in first.items():
            problems[number] = replace(problems[number], total=by_check[check])
        problems.append(Problem(ERROR, MORE_ERRORS, None, None, f"and {errors - MOST_LISTED:,} more errors "
                                f"beyond the first {MOST_LISTED}: fix these and check the file again",
                                total=errors - MOST_LISTED))
    problems += quality_warnings(rows, today)
    if errors:
        return [], problems
    return [_store_row(row) for row in rows], problems


# --- the report ------------------------------------------------------------------------------------

EXAMPLES = 20  # findings shown under each check; the rest counted


def report_lines(problems: list[Problem]) -> list[str]:
    """The report, errors first then warnings by the Data Quality Tool's groups, each check with how
    many it found and where the first of them are."""
    lines: list[str] = []
    for severity, heading in ((ERROR, "Errors (the import was stopped; nothing was changed)"),
                              (WARNING, "Warnings (these never stop an import; worth fixing at source)")):
        chosen = [p for p in problems if p.severity == severity]
        if not chosen:
            continue
        lines.append(f"{heading}:")
        by_group: dict[str, dict[str, list[Problem]]] = defaultdict(lambda: defaultdict(list))
        for found in chosen:
            by_group[found.group][found.check].append(found)
        for group, checks in by_group.items():
            if severity == WARNING:
                lines.append(f"  {group}:")
            for check, items in checks.items():
                indent = "    " if severity == WARNING else "  "
                total = items[0].total or len(items)
                lines.append(f"{indent}{check} ({total:,}):")
                for item in items[:EXAMPLES]:
                    lines.append(f"{indent}  - {item.where()}: {item.message}")
                if total > min(len(items), EXAMPLES) and check != MORE_ERRORS:
                    lines.append(f"{indent}  - … and {total - min(len(items), EXAMPLES):,} more")
    return lines
