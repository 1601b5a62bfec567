"""What only a browser shows: the link, the drawn charts, and page switches."""

from __future__ import annotations

import itertools
from urllib.parse import parse_qs, quote, urlparse

import pytest
from playwright.sync_api import expect

from dash import catalogue
from dash.catalogue import DEFAULT_SLIDES, PAGE_CHARTS
from dash.cli import main
from dash.devtools.local_server import running_app
from dash.store import StoreReader
from tests.support.browser import open_slide, open_tab, requests_seen, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e


BRISTOL_COVERAGE = "3 funds (£1.37m), 3 panels and 1 meeting in Bristol"


def _wait_for_chart_text(page, text: str) -> None:
    page.wait_for_function(
        """(text) => Array.from(document.querySelectorAll('.js-plotly-plot text'))
                         .some((node) => node.textContent.includes(text))""",
        arg=text,
    )


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _chart_text(page) -> str:
    return " ".join(page.locator(".js-plotly-plot text").all_text_contents())


def test_bristol_link_shows_bristol_funds_only(server, page):
    page.goto(f"{server}/funds?locality=E06000023")
    wait_until_idle(page)
    _wait_for_chart_text(page, "City Lab")
    drawn = _chart_text(page)
    for fund in ("Quartet health and well-being budget", "Bristol Local Food Fund", "City Lab"):
        assert fund in drawn
    assert "Barking and Dagenham Giving endowment" not in drawn
    expect(page.get_by_text(BRISTOL_COVERAGE).first).to_be_visible()
    assert _query(page)["locality"] == ["E06000023"]
    screenshot(page, "funds-bristol")


@pytest.mark.parametrize("path", ["", "grants", "activity", "meetings"])
def test_a_100_kb_place_in_the_link_is_answered_in_one_sentence(server, fresh_page, path):
    """Nothing of a place longer than any place is looked up or quoted back: one short warning, and
    the page draws as if the link had named no place (the link then drops it).

    In a browser that has never visited the app: once it holds Streamlit's cookie, a request this long
    may be refused before the app sees it, by the web server Streamlit runs on (uvicorn, on h11, which
    answers "Invalid HTTP request received." to a request over 16 KB not read in one piece), as a
    balancer refuses one over its buffer (HAProxy: 16 KB); docs/deployment.md says so."""
    page = fresh_page
    page.goto(f"{server}/{path}?locality=" + quote("*_[a](b) " * 4_000))  # 36,000 characters
    wait_until_idle(page)
    warned = page.locator('[data-testid="stSidebar"] [data-testid="stAlert"]').all_inner_texts()
    assert warned == ["The link asked for a place 36,000 characters long; that part of it was ignored."]
    assert "locality" not in _query(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_deep_link_is_the_first_request_a_new_server_gets(seed_store, page):
    """A fresh server treats app.py beside pages/ as a legacy app until st.navigation runs."""
    with running_app(seed_store) as app:
        fresh = app.url
        page.goto(f"{fresh}/panels?locality=E06000023")
        wait_until_idle(page)
        _wait_for_chart_text(page, "Bristol Local Food Fund panel")
        assert page.locator('[data-testid="stException"]').count() == 0
        expect(page.get_by_text(BRISTOL_COVERAGE).first).to_be_visible()
        assert "Bristol Local Food Fund panel" in _chart_text(page)
        assert _query(page)["locality"] == ["E06000023"]


def test_changing_the_locality_updates_the_link_and_survives_a_page_switch(server, page):
    page.goto(f"{server}/?locality=E06000023")
    wait_until_idle(page)
    area = page.get_by_role("combobox", name="Area")
    area.click()
    area.fill("Barking")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_until_idle(page)
    page.wait_for_function("() => window.location.search.includes('E09000002')")
    assert _query(page)["locality"] == ["E06000023", "E09000002"]

    page.get_by_role("link", name="Funds").first.click()
    wait_until_idle(page)
    page.wait_for_function("() => window.location.pathname.endsWith('/funds')")
    page.wait_for_function("() => window.location.search.includes('E09000002')")
    assert _query(page)["locality"] == ["E06000023", "E09000002"]
    _wait_for_chart_text(page, "Barking and Dagenham Giving endowment")


def test_clearing_the_filter_clears_the_link(server, page):
    page.goto(f"{server}/panels?locality=E06000023")
    wait_until_idle(page)
    page.get_by_role("button", name="Clear filters").click()
    wait_until_idle(page)
    page.wait_for_function("() => !window.location.search.includes('locality')")
    expect(page.get_by_text("across all areas").first).to_be_visible()


def test_clicking_a_district_on_the_map_filters_every_page(server, page):
    page.goto(f"{server}/map")
    wait_until_idle(page)
    page.wait_for_selector(".js-plotly-plot .scatterlayer")
    total = page.locator(".js-plotly-plot").first  # the money in total; the per-head map is beside it
    points = total.locator(".scatterlayer .trace").last.locator(".point")
    names = total.locator(".annotation-text").all_text_contents()
    cards = [card.bounding_box() for card in total.locator("g.annotation").all()]
    assert len(cards) == len(names) >= 4
    for index, card in enumerate(cards):  # as drawn: no label card over another (Somerset and Bristol)
        for other in cards[index + 1:]:
            apart = (card["x"] + card["width"] <= other["x"] or other["x"] + other["width"] <= card["x"]
                     or card["y"] + card["height"] <= other["y"] or other["y"] + other["height"] <= card["y"])
            assert apart, (names, card, other)
    barking = next(i for i, name in enumerate(names) if name.startswith("Barking"))
    points.nth(barking).click(force=True)
    page.wait_for_function("() => window.location.search.includes('E09000002')")
    wait_until_idle(page)
    expect(page.get_by_text("in Barking and Dagenham").first).to_be_visible()
    screenshot(page, "map-after-click")


def test_uploading_a_write_up_on_the_meetings_page(store_copy, page, tmp_path):
    """The upload goes through the real browser file input, into a private copy of the store."""
    notes = tmp_path / "panel-notes.md"
    notes.write_text("# Panel review\n\n- Paying panel members at Living Wage rates helped.\n"
                     "- Trust takes time to build with residents in Bristol.\n"
                     "- The panel was given £25,000 to share out.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with running_app(store_copy, warm_up=False) as app:
        fresh = app.url
        page.goto(f"{fresh}/meetings")
        wait_until_idle(page)
        page.get_by_text("Import a meeting write-up").click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(empty))
        expect(page.get_by_text("empty.txt").first).to_be_visible()  # the upload has reached the app
        wait_until_idle(page)
        expect(page.get_by_role("button", name="Import", exact=True)).to_be_enabled()
        page.get_by_role("button", name="Import", exact=True).click()
        expect(page.get_by_text("The file is empty").first).to_be_visible()

        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(notes))
        expect(page.get_by_text("panel-notes.md").first).to_be_visible()
        # The new file's rerun has happened once the last error is gone: clicking before it would
        # press Import in a run that still holds the empty file.
        expect(page.get_by_text("The file is empty")).to_have_count(0)
        wait_until_idle(page)
        expect(page.get_by_role("button", name="Import", exact=True)).to_be_enabled()
        page.get_by_role("button", name="Import", exact=True).click()
        expect(page.get_by_text("Imported 'Panel review'").first).to_be_visible()
        expect(page.get_by_text("13 meetings").first).to_be_visible()  # the counts include it at once
        screenshot(page, "meetings-import")

        # The £25,000 it mentions, confirmed as a new fund: then on the Funds page and in the deck.
        page.get_by_label("Search titles and key points").fill("Panel review")
        page.keyboard.press("Enter")
        wait_until_idle(page)
        expect(page.get_by_text("What this write-up mentions").first).to_be_visible()
        page.get_by_role("button", name="Confirm…").first.click()
        page.get_by_role("button", name="Create the fund").click()
        expect(page.get_by_text("Confirmed £25,000 from the write-up").first).to_be_visible()
        page.goto(f"{fresh}/funds")
        wait_until_idle(page)
        expect(page.get_by_text("Showing 6 funds").first).to_be_visible()
        expect(page.locator(".js-plotly-plot").first.get_by_text("Panel review")).to_be_visible()
    meetings = StoreReader(store_copy).cursor().execute("SELECT count(*) FROM meetings").fetchone()[0]
    assert meetings == 13  # the seed's 12 and the upload; the empty file added nothing
    from pptx import Presentation

    deck = tmp_path / "deck.pptx"
    assert main(["deck", "--out", str(deck), "--db", str(store_copy), "--charts", "participatory_part"]) == 0
    drawn = [list(shape.chart.plots[0].categories) for slide in Presentation(str(deck)).slides
             for shape in slide.shapes if shape.has_chart]
    assert "Panel review" in drawn[0]


def test_presenting_with_the_keyboard_moves_the_slide_in_the_link(server, page):
    page.goto(f"{server}/present?slide=2&locality=E06000023")
    wait_until_idle(page)
    expect(page.get_by_text(f"Slide 2 of {len(DEFAULT_SLIDES)}").first).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()  # out of the way on a projector
    screenshot(page, "present-slide-2")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(window.location.search).get('slide') === '3'")
    expect(page.get_by_text(f"Slide 3 of {len(DEFAULT_SLIDES)}").first).to_be_visible()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => new URLSearchParams(window.location.search).get('slide') === '2'")
    assert _query(page)["locality"] == ["E06000023"]


SLIDE_PARTS = {"title": ".slide-title", "takeaway": "p.slide-takeaway",
               "chart": '[data-testid="stPlotlyChart"]', "source": "p.slide-source",
               "previous": ".st-key-slide_back button", "next": ".st-key-slide_next button",
               "take away": '[data-testid="stPopover"] button:has-text("Take away")',
               "leave": '.st-key-slide_controls a:has-text("Leave")'}


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_every_slide_fits_the_projector_without_scrolling(server, tabs, width, height):
    """Measured before: at 1280×720 no slide fitted (pages 1178–1279 px tall). Now title, takeaway,
    chart, source and controls are all inside the screen, and the chart has the room that is left."""
    with open_tab(tabs, width, height) as page:
        for slide in range(1, len(catalogue.DEFAULT_SLIDES) + 1):
            open_slide(page, server, slide)
            if slide == len(catalogue.DEFAULT_SLIDES):
                screenshot(page, f"present-fits-{width}x{height}")
            assert page.evaluate("document.scrollingElement.scrollHeight") <= height, slide
            boxes = {}
            for part, selector in SLIDE_PARTS.items():
                found = page.locator(selector)
                expect(found.first).to_be_visible()
                boxes[part] = found.first.bounding_box()
                box = boxes[part]
                assert box["x"] >= 0 and box["y"] >= 0, (slide, part, box)
                inside = box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
                assert inside, (slide, part, box)
            order = [boxes[p] for p in ("title", "takeaway", "chart", "source")]
            for upper, lower in itertools.pairwise(order):
                assert upper["y"] + upper["height"] <= lower["y"] + 1, (slide, upper, lower)  # no overlap
            assert boxes["chart"]["height"] >= 0.55 * height, (slide, boxes["chart"])
            leave = page.locator(SLIDE_PARTS["leave"]).first  # in this tab, not a new one
            assert leave.get_attribute("target") in (None, "_self")


def test_downloading_a_chart_table(server, page, tmp_path):
    page.goto(f"{server}/funds?locality=E06000023")
    wait_until_idle(page)
    lists = page.get_by_role("button", name="Download", exact=True)
    # every chart on the page is drawn, each with its list of downloads: the first is fund sizes
    expect(lists).to_have_count(len(PAGE_CHARTS["funds"]))
    expect(page.get_by_role("button", name="Table (CSV)")).to_have_count(0)  # made when opened
    lists.first.click()
    csv_button = page.get_by_role("button", name="Table (CSV)")
    expect(csv_button).to_have_count(1)
    with page.expect_download() as download:
        csv_button.click()
    path = tmp_path / "funds.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("Fund,Held by,Place,Size")
    assert "City Lab" in text and "Barking" not in text
    with page.expect_download() as image:
        page.get_by_role("button", name="Image (PNG)").first.click()
    png = tmp_path / "funds.png"
    image.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_chart_s_table_is_made_when_opened(server, page):
    page.goto(f"{server}/funds?locality=E06000023")
    wait_until_idle(page)
    expect(page.get_by_text("See this as a table")).to_have_count(len(PAGE_CHARTS["funds"]))
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)  # nothing sent until asked
    page.get_by_text("See this as a table").first.click()
    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_have_count(1)
    expect(table).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_downloading_the_deck_and_the_board_pack_from_the_present_page(server, page, tmp_path):
    """The deck is made when clicked, off the session's thread, from the charts on screen; the
    board pack is printed on the server, then offered as a PDF of the same view."""
    from pptx import Presentation

    page.goto(f"{server}/present?locality=E06000023")
    wait_until_idle(page)
    page.get_by_role("button", name="Take away").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Deck (PowerPoint)").click()
    path = tmp_path / "deck.pptx"
    download.value.save_as(path)
    deck = Presentation(str(path))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert len(deck.slides) == len(catalogue.DEFAULT_SLIDES) + 2  # title, one per chart, sources
    assert any("Bristol" in text for text in texts) and not any("Barking" in text for text in texts)
    assert any("The figures are the records as set up on" in text for text in texts)

    page.get_by_role("button", name="Make the board pack (PDF)").click()
    pack_button = page.get_by_role("button", name="Board pack (PDF)", exact=True)
    expect(pack_button).to_be_visible(timeout=90_000)
    with page.expect_download(timeout=60_000) as download:
        pack_button.click()
    pdf = tmp_path / "pack.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert page.locator('[data-testid="stException"]').count() == 0


def test_stored_markdown_and_tags_show_as_text_on_every_page(store_copy, page):
    """Hostile text stored as a write-up's title, a reviewer's name, a recipient's name and a file's
    name, and sent in the link (a place, a search): on every page the browser shows its characters,
    draws no link but to a source's own address, no bold, and asks nothing of any host but 127.0.0.1
    (no tracking image, no web font)."""
    from dash.write import service
    from tests.support.inputs import GOOD_POINTS, grants_csv_with, write_up

    phish = "[Click here to log in](https://evil.example/phish) ![pixel](https://evil.example/p.png)"
    assert service.import_write_up(write_up(*GOOD_POINTS, head=f"# {phish}\n\nHeld on 9 March 2023.\n\n"),
                                   "phish.md", by=phish, store=store_copy).ok
    tagged = grants_csv_with("Recipient Org:Name", '<a href="https://evil.example/r">Tagged</a>')
    assert service.import_grants(tagged, "[file](https://evil.example/f).csv", by="<b>x</b>",
                                 store=store_copy).ok
    assert service.decide("ins-jf-07", "time", "accept", by=phish, store=store_copy).ok
    sources = {url for (url,) in StoreReader(store_copy).cursor().execute(
        "SELECT url FROM sources WHERE url IS NOT NULL").fetchall()}
    crafted = quote(f"{phish} **LOUD**")  # what anyone can put in a link they send a trustee
    with running_app(store_copy, warm_up=False) as app, requests_seen(page) as asked:
        for path in ("", "funds", "panels", "themes?theme=time", "meetings", "grants", "map", "present",
                     "activity", f"meetings?search={crafted}"):
            page.goto(f"{app.url}/{path}" + ("&" if "?" in path else "?") + f"locality={crafted}")
            wait_until_idle(page)
            shown = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
            if path in ("meetings", "themes?theme=time"):
                assert phish in shown, path
            if path.startswith("meetings?search"):  # "No meeting matches '…'" quotes it as text
                assert f"{phish} **LOUD**" in shown, path
            warned = page.locator('[data-testid="stSidebar"]').inner_text().replace("\u2060", "")
            assert f"no place called '{phish} **LOUD**'" in warned, path  # the link's own text, as text
            assert page.locator("strong", has_text="LOUD").count() == 0, path
            assert page.locator('img[src*="evil.example"]').count() == 0, path
            links = page.locator("a[href]").evaluate_all("(links) => links.map((a) => a.href)")
            foreign = [href for href in links if not href.startswith(app.url) and href not in sources]
            assert foreign == [], (path, foreign)
        page.goto(f"{app.url}/grants")
        wait_until_idle(page)
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
        assert page.locator('.js-plotly-plot a').count() == 0  # the recipient's tag is text in the chart
        screenshot(page, "safe-text-grants")
    hosts = {urlparse(url).hostname or urlparse(url).scheme for url in asked}
    assert hosts <= {"127.0.0.1", "data", "blob"}, hosts
