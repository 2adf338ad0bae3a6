"""Sector maps: the page's callbacks, thin over the maps view.

Server callbacks: the period list for a measure; the map's data for a measure and
period; the ward table (an escaped HTML table, ``dashboard.ui.html_table``) for the
sector chosen, and its CSV; the mapping note; the ward panel; the chosen sector's or
the city's monthly process-behaviour chart. Clientside callbacks
(assets/20-maps.js): ward selection, sector filtering of the map and hotspots,
value labels, the trend's CSV and the URL query string. The figures come
from dashboard.views.maps; the components from maps_components.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.callbacks import maps_components as parts
from dashboard.callbacks.evidence_components import flytipping_block
from dashboard.callbacks.signal_components import signal_section
from dashboard.components import choice_message, data_error, headline_tile
from dashboard.metrics.maps import MEASURES
from dashboard.ui.export import Export, csv_text
from dashboard.ui.grid import register_csv_export
from dashboard.ui.html_table import Column, sort_rows, table_html
from dashboard.views.maps import data, state
from dashboard.views.maps import text as t
from dashboard.views.signals import data as signals_view
from data_access.engine import DataUnavailableError
from data_access.queries import local
from domain.areas import SECTOR_NAMES

# The measure whose panel also shows Defra's real annual series.
FLYTIPPING_MEASURE = "fly-tipping"


def period_choice(engine: Engine, measure_key: str, requested: str | None) -> dict:
    """Period options, the chosen period key and a message if the URL's period was
    not found."""
    menu = data.period_menu(engine, measure_key, requested)
    return {
        "options": menu.options,
        "value": menu.value,
        "message": choice_message(menu.message, failed=menu.failed),
    }


def _empty_map(message: object, summary: str) -> dict:
    return {
        "wards": data.EMPTY,
        "sectors": data.EMPTY,
        "labels": None,
        "bounds": None,
        "legend": message,
        "summary": summary,
        "cards": [],
        "points": None,
        "hotspot_note": "",
        "source": "",
        "real_series": [],
        "shown": None,
    }


def map_content(engine: Engine, measure_key: str, period_key: str | None) -> dict:
    """Every output of the map callback for a measure and period."""
    try:
        view = data.map_view(engine, measure_key, period_key)
    except DataUnavailableError as error:
        return _empty_map(data_error(str(error)), "")
    if view is None:
        message = "No figures are loaded for this measure."
        return _empty_map(data_error(message), message)
    figures = view.figures
    return {
        "wards": view.wards,
        "sectors": view.sectors,
        "labels": view.labels,
        "bounds": view.bounds,
        "legend": parts.legend(figures, view.breaks),
        "summary": view.summary,
        "cards": parts.sector_cards(figures),
        "points": view.points,
        "hotspot_note": view.hotspot_note,
        "source": view.source,
        "real_series": flytipping_block(engine, grid_id=ids.Maps.FLYTIPPING_GRID)
        if measure_key == FLYTIPPING_MEASURE
        else [],
        "shown": data.shown_end(figures).isoformat(),
    }


def _ward_rows(
    engine: Engine,
    measure_key: str,
    period_key: str | None,
    sector: str | None,
    sort: object,
) -> tuple[data.MapView, list[Column], Export, list[dict]] | None:
    """The map's view, the ward table's columns, its export and the rows shown:
    the sector's wards (every ward with no sector chosen) in the sort chosen."""
    view = data.map_view(engine, measure_key, period_key)
    if view is None:
        return None
    figures = view.figures
    columns = parts.ward_columns(figures.measure, figures.population_year)
    export = data.ward_export(figures, view.rows, [column.field for column in columns])
    rows = [
        row
        for row in export.rows
        if not sector or not isinstance(sector, str) or row["sector_code"] == sector
    ]
    return view, columns, export, sort_rows(rows, columns, sort)


def ward_table(
    engine: Engine,
    measure_key: str,
    period_key: str | None,
    sector: str | None,
    sort: object = None,
    ward: str | None = None,
) -> str:
    """The ward table (the map's text alternative) for the sector chosen, each
    ward's name a link that opens its panel."""
    try:
        found = _ward_rows(engine, measure_key, period_key, sector, sort)
    except DataUnavailableError:
        return ""  # the map's legend says why
    if found is None:
        return ""
    view, columns, _export, rows = found
    measure, period = view.figures.measure, view.figures.period
    place = SECTOR_NAMES.get(sector, "Peterborough") if sector else "Peterborough"
    return table_html(
        rows,
        columns,
        table_id=ids.Maps.WARD_TABLE,
        caption=f"{measure.label}, {period.label}: wards of {place}",
        sort=sort,
        sort_store=ids.Maps.WARD_SORT,
        pick_store=ids.Maps.WARD_PICKED,
        link=lambda row: state.href(
            measure.key, period.key, sector=sector or "", ward=str(row["code"])
        ),
        row_id="code",
        chosen=ward if isinstance(ward, str) else None,
    )


def ward_csv(
    engine: Engine,
    measure_key: str,
    period_key: str | None,
    sector: str | None,
    sort: object = None,
) -> dict:
    """The ward table's rows as shown, as CSV (``dashboard.ui.export``)."""
    try:
        found = _ward_rows(engine, measure_key, period_key, sector, sort)
    except DataUnavailableError:
        raise PreventUpdate from None
    if found is None:
        raise PreventUpdate
    _view, _columns, export, rows = found
    return dcc.send_string(csv_text(rows, export.export_columns), export.file_name)


def mapping_note(engine: Engine) -> list:
    """The note naming the ward-to-sector mapping's version and rules (the sector
    dropdown, the ward and the link's message come with the page's layout)."""
    try:
        return parts.mapping_note(local.ward_sectors(engine))
    except DataUnavailableError:
        return []  # the layout's place message already says why


def ward_panel(
    engine: Engine, ward: str | None, measure_key: str, period_key: str | None
) -> list:
    """The ward panel for the selected ward, measure and period."""
    if not ward or not isinstance(ward, str):
        return [html.P(t.NO_WARD)]
    try:
        view = data.ward_panel(engine, ward, measure_key, period_key)
    except DataUnavailableError as error:
        return [data_error(str(error))]
    if view is None:
        return [html.P("No figures for this ward.")]
    return parts.ward_panel(view) + area_signal(
        engine, "ward", ward, measure_key, place=view.ward_name, heading_level=4
    )


def area_signal(
    engine: Engine,
    level: str,
    area_code: str,
    measure_key: str,
    *,
    place: str,
    heading_level: int = 2,
) -> list:
    """Signal or noise for a police.uk measure in a ward, a sector or the city: its
    monthly process-behaviour chart; nothing for the other measures (their monthly
    records are demo, or they are not monthly counts)."""
    measure = MEASURES.get(measure_key)
    if measure is None or not measure.is_police_uk:
        return []
    try:
        signal = signals_view.read_area_signal(
            engine, level, area_code, measure.categories, place
        )
    except DataUnavailableError as error:
        return [data_error(str(error))]
    if signal is None:
        return [html.P("No real police.uk months are loaded for a monthly chart.")]
    return signal_section(
        sentence=signal.sentence,
        figure=signal.figure,
        method=signal.method,
        table=signal.table,
        name=f"maps-{level}",
        heading_level=heading_level,
        heading_class="panel-h4" if heading_level == 4 else "mt-4",
    )


def sector_signal(engine: Engine, sector: str | None, measure_key: str) -> list:
    """The chosen sector's (or, with none, the whole city's) monthly chart."""
    if sector and isinstance(sector, str) and sector in SECTOR_NAMES:
        return area_signal(
            engine, "sector", sector, measure_key, place=SECTOR_NAMES[sector]
        )
    return area_signal(engine, "city", "", measure_key, place="Peterborough")


def sectors_tiles(engine: Engine) -> list:
    """Overview tile: the ward with the highest real recorded crime rate."""
    tile = data.tile(engine)
    if isinstance(tile, str):
        return [data_error(tile)]
    return [
        headline_tile(
            label=tile.label,
            value=tile.value,
            unit=tile.unit,
            details=tile.details,
            link=("Open the sector maps", tile.href),
            demo=tile.is_demo,
        )
    ]


def register(app: Dash, engine: Engine) -> None:
    """Wire the sector maps' server and clientside callbacks."""
    app.callback(
        output={
            "options": Output(ids.Maps.PERIOD, "options"),
            "value": Output(ids.Maps.PERIOD, "value"),
            "message": Output(ids.Maps.PERIOD_MESSAGE, "children"),
        },
        inputs={
            "measure": Input(ids.Maps.MEASURE, "value"),
            "period": State(ids.Maps.PERIOD, "value"),
        },
        # The layout fills the periods for the link's measure, so the map draws
        # in the page's first round; this answers a change of measure.
        prevent_initial_call=True,
    )(lambda measure, period: period_choice(engine, measure, period))
    app.callback(
        output={
            "wards": Output(ids.Maps.WARDS_LAYER, "data"),
            "sectors": Output(ids.Maps.SECTORS_LAYER, "data"),
            "labels": Output(ids.Maps.LABELS_DATA, "data"),
            "bounds": Output(ids.Maps.BOUNDS, "data"),
            "legend": Output(ids.Maps.LEGEND, "children"),
            "summary": Output(ids.Maps.SUMMARY, "children"),
            "cards": Output(ids.Maps.SECTOR_CARDS, "children"),
            "points": Output(ids.Maps.POINTS, "data"),
            "hotspot_note": Output(ids.Maps.HOTSPOT_NOTE, "children"),
            "source": Output(ids.Maps.SOURCE, "children"),
            "real_series": Output(ids.Maps.REAL_SERIES, "children"),
            "shown": Output(ids.shown_period("maps"), "data"),
        },
        inputs={
            "measure": Input(ids.Maps.MEASURE, "value"),
            "period": Input(ids.Maps.PERIOD, "value"),
        },
    )(lambda measure, period: map_content(engine, measure, period))
    app.callback(
        Output(ids.Maps.WARD_TABLE_HTML, "html"),
        Input(ids.Maps.MEASURE, "value"),
        Input(ids.Maps.PERIOD, "value"),
        Input(ids.Maps.SECTOR, "value"),
        Input(ids.Maps.WARD_SORT, "data"),
        State(ids.Maps.WARD, "data"),
    )(
        lambda measure, period, sector, sort, ward: ward_table(
            engine, measure, period, sector, sort, ward
        )
    )
    app.callback(
        Output(ids.Maps.WARD_CSV, "data"),
        Input(ids.Maps.WARD_TABLE_EXPORT, "n_clicks"),
        State(ids.Maps.MEASURE, "value"),
        State(ids.Maps.PERIOD, "value"),
        State(ids.Maps.SECTOR, "value"),
        State(ids.Maps.WARD_SORT, "data"),
        prevent_initial_call=True,
    )(
        lambda _clicks, measure, period, sector, sort: ward_csv(
            engine, measure, period, sector, sort
        )
    )
    app.callback(
        Output(ids.Maps.MAPPING_NOTE, "children"),
        Input(ids.Maps.REQUEST, "data"),
    )(lambda _request: mapping_note(engine))
    app.callback(
        Output(ids.Maps.AREA_SIGNAL, "children"),
        Input(ids.Maps.SECTOR, "value"),
        Input(ids.Maps.MEASURE, "value"),
    )(lambda sector, measure: sector_signal(engine, sector, measure))
    app.callback(
        Output(ids.Maps.WARD_PANEL, "children"),
        Input(ids.Maps.WARD, "data"),
        Input(ids.Maps.MEASURE, "value"),
        Input(ids.Maps.PERIOD, "value"),
    )(lambda ward, measure, period: ward_panel(engine, ward, measure, period))

    def clientside(name: str, *dependencies: object, **options: object) -> None:
        app.clientside_callback(
            ClientsideFunction(namespace="pesMaps", function_name=name),
            *dependencies,
            **options,
        )

    clientside(
        "selectWard",
        Output(ids.Maps.WARD, "data", allow_duplicate=True),
        Input(ids.Maps.WARDS_LAYER, "clickData"),
        Input(ids.Maps.WARD_PICKED, "data"),
        State(ids.Maps.WARD, "data"),
        prevent_initial_call=True,
    )
    clientside(
        "wardHideout",
        Output(ids.Maps.WARDS_LAYER, "hideout"),
        Input(ids.Maps.SECTOR, "value"),
        Input(ids.Maps.WARD, "data"),
    )
    clientside(
        "labels",
        Output(ids.Maps.LABELS_LAYER, "data"),
        Output(ids.Maps.SECTOR_LABELS_LAYER, "data"),
        Input(ids.Maps.LABELS_DATA, "data"),
        Input(ids.Maps.LAYERS, "value"),
        Input(ids.Maps.SECTOR, "value"),
    )
    clientside(
        "hotspots",
        Output(ids.Maps.HOTSPOT_LAYER, "data"),
        Input(ids.Maps.POINTS, "data"),
        Input(ids.Maps.LAYERS, "value"),
        Input(ids.Maps.SECTOR, "value"),
    )
    clientside(
        "viewport",
        Output(ids.Maps.MAP, "viewport"),
        Input(ids.Maps.BOUNDS, "data"),
        Input(ids.Maps.SECTOR, "value"),
    )
    clientside(
        "search",
        Output(ids.Maps.URL, "data"),
        Input(ids.Maps.MEASURE, "value"),
        Input(ids.Maps.PERIOD, "value"),
        Input(ids.Maps.SECTOR, "value"),
        Input(ids.Maps.WARD, "data"),
        Input(ids.Maps.LAYERS, "value"),
        prevent_initial_call=True,
    )
    register_csv_export(app, ids.Maps.TREND_TABLE_EXPORT, ids.Maps.TREND_TABLE)
