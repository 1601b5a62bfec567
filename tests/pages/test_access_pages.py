"""Who sees which controls: `make run` on this machine, served to others, signed out, viewer, editor, admin.

Through the real ``st.navigation`` frame; ``AppTest.user`` stands in for the provider's sign-in (the
browser tests sign in through a real OpenID Connect provider).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from dash.write import service
from dash.write.access import local_user
from tests.support.apptest import all_text, page_path, served_on, shown
from tests.support.inputs import SIGN_IN

EDITOR = {"is_logged_in": True, "email": "ed@example.org", "name": "Ed Itor", "email_verified": True}
VIEWER = {"is_logged_in": True, "email": "vi@elsewhere.org", "name": "Vi Ewer"}
ADMIN = {"is_logged_in": True, "email": "chair@example.org", "name": "The Chair"}
WRITE_CONTROLS = ("grants_import", "notes_import", "themes_add", "people_remove_button")


@pytest.fixture
def signing_in(tmp_path, monkeypatch, store_copy):
    """Sign-in set up (chair@example.org the configured admin, ed@example.org an editor), on a copy."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(SIGN_IN)
    monkeypatch.setenv("DASH_SECRETS", str(secrets))
    monkeypatch.setenv("DASH_DB", str(store_copy))
    assert service.set_role("ed@example.org", "editor", by="operator", store=store_copy).ok
    return store_copy


def _open(app_test, page: str, user: dict | None = None):
    test = app_test()
    if user is not None:
        test.user = user
    test.run()
    assert not test.exception, test.exception
    test.switch_page(page_path(f"{page}.py")).run()
    assert not test.exception, test.exception
    return test


def _write_controls(test) -> list[str]:
    uploaders = [e for e in test.get("file_uploader")]
    buttons = [b.key for b in test.button if b.key and (b.key in WRITE_CONTROLS or
                                                         b.key.startswith(("accept_", "reject_")))]
    toggles = [t.key for t in test.toggle if t.key == "themes_adding"]
    pickers = [s.key for s in test.selectbox if s.key and s.key.startswith("record_")]  # record forms
    return [f"uploader {i}" for i, _ in enumerate(uploaders)] + buttons + toggles + pickers


def _review(test) -> None:
    test.selectbox(key="themes_pick").select("time").run()


def test_make_run_on_this_machine_lets_its_person_edit_signed_as_themselves(app_test, store_copy,
                                                                           monkeypatch):
    monkeypatch.setenv("DASH_DB", str(store_copy))
    for page in ("grants", "meetings"):
        assert _write_controls(_open(app_test, page)), page
    test = _open(app_test, "themes")
    _review(test)
    test.button(key="accept_ins-jf-07_time").click().run()
    assert any(f"Saved: accepted by {local_user()}." in shown(s.value) for s in test.success)
    assert f"Editing as **{local_user()}** on this computer" in all_text(test)
    activity = _open(app_test, "activity")
    table = activity.dataframe[0].value
    assert list(table["Who"]) == [local_user()] and list(table["How"]) == ["at the dashboard's computer"]
    assert list(table["Open"]) == ["themes?theme=time"]
    assert len(activity.get("download_button")) == 1  # its CSV: see test_activity_csv


@pytest.mark.parametrize("address", ["0.0.0.0", None, "192.168.1.20"])
def test_served_to_other_computers_with_no_sign_in_it_is_read_only(app_test, address):
    served_on(address)
    for page in ("overview", "grants", "meetings", "themes"):
        test = _open(app_test, page)
        if page == "themes":
            _review(test)
        assert any("read-only here" in i.value for i in test.info), page
        assert _write_controls(test) == [], page
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not in the navigation
        app_test().run().switch_page(page_path("activity.py"))


@pytest.mark.parametrize(("address", "headers", "only"), [
    ("127.0.0.1", {"Host": "127.0.0.1:8501"}, True), ("127.0.0.1", {"Host": "localhost:8501"}, True),
    ("::1", {"Host": "[::1]:8501"}, True), ("localhost", {}, True),
    ("127.0.0.1", {"Host": "dashboard.example.org"}, False),  # a proxy passing the public name on
    ("127.0.0.1", {"Host": "127.0.0.1:8501", "X-Forwarded-For": "203.0.113.9"}, False),
    ("127.0.0.1", {"Host": "127.0.0.1", "Forwarded": "for=203.0.113.9"}, False),
    ("0.0.0.0", {"Host": "127.0.0.1:8501"}, False), (None, {}, False), ("", {}, False),
    ("192.168.1.20", {"Host": "192.168.1.20"}, False),
])
def test_only_a_loopback_server_reached_directly_counts_as_this_machine(address, headers, only):
    from dash.ui.identity import only_this_machine

    assert only_this_machine(address, headers) is only


def test_signed_out_visitors_read_and_are_offered_sign_in(app_test, signing_in):
    test = _open(app_test, "grants", {"is_logged_in": False})
    assert _write_controls(test) == []
    assert "Sign in to edit: editors can import a 360Giving file here." in all_text(test)
    assert [b.label for b in test.button if b.key == "sign_in_default"] == ["Sign in"]
    themes = _open(app_test, "themes", {"is_logged_in": False})
    _review(themes)
    assert _write_controls(themes) == []
    assert "Sign in to edit: editors can accept or reject the rules' codes here." in all_text(themes)


def test_a_signed_in_viewer_sees_no_control_that_writes(app_test, signing_in):
    for page in ("overview", "funds", "panels", "themes", "meetings", "grants", "map", "present"):
        test = _open(app_test, page, VIEWER)
        if page == "themes":
            _review(test)
        assert _write_controls(test) == [], page
    assert "Only editors can import a meeting write-up: ask one of this dashboard's admins" in all_text(
        _open(app_test, "meetings", VIEWER))
    assert "Signed in as **Vi Ewer (vi@elsewhere.org)**: you can read" in all_text(test)


def test_a_signed_in_editor_reviews_and_the_activity_page_names_them(app_test, signing_in):
    test = _open(app_test, "themes", EDITOR)
    _review(test)
    test.button(key="accept_ins-jf-07_time").click().run()
    assert not test.exception
    assert any("Saved: accepted by Ed Itor." in shown(s.value) for s in test.success)
    assert "Accepted by Ed Itor" in all_text(test)
    activity = _open(app_test, "activity", EDITOR)
    table = activity.dataframe[0].value
    assert table.iloc[0]["Who"] == "Ed Itor (ed@example.org)" and table.iloc[0]["How"] == "signed in"
    assert table.iloc[1]["What changed"] == "Made ed@example.org an editor"
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # an editor is no admin
        activity.switch_page(page_path("people.py"))


def test_an_admin_gives_a_role_on_the_people_page_and_it_takes_effect(app_test, signing_in):
    test = _open(app_test, "people", ADMIN)
    assert "chair@example.org" in all_text(test)
    test.text_input(key="people_pattern").input("vi@elsewhere.org")
    test.selectbox(key="people_role").select("editor")
    test.button[[b.key for b in test.button].index("FormSubmitter:people_add-Save the role")].click().run()
    assert not test.exception
    assert any("vi@elsewhere.org is now an editor." in shown(s.value) for s in test.success)
    now_editor = _open(app_test, "grants", VIEWER)
    assert _write_controls(now_editor)
    bad = _open(app_test, "people", ADMIN)
    bad.text_input(key="people_pattern").input("[me](https://evil.example)")
    bad.button[[b.key for b in bad.button].index("FormSubmitter:people_add-Save the role")].click().run()
    assert any("neither an e-mail address" in shown(e.value) for e in bad.error)


def test_activity_csv_holds_every_write_in_words(store_copy, signing_in):
    from dash import catalogue
    from dash.export.tables import csv_bytes
    from dash.store import StoreReader

    assert service.decide("ins-jf-07", "time", "accept", by=service.Person.signed_in("ed@example.org", "Ed"),
                          store=store_copy).ok
    table = catalogue.fetch("activity", StoreReader(store_copy).cursor())
    text = csv_bytes(table.drop(columns=["Open"])).decode("utf-8-sig")
    header, first, second = text.splitlines()[:3]
    assert header == "Number,When (UK time),Who,How,Kind,What changed"
    assert first.startswith("2,") and "Ed (ed@example.org),signed in,Theme reviewed," in first
    assert "operator,command line,Role changed,Made ed@example.org an editor" in second


def test_the_activity_link_to_an_imported_write_up_opens_it_on_the_meetings_page(app_test, store_copy,
                                                                                monkeypatch):
    from tests.support.inputs import GOOD_POINTS, write_up

    monkeypatch.setenv("DASH_DB", str(store_copy))
    head = "# Panel & pay review\n\nHeld on 9 March 2023.\n\n"
    assert service.import_write_up(write_up(*GOOD_POINTS, head=head), "w.md", by="operator",
                                   store=store_copy).ok
    link = _open(app_test, "activity").dataframe[0].value.iloc[0]["Open"]
    assert link == "meetings?search=Panel%20%26%20pay%20review"
    page, _, query = link.partition("?")
    test = app_test(dict(parse_qsl(query))).run()
    test.switch_page(page_path(f"{page}.py")).run()
    assert test.text_input(key="meeting_search").value == "Panel & pay review"
    assert [e.label for e in test.expander if "Panel" in e.label]
    assert "search" not in test.query_params  # taken once: the person's next search is their own


@pytest.fixture
def replica(tmp_path, monkeypatch, store_copy):
    """A replica's copy of what the writer (``store_copy``) published, as ``serve --follow`` serves it."""
    from dash.store.publish import publish, take_newest

    folder = tmp_path / "published"
    folder.mkdir()
    publish(store_copy, folder)
    local = tmp_path / "replica" / "dash.duckdb"
    take_newest(folder, local)
    monkeypatch.setenv("DASH_DB", str(local))
    return local


@pytest.mark.parametrize("address", ["127.0.0.1", "0.0.0.0"])
def test_a_replica_is_read_only_even_on_this_machine_and_says_where_editors_go(app_test, replica,
                                                                             monkeypatch, address):
    served_on(address)
    monkeypatch.setenv("DASH_EDITOR_URL", "https://edit.example.org/dashboard")
    sentence = "This copy of the dashboard is read-only: editors {} at https://edit.example.org/dashboard."
    # Once a page: the first control it would have drawn names what editors do there.
    for page, doing in (("grants", "import a 360Giving file"), ("meetings", "add and correct meetings"),
                        ("funds", "add and correct funds")):
        test = _open(app_test, page)
        assert not _write_controls(test), page
        assert sentence.format(doing) in shown("\n".join(c.value for c in test.caption)).replace(
            "[https://edit.example.org/dashboard](https://edit.example.org/dashboard)",
            "https://edit.example.org/dashboard"), page
        assert "Editing as" not in all_text(test) and "read-only here" not in all_text(test)
        assert sum("This copy of the dashboard is read-only" in c.value for c in test.caption) == 1, page
    assert not [p for p in _open(app_test, "overview").get("page_link") if "activity" in str(p)]


def test_a_replica_with_no_editors_address_says_whom_to_ask(app_test, replica, monkeypatch):
    monkeypatch.delenv("DASH_EDITOR_URL", raising=False)
    test = _open(app_test, "grants")
    assert not _write_controls(test)
    assert any("editors import a 360Giving file on the editors' copy, whose address whoever runs the "
               "dashboard can give you" in c.value for c in test.caption)


def test_a_replica_ignores_an_editors_address_that_is_not_a_plain_web_address(app_test, replica, monkeypatch):
    monkeypatch.setenv("DASH_EDITOR_URL", "javascript:alert(1)")
    test = _open(app_test, "grants")
    assert "javascript" not in all_text(test)
