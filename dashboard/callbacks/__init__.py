"""Thin callbacks, one module per page, registered by the app factory."""

from __future__ import annotations

from dash import Dash
from sqlalchemy.engine import Engine

from dashboard.callbacks import data_sources, overview, shell


def register_all(app: Dash, engine: Engine) -> None:
    """Wire every page's callbacks to this app and database."""
    for module in (shell, overview, data_sources):
        module.register(app, engine)
