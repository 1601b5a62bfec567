from __future__ import annotations

from dash.cli import main
from dash.queries.quality import ERROR, run_checks
from dash.store import StoreReader, write_snapshot


def test_seed_store_passes_every_check(seed_store):
    assert [f for f in run_checks(StoreReader(seed_store).cursor()) if f.severity == ERROR] == []


def test_check_names_each_problem_row(store_copy, capsys):
    with write_snapshot(store_copy) as connection:
        connection.execute(
            "UPDATE funds SET locality_id = 'E99999999' WHERE fund_id = 'fund-bristol-local-food'"
        )
        connection.execute("UPDATE funds SET source_id = NULL WHERE fund_id = 'fund-bristol-city-lab'")
        connection.execute("UPDATE funds SET participatory_gbp = 2000000 WHERE fund_id = 'fund-bd-endowment'")
        connection.execute(
            "UPDATE panels SET fund_id = 'fund-gone' WHERE panel_id = 'panel-bristol-city-lab'"
        )
    findings = run_checks(StoreReader(store_copy).cursor())
    described = {(f.table, f.row_id, f.rule) for f in findings if f.severity == ERROR}
    assert described == {
        ("funds", "fund-bristol-local-food", "unknown locality"),
        ("funds", "fund-bristol-city-lab", "missing source"),
        ("funds", "fund-bd-endowment", "participatory part larger than fund"),
        ("panels", "panel-bristol-city-lab", "unknown fund"),
    }
    assert main(["check", "--db", str(store_copy)]) == 1
    output = capsys.readouterr().out
    assert (
        "ERROR: funds fund-bd-endowment: "
        "participatory part £2,000,000 is more than the fund's size £1,000,000"
        in output
    )
    assert "4 error(s)" in output


def test_check_on_a_missing_store_says_how_to_build(tmp_path, capsys):
    assert main(["check", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "python -m dash build" in capsys.readouterr().err
