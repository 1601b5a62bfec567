"""The data-quality checks 360Giving's Data Quality Tool runs on a valid file, as warnings.

The tool sorts its checks into **Accuracy** (values that are probably wrong) and **Usefulness**
(what is missing that users need), each under a subject: grants, organisations, dates, location,
data protection, metadata. The checks here follow its rules (its ``lib360dataquality``): the same
thresholds (titles over 140 characters; planned dates over 12 years ahead, actual dates over 5;
dates over 25 years ago), org-id prefixes from org-id.guide (``data/standards/org-id-prefixes.csv``,
with 360G, as the tool allows), charity numbers of 6 or 7 digits and company numbers of 8 letters or
digits. A few go further where a trustee's data needs it and say so in their docstring: negative
amounts, telephone numbers in text, whitespace around identifiers, one funder identifier under
several names.

Each check keeps the first few grants it found (``EXAMPLES``) and counts the rest, so a 100,000-row
file with a warning on every row costs a few kilobytes of report, not a million objects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dash.ingest.giving360 import Row
from dash.ingest.giving360_problems import WARNING, Problem, parsed_date
from dash.ingest.giving360_schema import org_id_prefixes

EXAMPLES = 20

ACCURACY, USEFULNESS = "Accuracy", "Usefulness"
GRANTS, ORGANISATIONS, DATES, LOCATION, DATA_PROTECTION, METADATA = (
    "Grants", "Organisations", "Dates", "Location", "Data protection", "Metadata")

_EMAIL = re.compile(r"[\w.-]+@[\w.-]+\.[\w.-]+")
# A UK telephone number, such as 01632 960123 or +44 20 7946 0958.
_PHONE = re.compile(r"(?<![\w/])(?:\+44\s?|0)(?:\d\s?){9,10}(?!\w)")
_POSTCODE = re.compile(r"^\s*[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\s*$", re.IGNORECASE)
_COMPANY = re.compile(r"^\w{8}$")

Found = tuple[list, str] | None  # the first (JSON location, what was found) in the grant, if any


class Facts:
    """One grant and what several checks need of it, worked out once."""

    __slots__ = ("_dates", "_orgs", "grant", "has_at", "today")

    def __init__(self, grant: dict, today: dt.date, has_at: bool = True) -> None:
        self.grant, self.today, self.has_at = grant, today, has_at  # has_at: any '@' in its text
        self._dates, self._orgs = None, {}

    def orgs(self, key: str) -> list[tuple[int, dict]]:
        """The grant's organisations (or locations) under ``key``, with their places in the list."""
        found = self._orgs.get(key)
        if found is None:
            found = self._orgs[key] = _orgs(self.grant, key)
        return found

    @property
    def dates(self) -> list[tuple[str, list, dt.date | None, object]]:
        if self._dates is None:
            self._dates = _dates(self.grant)
        return self._dates



def _orgs(grant: dict, key: str) -> list[tuple[int, dict]]:
    items = grant.get(key)
    if not isinstance(items, list):
        return []
    return [(n, org) for n, org in enumerate(items) if isinstance(org, dict)]


def _charity_number(value: object) -> bool:
    number = str(value).strip()
    number = number[2:] if number[:2].isalpha() else number
    return number.isdigit() and len(number) in (6, 7)


@functools.lru_cache(maxsize=65536)  # a funder's recipients recur: each identifier is looked up once
def _recognised(org_id: str) -> bool:
    upper = org_id.upper()
    return any(upper.startswith(prefix) for prefix in org_id_prefixes())


def _dates(grant: dict) -> list[tuple[str, list, dt.date | None, object]]:
    """(which, location, date if it exists, as written) for the award date and the first planned and
    actual dates, as the tool reads them."""
    found = [("award", ["awardDate"], parsed_date(grant.get("awardDate")), grant.get("awardDate"))]
    for key, which in (("plannedDates", "planned"), ("actualDates", "actual")):
        items = grant.get(key)
        first = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}
        for end in ("startDate", "endDate"):
            written = first.get(end)
            if written not in (None, ""):
                found.append((f"{which} {end[:-4]}", [key, 0, end], parsed_date(written), written))
    return found


def _years_from(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


# --- the checks, one function each: a grant (and today) in, what it found out ----------------------

def zero_amount(facts: Facts) -> Found:
    grant = facts.grant
    amount = grant.get("amountAwarded")
    if isinstance(amount, int | float) and not isinstance(amount, bool) and amount == 0:
        return ["amountAwarded"], "the amount awarded is £0"


def negative_amount(facts: Facts) -> Found:
    """Beyond the tool: a negative award is usually a refund or a data-entry slip, and it reduces
    every total it is in."""
    grant = facts.grant
    amount = grant.get("amountAwarded")
    if isinstance(amount, int | float) and not isinstance(amount, bool) and amount < 0:
        return ["amountAwarded"], f"the amount awarded is {amount}"


def unrecognised_prefix(key: str) -> Callable[[Facts], Found]:
    def check(facts: Facts) -> Found:
        for n, org in facts.orgs(key):
            org_id = org.get("id")
            if isinstance(org_id, str) and org_id.strip() and not _recognised(org_id.strip()):
                return [key, n, "id"], (f"'{org_id[:60]}' does not start with a register's prefix from "
                                        "org-id.guide")
    return check


def charity_number(facts: Facts) -> Found:
    for n, org in facts.orgs("recipientOrganization"):
        if org.get("charityNumber") not in (None, "") and not _charity_number(org["charityNumber"]):
            return (["recipientOrganization", n, "charityNumber"],
                   f"'{str(org['charityNumber'])[:30]}' is not 6 or 7 digits, as a UK charity number is")


def company_number(facts: Facts) -> Found:
    for n, org in facts.orgs("recipientOrganization"):
        number = org.get("companyNumber")
        if number not in (None, "") and not _COMPANY.match(str(number)):
            return (["recipientOrganization", n, "companyNumber"],
                   f"'{str(number)[:30]}' is not 8 letters or digits, as a UK company number is "
                   "(09876543, SC123459)")


def org_id_looks_invalid(facts: Facts) -> Found:
    for key in ("fundingOrganization", "recipientOrganization"):
        for n, org in facts.orgs(key):
            org_id = str(org.get("id") or "")
            upper = org_id.upper()
            if upper.startswith("GB-CHC-") and not _charity_number(org_id[7:]):
                return [key, n, "id"], (f"'{org_id[:60]}' is a Charity Commission identifier, but not a "
                                        "charity number")
            elif upper.startswith("GB-COH-") and not _COMPANY.match(org_id[7:]):
                return [key, n, "id"], (f"'{org_id[:60]}' is a Companies House identifier, but not a "
                                        "company number")


def org_id_unexpected_characters(facts: Facts) -> Found:
    """The tool looks for line breaks; spaces at either end are caught too, as they break matching
    a recipient across funders just the same."""
    for key in ("fundingOrganization", "recipientOrganization"):
        for n, org in facts.orgs(key):
            org_id = org.get("id")
            if isinstance(org_id, str) and ("\n" in org_id or "\r" in org_id or org_id != org_id.strip()):
                return [key, n, "id"], f"{org_id[:60]!r} holds a line break or spaces at its ends"


def grant_id_unexpected_characters(facts: Facts) -> Found:
    grant = facts.grant
    grant_id = grant.get("id")
    if isinstance(grant_id, str) and ("\n" in grant_id or "\r" in grant_id or grant_id != grant_id.strip()):
        stored = " ".join(grant_id.split())
        return ["id"], (f"{grant_id[:60]!r} holds a line break or spaces at its ends (360Giving's tools drop "
                       f"such a grant; the dashboard keeps it as '{stored[:60]}')")


def looks_like_email(facts: Facts) -> Found:
    if not facts.has_at:
        return None
    for path, value in _texts(facts.grant):
        if "@" in value and not any("email" in str(step).lower() for step in path) and _EMAIL.search(value):
            return path, "contains an e-mail address: check it may be published (data protection)"


def looks_like_phone(facts: Facts) -> Found:
    """Beyond the tool: a telephone number in a title or description is as personal as an e-mail."""
    grant = facts.grant
    for key in ("title", "description"):
        value = grant.get(key)
        if isinstance(value, str) and _PHONE.search(value):
            return [key], ("contains what looks like a telephone number: check it may be published "
                           "(data protection)")


def impossible_dates(facts: Facts) -> Found:
    for which, path, date, written in facts.dates:
        if date is None and isinstance(written, str) and re.match(r"^\d{4}-\d{2}-\d{2}", written.strip()):
            return path, f"the {which} date {written[:30]!r} does not exist"


def start_after_end(key: str) -> Callable[[Facts], Found]:
    def check(facts: Facts) -> Found:
        dates = {which: date for which, _, date, _ in facts.dates}
        which = "planned" if key == "plannedDates" else "actual"
        start, end = dates.get(f"{which} start"), dates.get(f"{which} end")
        if start and end and start > end:
            return [key, 0, "startDate"], f"starts {start:%d %B %Y}, ends {end:%d %B %Y}"
    return check


def far_future(which: str, years: int) -> Callable[[Facts], Found]:
    def check(facts: Facts) -> Found:
        today = facts.today
        limit = _years_from(today, years)
        for name, path, date, _ in facts.dates:
            if name.startswith(which) and date and date > limit:
                return path, f"the {name} date is {date:%d %B %Y}"
    return check


def far_past(facts: Facts) -> Found:
    today = facts.today
    limit = _years_from(today, -25)
    for name, path, date, _ in facts.dates:
        if date and date < limit:
            return path, f"the {name} date is {date:%d %B %Y}"


def award_in_future(facts: Facts) -> Found:
    grant = facts.grant
    today = facts.today
    award = parsed_date(grant.get("awardDate"))
    if award and award > today:
        return ["awardDate"], f"awarded {award:%d %B %Y}"


def individual_with_dei(facts: Facts) -> Found:
    grant = facts.grant
    if "recipientIndividual" in grant and "project" in grant:
        return ["recipientIndividual", "id"], ("a grant to a person carries diversity details that can "
                                               "identify them")


def postcode_geocode(facts: Facts) -> Found:
    """The tool checks grants to individuals (a postcode can identify a person); a grant to an
    organisation is checked too, under Location: a postcode there puts it on no map."""
    for n, place in facts.orgs("beneficiaryLocation"):
        code = place.get("geoCode")
        if isinstance(code, str) and _POSTCODE.match(code):
            return (["beneficiaryLocation", n, "geoCode"],
                    f"'{code.strip()}' is a postcode, not an area code such as E06000023")


def funder_names(grants: list[Row]) -> list[tuple[Row, list, str]]:
    """One funder name under several identifiers (the tool), and one identifier under several names."""
    ids_by_name: dict[str, list[str]] = defaultdict(list)
    names_by_id: dict[str, list[str]] = defaultdict(list)
    found = []
    for row in grants:
        for n, org in _orgs(row.grant, "fundingOrganization"):
            org_id, name = str(org.get("id") or "").strip(), str(org.get("name") or "").strip()
            if not org_id or not name:
                continue
            if org_id not in ids_by_name[name]:
                ids_by_name[name].append(org_id)
                if len(ids_by_name[name]) > 1:
                    found.append((row, ["fundingOrganization", n, "id"],
                                  f"'{name[:60]}' appears as {', '.join(ids_by_name[name][:5])}"))
            if name not in names_by_id[org_id]:
                names_by_id[org_id].append(name)
                if len(names_by_id[org_id]) > 1:
                    found.append((row, ["fundingOrganization", n, "name"],
                                  f"'{org_id[:60]}' is named {', '.join(names_by_id[org_id][:5])}"))
    return found


def more_than_one_funder(grants: list[Row]) -> list[tuple[Row, list, str]]:
    first: dict[str, Row] = {}
    for row in grants:
        for _, org in _orgs(row.grant, "fundingOrganization"):
            org_id = str(org.get("id") or "").strip()
            if org_id and org_id not in first:
                first[org_id] = row
    if len(first) < 2:
        return []
    listed = ", ".join(list(first)[:8]) + (" …" if len(first) > 8 else "")
    return [(next(iter(first.values())), ["fundingOrganization", 0, "id"],
             f"{len(first):,} funding organisation identifiers: {listed}. If the file is one funder's, "
             "check them")]


# Usefulness: what users of the data miss.

def own_prefix(key: str) -> Callable[[Facts], Found]:
    def check(facts: Facts) -> Found:
        for n, org in facts.orgs(key):
            if str(org.get("id") or "").lower().startswith("360g"):
                return [key, n, "id"], ("the identifier is the publisher's own (360G-…): a charity or "
                                        "company number links it to registers")
    return check


# Registers whose identifiers are a charity's or a company's number: GB-CHC-265374 is charity 265374.
_NUMBER_REGISTERS = {"GB-CHC-": "charity", "GB-SC-": "charity", "GB-NIC-": "charity", "GB-COH-": "company"}


def number_in_identifier(org_id: str) -> tuple[str, str] | None:
    """('charity', '265374') for GB-CHC-265374 (England and Wales), GB-SC-SC065843 (Scotland) or
    GB-NIC-100001 (Northern Ireland); ('company', '09876543') for GB-COH-09876543; else None."""
    upper = org_id.strip().upper()
    for prefix, kind in _NUMBER_REGISTERS.items():
        if upper.startswith(prefix) and len(upper) > len(prefix):
            return kind, org_id.strip()[len(prefix):]
    return None


def no_charity_or_company_number(facts: Facts) -> Found:
    """The tool's rule (``NoRecipientOrgCompanyCharityNumber``): both the Recipient Org:Charity
    Number and Company Number columns empty. Named at those columns, not the identifier, and saying
    when the identifier itself holds the number (GB-CHC-265374): the fix is to copy it across, not to
    find one (measured before: 10 of 10 ExampleTrust grants told "Recipient Org:Identifier: neither a
    charity number nor a company number", though 7 identifiers were such numbers)."""
    for n, org in facts.orgs("recipientOrganization"):
        if not org.get("companyNumber") and not org.get("charityNumber"):
            org_id = str(org.get("id") or "").strip()
            held = number_in_identifier(org_id)
            if held:
                kind, number = held
                column = "charityNumber" if kind == "charity" else "companyNumber"
                return (["recipientOrganization", n, column],
                        f"empty (as is the other number), though the identifier {org_id[:40]} holds the "
                        f"{kind} number {number[:20]}: give it here too, so the grant can be matched to "
                        "the register")
            neither = f", and the identifier {org_id[:40]} is neither" if org_id else ""
            return (["recipientOrganization", n, "charityNumber"],
                    f"empty, as is Recipient Org:Company Number{neither}: give either if the recipient "
                    "has one")


def no_recipient_location(facts: Facts) -> Found:
    for n, org in facts.orgs("recipientOrganization"):
        places = org.get("location") if isinstance(org.get("location"), list) else []
        coded = any(isinstance(p, dict) and p.get("geoCode") and p.get("geoCodeType") for p in places)
        if not org.get("postalCode") and not coded:  # named at the column to fill in
            return (["recipientOrganization", n, "postalCode"],
                    "empty, and the recipient has no geographic code either")


def missing(key: str, words: str) -> Callable[[Facts], Found]:
    def check(facts: Facts) -> Found:
        grant = facts.grant
        if not grant.get(key):
            return [key], words
    return check


def title_same_as_description(facts: Facts) -> Found:
    grant = facts.grant
    title, description = grant.get("title"), grant.get("description")
    if title and description and title == description:
        return ["description"], "the description repeats the title"


def long_title(facts: Facts) -> Found:
    grant = facts.grant
    title = grant.get("title")
    if isinstance(title, str) and len(title) > 140:
        return ["title"], f"the title is {len(title):,} characters; under 140 reads at a glance"


def individual_without_details(facts: Facts) -> Found:
    grant = facts.grant
    if "recipientIndividual" in grant and "toIndividualsDetails" not in grant:
        return ["recipientIndividual", "id"], "a grant to a person without its purpose or reason codes"


def no_planned_duration(facts: Facts) -> Found:
    grant = facts.grant
    planned = grant.get("plannedDates")
    first = planned[0] if isinstance(planned, list) and planned and isinstance(planned[0], dict) else {}
    if not first.get("duration") and not (first.get("startDate") and first.get("endDate")):
        return ["plannedDates", 0, "duration"], "no planned duration (or start and end date)"


def _texts(value: object, path: list | None = None) -> Iterator[tuple[list, str]]:
    stack = [(value, path or [])]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            stack.extend((v, [*where, k]) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, [*where, n]) for n, v in enumerate(item))


@dataclass(frozen=True)
class Check:
    group: str     # "Accuracy: Dates"
    heading: str   # what a publisher reads: "Grants with a value of £0"
    run: Callable[[Facts], Found]


# The tool's groups: a check's kind (Accuracy, Usefulness) and its subject.
A_GRANTS = f"{ACCURACY}: {GRANTS}"
A_ORGS = f"{ACCURACY}: {ORGANISATIONS}"
A_DATES = f"{ACCURACY}: {DATES}"
A_PRIVACY = f"{ACCURACY}: {DATA_PROTECTION}"
A_PLACES = f"{ACCURACY}: {LOCATION}"
U_ORGS = f"{USEFULNESS}: {ORGANISATIONS}"
U_PLACES = f"{USEFULNESS}: {LOCATION}"
U_GRANTS = f"{USEFULNESS}: {GRANTS}"
U_DATES = f"{USEFULNESS}: {DATES}"
U_META = f"{USEFULNESS}: {METADATA}"

CHECKS = (
    Check(A_GRANTS, "Grants with a value of £0", zero_amount),
    Check(A_GRANTS, "Grants with a negative amount", negative_amount),
    Check(A_GRANTS, "Grant identifiers with unexpected characters", grant_id_unexpected_characters),
    Check(A_ORGS, "Funding Org:Identifier not from a recognised register",
          unrecognised_prefix("fundingOrganization")),
    Check(A_ORGS, "Recipient Org:Identifier not from a recognised register",
          unrecognised_prefix("recipientOrganization")),
    Check(A_ORGS, "Recipient Org:Charity Number that does not look like one", charity_number),
    Check(A_ORGS, "Recipient Org:Company Number that does not look like one", company_number),
    Check(A_ORGS, "Organisation identifiers that might not be valid", org_id_looks_invalid),
    Check(A_ORGS, "Organisation identifiers with unexpected characters",
          org_id_unexpected_characters),
    Check(A_DATES, "Dates that do not exist", impossible_dates),
    Check(A_DATES, "Planned Dates:Start Date after the End Date", start_after_end("plannedDates")),
    Check(A_DATES, "Actual Dates:Start Date after the End Date", start_after_end("actualDates")),
    Check(A_DATES, "Planned Dates over 12 years in the future", far_future("planned", 12)),
    Check(A_DATES, "Actual Dates over 5 years in the future", far_future("actual", 5)),
    Check(A_DATES, "Dates over 25 years ago", far_past),
    Check(A_DATES, "Award Dates in the future", award_in_future),
    Check(A_PRIVACY, "Text that looks like an e-mail address", looks_like_email),
    Check(A_PRIVACY, "Text that looks like a telephone number", looks_like_phone),
    Check(A_PRIVACY, "Grants to individuals with diversity details", individual_with_dei),
    Check(A_PLACES, "Geographic codes that look like postcodes", postcode_geocode),
    Check(U_ORGS, "Recipient Org:Identifier that starts 360G-", own_prefix("recipientOrganization")),
    Check(U_ORGS, "Funding Org:Identifier that starts 360G-", own_prefix("fundingOrganization")),
    Check(U_ORGS, "Recipient Org:Charity Number and Company Number both empty", no_charity_or_company_number),
    Check(U_PLACES, "Recipients with no location", no_recipient_location),
    Check(U_GRANTS, "Grants with no Grant Programme", missing("grantProgramme", "no grant programme")),
    Check(U_PLACES, "Grants with no Beneficiary Location",
          missing("beneficiaryLocation", "no beneficiary location")),
    Check(U_GRANTS, "Titles and descriptions that are the same", title_same_as_description),
    Check(U_GRANTS, "Titles longer than 140 characters", long_title),
    Check(U_GRANTS, "Grants to individuals with no purpose or reason codes", individual_without_details),
    Check(U_DATES, "Grants with no planned duration", no_planned_duration),
    Check(U_META, "Grants with no Last Modified", missing("dateModified", "no Last Modified date")),
    Check(U_META, "Grants with no Data Source", missing("dataSource", "no Data Source")),
)

FILE_CHECKS = (
    (A_ORGS, "Several funding organisation identifiers", more_than_one_funder),
    (A_ORGS, "One funder under several identifiers or names", funder_names),
)


def quality_warnings(rows: list[Row], today: dt.date) -> list[Problem]:
    """Every check over every grant: the first ``EXAMPLES`` findings of each, each carrying the number
    of grants the check found."""
    kept: dict[str, list[Problem]] = defaultdict(list)
    counted: dict[str, int] = defaultdict(int)
    groups = {check.heading: check.group for check in CHECKS}

    def keep(heading: str, row: Row, path: list, words: str) -> None:
        if len(kept[heading]) < EXAMPLES:
            kept[heading].append(Problem.at(WARNING, heading, row, path, words, groups[heading]))

    for row in rows:
        facts = Facts(row.grant, today, row.has_at)
        for check in CHECKS:
            found = check.run(facts)
            if found is not None:
                counted[check.heading] += 1
                keep(check.heading, row, *found)
    for group, heading, run in FILE_CHECKS:
        groups[heading] = group
        for row, path, words in run(rows):
            counted[heading] += 1
            keep(heading, row, path, words)
    return [dataclasses.replace(p, total=counted[heading])
            for heading, problems in kept.items() for p in problems]
