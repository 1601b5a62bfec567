"""DEI answers from 360Giving files (the DEI extension), for the current filter.

Two questions a board asks: how much goes to organisations **led by people with lived experience**,
and how far the answers can be trusted: who was asked, who replied, whose reply may not be
published. Every grant in the filter falls in exactly one answer (``ANSWERS``), in the funnel's
order, so missing data is counted as missing and never read as a "no".

How the extension's codes are read (docs/schema.md, ``grant_dei``, says the same):

- **asked**: asked status AS200 (during the application) or AS201 (after it); **not asked**: AS100
  (not applicable) or AS101 (historical data, before any DEI process);
- **replied**: reply status RS200 (a reply), RS201 (general: not aimed at or made up of a particular
  group), RS202 (prefer not to say) or RS203 (a reply that may not be published as open data);
  **no reply**: RS100, or asked with no reply status given;
- **led by people with lived experience**: the *leadership* answer is a reply (RS200) that names at
  least one group from the DEI taxonomy (the leadership is drawn from that community: the taxonomy's
  groups are groups of lived experience, such as DEI020200 Mental Health or DEI050200 Refugees) or
  describes its lived experience in words. An RS200 reply naming neither is "replied, no group named";
  RS201 is a reply that the leadership is not drawn from any particular group, a "no".

**Individuals.** A grant to a person carries DEI answers about that person: sensitive personal data.
Their answers are never shown for a group of fewer than five people: people's answers are broken
down only when every answer given holds at least five of them (else they are one row, "not shown"),
and they never count towards "led by" (a person is not an organisation).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import frame
from dash.queries.grants import GRANT_FILTER
from dash.queries.summary import headline

AREAS = ("leadership", "mission", "project")
ASKED = ("AS200", "AS201")
NOT_ASKED = ("AS100", "AS101")
NO_REPLY = "RS100"
REPLIED = ("RS200", "RS201", "RS202", "RS203")
GAVE_AN_ANSWER = "RS200"
GENERAL = "RS201"
PREFER_NOT_TO_SAY = "RS202"
NOT_PUBLISHABLE = "RS203"
SMALLEST_GROUP = 5  # people's DEI answers are never shown for fewer

# Every answer a grant can have for one area, in the funnel's order: (key, words for organisations).
ANSWERS = (
    ("no_answers", "No DEI answers in the file"),
    ("not_asked", "Not asked"),
    ("no_reply", "Asked, no reply"),
    ("not_publishable", "Replied, but not for publishing"),
    ("prefer_not", "Replied: prefers not to say"),
    ("general", "Replied: no particular group"),
    ("no_group", "Replied, no group named"),
    ("lived_experience", "Replied, naming the groups or lived experience"),
)
PEOPLE_WORDS = {"not_asked": "not asked", "no_reply": "asked, no reply",
                "not_publishable": "replied, but not for publishing", "prefer_not": "prefer not to say",
                "general": "no particular group", "no_group": "replied, no group named",
                "lived_experience": "replied, naming a group or lived experience"}
LED_BY_WORDS = "Led by people with lived experience"  # the last answer, for the leadership area
WITHHELD = "people_withheld"
WITHHELD_WORDS = "Grants to people: answers not shown (groups under five)"
# The funnel: which answers each stage holds.
ASKED_ANSWERS = tuple(key for key, _ in ANSWERS[2:])
REPLIED_ANSWERS = tuple(key for key, _ in ANSWERS[3:])
PUBLISHABLE_ANSWERS = tuple(key for key, _ in ANSWERS[4:])


def _in(codes: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


_ANSWER_CASE = f"""CASE
    WHEN d.grant_id IS NULL THEN 'no_answers'
    WHEN d.asked_status IS NULL OR d.asked_status NOT IN {_in(ASKED)} THEN 'not_asked'
    WHEN d.reply_status IS NULL OR d.reply_status = '{NO_REPLY}' THEN 'no_reply'
    WHEN d.reply_status = '{NOT_PUBLISHABLE}' THEN 'not_publishable'
    WHEN d.reply_status = '{PREFER_NOT_TO_SAY}' THEN 'prefer_not'
    WHEN d.reply_status = '{GENERAL}' THEN 'general'
    WHEN len(coalesce(d.taxonomy_codes, [])) > 0 OR nullif(trim(d.lived_experience), '') IS NOT NULL
        THEN 'lived_experience'
    ELSE 'no_group' END"""


def _label(key: str, area: str) -> str:
    if key == "lived_experience" and area == "leadership":
        return LED_BY_WORDS
    return dict(ANSWERS).get(key, WITHHELD_WORDS)


def dei_answers(cursor: duckdb.DuckDBPyConnection, filters: Filters,
                area: str = "leadership") -> pd.DataFrame:
    """One row per answer and kind of recipient for the grants in the filter, every answer listed
    (zeros too): ``answer`` (a key of ``ANSWERS``, or ``people_withheld``), ``label`` (plain words),
    ``order``, ``recipients`` ('organisations', 'people', or 'any' for grants with no answers),
    ``grants`` (every currency) and ``amount`` (pounds sterling only). People's answers below a
    group of five are one withheld row."""
    if area not in AREAS:
        raise ValueError(f"no DEI area called {area!r}")
    counted = frame(cursor, f"""
        SELECT {_ANSWER_CASE} AS answer, coalesce(d.to_individual, false) AS to_individual,
               count(*)::BIGINT AS grants,
               coalesce(sum(g.amount_awarded) FILTER (WHERE g.currency = 'GBP'), 0)::DOUBLE AS amount
        FROM grants g LEFT JOIN grant_dei d ON d.grant_id = g.grant_id AND d.area = $area
        WHERE {GRANT_FILTER}
        GROUP BY ALL
    """, filters, area=area)
    rows = []
    for order, (key, _) in enumerate(ANSWERS):
        found = counted[(counted["answer"] == key) & ~counted["to_individual"].astype(bool)]
        recipients = "any" if key == "no_answers" else "organisations"  # without answers, who can tell
        rows.append({"answer": key, "label": _label(key, area), "order": order, "recipients": recipients,
                     "grants": int(found["grants"].sum()), "amount": float(found["amount"].sum())})
    people = counted[counted["to_individual"].astype(bool)]
    if not people.empty:
        rows += _people_rows(people, area)
    return pd.DataFrame(rows, columns=["answer", "label", "order", "recipients", "grants", "amount"])


def _people_rows(people: pd.DataFrame, area: str) -> list[dict[str, object]]:
    """People's answers, broken down only when no answer given holds fewer than five people."""
    small = people[(people["grants"] > 0) & (people["grants"] < SMALLEST_GROUP)]
    if not small.empty:
        return [{"answer": WITHHELD, "label": WITHHELD_WORDS, "order": len(ANSWERS), "recipients": "people",
                 "grants": int(people["grants"].sum()), "amount": float(people["amount"].sum())}]
    order = {key: n for n, (key, _) in enumerate(ANSWERS)}
    return [{"answer": row.answer, "label": f"Grants to people: {PEOPLE_WORDS.get(row.answer, '')}",
             "order": order[row.answer], "recipients": "people", "grants": int(row.grants),
             "amount": float(row.amount)}
            for row in people.sort_values("answer", key=lambda keys: keys.map(order)).itertuples()]


def funnel(answers: pd.DataFrame) -> dict[str, int]:
    """The funnel from ``dei_answers``: grants in the filter, with answers, asked, replied, replied
    in a form that may be published, and (leadership) led by people with lived experience. People's
    withheld answers count in the grants only."""
    def grants(keys: tuple[str, ...]) -> int:
        return int(answers.loc[answers["answer"].isin(keys), "grants"].sum())

    return {
        "grants": int(answers["grants"].sum()),
        "with_answers": int(answers.loc[answers["answer"] != "no_answers", "grants"].sum()),
        "not_asked": grants(("not_asked",)),
        "asked": grants(ASKED_ANSWERS),
        "replied": grants(REPLIED_ANSWERS),
        "not_publishable": grants(("not_publishable",)),
        "publishable": grants(PUBLISHABLE_ANSWERS),
        "withheld": grants((WITHHELD,)),
    }


def led_by_lived_experience(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row: the grants and money (pounds sterling) in the filter; those going to organisations led
    by people with lived experience (their leadership answer); and those whose leadership answer can
    be counted at all (a reply that may be published, from an organisation), so a share can be read
    against everything or against what is known. Shares are fractions, empty when nothing is counted."""
    answers = dei_answers(cursor, filters, "leadership")
    organisations = answers[answers["recipients"] == "organisations"]
    led = organisations[organisations["answer"] == "lived_experience"]
    known = organisations[organisations["answer"].isin(PUBLISHABLE_ANSWERS)]
    row = {
        "grants": int(answers["grants"].sum()), "amount": float(answers["amount"].sum()),
        "led_grants": int(led["grants"].sum()), "led_amount": float(led["amount"].sum()),
        "known_grants": int(known["grants"].sum()), "known_amount": float(known["amount"].sum()),
    }
    for what in ("grants", "amount"):
        led, every, known = row[f"led_{what}"], row[what], row[f"known_{what}"]
        row[f"share_of_{what}"] = led / every if every else None
        row[f"share_of_known_{what}"] = led / known if known else None
    return pd.DataFrame([row])


@dataclass(frozen=True)
class LedBesidePanels:
    """The grants led by people with lived experience, and beside them the dashboard's own panels'
    lived-experience shares in the same filter, in words (the Overview's sentence)."""

    shares: pd.DataFrame  # led_by_lived_experience
    panels: str


def led_beside_panels(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> LedBesidePanels:
    """``led_by_lived_experience`` with the filter's panels' stated shares, so the chart sets who leads
    the organisations funded beside who decides."""
    return LedBesidePanels(led_by_lived_experience(cursor, filters),
                           headline(cursor, filters).lived_experience_words()[1])


def dei_sources(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The files the filter's DEI answers came from, as charts cite them (``source_line``)."""
    return frame(cursor, f"""
        SELECT DISTINCT coalesce(sl.line, g.source_id) AS source_line
        FROM grants g LEFT JOIN source_lines sl ON sl.source_id = g.source_id
        WHERE {GRANT_FILTER} AND g.grant_id IN (SELECT grant_id FROM grant_dei)
        ORDER BY 1
    """, filters)
