"""Every damaged file and folder in the corpus, through the command line: a journal entry, a grants
payload, the journal's folder, a seed file, the seed folder, a codebook and an export folder. Each is
refused or named in one sentence, never read (no hang on a pipe, no endless /dev/zero), never a
traceback; the other journal entries are replayed; nothing already stored changes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dash.cli import main
from dash.store.journal import journal_dir
from dash.write import service
from tests.hostile import corpus
from tests.support.inputs import GOOD_POINTS, QUALCODER_CODEBOOK, grants_csv_with_amount, write_up
from tests.support.stores import files_beside


def _said(capsys) -> tuple[str, str]:
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "quote reference" not in out + err, err
    return out, err


def _entry(store: Path, kind: str) -> Path:
    return next(path for path in journal_dir(store).iterdir() if path.name.endswith(f".{kind}.json"))


def _damaged_state(path: Path) -> tuple:
    """What the damage left at ``path``, to show it is kept as it is for a person to look at."""
    status = path.lstat()
    return status.st_mode, status.st_size, path.readlink() if path.is_symlink() else None


def _rebuilt_around(store: Path, damaged: Path, says: str, capsys, *, grants: int, meetings: int) -> None:
    kept = _damaged_state(damaged)
    assert main(["build", "--db", str(store)]) == 0
    out, _ = _said(capsys)
    named = [line for line in out.splitlines() if line.startswith(damaged.name)]
    assert len(named) == 1 and says in named[0], out
    assert "could not be read and was skipped" in out
    assert f"{grants} grants" in out and f"{meetings} meetings" in out, out  # the others replayed
    assert main(["check", "--db", str(store)]) == 1
    out, _ = _said(capsys)
    assert f"journal entry not replayed: {damaged.name}" in out and says in out
    assert main(["build", "--if-needed", "--db", str(store)]) == 0  # what `make run` runs: it rebuilds
    assert says in _said(capsys)[0]  # (the store lacks the entry the journal has) and names it again
    assert _damaged_state(damaged) == kept


@pytest.mark.parametrize(("name", "damage", "says"), corpus.JOURNAL_DAMAGE,
                         ids=[c[0] for c in corpus.JOURNAL_DAMAGE])
def test_a_damaged_journal_entry_is_named_and_the_others_replayed(journalled_store, capsys, name,
                                                                     damage, says):
    entry = _entry(journalled_store, "decision")
    damage(entry)
    _rebuilt_around(journalled_store, entry, says, capsys, grants=1, meetings=13)


@pytest.mark.parametrize(("name", "damage", "says"), corpus.JOURNAL_DAMAGE[:-1],
                         ids=[c[0] for c in corpus.JOURNAL_DAMAGE[:-1]])
def test_a_damaged_grants_payload_is_named_and_the_others_replayed(journalled_store, capsys, name,
                                                                     damage, says):
    entry = _entry(journalled_store, "grants")
    payload = next(journal_dir(journalled_store).glob("*.grants.parquet"))
    damage(payload)
    kept = _damaged_state(payload)
    _rebuilt_around(journalled_store, entry, says, capsys, grants=0, meetings=13)
    assert _damaged_state(payload) == kept


@pytest.mark.parametrize(("name", "damage", "says"), corpus.JOURNAL_FOLDER_DAMAGE,
                         ids=[c[0] for c in corpus.JOURNAL_FOLDER_DAMAGE])
def test_a_journal_folder_that_is_not_one_stops_builds_and_writes_in_a_sentence(
        journalled_store, capsys, name, damage, says):
    """A build would drop every write the journal keeps: it is refused, like every write, and
    `build --if-needed` on a store already built says what is wrong and lets the dashboard start."""
    damage(journal_dir(journalled_store))
    before = files_beside(journalled_store)
    grants = journalled_store.with_name("more.csv")
    grants.write_bytes(grants_csv_with_amount("900"))
    for words in (["build"], ["themes", "decide", "ins-jf-07", "time", "reject"],
                  ["users", "add", "ada@example.org", "editor"], ["import-360", str(grants)]):
        assert main([*words, "--db", str(journalled_store)]) == 2
        _, err = _said(capsys)
        assert says in err and "Nothing was changed" in err and len(err.strip().splitlines()) == 1, err
        assert files_beside(journalled_store) == before
    assert main(["check", "--db", str(journalled_store)]) == 1
    assert says in _said(capsys)[0]
    assert main(["build", "--if-needed", "--db", str(journalled_store)]) == 0
    assert says in _said(capsys)[0]


@pytest.mark.parametrize(("name", "damage", "says"), corpus.SEED_FILE_DAMAGE,
                         ids=[c[0] for c in corpus.SEED_FILE_DAMAGE])
@pytest.mark.parametrize("if_needed", [False, True], ids=["build", "build --if-needed"])
def test_a_damaged_seed_file_is_named_and_nothing_changes(journalled_store, seed_dir_copy, capsys,
                                                          name, damage, says, if_needed):
    damage(seed_dir_copy / "funds.csv")
    before = files_beside(journalled_store)
    words = ["build", "--seed", str(seed_dir_copy), "--db", str(journalled_store)]
    assert main(words + (["--if-needed"] if if_needed else [])) == 2
    _, err = _said(capsys)
    assert any(line.startswith("  - funds.csv: ") and says in line for line in err.splitlines()), err
    assert files_beside(journalled_store) == before


@pytest.mark.parametrize(("name", "folder", "says"), corpus.SEED_FOLDERS,
                         ids=[c[0] for c in corpus.SEED_FOLDERS])
def test_a_seed_folder_that_is_not_one_is_refused_in_a_sentence(journalled_store, seed_dir_copy, capsys,
                                                                name, folder, says):
    before = files_beside(journalled_store)
    assert main(["build", "--seed", str(folder(seed_dir_copy)), "--db", str(journalled_store)]) == 2
    _, err = _said(capsys)
    assert says in err and len(err.strip().splitlines()) == 1, err
    assert files_beside(journalled_store) == before


def _codebook_file(tmp_path: Path) -> Path:
    path = tmp_path / "book.qdc"
    path.write_bytes(QUALCODER_CODEBOOK)
    return path


@pytest.mark.parametrize(("name", "codebook", "says"), corpus.CODEBOOKS, ids=[c[0] for c in corpus.CODEBOOKS])
def test_a_codebook_that_is_not_one_is_refused_and_left_alone(tmp_path, capsys, name, codebook, says):
    qdc = _codebook_file(tmp_path)
    folder = tmp_path / "codebooks"
    folder.mkdir()
    target = codebook(folder)
    before = sorted(p.name for p in folder.iterdir())
    assert main(["themes", "import-codebook", str(qdc), "--codebook", str(target)]) == 2
    _, err = _said(capsys)
    assert says in err and len(err.strip().splitlines()) == 1, err
    assert sorted(p.name for p in folder.iterdir()) == before  # no half-merged copy left beside it


@pytest.mark.parametrize(("name", "damage", "says"), corpus.FILE_DAMAGE,
                         ids=[c[0] for c in corpus.FILE_DAMAGE])
def test_a_file_to_import_that_is_not_one_is_refused_in_a_sentence(journalled_store, tmp_path, capsys,
                                                                   name, damage, says):
    """The .qdc, write-up and 360Giving file named on the command line: never opened unless ordinary."""
    from dash.themes.codebook import CODEBOOK

    codebook = tmp_path / "codebook.csv"
    shutil.copyfile(CODEBOOK, codebook)
    before = files_beside(journalled_store)
    for words, file in ((["themes", "import-codebook"], "book.qdc"), (["import-notes"], "notes.md"),
                        (["import-360"], "grants.csv")):
        path = tmp_path / file
        path.write_bytes(b"x")
        damage(path)
        extra = ["--codebook", str(codebook)] if words[0] == "themes" else ["--db", str(journalled_store)]
        assert main([*words, str(path), *extra]) == 2
        _, err = _said(capsys)
        assert says in err and len(err.strip().splitlines()) == 1, err
    assert files_beside(journalled_store) == before and codebook.read_bytes() == CODEBOOK.read_bytes()


@pytest.mark.parametrize(("name", "folder", "says"), corpus.EXPORT_FOLDERS,
                         ids=[c[0] for c in corpus.EXPORT_FOLDERS])
def test_an_export_folder_that_cannot_be_written_is_refused_and_nothing_made(
        journalled_store, tmp_path, capsys, name, folder: Callable[[Path], Path], says):
    target = folder(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    assert main(["export-records", str(target), "--db", str(journalled_store)]) == 2
    _, err = _said(capsys)
    assert says in err and len(err.strip().splitlines()) == 1, err
    assert sorted(tmp_path.rglob("*")) == before


def test_an_export_that_fails_half_way_leaves_no_folder_and_no_file(journalled_store, tmp_path, capsys,
                                                                    monkeypatch):
    """A full disk at the third file: the folders made on the way and the two files written go."""
    import dash.export.records as records_export

    real_open, opened = Path.open, []

    def failing_open(self, mode="r", *args, **kwargs):
        if "w" in mode:
            opened.append(self)
            if len(opened) == 3:
                raise OSError(28, "No space left on device")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(records_export.Path, "open", failing_open)
    assert main(["export-records", str(tmp_path / "new" / "records"), "--db", str(journalled_store)]) == 2
    _, err = _said(capsys)
    assert "the disk is full" in err
    assert not (tmp_path / "new").exists()


def test_a_good_build_after_mending_replays_everything(journalled_store, capsys):
    """What the damage tests skip comes back once a person puts the entry back."""
    entry = _entry(journalled_store, "decision")
    kept = entry.read_bytes()
    corpus._a_pipe(entry)
    assert service.build(store=journalled_store).report.unreadable
    entry.unlink()
    entry.write_bytes(kept)
    rebuilt = service.build(store=journalled_store)
    assert rebuilt.ok and not rebuilt.report.unreadable and rebuilt.report.counts["theme_reviews"] == 1


@pytest.mark.parametrize("words", corpus.WRITE_COMMANDS,
                         ids=[" ".join(words[:2]) for words in corpus.WRITE_COMMANDS])
def test_a_write_to_a_store_not_built_yet_makes_nothing(tmp_path, capsys, words):
    files = {"FILE.csv": grants_csv_with_amount("5"), "FILE.md": write_up(*GOOD_POINTS)}
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, data in files.items():
        (inputs / name).write_bytes(data)
    words = [str(inputs / word) if word in files else word for word in words]
    assert main([*words, "--db", str(tmp_path / "not-yet" / "dash.duckdb")]) == 2
    _, err = _said(capsys)
    assert "There is no store at" in err and "python -m dash build" in err and len(err.splitlines()) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["inputs"]


@pytest.mark.parametrize(("name", "change", "to_seed", "to_entry", "says"), corpus.UNREPLAYABLE,
                         ids=[c[0] for c in corpus.UNREPLAYABLE])
def test_check_reports_what_the_last_build_could_not_replay(journalled_store, seed_dir_copy, capsys,
                                                            name, change, to_seed, to_entry, says):
    table, record_id, cells = change
    made = service.save_record(table, record_id, cells, by="AB", store=journalled_store)
    assert made.ok, made.message
    if to_seed:
        to_seed(seed_dir_copy)
    if to_entry:
        to_entry(_entry(journalled_store, "record"))
    seed = ["--seed", str(seed_dir_copy), "--db", str(journalled_store)]
    assert main(["build", *seed]) == 0
    out, _ = _said(capsys)
    assert says in out and ("was not replayed" in out or to_entry), out
    assert main(["check", "--db", str(journalled_store)]) == 1  # it said "0 errors" here
    out, _ = _said(capsys)
    assert any(says in line and line.startswith("ERROR") for line in out.splitlines()), out
    assert main(["build", "--if-needed", *seed]) == 0
    assert says in _said(capsys)[0]
