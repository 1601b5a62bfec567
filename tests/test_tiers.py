"""The tiers' guard knows a browser, LibreOffice and a write meant to die when a test starts one."""

from __future__ import annotations

import sys
from pathlib import Path

from dash.export.chromium import CHROMIUM_FLAGS
from tests.support.tiers import tier_of_process

PLAYWRIGHT_DRIVER = Path(sys.prefix) / "lib" / "python3.11" / "site-packages" / "playwright" / "driver"


def test_chromium_and_playwright_are_the_browser_tier():
    assert tier_of_process(["/usr/bin/chromium", *CHROMIUM_FLAGS, "--print-to-pdf=x.pdf"]) == "browser"
    assert tier_of_process([str(PLAYWRIGHT_DRIVER / "node"), "cli.js", "run-driver"]) == "browser"
    assert tier_of_process("chromium --headless") == "browser"


def test_libreoffice_is_the_office_tier():
    assert tier_of_process(["soffice", "--headless", "--convert-to", "pdf", "deck.pptx"]) == "office"


def test_haproxy_is_the_deploy_tier():
    assert tier_of_process(["/usr/sbin/haproxy", "-db", "-f", "haproxy.cfg"]) == "deploy"
    assert tier_of_process(["haproxy", "-c", "-q", "-f", "haproxy.cfg"]) == "deploy"


def test_a_write_meant_to_die_or_meet_a_full_disk_is_the_faults_tier():
    command = [sys.executable, "-m", "dash", "import-360", "g.csv"]
    assert tier_of_process(command, {"DASH_CRASH_AT": "rename"}) == "faults"
    limited = [sys.executable, "-c", "import resource\nresource.setrlimit(resource.RLIMIT_FSIZE, (1, 1))"]
    assert tier_of_process(limited) == "faults"


def test_any_other_process_is_the_fast_tier():
    assert tier_of_process([sys.executable, "-m", "dash", "check"], {"PATH": "/usr/bin"}) is None
    assert tier_of_process(["pdftotext", "-layout", "pack.pdf", "-"]) is None
