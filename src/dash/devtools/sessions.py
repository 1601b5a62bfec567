"""Many trustees at once, each a lightweight Streamlit client: the browser's protocol without a browser.

A browser session is one WebSocket (``/_stcore/stream``) carrying Streamlit's protobuf messages: the
client asks for a run (the page, the link's query string, its widgets' values) and the server sends
the page's elements, then "script finished". This client speaks the same protocol through the
balancer, carrying the balancer's sticky cookie as a browser does, so thirty of them cost a few
megabytes and a little CPU where thirty Chromium pages would need more than two cores have. What a
person would see is read from the elements: text, headline figures, and any error or exception.

Like the browser, a session whose connection drops (its replica killed) connects again through the
balancer with the same cookie and asks for its page again with the link it holds, which carries its
filter; the balancer sends it to a replica that is up. For developers, the benchmark's concurrent
sessions and the deployment test; never imported by the app. Streamlit publishes no client, so the
messages are its own protobuf classes (``streamlit.proto``): the one place outside
``ui/legacy_pages.py`` that leans on a module Streamlit does not document
(tests/catalogue/test_cache.py holds it there).
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

COOKIE = "DASHREPLICA"  # the balancer's sticky cookie (deploy/haproxy.cfg.template)
RUN_SECONDS = 60.0  # a page run that has not finished by then counts as failed


class RunFailed(Exception):
    """A page run a person would have seen go wrong: an error shown, or no page at all."""


@dataclass
class Run:
    """What one page run showed, and how long it took from asking to the page being complete."""

    page: str
    seconds: float
    texts: list[str]
    errors: list[str]
    replica: str | None
    reconnected: bool = False


@dataclass
class SessionLog:
    runs: list[Run] = field(default_factory=list)
    reconnects: int = 0
    failures: list[str] = field(default_factory=list)


def _element_texts(message: ForwardMsg, texts: list[str], errors: list[str], widgets: dict) -> None:
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "markdown":
        texts.append(element.markdown.body)
    elif kind == "metric":
        texts.append(f"{element.metric.label}: {element.metric.body}")
    elif kind == "alert":
        texts.append(element.alert.body)
        if element.alert.format == Alert.ERROR:
            errors.append(element.alert.body)
    elif kind == "exception":
        errors.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "multiselect":
        widgets[element.multiselect.label] = (element.multiselect.id, list(element.multiselect.options))


class TrusteeSession:
    """One person's browser tab on the dashboard, through ``base`` (the balancer's address)."""

    def __init__(self, base: str, page: str = "", query: str = "") -> None:
        self.base = base.rstrip("/")
        self.page, self.query = page, query
        self.cookie: str | None = None  # the balancer's choice of replica, as the browser keeps it
        self.session_id: str | None = None
        self.widgets: dict[str, tuple[str, list[str]]] = {}  # label: (id, options), as last drawn
        self.chosen: dict[str, list[str]] = {}  # label: options chosen, sent with every run as a browser does
        self._socket = None
        self.log = SessionLog()

    async def _open(self) -> None:
        from websockets.asyncio.client import connect

        if self.cookie is None:  # the page itself first, as a browser fetches it: the balancer's cookie
            self.cookie = await asyncio.to_thread(self._first_page)
        host = urlsplit(self.base).netloc
        headers = {"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {}
        # Streamlit reads its tokens from the subprotocol list: "streamlit", an XSRF token, the session
        # to resume (a replica that never had it starts a new one, as after a fail-over).
        offered = ["streamlit", "x", self.session_id] if self.session_id else ["streamlit"]
        self._socket = await connect(f"ws://{host}/_stcore/stream", additional_headers=headers,
                                     subprotocols=offered, origin=self.base, max_size=None,
                                     open_timeout=20, ping_interval=None)
        for header in self._socket.response.headers.get_all("Set-Cookie"):  # the balancer chose anew
            morsel = SimpleCookie(header).get(COOKIE)
            if morsel is not None:
                self.cookie = morsel.value

    def _first_page(self) -> str | None:
        import urllib.request

        with urllib.request.urlopen(f"{self.base}/{self.page}", timeout=20) as answer:
            answer.read()
            for header in answer.headers.get_all("Set-Cookie") or []:
                morsel = SimpleCookie(header).get(COOKIE)
                if morsel is not None:
                    return morsel.value
        return None

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def run(self, page: str | None = None, widget: tuple[str, list[str]] | None = None) -> Run:
        """Ask for ``page`` (default: the one open), optionally with a multiselect's new choice (its
        label and the options chosen); wait for the page to be complete. A dropped connection is
        reopened and the run asked for again, as the browser does."""
        if page is not None:
            self.page = page
        if widget is not None:
            self.chosen[widget[0]] = widget[1]
        reconnected = False
        for attempt in range(4):
            try:
                if self._socket is None:
                    await self._open()
                run = await asyncio.wait_for(self._one_run(), RUN_SECONDS)
                run.reconnected = reconnected
                self.log.runs.append(run)
                if run.errors:
                    self.log.failures.append(f"{self.page or 'overview'}: {run.errors[0]}")
                return run
            except (TimeoutError, OSError, EOFError, ConnectionError) as error:
                failure = error
            except Exception as error:  # websockets' ConnectionClosed and its kin
                if type(error).__module__.split(".")[0] != "websockets":
                    raise
                failure = error
            await self.close()
            reconnected = True
            self.log.reconnects += 1
            self.widgets.clear()  # a new session: its widgets are drawn afresh from the link
            await asyncio.sleep(0.5 * (attempt + 1))  # the browser's back-off, roughly
        self.log.failures.append(f"{self.page or 'overview'}: no page after 4 tries ({failure!r})")
        raise RunFailed(self.log.failures[-1])

    async def _one_run(self) -> Run:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        for label, values in self.chosen.items():
            if label in self.widgets:  # a replica that never drew it (after a fail-over) reads the link
                chosen = WidgetState(id=self.widgets[label][0])
                chosen.string_array_value.data.extend(values)
                state.widget_states.widgets.append(chosen)
        started = time.perf_counter()
        await self._socket.send(back.SerializeToString())
        texts: list[str] = []
        errors: list[str] = []
        widgets: dict[str, tuple[str, list[str]]] = {}
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self._socket.recv())
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.session_id = message.new_session.initialize.session_id or self.session_id
            elif kind == "delta":
                _element_texts(message, texts, errors, widgets)
            elif kind == "page_info_changed":  # the link in the address bar, filter included
                self.query = message.page_info_changed.query_string
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    errors.append(f"the page's run ended with {ForwardMsg.ScriptFinishedStatus.Name(status)}")
                break
        self.widgets.update(widgets)
        return Run(self.page or "overview", time.perf_counter() - started, texts, errors, self.cookie)

    async def change_area(self, rng: random.Random) -> Run:
        """Pick another area in the sidebar's filter, as a trustee would."""
        if "Area" not in self.widgets:
            return await self.run()
        options = self.widgets["Area"][1]
        return await self.run(widget=("Area", [rng.choice(options)] if rng.random() < 0.85 else []))


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0.95 for p95), nearest rank; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]
