"""``serve``: the dashboard itself (what ``make run`` starts), served by dash.serve; with ``--follow`` a
read-only replica of what the writer publishes, with ``--publish-to`` the writer that publishes."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from dash.cli.options import add_db
from dash.paths import DATA_DIR, EDITOR_URL_ENV, is_connection_string, store_target
from dash.serve import serve
from dash.store.publish import KEEP


def add_serve(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "serve", help="run the dashboard (what `make run` does), its caches warmed as it starts",
        description="`streamlit run app.py`, with pandas, Plotly, DuckDB and the app's modules imported "
        "as the server starts rather than when the first trustee opens the page, then the Overview and "
        "the busiest places' pages prepared in the background for 30 seconds. With --follow DIR it is a "
        "read-only replica: it serves its own copy (--db, default data/replica-PORT.duckdb) of the newest "
        "version published to DIR and takes each new one within seconds (docs/deployment.md).",
    )
    add_db(run)
    run.add_argument("--port", type=int, default=8501)
    run.add_argument("--address", help="the address to listen on: 127.0.0.1 (what `make run` uses) for this "
                     "computer only, where with no sign-in set up the person at it may edit; any other "
                     "address (0.0.0.0 for every network) shares the dashboard, read-only unless sign-in is "
                     "set up (docs/deployment.md). Default: Streamlit's, every network")
    run.add_argument("--follow", metavar="DIR", type=Path,
                     help="serve as a read-only replica of what `python -m dash publish` writes to DIR")
    run.add_argument("--poll", metavar="SECONDS", type=float, default=1.0,
                     help="with --follow: how often to look for a new version (default 1)")
    run.add_argument("--editor-url", metavar="URL", help=f"with --follow: where editors make changes, said "
                     f"on the pages that would edit (default ${EDITOR_URL_ENV})")
    run.add_argument("--publish-to", metavar="DIR", type=Path, help="the writer: publish the store to DIR "
                     "whenever it changes (an import, a review, a build)")
    run.add_argument("--keep", metavar="N", type=int, default=KEEP,
                     help=f"with --publish-to: versions to keep (default {KEEP})")
    run.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                     help="start without preparing the pages: each makes its charts on its first "
                     "visit (quicker to start and stop, as the browser tests do; a trustee's first visit "
                     "is slower)")
    run.set_defaults(run=_serve)


def _serve(args: argparse.Namespace) -> int:
    from dash.serve import follow, publish_changes

    if args.follow and args.publish_to:
        from dash.errors import UserError

        raise UserError("A replica (--follow) never writes, so it cannot publish (--publish-to): give one "
                        "or the other.")
    if args.follow:
        local = Path(args.db) if args.db else DATA_DIR / f"replica-{args.port}.duckdb"
        if args.editor_url:
            os.environ[EDITOR_URL_ENV] = args.editor_url
        follow(args.follow, local.resolve(), args.poll)
        os.environ["DASH_DB"] = str(local.resolve())
    else:
        if args.db:  # read by the app in this process; a file from here, a connection string as it is
            target = store_target(args.db)
            os.environ["DASH_DB"] = target if is_connection_string(target) else str(Path(target).resolve())
        if args.publish_to:
            publish_changes(Path(store_target()), args.publish_to, keep=args.keep)
    serve(args.port, args.address, prepare=args.warm_up)
    return 0
