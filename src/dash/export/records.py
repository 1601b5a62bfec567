"""The store's records back out as spreadsheets: data/seed's CSV layout, one file a table.

What editors changed in the app (``dash.write.records``) and what write-ups added are written with
the seed's own records, each cell as the seed's parser reads it back, so ``python -m dash build
--seed DIR`` on the files rebuilds the same records: a round trip that loses nothing, for whoever
keeps the foundation's records in a spreadsheet as well. The rows come in from whoever asks (the
command line reads them by name, ``catalogue`` "seed_rows"); this module only writes them.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from dash.errors import UserError
from dash.ingest.seed import SEED_TABLES, SeedTable
from dash.write.records import as_cell

RowsOf = Callable[[str], Iterable[tuple]]  # a seed table's name → its records, every column of its file


def _rows(rows_of: RowsOf, spec: SeedTable) -> list[list[str]]:
    """The table's records as its file's cells."""
    return [[as_cell(value) for value in row] for row in rows_of(spec.table)]


def export_records(rows_of: RowsOf, folder: Path) -> dict[str, int]:
    """Write every seed table's records (``rows_of`` its name) to ``folder`` as data/seed's CSV
    files; rows per file.

    All or nothing: every file is written under a private name first and renamed into place only
    once all are whole, so a refusal (a folder that cannot be made or written, a full disk) leaves
    nothing behind, not even the folders it made on the way."""
    tables = [(spec, _rows(rows_of, spec)) for spec in SEED_TABLES]
    on_the_way = [folder, *folder.parents]  # innermost first
    made = on_the_way[:next((i for i, path in enumerate(on_the_way) if path.exists()), len(on_the_way))]
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for spec, rows in tables:
            fresh = folder / f".{spec.file}.exporting"
            written.append(fresh)
            with fresh.open("w", encoding="utf-8", newline="") as handle:
                out = csv.writer(handle, lineterminator="\n")
                out.writerow([column.name for column in spec.columns])
                out.writerows(rows)
        for fresh in written:
            os.replace(fresh, fresh.with_name(fresh.name[1:].removesuffix(".exporting")))
    except OSError as error:
        for fresh in written:
            fresh.unlink(missing_ok=True)
        for path in made:  # innermost first: only the folders this export made, and only if empty
            with contextlib.suppress(OSError):
                path.rmdir()
        raise UserError(f"The records could not be written to {folder}: {_why(error)}. Nothing was "
                        "written; name another folder.") from None
    return {spec.file: len(rows) for spec, rows in tables}


def _why(error: OSError) -> str:
    """Why a folder could not be written, in words."""
    return {errno.ENOENT: "a folder on its way is not there and cannot be made",
            errno.EACCES: "permission denied", errno.EPERM: "permission denied",
            errno.ENOSPC: "the disk is full", errno.EROFS: "the disk is read-only",
            errno.ENOTDIR: "a folder on its way is a file"}.get(error.errno or 0,
                                                                 error.strerror or "it cannot be written")
