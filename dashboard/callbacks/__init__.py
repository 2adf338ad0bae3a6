"""Thin callbacks, one module per page, registered by the app factory."""

from __future__ import annotations

from dash import Dash
from sqlalchemy.engine import Engine

from dashboard.callbacks import (
    board,
    data_sources,
    kpis,
    maps,
    overview,
    perception,
    plan_alignment,
    quartile,
    risks,
    shell,
)
from dashboard.settings import Settings
from dashboard.views.maps import data as maps_view

# Headline tiles on the Overview, in order: each view adds its provider here.
OVERVIEW_TILES: list[overview.TileProvider] = [
    overview.recorded_crime_tiles,
    quartile.quartile_tiles,
    perception.perception_tiles,
    maps.sectors_tiles,
    plan_alignment.alignment_tiles,
    kpis.kpi_tiles,
    risks.risk_tiles,
]

# Run in the background for every new data version (when PES_WARM_CACHE is set).
CACHE_WARMERS = [
    quartile.warm_panels,
    maps_view.warm,
    kpis.warm_kpi_data,
    perception.warm_view,
]


def register_all(app: Dash, engine: Engine, settings: Settings | None = None) -> None:
    """Wire every page's callbacks to this app and database."""
    shell.register(app, engine)
    overview.register(app, engine, OVERVIEW_TILES)
    data_sources.register(app, engine)
    perception.register(app, engine)
    plan_alignment.register(app, engine)
    kpis.register(app, engine)
    risks.register(app, engine)
    maps.register(app, engine)
    quartile.register(app, engine)
    board.register(app, engine, settings or Settings())
