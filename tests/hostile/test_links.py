"""Every link in the corpus, opened on the pages it names: the page is drawn, what the link asked for
that the dashboard could not use is said in a sentence, and nothing from the link becomes markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import corpus
from tests.support.apptest import page_path, shown

PAGES = sorted(path.stem for path in (Path(__file__).parents[2] / "pages").glob("*.py"))
OPENINGS = [(link, page) for link in corpus.LINKS for page in (link.pages or PAGES)]


def _written(test) -> list[str]:
    """Every piece of Markdown the run drew: text, notices, captions, expander labels."""
    kinds = ("markdown", "caption", "warning", "info", "error", "success", "title", "subheader")
    return [str(e.value) for kind in kinds for e in test.get(kind)] + [e.label for e in test.expander]


@pytest.mark.parametrize(("link", "page"), OPENINGS, ids=[f"{link}-{page}" for link, page in OPENINGS])
def test_a_link_is_read_as_text(app_test, link: corpus.Link, page: str):
    test = app_test(link.query())
    if page != "overview":
        test.switch_page(page_path(f"{page}.py"))
    test.run()
    assert not test.exception, test.exception
    written = _written(test)
    for markdown in written:  # escaped: no link, image or bold drawn from the link's text
        assert "](https://evil" not in markdown and "**LOUD" not in markdown, markdown
    notices = [str(e.value) for kind in ("warning", "info", "error") for e in test.get(kind)]
    assert all(len(shown(notice)) < 600 for notice in notices), [n[:200] for n in notices]
    assert link.says in shown("\n".join(written)), [n[:300] for n in notices]
