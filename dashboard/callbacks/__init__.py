"""Thin callbacks, one module per page, registered by the app factory."""

from __future__ import annotations

from dash import Dash
from sqlalchemy.engine import Engine

from dashboard.callbacks import data_sources, overview, quartile, shell

# Headline tiles on the Overview, in order: each view adds its provider here.
OVERVIEW_TILES: list[overview.TileProvider] = [
    overview.recorded_crime_tiles,
    quartile.quartile_tiles,
]


def register_all(app: Dash, engine: Engine) -> None:
    """Wire every page's callbacks to this app and database."""
    shell.register(app, engine)
    overview.register(app, engine, OVERVIEW_TILES)
    data_sources.register(app, engine)
    quartile.register(app, engine)
