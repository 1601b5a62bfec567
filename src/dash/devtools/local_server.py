"""Starting the app and finding Chromium on this machine, for the browser tests and `bench --browser`.

Playwright never downloads a browser here: it drives Debian's chromium, with the
flags that keep it from reaching for the network. Waits use the app's health
endpoint, never fixed sleeps.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dash.paths import PROJECT_ROOT


@dataclass(frozen=True)
class RunningApp:
    url: str
    pid: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_app(store: Path, timeout: float = 60, *, port: int | None = None,
                env: dict[str, str] | None = None, warm_up: bool = True) -> Iterator[RunningApp]:
    """The dashboard (``python -m dash serve``, as ``make run``) on ``store`` on ``port`` (by default a
    free one) of 127.0.0.1, with ``env`` added to its environment, until the block ends. Without
    ``warm_up`` it prepares no page as it starts (``serve --no-warm-up``): what a test that opens a few
    pages wants, where the benchmark measures the server as ``make run`` starts it."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "dash", "serve", "--port", str(port), "--address", "127.0.0.1",
             *([] if warm_up else ["--no-warm-up"])],
            cwd=PROJECT_ROOT, env={**os.environ, "DASH_DB": str(store), **(env or {})},
            stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"streamlit exited early:\n{log.read()}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise TimeoutError("streamlit did not become healthy") from None
                    time.sleep(0.1)
            yield RunningApp(url, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
