"""For developers: ``synth`` (a synthetic store of any size) and ``bench`` (the benchmarks). The
tools live in dash.devtools; here they are only given their options and called.

Each imports its tool when run, not at the top: the app and the benchmarks' own dependencies
(Streamlit's AppTest, Playwright) are slow to import and no other command needs them."""

from __future__ import annotations

import argparse
import json

from dash.cli.options import add_db
from dash.errors import UserError
from dash.paths import store_path, store_target


def add_synth(commands: argparse._SubParsersAction) -> None:
    synth = commands.add_parser(
        "synth", help="build a store with a synthetic portfolio of any size (for benchmarks)",
        description="Build the seed store, then add synthetic funds, panels, meetings with coded key "
        "points, and grants. Deterministic for a given --seed; skewed like real portfolios.",
    )
    add_db(synth)
    synth.add_argument("--grants", type=int, default=1_000_000)
    synth.add_argument("--funds", type=int, default=5_000, help="funds, each with a panel")
    synth.add_argument("--meetings", type=int, default=20_000, help="meetings, ten key points each")
    synth.add_argument("--seed", type=int, default=1)
    synth.set_defaults(run=_synth)


def _synth(args: argparse.Namespace) -> int:
    from dash.devtools.synth import SynthSize, build_synthetic

    size = SynthSize(grants=args.grants, funds=args.funds, meetings=args.meetings, seed=args.seed)
    counts, seconds = build_synthetic(store_path(args.db), size)
    listed = ", ".join(f"{n:,} {table}" for table, n in counts.items())
    print(f"Built a synthetic store at {store_path(args.db)} in {seconds:.1f} s: {listed}.")
    return 0


def add_bench(commands: argparse._SubParsersAction) -> None:
    bench = commands.add_parser(
        "bench", help="time every page's rerun and every query on a store; print the figures",
    )
    add_db(bench)
    bench.add_argument("--reruns", type=int, default=20, help="filter changes per page (default 20)")
    bench.add_argument("--pages", metavar="NAME,...", help="pages to time (default: all)")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--warm", type=float, metavar="SECONDS", nargs="?", const=30.0,
                       help="time the pages after the server's warm-up (default 30 s), as `dash serve` "
                       "serves them; without it every area's first visit is a cache miss")
    bench.add_argument("--writes", action="store_true",
                       help="time the write path instead (imports, a write-up, a 1,000,000-grant build, "
                       "reads during writes) on a fresh store in a temporary folder; --db is refused")
    bench.add_argument("--compare", action="store_true",
                       help="time only each page showing two views side by side, both a first visit")
    bench.add_argument("--browser", action="store_true",
                       help="also time cold start, time to chart and 1 and 10 browser sessions (Chromium)")
    bench.set_defaults(run=_bench)


def _bench(args: argparse.Namespace) -> int:
    if args.writes:
        return _bench_writes(args)
    from dash.devtools.bench import PAGES, print_benchmark, run_benchmark

    pages = tuple(args.pages.split(",")) if args.pages else PAGES
    if args.compare:
        return _bench_compare(args, pages)
    results = run_benchmark(store_target(args.db), reruns=args.reruns, pages=pages, browser=args.browser,
                            warm_seconds=args.warm)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_benchmark(results)
    return 0


def _bench_compare(args: argparse.Namespace, pages: tuple[str, ...]) -> int:
    from dash.devtools.bench import time_comparisons

    results = time_comparisons(store_target(args.db), args.reruns, pages)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'page rerun, two views side by side':40} {'median':>9} {'p95':>9}")
    for page, figures in results.items():
        print(f"{page:40} {figures['median_ms']:>7} ms {figures['p95_ms']:>7} ms")
    return 0


def _bench_writes(args: argparse.Namespace) -> int:
    if args.db:
        raise UserError("--db does not apply with --writes: the write benchmark makes its own store "
                        "in a temporary folder. Leave it out.")
    from dash.devtools.bench_writes import print_write_benchmark, run_write_benchmark

    figures = run_write_benchmark()
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_write_benchmark(figures)
    return 0
