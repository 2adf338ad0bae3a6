"""Thin callbacks, one module per page, registered by the app factory."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from dash import Dash
from sqlalchemy.engine import Engine

from dashboard.callbacks import (
    board,
    data_sources,
    justice,
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
from dashboard.views.justice import data as justice_view
from dashboard.views.kpis import data as kpi_view
from dashboard.views.maps import data as maps_view
from dashboard.views.perception import data as perception_view
from dashboard.views.quartile import data as quartile_view

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class ViewEntry:
    """One view in the registry: its Overview tiles (a provider of components) and
    how to prepare, in the one memo, what its page opens on."""

    tiles: overview.TileProvider
    warm: Callable[[Engine], None] | None = None


# The registry of views, in the Overview's order. It feeds the Overview's tiles and
# the one warm-up (PES_WARM_CACHE), so a new view is added here once.
VIEWS: tuple[ViewEntry, ...] = (
    ViewEntry(overview.recorded_crime_tiles),
    ViewEntry(quartile.quartile_tiles, quartile_view.warm),
    ViewEntry(perception.perception_tiles, perception_view.warm),
    ViewEntry(maps.sectors_tiles, maps_view.warm),
    ViewEntry(justice.justice_tiles, justice_view.warm),
    ViewEntry(plan_alignment.alignment_tiles),
    ViewEntry(kpis.kpi_tiles, kpi_view.warm),
    ViewEntry(risks.risk_tiles),
)
OVERVIEW_TILES: list[overview.TileProvider] = [entry.tiles for entry in VIEWS]


def warm_views(engine: Engine) -> None:
    """Prepare every registered view's opening state, one after another; a view
    that cannot be prepared is left for its first request, which says why."""
    for entry in VIEWS:
        if entry.warm is None:
            continue
        try:
            entry.warm(engine)
        except Exception as error:  # noqa: BLE001 - a request will say why
            LOG.info("Warm-up of %s stopped: %s", entry.warm.__module__, error)


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
    justice.register(app, engine)
    quartile.register(app, engine)
    board.register(app, engine, settings or Settings())
