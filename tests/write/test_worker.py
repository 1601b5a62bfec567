"""A large upload is read and checked in a worker process; what it says comes back whole."""

from __future__ import annotations

import os

from dash.store import StoreReader
from dash.write import service
from dash.write.worker import APART_FROM_BYTES, run_write
from tests.support.inputs import grants_csv_with_amount


def _in_worker_pid() -> service.Outcome:
    return service.Outcome(True, str(os.getpid()))


def test_a_large_upload_runs_in_the_worker_and_its_outcome_comes_back(store_copy):
    assert run_write(_in_worker_pid, APART_FROM_BYTES).message != str(os.getpid())
    assert run_write(_in_worker_pid, APART_FROM_BYTES - 1).message == str(os.getpid())  # small: here
    done = run_write(
        service.import_grants, APART_FROM_BYTES, grants_csv_with_amount("900"), "g.csv", by="t",
        store=store_copy,
    )
    assert done.ok and done.report.new == 1
    assert StoreReader(store_copy).cursor().execute("SELECT count(*) FROM grants").fetchone()[0] == 1
    refused = run_write(
        service.import_grants, APART_FROM_BYTES, grants_csv_with_amount("NaN"), "g.csv", by="t",
        store=store_copy,
    )
    assert not refused.ok and "not a number" in " ".join(refused.details)  # the report survives the trip
