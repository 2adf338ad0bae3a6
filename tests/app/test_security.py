"""Security headers as served, debug off, no secrets, and sign-in for restricted pages."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from app import create_app
from dashboard.auth import (
    AuthConfigError,
    parse_users,
    safe_next,
)
from dashboard.security import content_security_policy, tile_origin
from dashboard.settings import Settings
from tests import dash_client

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-only-" + "0123456789abcdef" * 2
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def open_app(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    return create_app(Settings(database_url=full_sqlite_url))


@pytest.fixture(scope="module")
def auth_app(full_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    users = tmp_path_factory.mktemp("auth") / "users.txt"
    users.write_text(
        "# PES officers\nofficer:" + generate_password_hash(PASSWORD) + "\n",
        encoding="utf-8",
    )
    return create_app(
        Settings(database_url=full_sqlite_url, auth=str(users), secret_key=SECRET)
    )


def sign_in(client, password: str = PASSWORD, next_path: str = "/risks"):  # type: ignore[no-untyped-def]
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(
        "/login",
        data={
            "csrf_token": token,
            "username": "officer",
            "password": password,
            "next": next_path,
        },
    )


@pytest.mark.parametrize(
    "path", ["/", "/risks", "/_dash-layout", "/assets/10-board-room.css", "/nope"]
)
def test_every_response_carries_the_security_headers(open_app, path: str) -> None:  # type: ignore[no-untyped-def]
    response = open_app.server.test_client().get(path)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


def test_policy_allows_exactly_the_inline_scripts_dash_writes(open_app) -> None:  # type: ignore[no-untyped-def]
    client = open_app.server.test_client()
    client.get("/")
    policy = client.get("/").headers["Content-Security-Policy"]
    for digest in open_app.csp_hashes():
        assert digest in policy
    assert "https:" not in policy and "http:" not in policy


def test_tile_server_origin_is_allowed_for_images_only() -> None:
    assert tile_origin("https://tiles.example.org:8443/{z}/{x}/{y}.png") == (
        "https://tiles.example.org:8443"
    )
    assert tile_origin("javascript:alert(1)") == ""
    policy = content_security_policy([], tile_url="https://t.example.org/{z}.png")
    assert "img-src 'self' data: https://t.example.org;" in policy
    assert "connect-src 'self';" in policy


def test_debug_stays_off_unless_pes_debug_is_set() -> None:
    assert Settings.from_env({}).debug is False
    assert Settings.from_env({"PES_DEBUG": "true"}).debug is True


def test_no_secrets_are_committed() -> None:
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    pattern = re.compile(
        r"(?:password|secret|token)\s*=\s*['\"][^'\"\s]{8,}['\"]"
        r"|BEGIN [A-Z ]*PRIVATE KEY|postgres(?:ql)?(?:\+\w+)?://[^:@/\s]+:[^@/\s]+@"
        r"|(?:scrypt|pbkdf2):[\w:]+\$",
        re.IGNORECASE,
    )
    offenders = []
    for name in files:
        path = ROOT / name
        if path.suffix not in {".py", ".md", ".txt", ".toml", ".cfg", ".ini", ".env"}:
            continue
        if "tests/" in name or name.endswith("LICENSE.txt"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        offenders += [f"{name}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_users_come_from_entries_or_a_file(tmp_path: Path) -> None:
    line = "officer:" + generate_password_hash("a long password here")
    assert list(parse_users(line)) == ["officer"]
    assert list(parse_users(f"{line}, {line.replace('officer', 'chair')}")) == [
        "officer",
        "chair",
    ]
    with pytest.raises(AuthConfigError, match="names no file"):
        parse_users("officer:plaintext")
    users = tmp_path / "users.txt"
    users.write_text(f"{line}\nchair:plaintext\n", encoding="utf-8")
    with pytest.raises(AuthConfigError, match="Entry 2 of the file users.txt"):
        parse_users(str(users))
    with pytest.raises(AuthConfigError, match="PES_SECRET_KEY"):
        create_app(Settings(database_url="sqlite:///x.sqlite", auth=line))


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/risks?closed=yes", "/risks?closed=yes"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        (None, "/"),
    ],
)
def test_sign_in_only_returns_to_local_pages(target, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert safe_next(target) == expected


def test_without_pes_auth_every_page_is_open(open_app) -> None:  # type: ignore[no-untyped-def]
    client = open_app.server.test_client()
    assert client.get("/risks").status_code == 200
    assert "Risk register" in dash_client.text(
        dash_client.render_page(client, "/risks")
    )
    assert b"password" not in client.get("/login").data


def test_risk_register_needs_sign_in_and_public_pages_stay_open(auth_app) -> None:  # type: ignore[no-untyped-def]
    client = auth_app.server.test_client()
    response = client.get("/risks?closed=yes")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/risks%3Fclosed%3Dyes"
    page = dash_client.text(dash_client.render_page(client, "/risks"))
    assert "Sign in needed" in page and "Likelihood by impact" not in page
    rows = dash_client.call(
        client, dash_client.find(auth_app, "risks-table-html"), [True, ""]
    )
    assert rows.status_code == 403
    # The CSV is written by the server: it is refused the same way.
    csv = dash_client.call(
        client, dash_client.find(auth_app, "risks-csv"), [1], [True, ""]
    )
    assert csv.status_code == 403 and b"R01" not in csv.data
    for path in ["/", "/kpis", "/crime-quartile", "/sectors", "/data-sources"]:
        assert client.get(path).status_code == 200
        assert "Sign in needed" not in dash_client.text(
            dash_client.render_page(client, path)
        )


def test_overview_risk_tile_shows_the_register_only_after_sign_in(auth_app) -> None:  # type: ignore[no-untyped-def]
    client = auth_app.server.test_client()
    hidden = dash_client.text(dash_client.overview_slot(client, "risk_tiles"))
    assert "Sign in" in hidden and "/login?next=/" in hidden
    assert "Open risks scored High" not in hidden and "reviews overdue" not in hidden
    assert sign_in(client).status_code == 302
    shown = dash_client.text(dash_client.overview_slot(client, "risk_tiles"))
    assert "Open risks scored High" in shown and "reviews overdue" in shown


def test_kpi_detail_needs_sign_in_but_the_kpi_table_does_not(auth_app) -> None:  # type: ignore[no-untyped-def]
    client = auth_app.server.test_client()
    # The table's page opens for anyone.
    page = dash_client.render_page(client, "/kpis")
    assert page.status_code == 200 and "Sign in needed" not in dash_client.text(page)
    kpi_id = "asb-police-east"
    # The filters: agency, sector, priority, status, search, changed.
    filters = ["all", "all", "all", "all", "", "all"]
    detail = dash_client.find(auth_app, "kpis-detail")
    # The row's link picked and whether the panel is open, then the filters.
    inputs = [{"id": kpi_id, "at": 1}, False, *filters]
    hidden = dash_client.text(dash_client.call(client, detail, inputs, [{}]))
    assert "Sign in needed" in hidden and "/login?next=/kpis%3Fkpi%3D" in hidden
    assert sign_in(client).status_code == 302
    shown = dash_client.text(dash_client.call(client, detail, inputs, [{}]))
    assert "Sign in needed" not in shown


def test_wrong_password_is_refused_and_right_one_opens_the_register(auth_app) -> None:  # type: ignore[no-untyped-def]
    client = auth_app.server.test_client()
    refused = sign_in(client, password="guess")
    assert refused.status_code == 401
    assert "Wrong user name or password." in refused.get_data(as_text=True)
    assert client.get("/risks").status_code == 302
    accepted = sign_in(client)
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/risks"
    assert client.get("/risks").status_code == 200
    page = dash_client.text(dash_client.render_page(client, "/risks"))
    assert "Likelihood by impact" in page and "Signed in as officer" in page
    rows = dash_client.call(
        client, dash_client.find(auth_app, "risks-table-html"), [True, ""]
    )
    assert rows.status_code == 200
    csv = dash_client.call(
        client, dash_client.find(auth_app, "risks-csv"), [1], [True, ""]
    )
    assert csv.status_code == 200 and b"risk_id,title,score" in csv.data
    found = re.search(r'\{[^{}]*"name": "csrf_token"[^{}]*\}', page)
    assert found
    token = json.loads(found.group(0))["value"]
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/risks").status_code == 302


def test_login_form_without_its_token_is_refused(auth_app) -> None:  # type: ignore[no-untyped-def]
    client = auth_app.server.test_client()
    response = client.post("/login", data={"username": "officer", "password": PASSWORD})
    assert response.status_code == 400


def _auth_app(full_sqlite_url: str, folder: Path, **settings: object):  # type: ignore[no-untyped-def]
    users = folder / "users.txt"
    users.write_text("officer:" + generate_password_hash(PASSWORD) + "\n", "utf-8")
    return create_app(
        Settings(
            database_url=full_sqlite_url,
            auth=str(users),
            secret_key=SECRET,
            **settings,  # type: ignore[arg-type]
        )
    )


def test_signing_out_ends_the_session_on_the_server(auth_app) -> None:  # type: ignore[no-untyped-def]
    client = auth_app.server.test_client()
    assert sign_in(client).status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None
    page = dash_client.text(dash_client.render_page(client, "/risks"))
    token = json.loads(
        re.search(r'\{[^{}]*"name": "csrf_token"[^{}]*\}', page).group(0)
    )["value"]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    # Someone who kept a copy of the cookie from before sign-out gets nothing.
    stolen = auth_app.server.test_client()
    stolen.set_cookie("session", cookie.value)
    assert stolen.get("/risks").status_code == 302
    rows = dash_client.call(
        stolen, dash_client.find(auth_app, "risks-table-html"), [True, ""]
    )
    assert rows.status_code == 403


def test_register_callback_refuses_anonymous_requests_however_outputs_are_named(
    auth_app,
) -> None:  # type: ignore[no-untyped-def]
    client = auth_app.server.test_client()
    callback = dash_client.find(auth_app, "risks-table-html")
    # Each output wrapped in a list: no longer a plain output id to match on.
    payload = {
        "output": callback.key,
        "outputs": [[{"id": i, "property": p}] for i, p in callback.outputs],
        "inputs": [{"id": i, "property": p, "value": True} for i, p in callback.inputs],
        "changedPropIds": [f"{i}.{p}" for i, p in callback.inputs],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 403
    assert b"R01" not in response.data and b"likelihood" not in response.data.lower()


def test_sign_in_attempts_are_throttled_with_a_plain_message(
    full_sqlite_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = _auth_app(full_sqlite_url, tmp_path)
    client = app.server.test_client()
    for _ in range(5):
        assert sign_in(client, password="guess").status_code == 401
    throttled = sign_in(client, password="guess")
    assert throttled.status_code == 429
    assert "Too many sign-in attempts" in throttled.get_data(as_text=True)
    # Even the right password waits: the pause is per user name.
    assert sign_in(client).status_code == 429
    assert client.get("/").status_code == 200


def test_session_cookie_is_secure_and_expires_when_asked(
    full_sqlite_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = _auth_app(full_sqlite_url, tmp_path, secure_cookies=True, session_hours=2.0)
    client = app.server.test_client()
    response = sign_in(client)
    assert response.status_code == 302
    cookie = next(
        value
        for name, value in response.headers.items()
        if name == "Set-Cookie" and value.startswith("session=")
    )
    assert "Secure" in cookie and "HttpOnly" in cookie and "Expires=" in cookie


def test_data_sources_lists_the_register_only_after_sign_in(auth_app) -> None:  # type: ignore[no-untyped-def]
    client = auth_app.server.test_client()
    callback = dash_client.find(auth_app, "data-sources-table")
    anonymous = dash_client.text(dash_client.call(client, callback, [None, "all"]))
    assert "risk register" not in anonymous.lower().replace(
        "(the risk register) is listed for signed-in users only", ""
    )
    assert "behind sign-in" in anonymous
    assert sign_in(client).status_code == 302
    signed_in = dash_client.text(dash_client.call(client, callback, [None, "all"]))
    assert "PES partnership risk register" in signed_in
    assert "behind sign-in" not in signed_in
