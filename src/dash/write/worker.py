"""A worker process for the heavy part of an upload, so the server's other sessions keep their speed.

Reading and checking a 100,000-row file is ten seconds of pure Python. In the server's own process it
holds the interpreter lock that every session's rerun needs: measured, the Funds and Grants pages'
charts went from 170 ms to 650 ms while a page imported (docs/performance.md). In a process of its own
it costs the other sessions nothing but a share of the cores. The worker is a fresh interpreter
(``python -m dash.write.worker``), given the write on standard input and handing back its outcome on
standard output; its log goes to the server's. Not ``multiprocessing``: under Streamlit the main module
is the page script, which a spawned child would run again.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import TypeVar

from dash.errors import log_unexpected, unexpected_message
from dash.paths import PROJECT_ROOT
from dash.write.service import Outcome

R = TypeVar("R")
APART_FROM_BYTES = 1_000_000  # smaller uploads are quicker done here than handed over
TIMEOUT_SECONDS = 900


def run_write(write: Callable[..., Outcome[R]], size: int, /, *args: object, **kwargs: object) -> Outcome[R]:
    """``write(*args, **kwargs)``, in a worker process when the upload is large (``size`` bytes)."""
    if size < APART_FROM_BYTES:
        return write(*args, **kwargs)
    try:
        done = subprocess.run([sys.executable, "-m", "dash.write.worker"], cwd=PROJECT_ROOT,
                              input=pickle.dumps((write, args, kwargs)), stdout=subprocess.PIPE,
                              timeout=TIMEOUT_SECONDS, check=True)
        return pickle.loads(done.stdout)
    except (subprocess.SubprocessError, OSError, pickle.UnpicklingError, EOFError):
        # the worker died (killed, out of memory): the journal's recovery tidies what it left
        reference = log_unexpected("importing a file in the worker process")
        return Outcome(False, unexpected_message("importing the file", reference), reference=reference)


def _serve_one() -> None:
    write, args, kwargs = pickle.loads(sys.stdin.buffer.read())
    outcome = write(*args, **kwargs)  # the service never raises: a fault is an Outcome with a reference
    sys.stdout.buffer.write(pickle.dumps(outcome))


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _serve_one()
