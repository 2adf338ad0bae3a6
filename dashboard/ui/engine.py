"""The app's read-only engine for a page's layout.

A layout that checks the link's choices against the data (the quartile's periods,
the map's sectors, the KPI filters) reads them itself, so the page's callbacks start
from a chosen view in their first round rather than after a round that fills the
controls."""

from __future__ import annotations

import flask
from sqlalchemy.engine import Engine


def layout_engine() -> Engine | None:
    """The engine the app was built with, or None outside the app (when the page
    registry calls a layout without one)."""
    if not flask.has_app_context():
        return None
    engine = flask.current_app.config.get("PES_ENGINE")
    return engine if isinstance(engine, Engine) else None
