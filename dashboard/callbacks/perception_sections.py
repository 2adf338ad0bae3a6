"""The perception page's three sections (quadrant, trend, gap) built from a View:
charts, sentences, data grids and source lines as Dash components."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components import graph_config, method_disclosure
from dashboard.figures.perception import quadrant_figure, trend_figure
from dashboard.figures.theme import empty_figure
from dashboard.ui.columns import WRAPPED
from dashboard.ui.export import Export
from dashboard.ui.grid import export_grid
from dashboard.ui.grid import show_data as lazy_show_data
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


def gap_section(view: View) -> list:
    """The ranked gap table with its sentence, method and source."""
    columns = [
        _col("rank", "Rank", type="numericColumn", maxWidth=100),
        _col("area_name", "Area", minWidth=200, **WRAPPED),
        _col("flag", "Finding", minWidth=300, **WRAPPED),
        _col("gap", "Gap (SD)", valueFormatter=_fmt(2), maxWidth=130),
        _col("z", "Test z", valueFormatter=_fmt(2), maxWidth=120),
        _col("p_value", "p-value", valueFormatter=_fmt(3), maxWidth=120),
        _percent("concern", "Worried share", maxWidth=150),
        _col("rate", "Rate per 1,000", valueFormatter=_fmt(1), maxWidth=150),
        _col("base_size", "Base", type="numericColumn", maxWidth=110),
        _col("incidents", "Incidents", type="numericColumn", maxWidth=130),
        _col("reason", "Not ranked because", minWidth=220, **WRAPPED),
    ]
    table = tables.gap_export(view, columns)
    return [
        html.P(
            text.gap_sentence(view),
            className="pes-summary",
            id="perception-gap-summary",
        ),
        html.Div(
            export_grid(
                ids.Perception.GAP_GRID,
                table,
                wrap_headers=True,
                columnSize="responsiveSizeToFit",
            ),
            className="pes-gap-table",
        ),
        _export_button(ids.Perception.GAP_EXPORT),
        method_disclosure(html.P(text.GAP_METHOD)),
        html.P([_badge(view), text.quadrant_source(view)], className="pes-source"),
    ]
