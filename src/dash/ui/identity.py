"""Who is looking at the dashboard and what they may do: the pages' side of ``dash.write.access``.

Three ways the dashboard can be served (docs/deployment.md):

- **Sign-in set up** (an ``[auth]`` section in ``.streamlit/secrets.toml``): visitors read; those
  who sign in with ``st.login`` write as far as their role allows.
- **No sign-in, this machine only** (``make run``: 127.0.0.1): the person at the machine is an
  editor, signed as the operating-system user.
- **No sign-in, served to other machines** (``--address 0.0.0.0``, or behind a proxy): read-only,
  said at the top of every page, since nobody could tell who made a change.
- **A replica** (``serve --follow DIR``: its store is a copy of what the writer published): read-only
  whatever else is set up; where a control would edit, one sentence says where editors go
  (``DASH_EDITOR_URL``).

The write service checks the role again for every write: hiding a control here is for the reader's
sake, not the store's.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import streamlit as st

from dash import catalogue, safe
from dash.errors import UserError
from dash.filters import Filters
from dash.paths import editor_address, is_replica_copy, store_target
from dash.write.access import Person, Role, Settings, at_least, load_settings

Mode = Literal["sign-in", "this machine", "read-only", "replica"]
# Headers a proxy adds: a request that came through one came from somewhere other than this machine.
_PROXIED = ("X-Forwarded-For", "Forwarded", "X-Real-Ip", "X-Forwarded-Host")


@dataclass(frozen=True)
class Visitor:
    """The person looking at this page: who their writes are signed as (None: they cannot write)."""

    person: Person | None
    role: Role
    mode: Mode
    settings: Settings
    problem: str | None = None  # the configuration could not be read: said to everyone, read-only

    @property
    def can_edit(self) -> bool:
        return self.person is not None and at_least(self.role, "editor")

    @property
    def is_admin(self) -> bool:
        return self.person is not None and at_least(self.role, "admin")


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def served_to_this_machine_only() -> bool:
    """Whether this visitor can only be the person at the server's own computer."""
    return only_this_machine(st.get_option("server.address"), st.context.headers or {})


def only_this_machine(address: str | None, headers) -> bool:
    """Listening on a loopback address (Streamlit's default, no address, is every network), and the
    request neither passed on by a proxy nor addressed to another name: a proxy on the same computer
    would otherwise make everyone who reaches it the person at the machine."""
    if not _is_loopback(address):
        return False
    if any(headers.get(name) for name in _PROXIED):
        return False
    host = headers.get("Host")
    return host is None or _is_loopback(urlsplit(f"//{host}").hostname)


def signed_in_person() -> Person | None:
    """The person ``st.user`` names, once the provider has signed them in with an address."""
    user = st.user.to_dict()
    if not user.get("is_logged_in"):
        return None
    email = user.get("email")
    if not (isinstance(email, str) and "@" in email):  # Microsoft Entra ID may send only this
        email = user.get("preferred_username")
    if not (isinstance(email, str) and "@" in email) or user.get("email_verified") is False:
        return Person("someone whose provider gave no confirmed e-mail address", "sign-in")
    name = user.get("name")
    return Person.signed_in(email, name if isinstance(name, str) and name.strip() else None)


def visitor() -> Visitor:
    """Who is looking, and what they may do (asked on every run: a role can change between runs)."""
    try:
        settings = load_settings()
    except UserError as error:
        return Visitor(None, "viewer", "read-only", Settings(), str(error))
    if is_replica_copy(store_target()):  # a copy replaced by each published version: never written
        return Visitor(None, "viewer", "replica", settings)
    if settings.sign_in:
        person = signed_in_person()
        if person is None:
            return Visitor(None, "viewer", "sign-in", settings)
        store = store_target()
        role = catalogue.read("role", Filters(), store, catalogue.reader(store).version,
                              email=person.email, admins=settings.admins) if person.email else "viewer"
        return Visitor(person, role, "sign-in", settings)
    if served_to_this_machine_only():
        return Visitor(Person.at_this_machine(), "editor", "this machine", settings)
    return Visitor(None, "viewer", "read-only", settings)


READ_ONLY = ("This dashboard is read-only here: it is served to other computers with no sign-in set up, "
             "so nobody could tell who made a change. To import or review, run it with `make run` on "
             "the computer that holds the data, or set up sign-in (docs/deployment.md).")


def show_banner(visitor: Visitor) -> None:
    """At the top of every page: why nothing can be changed, when that is the case for everyone."""
    if visitor.problem:
        st.error(f"{visitor.problem} Until then the dashboard is read-only.")
    elif visitor.mode == "read-only":
        st.info(READ_ONLY, icon=":material/visibility:")


def sign_in_panel(visitor: Visitor) -> None:
    """In the sidebar: who you are and your role, with Sign in or Sign out."""
    if visitor.mode == "this machine":
        st.caption(f"Editing as **{visitor.person.name}** on this computer (no sign-in set up).")
        return
    if visitor.mode != "sign-in":
        return
    if visitor.person is None:
        for provider in visitor.settings.providers:
            label = "Sign in" if provider is None else f"Sign in with {provider.replace('-', ' ').title()}"
            st.button(label, key=f"sign_in_{provider or 'default'}", width="stretch",
                      on_click=st.login, args=() if provider is None else (provider,))
        st.caption("Anyone can read; sign in to edit.")
        return
    st.caption(f"Signed in as **{safe.markdown(visitor.person.shown)}**: {ROLE_WORDS[visitor.role]}.")
    st.button("Sign out", key="sign_out", on_click=st.logout, width="stretch")


ROLE_WORDS = {"viewer": "you can read; ask an admin to make you an editor",
              "editor": "you can import and review", "admin": "you can edit and say who may"}


def editors_go_to(doing: str) -> str:
    """On a replica, where a control would edit: the one sentence saying where editors ``doing`` it go."""
    address = editor_address()
    if address:
        return f"This copy of the dashboard is read-only: editors {doing} at [{address}]({address})."
    return (f"This copy of the dashboard is read-only: editors {doing} on the editors' copy, whose address "
            "whoever runs the dashboard can give you.")


def _say_once_per_run(sentence: str) -> None:
    """A page with several forms (the Funds page's funds, organisations and sources) says it once: the
    page's context is made afresh for every run, so it marks the run."""
    from dash.ui.frame import page_context

    run = id(page_context())
    if st.session_state.get("_replica_said") != run:
        st.session_state["_replica_said"] = run
        st.caption(sentence)


def may_edit(doing: str) -> bool:
    """Whether to draw a control that writes. When not, says in its place how to be allowed to
    ``doing`` (e.g. "import a 360Giving file"), so a viewer sees "Sign in to edit", not a gap; when
    the whole dashboard is read-only, the banner at the top has said why."""
    who = visitor()
    if who.can_edit:
        return True
    if who.mode == "replica":
        _say_once_per_run(editors_go_to(doing))
    elif who.mode == "sign-in" and who.person is None:
        st.caption(f"Sign in to edit: editors can {doing} here.")
    elif who.mode == "sign-in":
        st.caption(f"Only editors can {doing}: ask one of this dashboard's admins to make you an editor.")
    return False
