"""`python -m dash bench --writes`: the write path's figures, each against its target (docs/performance.md).

Every write goes through the write service, as a page or the CLI makes it, on a fresh store built from
the seed in a temporary folder: a 100,000-row 360Giving file as CSV and as XLSX (end to end, and how long
the store's lock was held), a 2 MB write-up, a small (600-word) write-up from the command line and from
a warm process (the embedding model already loaded, as in the app after its first import), a build of
a store holding 1,000,000 imported grants, and the page queries a reader runs while a writer works
(in another process, as the CLI writes, and in the same one, as a page's upload does). Prints figures;
asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from dash import catalogue
from dash.devtools.big_inputs import grants_csv, grants_xlsx, long_write_up, small_write_up
from dash.filters import Filters
from dash.store import StoreReader
from dash.write import service
from dash.write.worker import run_write

# A reader's rerun of the Funds and Grants pages: every chart's query and drawing.
PAGE_QUERIES = catalogue.PAGE_CHARTS["funds"] + catalogue.PAGE_CHARTS["grants"]
TARGETS = {"csv_total_s": 20, "csv_lock_s": 2, "xlsx_total_s": 60, "write_up_total_s": 10, "build_1m_s": 60,
           "small_write_up_cli_s": 4, "small_write_up_warm_s": 2}
SMALL_WRITE_UPS = 5  # each way: the median is reported


def _timed_write(outcome) -> dict[str, float]:
    if not outcome.ok:
        raise RuntimeError(outcome.message)
    return {key: round(value, 2) for key, value in outcome.timings.items()}


def _reader_latencies(store: Path, during) -> tuple[list[float], object]:
    """Rerun the Funds and Grants pages' charts, over and over, while ``during()`` runs."""
    reader = StoreReader(store)
    seconds: list[float] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            cursor = reader.cursor()
            for name in PAGE_QUERIES:
                catalogue.build(name, cursor, Filters())
            seconds.append(time.perf_counter() - started)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        result = during()
    finally:
        stop.set()
        thread.join()
    return seconds, result


def _ms(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "reads": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def run_write_benchmark(
    rows: int = 100_000, build_grants: int = 1_000_000, write_up_bytes: int = 2_000_000
) -> dict[str, object]:
    results: dict[str, object] = {"targets": TARGETS}
    with tempfile.TemporaryDirectory(prefix="dash-bench-writes-") as folder:
        store = Path(folder) / "dash.duckdb"
        service.build(store=store)
        csv_file = Path(folder) / "grants.csv"
        csv_file.write_bytes(grants_csv(rows, prefix="360G-CSV"))
        results["csv"] = {
            "rows": rows,
            "megabytes": round(csv_file.stat().st_size / 1e6, 1),
            **_timed_write(
                service.import_grants(csv_file.read_bytes(), "grants.csv", by="bench", store=store)
            ),
        }
        xlsx = grants_xlsx(rows, prefix="360G-XLSX")
        results["xlsx"] = {
            "rows": rows,
            "megabytes": round(len(xlsx) / 1e6, 1),
            **_timed_write(service.import_grants(xlsx, "grants.xlsx", by="bench", store=store)),
        }
        write_up = long_write_up(write_up_bytes)
        outcome = service.import_write_up(write_up, "long.md", by="bench", store=store)
        results["write_up"] = {
            "megabytes": round(len(write_up) / 1e6, 1),
            "key_points": len(outcome.report.key_points),
            **_timed_write(outcome),
        }

        results["small_write_up"] = _small_write_ups(store, Path(folder))

        idle, _ = _reader_latencies(store, lambda: time.sleep(3 if rows >= 10_000 else 0.3))
        other = Path(folder) / "other.csv"
        other.write_bytes(grants_csv(rows, prefix="360G-OTHER"))
        in_thread, _ = _reader_latencies(
            store, lambda: service.import_grants(other.read_bytes(), "other.csv", by="bench", store=store)
        )
        fourth = Path(folder) / "fourth.csv"
        fourth.write_bytes(grants_csv(rows, prefix="360G-FOURTH"))
        as_a_page, _ = _reader_latencies(  # as a page's upload runs it: in a worker process
            store,
            lambda: run_write(
                service.import_grants,
                len(raw := fourth.read_bytes()),
                raw,
                "fourth.csv",
                by="bench",
                store=store,
            ),
        )
        third = Path(folder) / "third.csv"
        third.write_bytes(grants_csv(rows, prefix="360G-THIRD"))
        cli = [sys.executable, "-m", "dash", "import-360", str(third), "--db", str(store)]
        other_process, _ = _reader_latencies(
            store, lambda: subprocess.run(cli, check=True, capture_output=True)
        )
        results["reader_during_writes"] = {
            "idle": _ms(idle),
            "writer_in_this_process_thread": _ms(in_thread),
            "page_upload_in_the_worker_process": _ms(as_a_page),
            "writer_in_another_process": _ms(other_process),
        }

        held = _count(store)
        batch = 0
        import_seconds = []
        while held < build_grants:
            batch += 1
            raw = grants_csv(min(rows, build_grants - held), prefix=f"360G-B{batch:02d}")
            started = time.perf_counter()
            _timed_write(service.import_grants(raw, f"batch{batch}.csv", by="bench", store=store))
            import_seconds.append(time.perf_counter() - started)
            held = _count(store)
        started = time.perf_counter()
        built = service.build(store=store)
        results["build"] = {
            "grants": built.report.counts["grants"],
            "journal_entries": built.report.entries_replayed,
            "seconds": round(time.perf_counter() - started, 2),
            "import_into_a_growing_store_s": [round(s, 1) for s in import_seconds],
        }
    return results


def _small_write_ups(store: Path, folder: Path) -> dict[str, object]:
    """A 600-word write-up imported end to end: from the command line (a fresh process: Python, the
    imports and the model loaded each time) and in this process once the model is loaded (the app)."""
    cli_seconds = []
    for n in range(SMALL_WRITE_UPS):
        path = folder / f"small-cli-{n}.md"
        path.write_bytes(small_write_up(1000 + n))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dash", "import-notes", str(path), "--db", str(store)],
                       check=True, capture_output=True)
        cli_seconds.append(time.perf_counter() - started)
    warm = [_timed_write(service.import_write_up(small_write_up(2000 + n), f"small-{n}.md", by="bench",
                                                 store=store)) for n in range(SMALL_WRITE_UPS)]
    return {
        "words": len(small_write_up(0).split()),
        "cli_median_s": round(statistics.median(cli_seconds), 2),
        "cli_max_s": round(max(cli_seconds), 2),
        "warm_median_s": statistics.median(w["total"] for w in warm),
        "warm_max_s": max(w["total"] for w in warm),
        "warm_prepare_median_s": statistics.median(w["prepare"] for w in warm),
        "warm_lock_median_s": statistics.median(w["lock"] for w in warm),
    }


def _count(store: Path) -> int:
    return StoreReader(store).cursor().execute("SELECT count(*) FROM grants").fetchone()[0]


def print_write_benchmark(results: dict[str, object]) -> None:
    t = TARGETS
    for label, key, target, lock in (
        ("360Giving CSV", "csv", t["csv_total_s"], t["csv_lock_s"]),
        ("360Giving XLSX", "xlsx", t["xlsx_total_s"], None),
    ):
        run = results[key]
        print(
            f"{label}, {run['rows']:,} rows ({run['megabytes']} MB): {run['total']} s end to end (target "
            f"{target} s; {run['prepare']} s reading and checking outside the lock), lock held "
            f"{run['lock']} s" + (f" (target {lock} s)" if lock else "")
        )
    run = results["write_up"]
    print(
        f"Write-up, {run['megabytes']} MB, {run['key_points']:,} key points: {run['total']} s end to end "
        f"(target {t['write_up_total_s']} s), lock held {run['lock']} s"
    )
    run = results["small_write_up"]
    print(
        f"Small write-up, {run['words']} words: from the command line median {run['cli_median_s']} s, "
        f"most {run['cli_max_s']} s (target {t['small_write_up_cli_s']} s); in a warm process median "
        f"{run['warm_median_s']} s, most {run['warm_max_s']} s (target {t['small_write_up_warm_s']} s; "
        f"{run['warm_prepare_median_s']} s reading and coding, {run['warm_lock_median_s']} s under the lock)"
    )
    for label, figures in results["reader_during_writes"].items():
        print(
            f"Funds and Grants charts (queries and drawing) with {label.replace('_', ' ')}: "
            f"median {figures['median_ms']} ms,"
            f" p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms over {figures['reads']} reads"
        )
    run = results["build"]
    print(
        f"Build of a store holding {run['grants']:,} imported grants ({run['journal_entries']} journal "
        f"entries): {run['seconds']} s (target {t['build_1m_s']} s)"
    )
    print(
        "Each 100,000-row import as the store grew (s): "
        + ", ".join(map(str, run["import_into_a_growing_store_s"]))
    )
