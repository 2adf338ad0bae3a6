"""One URL sync: a page writes its query string to a store; the address bar follows.

The address is replaced in place, without a reload, so a copied link reproduces
the view. The query string itself is made on the server from the page's state;
the one script that writes it, ``window.pesReplaceQuery``, is in
assets/10-url-sync.js (the sector map's browser-only controls call it too).
"""

from __future__ import annotations

from dash import Dash, Input, Output

REPLACE_URL_JS = """
function (search) {
    window.pesReplaceQuery(search);
    return window.dash_clientside.no_update;
}
"""


def register_url_sync(app: Dash, search_store: str, sink: tuple[str, str]) -> None:
    """Replace the address's query with ``search_store``'s data whenever it changes;
    ``sink`` is an (id, property) output the script never really updates."""
    app.clientside_callback(REPLACE_URL_JS, Output(*sink), Input(search_store, "data"))
