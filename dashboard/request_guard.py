"""What the server answers to requests no page sends: too large, malformed, unknown.

A public dashboard receives requests shaped by hand. Each gets a short plain answer
with the right status (413, 400, 404) rather than a 500 and a logged traceback, and
nothing of the request is echoed back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

import dash
from dash import Dash
from dash.exceptions import DependencyException, UnsupportedRelativePath
from flask import Response, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from dashboard.freshness import NOT_FOUND_PATH, page_for_path

# The largest request the dashboard accepts. The pages' own callback requests are a
# few kilobytes; this leaves ample room and stops a multi-megabyte body at once.
MAX_REQUEST_BYTES = 1_000_000
CALLBACK_PATH = "/_dash-update-component"
HSTS = "max-age=31536000"
# Errors that a callback raises when a hand-made request gives it a value of the
# wrong shape (a string where a store holds a dict, NaN as a period, a lone
# surrogate in a filter): the request's fault, so 400, logged in one line.
MALFORMED_INPUT_ERRORS = (
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    UnicodeError,
    UnsupportedRelativePath,  # a page path that does not start with '/'
)

_log = logging.getLogger(__name__)


def _plain(message: str, status: int) -> Response:
    return Response(message, status=status, mimetype="text/plain")


# Dash answers every address with its index page; this rule is its catch-all route.
CATCH_ALL_RULE = "<path:path>"


def is_page_path(path: str, registry: Iterable[Mapping[str, object]]) -> bool:
    """Whether ``path`` (without the app's prefix) is one of the registered pages;
    a trailing slash is ignored, as the pages themselves ignore it."""
    found = page_for_path("/" + path.strip("/"), registry).get("path")
    return found is not None and found != NOT_FOUND_PATH


def _well_formed(payload: object) -> bool:
    """The shape of a Dash callback request: output text, inputs and state lists."""
    if not isinstance(payload, dict) or not isinstance(payload.get("output"), str):
        return False
    if not isinstance(payload.get("outputs"), dict | list):
        return False
    for key in ("inputs", "state"):
        items = payload.get(key, [])
        if not isinstance(items, list):
            return False
        for item in items:
            entries = item if isinstance(item, list) else [item]
            if not all(isinstance(entry, dict) for entry in entries):
                return False
    changed = payload.get("changedPropIds", [])
    return isinstance(changed, list) and all(isinstance(c, str) for c in changed)


def install_request_guard(app: Dash, *, debug: bool, https: bool) -> None:
    """Size limit, callback request checks, 404s for unknown files and addresses,
    HSTS on HTTPS."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @server.before_request
    def check_request() -> Response | None:
        if request.path == "/_reload-hash" and not debug:
            # Dash's hot-reload check: only for a developer's debug session.
            return _plain("Not found.", 404)
        # Over MAX_REQUEST_BYTES, reading the body raises RequestEntityTooLarge: 413.
        if (
            request.path == CALLBACK_PATH
            and request.method == "POST"
            and not _well_formed(request.get_json(silent=True))
        ):
            return _plain(
                "The dashboard could not understand this request; reload the page "
                "and try again.",
                400,
            )
        return None

    @server.errorhandler(RequestEntityTooLarge)
    def too_large(_: RequestEntityTooLarge) -> Response:
        return _plain(
            f"The request was larger than the dashboard accepts "
            f"({MAX_REQUEST_BYTES // 1_000_000} MB).",
            413,
        )

    @server.errorhandler(DependencyException)
    def unknown_file(_: DependencyException) -> Response:
        return _plain("Not found.", 404)

    def malformed_input(error: Exception) -> Response:
        if isinstance(error, HTTPException) or request.path != CALLBACK_PATH:
            raise error
        _log.warning(
            "Refused a callback request (%s: %s)",
            type(error).__name__,
            str(error)[:120],
        )
        return _plain(
            "The dashboard could not use a value in this request; reload the page "
            "and try again.",
            400,
        )

    for error_type in MALFORMED_INPUT_ERRORS:
        server.register_error_handler(error_type, malformed_input)

    @server.after_request
    def unknown_address(response: Response) -> Response:
        # Dash serves its index (and so the friendly not-found page) for any address;
        # the status must still say the address does not exist, for browsers, link
        # checkers and search engines.
        rule = request.url_rule
        if (
            response.status_code == 200
            and rule is not None
            and rule.rule.endswith(CATCH_ALL_RULE)
            and not is_page_path(
                app.strip_relative_path(request.path) or "",
                dash.page_registry.values(),
            )
        ):
            response.status_code = 404
        return response

    if https:

        @server.after_request
        def strict_transport(response: Response) -> Response:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
            return response
