"""A web page as a reader reads it: the article's own text, and its headline.

A charity's post sits inside its site: a banner with the site's name, a menu, cookie notices, share
buttons, "Related posts", a newsletter box and a footer. None of that is what the meeting said, so the
page is read the way a person's eye skips it: elements a site uses for furniture (``nav``, ``header``
and ``footer`` outside the article, ``aside``, forms, and anything whose class, id or role names a
menu, a banner, sharing, related posts, cookies or a newsletter) are left out, and where the page
marks its main text (``<main>``, ``role="main"`` or an ``<article>``) only that is read.

The title is the article's headline: its ``<h1>``, else ``og:title``, else the ``<title>`` less the
site's name (" | Common Ground Health Network"); never the site's banner.

Python's own ``html.parser`` (no recursion) reads the page once, so a page nested 100,000 deep takes
time in proportion to its length; the stack of open elements is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements never read: code, styling, the document's head.
_CODE = frozenset({"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "title",
                   "head", "textarea", "select", "option"})
# The site's controls and asides: menus, forms, buttons, "Related posts" in an <aside>.
_QUIET_TAGS = frozenset({"nav", "aside", "menu", "dialog", "form", "button"})
_SITE_TAGS = frozenset({"header", "footer"})  # the site's; an article's own header holds its headline
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_BLOCK = frozenset({"p", "div", "br", "tr", "section", "article", "main", "ul", "ol", "blockquote", "li",
                    "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "table", "figure", "figcaption",
                    "address", "pre", "hr", "header", "footer", "time", "body"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that hold the page's whole content: their class or id says what kind of page it is
# ("newsletter", "single-post", "search-results"), never that they are furniture.
_CONTENT_TAGS = frozenset({"html", "body", "main", "article"})
# Words in a class or id that mark furniture: "share-buttons", "related-posts", "cookie-banner".
_QUIET_WORD = re.compile(
    r"^(?:nav\w*|menu\w*|breadcrumb\w*|sidebar\w*|related\w*|share\w*|sharing|social\w*|cookie\w*|"
    r"newsletter\w*|subscri\w*|signup|comment\w*|skip|search\w*|widget\w*|advert\w*|ads|promo\w*|"
    r"pagination|pager|tags|taglist|toolbar|popup|modal|hidden|sr|screen|visually|disqus|addtoany)$")
# ... and the site's banner and footer, whose words (a tagline, an address) say where the site works.
_SITE_WORD = re.compile(r"^(banner|masthead|brand|logo|header|footer)$")
_ARTICLE_WORDS = frozenset({"entry", "post", "article", "content", "card", "story"})  # "entry-header"
_META_WORD = re.compile(r"^(meta|byline|author|dateline|posted|postmeta|entrymeta)$")
_QUIET_ROLE = frozenset({"navigation", "complementary", "search", "menu", "dialog", "alert"})
_SITE_ROLE = frozenset({"banner", "contentinfo"})
MOST_OPEN = 2_000  # elements deeper than this are read as text, not tracked (a hostile page nests 100,000)
END_TAG_SEARCH = 64  # how far down the stack an end tag looks for its start tag


def _words(value: str | None) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", (value or "").lower()) if w]


@dataclass
class _Open:
    tag: str
    code: bool = False
    quiet: bool = False
    site: bool = False
    meta: bool = False
    main: int = 0  # the main region this element opens (1-based), 0 for none


@dataclass
class PageText:
    """The page's article text as lines (headings as '# …', list items as '• …') and what names it."""

    text: str
    title: str | None
    site_names: list[str] = field(default_factory=list)  # og:site_name and the <title>'s last part
    headings: list[str] = field(default_factory=list)  # the <h1>s of the article, then of the page
    meta_text: str = ""  # bylines and dates (<time datetime>), read for the date only
    site_text: str = ""  # the site's banner, tagline and footer: read only to place the site


class _Reader(HTMLParser):
    def __init__(self, has_main: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.has_main = has_main
        self.stack: list[_Open] = []
        self.open = {"code": 0, "quiet": 0, "site": 0, "meta": 0, "article": 0}
        self.main_open = 0
        self.mains = 0
        self.parts: dict[int, list[str]] = {0: []}  # text by main region (0: outside any)
        self.meta_parts: list[str] = []
        self.site_parts: list[str] = []
        self.title_parts: list[str] | None = None
        self.title = ""
        self.og: dict[str, str] = {}
        self.h1s: list[tuple[bool, int, str]] = []  # (the site's, main region, words)
        self.in_h1: list[str] | None = None

    # ---- the stack of open elements
    def _count(self, element: _Open, step: int) -> None:
        for flag in ("code", "quiet", "site", "meta"):
            self.open[flag] += step * getattr(element, flag)
        self.open["article"] += step * (element.tag in ("article", "main"))

    def _push(self, element: _Open) -> None:
        if len(self.stack) >= MOST_OPEN:
            return
        self.stack.append(element)
        self._count(element, 1)
        if element.main:
            self.main_open = element.main

    def _pop_to(self, tag: str) -> bool:
        for depth in range(len(self.stack) - 1, max(-1, len(self.stack) - 1 - END_TAG_SEARCH), -1):
            if self.stack[depth].tag == tag:
                while len(self.stack) > depth:
                    gone = self.stack.pop()
                    self._count(gone, -1)
                    if gone.main:
                        self.main_open = next((e.main for e in reversed(self.stack) if e.main), 0)
                return True
        return False

    def _out(self, text: str) -> None:
        if self.open["code"] or self.open["quiet"]:
            return
        if self.open["site"]:
            self.site_parts.append(text)
        elif self.open["meta"]:
            self.meta_parts.append(text)
        else:
            self.parts.setdefault(self.main_open, []).append(text)

    # ---- the parser's callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key in ("og:title", "og:site_name", "article:published_time", "application-name"):
                self.og.setdefault(key, values.get("content", ""))
            return
        if tag == "title" and self.title_parts is None:
            self.title_parts = []
        if tag == "time" and values.get("datetime"):
            self.meta_parts.append(f"\n{values['datetime'][:10]}\n")
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._out("\n")
            return
        if tag == "body" or (tag in _BLOCK and self.stack and self.stack[0].tag in ("head", "html") and any(
                e.tag == "head" for e in self.stack[:3])):
            self._pop_to("head")  # the body begins where the head was never closed
        if tag in ("p", "li") and self.stack and self.stack[-1].tag == tag:
            self._pop_to(tag)  # an unclosed <p> or <li> ends where the next begins
        words = _words(values.get("class")) + _words(values.get("id")) if values else []
        if tag in _CONTENT_TAGS:
            words = []  # <body class="newsletter"> names the kind of page, not a newsletter box in it
        role = values.get("role", "").lower() if values else ""
        outside = not self.open["article"]
        site = (tag in _SITE_TAGS and outside) or role in _SITE_ROLE or (
            outside and any(_SITE_WORD.match(w) for w in words)
            and not any(w in _ARTICLE_WORDS for w in words))
        quiet = tag in _QUIET_TAGS or (bool(values) and (
            role in _QUIET_ROLE or any(_QUIET_WORD.match(w) for w in words)
            or "hidden" in values or values.get("aria-hidden", "").lower() == "true"
            or (not outside and not site and "footer" in words)))
        meta = any(_META_WORD.match(w) for w in words)
        main = 0
        if self.has_main and not (self.open["quiet"] or self.open["site"] or quiet or site) and (
                tag == "main" or role == "main" or (tag == "article" and not self.main_open)):
            self.mains += 1
            main = self.mains
        self._push(_Open(tag, tag in _CODE, quiet, site, meta, main))
        if tag in _BLOCK:
            self._out("\n")
        if tag == "li":
            self._out("• ")
        elif tag in _HEADINGS:
            self._out("# ")
        if tag == "h1":
            self.in_h1 = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title_parts is not None and not self.title:
            self.title = " ".join("".join(self.title_parts).split())
        if tag == "h1" and self.in_h1 is not None:
            words = " ".join("".join(self.in_h1).split())
            if words:
                self.h1s.append((bool(self.open["site"] or self.open["quiet"]), self.main_open, words))
            self.in_h1 = None
        if self._pop_to(tag) and tag in _BLOCK:
            self._out("\n")

    def handle_data(self, data: str) -> None:
        in_code = any(e.tag in ("script", "style") for e in self.stack[-4:])
        if self.title_parts is not None and not self.title and not in_code:
            self.title_parts.append(data)
        if self.in_h1 is not None and not in_code:
            self.in_h1.append(data)
        self._out(re.sub(r"\s+", " ", data))


_SEPARATOR = re.compile(r"\s+[|–—·:»-]\s+|\s+::\s+")


_ORGANISATION = re.compile(r"\b(?:Network|Trust|Foundation|Council|Charity|CIC|Ltd|Limited|Group|Alliance|"
                           r"Partnership|Forum|Association|Society|Collective|Project|Links|Voices|UK)\b")


def _site_names(title: str, og: dict[str, str], site_text: str, site_headings: list[str]) -> list[str]:
    """The site's name: og:site_name, or the <title>'s last part when the site's banner or footer says
    it too, or it reads as an organisation's name ("… | Kernow Voices Network"), never "… – notes"."""
    names = [og[k].strip() for k in ("og:site_name", "application-name") if og.get(k, "").strip()]
    parts = _SEPARATOR.split(title)
    if len(parts) > 1:
        last = parts[-1].strip()
        seen = " ".join(site_text.split()).lower() + " " + " ".join(site_headings).lower()
        if last.lower() in seen or _ORGANISATION.search(last):
            names.append(last)
    return names


def _without_site(title: str, sites: list[str]) -> str:
    """'What we heard | Common Ground Health Network' → 'What we heard'."""
    for site in sites:
        for pattern in (rf"\s+[|–—·:»-]\s+{re.escape(site)}\s*$", rf"^\s*{re.escape(site)}\s+[|–—·:»-]\s+"):
            shorter = re.sub(pattern, "", title, flags=re.IGNORECASE)
            if shorter != title and shorter.strip():
                return shorter.strip()
    return title.strip()


_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")  # a page nested deep opens thousands of blocks


def read_page(page: str) -> PageText:
    """The page's article text, its headline and the site's name (for dates and places)."""
    has_main = bool(re.search(r"<(main|article)\b|role\s*=\s*[\"']?main", page, re.IGNORECASE))
    reader = _Reader(has_main)
    reader.feed(page)
    reader.close()
    if reader.title_parts and not reader.title:  # a <title> never closed
        reader.title = " ".join("".join(reader.title_parts).split())
    regions = {n: _BLANK_LINES.sub("\n\n", "".join(parts)) for n, parts in reader.parts.items()}
    chosen = 0
    if reader.mains:  # the region with the most words: <main>, or the longest <article>
        chosen = max((n for n in regions if n), key=lambda n: len(regions[n].split()), default=0)
    text = regions.get(chosen, "") if chosen and len(regions.get(chosen, "").split()) >= 20 else \
        "".join(regions[n] for n in sorted(regions))
    site_text = "".join(reader.site_parts)
    sites = _site_names(reader.title, reader.og, site_text, [h[2] for h in reader.h1s if h[0]])
    site_words = {s.lower() for s in sites}
    # The headline: an <h1> of the article, then one of the page that is not the site's name.
    ranked = sorted(reader.h1s, key=lambda h: (h[0], h[1] != chosen))
    banners = site_words | {h[2].lower() for h in reader.h1s if h[0]}
    headings = [h[2] for h in ranked if h[2].lower() not in banners and not h[0]]
    named = [_without_site(t, sites) for t in (reader.og.get("og:title", ""), reader.title) if t.strip()]
    first_heading = next((line[2:].strip() for line in text.split("\n") if line.startswith("# ")), "")
    # The headline: the article's <h1>; og:title or <title> less the site's name; else, when those are
    # only the site's name or banner ("Community Power Network"), the article's first heading.
    title = next((t for t in headings + named + [first_heading] if t and t.lower() not in banners), None)
    return PageText(text=text, title=title or None, site_names=sites, headings=headings,
                    meta_text="".join(reader.meta_parts) + "\n"
                    + reader.og.get("article:published_time", "")[:10],
                    site_text=site_text)
