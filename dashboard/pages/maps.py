"""Sector maps: a choropleth of Peterborough's wards with the three PES sectors, a
hotspot layer, ward panels and sector summary cards. Layout only; the callbacks in
dashboard.callbacks.maps fill it from the database."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import dash_leaflet as dl
import flask
from dash import dcc, html
from dash_extensions.javascript import Namespace

from dashboard import ids
from dashboard.components import choice_message, html_table
from dashboard.settings import Settings
from dashboard.ui.engine import layout_engine
from dashboard.views.maps.data import PeriodMenu, PlaceMenu, period_menu, place_menu
from dashboard.views.maps.state import WHOLE_CITY, measure_options, parse_query

dash.register_page(
    __name__,
    path="/sectors",
    name="Sector maps",
    title="Sector maps · PES board dashboard",
    order=25,
    nav=True,
    datasets=[
        "ons_wards_2025",
        "ons_ward_population",
        "pes_sectors_default",
        "police_uk_",
        "survey_",
        "partnership_kpis",
        "demo_incidents_police",
        "demo_operational",
        "demo_local_survey",
        "demo_kpis",
    ],
)

# JavaScript functions for the map layers live in assets/20-maps.js.
MAP_JS = Namespace("pesMaps", "map")
PETERBOROUGH_BOUNDS = [[52.50611, -0.49765], [52.67522, -0.01284]]

HOTSPOT_CAVEAT = (
    "Incident points are not exact addresses: police.uk moves every crime to the "
    "nearest of over 750,000 anonymised snap points (the centre of a street or a "
    "public place), and this map groups points within about 100 m."
)


def _settings() -> Settings:
    if flask.has_app_context():
        found = flask.current_app.config.get("PES_SETTINGS")
        if isinstance(found, Settings):
            return found
    return Settings()


def _period_menu(measure: str, period: str | None) -> PeriodMenu:
    """The period dropdown as the page opens, read with the layout so the map's
    callback starts from a chosen period at once."""
    engine = layout_engine()
    if engine is None:
        options = [{"label": period, "value": period}] if period else []
        return PeriodMenu(options, period, None)
    return period_menu(engine, measure, period)


def _place_menu(sector: str, ward: str | None) -> PlaceMenu:
    """The sector dropdown and the chosen ward as the page opens, read with the
    layout so the sector's chart and the ward's panel draw in the page's first
    round of callbacks rather than after a round that fills the dropdown."""
    engine = layout_engine()
    request = {"sector": sector, "ward": ward}
    if engine is None:
        return PlaceMenu([WHOLE_CITY], "", None, None)
    return place_menu(engine, request)


def _map(settings: Settings) -> dl.Map:
    layers: list = []
    if settings.tile_url:
        layers.append(
            dl.TileLayer(url=settings.tile_url, attribution=settings.tile_attribution)
        )
    layers += [
        dl.Pane(
            dl.GeoJSON(
                id=ids.Maps.WARDS_LAYER,
                data={"type": "FeatureCollection", "features": []},
                style=MAP_JS("wardStyle"),
                onEachFeature=MAP_JS("wardFeature"),
                hideout={"sector": None, "selected": None},
                attribution=(
                    "Ward boundaries: Office for National Statistics, Open Government "
                    "Licence v3.0. Contains OS data © Crown copyright and database "
                    "right 2025."
                ),
            ),
            name="wards",
            style={"zIndex": 410},
        ),
        dl.Pane(
            dl.GeoJSON(
                id=ids.Maps.SECTORS_LAYER,
                data={"type": "FeatureCollection", "features": []},
                style=MAP_JS("sectorStyle"),
                interactive=False,
            ),
            name="sectors",
            style={"zIndex": 420, "pointerEvents": "none"},
        ),
        dl.Pane(
            dl.GeoJSON(
                id=ids.Maps.HOTSPOT_LAYER,
                data={"type": "FeatureCollection", "features": []},
                cluster=True,
                zoomToBoundsOnClick=True,
                superClusterOptions={"radius": 70},
                pointToLayer=MAP_JS("hotspotPoint"),
                clusterToLayer=MAP_JS("hotspotCluster"),
            ),
            name="hotspots",
            style={"zIndex": 430},
        ),
        dl.Pane(
            [
                dl.GeoJSON(
                    id=ids.Maps.LABELS_LAYER,
                    data={"type": "FeatureCollection", "features": []},
                    pointToLayer=MAP_JS("wardLabel"),
                    interactive=False,
                ),
                dl.GeoJSON(
                    id=ids.Maps.SECTOR_LABELS_LAYER,
                    data={"type": "FeatureCollection", "features": []},
                    pointToLayer=MAP_JS("sectorLabel"),
                    interactive=False,
                ),
            ],
            name="labels",
            style={"zIndex": 640, "pointerEvents": "none"},
        ),
    ]
    return dl.Map(
        layers,
        id=ids.Maps.MAP,
        bounds=PETERBOROUGH_BOUNDS,
        zoomSnap=0.25,
        scrollWheelZoom=False,
        trackViewport=False,
        className="pes-map",
        attributionControl=True,
    )


def layout(
    measure: str | None = None,
    period: str | None = None,
    sector: str | None = None,
    ward: str | None = None,
    hotspots: str | None = None,
    labels: str | None = None,
    **_query: str,
) -> html.Div:
    """The sector maps page for a URL's measure, period, sector, ward and layers."""
    query = parse_query(measure, period, sector, ward, hotspots=hotspots, labels=labels)
    settings = _settings()
    periods = _period_menu(query.measure.key, period)
    place = _place_menu(query.sector, query.ward)
    return html.Div(
        [
            dcc.Store(id=ids.Maps.URL),
            dcc.Store(id=ids.shown_period("maps")),
            dcc.Store(
                id=ids.Maps.REQUEST,
                data={"sector": query.sector, "ward": query.ward},
            ),
            dcc.Store(id=ids.Maps.WARD, data=place.ward),
            dcc.Store(id=ids.Maps.LABELS_DATA),
            dcc.Store(id=ids.Maps.BOUNDS),
            dcc.Store(id=ids.Maps.POINTS),
            # Written by the ward table's sort buttons and ward links
            # (assets/12-html-tables.js); the table opens by value, highest first.
            dcc.Store(id=ids.Maps.WARD_SORT, data="-value"),
            dcc.Store(id=ids.Maps.WARD_PICKED),
            dcc.Download(id=ids.Maps.WARD_CSV),
            html.H1("Sector maps"),
            html.P(
                "Where problems sit in Peterborough's 22 wards and how each PES sector "
                "is doing. Pick a measure and a period; click a ward on the map or "
                "choose it in the ward table to open its panel.",
                className="lead",
            ),
            html.Div(
                dbc.Alert(query.message, color="warning", className="pes-url-note")
                if query.message
                else None,
                id=ids.Maps.URL_MESSAGE,
                role="status",
            ),
            html.Div(
                choice_message(periods.message, failed=periods.failed),
                id=ids.Maps.PERIOD_MESSAGE,
                role="status",
            ),
            html.Div(
                choice_message(place.message, failed=place.failed),
                id=ids.Maps.PLACE_MESSAGE,
                role="status",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Measure", html_for=ids.Maps.MEASURE),
                            dcc.Dropdown(
                                id=ids.Maps.MEASURE,
                                options=measure_options(),
                                value=query.measure.key,
                                clearable=False,
                                searchable=True,
                            ),
                        ],
                        lg=5,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Period", html_for=ids.Maps.PERIOD),
                            dcc.Dropdown(
                                id=ids.Maps.PERIOD,
                                options=periods.options,
                                value=periods.value,
                                clearable=False,
                                searchable=False,
                            ),
                        ],
                        lg=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Sector", html_for=ids.Maps.SECTOR),
                            dcc.Dropdown(
                                id=ids.Maps.SECTOR,
                                options=place.options,
                                value=place.sector,
                                clearable=False,
                                searchable=False,
                            ),
                        ],
                        lg=2,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Map layers"),
                            dbc.Checklist(
                                id=ids.Maps.LAYERS,
                                options=[
                                    {"label": "Value labels", "value": "labels"},
                                    {"label": "Incident hotspots", "value": "hotspots"},
                                ],
                                value=list(query.layers),
                            ),
                        ],
                        lg=2,
                    ),
                ],
                className="g-3 mb-2 pes-map-controls",
            ),
            html.Div(id=ids.Maps.MAPPING_NOTE, className="pes-mapping-note"),
            dbc.Row(
                [
                    dbc.Col(_map(settings), xl=8),
                    dbc.Col(
                        [
                            html.Div(id=ids.Maps.LEGEND, className="pes-map-legend"),
                            html.P(id=ids.Maps.SUMMARY, className="pes-map-summary"),
                            html.Div(
                                [
                                    html.P(HOTSPOT_CAVEAT, className="mb-1"),
                                    html.P(id=ids.Maps.HOTSPOT_NOTE, className="mb-0"),
                                ],
                                className="pes-hotspot-note",
                            ),
                        ],
                        xl=4,
                    ),
                ],
                className="g-3",
            ),
            html.H2("Sectors side by side", className="mt-4"),
            dbc.Row(id=ids.Maps.SECTOR_CARDS, className="g-3"),
            # The chosen sector's (or the whole city's) monthly process-behaviour
            # chart, for the police.uk measures.
            html.Section(
                id=ids.Maps.AREA_SIGNAL,
                className="pes-area-signal mt-3",
                **{"aria-live": "polite"},
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H2("Ward table", className="mt-4"),
                            html.P(
                                "The map's figures as a table (its text "
                                "alternative): value and change in the legend's unit. "
                                "A ward's name opens its panel (click it, or the "
                                "arrow keys and Enter); a heading sorts the table.",
                                className="small-note",
                            ),
                            html_table(ids.Maps.WARD_TABLE_HTML, "ward-table"),
                            dbc.Button(
                                "Download the ward table (CSV)",
                                id=ids.Maps.WARD_TABLE_EXPORT,
                                color="secondary",
                                className="mt-2",
                            ),
                        ],
                        xl=6,
                    ),
                    dbc.Col(
                        [
                            html.H2("Ward panel", className="mt-4"),
                            html.Div(
                                html.P(
                                    "No ward selected: click a ward on the map or "
                                    "choose one in the ward table."
                                ),
                                id=ids.Maps.WARD_PANEL,
                                className="pes-ward-panel",
                                tabIndex="-1",
                                **{"aria-live": "polite"},
                            ),
                        ],
                        xl=6,
                    ),
                ],
                className="g-4",
            ),
            html.P(id=ids.Maps.SOURCE, className="pes-source mt-3"),
            html.Div(id=ids.Maps.REAL_SERIES),
            html.Div(
                "Map controls: drag to pan, + and − buttons to zoom; the ward table "
                "gives every figure without the map.",
                className="visually-hidden",
            ),
        ]
    )
