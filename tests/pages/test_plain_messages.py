"""Every message an editor reads is plain English: no record ids ("key point ins-int-05"), no column
names ("amount_gbp: 250000", "lived_experience_share: 40% does not match…"), no commands ("or with
`dash edit meetings …`"), no "built from data/seed" or "Store version 0".

An editor's day is played through the real pages (a write-up confirmed, a refused correction, a
theme rejected, an undo, an import removed, the Activity page read), and every message, caption,
toast and Activity line it produced is scanned, with the service's own sentences and the words a
deck's title page carries."""

from __future__ import annotations

import re

from dash.queries.activity import store_version
from dash.store import StoreReader
from dash.write import service
from tests.support.apptest import open_record_forms, page_path, shown

NOTES = ("# Calderdale neighbourhood panel\n\nHeld on 3 June 2025 in Calderdale.\n\n"
         "- The Calderdale Neighbourhood Fund of £250,000, run by Calderdale Community Foundation, is "
         "decided by twelve residents.\n"
         "- Half the panel had lived experience of poverty.\n"
         "- Groups said the forms were too long.\n").encode()
QUARTET = "fund-quartet-health-wellbeing"

ID_SHAPED = re.compile(r"\b(?:fund|panel|org|mtg|ins|src|spk|meeting)(?:-[a-z0-9]+){2,}\b|\b[ENSW]\d{8}\b")
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
COMMAND = re.compile(r"`|\bdash (?:edit|add|undo|build|retire)\b|python -m")
PROGRAM_WORDS = re.compile(r"data/seed|Store version", re.IGNORECASE)


def _ids(store) -> set[str]:
    """Every id the store holds: none may be shown to an editor."""
    cursor = StoreReader(store).cursor()
    found: set[str] = set()
    for table, key in (("funds", "fund_id"), ("panels", "panel_id"), ("organisations", "org_id"),
                       ("meetings", "meeting_id"), ("insights", "insight_id"), ("sources", "source_id"),
                       ("speakers", "speaker_id"), ("localities", "locality_id")):
        found |= {row[0] for row in cursor.execute(f"SELECT {key} FROM {table}").fetchall()}
    return found  # not themes': 'time' and 'lived-experience' are words too (named by name: below)


def problems_in(text: str, ids: set[str]) -> list[str]:
    """What in ``text`` is not plain English for an editor."""
    found = [m.group(0) for pattern in (ID_SHAPED, SNAKE_CASE, COMMAND, PROGRAM_WORDS)
             for m in pattern.finditer(text)]
    words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_|-]*[A-Za-z0-9]", text))
    return found + sorted(words & ids)


def _read(test) -> list[str]:
    """Every message of the run: outcomes, notices, captions, toasts, lines under outcomes."""
    texts = [e.value for kind in ("success", "error", "warning", "info", "toast", "caption", "markdown")
             for e in getattr(test, kind)]
    texts += [str(option) for box in test.selectbox for option in box.options]
    return [re.sub(r":material/[a-z_]+:", "", shown(str(text))) for text in texts]  # icons are drawn


def test_every_message_an_editor_reads_is_plain_english(app_test, store_copy, seed_store, monkeypatch):
    monkeypatch.setenv("DASH_DB", str(store_copy))
    said: list[str] = []

    imported = service.import_write_up(NOTES, "calderdale.md", by="AB", store=store_copy)
    again = service.import_write_up(NOTES, "calderdale.md", by="AB", store=store_copy)
    said += [imported.message, again.message]
    meeting = imported.report.meeting_id

    test = app_test().run()
    test.switch_page(page_path("meetings.py")).run()
    test.text_input(key="meeting_search").input("Calderdale").run()
    test.button(key=f"found_{meeting}_1_create").click().run()  # a sum confirmed as a fund
    assert not test.exception, test.exception
    said += _read(test)

    open_record_forms(test).switch_page(page_path("panels.py")).run()  # a correction the rules refuse
    test.selectbox(key="record_panels_pick").select("panel-quartet-health-wellbeing").run()
    next(w for w in test.text_input if w.key.endswith("_members") and "lived" not in w.key).input("10")
    next(w for w in test.text_input if w.key.endswith("_lived_experience_members")).input("3")
    next(b for b in test.button if b.label == "Save the changes").click().run()
    assert test.error, "the refusal is the point of this step"
    said += _read(test)

    test.switch_page(page_path("funds.py")).run()  # a correction saved
    test.selectbox(key="record_funds_pick").select(QUARTET).run()
    next(w for w in test.text_input if w.key.endswith("_amount_gbp")).input("£1,400,000")
    next(b for b in test.button if b.label == "Save the changes").click().run()
    said += _read(test)

    test.switch_page(page_path("themes.py")).run()  # a theme rejected
    test.selectbox(key="themes_pick").select("time").run()
    test.button(key="reject_ins-jf-07_time").click().run()
    said += _read(test)

    test.switch_page(page_path("activity.py")).run()  # undo the correction, and read the record
    test.button(key="record_undo_button").click().run()
    assert not test.exception, test.exception
    said += _read(test)
    activity = next(df for df in test.dataframe if "What changed" in df.value.columns).value
    said += list(activity["What changed"])
    said.append(store_version(StoreReader(store_copy).cursor()))  # a deck's and a pack's title page
    said.append(store_version(StoreReader(seed_store).cursor()))

    monkeypatch.setenv("DASH_DB", str(seed_store))  # the Activity page before any change
    fresh = app_test().run()
    fresh.switch_page(page_path("activity.py")).run()
    said += _read(fresh)

    theme = "Rejected the theme 'Change takes time and long-term commitment' on the key point “"
    assert any(line.startswith(theme) for line in said)  # by its name, and the key point by its words
    ids = _ids(store_copy)
    assert len(said) > 30 and any("Confirmed £250,000" in line for line in said)  # it read what it meant to
    found = {line: problems_in(line, ids) for line in said if problems_in(line, ids)}
    assert found == {}
