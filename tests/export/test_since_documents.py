"""What changed since the last meeting, in the board pack and the deck: the pack's section carries
exactly the lines the page lists, each naming where it is shown, and nothing from before the day; a
quiet period is one sentence; the deck's summary slide counts each kind of change. The section and
the deck are made here without a browser (no chart picture is drawn); the printed PDF is tested in
the browser tier."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import re
import shutil
import subprocess

import pytest
from pptx import Presentation

from dash import catalogue
from dash.cli import main
from dash.export.deck import build_deck
from dash.export.pack import pack_html
from dash.export.since_section import since_html
from dash.filters import Filters
from dash.since import ChangesSince, Line, Section
from dash.store import StoreReader
from tests.support.history import SINCE


def _found(store, since=SINCE, filters=None) -> ChangesSince:
    return catalogue.fetch("changes_since", StoreReader(store).cursor(), filters or Filters(), since=since)


def _text(page: str) -> str:
    """What a reader of the HTML sees: tags gone, entities read, spaces as one."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _items(page: str) -> list[str]:
    """Every list item of the section, its nested items apart, as text."""
    return [_text(item) for item in re.findall(r"<li>(.*?)(?:<ul>|</li>)", page)]


def test_the_section_carries_exactly_the_page_s_lines_each_naming_its_page(history):
    found = _found(history)
    page = since_html(found)
    expected = []
    for section in found.sections:
        for line in section.lines:
            expected.append(" ".join(f"{line.text} Shown on {line.where}.".split()))
            expected += [" ".join(detail.split()) for detail in line.details]
    assert _items(page) == expected  # every line and detail, in the page's order, and nothing else
    text = _text(page)
    for section in found.sections:
        assert f"{section.title} ({len(section.lines)})" in text
    assert found.headline in text
    wheres = {line.where for section in found.sections for line in section.lines}
    assert wheres == {"the Grants page", "the Meetings page", "the Themes page", "the Funds page",
                      "the Activity page"}
    # the known history: an import, an undo, a removed import, a correction; nothing before the day
    assert "new-grants.csv" in text and "undoing change" in text and "Removed the imported" in text
    assert "Checked long ago → Checked this month" in text
    assert "Early Bird" not in text and "Old panel" not in text and "old.md" not in text


def test_a_quiet_period_is_one_sentence(history):
    found = _found(history, since=dt.date.today() + dt.timedelta(days=1))
    assert found.count == 0
    text = _text(since_html(found))
    assert text == f"Since we last met {found.headline}"
    assert text.endswith("the day picked.") and text.count(".") == 1
    assert found.as_text() == [found.headline]


def test_stored_text_in_the_section_is_its_characters():
    hostile = Line('<img src="http://example.com/x.png"> [link](https://x)\u202e', "grants?x=1",
                   ("<script>alert(1)</script>",))
    found = ChangesSince(dt.date(2025, 1, 1), "1 January 2025, the day picked",
                         (Section("Money and grants added", (hostile,), "No grants were imported."),))
    page = since_html(found)
    assert "<img" not in page and "<script>" not in page and "\u202e" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Shown on the Grants page." in page


def test_the_pack_puts_the_section_after_its_title_page(history):
    found = _found(history)
    page = pack_html([], "everything", "Store version 9.", since=found)  # no chart: no picture to draw
    assert page.index("<h1>") < page.index('<section class="since">')
    assert f"What changed since {SINCE.day} " in _text(page) and "0 charts follow" in _text(page)
    assert since_html(found) in page
    assert 'class="since"' not in pack_html([], "everything", "Store version 9.")


def test_the_deck_counts_what_changed_on_its_own_slide(history):
    cursor = StoreReader(history).cursor()
    filters = Filters(since=SINCE)
    found = catalogue.fetch("changes_since", cursor, filters)
    chart = catalogue.build("themes_since", cursor, filters)
    deck = Presentation(io.BytesIO(build_deck([chart], "everything", since=found)))
    assert len(deck.slides) == 4  # title, since we last met, the themes chart, sources
    summary = "\n".join(shape.text_frame.text for shape in deck.slides[1].shapes if shape.has_text_frame)
    assert summary.startswith("Since we last met") and found.headline in summary
    for what, value in found.tallies():
        assert f"{what}: {value}" in summary
    assert "Money and grants added: £59.8k in 10 grants" in summary
    assert "Write-ups added: 1 write-up with 2 key points" in summary
    assert "Records corrected: 2 changes" in summary and "Imports removed: 1 import" in summary
    themes = deck.slides[2]
    native = [shape for shape in themes.shapes if shape.has_chart]
    assert len(native) == 1 and native[0].chart.plots[0].categories[-1] == chart.native.categories[-1]
    assert chart.takeaway in "\n".join(s.text_frame.text for s in themes.shapes if s.has_text_frame)


def test_deck_since_on_the_command_line(history, tmp_path, capsys):
    out = tmp_path / "since.pptx"
    assert main(["deck", "--out", str(out), "--db", str(history), "--since", SINCE.isoformat(),
                 "--charts", "participatory_part"]) == 0  # a native chart: no picture to render
    assert "5 slides" in capsys.readouterr().out
    deck = Presentation(out)
    titles = [next(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]
    assert titles[1] == "Since we last met"
    assert titles[2] == "Which themes rose or fell since we last met?"
    assert titles[3] == catalogue.build("participatory_part", StoreReader(history).cursor(), Filters()).title
    assert main(["deck", "--out", str(out), "--db", str(history), "--since", "garbage"]) == 2
    assert capsys.readouterr().err.startswith("--since was not read")


def test_without_a_day_the_documents_count_from_the_last_meeting(history, tmp_path, capsys):
    out = tmp_path / "since.pptx"
    assert main(["deck", "--out", str(out), "--db", str(history), "--since", "--charts",
                 "participatory_part"]) == 0
    summary = "\n".join(s.text_frame.text for s in Presentation(out).slides[1].shapes if s.has_text_frame)
    assert "the day of the last meeting in the store for this filter" in summary


@pytest.mark.browser  # printed by Debian's Chromium
def test_the_printed_pack_carries_the_page_s_lines_and_the_themes_chart(history, tmp_path, capsys):
    assert shutil.which("pdftotext"), "pdftotext missing: `make test` installs poppler-utils"
    out = tmp_path / "since.pdf"
    assert main(["pack", "--out", str(out), "--db", str(history), "--since", SINCE.isoformat(),
                 "--charts", "fund_sizes"]) == 0
    assert "and what changed since" in capsys.readouterr().out
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    found = _found(history)
    for section in found.sections:
        for line in section.lines:
            assert " ".join(line.text.split())[:60] in text, line.text
            assert f"Shown on {line.where}." in text
    chart = catalogue.build("themes_since", StoreReader(history).cursor(), dataclasses.replace(
        Filters(), since=SINCE))
    assert chart.title in text and chart.takeaway[:60] in text
    assert "Early Bird" not in text and "Old panel" not in text
