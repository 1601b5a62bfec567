"""Which tier a process a test starts puts the test in (tests/conftest.py fails a test that starts one
without its marker)."""

from __future__ import annotations

import os

CHROMIUM = frozenset({"chromium", "chromium-browser", "chrome"})
LIBREOFFICE = frozenset({"soffice", "libreoffice"})
HAPROXY = frozenset({"haproxy"})


def tier_of_process(args: object, env: dict[str, str] | None = None) -> str | None:
    """``browser`` for Chromium (or Playwright's driver, which starts it), ``office`` for LibreOffice,
    ``deploy`` for HAProxy (the balanced deployment, tests/deploy/), ``faults`` for a write meant to
    die (``DASH_CRASH_AT``) or to meet a full disk (a file-size limit), else None."""
    words = [os.fspath(a) for a in ([args] if isinstance(args, (str, bytes, os.PathLike)) else args)]
    words = [w.decode() if isinstance(w, bytes) else w for w in words]
    names = {os.path.basename(w.split()[0]) for w in words if w.strip()}
    if names & CHROMIUM or any("playwright" in w for w in words):
        return "browser"
    if names & LIBREOFFICE:
        return "office"
    if names & HAPROXY:
        return "deploy"
    if (env and "DASH_CRASH_AT" in env) or any("RLIMIT_FSIZE" in w for w in words):
        return "faults"
    return None
