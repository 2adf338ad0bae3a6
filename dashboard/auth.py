"""Sign-in for the restricted pages when ``PES_AUTH`` is set (Flask-Login).

The risk register (``/risks``) and the officer-level detail of a KPI need a signed-in
user; every other page stays open to scrutiny members. ``PES_AUTH`` is either a path to
a file of ``user:hash`` lines or the entries themselves separated by spaces or commas;
hashes are Werkzeug password hashes, made with ``python -m dashboard.auth USER``.
Without ``PES_AUTH`` nothing is restricted.
"""

from __future__ import annotations

import functools
import getpass
import hmac
import secrets
import sys
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import ParamSpec, TypeVar
from urllib.parse import quote, urlsplit

import dash
from dash import Dash, dcc, html
from flask import (
    Flask,
    Response,
    abort,
    current_app,
    has_request_context,
    redirect,
    request,
    session,
)
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from markupsafe import escape
from werkzeug.exceptions import TooManyRequests
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.sessions import SessionStore

RESTRICTED_PATHS = ("/risks",)
CSRF_FIELD = "csrf_token"
SESSION_ID_FIELD = "pes_session"
# Sign-in attempts allowed before a pause: each attempt costs a deliberately slow
# password hash, so unthrottled guessing would slow every other user too.
ATTEMPTS_PER_USER = "5 per minute;20 per hour"
ATTEMPTS_PER_ADDRESS = "20 per minute;100 per hour"
TOO_MANY_ATTEMPTS = (
    "Too many sign-in attempts. Wait a minute and try again; if it keeps happening, "
    "ask the dashboard's administrator."
)
P = ParamSpec("P")
R = TypeVar("R")
# Checked against when the user name is unknown, so a wrong name takes as long as a
# wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class AuthConfigError(ValueError):
    """PES_AUTH or PES_SECRET_KEY cannot be used."""


class User(UserMixin):
    """A signed-in user: just a name."""

    def __init__(self, name: str) -> None:
        self.id = name


def parse_users(spec: str) -> dict[str, str]:
    """{user: hash} from a file path or from 'user:hash' entries (spaces or commas)."""
    spec = spec.strip()
    if "$" in spec:  # every Werkzeug hash holds '$'; a file path here does not
        entries = spec.replace(",", " ").split()
        where = "PES_AUTH"
    else:
        path = Path(spec)
        if not path.is_file():
            raise AuthConfigError(
                f"PES_AUTH names no file ({path.name}) and holds no 'user:hash' entries"
            )
        entries = path.read_text(encoding="utf-8").splitlines()
        where = f"the file {path.name}"
    users: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        name, _, hashed = entry.partition(":")
        if not name or "$" not in hashed:
            raise AuthConfigError(
                f"Entry {number} of {where} is not 'user:password-hash' "
                "(make one with: python -m dashboard.auth USER)"
            )
        users[name] = hashed
    if not users:
        raise AuthConfigError(f"{where} names no users")
    return users


def auth_enabled() -> bool:
    """True when the current app restricts pages."""
    return bool(current_app.config.get("PES_AUTH_USERS"))


def allowed() -> bool:
    """True when restricted content may be shown to the current request."""
    if not has_request_context() or not auth_enabled():
        return True
    return bool(current_user.is_authenticated)


def restricted(function: Callable[P, R]) -> Callable[P, R]:
    """Run a callback only for a signed-in user when sign-in is on (HTTP 403 else).

    Access is decided by the function that would run, not by the output list a
    request names, which a client can shape as it likes."""

    @functools.wraps(function)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        if not allowed():
            abort(403, "Sign in needed")
        return function(*args, **kwargs)

    return guarded


def hidden_dataset_patterns() -> list[str]:
    """The dataset patterns of the restricted pages, when the current request may
    not see them (sign-in on, nobody signed in); else none."""
    if allowed():
        return []
    return [
        pattern
        for page in dash.page_registry.values()
        if page.get("path") in RESTRICTED_PATHS
        for pattern in page.get("datasets", [])
    ]


def safe_next(target: str | None) -> str:
    """A local path to go back to after signing in; '/' for anything else."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return "/"
    return target


def sign_in_prompt(what: str, next_path: str) -> html.Div:
    """The message shown instead of restricted content, with a sign-in link."""
    return html.Div(
        [
            html.H2("Sign in needed"),
            html.P(
                f"{what} is for PES officers and board members. Other pages are open "
                "to everyone."
            ),
            html.A(
                "Sign in",
                href=f"/login?next={quote(safe_next(next_path), safe='/')}",
                className="btn btn-primary",
            ),
        ],
        className="pes-sign-in",
    )


def _csrf_token() -> str:
    token = session.get(CSRF_FIELD)
    if not token:
        token = session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


def _signed_in_bar() -> html.Form:
    return html.Form(
        [
            html.Span(f"Signed in as {current_user.id}. ", className="me-2"),
            dcc.Input(type="hidden", name=CSRF_FIELD, value=_csrf_token()),
            html.Button("Sign out", type="submit", className="btn btn-outline-dark"),
        ],
        action="/logout",
        method="post",
        className="pes-signed-in mb-3",
    )


def _guard_layout(path: str, layout: Callable[..., object]) -> Callable[..., object]:
    def guarded(**query: str) -> object:
        if not has_request_context() or not auth_enabled():
            return layout(**query)
        if not current_user.is_authenticated:
            return sign_in_prompt("The risk register", path)
        return html.Div([_signed_in_bar(), layout(**query)])

    guarded.pes_restricted = True  # type: ignore[attr-defined]
    return guarded


def protect_restricted_pages(registry: Mapping[str, dict]) -> None:
    """Wrap the layout of each restricted page (once) so it checks the user."""
    for page in registry.values():
        layout = page.get("layout")
        if (
            page.get("path") in RESTRICTED_PATHS
            and callable(layout)
            and not getattr(layout, "pes_restricted", False)
        ):
            page["layout"] = _guard_layout(str(page["path"]), layout)


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · PES board dashboard</title>
<link rel="stylesheet" href="/assets/00-bootstrap-5.3.9.min.css">
<link rel="stylesheet" href="/assets/10-board-room.css">
<link rel="icon" href="/_favicon.ico">
</head>
<body>
<main class="container pes-login" id="main-content">
<h1>Sign in</h1>
<p>The risk register and officer-level KPI detail are for PES officers and board
members. <a href="/">Back to the dashboard</a></p>
{message}
<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<div class="mb-3"><label class="form-label" for="username">User name</label>
<input class="form-control" id="username" name="username" autocomplete="username"
 required value="{username}"></div>
<div class="mb-3"><label class="form-label" for="password">Password</label>
<input class="form-control" id="password" name="password" type="password"
 autocomplete="current-password" required></div>
<button class="btn btn-primary" type="submit">Sign in</button>
</form>
</main>
</body>
</html>
"""


def _login_page(message: str = "", username: str = "", status: int = 200) -> Response:
    alert = f'<div class="alert alert-danger" role="alert">{escape(message)}</div>'
    body = LOGIN_PAGE.format(
        message=alert if message else "",
        csrf=escape(_csrf_token()),
        next=escape(safe_next(request.values.get("next"))),
        username=escape(username),
    )
    return Response(body, status=status, mimetype="text/html")


def _check_csrf() -> None:
    sent = request.form.get(CSRF_FIELD, "")
    expected = session.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(400, "The form expired: reload the page and try again.")


def install_auth(
    app: Dash,
    *,
    users_spec: str,
    secret_key: str,
    session_hours: float = 8.0,
    secure_cookies: bool = False,
    redis_url: str = "",
    session_dir: Path | None = None,
) -> None:
    """Restrict the risk register and KPI detail to signed-in users, if configured."""
    server: Flask = app.server
    if not users_spec:
        server.config["PES_AUTH_USERS"] = {}
        return
    if len(secret_key) < 32:
        raise AuthConfigError(
            "PES_AUTH needs PES_SECRET_KEY: at least 32 random characters, the same "
            "for every worker (python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    users = parse_users(users_spec)
    lifetime = timedelta(hours=session_hours)
    sessions = SessionStore.configured(
        redis_url=redis_url,
        lifetime_seconds=max(60, int(lifetime.total_seconds())),
        directory=session_dir,
    )
    server.config.update(
        PES_AUTH_USERS=users,
        SECRET_KEY=secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
        PERMANENT_SESSION_LIFETIME=lifetime,
        # The lifetime runs from sign-in: the cookie is not re-sent with every
        # response, so a slow response cannot bring back a cookie from before sign-out.
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    manager = LoginManager()
    manager.init_app(server)

    @manager.user_loader
    def load_user(name: str) -> User | None:
        # Signed in only while the server still holds this cookie's session.
        if name not in current_app.config["PES_AUTH_USERS"]:
            return None
        if sessions.user_of(session.get(SESSION_ID_FIELD)) != name:
            return None
        return User(name)

    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=redis_url or "memory://",
        strategy="fixed-window",
        key_prefix="pes-sign-in",
        # A Redis that is down must not stop sign-in: count in memory meanwhile.
        in_memory_fallback_enabled=bool(redis_url),
        swallow_errors=True,
    )
    protect_restricted_pages(dash.page_registry)

    def attempted_user() -> str:
        return "user:" + request.form.get("username", "")[:200]

    def failed(response: Response) -> bool:
        # Only failed attempts count: a user who signs in is never held back.
        return response.status_code >= 400

    @server.route("/login", methods=["GET", "POST"])
    @limiter.limit(ATTEMPTS_PER_ADDRESS, methods=["POST"], deduct_when=failed)
    @limiter.limit(
        ATTEMPTS_PER_USER, methods=["POST"], key_func=attempted_user, deduct_when=failed
    )
    def login() -> Response:
        if request.method == "GET":
            return _login_page()
        _check_csrf()
        name = request.form.get("username", "")
        password = request.form.get("password", "")
        known = current_app.config["PES_AUTH_USERS"].get(name)
        valid = check_password_hash(known or _DUMMY_HASH, password)
        if not (known and valid):
            return _login_page("Wrong user name or password.", name, status=401)
        sessions.end(session.get(SESSION_ID_FIELD))
        session.clear()
        session.permanent = True
        session[SESSION_ID_FIELD] = sessions.start(name)
        # Made now, not when a page first asks: the page's callbacks run side by
        # side, and one started before the token existed could send the cookie back
        # without it.
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
        login_user(User(name))
        return redirect(safe_next(request.form.get("next")))

    @server.errorhandler(TooManyRequests)
    def too_many_attempts(_: TooManyRequests) -> Response:
        if request.path == "/login":
            return _login_page(TOO_MANY_ATTEMPTS, status=429)
        return Response(TOO_MANY_ATTEMPTS, status=429, mimetype="text/plain")

    @server.route("/logout", methods=["POST"])
    def logout() -> Response:
        _check_csrf()
        sessions.end(session.get(SESSION_ID_FIELD))
        logout_user()
        session.clear()
        return redirect("/")

    @server.before_request
    def require_sign_in() -> Response | None:
        if current_user.is_authenticated:
            return None
        if request.method == "GET" and request.path.rstrip("/") in RESTRICTED_PATHS:
            target = request.full_path.rstrip("?")
            return redirect(f"/login?next={quote(target, safe='/')}")
        return None


def kpi_detail_prompt(next_path: str) -> html.Div:
    """What the KPI page shows instead of a KPI's officer-level detail."""
    return sign_in_prompt(
        "The detail of each KPI (notes, values and plan links)", next_path
    )


def main(argv: list[str]) -> int:
    """Print a 'user:hash' line for PES_AUTH: python -m dashboard.auth USER."""
    if len(argv) != 1 or not argv[0] or ":" in argv[0]:
        print("Usage: python -m dashboard.auth USER  (user names cannot hold ':')")
        return 2
    password = getpass.getpass(f"Password for {argv[0]}: ")
    if len(password) < 12:
        print("Use a password of at least 12 characters.")
        return 1
    if getpass.getpass("Again: ") != password:
        print("The two passwords differ.")
        return 1
    print(f"{argv[0]}:{generate_password_hash(password)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
