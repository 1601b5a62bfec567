"""``python -m dash serve``: the dashboard, with its Python warmed up while the browser loads.

``streamlit run app.py`` imports pandas, Plotly, DuckDB and the app's own modules only
when the first browser connects: about a second on a small machine, added to the
trustee's first page. Here a thread does that work as soon as the server starts, while
the browser is still fetching Streamlit's own scripts; it then reads the map's boundaries
and prepares the Overview with no filter, then the pages of the busiest places, for up to
30 seconds (``dash.catalogue.warm_caches``), so most first visits find their charts made.
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import sys
import threading
import time
from pathlib import Path

from dash.errors import UserError
from dash.paths import PROJECT_ROOT, secrets_file

APP = PROJECT_ROOT / "app.py"

# What the frame and the pages import, heaviest first (a module already imported costs nothing).
WARM_MODULES = (
    "pandas", "plotly.graph_objects", "duckdb", "dash.ui.components", "dash.catalogue",
    "dash.export.deck", "dash.write.service", "python_calamine",
    "dash.themes.decisions", "dash.themes.agreement", "dash.themes.evidence",
)


def warm_up(port: int, address: str | None = None, wait_for_server: float = 30.0, *,
            prepare: bool = True) -> None:
    """Once the server is listening: say where it is, then (``prepare``) import, read the boundaries,
    fill the caches.

    Waiting for the server keeps this work from slowing its start (both need Python's lock); the
    browser then spends about a second loading Streamlit's scripts, which is when this runs. Without
    ``prepare`` (``serve --no-warm-up``) each page makes its charts on its first visit instead: about
    five seconds of CPU saved on a server that is started, visited a few times and stopped.
    """
    host = address if address and address not in ("0.0.0.0", "::") else "127.0.0.1"
    deadline = time.monotonic() + wait_for_server
    while True:
        try:
            socket.create_connection((host, port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)
    shown = "localhost" if host == "127.0.0.1" else host
    print(f"The trustee dashboard is at http://{shown}:{port} (Ctrl+C stops it).", flush=True)
    if not prepare:
        return
    from dash.web import warm_static

    warm_static()  # the scripts a fresh browser fetches first, read and compressed before it asks
    for name in WARM_MODULES:
        importlib.import_module(name)
    from dash.catalogue import OVERVIEW_CHARTS, warm_caches
    from dash.geo import district_boundaries

    district_boundaries()
    try:
        warm_caches(OVERVIEW_CHARTS)
    except Exception:  # a head start only: the first visitor's own run meets and shows any problem
        logging.getLogger(__name__).warning("Could not warm the caches", exc_info=True)


def follow(folder: Path, local: Path, interval: float = 1.0) -> None:
    """Make this server a replica of what is published to ``folder``: take the newest version into
    ``local`` now (or keep the copy it has when the folder is out of reach), then look for a new one
    every ``interval`` seconds in a background thread for as long as the server runs."""
    from dash.store.journal import journal_dir
    from dash.store.publish import Follower, NothingPublished, read_manifest, take_newest

    if journal_dir(local).exists():
        raise UserError(f"{local} is a writer's store (it has a journal beside it): give the replica its own "
                        "copy with --db, which each published version replaces.")
    if not Path(folder).is_dir():
        raise UserError(f"There is no published folder {folder} to follow: mount it, or publish to it "
                        "with `python -m dash publish --to` first.")
    try:
        read_manifest(folder)
        take_newest(folder, local)
    except NothingPublished:
        if not local.exists():
            raise
    except UserError as error:  # a damaged version: serve the copy held, if any, until the next one
        if not local.exists():
            raise
        logging.getLogger(__name__).warning("%s Serving the copy already held.", error)
    Follower(folder, local, interval).start()


def publish_changes(store: Path, folder: Path, *, keep: int) -> None:
    """The writer: publish ``store`` to ``folder`` now and whenever it is replaced, in the background."""
    from dash.store.publish import AutoPublisher, publish

    if store.exists():
        publish(store, folder, keep=keep)  # a refusal (no folder, a full disk) stops the start, said once
    AutoPublisher(store, folder, keep=keep).start()


def serve(port: int, address: str | None = None, *, prepare: bool = True) -> None:
    """Run the dashboard until the process is stopped: ``streamlit run app.py``, through Streamlit's
    public ``st.App`` so that its page asks for Plotly's script at once (``dash.web``); ``prepare``
    as ``warm_up`` says."""
    from dash.web import dashboard_app

    threading.Thread(target=warm_up, args=(port, address), kwargs={"prepare": prepare}, name="warm-up",
                     daemon=True).start()
    os.chdir(PROJECT_ROOT)  # Streamlit reads .streamlit/config.toml (theme, no file watcher) from here
    # ``App.run`` takes the script that launched it from argv[0], as ``streamlit run`` takes its file:
    # app.py, so Streamlit reads the config beside it and puts its folder on the path, as it did.
    sys.argv = [str(APP)]
    # Sign-in is read from one file, by Streamlit (st.login) and by the write service (roles) alike.
    options: dict[str, object] = {"server.port": port, "secrets.files": [str(secrets_file())]}
    if address:
        options["server.address"] = address
    dashboard_app(APP).run(config=options)
