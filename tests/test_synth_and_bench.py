"""The synthetic store is deterministic and skewed; the benchmark runs end to end on a tiny store."""

from __future__ import annotations

from dash.cli import main
from dash.devtools.bench import PAGES, run_benchmark
from dash.devtools.synth import SynthSize, add_synthetic, build_synthetic
from dash.store import StoreReader
from dash.store.snapshot import write_snapshot
from dash.write.build import build_store

TINY = SynthSize(grants=3_000, funds=40, meetings=30, key_points_per_meeting=3, seed=7)


def _fingerprint(path):
    cursor = StoreReader(path).cursor()
    return cursor.execute("""
        SELECT (SELECT sum(amount_awarded) FROM grants), (SELECT sum(amount_gbp) FROM funds),
               (SELECT string_agg(locality_id, ',' ORDER BY grant_id) FROM grants),
               (SELECT count(*) FROM insight_themes)
    """).fetchone()


def test_same_seed_same_store_and_skewed_like_real_portfolios(tmp_path):
    first, second, other = tmp_path / "a.duckdb", tmp_path / "b.duckdb", tmp_path / "c.duckdb"
    counts, _ = build_synthetic(first, TINY)
    build_synthetic(second, TINY)
    build_synthetic(other, SynthSize(**{**TINY.__dict__, "seed": 8}))
    assert counts["grants"] == 3_000 and counts["funds"] == 45 and counts["insights"] == 64 + 90
    assert _fingerprint(first) == _fingerprint(second) != _fingerprint(other)
    cursor = StoreReader(first).cursor()
    busiest, median = cursor.execute("""
        SELECT max(n), median(n) FROM (SELECT count(*) AS n FROM grants WHERE locality_id IS NOT NULL
                                      GROUP BY locality_id)
    """).fetchone()
    assert busiest > 5 * median  # a few places hold many grants, most hold few
    mean, median_amount = cursor.execute(
        "SELECT avg(amount_awarded)::DOUBLE, median(amount_awarded)::DOUBLE FROM grants").fetchone()
    assert mean > 1.3 * median_amount  # log-normal: a long tail of large grants
    assert cursor.execute("SELECT count(*) FROM grants WHERE locality_id IS NULL").fetchone()[0] > 0


def test_synthetic_rows_pass_the_quality_check(tmp_path):
    path = tmp_path / "s.duckdb"
    build_store(path)
    with write_snapshot(path) as connection:
        add_synthetic(connection, TINY)
    assert main(["check", "--db", str(path)]) == 0


def test_benchmark_smoke_run(tmp_path, capsys):
    path = tmp_path / "s.duckdb"
    assert main(["synth", "--db", str(path), "--grants", "500", "--funds", "10", "--meetings", "5"]) == 0
    assert "Built a synthetic store" in capsys.readouterr().out
    results = run_benchmark(path, reruns=2, sessions=(2,))  # each count starts a server of its own
    assert set(results["pages"]) == set(PAGES)
    assert results["pages"]["overview"]["runs"] == 2
    assert results["queries"]["draw: money_map"]["runs"] == 2
    assert results["queries"]["query: money_by_district"]["runs"] == 2
    assert set(results["naive_baseline"]) == set(results["pages"])
    assert all(ratio["naive_first_visit_over_page"] > 0 and ratio["naive_mb_per_session"] > 0
               for ratio in results["naive_baseline"].values())
    assert [(run["sessions"], run["errors"]) for run in results["concurrent_sessions"]] == [(2, 0)]
    assert results["peak_rss_mb"] > 0


def test_write_benchmark_smoke_run(capsys, monkeypatch):
    """Every write-path figure is produced and printed (on tiny inputs; no figure is asserted)."""
    from dash.devtools import bench_writes
    from dash.devtools.bench_writes import print_write_benchmark, run_write_benchmark

    # One small write-up each way, not five: a median of one is still every figure, printed, and each
    # command-line run is a fresh Python process (seconds on a busy machine).
    monkeypatch.setattr(bench_writes, "SMALL_WRITE_UPS", 1)
    results = run_write_benchmark(rows=200, build_grants=1_000, write_up_bytes=20_000)
    assert results["csv"]["rows"] == 200 and results["build"]["grants"] == 1_000
    assert set(results["csv"]) >= {"prepare", "wait", "lock", "total"}
    assert all(figures["reads"] > 0 for figures in results["reader_during_writes"].values())
    assert set(results["small_write_up"]) >= {"cli_median_s", "warm_median_s", "warm_lock_median_s"}
    print_write_benchmark(results)
    printed = capsys.readouterr().out
    assert "Build of a store holding 1,000 imported grants" in printed
    assert "words: from the command line median" in printed


def test_a_comparison_is_timed_on_every_page_as_two_first_visits(tmp_path, capsys):
    path = tmp_path / "s.duckdb"
    assert main(["synth", "--db", str(path), "--grants", "500", "--funds", "10", "--meetings", "5"]) == 0
    capsys.readouterr()
    assert main(["bench", "--db", str(path), "--compare", "--reruns", "2", "--pages", "overview,grants"]) == 0
    printed = capsys.readouterr().out
    assert "two views side by side" in printed
    assert [line.split()[0] for line in printed.splitlines()[1:]] == ["overview", "grants"]
