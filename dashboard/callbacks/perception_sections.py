"""The perception page's three sections (quadrant, trend, gap) built from a View:
charts, sentences, data grids and source lines as Dash components."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components import graph_config, html_table, method_disclosure
from dashboard.figures.perception import quadrant_figure, trend_figure
from dashboard.figures.theme import empty_figure
from dashboard.ui.export import Export
from dashboard.ui.grid import export_grid
from dashboard.ui.grid import show_data as lazy_show_data
from dashboard.ui.html_table import Column, table_html
from dashboard.views.perception import tables, text
from dashboard.views.perception.data import (
    View,
    city_estimate,
    city_rate,
    suppressed_areas,
)
from domain.areas import PETERBOROUGH_LAD


def show_data(grid_id: str, export_id: str, table: Export) -> html.Details:
    """The 'show data' block: a sortable grid of an export's rows with a CSV export
    button."""
    return lazy_show_data(
        export_grid(
            grid_id,
            table,
            wrap_headers=True,
            columnSize="responsiveSizeToFit",
        ),
        _export_button(export_id),
    )


def _export_button(export_id: str) -> dbc.Button:
    return dbc.Button(
        "Download CSV", id=export_id, color="secondary", size="sm", className="my-2"
    )


def _col(field: str, header: str, **extra: object) -> dict:
    return {"field": field, "headerName": header, **extra}


def _fmt(decimals: int, percent: bool = False) -> dict:
    # Formatted in the browser so that sorting and the CSV keep the numbers.
    suffix = " + '%'" if percent else ""
    return {
        "function": f"params.value == null ? '' : "
        f"d3.format('.{decimals}f')(params.value){suffix}"
    }


def _percent(field: str, header: str, decimals: int = 1, **extra: object) -> dict:
    """A share (0 to 1) shown, sorted and exported as a percentage (0 to 100), so
    the CSV's number matches its "%" header."""
    return _col(
        field,
        header,
        valueGetter={
            "function": f"params.data.{field} == null ? null : "
            f"100 * params.data.{field}"
        },
        valueFormatter=_fmt(decimals, True),
        **extra,
    )


def _badge(view: View) -> html.Span | str:
    return html.Span("DEMO", className="badge-demo") if view.demo else ""


def _graph(figure: object, chart: str) -> dcc.Graph:
    return dcc.Graph(
        figure=figure, config=graph_config(f"perception-{chart}"), className="pes-chart"
    )


def quadrant_section(view: View) -> list:
    """The quadrant chart with its sentence, data table, exclusions and source."""
    if view.window_covered and not view.gaps.empty:
        figure = quadrant_figure(
            view.gaps,
            city_estimate=city_estimate(view),
            city_rate=city_rate(view),
            question_label=view.question_label,
            measure_label=view.measure_label,
            direction=view.direction,
            demo=view.demo,
        )
    else:
        figure = empty_figure(text.quadrant_sentence(view))
    suppressed = suppressed_areas(view)
    notes = []
    if suppressed:
        notes.append(
            html.P(
                [
                    html.Strong(text.suppressed_heading(view, len(suppressed))),
                    text.suppressed_list(suppressed),
                    text.SUPPRESSED_ADVICE,
                ],
                className="pes-suppressed",
            )
        )
    columns = [
        _col("area_name", "Area", pinned="left"),
        _col("wave_label", "Survey wave(s)"),
        _col("base_size", "Base (answers)", type="numericColumn"),
        _percent("estimate", f"{view.question_label} %"),
        _percent("lower", "Lower 95% (Wilson)"),
        _percent("upper", "Upper 95% (Wilson)"),
        _col("incidents", "Recorded incidents", type="numericColumn"),
        _col(
            "population",
            f"Population (mid-{view.population_year})",
            type="numericColumn",
        ),
        _col("rate", "Rate per 1,000", valueFormatter=_fmt(1)),
        _col("rate_lower", "Lower 95% (Poisson)", valueFormatter=_fmt(1)),
        _col("rate_upper", "Upper 95% (Poisson)", valueFormatter=_fmt(1)),
        _col("reason", "Suppressed because"),
    ]
    table = tables.quadrant_export(view, columns)
    return [
        html.P(
            text.quadrant_sentence(view),
            className="pes-summary chart-summary",
            id="perception-quadrant-summary",
        ),
        _graph(figure, "quadrant"),
        *notes,
        html.P([text.quadrant_explanation(view)], className="pes-explain"),
        method_disclosure(html.P(text.QUADRANT_METHOD)),
        show_data(ids.Perception.QUADRANT_GRID, ids.Perception.QUADRANT_EXPORT, table),
        html.P([_badge(view), text.quadrant_source(view)], className="pes-source"),
    ]


def trend_section(view: View) -> list:
    """Two aligned panels (survey above, recorded below) with sentence, data, source."""
    figure = trend_figure(
        view.trend_survey,
        view.trend_recorded,
        waves=view.waves,
        selected_wave=view.state.wave,
        question_label=view.question_label,
        measure_label=view.measure_label,
        references=view.references,
        demo=view.demo,
        city_code=PETERBOROUGH_LAD,
    )
    columns = [
        _col("series", "Series"),
        _col("area_name", "Area"),
        _col("wave_or_quarter", "Wave or quarter"),
        _col("wave_label", "Survey wave(s) used"),
        _col("base_size", "Base", type="numericColumn"),
        _percent("estimate", "Survey %"),
        _percent("lower", "Lower 95%"),
        _percent("upper", "Upper 95%"),
        _col("incidents", "Incidents", type="numericColumn"),
        _col(
            "population",
            f"Population (mid-{view.trend_population_year})"
            if view.trend_population_year
            else "Population",
            type="numericColumn",
        ),
        _col("rate", "Per 1,000 a quarter", valueFormatter=_fmt(2)),
        _col("rate_lower", "Lower 95%", valueFormatter=_fmt(2)),
        _col("rate_upper", "Upper 95%", valueFormatter=_fmt(2)),
        _col("reason", "Suppressed because"),
    ]
    focus = text.focus_sentence(view)
    table = tables.trend_export(view, columns)
    return [
        html.P(
            text.trend_sentence(view),
            className="pes-summary chart-summary",
            id="perception-trend-summary",
        ),
        html.P(focus, className="pes-explain") if focus else None,
        _graph(figure, "trend"),
        html.P(text.TREND_EXPLANATION, className="pes-explain"),
        method_disclosure(html.P(text.TREND_METHOD)),
        show_data(ids.Perception.TREND_GRID, ids.Perception.TREND_EXPORT, table),
        html.P([_badge(view), text.trend_source(view)], className="pes-source"),
    ]


GAP_COLUMNS = [
    Column("rank", "Rank", number=True, sortable=False),
    Column("area_name", "Area", sortable=False, min_width=160),
    Column("flag", "Finding", sortable=False, min_width=260),
    Column("gap", "Gap (SD)", number=True, decimals=2, sortable=False),
    Column("z", "Test z", number=True, decimals=2, sortable=False),
    Column("p_value", "p-value", number=True, decimals=3, sortable=False),
    Column(
        "concern", "Worried share", number=True, decimals=1, suffix="%", sortable=False
    ),
    Column("rate", "Rate per 1,000", number=True, decimals=1, sortable=False),
    Column("base_size", "Base", number=True, sortable=False),
    Column("incidents", "Incidents", number=True, sortable=False),
    Column("reason", "Not ranked because", sortable=False, min_width=200),
]


def gap_table(view: View) -> tuple[Export, list[dict]]:
    """The ranked gap table's export and its rows, the worried share as a
    percentage (0 to 100) on screen and in the CSV alike."""
    table = tables.gap_export(view, [{"field": c.field} for c in GAP_COLUMNS])
    rows = [
        row | {"concern": None if row.get("concern") is None else 100 * row["concern"]}
        for row in table.rows
    ]
    return table, rows


def gap_section(view: View) -> list:
    """The ranked gap table with its sentence, method and source."""
    _table, rows = gap_table(view)
    return [
        html.P(
            text.gap_sentence(view),
            className="pes-summary",
            id="perception-gap-summary",
        ),
        html_table(
            ids.Perception.GAP_TABLE_HTML,
            "pes-gap-table",
            markup=table_html(
                rows,
                GAP_COLUMNS,
                table_id=ids.Perception.GAP_TABLE,
                caption="Where the gap between worry and recorded crime is largest",
                row_id="area_code",
            ),
        ),
        _export_button(ids.Perception.GAP_EXPORT),
        method_disclosure(html.P(text.GAP_METHOD)),
        html.P([_badge(view), text.quadrant_source(view)], className="pes-source"),
    ]
