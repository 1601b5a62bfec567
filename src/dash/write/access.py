"""Who may write: the person behind each write, their role, and the check every write makes.

Three ways a writer is known, each recorded with the write:

- ``sign-in``: someone signed in through the dashboard's OpenID Connect provider (``st.login``).
  Their role comes from the store's ``roles`` table (an address, or its whole domain), or from
  the admins named in the configuration; anyone else signed in is a viewer.
- ``this machine``: the person at the computer running ``make run`` with no sign-in set up, and
  the dashboard served to 127.0.0.1 only: an editor, recorded as the operating-system user.
- ``command line``: ``python -m dash …``, run by whoever looks after the files (``--by`` or the
  operating-system user): an admin, since they can change the files themselves anyway.

The page decides who is asking; this module decides what they may do, so a call the page should
never have made (a forged button press, a widget shown by mistake) is refused here all the same.
The configuration is the file Streamlit reads its sign-in from, ``.streamlit/secrets.toml`` (or
the file named by ``DASH_SECRETS``): its ``[auth]`` section turns sign-in on, and
``[access] admins`` names the first admins.
"""

from __future__ import annotations

import getpass
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from dash.errors import UserError
from dash.ingest import limits
from dash.ingest.text import clean
from dash.paths import secrets_file
from dash.queries import writes
from dash.safe import visible

ROLES = ("viewer", "editor", "admin")  # each can do all the one before it can
Role = Literal["viewer", "editor", "admin"]
Via = Literal["sign-in", "this machine", "command line"]

# An address ('ada@example.org') or a whole domain ('@example.org'); lower case once read.
_ADDRESS = re.compile(r"^[a-z0-9._%+'-]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$")
_DOMAIN = re.compile(r"^@[a-z0-9-]+(\.[a-z0-9-]+)+$")


class NotAllowed(UserError):
    """The person asking may not make this change: said in a sentence that tells them what to do."""


@dataclass(frozen=True)
class Person:
    """Who is making a write, as the journal and the Activity page record them."""

    name: str
    via: Via
    email: str | None = None

    @classmethod
    def operator(cls, name: str | None = None) -> Person:
        """Whoever runs ``python -m dash`` (``--by NAME``, else the operating-system user)."""
        return cls(name or local_user(), "command line")

    @classmethod
    def at_this_machine(cls) -> Person:
        """The person at the computer serving ``make run`` on 127.0.0.1 with no sign-in set up."""
        return cls(local_user(), "this machine")

    @classmethod
    def signed_in(cls, email: str, name: str | None = None) -> Person:
        return cls(name or email, "sign-in", email.strip().lower())

    @property
    def shown(self) -> str:
        """The person as a page names them: 'Ada Lovelace (ada@example.org)'."""
        return f"{self.name} ({self.email})" if self.email and self.email != self.name else self.name

    def signature(self) -> dict[str, str | None]:
        """The fields a journal entry records about its writer."""
        return {"written_by": self.name, "email": self.email, "via": self.via}


def local_user() -> str:
    """Who is at this machine, for writes made without sign-in (the CLI, or `make run` on loopback)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local user"


@dataclass(frozen=True)
class Settings:
    """What the configuration says about sign-in: whether it is set up, its providers, the first admins."""

    sign_in: bool = False
    providers: tuple[str | None, ...] = ()  # None is the one unnamed provider of a flat [auth] section
    admins: tuple[str, ...] = ()
    path: Path | None = None


def load_settings(path: Path | None = None) -> Settings:
    """Read the sign-in configuration; no file means no sign-in (the two-command default)."""
    path = path or secrets_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(path=path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UserError(f"The sign-in configuration {path} cannot be read ({error}); mend it and "
                        "restart the dashboard.") from None
    auth = data.get("auth") if isinstance(data.get("auth"), dict) else {}
    providers: list[str | None] = [None] if "client_id" in auth else []
    providers += [name for name, section in auth.items()
                  if isinstance(section, dict) and "client_id" in section]
    access = data.get("access") if isinstance(data.get("access"), dict) else {}
    admins = access.get("admins", [])
    if isinstance(admins, str):
        admins = [admins]
    wanted = []
    for admin in admins if isinstance(admins, list) else []:
        try:
            wanted.append(role_pattern(str(admin)))
        except UserError as error:
            raise UserError(f"[access] admins in {path}: {error}") from None
    return Settings(bool(providers), tuple(providers), tuple(wanted), path)


def role_pattern(text: str) -> str:
    """An address or '@domain' as the roles table keeps it (lower case), or a sentence saying why not."""
    pattern = clean(text or "").strip().lower()
    if len(pattern) > limits.NAME_CHARS:
        raise UserError(f"An address is at most {limits.NAME_CHARS} characters.")
    if _ADDRESS.match(pattern) or _DOMAIN.match(pattern):
        return pattern
    raise UserError(f"'{visible(pattern, 80)}' is neither an e-mail address (ada@example.org) nor a whole "
                    "domain written with its @ (@example.org).")


def a_role(role: str) -> str:
    """'an editor', 'an admin', 'a viewer': for sentences."""
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"


def checked_role(role: str) -> Role:
    if role not in ROLES:
        raise UserError(f"'{str(role)[:40]}' is not a role: say viewer, editor or admin.")
    return role  # type: ignore[return-value]


def role_of(cursor: duckdb.DuckDBPyConnection, email: str | None, settings: Settings) -> Role:
    """A signed-in address's role: the configuration's admins, then its own row, then its domain's."""
    if not email:
        return "viewer"
    email = email.strip().lower()
    domain = "@" + email.rpartition("@")[2]
    if email in settings.admins or domain in settings.admins:
        return "admin"
    return writes.role_given(cursor, email, domain) or "viewer"  # type: ignore[return-value]


def at_least(role: str, needed: Role) -> bool:
    return ROLES.index(role) >= ROLES.index(needed)


def role_for(person: Person, cursor_of, settings: Settings | None = None) -> Role:
    """What ``person`` may do here; ``cursor_of()`` opens the store only when a role must be read."""
    settings = settings or load_settings()
    if person.via == "command line":
        return "admin"
    if person.via == "this machine":
        return "viewer" if settings.sign_in else "editor"
    if not settings.sign_in:  # a sign-in claimed where none is set up is not believed
        return "viewer"
    return role_of(cursor_of(), person.email, settings)


def require(person: Person, needed: Role, cursor_of, settings: Settings | None = None) -> None:
    """Refuse, in a sentence, a write ``person`` may not make (the service calls this before any work)."""
    settings = settings or load_settings()
    if at_least(role_for(person, cursor_of, settings), needed):
        return
    if person.via == "this machine" and settings.sign_in:
        raise NotAllowed("Sign-in is set up for this dashboard: sign in to make changes.")
    if person.via == "sign-in" and not settings.sign_in:
        raise NotAllowed("Sign-in is not set up for this dashboard, so a signed-in change cannot be checked.")
    what = "say who may edit" if needed == "admin" else "make changes"
    raise NotAllowed(f"{person.shown} can read this dashboard but not {what}: ask one of its admins "
                     f"to make you {a_role(needed)}.")
