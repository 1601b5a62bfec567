"""One ``--db`` for the whole command line: every command that writes writes to the store it was
given, wherever on the line ``--db`` stands, and to no other (not ``$DASH_DB``, not data/dash.duckdb)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dash import catalogue
from dash.cli import main
from dash.paths import store_target
from dash.queries import activity
from dash.store import StoreReader
from dash.write import service
from tests.support.inputs import GOOD_POINTS, grants_csv_with_amount, write_up
from tests.support.stores import files_beside

QUARTET = "fund-quartet-health-wellbeing"


def _edited(store: Path) -> None:
    assert service.save_record("funds", QUARTET, {"name": "Renamed"}, by="setup", store=store).ok


def _with_a_role(store: Path) -> None:
    assert service.set_role("ada@example.org", "editor", by="setup", store=store).ok


def _imported_grants_id(store: Path) -> str:
    assert service.import_grants(grants_csv_with_amount("700"), "first.csv", by="setup", store=store).ok
    listed = catalogue.fetch("imports", StoreReader(str(store)).cursor())
    return str(listed[listed["what"] == "grants"]["id"].iloc[0])


# Each command that writes to the store: (its words, without --db; what the store needs first, which
# may give a word the command needs: the id of what was imported).
WRITES: dict[str, tuple[list[str], Callable[[Path], str | None] | None]] = {
    "build": (["build"], None),
    "import-notes": (["import-notes", "{file}"], None),
    "import-360": (["import-360", "{file}"], None),
    "edit": (["edit", "funds", QUARTET, "amount_gbp=1400000"], None),
    "add": (["add", "organisations", "name=Bristol Community Foundation"], None),
    "retire": (["retire", "funds", QUARTET], None),
    "undo": (["undo", "1"], _edited),
    "restore": (["restore", "--as-of", "2020-01-01"], _edited),
    "themes decide": (["themes", "decide", "ins-jf-07", "time", "accept"], None),
    "imports remove": (["imports", "remove", "grants", "{made}"], _imported_grants_id),
    "users add": (["users", "add", "ada@example.org", "editor"], None),
    "users remove": (["users", "remove", "ada@example.org"], _with_a_role),
    "synth": (["synth", "--grants", "20", "--funds", "2", "--meetings", "2"], None),
}
# Where --db stands: before the command, after its first word (a group's level: `themes --db A
# decide`), and at the end (the command's, or the sub-command's, own level).
PLACES = ["before the command", "after its first word", "at the end"]


def _placed(words: list[str], db: str, place: str) -> list[str]:
    if place == "before the command":
        return ["--db", db, *words]
    if place == "after its first word":
        return [words[0], "--db", db, *words[1:]]
    return [*words, "--db", db]


@pytest.fixture
def decoy(seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The store $DASH_DB names, which no command given --db may touch."""
    path = tmp_path / "decoy" / "dash.duckdb"
    path.parent.mkdir()
    shutil.copyfile(seed_store, path)
    monkeypatch.setenv("DASH_DB", str(path))
    return path


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("command", list(WRITES))
def test_every_write_goes_to_the_store_named_and_no_other(store_copy, decoy, tmp_path, command, place):
    words, setup = WRITES[command]
    made = setup(store_copy) if setup else None
    file = tmp_path / ("notes.md" if command == "import-notes" else "grants.csv")
    file.write_bytes(write_up(*GOOD_POINTS) if command == "import-notes" else grants_csv_with_amount("5"))
    words = [word.format(file=file, made=made) for word in words]
    named, elsewhere = files_beside(store_copy), files_beside(decoy)
    assert main(_placed(words, str(store_copy), place)) == 0
    assert files_beside(decoy) == elsewhere, "a write went to $DASH_DB's store"
    assert files_beside(store_copy) != named, "the store named was not written"


def test_the_store_named_before_a_group_is_the_one_a_listing_reads(store_copy, decoy, capsys):
    _with_a_role(store_copy)
    assert main(["users", "--db", str(store_copy), "list"]) == 0
    assert "ada@example.org: editor" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("words", "says"),
    [
        (["--db", "A.duckdb", "themes", "--db", "B.duckdb", "decide", "ins-jf-07", "time", "accept"],
         "--db names 2 stores (A.duckdb, B.duckdb)"),
        (["users", "add", "ada@example.org", "editor", "--db", "A.duckdb", "--db", "B.duckdb"],
         "--db names 2 stores"),
        (["--db", "A.duckdb", "themes", "import-codebook", "codes.qdc"], "--db does not apply here"),
        (["themes", "--db", "A.duckdb", "import-codebook", "codes.qdc"], "--db does not apply here"),
        (["bench", "--writes", "--db", "A.duckdb"], "--db does not apply with --writes"),
    ],
)
def test_a_store_named_twice_or_where_none_applies_is_refused(decoy, tmp_path, monkeypatch, capsys,
                                                              words, says):
    monkeypatch.chdir(tmp_path)
    elsewhere = files_beside(decoy)
    assert main(words) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.strip().splitlines()) == 1, err
    assert files_beside(decoy) == elsewhere and list(tmp_path.iterdir()) == [decoy.parent]


def test_the_same_store_named_twice_is_one_store(store_copy, decoy):
    db = str(store_copy)
    assert main(["--db", db, "users", "--db", db, "add", "ada@example.org", "editor", "--db", db]) == 0
    assert store_target(None) == str(decoy)  # the environment still names the decoy
    people = activity.roles(StoreReader(db).cursor())
    assert list(people["pattern"]) == ["ada@example.org"]
