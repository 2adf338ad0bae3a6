"""Security headers on every response: a strict Content-Security-Policy and friends.

Dash needs three allowances, each found by loading every page in Chromium with the
policy on and the console watched (docs/operations.md's "Security" lists them):

- ``script-src`` gets the SHA-256 hash of each inline script Dash writes into the index
  page (the renderer's start-up line and each clientside callback given as a string);
  no ``'unsafe-inline'`` and no ``'unsafe-eval'`` for scripts;
- ``style-src 'unsafe-inline'``: plotly.js, dash-ag-grid and Leaflet set inline styles
  and insert ``<style>`` elements at run time;
- ``img-src data:``: Bootstrap's form controls and Leaflet draw small SVG images as
  data URIs (and a site tile server, when one is configured, is allowed by origin).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dash import Dash
from flask import Response

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def content_security_policy(script_hashes: list[str], *, tile_url: str = "") -> str:
    """The policy text for these inline-script hashes (and a tile server, if any)."""
    images = ["'self'", "data:"]
    origin = tile_origin(tile_url)
    if origin:
        images.append(origin)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *sorted(set(script_hashes))],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(
        f"{name} {' '.join(values)}" for name, values in directives.items()
    )


def tile_origin(tile_url: str) -> str:
    """'https://tiles.example.org' for a tile URL template, or '' for none."""
    if not tile_url:
        return ""
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def install_security_headers(app: Dash, *, tile_url: str = "") -> None:
    """Add the headers to every response the app's server sends."""
    cache: dict[str, str] = {}

    def add_headers(response: Response) -> Response:
        if "policy" not in cache:
            # Dash adds some inline scripts while it sets up on the first request, so
            # the hashes are taken once that has happened.
            policy = content_security_policy(app.csp_hashes(), tile_url=tile_url)
            if getattr(app, "_got_first_request", {}).get("setup_server"):
                cache["policy"] = policy
        else:
            policy = cache["policy"]
        response.headers["Content-Security-Policy"] = policy
        for name, value in STATIC_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.server.after_request(add_headers)
