"""Every filter option in the corpus that ``deck`` and ``pack`` cannot read: one sentence on stderr
naming what was not read (never quoting 10,000 characters back, never a terminal escape), exit
status 2, and no file written."""

from __future__ import annotations

import pytest

from dash.cli import main
from tests.hostile import corpus


@pytest.mark.parametrize("command", ["deck", "pack"])
@pytest.mark.parametrize(("options", "says"), [case[1:] for case in corpus.DOCUMENT_FILTERS],
                         ids=[case[0] for case in corpus.DOCUMENT_FILTERS])
def test_a_filter_option_not_read_refuses_the_document(seed_store, tmp_path, capsys, command, options, says):
    out = tmp_path / f"{command}.out"
    assert main([command, "--out", str(out), "--db", str(seed_store), *options]) == 2
    said = capsys.readouterr()
    assert says in said.err, said.err[:300]
    assert len(said.err.strip().splitlines()) == 1 and len(said.err) < 400, said.err[:300]
    assert "\x1b" not in said.err and "\x07" not in said.err
    assert said.out == "" and not out.exists()
