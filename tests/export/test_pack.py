"""The board pack: one PDF of the view, printed by Debian's Chromium, read back with pdftotext."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest

from dash import catalogue
from dash.cli import main
from dash.coverage import coverage_line
from dash.export.pack import PACK_ROWS, PackUnavailable, build_pack, pack_html
from dash.filters import Filters

BRISTOL = Filters(("E06000023",))


def _pdf_text(path) -> str:
    assert shutil.which("pdftotext"), "pdftotext missing: `make test` installs poppler-utils"
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.browser  # printed by Debian's Chromium
def test_the_pack_has_a_title_page_each_chart_with_its_table_and_the_sources(db, tmp_path):
    cursor = db.cursor()
    names = ["fund_sizes", "lived_experience_shares", "theme_counts"]
    charts = [catalogue.build(n, cursor, BRISTOL) for n in names]
    pdf = build_pack(charts, coverage_line(cursor, BRISTOL), "Store version 0, built on 1 December 2026.")
    assert pdf[:5] == b"%PDF-"
    (tmp_path / "pack.pdf").write_bytes(pdf)
    text = " ".join(_pdf_text(tmp_path / "pack.pdf").split())
    assert "Showing 3 funds (£1.37m), 3 panels and 1 meeting in Bristol." in text
    assert "Store version 0" in text
    for chart in charts:
        assert " ".join(chart.title.split()) in text and chart.takeaway.split(":")[0] in text
    assert "Quartet health and well-being budget" in text and "£1,300,000" in text  # the table, exactly
    assert "reported 9 February 2022" in text and text.count("Sources") >= 1
    assert "Barking" not in text
    pages = subprocess.run(["pdfinfo", str(tmp_path / "pack.pdf")], capture_output=True, text=True).stdout
    assert int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages"))) >= 5


@pytest.mark.browser  # printed by Debian's Chromium
def test_stored_text_is_printed_as_its_characters(db):
    chart = catalogue.build("fund_sizes", db.cursor(), Filters())
    hostile = dataclasses.replace(chart, title='<img src="http://example.com/x.png"> [link](https://x)\u202e',
                                  takeaway="<script>alert(1)</script>")
    page = pack_html([hostile], "everything", "Store version 0.")
    assert "<img src=\"http://example.com" not in page and "<script>alert" not in page
    assert "&lt;img src=&quot;http://example.com/x.png&quot;&gt;" in page and "\u202e" not in page
    assert "http://" not in page.replace("http://example.com/x.png", "")  # nothing fetched: images inline


@pytest.mark.browser  # printed by Debian's Chromium
def test_a_long_table_is_cut_and_says_so(db):
    chart = catalogue.build("fund_sizes", db.cursor(), Filters())
    import pandas as pd

    long = dataclasses.replace(chart, make_table=lambda: pd.DataFrame({"Row": range(PACK_ROWS + 7)}))
    assert f"The first {PACK_ROWS} of {PACK_ROWS + 7} rows" in pack_html([long], "everything", "")


def test_no_chromium_is_one_sentence(db, monkeypatch):
    from dash.export import pack

    monkeypatch.setattr(pack, "find_chromium", lambda: None)
    with pytest.raises(PackUnavailable, match="printed by Chromium") as refused:
        pack.print_pdf("<p>x</p>")
    assert "apt-get" not in str(refused.value) and "apt-get install chromium" in refused.value.remedy


def test_the_command_line_says_how_to_install_chromium(seed_store, tmp_path, monkeypatch, capsys):
    """The page says it plainly; whoever types the command is the one who can install it."""
    from dash.export import pack

    monkeypatch.setattr(pack, "find_chromium", lambda: None)
    monkeypatch.setattr(pack, "pack_html", lambda *args, **kwargs: "<p>x</p>")
    out = tmp_path / "bristol.pdf"
    assert main(["pack", "--out", str(out), "--db", str(seed_store), "--locality", "Bristol",
                 "--charts", "fund_sizes"]) != 0
    said = capsys.readouterr().err
    assert "printed by Chromium" in said and "apt-get install chromium" in said and not out.exists()


@pytest.mark.browser  # printed by Debian's Chromium
def test_pack_command(seed_store, tmp_path, capsys):
    out = tmp_path / "bristol.pdf"
    assert main(["pack", "--out", str(out), "--db", str(seed_store), "--locality", "Bristol",
                 "--charts", "fund_sizes"]) == 0
    assert "a board pack of 1 chart for Bristol" in capsys.readouterr().out
    assert out.read_bytes()[:5] == b"%PDF-"
    assert main(["pack", "--out", str(out), "--db", str(seed_store), "--locality", "Atlantis"]) == 2
    assert "There is no place called 'Atlantis'" in capsys.readouterr().err


@pytest.mark.browser  # printed by Debian's Chromium
def test_the_pack_carries_the_need_charts_as_the_screen_does(db, tmp_path):
    cursor = db.cursor()
    names = ["funds_per_head", "funds_by_deprivation", "funds_per_head_map", "panel_members_per_100k"]
    charts = [catalogue.build(n, cursor, BRISTOL) for n in names]
    pdf = build_pack(charts, coverage_line(cursor, BRISTOL), "Store version 0.")
    (tmp_path / "pack.pdf").write_bytes(pdf)
    text = " ".join(_pdf_text(tmp_path / "pack.pdf").split())
    for chart in charts:
        assert " ".join(chart.takeaway.split()) in text, chart.key
    assert "Bristol received £2.77 a head" in text  # £1,374,000 for 495,260 people
    assert "Decile 1 is the most deprived" in text and "not comparable" in text
    assert "Office for National Statistics, mid-2025 (30 June 2025)" in text
    assert "Scottish Government" not in text  # Bristol is placed on England's index alone, and cites it
