"""The browser's plotly.js: the basic bundle (scatter, bar, pie), fetched only by a
page that draws a chart.

dcc.Graph loads plotly.js itself, the first time a chart is drawn, from Dash's
address for the full bundle (4.8 MB); a page without a chart never loads it. That
address answers here with the basic bundle of the same plotly.js version (1.2 MB),
so chart pages fetch a quarter of the bytes and other pages fetch none.
"""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from flask import Response, request, send_file
from plotly.offline import get_plotlyjs_version

BUNDLE = (
    Path(__file__).resolve().parent
    / "static"
    / (f"plotly-basic-{get_plotlyjs_version()}.min.js")
)
# Where dcc.Graph asks for plotly.js when the app serves its files itself.
PLOTLY_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"
# Unversioned address: browsers revalidate after an hour (ETag), so an upgrade of
# plotly shows within the hour.
MAX_AGE_SECONDS = 3600


def install_plotly_bundle(app: Dash) -> None:
    """Answer dcc.Graph's request for plotly.js with the basic bundle."""
    path = app.config.requests_pathname_prefix + PLOTLY_PATH

    @app.server.before_request
    def basic_plotly() -> Response | None:
        if request.path != path:
            return None
        return send_file(
            BUNDLE,
            mimetype="application/javascript",
            conditional=True,
            etag=True,
            max_age=MAX_AGE_SECONDS,
        )
