from __future__ import annotations

import pytest

from dash.themes.codebook import CODEBOOK, CodebookError, load_codebook
from dash.themes.evidence import highlight

REQUIRED = {
    "Sharing power with communities", "Lived experience and co-production", "Relationships and trust",
    "Change takes time and long-term commitment", "Paying and training participants",
    "Inequality and inclusion", "Person-centred design", "Systems and integration",
    "Imagination and creativity", "Targets and measurement", "Learning from others",
}


def test_codebook_has_every_theme_with_guidance():
    codebook = load_codebook()
    assert {theme.name for theme in codebook.themes} >= REQUIRED
    for theme in codebook.themes:
        assert theme.definition and theme.use_when and theme.not_when and theme.signal_phrases
        assert theme.examples, theme.theme_id


def test_version_follows_the_file(tmp_path):
    copy = tmp_path / "codebook.csv"
    copy.write_bytes(CODEBOOK.read_bytes())
    before = load_codebook(copy).version
    copy.write_text(copy.read_text().replace(";slow;", ";slow;patience;"))
    assert load_codebook(copy).version != before


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace("time,Change takes time", "trust,Change takes time"), "is used twice"),
    (lambda t: t.replace(",Learning from others,", ",,"), "theme_id and name are required"),
    (lambda t: t + "extra,Extra,a,b,c,d,e,f,g,h\n", "more cells than columns"),
])
def test_bad_codebook_rows_are_named(tmp_path, change, message):
    copy = tmp_path / "codebook.csv"
    copy.write_text(change(CODEBOOK.read_text()))
    with pytest.raises(CodebookError, match=message):
        load_codebook(copy)


def test_highlight_marks_matched_words_and_escapes_markdown():
    evidence = '[{"phrase": "trust", "words": "trust", "start": 10, "end": 15}]'
    assert highlight("Build *no* trust.", evidence.replace("10", "11").replace("15", "16")) == (
        "Build \\*no\\* **trust**\\."
    )


def test_text_from_a_file_is_shown_as_text_never_as_html():
    shown = highlight("<script>alert(1)</script> [click](javascript:x)", None)
    assert "<script>" not in shown and "\\<script\\>" in shown and "\\[click\\]" in shown
