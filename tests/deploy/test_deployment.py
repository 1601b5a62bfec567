"""The national deployment, run for real on 127.0.0.1: HAProxy, three replicas and the writer, under load.

What it proves, in one run of about a minute (``running_deployment``, what ``deploy-local`` starts):

- 30 trustees at once, each a lightweight Streamlit client (``dash.devtools.sessions``: the browser's
  WebSocket protocol, with the balancer's sticky cookie) moving between the Overview, Grants and Funds
  pages and changing the area filter, with a few seconds' reading between clicks. Thirty Chromium
  pages would need more than the two cores this machine has; the server does the same work for both.
- Mid-run the writer imports a 360Giving file and publishes; within 15 s each replica (reached through
  the balancer with its own cookie) shows the new grants.
- Then one replica is killed with SIGKILL: HAProxy marks it down, and its sessions connect again
  through the balancer to another replica, where their page runs again from their link.
- No page run fails or shows an error, every Grants page shows the old figures or the new ones and
  nothing between, every version published is whole, and every replica left ends on the newest.

The figures (sessions, runs, p95 per page, time to see a publish, memory per replica) are written to
test-output/deploy/figures.json for docs/performance.md.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from dash import catalogue
from dash.charts.grants import totals_sentence
from dash.deploy.haproxy import find_haproxy
from dash.deploy.local import memory_mb, replica_states, running_deployment
from dash.devtools.sessions import TrusteeSession, percentile
from dash.filters import Filters
from dash.paths import PROJECT_ROOT
from dash.store import StoreReader
from dash.store.publish import held_version, read_manifest
from tests.support.aio import run_in_own_thread
from tests.support.cli import run_cli
from tests.support.publishing import assert_whole_snapshots

SESSIONS = 30
PAGES = ("", "grants", "funds")  # the Overview (at /), Grants and Funds
GRANTS = PROJECT_ROOT / "tests" / "ingest" / "360giving" / "ExampleTrust-grants-fixed.csv"
SEE_PUBLISH_SECONDS = 15.0
FIGURES = PROJECT_ROOT / "test-output" / "deploy" / "figures.json"


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).replace("**", "").replace("\u2060", "")


def _headlines(texts: list[str]) -> list[str]:
    """The Grants page's headline, in bold: "10 grants worth £59,750, …" or "No grant matches …"."""
    return [_plain(t) for t in texts
            if t.startswith("**") and re.search(r"grants? worth|No grant matches", t)]


def _grants_sentence(store: Path) -> str:
    return totals_sentence(catalogue.fetch("grant_totals", StoreReader(store).cursor(), Filters()))


async def _trustee(number: int, session: TrusteeSession, stop: asyncio.Event,
                   seen: list[tuple[str, str]]) -> TrusteeSession:
    """One trustee: opens a page, then reads for a few seconds, changes the area or the page, again."""
    rng = random.Random(number)
    await asyncio.sleep(rng.uniform(0, 3))  # not all at the same instant
    try:
        await session.run()
        while not stop.is_set():
            await asyncio.sleep(rng.uniform(3, 6))  # reading the page
            if rng.random() < 0.5:
                run = await session.change_area(rng)
            else:
                run = await session.run(rng.choice([p for p in PAGES if p != session.page]))
            if run.page == "grants" and not session.chosen.get("Area"):
                seen.extend((run.replica or "?", headline) for headline in _headlines(run.texts))
    finally:
        await session.close()
    return session


async def _shows(replica: str, url: str, old: str, published: asyncio.Task) -> tuple[float | None, str]:
    """Seconds from the publish until the Grants page on ``replica`` (reached through the balancer by
    its cookie, looking all the while) shows a headline other than ``old``, and that headline; None if
    not within ``SEE_PUBLISH_SECONDS``."""
    session = TrusteeSession(url, "grants")
    session.cookie = replica
    try:
        while not published.done() or time.monotonic() - published.result() < SEE_PUBLISH_SECONDS:
            run = await session.run()
            headline = _headlines(run.texts)
            if headline and headline[0] != old:
                return time.monotonic() - await published, headline[0]
            await asyncio.sleep(0.1)
    finally:
        await session.close()
    return None, old


async def _named_after(folder: Path, version: int) -> float:
    """When the manifest first names a version newer than ``version`` (``time.monotonic``)."""
    while read_manifest(folder).version == version:
        await asyncio.sleep(0.02)
    return time.monotonic()


async def _taken(deployment, published: asyncio.Task) -> dict[str, float]:
    """Seconds from the publish until each replica's own copy holds it (before any page shows it)."""
    published_at = await published
    version = read_manifest(deployment.published).version
    taken: dict[str, float] = {}
    while len(taken) < len(deployment.replicas) and time.monotonic() - published_at < SEE_PUBLISH_SECONDS:
        for replica in deployment.replicas:
            if replica.name not in taken and held_version(replica.store) == version:
                taken[replica.name] = time.monotonic() - published_at
        await asyncio.sleep(0.02)
    return taken


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def _scenario(deployment, writer_store: Path, old: str) -> dict:
    stop = asyncio.Event()
    loaded_at = time.monotonic()
    seen: list[tuple[str, str]] = []
    sessions = [TrusteeSession(deployment.url, PAGES[n % len(PAGES)]) for n in range(SESSIONS)]
    trustees = [asyncio.create_task(_trustee(n, s, stop, seen)) for n, s in enumerate(sessions)]
    await asyncio.sleep(5)  # everyone has a page open (each opens it within 3 s) and is clicking

    # The writer imports a 360Giving file and publishes it (its own server publishes too: either does;
    # the clock starts when the manifest first names the new version).
    before = read_manifest(deployment.published).version
    published = asyncio.create_task(_named_after(deployment.published, before))
    watching = [asyncio.create_task(_taken(deployment, published)), *(
        asyncio.create_task(_shows(r.name, deployment.url, old, published)) for r in deployment.replicas)]
    imported = await asyncio.to_thread(run_cli, "import-360", str(GRANTS), "--db", str(writer_store))
    assert imported.returncode == 0, imported.stderr
    publishing = await asyncio.to_thread(run_cli, "publish", "--db", str(writer_store), "--to",
                                         str(deployment.published))
    assert publishing.returncode == 0, publishing.stderr
    assert read_manifest(deployment.published).sha256 == hashlib.sha256(writer_store.read_bytes()).hexdigest()
    new = _grants_sentence(writer_store)
    to_take, *shown = await asyncio.gather(*watching)
    to_see = {r.name: seconds for r, (seconds, _) in zip(deployment.replicas, shown, strict=True)}
    assert all(headline == new for _, headline in shown), shown

    # One replica dies: the one holding the most sessions.
    await asyncio.sleep(2)
    pinned = [s.cookie for s in sessions]
    victim = max(deployment.replicas, key=lambda r: pinned.count(r.name))
    os.kill(victim.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    marked_down = None
    while time.monotonic() - killed_at < 15:
        if replica_states(deployment.stats_url).get(victim.name, "").startswith("DOWN"):
            marked_down = time.monotonic() - killed_at
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(7)  # its trustees carry on through the others (each clicks within 6 s)
    stop.set()
    await asyncio.gather(*trustees)
    load_seconds = time.monotonic() - loaded_at
    return {"sessions": sessions, "seen": seen, "new": new, "to_see": to_see, "to_take": to_take,
            "victim": victim, "load_seconds": load_seconds,
            "marked_down": marked_down, "killed_after": killed_at}


def test_balanced_replicas_under_load_publish_and_fail_over(seed_store, tmp_path):
    if find_haproxy() is None:
        pytest.skip("HAProxy is not installed and could not be: `make test` installs Debian's haproxy "
                    "(apt-get install haproxy)")
    writer_store = tmp_path / "writer" / "dash.duckdb"
    writer_store.parent.mkdir()
    shutil.copyfile(seed_store, writer_store)
    old = _grants_sentence(writer_store)
    started = time.monotonic()
    with running_deployment(3, tmp_path / "deploy", writer_store, poll=0.5) as deployment:
        start_seconds = time.monotonic() - started
        cpu_before = {r.name: _cpu_seconds(r.pid) for r in deployment.replicas}
        result = run_in_own_thread(_scenario(deployment, writer_store, old))
        cpu = {r.name: _cpu_seconds(r.pid) - cpu_before[r.name] for r in deployment.replicas if r.alive()}
        memory = {r.name: memory_mb(r.pid) for r in deployment.replicas if r.alive()}
        writer_memory = memory_mb(deployment.writer.pid)
        states = replica_states(deployment.stats_url)
        manifest = read_manifest(deployment.published)
        held = {r.name: held_version(r.store) for r in deployment.replicas}
    sessions: list[TrusteeSession] = result["sessions"]
    victim = result["victim"]
    runs = [run for s in sessions for run in s.log.runs]

    # Nobody was shown an error, and no page run failed.
    assert [f for s in sessions for f in s.log.failures] == []
    assert len(runs) >= SESSIONS * 4
    # Every replica showed the new grants within 15 s of the publish.
    assert all(seconds is not None for seconds in result["to_see"].values()), result["to_see"]
    # The Grants page showed the old figures or the new ones, never anything between.
    shown = {text for _, text in result["seen"]}
    assert shown and shown <= {old, result["new"]}, shown - {old, result["new"]}
    # The killed replica was taken out, and its trustees carried on through the others.
    assert result["marked_down"] is not None and states[victim.name].startswith("DOWN")
    moved = [s for s in sessions if s.log.reconnects]
    assert moved and all(s.log.runs[-1].errors == [] for s in moved)
    assert all(s.log.runs[-1].replica != victim.name for s in moved)
    # Every version published is whole; every replica still up holds the newest.
    assert_whole_snapshots(deployment.published)
    assert all(held[r.name] == manifest.version for r in deployment.replicas if r is not victim)

    by_page: dict[str, list[float]] = {}
    for run in runs:
        by_page.setdefault(run.page, []).append(run.seconds)
    figures = {
        "sessions": SESSIONS, "replicas": 3, "page_runs": len(runs),
        "p95_seconds": {page: round(percentile(times, 0.95), 2) for page, times in sorted(by_page.items())},
        "median_seconds": {page: round(percentile(times, 0.5), 2) for page, times in sorted(by_page.items())},
        "load_seconds": round(result["load_seconds"]),
        "seconds_to_take_publish": {k: round(v, 2) for k, v in result["to_take"].items()},
        "seconds_to_see_publish": {k: round(v, 1) for k, v in result["to_see"].items()},
        # CPU seconds a surviving replica spent per page run it served (its warm-up included: an upper bound)
        "replica_cpu_seconds_per_run": {
            name: round(seconds / max(1, sum(run.replica == name for run in runs)), 2)
            for name, seconds in cpu.items()},
        "seconds_to_mark_down": round(result["marked_down"], 1),
        "sessions_moved_by_the_kill": len(moved),
        "replica_memory_mb_now_peak": {k: [round(v) for v in vs] for k, vs in memory.items()},
        "writer_memory_mb_now_peak": [round(v) for v in writer_memory],
        "seconds_to_start": round(start_seconds, 1),
        "cores": os.cpu_count(),
    }
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
