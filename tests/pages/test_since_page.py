"""The "Since we last met" page: opened on the last meeting's day (said in words), or on the link's
day, it lists what changed from that day with each line's link, and keeps the day in the link; a day
the link cannot give is one sentence, and the page is still drawn."""

from __future__ import annotations

import datetime as dt

import pytest

from dash.write import service
from tests.support.apptest import all_text, page_path, shown, url_values
from tests.support.history import SINCE

NOTES = b"# Harbour panel\n\n- Residents <b>chose</b> the **grants** themselves.\n"


@pytest.fixture
def since_page(app_test, store_copy, monkeypatch):
    monkeypatch.setenv("DASH_DB", str(store_copy))

    def open_it(query=None):
        test = app_test(query)
        test.switch_page(page_path("since.py")).run()
        assert not test.exception, test.exception
        return test
    return open_it


def test_it_opens_on_the_last_meeting_and_lists_what_changed_since(since_page, store_copy):
    assert service.import_write_up(NOTES, "harbour.md", by="Ann Bee", store=store_copy).ok
    test = since_page()
    text = all_text(test)
    assert "the day of the last meeting in the store for this filter" in text
    assert test.date_input(key="filter_since").value == dt.date(2022, 4, 14)
    # the write-up, and the theme its key point is suggested (sharing power) rising by one
    assert "2 changes since 14 April 2022" in text
    assert "“Harbour panel”" in text and "by Ann Bee on" in text
    # stored text is shown as its characters, never as markup
    assert "Residents <b>chose</b> the **grants** themselves." in text
    assert any("](meetings?search=Harbour+panel)" in str(m.value) for m in test.markdown)
    assert url_values(test, "since") == ["2022-04-14"]  # the day is kept in the link


def test_a_day_from_the_link_is_the_day_counted_from(since_page, store_copy):
    assert service.import_write_up(NOTES, "harbour.md", by="Ann Bee", store=store_copy).ok
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    later = since_page({"since": tomorrow})  # brought within the picker's range: today
    assert later.date_input(key="filter_since").value == dt.date.today()
    test = since_page({"since": "2020-01-01"})
    assert test.date_input(key="filter_since").value == dt.date(2020, 1, 1)
    assert "2 changes since 1 January 2020, the day picked" in all_text(test)
    test.date_input(key="filter_since").set_value(dt.date.today()).run()
    assert url_values(test, "since") == [dt.date.today().isoformat()]


@pytest.mark.parametrize(("asked", "says"), [("garbage", "'garbage' is not a date"),
                                              ("9" * 10_000, "a date 10,000 characters long")])
def test_a_day_the_link_cannot_give_is_one_sentence(since_page, asked, says):
    test = since_page({"since": asked})
    warnings = [shown(str(w.value)) for w in test.warning]
    assert len(warnings) == 1 and says in warnings[0] and len(warnings[0]) < 200, warnings
    assert "the day of the last meeting" in all_text(test)  # the page opened on its default


def _page_lines(test) -> list[str]:
    """The page's change lines and their details, as a reader sees them, the link's words kept."""
    lines = []
    for element in test.markdown:
        value = str(element.value)
        for row in value.splitlines():
            if row.startswith("- "):
                text, _, _link = row[2:].rpartition(" [Open ")
                page = _link.split("](")[0]
                lines.append(f"{shown(text)} Shown on {page}.")
            elif row.startswith("    - "):
                lines.append(shown(row[6:]))
    return [" ".join(line.split()) for line in lines]


def test_the_board_pack_carries_exactly_what_the_page_lists(since_page, history, monkeypatch):
    """On a store with a known history (an import, an undo, a removed import, a correction, and
    changes made before the day): the pack's section holds the page's lines, each naming its page,
    in the same order, and its themes chart is the page's."""
    import re
    from html import unescape

    from dash import catalogue
    from dash.export.since_section import since_html
    from dash.filters import Filters
    from dash.store import StoreReader

    monkeypatch.setenv("DASH_DB", str(history))
    test = since_page({"since": SINCE.isoformat()})
    on_page = _page_lines(test)
    found = catalogue.fetch("changes_since", StoreReader(history).cursor(), Filters(since=SINCE))
    section = since_html(found)
    in_pack = [" ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split())
               for item in re.findall(r"<li>(.*?)(?:<ul>|</li>)", section)]
    assert on_page == in_pack and len(on_page) > 10
    assert "Early Bird" not in " ".join(on_page)
    chart = catalogue.build("themes_since", StoreReader(history).cursor(), Filters(since=SINCE))
    headers = [str(h.value) for h in test.header]
    assert chart.title in headers  # the page draws the chart the deck and pack carry
    assert shown(chart.takeaway) in all_text(test)
    assert [b.label for b in test.button if "board pack" in b.label] == ["Make the board pack (PDF)"]


@pytest.mark.parametrize("page", ["since.py", "present.py"])
def test_the_pack_made_from_the_page_carries_the_day_s_changes(app_test, history, monkeypatch, page):
    """The Since page's pack (and the Present page's, opened from a link with ?since=) is made with
    what changed since the day shown; printing is stood in for, so no browser is started."""
    from dash.ui import documents

    made = []
    monkeypatch.setattr(documents, "build_pack", lambda charts, words, version, since=None:
                        made.append((charts, since)) or b"%PDF-")
    monkeypatch.setenv("DASH_DB", str(history))
    test = app_test({"since": SINCE.isoformat(), "charts": "themes_since"})  # a link to the page
    test.switch_page(page_path(page)).run()
    next(b for b in test.button if b.label == "Make the board pack (PDF)").click().run()
    assert not test.exception, test.exception
    (charts, since), = made
    assert since is not None and since.since == SINCE and since.count == 10
    assert [chart.key for chart in charts] == ["themes_since"]
    assert [b.label for b in test.get("download_button") if "PDF" in b.label] == ["Board pack (PDF)"]
