"""The PES board dashboard: ``create_app(settings)``, and ``app``/``server`` for WSGI.

Run it with ``python app.py`` (PES_HOST, PES_PORT, PES_DEBUG, PES_DATABASE_URL).
The app only reads; build the database first with ``python -m data_access.load build``.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from pathlib import Path

from dash import Dash

from dashboard import caching, shell
from dashboard.auth import AuthConfigError, install_auth
from dashboard.callbacks import register_all, warm_views
from dashboard.compression import install_compression
from dashboard.deferred_libraries import install_deferred_libraries
from dashboard.plotly_bundle import install_plotly_bundle
from dashboard.request_guard import install_request_guard
from dashboard.security import install_security_headers
from dashboard.settings import Settings, SettingsError
from data_access import make_readonly_engine

ROOT = Path(__file__).resolve().parent


def create_app(settings: Settings | None = None) -> Dash:
    """Build the Dash app for these settings: read-only engine, pages, callbacks."""
    settings = settings or Settings.from_env()
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "dashboard" / "pages"),
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        title=shell.APP_TITLE,
        update_title=None,
        suppress_callback_exceptions=True,
        # Bootstrap and its icons ship in assets/: no CDN at run time.
        external_stylesheets=[],
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"}
        ],
    )
    engine = make_readonly_engine(
        settings.database_url, timeout_seconds=settings.query_timeout_seconds
    )
    query_cache = caching.install(app.server, engine, settings)
    # Screen readers pick the voice from the page's language; Dash's default page
    # wraps its scripts in a second <footer>, which would be a second landmark.
    app.index_string = (
        app.index_string.replace("<html>", '<html lang="en-GB">', 1)
        .replace("<footer>", "<div>", 1)
        .replace("</footer>", "</div>", 1)
    )
    app.layout = shell.layout
    register_all(app, engine, settings)
    if settings.warm_cache:
        query_cache.add_warmer(warm_views)
        # Reading the data version starts the warm-up now rather than at the
        # first request; a database that is down is reported by that request.
        with contextlib.suppress(Exception):
            query_cache.data_version(engine)
    app.server.config["PES_SETTINGS"] = settings
    app.server.config["PES_ENGINE"] = engine
    install_security_headers(app, tile_url=settings.tile_url)
    install_request_guard(app, debug=settings.debug, https=settings.secure_cookies)
    install_plotly_bundle(app)
    install_deferred_libraries(app)
    install_compression(app.server)
    install_auth(
        app,
        users_spec=settings.auth,
        secret_key=settings.secret_key,
        session_hours=settings.session_hours,
        secure_cookies=settings.secure_cookies,
        redis_url=settings.redis_url,
    )
    # Dash finishes its own set-up on the first request; doing that here, once,
    # stops two threads of a fresh gunicorn worker racing through it. It must come
    # last: Flask accepts no new request hooks after its first request.
    app.server.test_client().get("/_dash-layout")
    # Python's first full garbage collection walks every object the imports and
    # set-up made (about 100 ms here); run it now rather than in an early request.
    gc.collect()
    return app


try:
    app = create_app()
except (SettingsError, AuthConfigError) as error:
    # A bad PES_* value stops start-up with its one-sentence reason, not a traceback.
    print(f"The dashboard cannot start: {error}", file=sys.stderr)
    raise SystemExit(2) from None
server = app.server

if __name__ == "__main__":
    current = Settings.from_env()
    app.run(host=current.host, port=current.port, debug=current.debug)
