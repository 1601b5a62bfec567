"""The dashboard as a web application: Streamlit's public ``st.App`` with two middlewares for a
trustee's first visit (``python -m dash serve`` runs it).

- The page asks for Plotly at once. Streamlit's page lists its own scripts for the browser to
  fetch, but each kind of element it draws lives in a script of its own, fetched only when the
  first such element arrives from the server. Plotly's is 4.7 MB: a fresh browser asked for it
  only after the page had connected and the Overview's first chart had been sent, then spent most
  of a second fetching and compiling it while the trustee looked at an empty page.
  ``PreloadMiddleware`` adds a ``<link rel="modulepreload">`` for it to the page, so the browser
  fetches and compiles it alongside Streamlit's own scripts. Its name carries a hash that changes
  with every Streamlit release, so it is found in Streamlit's static folder when the server starts.
- Streamlit's files come from memory, gzipped (``StaticFromMemory``).
"""

from __future__ import annotations

import functools
import gzip
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import streamlit

STATIC_ROOT = Path(streamlit.__file__).parent / "static"  # index.html, and the files it names under static/
STATIC_JS = STATIC_ROOT / "static" / "js"

# The kinds of element whose script the page asks for at once, by the name Streamlit's bundle gives
# it: Plotly's charts, on every page and 4.7 MB. (The filters' widgets have scripts of their own too,
# 20-100 KB each, fetched while the charts are still being drawn: not on the way to the first chart.)
PRELOADED_ELEMENTS = ("PlotlyChart",)

_CHUNK = re.compile(r"^(?P<element>[A-Za-z]+)\.[A-Za-z0-9_-]+\.js$")
_STATIC_IMPORT = re.compile(rb"""(?:\bfrom\s*|\bimport\s*)["'`]\./(?P<name>[A-Za-z0-9_.-]+\.js)["'`]""")


def element_chunks(elements: Iterable[str], js_dir: Path = STATIC_JS) -> list[str]:
    """The file names of the scripts that draw ``elements`` in this Streamlit's bundle, with the
    scripts they import (a browser preloads only the file it is given), in the order found."""
    wanted = set(elements)
    found = sorted(p.name for p in js_dir.glob("*.js")
                   if (m := _CHUNK.match(p.name)) and m["element"] in wanted)
    ordered: list[str] = []
    pending = list(found)
    while pending:
        name = pending.pop(0)
        if name in ordered or not (js_dir / name).is_file():
            continue
        ordered.append(name)
        pending.extend(m["name"].decode() for m in _STATIC_IMPORT.finditer(_module_head(js_dir / name)))
    return ordered


def _module_head(path: Path) -> bytes:
    """The part of a bundled module where its static imports are (they come first)."""
    with path.open("rb") as file:
        head = file.read(8192)
    return head


def preload_links(chunks: Iterable[str]) -> bytes:
    """The ``<link>`` tags asking the browser to fetch and compile ``chunks`` (paths as Streamlit's
    own page writes them, relative to the page, so a base URL path keeps working)."""
    return "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{name}">'
                   for name in chunks).encode()


def add_preloads(page: bytes, chunks: Iterable[str]) -> bytes:
    """``page`` with a preload link before ``</head>`` for each of ``chunks`` the page does not
    already name (Streamlit's page preloads most of what Plotly's script imports); unchanged if it
    has no head."""
    marker = page.find(b"</head>")
    if marker < 0:
        return page
    links = preload_links(name for name in chunks if f"/{name}".encode() not in page)
    return page[:marker] + links + page[marker:]


class PreloadMiddleware:
    """ASGI middleware adding a preload of ``chunks`` to every HTML page served (Streamlit serves its
    one page for ``/`` and for every page's path); everything else passes through untouched."""

    def __init__(self, app, chunks: Iterable[str]) -> None:
        self.app = app
        self.chunks = tuple(chunks)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD") or not self.chunks:
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        body = bytearray()

        async def rewrite(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                if message["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = message  # held until the whole page is read
                    return
                await send(message)
                return
            if start is None:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            await _send_page(send, start, bytes(body), self.chunks, scope.get("method") == "HEAD")

        await self.app(scope, receive, rewrite)


async def _send_page(send, start: dict, body: bytes, chunks: tuple[str, ...], head_only: bool) -> None:
    headers = [(k, v) for k, v in start.get("headers", [])]
    encoding = next((v for k, v in headers if k.lower() == b"content-encoding"), b"")
    if not head_only:
        page = gzip.decompress(body) if encoding == b"gzip" else body
        page = add_preloads(page, chunks)
        body = gzip.compress(page, compresslevel=6) if encoding == b"gzip" else page
    # The page is no longer the file on disk: its validators would let a browser keep an old copy.
    kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"etag", b"last-modified")]
    if not head_only:
        kept.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": kept})
    await send({"type": "http.response.body", "body": b"" if head_only else body, "more_body": False})


_MAX_AGE = 365 * 24 * 60 * 60  # as Streamlit serves them: every name carries its content's hash
_COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".html", ".txt", ".map")  # fonts and images are already
_SMALLEST_COMPRESSED = 1000  # bytes: below this gzip saves less than its own headers cost


@dataclass(frozen=True)
class StaticFile:
    """One of Streamlit's files as it is sent: its bytes, gzipped when that is worth it, and its type."""

    body: bytes
    gzipped: bytes | None
    content_type: bytes


@functools.cache
def static_file(path: Path) -> StaticFile:
    """``path`` read, and compressed, once per process (the files never change while a server runs)."""
    body = path.read_bytes()
    # The HTML standard's name for scripts (Python's table says application/javascript).
    kind = "text/javascript" if path.suffix == ".js" else (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream")
    if kind.startswith("text/"):
        kind += "; charset=utf-8"
    worth = path.suffix in _COMPRESSIBLE and len(body) >= _SMALLEST_COMPRESSED
    return StaticFile(body, gzip.compress(body, compresslevel=6, mtime=0) if worth else None, kind.encode())


def page_scripts(root: Path = STATIC_ROOT, elements: Iterable[str] = PRELOADED_ELEMENTS) -> list[Path]:
    """What a fresh browser fetches before its first chart: the files Streamlit's page names, and
    the preloaded elements' scripts."""
    page = (root / "index.html").read_text(encoding="utf-8")
    named = re.findall(r'(?:src|href)="\./static/([^"]+)"', page)
    chunks = [f"js/{name}" for name in element_chunks(elements, root / "static" / "js")]
    return [root / "static" / name for name in dict.fromkeys(named + chunks)]


def warm_static(root: Path = STATIC_ROOT) -> int:
    """Read and compress what a fresh browser fetches first, before anyone asks (``dash serve``'s
    warm-up), so the first visitor does not wait for it; the number of files read."""
    files = [path for path in page_scripts(root) if path.is_file()]
    for path in files:
        static_file(path)
    return len(files)


def _refused(params: str) -> bool:
    """Whether an Accept-Encoding entry's parameters say "not this one" (q=0); a malformed weight
    counts as a refusal, so nothing is sent that the browser may not read."""
    if not params.startswith("q="):
        return False
    try:
        return float(params[2:]) <= 0
    except ValueError:
        return True


def _accepts_gzip(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name.lower() == b"accept-encoding":
            for coding in value.decode("latin-1").lower().replace(" ", "").split(","):
                token, _, params = coding.partition(";")
                if token in ("gzip", "*") and not _refused(params):
                    return True
    return False


class StaticFromMemory:
    """ASGI middleware serving Streamlit's own ``/static/`` files from memory, gzipped.

    Streamlit's file handler reads each file in 64 KB pieces on worker threads, and a fresh browser
    asks for sixty of them before the page can start, six at a time: on a busy two-core machine they
    arrived over most of a second. Streamlit also sends them uncompressed (7 MB with Plotly's, 2 MB
    gzipped), rightly for a server that would compress them again on every request. The files never
    change while the server runs (their names carry their content's hash), so here each is read and
    compressed once, then sent in one piece. Only names found in Streamlit's static folder when the
    server starts are served (so no path from a request ever reaches the file system); anything else
    goes on to Streamlit untouched."""

    def __init__(self, app, root: Path = STATIC_ROOT, prefix: str = "/static/") -> None:
        self.app = app
        self.prefix = prefix
        folder = root / "static"
        self.files = {"/".join(p.relative_to(folder).parts): p for p in folder.rglob("*") if p.is_file()}

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        name = path[len(self.prefix):] if path.startswith(self.prefix) else None
        if name not in self.files or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        file = static_file(self.files[name])
        headers = [(b"content-type", file.content_type),
                   (b"cache-control", f"public, immutable, max-age={_MAX_AGE}".encode())]
        body = file.body
        if file.gzipped is not None:
            headers.append((b"vary", b"Accept-Encoding"))
            if _accepts_gzip(scope.get("headers", [])):
                body = file.gzipped
                headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def dashboard_app(script: Path, elements: Iterable[str] = PRELOADED_ELEMENTS) -> streamlit.App:
    """The dashboard whose frame is ``script``, its page preloading ``elements``' scripts and
    Streamlit's files served from memory."""
    from starlette.middleware import Middleware

    return streamlit.App(script, middleware=[Middleware(PreloadMiddleware, chunks=element_chunks(elements)),
                                             Middleware(StaticFromMemory)])
