"""Importing a write-up: one transaction, idempotent, replayed by rebuilds, nothing half-written."""

from __future__ import annotations

import pytest

from dash.cli import main
from dash.store import StoreReader
from dash.store.journal import journal_dir
from dash.write import service
from dash.write.build import build_store
from tests.support.inputs import PANEL_REVIEW as MARKDOWN
from tests.support.stores import table_snapshot


def import_notes(store, raw, filename, **options):
    outcome = service.import_write_up(raw, filename, by="tester", store=store, **options)
    assert outcome.ok, outcome.message
    return outcome.report


def _count(store, sql):
    return StoreReader(store).cursor().execute(sql).fetchone()[0]


def test_import_adds_a_meeting_with_coded_key_points(store_copy):
    report = import_notes(store_copy, MARKDOWN, "panel.md", locality="Bristol")
    assert report.locality_id == "E06000023" and len(report.key_points) == 3
    assert "Paying and training participants" in report.themes_suggested[1]
    assert _count(store_copy, "SELECT count(*) FROM meetings") == 13
    assert _count(store_copy, f"SELECT count(*) FROM insights WHERE meeting_id = '{report.meeting_id}'") == 3
    assert _count(store_copy, "SELECT count(*) FROM insight_themes WHERE insight_id LIKE 'mtg-import-%'") >= 3
    assert _count(store_copy, "SELECT count(*) FROM funds") == 5  # mentions are never silent inserts
    assert _count(store_copy, "SELECT count(*) FROM sources WHERE document = 'panel.md'") == 1


def test_importing_twice_changes_nothing(store_copy):
    import_notes(store_copy, MARKDOWN, "panel.md")
    before = table_snapshot(store_copy)
    again = import_notes(store_copy, MARKDOWN, "panel-copy.md")
    assert again.already_imported
    assert table_snapshot(store_copy) == before


def test_a_rebuild_replays_imports(store_copy):
    report = import_notes(store_copy, MARKDOWN, "panel.md", locality="E06000023")
    build_report = build_store(store_copy)
    assert build_report.imports_replayed == 1
    assert _count(store_copy, f"SELECT count(*) FROM insights WHERE meeting_id = '{report.meeting_id}'") == 3
    assert (journal_dir(store_copy) / "00000001.write-up.json").exists()


@pytest.mark.parametrize(("raw", "locality", "message"), [
    (b"", None, "empty"),
    (b"no structure here at all, only one line of words", None, "Found no key points"),
    (MARKDOWN, "Atlantis", "no place called 'Atlantis'"),
])
def test_refused_imports_leave_the_store_as_it_was(store_copy, raw, locality, message):
    before = table_snapshot(store_copy)
    outcome = service.import_write_up(raw, "notes.txt", by="tester", store=store_copy, locality=locality)
    assert not outcome.ok and message in outcome.message and "Nothing was changed" in outcome.message
    assert table_snapshot(store_copy) == before
    assert not journal_dir(store_copy).exists()


def test_command_line_import(store_copy, tmp_path, capsys):
    path = tmp_path / "panel.md"
    path.write_bytes(MARKDOWN)
    assert main(["import-notes", str(path), "--db", str(store_copy), "--held-on", "2023-03-09"]) == 0
    output = capsys.readouterr().out
    assert "Imported 'Community panel review' (9 March 2023)" in output
    assert "Mentions to confirm by hand" in output and "'£60K' → £60,000" in output
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["import-notes", str(empty), "--db", str(store_copy)]) == 2
    message = capsys.readouterr().err.strip()
    assert "The file is empty" in message and "Nothing was changed" in message and "\n" not in message


def test_json_report_shape(store_copy, tmp_path, capsys):
    import json

    path = tmp_path / "panel.md"
    path.write_bytes(MARKDOWN)
    assert main(["import-notes", str(path), "--db", str(store_copy), "--locality", "Bristol", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= {"meeting_id", "title", "held_on", "localities", "key_points", "money",
                           "lived_experience"}
    assert report["held_on"] == "2023-03-03" and report["localities"][0] == "E06000023"
    assert report["key_points"][0]["themes"] == ["Paying and training participants"]
    assert {"amount_gbp": 60000.0} .items() <= report["money"][0].items()
    assert report["lived_experience"][0]["share"] == 1.0


@pytest.mark.parametrize("raw", [b"x" * 4_100_000, b"\x00\x01binary\x00"])
def test_huge_and_binary_files_exit_2_and_change_nothing(store_copy, tmp_path, raw, capsys):
    before = table_snapshot(store_copy)
    path = tmp_path / "odd.txt"
    path.write_bytes(raw)
    assert main(["import-notes", str(path), "--db", str(store_copy)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert table_snapshot(store_copy) == before


def test_themes_report_command(seed_store, capsys):
    import json

    assert main(["themes", "--db", str(seed_store), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["themes"][0]
    assert first == {**first, "theme": "Sharing power with communities", "key_points": 14, "meetings": 6,
                     "first_dated": "2022-02-09", "last_dated": "2022-04-14"}
    assert "Watchet" in first["places"] and "Bristol" in first["places"]


def test_the_one_place_a_write_up_names_becomes_its_place_and_is_said(store_copy):
    one_place = (b"# Panel review\n\nHeld on 3 March 2023.\n\n- Residents in Bristol asked for paid roles.\n"
                 b"- People from across Bristol joined in.\n")
    report = import_notes(store_copy, one_place, "one.md")
    assert report.locality_id == "E06000023"
    said = "Placed in Bristol, the one place the write-up names"
    assert any(note.startswith(said) for note in report.notes)
    # Named once in passing, the one place may be another group's ("as the champions in Solihull
    # do"): asked about, never chosen in silence.
    in_passing = (b"# Panel review\n\nHeld on 3 March 2023.\n\n"
                  b"- We copied the rota the champions in Bristol use.\n")
    asked = import_notes(store_copy, in_passing, "passing.md")
    assert asked.locality_id is None and asked.places_asked == [("E06000023", "Bristol")]
    # Where it was held is never in passing.
    held_in = b"# Panel review\n\nHeld on 3 March 2023 in Bristol.\n\n- Paid roles helped.\n- Trust grew.\n"
    held = import_notes(store_copy, held_in, "held.md")
    assert held.locality_id == "E06000023"
    two_places = b"# Review\n\n- Bristol and Manchester panels both paid members.\n"
    assert import_notes(store_copy, two_places, "two.md").locality_id is None  # which? a person says
    told = import_notes(store_copy, one_place.replace(b"Panel review", b"Other"), "three.md",
                        locality="Manchester")
    assert told.locality_id == "E08000003" and not any("Placed in" in note for note in told.notes)


def test_the_command_line_asks_which_place_when_two_tie(store_copy, tmp_path, capsys):
    path = tmp_path / "tied.md"
    path.write_text("# Leeds and Camden panels compared\n\n- Both panels paid members £15 an hour.\n",
                    encoding="utf-8")
    assert main(["import-notes", str(path), "--db", str(store_copy)]) == 0
    output = capsys.readouterr().out
    assert "The write-up names Leeds and Camden: which is the meeting's place?" in output
    assert "locality_id=E08000035 (Leeds) or locality_id=E09000007 (Camden)" in output
    assert "'£15' → £15 (a rate or a cost: not a fund's size)" in output


def test_a_write_up_naming_no_place_says_so(store_copy):
    report = import_notes(store_copy, b"# Review\n\n- Members were paid for their time.\n", "none.md")
    assert report.locality_id is None and any("names no place we know" in note for note in report.notes)
