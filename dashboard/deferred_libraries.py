"""The two heaviest component libraries load after a page is drawn, unless the page
draws with them.

Dash writes a script tag for every component library into every page, and the
browser runs them all before it draws anything. dash-ag-grid (1.3 MB) and
dash-leaflet (0.3 MB) cost about 150 ms of that on this project's reference machine,
yet only the pages below draw a grid or a map on opening: every other grid is in a
closed "Show data" block, created when opened (``dashboard.ui.grid.show_data``).

So on the other pages the index leaves their script tags out and names them in a
``<meta name="pes-deferred-libraries">`` tag instead; ``assets/05-deferred-libraries.js``
loads them once the page has drawn (or at once when a "Show data" block is opened
first), and until then lets a click on a link to another page be a full page load,
which brings what that page needs, rather than Dash's in-page move.
"""

from __future__ import annotations

import re
from typing import Any

from dash import Dash
from flask import has_request_context, request

# Loaded after the first paint unless the page draws with them on opening.
DEFERRED_LIBRARIES = ("dash_ag_grid", "dash_leaflet")
# What each page draws on opening, from these libraries (its layout and the
# components its opening callbacks return): tests/app/test_deferred_libraries.py
# checks the layouts against it, and the browser tests, which watch the console on
# every page, catch a callback's component from a library left out.
DRAWN_ON_OPENING: dict[str, frozenset[str]] = {
    "/sectors": frozenset({"dash_leaflet"}),
}
META_NAME = "pes-deferred-libraries"
_SCRIPT = re.compile(r'<script src="(?P<src>[^"]+)"></script>\n?')


def page_path(path: str, prefix: str = "/") -> str:
    """'/sectors' for '/sectors/' (and for the path under a prefix)."""
    if prefix != "/" and path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    return path.rstrip("/") or "/"


def split_scripts(
    scripts: str, needed: frozenset[str], prefix: str = "/"
) -> tuple[str, list[str]]:
    """The index's script tags without those of deferred libraries this page does
    not need, and the addresses of the ones left out."""
    deferred: list[str] = []

    def keep_or_defer(match: re.Match[str]) -> str:
        source = match.group("src")
        for library in DEFERRED_LIBRARIES:
            if library in needed:
                continue
            if source.startswith(f"{prefix}_dash-component-suites/{library}/"):
                deferred.append(source)
                return ""
        return match.group(0)

    return _SCRIPT.sub(keep_or_defer, scripts), deferred


def install_deferred_libraries(app: Dash) -> None:
    """Leave the deferred libraries out of each page's index unless it needs them."""
    interpolate = app.interpolate_index
    prefix = app.config.requests_pathname_prefix

    def interpolate_index(**parts: Any) -> str:
        if has_request_context():
            needed = DRAWN_ON_OPENING.get(page_path(request.path, prefix), frozenset())
            scripts, deferred = split_scripts(parts["scripts"], needed, prefix)
            if deferred:
                parts["scripts"] = scripts
                parts["metas"] += (
                    f'<meta name="{META_NAME}" content="{" ".join(deferred)}">'
                )
        return interpolate(**parts)

    app.interpolate_index = interpolate_index  # type: ignore[method-assign]
