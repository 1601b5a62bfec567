"""`make run` serves this computer only: its listening socket is bound to 127.0.0.1, nothing wider."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from dash.devtools.local_server import free_port
from dash.paths import PROJECT_ROOT


def listening_addresses(port: int) -> set[str]:
    """The local addresses of every socket listening on ``port`` (Linux's /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(_address(address, width))
    return found


def _address(hex_address: str, width: int) -> str:
    if width == 8:  # IPv4, little-endian
        return ".".join(str(int(hex_address[i:i + 2], 16)) for i in (6, 4, 2, 0))
    import ipaddress

    words = [hex_address[i:i + 8] for i in range(0, 32, 8)]
    raw = b"".join(bytes.fromhex(word)[::-1] for word in words)
    return str(ipaddress.IPv6Address(raw))


def test_make_run_listens_on_127_0_0_1_only(store_copy):
    port = free_port()
    process = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=PROJECT_ROOT,
                               env={**os.environ, "DASH_DB": str(store_copy)}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert process.poll() is None, "make run stopped before serving"
                assert time.monotonic() < deadline, "make run did not serve within two minutes"
                time.sleep(0.2)
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_the_socket_reader_sees_a_server_open_to_every_network():
    import socket

    with socket.socket() as wide:
        wide.bind(("0.0.0.0", 0))
        wide.listen()
        assert listening_addresses(wide.getsockname()[1]) == {"0.0.0.0"}
