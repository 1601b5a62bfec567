"""Sign-in for real: Streamlit's st.login against an OpenID Connect provider on 127.0.0.1, in Chromium.

An editor signs in, imports a 360Giving file, accepts a code, finds both signed with their name on
the Activity page's CSV, and signs out; a viewer signs in and finds no control that writes on any
page. The provider is ``dash.devtools.oidc_provider`` (Authlib's server parts), not a stand-in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dash.devtools.local_server import free_port, running_app
from dash.devtools.oidc_provider import Account, running_provider
from dash.write import service
from tests.support.browser import screenshot, wait_until_idle
from tests.support.inputs import grants_csv_with_amount

EDITOR = Account("ed@example.org", "Ed Itor")
VIEWER = Account("vi@example.org", "Vi Ewer")
PAGES = ("", "funds", "panels", "themes", "meetings", "grants", "map", "present")


@pytest.fixture(scope="module")
def signed_in_app(tmp_path_factory, seed_store) -> Iterator[tuple[str, str]]:
    """The dashboard with sign-in set up against the provider; Ed is an editor, Vi has no role."""
    import shutil

    folder = tmp_path_factory.mktemp("sign-in")
    store = folder / "dash.duckdb"
    shutil.copyfile(seed_store, store)
    port = free_port()
    with running_provider([EDITOR, VIEWER]) as provider:
        secrets = folder / "secrets.toml"
        secrets.write_text(provider.secrets_toml(f"http://127.0.0.1:{port}"))
        environment = {"DASH_SECRETS": str(secrets)}
        assert service.set_role(EDITOR.email, "editor", by="operator", store=store).ok
        with running_app(store, port=port, env=environment, warm_up=False) as app:
            yield app.url, provider.issuer


def _sign_in(page, url: str, account: Account) -> None:
    page.goto(url)
    wait_until_idle(page)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("button", name=account.email).click()  # the provider's own page, on 127.0.0.1
    page.wait_for_url(f"{url}/**")
    wait_until_idle(page)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text().replace("\u2060", "")  # invisible
    assert f"Signed in as {account.name} ({account.email})" in sidebar


def _sign_out(page, url: str, provider: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{provider}/**")  # Streamlit ends the provider's session too: it asks first
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{url}/**")
    wait_until_idle(page)
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()


def test_an_editor_signs_in_imports_reviews_and_the_activity_page_names_them(signed_in_app, page,
                                                                             tmp_path: Path):
    url, provider = signed_in_app
    _sign_in(page, url, EDITOR)

    page.goto(f"{url}/grants")
    wait_until_idle(page)
    grants_file = tmp_path / "signed.csv"
    grants_file.write_bytes(grants_csv_with_amount("1234"))
    # No grants yet, so the import is open already.
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(grants_file))
    expect(page.get_by_text("signed.csv").first).to_be_visible()  # the upload has reached the app
    wait_until_idle(page)
    expect(page.get_by_role("button", name="Import grants")).to_be_enabled()
    page.get_by_role("button", name="Import grants").click()
    expect(page.get_by_text("Imported 1 grant from signed.csv")).to_be_visible()

    page.goto(f"{url}/themes")
    wait_until_idle(page)
    page.get_by_role("button", name="Accept").first.click()
    expect(page.get_by_text("Saved: accepted by Ed Itor.")).to_be_visible()

    page.goto(f"{url}/activity")
    wait_until_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download every change (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [(r["Who"], r["How"], r["Kind"]) for r in rows[:2]] == [
        ("Ed Itor (ed@example.org)", "signed in", "Theme reviewed"),
        ("Ed Itor (ed@example.org)", "signed in", "360Giving file imported")]
    screenshot(page, "sign-in-activity")

    _sign_out(page, url, provider)
    page.goto(f"{url}/grants")
    wait_until_idle(page)
    expect(page.get_by_text("Sign in to edit: editors can import a 360Giving file here.")).to_be_visible()
    assert page.locator('[data-testid="stFileUploader"]').count() == 0


def test_a_viewer_signed_in_finds_no_control_that_writes_on_any_page(signed_in_app, page):
    url, _ = signed_in_app
    _sign_in(page, url, VIEWER)
    page.goto(url)
    for path in PAGES:  # through the sidebar, as a viewer moves: a rerun each, not a reload
        if path:
            page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first.click()
            page.wait_for_url(f"**/{path}*")
        wait_until_idle(page)
        if path == "themes":
            expect(page.get_by_text("Only editors can accept or reject")).to_be_visible()
        assert page.locator('[data-testid="stFileUploader"]').count() == 0, path
        for name in ("Accept", "Reject", "Import", "Import grants", "Add the theme", "Save the role"):
            assert page.get_by_role("button", name=name, exact=True).count() == 0, (path, name)
    page.goto(f"{url}/activity")  # not in a viewer's navigation: the Overview opens instead
    wait_until_idle(page)
    assert page.get_by_role("button", name="Download every change (CSV)").count() == 0
    screenshot(page, "sign-in-viewer")
