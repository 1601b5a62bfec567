"""The balancer: Debian's HAProxy, configured from ``deploy/haproxy.cfg.template``.

HAProxy rather than nginx because its free version has both things a Streamlit deployment needs:
sticky sessions by a cookie it sets itself, and active health checks (a replica that stops answering
``/_stcore/health`` is taken out before a visitor meets it). nginx's free version has only ``ip_hash``
(everyone behind one office's address lands on one replica) and passive checks (a visitor's request
fails first); its ``sticky`` and ``health_check`` are NGINX Plus (docs/deployment.md).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from dash.errors import UserError
from dash.paths import PROJECT_ROOT

TEMPLATE = PROJECT_ROOT / "deploy" / "haproxy.cfg.template"
DEBIAN_PATH = Path("/usr/sbin/haproxy")  # not on an ordinary user's PATH


@dataclass(frozen=True)
class Backend:
    name: str  # also the value of its sticky cookie
    address: str  # host:port


def find_haproxy() -> str | None:
    """The haproxy program, or None when it is not installed (``make deploy-local`` installs it)."""
    found = shutil.which("haproxy")
    if found:
        return found
    return str(DEBIAN_PATH) if DEBIAN_PATH.exists() else None


def require_haproxy() -> str:
    program = find_haproxy()
    if program is None:
        raise UserError("HAProxy is not installed: `make deploy-local` installs Debian's (or run "
                        "`apt-get install haproxy`).")
    return program


def render(bind: str, backends: list[Backend], stats_bind: str, template: Path = TEMPLATE) -> str:
    """The template with the balancer's address, one ``server`` line per replica and the stats page's
    address filled in."""
    servers = "\n".join(f"    server {b.name} {b.address} check cookie {b.name}" for b in backends)
    text = template.read_text(encoding="utf-8")
    for placeholder, value in (("{{bind}}", bind), ("{{servers}}", servers), ("{{stats_bind}}", stats_bind)):
        if placeholder not in text:
            raise UserError(f"{template} has no {placeholder}: it is not the dashboard's HAProxy template.")
        text = text.replace(placeholder, value)
    return text


def check_config(program: str, config: Path) -> None:
    """``haproxy -c``: refuse a configuration HAProxy would refuse, with its own words."""
    checked = subprocess.run([program, "-c", "-q", "-f", str(config)], capture_output=True, text=True,
                             timeout=30)
    if checked.returncode != 0:
        said = (checked.stderr or checked.stdout).strip().splitlines()
        raise UserError(f"HAProxy refused {config}: {said[-1] if said else 'no reason given'}.")
