"""The web layer around Streamlit: the page names Plotly's script for the browser to fetch at once,
and Streamlit's own files are served from memory (dash.web)."""

from __future__ import annotations

import gzip
from pathlib import Path

from dash import web
from tests.support.aio import run_in_own_thread

PAGE = (b'<!DOCTYPE html><html><head><title>Streamlit</title>'
        b'<link rel="modulepreload" crossorigin href="./static/js/shared.B2.js"></head><body></body></html>')


def _bundle(folder: Path) -> Path:
    """A small bundle as Streamlit's build writes it: one script per kind of element, hashed names."""
    js = folder / "static" / "js"
    js.mkdir(parents=True)
    plotly = 'import{a}from"./shared.B2.js";import"./wrapper.C3.js";var x=1;' + "/* drawing */" * 200
    (js / "PlotlyChart.Ab_1-x.js").write_text(plotly)
    (js / "shared.B2.js").write_text("export const a=1;")
    (js / "wrapper.C3.js").write_text('import{b}from"./deeper.D4.js";export const w=2;')
    (js / "deeper.D4.js").write_text("export const b=3;")
    (js / "Multiselect.E5.js").write_text("export const m=4;")
    return js


def _run(app, method: str = "GET", path: str = "/", headers: tuple = ()) -> tuple[dict, bytes]:
    """One request through an ASGI app: the response's start message and its whole body."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": list(headers)}
    run_in_own_thread(app(scope, receive, send))
    return sent[0], b"".join(m.get("body", b"") for m in sent[1:])


def _answering(status: int, content_type: bytes, parts: list[bytes], extra: tuple = ()):
    """An inner app answering every request with ``parts`` (sent as separate pieces)."""
    seen: list[dict] = []

    async def app(scope, receive, send):
        seen.append(scope)
        length = str(sum(map(len, parts))).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type), (b"content-length", length),
                                (b"etag", b'"abc"'), *extra]})
        for number, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": number < len(parts) - 1})

    app.seen = seen
    return app


def _headers(start: dict) -> dict[bytes, bytes]:
    return dict(start["headers"])


def test_the_chart_script_and_everything_it_imports_are_found_by_element_name(tmp_path):
    js = _bundle(tmp_path)
    chunks = web.element_chunks(["PlotlyChart"], js)
    assert chunks[0] == "PlotlyChart.Ab_1-x.js"
    assert set(chunks) == {"PlotlyChart.Ab_1-x.js", "shared.B2.js", "wrapper.C3.js", "deeper.D4.js"}


def test_streamlit_s_own_bundle_has_the_plotly_chart_script():
    chunks = web.element_chunks(web.PRELOADED_ELEMENTS)
    assert chunks[0].startswith("PlotlyChart.") and (web.STATIC_JS / chunks[0]).is_file()
    assert all((web.STATIC_JS / name).is_file() for name in chunks)


def test_the_page_gains_a_preload_for_each_script_it_does_not_already_name():
    page = web.add_preloads(PAGE, ["PlotlyChart.Ab_1-x.js", "shared.B2.js", "wrapper.C3.js"])
    head = page[: page.index(b"</head>")]
    assert b'<link rel="modulepreload" crossorigin href="./static/js/PlotlyChart.Ab_1-x.js">' in head
    assert b"./static/js/wrapper.C3.js" in head
    assert page.count(b"shared.B2.js") == 1  # already preloaded by Streamlit's own page
    assert page.endswith(b"<body></body></html>")
    assert web.add_preloads(b"<html>no head</html>", ["PlotlyChart.Ab_1-x.js"]) == b"<html>no head</html>"


def test_a_page_sent_in_pieces_is_rewritten_whole_with_its_length_and_no_stale_validators():
    inner = _answering(200, b"text/html; charset=utf-8", [PAGE[:40], PAGE[40:90], PAGE[90:]],
                       extra=((b"last-modified", b"Mon, 01 Dec 2026 00:00:00 GMT"),))
    start, body = _run(web.PreloadMiddleware(inner, ["PlotlyChart.Ab_1-x.js"]), path="/funds")
    headers = _headers(start)
    assert b"./static/js/PlotlyChart.Ab_1-x.js" in body
    assert int(headers[b"content-length"]) == len(body)
    assert b"etag" not in headers and b"last-modified" not in headers


def test_a_compressed_page_stays_compressed_and_carries_the_preload():
    inner = _answering(200, b"text/html", [gzip.compress(PAGE)], extra=((b"content-encoding", b"gzip"),))
    start, body = _run(web.PreloadMiddleware(inner, ["PlotlyChart.Ab_1-x.js"]), path="/funds")
    assert _headers(start)[b"content-encoding"] == b"gzip"
    assert b"PlotlyChart.Ab_1-x.js" in gzip.decompress(body)


def test_scripts_unchanged_pages_and_head_requests_pass_through_untouched():
    script = b'import"./x.js";</head>'
    start, body = _run(web.PreloadMiddleware(_answering(200, b"text/javascript", [script]), ["P.1.js"]))
    assert body == script and _headers(start)[b"etag"] == b'"abc"'
    start, body = _run(web.PreloadMiddleware(_answering(304, b"text/html", [b""]), ["P.1.js"]))
    assert start["status"] == 304 and body == b""
    head_request = web.PreloadMiddleware(_answering(200, b"text/html", [PAGE]), ["P.1.js"])
    start, body = _run(head_request, method="HEAD")
    assert body == b"" and b"content-length" not in _headers(start)


def test_streamlit_s_files_are_read_once_and_served_from_memory(tmp_path):
    js = _bundle(tmp_path)
    inner = _answering(404, b"text/plain", [b"not here"])
    app = web.StaticFromMemory(inner, root=tmp_path)
    start, body = _run(app, path="/static/js/PlotlyChart.Ab_1-x.js")
    headers = _headers(start)
    assert start["status"] == 200 and body.startswith(b'import{a}from"./shared.B2.js"')
    assert headers[b"content-type"].startswith(b"text/javascript")
    assert headers[b"cache-control"] == b"public, immutable, max-age=31536000"
    assert int(headers[b"content-length"]) == len(body)
    (js / "PlotlyChart.Ab_1-x.js").write_text("changed")  # never happens while serving: names carry a hash
    assert _run(app, path="/static/js/PlotlyChart.Ab_1-x.js")[1] == body
    assert inner.seen == []


def test_anything_but_a_file_of_streamlit_s_folder_goes_on_to_streamlit(tmp_path):
    _bundle(tmp_path)
    (tmp_path / "secret.txt").write_text("outside the static folder")
    inner = _answering(404, b"text/plain", [b"not here"])
    app = web.StaticFromMemory(inner, root=tmp_path)
    for path in ("/static/js/missing.js", "/static/../secret.txt", "/static/js/../../secret.txt",
                 "/static/js", "/funds", "/static/"):
        start, body = _run(app, path=path)
        assert start["status"] == 404 and body == b"not here", path
    assert _run(app, method="POST", path="/static/js/shared.B2.js")[0]["status"] == 404
    assert len(inner.seen) == 7


PLOTLY = "/static/js/PlotlyChart.Ab_1-x.js"


def test_a_browser_that_takes_gzip_gets_the_compressed_copy_and_others_the_file(tmp_path):
    _bundle(tmp_path)
    app = web.StaticFromMemory(_answering(404, b"text/plain", [b""]), root=tmp_path)
    plain_start, plain = _run(app, path=PLOTLY)
    assert b"content-encoding" not in _headers(plain_start)
    for accepted in (b"gzip, deflate, br, zstd", b"br;q=1.0, gzip;q=0.8", b"*"):
        start, body = _run(app, path=PLOTLY, headers=((b"accept-encoding", accepted),))
        headers = _headers(start)
        assert headers[b"content-encoding"] == b"gzip" and headers[b"vary"] == b"Accept-Encoding", accepted
        assert gzip.decompress(body) == plain and len(body) < len(plain)
        assert int(headers[b"content-length"]) == len(body)
    for refused in (b"gzip;q=0", b"identity", b"gzip;q=nonsense"):
        start, body = _run(app, path=PLOTLY, headers=((b"accept-encoding", refused),))
        assert b"content-encoding" not in _headers(start) and body == plain, refused
    small_start, _ = _run(app, path="/static/js/shared.B2.js", headers=((b"accept-encoding", b"gzip"),))
    assert b"content-encoding" not in _headers(small_start)  # too small to gain from it


def test_the_warm_up_reads_what_a_fresh_browser_fetches_first(tmp_path):
    js = _bundle(tmp_path)
    (tmp_path / "index.html").write_text(
        '<head><script type="module" src="./static/js/shared.B2.js"></script></head>')
    assert web.warm_static(tmp_path) == 4  # the page's script, and Plotly's with the three it imports
    web.static_file.cache_clear()
    (js / "deeper.D4.js").unlink()
    assert web.warm_static(tmp_path) == 3  # a file gone is skipped, and what imports it is still read
