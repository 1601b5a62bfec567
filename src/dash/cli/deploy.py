"""``publish`` and ``deploy-local``: the writer's store published to the replicas' folder, and a whole
balanced deployment (HAProxy, replicas, one writer) started on this machine (docs/deployment.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dash.cli.options import add_db
from dash.paths import store_path
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
