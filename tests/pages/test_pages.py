"""Every page renders on the seed data and on an empty filter, with the store's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from dash.safe import markdown as literal
from dash.write import service
from dash.write.access import local_user
from tests.support.apptest import all_text, open_downloads, page_path, shown, url_values

PAGES = ["overview", "funds", "panels", "themes", "meetings", "grants", "map", "present"]
EVERY_PAGE = sorted(path.stem for path in (Path(__file__).parents[2] / "pages").glob("*.py"))
PAGE_FILES = {name: f"{name}.py" for name in EVERY_PAGE}
NOWHERE = "E06000001"  # Hartlepool: a real place with no records


def _run_page(app_test, page: str, query=None):
    test = app_test(query).run()
    assert not test.exception, test.exception
    if page != "overview":
        test.switch_page(page_path(PAGE_FILES[page])).run()
    assert not test.exception, test.exception
    return test


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_seed_data(app_test, page):
    test = _run_page(app_test, page)
    assert "across all areas" in all_text(test)
    assert "12 meetings" in all_text(test)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_a_filter_that_matches_nothing(app_test, page):
    test = _run_page(app_test, page, {"locality": NOWHERE})
    text = all_text(test)
    assert "0 funds, 0 panels and 0 meetings in Hartlepool" in text
    assert test.get("plotly_chart") == []  # no empty axes: friendly messages instead
    assert any("matches" in info.value or "No " in info.value for info in test.info)


def test_overview_figures_match_the_store(app_test, db):
    test = _run_page(app_test, "overview")
    metrics = {m.label: m.value for m in test.metric}
    total = db.execute("SELECT sum(amount_gbp) FROM funds").fetchone()[0]
    assert total == 2_374_000
    assert metrics["Funds"] == "5"
    assert metrics["Money in funds"] == "£2.37m"
    assert metrics["Decided by communities"] == "79%"  # £1,874,000 of £2,374,000
    assert metrics["Panels"] == "7"
    assert metrics["Panels stating a lived-experience share"] == "2 of 7"  # not a 70% "average"
    assert "2 panels state what share of their members have lived experience: 40% and 100%." in all_text(test)
    assert metrics["Meetings"] == "12"
    assert metrics["Key points"] == "64"


def test_bristol_link_shows_its_three_funds(app_test):
    test = _run_page(app_test, "funds", {"locality": "E06000023"})
    text = all_text(test)
    assert "3 funds (£1.37m), 3 panels and 1 meeting in Bristol" in text
    assert "The largest fund, Quartet health and well-being budget (£1.3m), is 93 times the smallest" in text
    assert not test.dataframe  # tables are made when opened
    test.session_state["table_fund_sizes"] = True
    table = test.run().dataframe[0].value
    assert sorted(table["Fund"]) == [
        "Bristol Local Food Fund", "City Lab", "Quartet health and well-being budget",
    ]
    assert "Barking" not in " ".join(table["Fund"])


def test_readable_name_in_the_link_is_accepted(app_test):
    test = _run_page(app_test, "overview", {"locality": "Bristol"})
    assert "in Bristol" in all_text(test)
    assert url_values(test, "locality") == ["E06000023"]


def test_unknown_place_in_the_link_is_reported_not_fatal(app_test):
    test = _run_page(app_test, "overview", {"locality": "Atlantis"})
    assert any("no place called 'Atlantis'" in shown(w.value) for w in test.warning)
    assert "across all areas" in all_text(test)


def test_region_includes_everything_inside_it(app_test):
    test = _run_page(app_test, "funds", {"locality": "E12000009"})  # South West
    assert "3 funds (£1.37m)" in all_text(test)


def test_panels_page_lists_panels_without_a_share(app_test):
    test = _run_page(app_test, "panels")
    text = all_text(test)
    assert "2 of 7 panels state a lived-experience share" in text
    assert "Not stated by the source, so not drawn: " in text
    assert "City Lab decision group" in text


def test_panels_page_sets_each_panel_against_the_people_of_its_fund_s_area(app_test, store_copy, monkeypatch):
    """On the seed only Watchet's lab states its members, and no population is published for a town:
    said in words. A panel given its members is drawn per 100,000 residents, the estimates cited."""
    test = _run_page(app_test, "panels")
    said = [shown(i.value) for i in test.info if "No panel in this filter both states" in i.value]
    assert said and "Watchet imagination lab (Watchet)" in said[0]
    monkeypatch.setenv("DASH_DB", str(store_copy))
    assert service.save_record("panels", "panel-bristol-local-food", {"members": "10"}, by="AB",
                               store=store_copy).ok
    test = _run_page(app_test, "panels")
    headers = [h.value for h in test.header]
    assert "How many decide, for how many people?" in headers
    text = all_text(test)
    assert ("Bristol Local Food Fund panel has 10 members for the 495,260 people of Bristol: 2.0 per "
            "100,000, and 2.0 per 100,000 with lived experience.") in text  # its stated share: 100%
    assert "People: the mid-2025 population estimates" in text
    assert "Office for National Statistics, mid-2025 (30 June 2025)" in text  # the source, with its vintage


def test_themes_page_counts_suggestions_by_default(app_test):
    test = _run_page(app_test, "themes")
    assert test.toggle(key="filter_suggestions").value is True
    text = all_text(test)
    assert "The most frequent theme is Sharing power with communities: 14 key points across" in text
    assert "Counts include suggestions that no one has reviewed yet." in text
    assert "**takes time**" in text or "**time**" in text or "**power**" in text  # evidence is marked


def test_reviewer_accepts_a_suggestion_on_the_themes_page(app_test, store_copy, monkeypatch):
    monkeypatch.setenv("DASH_DB", str(store_copy))
    test = _run_page(app_test, "themes")
    test.selectbox(key="themes_pick").select("time").run()
    assert not [t for t in test.text_input if t.key == "themes_reviewer"]  # no name box: writes are signed
    test.button(key="accept_ins-jf-07_time").click().run()
    assert not test.exception
    me = local_user()  # `make run` on 127.0.0.1 with no sign-in: the person at this machine
    assert any(f"Saved: accepted by {me}." in shown(s.value) for s in test.success)
    assert f"Accepted by {me}" in all_text(test)
    assert test.button(key="accept_ins-jf-07_time").disabled  # already accepted


def test_meetings_page_search_finds_key_points(app_test):
    test = _run_page(app_test, "meetings")
    test.text_input(key="meeting_search").input("Watchet").run()
    assert not test.exception
    text = all_text(test)
    assert "1 meeting or write-up mention 'Watchet'." in text
    assert "Moral Imagination" in " ".join(e.label for e in test.expander)
    assert "saved copy 000_b9027283d2571dea.txt (third post on the page)" in text


def test_locality_change_then_page_switch_keeps_the_filter(app_test):
    """The frame's filter survives st.navigation page switches (not the legacy MPA path)."""
    test = app_test().run()
    test.multiselect(key="filter_locality").set_value(["E09000002"]).run()
    assert "in Barking and Dagenham" in all_text(test)
    assert url_values(test, "locality") == ["E09000002"]
    test.switch_page(page_path("funds.py")).run()
    assert not test.exception
    text = all_text(test)
    assert "1 fund (£1m), 3 panels and 1 meeting in Barking and Dagenham" in text
    assert test.multiselect(key="filter_locality").value == ["E09000002"]
    assert url_values(test, "locality") == ["E09000002"]
    test.session_state["table_fund_sizes"] = True
    table = test.run().dataframe[0].value
    assert list(table["Fund"]) == ["Barking and Dagenham Giving endowment"]


def test_map_pick_applies_the_area_filter(app_test):
    test = _run_page(app_test, "map")
    test.selectbox(key="map_pick").select("E06000023").run()
    assert not test.exception
    assert test.multiselect(key="filter_locality").value == ["E06000023"]
    assert "in Bristol" in all_text(test)


def test_period_and_organisation_filters(app_test):
    test = _run_page(app_test, "meetings", {"from": "2022-01-01", "to": "2022-12-31"})
    text = all_text(test)
    assert "2 meetings" in text and "undated records are left out" in text
    test = _run_page(app_test, "funds", {"org": "org-bd-giving"})
    assert "1 fund (£1m)" in all_text(test)


def test_present_page_opens_the_slide_named_in_the_link(app_test):
    test = _run_page(app_test, "present", {"slide": "2", "locality": "E06000023",
                                           "charts": "fund_sizes,lived_experience_shares,theme_counts"})
    text = all_text(test)
    assert "Slide 2 of 3" in text and "What share of each panel has lived experience?" in text
    test.button(key="slide_next").click().run()
    assert url_values(test, "slide") == ["3"] and "Which themes keep coming back?" in all_text(test)
    assert test.button(key="slide_next").disabled
    test.button(key="slide_back").click().run()
    assert url_values(test, "slide") == ["2"]
    assert url_values(test, "locality") == ["E06000023"]  # the filter stays in the link


def test_present_page_copes_with_a_bad_link(app_test):
    test = _run_page(app_test, "present", {"slide": "99", "charts": "fund_sizes,pie_chart"})
    assert any("'pie_chart' that does not exist" in shown(w.value) for w in test.warning)
    assert "Slide 1 of 1" in all_text(test) and url_values(test, "slide") == ["1"]


def test_themes_page_shows_a_code_a_person_added(app_test, store_copy, monkeypatch):
    from dash.write import service

    monkeypatch.setenv("DASH_DB", str(store_copy))
    assert service.decide("ins-pgm-04", "learning", "add", by="CD", store=store_copy).ok
    test = _run_page(app_test, "themes")
    test.selectbox(key="themes_pick").select("learning").run()
    assert not test.exception
    assert "Accepted by CD" in all_text(test)


def test_review_list_shows_twenty_cards_then_more_on_request(app_test, store_copy, monkeypatch, db):
    from dash.write import service

    monkeypatch.setenv("DASH_DB", str(store_copy))
    uncoded = [row[0] for row in db.execute(
        "SELECT insight_id FROM insights WHERE insight_id NOT IN "
        "(SELECT insight_id FROM insight_themes WHERE theme_id = 'sharing-power') ORDER BY 1 LIMIT 12"
    ).fetchall()]
    for insight_id in uncoded:  # 14 suggested in the seed + 12 added = 26 key points
        assert service.decide(insight_id, "sharing-power", "add", by="EF", store=store_copy).ok
    test = _run_page(app_test, "themes")
    test.selectbox(key="themes_pick").select("sharing-power").run()
    accepts = [b for b in test.button if b.key and b.key.startswith("accept_")]
    assert len(accepts) == 20
    assert "Showing the newest 20 of 26 key points." in all_text(test)
    test.button(key="themes_more").click().run()
    assert not test.exception
    assert len([b for b in test.button if b.key and b.key.startswith("accept_")]) == 26
    assert not [b for b in test.button if b.key == "themes_more"]


def test_reviewer_adds_a_theme_the_rules_missed(app_test, store_copy, monkeypatch):
    monkeypatch.setenv("DASH_DB", str(store_copy))
    test = _run_page(app_test, "themes")
    test.selectbox(key="themes_pick").select("learning").run()
    assert not [s for s in test.selectbox if s.key == "themes_add_pick"]  # asked for, not loaded by default
    test.toggle(key="themes_adding").set_value(True).run()
    test.selectbox(key="themes_add_pick").select("ins-pgm-04").run()
    test.button(key="themes_add").click().run()
    assert not test.exception
    assert any(f"Saved: added by {local_user()}." in shown(s.value) for s in test.success)
    assert f"Accepted by {local_user()}" in all_text(test)


def test_a_write_up_titled_with_a_phishing_link_shows_it_as_text(app_test, store_copy, monkeypatch):
    from dash.write import service
    from tests.support.inputs import GOOD_POINTS, write_up

    phish = "[Click here to log in](https://evil.example/phish) ![pixel](https://evil.example/p.png)"
    monkeypatch.setenv("DASH_DB", str(store_copy))
    assert service.import_write_up(
        write_up(*GOOD_POINTS, head=f"# {phish}\n\nHeld on 9 March 2023.\n\n"),
        "phish.md",
        by="t",
        store=store_copy,
    ).ok
    test = app_test().run()
    test.switch_page(page_path("meetings.py")).run()
    assert not test.exception
    labels = [e.label for e in test.expander]
    shown = [label for label in labels if "Click here" in label]
    assert shown and all("\\[Click here to log in\\]\\(https" in label for label in shown)
    sources = [m.value for m in test.caption if "Click here" in m.value]
    assert sources and all("](https://evil" not in value for value in sources)


# Text anyone can put in a link they send a trustee: a live link, an image from another host, bold.
CRAFTED = "[Click here to log in](https://evil.example/phish) ![pixel](https://evil.example/p.png) **LOUD**"


def _opened_at(app_test, page: str, query: dict[str, str]):
    """``page`` opened straight from a link with ``query``, as a trustee clicking it would see it."""
    test = app_test(query)
    if page != "overview":
        test.switch_page(page_path(PAGE_FILES[page]))
    test.run()
    assert not test.exception, test.exception
    return test


def _drawn_as_text(markdown: str) -> bool:
    """Whether the crafted text appears in ``markdown`` only as its characters: every bracket,
    parenthesis, ! and * escaped, so Markdown draws no link, image or bold from it."""
    return literal(CRAFTED) in markdown and "](https://evil" not in markdown and "**LOUD" not in markdown


@pytest.mark.parametrize("page", EVERY_PAGE)
def test_a_crafted_place_in_the_link_is_warned_about_as_text_on_every_page(app_test, page):
    test = _opened_at(app_test, page, {"locality": CRAFTED})
    warnings = [w.value for w in test.warning if "The link asked for" in w.value]
    assert len(warnings) == 1, [w.value for w in test.warning]
    assert _drawn_as_text(warnings[0]), warnings[0]
    assert f"no place called '{CRAFTED}'" in shown(warnings[0])  # the reader still sees what was asked
    assert "across all areas" in all_text(test)


def test_a_crafted_search_in_the_link_is_shown_as_text_on_the_meetings_page(app_test):
    test = _opened_at(app_test, "meetings", {"search": CRAFTED})
    said = [i.value for i in test.info if "No meeting matches" in i.value]
    assert len(said) == 1 and _drawn_as_text(said[0]), [i.value for i in test.info]
    assert f"No meeting matches '{CRAFTED}'" in shown(said[0])


def test_a_search_that_finds_meetings_is_quoted_as_text(app_test):
    """The line over the list quotes the search too ('… mention …'): characters, never Markdown."""
    test = _opened_at(app_test, "meetings", {"search": "_time_"})  # ILIKE: '_' is any one character
    lines = [m.value for m in test.markdown if "mention" in m.value]
    assert len(lines) == 1 and "mention '\\_time\\_'" in lines[0], lines  # not an italic 'time'


def test_a_crafted_chart_name_in_the_link_is_shown_as_text_on_the_present_page(app_test):
    test = _opened_at(app_test, "present", {"charts": f"fund_sizes,{CRAFTED}"})
    said = [w.value for w in test.warning if "does not exist" in w.value]
    assert len(said) == 1 and _drawn_as_text(said[0]), said


def test_one_accepted_code_leaves_every_theme_on_the_overview(app_test, store_copy, monkeypatch):
    """Measured before: one Accept turned the Overview's eleven themes into '1 key point across 1
    meeting' for everyone. Now the accepted code is drawn solid and the suggestions stay, hatched."""
    from dash.write import service

    monkeypatch.setenv("DASH_DB", str(store_copy))
    assert service.decide("ins-jf-07", "time", "accept", by="AB", store=store_copy).ok
    text = all_text(_run_page(app_test, "overview"))
    assert "The most frequent theme is Sharing power with communities: 14 key points across" in text
    accepted_only = _run_page(app_test, "themes", {"codes": "accepted"})
    assert accepted_only.toggle(key="filter_suggestions").value is False
    assert ("frequent theme is Change takes time and long-term commitment: 1 key point across 1 meeting."
            in all_text(accepted_only))


@pytest.mark.browser  # the pack's chart images are rendered by Chromium before printing is tried
def test_a_board_pack_that_cannot_be_printed_says_why_on_the_page(app_test, monkeypatch):
    """Printing needs Chromium: without it the Present page says so in one sentence, and offers
    the button again, rather than a download that silently does nothing."""
    from dash.export import pack

    monkeypatch.setattr(pack, "find_chromium", lambda: None)
    test = _run_page(app_test, "present", {"charts": "fund_sizes", "locality": "E06000023"})
    test.button(key="pack_make").click().run()
    assert not test.exception
    assert any("The board pack is printed by Chromium, the browser" in e.value for e in test.error)
    assert test.button(key="pack_make")


def test_a_policy_with_no_sum_stays_visible_under_its_own_area(app_test):
    """Measured before: under the Scotland filter the 1% policy vanished ('1 fund' in the header,
    every chart empty). Now the header says no sum is stated, the charts name the policy and its
    share, and its row is in a table."""
    test = _run_page(app_test, "funds", {"locality": "S92000003"})
    text = all_text(test)
    assert "1 fund (no sum in pounds stated)" in text
    assert "states a size in pounds, so there is nothing to draw" in text and "1% of budgets" in text
    assert any(expander.label == "See this as a table" for expander in test.expander)
    assert not test.exception


def test_without_chromium_the_page_says_why_there_are_no_image_downloads(app_test, monkeypatch):
    from dash.export import images

    monkeypatch.setattr(images, "find_chromium", lambda: None)
    test = _run_page(app_test, "funds", {"locality": "E06000023"})
    assert not test.get("download_button")  # made only when a chart's "Download" list is opened
    open_downloads(test, "funds").run()
    labels = [button.label for button in test.get("download_button")]
    assert "Table (Excel)" in labels and "Image (PNG)" not in labels
    said = " ".join(caption.value for caption in test.caption)
    assert "Chart images cannot be made on this computer" in said
    assert "apt-get" not in said  # a command is for whoever runs the dashboard: the command line says it
