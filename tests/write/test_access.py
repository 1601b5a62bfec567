"""Who may write: roles in the store, the configuration's admins, and the service's own refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from dash.cli import main
from dash.errors import UserError
from dash.store import StoreReader
from dash.write import service
from dash.write.access import Person, Settings, load_settings, role_of, role_pattern
from dash.write.build import build_store
from tests.support.inputs import GOOD_POINTS, SIGN_IN, grants_csv_with_amount, write_up
from tests.support.stores import table_snapshot

EDITOR = Person.signed_in("ed@example.org", "Ed Itor")
VIEWER = Person.signed_in("vi@elsewhere.org", "Vi Ewer")
ADMIN = Person.signed_in("chair@example.org", "The Chair")


@pytest.fixture
def signing_in(tmp_path: Path, monkeypatch) -> Path:
    """Sign-in set up, with chair@example.org the configuration's admin."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(SIGN_IN)
    monkeypatch.setenv("DASH_SECRETS", str(secrets))
    return secrets


def _cursor(store: Path):
    return StoreReader(store).cursor()


def test_no_configuration_means_no_sign_in():
    assert load_settings() == Settings(path=load_settings().path)
    assert not load_settings().sign_in


def test_the_configuration_names_sign_in_its_providers_and_first_admins(signing_in, tmp_path):
    settings = load_settings()
    assert settings.sign_in and settings.providers == (None,) and settings.admins == ("chair@example.org",)
    named = tmp_path / "named.toml"
    named.write_text('[auth]\nredirect_uri = "x"\ncookie_secret = "y"\n'
                     '[auth.microsoft]\nclient_id = "a"\n[auth.google]\nclient_id = "b"\n')
    assert load_settings(named).providers == ("microsoft", "google")
    named.write_text("[auth\nclient_id=")
    with pytest.raises(UserError, match="cannot be read"):
        load_settings(named)
    named.write_text('[access]\nadmins = ["not an address"]\n')
    with pytest.raises(UserError, match="neither an e-mail address"):
        load_settings(named)


@pytest.mark.parametrize(("text", "kept"), [
    ("Ada@Example.ORG", "ada@example.org"), (" @example.org ", "@example.org"),
    ("ada.lovelace+trustee@mail.example.co.uk", "ada.lovelace+trustee@mail.example.co.uk"),
])
def test_addresses_and_domains_are_kept_in_lower_case(text, kept):
    assert role_pattern(text) == kept


@pytest.mark.parametrize("text", ["", "example.org", "ada@", "@", "ada@localhost", "a b@example.org",
                                  "[x](https://evil.example)@example.org", "x" * 400 + "@example.org"])
def test_anything_else_is_refused_with_a_sentence(text):
    with pytest.raises(UserError):
        role_pattern(text)


def test_an_address_s_own_role_wins_over_its_domain_s(signing_in, store_copy):
    for pattern, role in (("@example.org", "editor"), ("ed@example.org", "viewer"),
                          ("al@example.org", "admin")):
        assert service.set_role(pattern, role, by="operator", store=store_copy).ok
    settings = load_settings()
    cursor = _cursor(store_copy)
    assert role_of(cursor, "ed@example.org", settings) == "viewer"  # its own row
    assert role_of(cursor, "someone@example.org", settings) == "editor"  # the domain's
    assert role_of(cursor, "AL@example.org", settings) == "admin"
    assert role_of(cursor, "x@sub.example.org", settings) == "viewer"  # a subdomain is another domain
    assert role_of(cursor, "chair@example.org", settings) == "admin"  # the configuration's
    assert role_of(cursor, None, settings) == "viewer"


def test_the_service_refuses_a_viewer_and_changes_nothing(signing_in, store_copy):
    before = table_snapshot(store_copy)
    for outcome in (
        service.import_grants(grants_csv_with_amount("900"), "g.csv", by=VIEWER, store=store_copy),
        service.import_write_up(write_up(*GOOD_POINTS), "w.md", by=VIEWER, store=store_copy),
        service.decide("ins-jf-07", "time", "accept", by=VIEWER, store=store_copy),
        service.set_role("vi@elsewhere.org", "admin", by=VIEWER, store=store_copy),
    ):
        assert not outcome.ok and outcome.reference is None
        assert "Vi Ewer (vi@elsewhere.org) can read this dashboard but not" in outcome.message
        assert "admins" in outcome.message and "Nothing was changed." in outcome.message
    assert table_snapshot(store_copy) == before


def test_an_editor_writes_signed_and_only_an_admin_gives_roles(signing_in, store_copy):
    assert service.set_role("ed@example.org", "editor", by=ADMIN, store=store_copy).ok
    done = service.decide("ins-jf-07", "time", "accept", by=EDITOR, store=store_copy)
    assert done.ok and done.message == "Saved: accepted by Ed Itor."
    refused = service.set_role("ed@example.org", "admin", by=EDITOR, store=store_copy)
    assert not refused.ok and "not say who may edit" in refused.message
    rows = _cursor(store_copy).execute(
        "SELECT written_by, email, via, kind, subject FROM writes ORDER BY entry").fetchall()
    assert rows == [("The Chair", "chair@example.org", "sign-in", "role", "ed@example.org"),
                    ("Ed Itor", "ed@example.org", "sign-in", "decision", "time|ins-jf-07")]


def test_the_person_at_the_machine_may_edit_only_while_no_sign_in_is_set_up(store_copy, signing_in,
                                                                             monkeypatch, tmp_path):
    here = Person.at_this_machine()
    refused = service.decide("ins-jf-07", "time", "accept", by=here, store=store_copy)
    assert not refused.ok
    assert "Sign-in is set up for this dashboard: sign in to make changes." in refused.message
    monkeypatch.setenv("DASH_SECRETS", str(tmp_path / "none.toml"))
    assert service.decide("ins-jf-07", "time", "accept", by=here, store=store_copy).ok
    claimed = service.decide("ins-jf-07", "time", "reject", by=EDITOR, store=store_copy)
    assert not claimed.ok and "Sign-in is not set up" in claimed.message  # a sign-in nobody could check
    assert _cursor(store_copy).execute("SELECT via FROM writes").fetchall() == [("this machine",)]


def test_roles_survive_a_rebuild_and_a_removal_is_replayed_too(signing_in, store_copy):
    assert service.set_role("@example.org", "editor", by="operator", store=store_copy).ok
    assert service.set_role("ed@example.org", "admin", by="operator", store=store_copy).ok
    assert service.set_role("@example.org", None, by="operator", store=store_copy).ok
    again = service.set_role("@example.org", None, by="operator", store=store_copy)
    assert again.ok and "nothing changed" in again.message
    build_store(store_copy)
    assert _cursor(store_copy).execute("SELECT pattern, role FROM roles").fetchall() == [
        ("ed@example.org", "admin")]
    assert _cursor(store_copy).execute("SELECT count(*) FROM writes WHERE kind = 'role'").fetchone()[0] == 3


def test_users_on_the_command_line(signing_in, store_copy, capsys):
    assert main(["users", "add", "Ed@Example.org", "editor", "--db", str(store_copy), "--by", "JS"]) == 0
    assert "ed@example.org is now an editor." in capsys.readouterr().out
    assert main(["users", "add", "@example.org", "viewer", "--db", str(store_copy)]) == 0
    capsys.readouterr()
    assert main(["users", "list", "--db", str(store_copy)]) == 0
    listed = capsys.readouterr().out
    assert "Sign-in is set up." in listed and "chair@example.org: admin (named in secrets.toml)" in listed
    assert "ed@example.org: editor (given by JS, " in listed and "@example.org: viewer" in listed
    assert main(["users", "add", "not-an-address", "editor", "--db", str(store_copy)]) == 2
    assert "neither an e-mail address" in capsys.readouterr().err
    assert main(["users", "remove", "ed@example.org", "--db", str(store_copy)]) == 0
    assert "no longer has a role of its own" in capsys.readouterr().out
