"""``publish`` and ``deploy-local``: the writer's store published to the replicas' folder, and a whole
balanced deployment (HAProxy, replicas, one writer) started on this machine (docs/deployment.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dash.cli.options import add_db
from dash.paths import DATA_DIR, store_path
from dash.store.publish import KEEP, describe, publish


def add_publish(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "publish", help="publish the store and its journal to the folder replicas follow",
        description="Copy the store and the journal that rebuilds it to DIR as the next immutable version "
        "(DIR/snapshots/<version>/), then name it in DIR/manifest.json. Every file is written under a "
        "temporary name, flushed and renamed, so a replica never finds a partial one; the newest KEEP "
        "versions are kept. Nothing is published when the newest version already holds this store.",
    )
    add_db(run)
    run.add_argument("--to", metavar="DIR", required=True, type=Path,
                     help="the published folder (a shared volume or a mounted bucket); it must exist")
    run.add_argument("--keep", metavar="N", type=int, default=KEEP,
                     help=f"versions to keep, the newest included (default {KEEP})")
    run.set_defaults(run=_publish)


def _publish(args: argparse.Namespace) -> int:
    published = publish(store_path(args.db), args.to, keep=args.keep)
    print(published.sentence())
    print(describe(args.to))
    return 0


def add_deploy_local(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "deploy-local", help="start HAProxy, N read-only replicas and one writer on this machine",
        description="The national deployment on one machine, all on 127.0.0.1: the writer (--db, the store "
        "editors change; each change published to DIR/published), N replicas each serving its own copy of "
        "the newest version, and HAProxy in front (sticky sessions, health checks; deploy/haproxy.cfg."
        "template). Prints the addresses; Ctrl+C or SIGTERM stops them all.",
    )
    add_db(run)
    run.add_argument("replicas", metavar="N", type=int, help="how many replicas")
    run.add_argument("--port", type=int, default=8600, help="the balancer's port; the replicas take the "
                     "next N, then the writer, then HAProxy's status page (default 8600)")
    run.add_argument("--dir", metavar="DIR", type=Path, default=DATA_DIR / "deploy",
                     help="where the published folder, the replicas' copies and the logs go "
                     "(default data/deploy)")
    run.add_argument("--poll", metavar="SECONDS", type=float, default=1.0,
                     help="how often replicas look for a new version (default 1)")
    run.set_defaults(run=_deploy_local)


def _deploy_local(args: argparse.Namespace) -> int:
    from dash.deploy.local import run_until_stopped

    run_until_stopped(args.replicas, args.dir, store_path(args.db), args.port, args.poll)
    return 0
