"""The whole deployment on this machine: HAProxy, N read-only replicas and one writer, on 127.0.0.1.

``python -m dash deploy-local N`` (``make deploy-local``) and the deployment test start it the same
way (``running_deployment``): the writer's store is published once, the writer is served with
``--publish-to`` (every change it makes is published), each replica with ``--follow`` (its own copy,
a new version taken within a second), and HAProxy in front with the template's sticky cookie and
health checks. Each program runs in its own process group, so Ctrl+C reaches this process alone,
which stops the balancer first, then the replicas, then the writer.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from dash.deploy.haproxy import Backend, check_config, render, require_haproxy
from dash.errors import UserError
from dash.paths import PROJECT_ROOT
from dash.store.publish import publish
from dash.write import service

HOST = "127.0.0.1"
START_SECONDS = 90.0  # every server healthy: generous, for two busy cores


@dataclass
class Program:
    """One process of the deployment, its log and address."""

    name: str
    process: subprocess.Popen
    log: Path
    url: str | None = None
    store: Path | None = None
    _handle: IO | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None


@dataclass
class Deployment:
    """What ``running_deployment`` started: the balancer's address is the one trustees use."""

    balancer: Program
    stats_url: str
    writer: Program
    replicas: list[Program]
    published: Path
    root: Path

    @property
    def url(self) -> str:
        assert self.balancer.url is not None
        return self.balancer.url

    def lines(self) -> list[str]:
        """The addresses, for people."""
        lines = [f"Trustees: {self.url} (HAProxy, {len(self.replicas)} read-only replicas; "
                 f"its status page: {self.stats_url})",
                 f"Editors:  {self.writer.url} (the writer; every change it makes is published to "
                 f"{self.published})"]
        lines += [f"  replica {r.name}: {r.url} (its copy {r.store})" for r in self.replicas]
        lines.append(f"Logs in {self.root / 'logs'}.")
        return lines


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _start(name: str, command: list[str], logs: Path, env: dict[str, str] | None = None) -> Program:
    log = logs / f"{name}.log"
    handle = open(log, "ab")  # noqa: SIM115 - closed by _stop, when the program has stopped
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=handle, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})},
                               start_new_session=True)  # Ctrl+C reaches deploy-local, which stops it
    return Program(name, process, log, _handle=handle)


def _stop(program: Program, how: int = signal.SIGTERM, wait: float = 10.0) -> None:
    if program.alive():
        with contextlib.suppress(ProcessLookupError):
            program.process.send_signal(how)
        try:
            program.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            program.process.kill()
            program.process.wait(timeout=wait)
    if program._handle is not None:
        program._handle.close()


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as answer:
            return answer.status == 200
    except OSError:
        return False


def _wait_healthy(programs: list[Program], deadline: float) -> None:
    waiting = list(programs)
    while waiting:
        for program in list(waiting):
            if not program.alive():
                tail = program.log.read_text(errors="replace").strip().splitlines()[-3:]
                code = program.process.returncode
                raise UserError(f"{program.name} stopped as it started (exit code {code}): "
                                f"{' / '.join(tail) or 'it said nothing'} (its log: {program.log}).")
            if program.url and healthy(program.url):
                waiting.remove(program)
        if waiting and time.monotonic() > deadline:
            names = ", ".join(p.name for p in waiting)
            raise UserError(f"{names} did not answer within {START_SECONDS:g} seconds: see the logs in "
                            f"{programs[0].log.parent}.")
        time.sleep(0.2)


def _serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dash", "serve", "--address", HOST, *args]


@contextlib.contextmanager
def running_deployment(replicas: int, root: Path, writer_store: Path, *, port: int | None = None,
                       poll: float = 1.0, env: dict[str, str] | None = None) -> Iterator[Deployment]:
    """Start HAProxy on ``port`` (a free one when None), ``replicas`` replicas and the writer on
    ``writer_store`` (built from data/seed when missing), all on 127.0.0.1, with their files under
    ``root``; yield once every one answers its health check; stop them all when the block ends."""
    if not 1 <= replicas <= 32:
        raise UserError("Give between 1 and 32 replicas.")
    program = require_haproxy()
    root, writer_store = Path(root).resolve(), Path(writer_store).resolve()
    published, logs, copies = root / "published", root / "logs", root / "replicas"
    for folder in (published, logs, copies):
        folder.mkdir(parents=True, exist_ok=True)
    if not writer_store.exists():
        built = service.build(store=writer_store)
        if not built.ok:
            raise UserError(built.message)
    publish(writer_store, published)
    ports = ([port + i for i in range(replicas + 3)] if port else [_free_port() for _ in range(replicas + 3)])
    lb_port, writer_port, stats_port, replica_ports = ports[0], ports[1 + replicas], ports[2 + replicas], \
        ports[1:1 + replicas]
    started: list[Program] = []
    try:
        writer = _start("writer", _serve_command("--port", str(writer_port), "--db", str(writer_store),
                                                 "--publish-to", str(published)), logs, env)
        writer.url, writer.store = f"http://{HOST}:{writer_port}", writer_store
        started.append(writer)
        followers = []
        for number, replica_port in enumerate(replica_ports, start=1):
            copy = copies / f"r{number}" / "dash.duckdb"
            replica = _start(f"r{number}", _serve_command(
                "--port", str(replica_port), "--follow", str(published), "--db", str(copy),
                "--poll", str(poll), "--editor-url", writer.url), logs, env)
            replica.url, replica.store = f"http://{HOST}:{replica_port}", copy
            started.append(replica)
            followers.append(replica)
        config = root / "haproxy.cfg"
        backends = [Backend(r.name, f"{HOST}:{p}") for r, p in zip(followers, replica_ports, strict=True)]
        config.write_text(render(f"{HOST}:{lb_port}", backends, f"{HOST}:{stats_port}"), encoding="utf-8")
        check_config(program, config)
        deadline = time.monotonic() + START_SECONDS
        _wait_healthy(started, deadline)
        balancer = _start("haproxy", [program, "-db", "-f", str(config)], logs)
        balancer.url = f"http://{HOST}:{lb_port}"
        started.insert(0, balancer)
        _wait_healthy([balancer], deadline)
        yield Deployment(balancer, f"http://{HOST}:{stats_port}/", writer, followers, published, root)
    finally:
        for each in started:  # the balancer first: no visitor is sent to a replica on its way out
            _stop(each)


def replica_states(stats_url: str) -> dict[str, str]:
    """Each replica's state as HAProxy sees it ('UP', 'DOWN', 'UP 1/2'…), from its status page's CSV."""
    with urllib.request.urlopen(f"{stats_url};csv", timeout=5) as answer:
        rows = answer.read().decode().splitlines()
    header = rows[0].lstrip("# ").split(",")
    states = {}
    for row in rows[1:]:
        cells = dict(zip(header, row.split(","), strict=False))
        if cells.get("pxname") == "replicas" and cells.get("svname") not in ("FRONTEND", "BACKEND"):
            states[cells["svname"]] = cells.get("status", "")
    return states


def memory_mb(pid: int) -> tuple[float, float]:
    """A process's resident memory now and at its peak (``VmRSS``, ``VmHWM``), in MB."""
    fields = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def run_until_stopped(replicas: int, root: Path, writer_store: Path, port: int, poll: float = 1.0) -> None:
    """``deploy-local``: start, print the addresses, say when a program stops, stop all on Ctrl+C or
    SIGTERM."""

    def stop(signum, frame):  # SIGTERM as Ctrl+C: leave the block, which stops everything
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    with running_deployment(replicas, root, writer_store, port=port, poll=poll) as deployment:
        print("\n".join(deployment.lines()), flush=True)
        print("Ctrl+C stops them all.", flush=True)
        reported: set[str] = set()
        try:
            while True:
                time.sleep(1)
                for program in [deployment.balancer, deployment.writer, *deployment.replicas]:
                    if not program.alive() and program.name not in reported:
                        reported.add(program.name)
                        print(f"{program.name} stopped (exit code {program.process.returncode}); see "
                              f"{program.log}.", flush=True)
        except KeyboardInterrupt:
            print("Stopping the balancer, the replicas and the writer…", flush=True)
    print("Stopped.", flush=True)
