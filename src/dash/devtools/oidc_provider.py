"""A real OpenID Connect provider on 127.0.0.1, for the sign-in tests and for trying sign-in by hand.

Built on ``oidc-provider-mock`` (Authlib's server components on Flask): discovery, an authorisation
page listing the people to sign in as, signed ID tokens, user info and sign-out, as Microsoft Entra
ID or Google would give them, but on this machine and with people of our choosing. Never part of
the app: a development dependency only.

    python -m dash.devtools.oidc_provider   # prints a secrets.toml to sign in against it
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    """Someone the provider can sign in: their address is also their subject."""

    email: str
    name: str


@dataclass(frozen=True)
class RunningProvider:
    issuer: str

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def secrets_toml(self, app_url: str, admins: Sequence[str] = ()) -> str:
        """The dashboard's ``.streamlit/secrets.toml`` to sign in here, served at ``app_url``."""
        admin_list = ", ".join(f'"{admin}"' for admin in admins)
        return (f'[auth]\nredirect_uri = "{app_url}/oauth2callback"\n'
                f'cookie_secret = "{secrets.token_hex(32)}"\n'
                'client_id = "trustee-dashboard"\nclient_secret = "not-a-secret-on-loopback"\n'
                f'server_metadata_url = "{self.metadata_url}"\n\n[access]\nadmins = [{admin_list}]\n')


@contextlib.contextmanager
def running_provider(accounts: Sequence[Account]) -> Iterator[RunningProvider]:
    """The provider on a free port of 127.0.0.1 until the block ends; ``accounts`` are offered on its
    sign-in page as one-click buttons (named by address)."""
    import logging

    import werkzeug.serving
    from oidc_provider_mock import User, app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    users = [User(sub=a.email, claims={"email": a.email, "email_verified": True, "name": a.name})
             for a in accounts]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="oidc-provider", daemon=True)
    thread.start()
    try:
        yield RunningProvider(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


if __name__ == "__main__":
    import time

    people = [Account("editor@example.org", "Edith Editor"), Account("viewer@example.org", "Victor Viewer")]
    with running_provider(people) as provider:
        print("# .streamlit/secrets.toml for `make run` on http://127.0.0.1:8501, then\n"
              "#   python -m dash users add editor@example.org editor\n")
        print(provider.secrets_toml("http://127.0.0.1:8501", admins=["editor@example.org"]))
        print(f"# The provider is at {provider.issuer} until Ctrl+C.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
