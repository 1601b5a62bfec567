"""DEI figures against a hand-worked example: seven grants to organisations, one of each answer, and
grants to people whose answers must never show below a group of five.

The organisations' grants (all in pounds):

| grant | leadership answer                              | £      | place   |
| A     | asked, replied naming DEI020200 (Mental Health) | 10,000 | Bristol |
| B     | asked, replied "Care leavers" in words         | 30,000 | Bristol |
| C     | asked, replied general (RS201)                 | 20,000 |         |
| D     | asked, replied but not for publishing (RS203)  |  5,000 |         |
| E     | asked, no reply (RS100)                        |  5,000 |         |
| F     | not asked (AS100)                              | 10,000 |         |
| G     | no DEI answers at all                          | 20,000 |         |

So £100,000 in 7 grants; led by people with lived experience: A and B, 2 grants and £40,000 (40% of
the money, 29% of the grants); a leadership answer that can be counted (RS200, RS201, RS202): A, B, C,
3 grants and £60,000, of which 67% of the money and of the grants went to organisations so led.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from dash.charts import dei as dei_charts
from dash.filters import Filters
from dash.queries import dei
from dash.store import StoreReader
from dash.write import service

BRISTOL = "E06000023"


def _area(asked: str, reply: str | None = None, **response: object) -> dict:
    answer: dict = {"askedStatus": asked}
    if reply:
        answer["replyStatus"] = reply
    if response:
        answer["response"] = response
    return answer


def _grant(grant_id: str, amount: int, leadership: dict | None, *, place: str | None = None,
           person: bool = False, year: int = 2021) -> dict:
    grant: dict = {
        "id": grant_id, "title": f"Grant {grant_id}", "description": "A grant", "currency": "GBP",
        "amountAwarded": amount, "awardDate": f"{year}-05-01",
        "fundingOrganization": [{"id": "GB-CHC-1000", "name": "A funder"}],
    }
    if person:
        grant["recipientIndividual"] = {"id": f"360G-people-{grant_id}", "name": "Individual Recipient"}
    else:
        grant["recipientOrganization"] = [{"id": f"GB-CHC-{ord(grant_id[0])}", "name": "A charity"}]
    if place:
        grant["beneficiaryLocation"] = [{"geoCode": place, "name": "Bristol"}]
    if leadership is not None:
        grant["deiDetails"] = {"leadership": leadership, "mission": _area("AS100"), "project": _area("AS100")}
    return grant


ORGANISATIONS = [
    _grant("A", 10_000, _area("AS200", "RS200", taxonomyCodes=["DEI020200"]), place=BRISTOL),
    _grant("B", 30_000, _area("AS201", "RS200", livedExperience="Care leavers"), place=BRISTOL),
    _grant("C", 20_000, _area("AS200", "RS201")),
    _grant("D", 5_000, _area("AS200", "RS203")),
    _grant("E", 5_000, _area("AS200", "RS100")),
    _grant("F", 10_000, _area("AS100")),
    _grant("G", 20_000, None),
]


def _people(count: int, reply: str = "RS200", start: int = 0) -> list[dict]:
    return [_grant(f"P{n}", 1_000, _area("AS200", reply, livedExperience="Mental health"), person=True,
                   year=2022) for n in range(start, start + count)]


def _store(store: Path, grants: list[dict]) -> Path:
    raw = json.dumps({"grants": grants}).encode()
    outcome = service.import_grants(raw, "dei.json", by="tester", store=store)
    assert outcome.ok, outcome.message + " ".join(outcome.details)
    return store


@pytest.fixture
def cursor(store_copy):
    return StoreReader(_store(store_copy, copy.deepcopy(ORGANISATIONS) + _people(4))).cursor()


ONLY_ORGANISATIONS = Filters(date_to=__import__("datetime").date(2021, 12, 31))


def test_every_grant_falls_in_one_answer_in_the_funnels_order(cursor):
    answers = dei.dei_answers(cursor, ONLY_ORGANISATIONS)
    got = dict(zip(answers["answer"], zip(answers["grants"], answers["amount"], strict=True), strict=True))
    assert got == {"no_answers": (1, 20_000), "not_asked": (1, 10_000), "no_reply": (1, 5_000),
                   "not_publishable": (1, 5_000), "prefer_not": (0, 0), "general": (1, 20_000),
                   "no_group": (0, 0), "lived_experience": (2, 40_000)}
    assert list(answers["order"]) == sorted(answers["order"])
    assert answers.loc[answers["answer"] == "lived_experience", "label"].item() == dei.LED_BY_WORDS
    assert dei.funnel(answers) == {"grants": 7, "with_answers": 6, "not_asked": 1, "asked": 5, "replied": 4,
                                   "not_publishable": 1, "publishable": 3, "withheld": 0}


def test_the_share_led_by_people_with_lived_experience_is_worked_out_by_hand(cursor):
    row = dei.led_by_lived_experience(cursor, ONLY_ORGANISATIONS).iloc[0]
    assert (row["grants"], row["amount"], row["led_grants"], row["led_amount"]) == (7, 100_000, 2, 40_000)
    assert (row["known_grants"], row["known_amount"]) == (3, 60_000)
    assert row["share_of_amount"] == pytest.approx(0.4) and row["share_of_grants"] == pytest.approx(2 / 7)
    assert row["share_of_known_amount"] == pytest.approx(40 / 60)
    assert row["share_of_known_grants"] == pytest.approx(2 / 3)


def test_the_filter_applies(cursor):
    row = dei.led_by_lived_experience(cursor, Filters(localities=(BRISTOL,))).iloc[0]
    assert (row["grants"], row["led_grants"], row["share_of_amount"]) == (2, 2, 1.0)
    south_west = dei.led_by_lived_experience(cursor, Filters(localities=("E12000009",))).iloc[0]
    assert south_west["led_amount"] == 40_000  # Bristol lies in the South West


def test_who_leads_the_organisations_funded_is_said_beside_who_decides(cursor):
    """In Bristol two grants went to organisations led by people with lived experience; beside them,
    the seed's Bristol panels: two of three state their share, 40% and 100%."""
    view = dei.led_beside_panels(cursor, Filters(localities=(BRISTOL,)))
    assert view.shares.iloc[0]["led_grants"] == 2
    chart = dei_charts.led_by_lived_experience(view.shares, panels=view.panels)
    assert chart.note.endswith("Beside it, the dashboard's own decision panels in this filter: 2 panels "
                               "state what share of their members have lived experience: 40% and 100%.")
    nowhere = dei.led_beside_panels(cursor, Filters(localities=("E06000001",)))  # Hartlepool: no panel
    assert nowhere.panels == "No panel in this filter states what share of its members have lived experience."


def test_a_group_of_four_people_is_not_shown(cursor):
    answers = dei.dei_answers(cursor, Filters())
    people = answers[answers["recipients"] == "people"]
    assert list(people["answer"]) == [dei.WITHHELD] and people["grants"].item() == 4
    assert people["label"].item() == dei.WITHHELD_WORDS
    row = dei.led_by_lived_experience(cursor, Filters()).iloc[0]
    assert row["led_grants"] == 2 and row["grants"] == 11  # people are counted, never as "led by"
    chart = dei_charts.dei_answers(answers)
    assert "Grants to people: replied" not in " ".join(chart.figure.data[0].y)
    assert "fewer than five" in chart.note
    assert chart.takeaway.endswith("Answers on 4 grants to people are not shown: a group would be fewer than "
                                   "five.")
    table = chart.table.to_string()
    assert "naming a group" not in table.split("Grants to people")[-1]


def test_five_people_with_one_answer_are_shown(store_copy):
    cursor = StoreReader(_store(store_copy, copy.deepcopy(ORGANISATIONS) + _people(5))).cursor()
    people = dei.dei_answers(cursor, Filters()).query("recipients == 'people'")
    assert list(people["answer"]) == ["lived_experience"] and people["grants"].item() == 5


def test_five_people_split_four_and_one_are_not_broken_down(store_copy):
    cursor = StoreReader(_store(store_copy, _people(4) + _people(1, "RS100", start=4))).cursor()
    people = dei.dei_answers(cursor, Filters()).query("recipients == 'people'")
    assert list(people["answer"]) == [dei.WITHHELD] and people["grants"].item() == 5


def test_the_charts_say_the_figures_in_words(cursor):
    answers = dei.dei_answers(cursor, ONLY_ORGANISATIONS)
    sources = dei.dei_sources(cursor, ONLY_ORGANISATIONS)
    chart = dei_charts.dei_answers(answers, sources)
    assert chart.takeaway == ("Of 7 grants, 5 were asked about who leads them; 4 replied, 1 of them not for "
                              "publishing. 2 went to organisations led by people with lived experience. "
                              "3 have no answer: missing, not a “no”.")
    assert chart.sources and "dei.json" in chart.sources[0]
    assert list(chart.figure.data[0].y)[-1] == "No DEI answers in the file"  # the funnel reads top down
    row = dei.led_by_lived_experience(cursor, ONLY_ORGANISATIONS)
    shares = dei_charts.led_by_lived_experience(row, sources)
    assert shares.takeaway == ("£40k of £100k (40%) and 2 of 7 grants (29%) went to organisations led by "
                               "people with lived experience. Only 3 grants have a leadership answer that "
                               "can be counted: of those, 67%. The rest is missing, not a “no”.")
    assert [list(trace.x) for trace in shares.figure.data] == [[40.0, pytest.approx(200 / 7)],
                                                               [pytest.approx(200 / 3)] * 2]
    assert shares.native.measure == "share" and len(shares.table) == 2


def test_with_no_answers_the_charts_say_so(store_copy):
    cursor = StoreReader(_store(store_copy, [_grant("G", 20_000, None)])).cursor()
    chart = dei_charts.led_by_lived_experience(dei.led_by_lived_experience(cursor, Filters()))
    assert chart.is_empty and "not known, which is not a “no”" in chart.takeaway
    nothing = Filters(localities=("S12000036",))  # Edinburgh: no grant there
    assert dei_charts.dei_answers(dei.dei_answers(cursor, nothing)).is_empty
    assert dei_charts.led_by_lived_experience(dei.led_by_lived_experience(cursor, nothing)).is_empty
