"""Sector maps: the maps view turned into components (legend, ward table columns,
sector cards, the mapping note and the ward panel). No reads: views in,
components out."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.components import graph_config, headline_tile
from dashboard.figures import maps as mapfig
from dashboard.metrics import maps as m
from dashboard.ui.grid import export_grid, show_data
from dashboard.ui.html_table import Column
from dashboard.views.maps import state
from dashboard.views.maps import text as t
from dashboard.views.maps.data import AreaFigures, PanelView, trend_export


def _demo_badge(is_demo: bool) -> list:
    return [html.Span("DEMO", className="badge-demo")] if is_demo else []


def legend(figures: AreaFigures, breaks: list[float]) -> list:
    """The legend: title, unit, one row per class with its number and range."""
    measure, period = figures.measure, figures.period
    rows = [
        html.Li(
            [
                html.Span(
                    str(row["class"]),
                    className="pes-swatch",
                    style={"backgroundColor": row["colour"]},
                ),
                html.Span(row["text"]),
            ]
        )
        for row in mapfig.legend_rows(breaks, decimals=measure.decimals)
    ]
    rows.append(
        html.Li(
            [
                html.Span(
                    "–",
                    className="pes-swatch",
                    style={"backgroundColor": mapfig.NO_DATA_COLOUR},
                ),
                html.Span("no data"),
            ]
        )
    )
    return [
        html.Div(
            [*_demo_badge(period.is_demo), measure.label],
            className="pes-legend-title",
        ),
        html.Div(
            f"{period.label} · {measure.unit}"
            + (" · sector level" if figures.level == "sector" else ""),
            className="pes-legend-sub",
        ),
        html.Ol(rows, className="pes-legend-rows"),
        html.Div(
            "Classes: equal-count (quintile) breaks on the "
            f"{'sector' if figures.level == 'sector' else 'ward'} values; class 1 is "
            "the lowest. Darker means a higher value.",
            className="pes-legend-method",
        ),
    ]


def _numeric(field: str, name: str, decimals: int, width: int) -> Column:
    return Column(
        field, name, number=True, decimals=decimals, missing=t.NO_DATA, min_width=width
    )


def ward_columns(
    measure: m.Measure, population_year: int | None = None
) -> list[Column]:
    """The ward table's columns, named with units (the residents column with the
    ONS estimate it is, so the CSV says it too)."""
    count_name = {
        "incidents": "Incidents",
        "survey": "Residents answering",
        "kpi": "Sector value",
    }[measure.kind]
    columns = [
        Column("ward", "Ward", min_width=180),
        Column("sector", "Sector"),
        _numeric("value", "Value", measure.decimals, 90),
        _numeric("count", count_name, 0, 110),
    ]
    if measure.kind == "incidents" and measure.per_1000:
        residents = (
            f"Residents (ONS mid-{population_year})" if population_year else "Residents"
        )
        columns.append(_numeric("base", residents, 0, 120))
    columns += [
        _numeric("change", "Change on a year before", measure.decimals, 110),
        Column("cls", "Class", number=True, decimals=0),
    ]
    return columns


def sector_cards(figures: AreaFigures) -> list:
    """One card per sector and one for the city, side by side."""
    measure, period = figures.measure, figures.period
    table = figures.table
    cards = []
    for row in table[table.area_kind.isin(["sector", "lad"])].itertuples():
        change = m.change_text(
            row.change,
            getattr(row, "change_pct", None),
            t.change_unit(measure),
            measure.decimals,
        )
        prior = period.previous_label or "a year earlier"
        card = headline_tile(
            label=row.area_name + (" (whole city)" if row.area_kind == "lad" else ""),
            value=t.number(row.value, measure.decimals),
            unit=measure.unit,
            details=t.card_details(measure, row.count, row.base, change, prior),
            demo=period.is_demo,
            link=(
                f"Show {row.area_name} on the map",
                state.href(measure.key, period.key, sector=row.area_code),
            )
            if row.area_kind == "sector"
            else None,
        )
        card.xl = 3
        cards.append(card)
    return cards


def mapping_note(mapping: pd.DataFrame) -> list:
    """'Sector mapping default-2025 ...: a DEFAULT drawn by a stated rule.'"""
    if mapping.empty:
        return []
    version = mapping.mapping_version.iloc[0]
    rules = sorted(set(mapping.note))
    text: list = [html.Strong(f"Sector mapping: version {version}. ")]
    if str(version).startswith("default"):
        text += [html.Span("DEFAULT", className="badge-demo"), t.DEFAULT_MAPPING]
    text.append(
        html.Details(
            [
                html.Summary("The rule for each group of wards"),
                html.Ul([html.Li(rule) for rule in rules]),
            ]
        )
    )
    return text


def _trend_table(view: PanelView) -> html.Details:
    table = trend_export(
        view,
        [
            {"field": "period_label", "headerName": "Period", "flex": 1},
            {
                "field": "value",
                "headerName": view.trend_unit.capitalize(),
                "type": "numericColumn",
                # Rounded on screen only: the CSV keeps the number.
                "valueFormatter": {
                    "function": "params.value == null ? '' : "
                    "d3.format('.1~f')(params.value)"
                },
                "flex": 1,
            },
        ],
    )
    return show_data(
        export_grid(
            ids.Maps.TREND_TABLE,
            table,
            filters=False,
            column_defaults={"resizable": False},
        ),
        dbc.Button(
            "Download the trend (CSV)",
            id=ids.Maps.TREND_TABLE_EXPORT,
            color="secondary",
            size="sm",
            className="mt-2",
        ),
        class_name="",
    )


def ward_panel(view: PanelView) -> list:
    """The ward panel: name, sector, figures with denominators, change, top
    categories and a small trend chart with its data table."""
    parts: list = [
        html.H3([*_demo_badge(view.is_demo), view.ward_name], className="panel-title"),
        html.Div(view.subtitle, className="panel-sub"),
    ]
    if view.value is not None:
        parts += [
            html.Div(
                [
                    html.Span(view.value, className="panel-value"),
                    " ",
                    html.Span(view.unit, className="panel-unit"),
                ]
            ),
            html.Div(view.denominator, className="panel-detail"),
            html.Div(view.change, className="panel-detail"),
        ]
    if view.top is not None:
        parts.append(html.H4("Top categories in this ward", className="panel-h4"))
        if view.top:
            parts.append(
                html.Ol([html.Li(line) for line in view.top], className="panel-top")
            )
        else:
            parts.append(html.P("No records in this period."))
    trend: list = [
        html.H4("Trend", className="panel-h4"),
        html.P(view.trend_summary, className="panel-detail chart-summary"),
    ]
    if len(view.trend) > 1:
        trend.append(
            dcc.Graph(
                figure=mapfig.trend_figure(
                    view.trend,
                    title=view.trend_title,
                    value_label=view.trend_unit,
                    decimals=0,
                ),
                config=graph_config(f"ward-{view.ward}-trend"),
                className="panel-trend",
            )
        )
    trend.append(_trend_table(view))
    # The trend, its sentence and its table together, apart from any other chart.
    parts.append(html.Div(trend))
    parts.append(html.P(view.source, className="pes-source"))
    return parts
