"""REFI-QDA: the coding as a project other QDA programs open, and a codebook read back in."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from pyrefiqda.models import Project
from xsdata_pydantic.bindings import XmlParser

from dash.cli import main
from dash.export.refi_qda import MACHINE, guid, qdpx
from dash.queries.interchange import coded_write_ups
from dash.store import StoreReader
from dash.themes.codebook import CODEBOOK, load_codebook
from dash.themes.refi_codebook import CodebookFileError, import_into, merged, read_qdc
from dash.write import service
from tests.support.inputs import QUALCODER_CODEBOOK as CODEBOOK_FILE
from tests.support.inputs import write_up

MADE = dt.datetime(2026, 12, 1, 9, 30)


def _open(archive: bytes) -> tuple[Project, dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        project = XmlParser().from_bytes(z.read("project.qde"), Project)
        texts = {n.removeprefix("sources/"): z.read(n).decode("utf-8") for n in z.namelist()
                 if n.startswith("sources/") and n.endswith(".txt")}
    return project, texts


def test_the_project_holds_every_write_up_key_point_theme_and_counted_code(store_copy):
    assert service.decide("ins-jf-07", "time", "accept", by="AB", store=store_copy).ok
    assert service.decide("ins-jf-01", "systems", "reject", by="AB", store=store_copy).ok
    cursor = StoreReader(store_copy).cursor()
    project, texts = _open(qdpx(coded_write_ups(cursor), MADE))

    assert project.name and project.creation_date_time.to_datetime() == MADE
    assert {u.name for u in project.users.user} == {MACHINE, "AB"}
    codes = {c.guid: c.name for c in project.code_book.codes.code}
    names = cursor.execute("SELECT name FROM themes").fetchall()
    assert sorted(codes.values()) == sorted(r[0] for r in names)
    sources = project.sources.text_source
    assert len(sources) == 12 and all(s.plain_text_path == f"internal://{s.guid}.txt" for s in sources)
    assert {f"{s.guid}.txt" for s in sources} == set(texts)  # QualCoder reads these files

    selections = [(s, sel) for s in sources for sel in s.plain_text_selection]
    counted = cursor.execute("SELECT count(*) FROM insight_themes WHERE status <> 'rejected'").fetchone()[0]
    assert len(selections) == counted
    key_points = dict(cursor.execute("SELECT insight_id, text FROM insights").fetchall())
    for source, selection in selections:
        insight_id = selection.name.split(" · ")[0]
        words = texts[f"{source.guid}.txt"][selection.start_position:selection.end_position]
        assert words == key_points[insight_id]  # the span is the key point's words, exactly
        [coding] = selection.coding
        assert coding.code_ref.target_guid in codes
    accepted = next(sel for _, sel in selections if sel.name == "ins-jf-07 · time")
    assert accepted.description == "Accepted by AB" and accepted.creating_user == guid("user", "AB")
    assert not [sel for _, sel in selections if sel.name == "ins-jf-01 · systems"]  # rejected: not a code


def test_exporting_twice_gives_the_same_ids(seed_store):
    cursor = StoreReader(seed_store).cursor()
    first, second = (_open(qdpx(coded_write_ups(cursor), MADE))[0] for _ in range(2))
    assert first == second


def test_stored_text_that_xml_refuses_is_exported_as_readable_text(store_copy):
    hostile = "Control \x01 and \x1b[31m escape, <b>tags</b> & ]]> end: panels paid for their time"
    assert service.import_write_up(write_up(hostile, "Trust takes time."), "x.md", by="t",
                                   store=store_copy).ok
    _, texts = _open(qdpx(coded_write_ups(StoreReader(store_copy).cursor()), MADE))
    [text] = [t for t in texts.values() if "escape" in t]
    assert "\x01" not in text and "<b>tags</b> & ]]> end" in text


def test_a_codebook_s_new_codes_become_themes_and_known_ones_stay(tmp_path):
    codebook = tmp_path / "codebook.csv"
    codebook.write_bytes(CODEBOOK.read_bytes())
    examples = CODEBOOK.with_name("examples.csv")  # the sentences written for each theme, kept beside it
    (tmp_path / examples.name).write_bytes(examples.read_bytes())
    added, kept = import_into(codebook, CODEBOOK_FILE, "from-qualcoder.qdc")
    assert added == ["Digital exclusion", "Peer support"] and kept == ["Sharing power with communities"]
    themes = load_codebook(codebook).by_id()
    assert themes["digital-exclusion"].definition.startswith("Online-only meetings")
    assert themes["digital-exclusion"].signal_phrases == ("Digital exclusion",)
    assert themes["peer-support"].name == "Peer support"  # no formula for a spreadsheet to run
    assert themes["sharing-power"] == load_codebook().by_id()["sharing-power"]  # phrases and all
    assert import_into(codebook, CODEBOOK_FILE, "again.qdc") == ([], ["Digital exclusion",
                                                                      "Sharing power with communities",
                                                                      "Peer support"])


def test_an_imported_theme_is_suggested_by_meaning_at_once(tmp_path):
    from dash.themes.coding import suggestion_rows

    text, _, _ = merged(CODEBOOK.read_text(encoding="utf-8"), read_qdc(CODEBOOK_FILE, "x.qdc"), "x.qdc")
    path = tmp_path / "codebook.csv"
    path.write_text(text, encoding="utf-8")
    point = ("a", "Digital exclusion kept older residents out of the panel")
    rows = suggestion_rows([point], load_codebook(path), {})
    assert [r[1] for r in rows] == ["digital-exclusion"]


QDC_REFUSED = [
    ("empty", b"", "is empty"),
    ("a project, zipped", b"PK\x03\x04rest", "zip archive"),
    ("a billion laughs", b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                         b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "DTD"),
    ("not XML", b"theme_id,name\nx,y\n", "not XML"),
    ("cut short", CODEBOOK_FILE[:300], "not whole XML"),
    ("a project file", b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>', "not a REFI-QDA codebook"),
    ("no namespace", b"<CodeBook><Codes/></CodeBook>", "not a REFI-QDA codebook"),
    ("a code without its guid", b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="x" '
                                b'isCodable="true"/></Codes></CodeBook>', "schema"),
    ("isCodable not true or false", CODEBOOK_FILE.replace(b'isCodable="true"', b'isCodable="maybe"'),
     "schema"),
    ("only categories", CODEBOOK_FILE.replace(b'isCodable="true"', b'isCodable="false"'), "no code"),
    ("too large", b"<" + b" " * 2_000_001, "larger than"),
    ("nested thousands deep", b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>' + b"".join(
        b'<Code guid="0b4b9c8e-1a1f-4a53-9d3c-%012d" name="c" isCodable="true">' % i for i in range(3000))
        + b"</Code>" * 3000 + b"</Codes></CodeBook>", "codebook"),
]


@pytest.mark.parametrize(("name", "raw", "says"), QDC_REFUSED, ids=[c[0] for c in QDC_REFUSED])
def test_a_file_that_is_not_a_codebook_is_refused_in_a_sentence_and_changes_nothing(
        tmp_path, name, raw, says):
    codebook = tmp_path / "codebook.csv"
    codebook.write_bytes(CODEBOOK.read_bytes())
    with pytest.raises(CodebookFileError) as refused:
        import_into(codebook, raw, f"{name}.qdc")
    message = str(refused.value)
    assert says in message and "\n" not in message and len(message) < 300
    assert codebook.read_bytes() == CODEBOOK.read_bytes() and list(tmp_path.iterdir()) == [codebook]


def test_the_cli_imports_a_codebook_and_exports_a_project(tmp_path, seed_store, capsys):
    qdc = tmp_path / "book.qdc"
    qdc.write_bytes(CODEBOOK_FILE)
    codebook = tmp_path / "codebook.csv"
    codebook.write_bytes(CODEBOOK.read_bytes())
    assert main(["themes", "import-codebook", str(qdc), "--codebook", str(codebook)]) == 0
    out, err = capsys.readouterr()
    assert "Added 2 theme(s)" in out, err
    bad = tmp_path / "bad.qdc"
    bad.write_bytes(b"<CodeBook>")
    assert main(["themes", "import-codebook", str(bad), "--codebook", str(codebook)]) == 2
    _, err = capsys.readouterr()
    assert "Traceback" not in err and "not whole XML" in err
    out = tmp_path / "coding.qdpx"
    assert main(["themes", "export-qdpx", str(out), "--db", str(seed_store)]) == 0
    said, err = capsys.readouterr()
    assert "12 write-ups, 64 key points" in said, err
    assert len(_open(out.read_bytes())[0].sources.text_source) == 12
