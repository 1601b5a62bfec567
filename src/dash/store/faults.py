"""Crash points for the fault-injection tests: with ``DASH_CRASH_AT=<step>`` the writing process
kills itself at that step (SIGKILL, as a power cut or the out-of-memory killer would), so the tests
can check that the next write or build finds the store and the journal agreeing.

A no-op unless the variable is set; the steps are named where they are called.
"""

from __future__ import annotations

import os
import signal

STEPS = ("parse", "payload", "lock", "copy", "journal", "commit", "rename", "promote")


def crash_point(step: str) -> None:
    if os.environ.get("DASH_CRASH_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)
