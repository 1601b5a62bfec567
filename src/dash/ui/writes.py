"""The pages' side of every write: sign it, hand it to the write service, keep what it said.

Every write is signed with the visitor's identity (``dash.ui.identity``): the signed-in person, or
the person at this machine when no sign-in is set up; the service checks their role itself.

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

from dash import safe
from dash.paths import store_target
from dash.ui.identity import visitor
from dash.write import service
from dash.write.access import Person
from dash.write.service import Outcome
from dash.write.worker import run_write

NOT_SIGNED_IN = "Sign in to make changes: nothing was changed."


def _run(outcome_key: str, write: Callable[[Person], Outcome], toast: bool = False) -> None:
    """Write as the visitor, keep the outcome for the page to show once, and rerun the whole page
    (a fragment too). Someone who cannot write at all is told so without asking the service."""
    signer = visitor().person
    st.session_state[outcome_key] = Outcome(False, NOT_SIGNED_IN) if signer is None else write(signer)
    st.session_state[f"{outcome_key}_tried"] = True
    if toast:
        st.session_state[f"{outcome_key}_toast"] = True
    st.rerun()


def tried(outcome_key: str) -> bool:
    """Whether this session has made (or tried) this write: its form stays open from then on, since an
    expander whose ``expanded`` argument changes is drawn afresh, closed."""
    return bool(st.session_state.get(f"{outcome_key}_tried"))


DAY_FIRST_BOX = "Dates in this file are written day first (31/12/2024)"
DAY_FIRST_KEY = "grants_day_first"
_UNTICK_DAY_FIRST = "grants_day_first_untick"


def day_first_box() -> bool:
    """The import form's day-first box, unticked again once a file has been imported with it: the
    choice belongs to that file, and the next file a foundation imports is most likely written the
    standard's way. (A widget's value may only be set before it is drawn, hence the flag.)"""
    if st.session_state.pop(_UNTICK_DAY_FIRST, False):
        st.session_state[DAY_FIRST_KEY] = False
    return st.checkbox(DAY_FIRST_BOX, key=DAY_FIRST_KEY,
                       help="The standard wants dates as 2024-12-31. Tick this only if the file writes them "
                       "day first, as British dates are: 05/06/2014 is then read as 5 June 2014. The choice "
                       "is kept on the import and shown with it.")


def import_grants(upload, outcome_key: str, *, day_first: bool = False) -> None:
    """Import a 360Giving file; ``day_first``: the editor ticked ``DAY_FIRST_BOX`` (recorded on the
    import). A file refused for dates written day first says that the box exists."""
    raw = upload.getvalue()

    def write(signer: Person) -> Outcome:
        outcome = service.offering_day_first(
            run_write(service.import_grants, len(raw), raw, upload.name, by=signer, store=store_target(),
                      day_first=day_first), f"'{DAY_FIRST_BOX}' ticked")
        st.session_state[_UNTICK_DAY_FIRST] = outcome.ok
        return outcome

    _run(outcome_key, write)


def import_write_up(upload, outcome_key: str, *, title: str | None, held_on: dt.date | None,
                    locality: str | None) -> None:
    raw = upload.getvalue()
    _run(outcome_key, lambda signer: run_write(service.import_write_up, len(raw), raw, upload.name,
                                               by=signer, store=store_target(), title=title,
                                               held_on=held_on, locality=locality))


def decide(insight_id: str, theme_id: str, action: str, outcome_key: str, *, settles: bool = False) -> None:
    _run(outcome_key, lambda signer: service.decide(insight_id, theme_id, action, by=signer, settles=settles))


def save_record(table: str, record_id: str | None, cells: dict[str, str], outcome_key: str) -> None:
    """An editor adds a record or corrects some of its fields (the record forms)."""
    _run(outcome_key, lambda signer: service.save_record(table, record_id, cells, by=signer,
                                                         store=store_target()))


def confirm_mention(meeting_id: str, position: int, table: str, record_id: str | None,
                    cells: dict[str, str], outcome_key: str, *, new_organisation: str | None = None,
                    also_confirms: tuple[int, ...] = (), place: str | None = None) -> None:
    """An editor confirms what a write-up mentions (the Meetings page): the record and the mention's
    confirmation in one write. Its outcome is also shown once as a toast, in sight wherever the
    page has scrolled to."""
    _run(outcome_key, lambda signer: service.confirm_mention(
        meeting_id, position, table, record_id, cells, by=signer, store=store_target(),
        new_organisation=new_organisation, also_confirms=also_confirms, place=place), toast=True)


def toast_once(outcome_key: str, short: str | None = None) -> None:
    """The toast a write asked for (``_run(toast=True)``), shown on the run after it, once: ``short``
    (a toast has room for a line), else the outcome's sentence."""
    if st.session_state.pop(f"{outcome_key}_toast", False):
        outcome = st.session_state.get(outcome_key)
        if outcome is not None:
            st.toast(safe.markdown(short or outcome.message), icon=":material/check_circle:" if outcome.ok
                     else ":material/error:", duration="long")


def retire_record(table: str, record_id: str, outcome_key: str, back: bool = False) -> None:
    _run(outcome_key, lambda signer: service.retire_record(table, record_id, by=signer, store=store_target(),
                                                           back=back))


def remove_import(what: str, import_id: str, outcome_key: str) -> None:
    _run(outcome_key, lambda signer: service.remove_import(what, import_id, by=signer, store=store_target()))


def remove_record(table: str, record_id: str, outcome_key: str) -> None:
    _run(outcome_key, lambda signer: service.remove_record(table, record_id, by=signer, store=store_target()))


def undo(entry: int, outcome_key: str) -> None:
    """Undo a change to a record (the Activity page)."""
    _run(outcome_key, lambda signer: service.undo(entry, by=signer, store=store_target()))


def set_role(pattern: str, role: str | None, outcome_key: str) -> None:
    """An admin gives an address or domain a role, or takes it away (People page)."""
    _run(outcome_key, lambda signer: service.set_role(pattern, role, by=signer, store=store_target()))
