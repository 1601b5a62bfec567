"""Finding Debian's Chromium, which renders chart images (kaleido) and drives the browser tests.

The flags keep it from reaching for the network: this machine has none, and the app fetches
nothing at run time.
"""

from __future__ import annotations

import functools
import os
import shutil

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    """``BROWSER_PATH``, else Debian's chromium on the path."""
    return os.environ.get("BROWSER_PATH") or _on_the_path()


@functools.cache
def _on_the_path() -> str | None:
    """Looked up once a process: every chart asks (for its image downloads) on every rerun, and
    searching the path each time was a dozen file lookups a chart, on every rerun, in every session."""
    return shutil.which("chromium") or shutil.which("chromium-browser")
