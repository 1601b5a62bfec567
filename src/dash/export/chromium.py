"""Finding Debian's Chromium, which renders chart images (kaleido) and drives the browser tests.

The flags keep it from reaching for the network: this machine has none, and the app fetches
nothing at run time.
"""

from __future__ import annotations

import os
import shutil

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    """``BROWSER_PATH``, else Debian's chromium on the path."""
    return os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
