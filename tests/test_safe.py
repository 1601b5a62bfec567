"""Stored text is data: Markdown, HTML and links in it show as the characters they are."""

from __future__ import annotations

import json

import pytest

from dash import catalogue, safe
from dash.filters import Filters
from dash.store import StoreReader
from dash.write import service
from tests.support.inputs import grants_csv_with

PHISH = "[Click here to log in](https://evil.example/phish) ![pixel](https://evil.example/p.png)"
TAG = '<a href="https://evil.example">x</a> & <b>bold</b>'


@pytest.mark.parametrize("text", [PHISH, TAG, "**bold** _em_ # heading :red[red] $x$ `code` ~~s~~", "a\\b"])
def test_markdown_escapes_every_piece_of_syntax(text):
    escaped = safe.markdown(text)
    assert "](" not in escaped.replace("\\]\\(", "")  # no live link or image left
    shown = escaped.replace("\\", "").replace(safe.WORD_JOINER, "")
    assert shown == text.replace("\\", "")  # the same characters, each made literal


def test_plotly_text_and_links():
    assert (
        safe.plotly(TAG) == '&lt;a href="https://evil.example"&gt;x&lt;/a&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'
    )
    assert safe.plotly(5) == 5 and safe.plotly(None) is None
    assert safe.web_link("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "https://x.example/a)(b", "ftp://x", "//evil.example", 5, None):
        assert safe.web_link(bad) is None
    assert safe.html_text("one\n\ntwo <i>") == "one two &lt;i&gt;"


def test_a_recipient_name_holding_a_tag_is_text_in_every_chart(store_copy):
    raw = grants_csv_with("Recipient Org:Name", TAG)
    assert service.import_grants(raw, "tag.csv", by="t", store=store_copy).ok
    cursor = StoreReader(store_copy).cursor()
    for name in catalogue.PAGE_CHARTS["grants"]:
        chart = catalogue.build(name, cursor, Filters())
        if chart.is_empty:  # no figure: its words go through the safe renderer (tested apart)
            assert chart.figure is None, name
            continue
        drawn = json.dumps(chart.figure.to_plotly_json()["data"], default=str)
        assert "<a href" not in drawn and "<b>bold" not in drawn, name


def test_streamlit_keeps_xsrf_protection_and_caps_uploads_at_what_an_import_accepts():
    """`.streamlit/config.toml`, as every server reads it: XSRF protection never switched off, and
    the upload cap the largest 360Giving file an import takes (a larger one is refused by the
    browser before it is sent, rather than read whole and then refused)."""
    import tomllib

    from dash.ingest import limits
    from dash.paths import PROJECT_ROOT

    server = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True
    assert server["maxUploadSize"] * 1_000_000 == limits.GRANTS_FILE_BYTES


def test_document_text_keeps_words_and_drops_what_reorders_or_breaks_a_document():
    assert safe.document_text("Bristol\u202e drawn backwards\u2066 \x00\x1f\x7f£1.3m\tand\nmore") == (
        "Bristol drawn backwards £1.3m\tand\nmore")
    assert safe.document_text("<b>[link](https://x)</b> ＝SUM") == "<b>[link](https://x)</b> ＝SUM"


def test_visible_writes_out_what_a_reader_could_not_see():
    from dash.safe import visible

    assert visible("ti\u200bme") == "ti<U+200B>me"  # not 'time', the word that was refused
    assert visible("a\nb\u202ec d") == "a<U+000A>b<U+202E>c d"
    assert visible("x" * 100, 10) == "x" * 10 + "…"
    assert visible("Café £5") == "Café £5"


def test_one_line_keeps_a_name_to_one_printable_line():
    from dash.safe import one_line

    assert one_line("Ann\n    9  Admin: all undone") == "Ann 9 Admin: all undone"
    assert one_line("Ann\x1b[2J\u202e\u200b\t B") == "Ann[2J B"
    assert one_line(" \n\u2028 ") == ""
    assert one_line("Zoë O'Brien-Ng") == "Zoë O'Brien-Ng"
