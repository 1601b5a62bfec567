"""``serve``: the dashboard itself (what ``make run`` starts), served by dash.serve."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from dash.cli.options import add_db
from dash.paths import is_connection_string, store_target
from dash.serve import serve


def add_serve(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "serve", help="run the dashboard (what `make run` does), its caches warmed as it starts",
        description="`streamlit run app.py`, with pandas, Plotly, DuckDB and the app's modules imported "
        "as the server starts rather than when the first trustee opens the page, then the Overview and "
        "the busiest places' pages prepared in the background for 30 seconds.",
    )
    add_db(run)
    run.add_argument("--port", type=int, default=8501)
    run.add_argument("--address", help="the address to listen on: 127.0.0.1 (what `make run` uses) for this "
                     "computer only, where with no sign-in set up the person at it may edit; any other "
                     "address (0.0.0.0 for every network) shares the dashboard, read-only unless sign-in is "
                     "set up (docs/deployment.md). Default: Streamlit's, every network")
    run.set_defaults(run=_serve)


def _serve(args: argparse.Namespace) -> int:
    if args.db:  # read by the app in this process; a file from here, a connection string as it is
        target = store_target(args.db)
        os.environ["DASH_DB"] = target if is_connection_string(target) else str(Path(target).resolve())
    serve(args.port, args.address)
    return 0
