"""The command line in a fresh process, as a person runs it: optionally killed at a step of a write
(``DASH_CRASH_AT``, see ``dash.store.faults``) or stopped by a file-size limit standing in for a full
disk. A test that does either is marked ``faults`` (tests/conftest.py refuses it otherwise)."""

from __future__ import annotations

import os
import subprocess
import sys


def run_cli(
    *args: str,
    crash_at: str | None = None,
    file_size_limit: int | None = None,
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DASH_CRASH_AT"}
    if crash_at:
        env["DASH_CRASH_AT"] = crash_at

    # The file-size limit is set by the child itself, before it runs the command: a preexec_fn would
    # run Python in a forked copy of this process, which can crash when other threads are alive (an
    # AppTest's, or the chart-image renderer's, left by earlier tests).
    start = ("import resource, runpy, sys\n"
             f"resource.setrlimit(resource.RLIMIT_FSIZE, ({file_size_limit}, {file_size_limit}))\n"
             "sys.argv = ['dash', *sys.argv[1:]]\n"
             "runpy.run_module('dash', run_name='__main__', alter_sys=True)\n")
    command = [sys.executable, "-c", start, *args] if file_size_limit is not None else [
        sys.executable, "-m", "dash", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
