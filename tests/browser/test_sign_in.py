"""Signing in through the browser: the register is hidden, then shown after sign-in."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from app import create_app
from dashboard.settings import Settings

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def auth_server(full_sqlite_url: str) -> Iterator[str]:
    users = "officer:" + generate_password_hash(PASSWORD)
    app = create_app(
        Settings(
            database_url=full_sqlite_url,
            auth=users,
            secret_key="test-only-0123456789abcdef0123456789",
        )
    )
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_risk_register_opens_after_sign_in_and_public_pages_need_none(
    page: Page, auth_server: str, screenshots_dir
) -> None:
    page.goto(auth_server + "/kpis")
    expect(page.locator("h1")).to_contain_text("KPIs", timeout=15_000)
    page.goto(auth_server + "/risks")
    expect(page.locator("h1")).to_have_text("Sign in")
    page.fill("#username", "officer")
    page.fill("#password", "wrong password")
    page.click("button[type=submit]")
    expect(page.locator(".alert")).to_have_text("Wrong user name or password.")
    page.screenshot(path=screenshots_dir / f"sign-in-{page.size_name}.png")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Risk register", timeout=15_000)
    expect(page.locator(".pes-signed-in")).to_contain_text("Signed in as officer")
    # Wait for the sign-out to finish before the next address, or the browser
    # abandons the sign-out request.
    with page.expect_navigation():
        page.click(".pes-signed-in button")
    page.goto(auth_server + "/risks")
    expect(page.locator("h1")).to_have_text("Sign in")
    problems = [p for p in page.console_log.problems if "401" not in p]
    assert problems == []
