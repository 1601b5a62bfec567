"""The pages' side of every write: sign it, hand it to the write service, keep what it said.

A large upload is read and checked in a worker process (``dash.write.worker``), so other sessions
keep their speed. Pages call these from their buttons and show the outcome with
``components.show_outcome``; no page calls an importer or the store's writer, nor catches an error
of its own. A successful
write reruns the page, so that every chart, cached per store version, includes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from dash.paths import store_target
from dash.write import service
from dash.write.service import Outcome
from dash.write.worker import run_write


def signer() -> str:
    """Who the write is recorded as: the person at this machine (sign-in replaces this)."""
    return service.local_user()


def _run(outcome_key: str, write: Callable[[], Outcome]) -> None:
    """Write, keep the outcome for the page to show once, and rerun the whole page (a fragment too)."""
    st.session_state[outcome_key] = write()
    st.session_state[f"{outcome_key}_tried"] = True
    st.rerun()


def tried(outcome_key: str) -> bool:
    """Whether this session has made (or tried) this write: its form stays open from then on, since an
    expander whose ``expanded`` argument changes is drawn afresh, closed."""
    return bool(st.session_state.get(f"{outcome_key}_tried"))


def import_grants(upload, outcome_key: str) -> None:
    raw = upload.getvalue()
    _run(outcome_key, lambda: run_write(service.import_grants, len(raw), raw, upload.name, by=signer(),
                                        store=store_target()))


def import_write_up(upload, outcome_key: str, *, title: str | None, held_on: dt.date | None,
                    locality: str | None) -> None:
    raw = upload.getvalue()
    _run(outcome_key, lambda: run_write(service.import_write_up, len(raw), raw, upload.name, by=signer(),
                                        store=store_target(), title=title, held_on=held_on,
                                        locality=locality))


def decide(insight_id: str, theme_id: str, action: str, reviewer: str, outcome_key: str) -> None:
    _run(outcome_key, lambda: service.decide(insight_id, theme_id, action, by=reviewer))
