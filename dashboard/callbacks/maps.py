"""Sector maps: thin callbacks over data_access, metrics.maps and figures.maps.

Server callbacks: the period list for a measure; the map's data for a measure and
period; the sector list and the URL's sector and ward; the ward panel. Clientside
callbacks (assets/20-maps.js): ward selection, sector filtering of the map, table
and hotspots, value labels, CSV export and the URL query string.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.components import data_error, headline_tile
from dashboard.figures import maps as mapfig
from dashboard.memo import kept
from dashboard.metrics import maps as m
from data_access.engine import DataUnavailableError
from data_access.queries import local
from data_access.queries import maps as q
from domain.areas import PETERBOROUGH_LAD
from domain.population import population_year

CITY = PETERBOROUGH_LAD


def _month_label(start: date, end: date) -> str:
    if start == end:
        return f"{start:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def periods_for(engine: Engine, measure: m.Measure) -> list[m.Period]:
    """The periods this measure has figures for."""
    if measure.kind == "incidents":
        return m.incident_periods(
            q.incident_months(engine, categories=list(measure.categories))
        )
    if measure.kind == "survey":
        return m.survey_periods(
            q.survey_area_results(engine, question_code=measure.question)
        )
    values = q.sector_kpi_values(engine)
    family = values[values.kpi_id.str.rsplit("-", n=1).str[0] == measure.kpi_family]
    return m.kpi_periods(family)


def period_choice(engine: Engine, measure_key: str, requested: str | None) -> tuple:
    """Period options, the chosen period key and a message if the URL's period was
    not found."""
    measure, _ = m.choose_measure(measure_key)
    try:
        periods = periods_for(engine, measure)
    except DataUnavailableError as error:
        return [], None, data_error(str(error))
    period, message = m.choose_period(periods, requested)
    options = [{"label": p.label, "value": p.key} for p in periods]
    if period is None:
        return options, None, _note(f"No figures are loaded for {measure.label}.")
    return options, period.key, _note(message) if message else None


def _note(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="warning", className="pes-url-note")


@dataclass
class AreaFigures:
    """Everything the map, cards and table need for one measure and period."""

    measure: m.Measure
    period: m.Period
    table: pd.DataFrame  # area_code, area_name, area_kind, value, count, base, ...
    level: str  # ward or sector: where the values come from
    base_label: str  # what the count/base column means
    denominator: str  # words for the denominator
    source: str
    extra_note: str = ""


def _incident_figures(
    engine: Engine, measure: m.Measure, period: m.Period, mapping: pd.DataFrame
) -> AreaFigures:
    categories = list(measure.categories)
    years = local.ward_population_years(engine)
    year = population_year(period.end, years)
    populations = local.local_population(engine, year=year) if year else None
    if populations is None or populations.empty:
        raise DataUnavailableError("No ward population estimates are loaded.")

    def counts(start: date, end: date) -> pd.DataFrame:
        wards = local.incident_counts(
            engine, start_month=start, end_month=end, categories=categories
        )
        by_ward = wards.groupby("area_code", as_index=False)["incidents"].sum()
        sectors = (
            by_ward.merge(mapping, left_on="area_code", right_on="ward_code")
            .groupby("sector_code", as_index=False)["incidents"]
            .sum()
            .rename(columns={"sector_code": "area_code"})
        )
        city = pd.DataFrame(
            {"area_code": [CITY], "incidents": [int(by_ward.incidents.sum())]}
        )
        return pd.concat([by_ward, sectors, city], ignore_index=True)

    previous = counts(*period.previous) if period.previous else None
    table = m.area_rates(
        counts(period.start, period.end),
        populations,
        previous=previous,
        per_1000=measure.per_1000,
    )
    table = table.rename(columns={"incidents": "count", "population": "base"})
    source_name = (
        "police.uk street-level crime and ASB, Cambridgeshire (real, Open "
        "Government Licence v3.0)"
        if not period.is_demo
        else "DEMO street-level records generated for this dashboard"
    )
    return AreaFigures(
        measure=measure,
        period=period,
        table=table,
        level="ward",
        base_label="Residents",
        denominator=f"ONS mid-{year} ward population estimates"
        + (", the nearest year loaded" if year != period.end.year else ""),
        source=f"{source_name}, {_month_label(period.start, period.end)}",
    )


def _survey_figures(
    engine: Engine, measure: m.Measure, period: m.Period, areas: pd.DataFrame
) -> AreaFigures:
    results = q.survey_area_results(engine, question_code=measure.question)
    values = m.survey_values(
        results,
        wave_end=period.end,
        previous_end=period.previous[1] if period.previous else None,
    )
    table = areas.merge(values, on="area_code", how="left").rename(
        columns={"base_size": "count"}
    )
    table["base"] = table["count"]
    name = results.survey_name.iloc[0] if not results.empty else "Residents' survey"
    return AreaFigures(
        measure=measure,
        period=period,
        table=table,
        level="ward",
        base_label="Residents answering",
        denominator="residents answering in each ward (unweighted base)",
        source=f"{name}, {period.label}",
        extra_note=(
            "Ward bases are small (often under 100 residents): differences of a few "
            "points between wards are within sampling error."
        ),
    )


def _kpi_figures(
    engine: Engine, measure: m.Measure, period: m.Period, areas: pd.DataFrame
) -> AreaFigures:
    values = m.kpi_sector_values(
        q.sector_kpi_values(engine),
        family=measure.kpi_family,
        period_end=period.end,
        previous_end=period.previous[1] if period.previous else None,
    )
    sectors = areas[areas.area_kind == "sector"].merge(
        values[["area_code", "value", "previous_value", "change"]],
        on="area_code",
        how="left",
    )
    city = pd.DataFrame(
        {
            "area_code": [CITY],
            "area_name": ["Peterborough"],
            "area_kind": ["lad"],
            "value": [values.value.sum() if not values.empty else float("nan")],
            "previous_value": [values.previous_value.sum(min_count=1)],
        }
    )
    city["change"] = city.value - city.previous_value
    wards = areas[areas.area_kind == "ward"][["area_code", "area_name", "area_kind"]]
    table = pd.concat([wards, sectors, city], ignore_index=True)
    table["count"] = table.value
    table["base"] = float("nan")
    return AreaFigures(
        measure=measure,
        period=period,
        table=table,
        level="sector",
        base_label="",
        denominator="none (a count per sector)",
        source=f"Partnership KPIs (DEMO), {period.label}",
        extra_note=(
            "This KPI is reported per sector and has no ward values: the map "
            "shades each sector as a whole."
        ),
    )


def area_frame(mapping: pd.DataFrame) -> pd.DataFrame:
    """area_code, area_name, area_kind for the wards, sectors and the city."""
    wards = mapping[["ward_code", "ward_name"]].rename(
        columns={"ward_code": "area_code", "ward_name": "area_name"}
    )
    wards["area_kind"] = "ward"
    sectors = (
        mapping[["sector_code", "sector_name"]]
        .drop_duplicates()
        .rename(columns={"sector_code": "area_code", "sector_name": "area_name"})
    )
    sectors["area_kind"] = "sector"
    city = pd.DataFrame(
        {"area_code": [CITY], "area_name": ["Peterborough"], "area_kind": ["lad"]}
    )
    return pd.concat([wards, sectors, city], ignore_index=True)


# The map, the ward panel and the Overview tile ask for the same figures: keep
# them while the data are unchanged (every measure's default period is prepared
# by the warm-up, see warm_figures).


def area_figures(
    engine: Engine, measure_key: str, period_key: str | None
) -> AreaFigures | None:
    """The figures for a measure and period (the default period if not found),
    kept while the data version is unchanged."""
    measure, _ = m.choose_measure(measure_key)
    period, _ = m.choose_period(periods_for(engine, measure), period_key)
    if period is None:
        return None
    return kept(
        engine,
        ("maps.figures", measure.key, period.key),
        lambda: _area_figures(engine, measure, period),
    )


def boundary_layers(engine: Engine) -> dict:
    """The simplified ward and sector outlines (``mapfig.boundary_layers``), kept
    while the data are unchanged: shared between callers, so never changed."""
    return kept(
        engine,
        "maps.outlines",
        lambda: mapfig.boundary_layers(
            local.ward_boundaries(engine), local.ward_sectors(engine)
        ),
    )


def warm_figures(engine: Engine) -> None:
    """Prepare the outlines and every measure's figures for the period the page
    opens on."""
    boundary_layers(engine)
    for key in m.MEASURES:
        area_figures(engine, key, None)


def _area_figures(engine: Engine, measure: m.Measure, period: m.Period) -> AreaFigures:
    mapping = local.ward_sectors(engine)
    if measure.kind == "incidents":
        return _incident_figures(engine, measure, period, mapping)
    if measure.kind == "survey":
        return _survey_figures(engine, measure, period, area_frame(mapping))
    return _kpi_figures(engine, measure, period, area_frame(mapping))


def _fmt(value: object, decimals: int) -> str:
    if value is None or pd.isna(value):
        return "no data"
    return f"{float(value):,.{decimals}f}"


def _change_unit(measure: m.Measure) -> str:
    if measure.kind == "survey":
        return "points"
    return measure.unit


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
    badge = [html.Span("DEMO", className="badge-demo")] if period.is_demo else []
    return [
        html.Div([*badge, measure.label], className="pes-legend-title"),
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


def ward_rows(figures: AreaFigures, wards: dict) -> list[dict]:
    """Rows for the ward table (and its CSV), one per ward."""
    measure = figures.measure
    table = figures.table.set_index("area_code")
    rows = []
    for feature in wards["features"]:
        p = feature["properties"]
        code = p["code"]
        row = table.loc[code] if code in table.index else None
        value = p.get("value")
        change = None if row is None else row.get("change")
        rows.append(
            {
                "code": code,
                "ward": p["name"],
                "sector": str(p.get("sector_name", "")).removesuffix(" sector"),
                "sector_code": p.get("sector"),
                "value": None if value is None else round(value, measure.decimals),
                "count": None
                if row is None or pd.isna(row.get("count"))
                else float(row["count"]),
                "base": None
                if row is None or pd.isna(row.get("base"))
                else int(row["base"]),
                "change": None
                if change is None or pd.isna(change)
                else round(float(change), measure.decimals),
                "cls": p.get("cls"),
            }
        )
    return rows


def ward_columns(figures: AreaFigures) -> list[dict]:
    """Column definitions for the ward table, named with units."""
    measure = figures.measure
    count_name = {
        "incidents": "Incidents",
        "survey": "Residents answering",
        "kpi": "Sector value",
    }[measure.kind]

    def number(decimals: int) -> dict:
        return {
            "function": "params.value == null ? 'no data' : "
            f"d3.format(',.{decimals}f')(params.value)"
        }

    columns = [
        {"field": "ward", "headerName": "Ward", "minWidth": 200, "flex": 2},
        {"field": "sector", "headerName": "Sector", "minWidth": 120, "flex": 1},
        {
            "field": "value",
            "headerName": "Value",
            "type": "numericColumn",
            "valueFormatter": number(measure.decimals),
            "minWidth": 110,
            "flex": 1,
            "sort": "desc",
        },
        {
            "field": "count",
            "headerName": count_name,
            "type": "numericColumn",
            "valueFormatter": number(0),
            "minWidth": 130,
            "flex": 1,
        },
    ]
    if measure.kind == "incidents" and measure.per_1000:
        columns.append(
            {
                "field": "base",
                "headerName": "Residents",
                "type": "numericColumn",
                "valueFormatter": number(0),
                "minWidth": 130,
                "flex": 1,
            }
        )
    columns += [
        {
            "field": "change",
            "headerName": "Change on a year before",
            "type": "numericColumn",
            "valueFormatter": number(measure.decimals),
            "minWidth": 120,
            "flex": 1,
        },
        {"field": "cls", "headerName": "Class", "type": "numericColumn", "flex": 1},
    ]
    return columns


def sector_cards(figures: AreaFigures) -> list:
    """One card per sector and one for the city, side by side."""
    measure = figures.measure
    table = figures.table
    cards = []
    shown = table[table.area_kind.isin(["sector", "lad"])]
    for row in shown.itertuples():
        details = []
        if measure.kind == "incidents":
            if measure.per_1000:
                details.append(
                    f"{int(row.count):,} incidents ÷ {int(row.base):,} residents "
                    "× 1,000"
                )
            else:
                details.append(f"{int(row.count):,} incidents")
        elif measure.kind == "survey" and not pd.isna(row.count):
            details.append(f"{int(row.count):,} residents answered")
        change = m.change_text(
            row.change,
            getattr(row, "change_pct", None),
            _change_unit(measure),
            measure.decimals,
        )
        prior = figures.period.previous_label or "a year earlier"
        details.append(f"Change on {prior}: {change}")
        cards.append(
            headline_tile(
                label=row.area_name
                + (" (whole city)" if row.area_kind == "lad" else ""),
                value=_fmt(row.value, measure.decimals),
                unit=measure.unit,
                details=details,
                demo=figures.period.is_demo,
                link=(
                    f"Show {row.area_name} on the map",
                    "/sectors?"
                    + urlencode(
                        {
                            "measure": measure.key,
                            "period": figures.period.key,
                            "sector": row.area_code,
                        }
                    ),
                )
                if row.area_kind == "sector"
                else None,
            )
        )
    for card in cards:
        card.xl = 3
    return cards


def hotspot_note(engine: Engine, figures: AreaFigures) -> str:
    """How many records are shown, and how many were left out (outside Peterborough
    or with no location)."""
    measure, period = figures.measure, figures.period
    if measure.kind != "incidents":
        return "Hotspots show incident measures; choose one to see them."
    counts = q.incidents_outside(
        engine,
        start_month=period.start,
        end_month=period.end,
        categories=list(measure.categories),
    ).iloc[0]
    return (
        f"{int(counts.inside):,} records inside Peterborough's wards are mapped. "
        f"Left out: {int(counts.outside):,} located outside Peterborough and "
        f"{int(counts.no_location):,} with no location."
    )


def map_content(engine: Engine, measure_key: str, period_key: str | None) -> tuple:
    """Every output of the map callback for a measure and period."""
    empty = {"type": "FeatureCollection", "features": []}
    try:
        figures = area_figures(engine, measure_key, period_key)
        layers = boundary_layers(engine)
    except DataUnavailableError as error:
        return (
            empty,
            empty,
            None,
            None,
            data_error(str(error)),
            "",
            [],
            [],
            [],
            None,
            "",
            "",
        )
    if figures is None:
        message = "No figures are loaded for this measure."
        return (
            empty,
            empty,
            None,
            None,
            data_error(message),
            message,
            [],
            [],
            [],
            None,
            "",
            "",
        )
    measure, period = figures.measure, figures.period
    table = figures.table
    level_rows = table[table.area_kind == figures.level]
    breaks = mapfig.class_breaks(level_rows.value, decimals=measure.decimals)
    if figures.level == "sector":
        sector_value = level_rows.set_index("area_code").value
        ward_values = pd.DataFrame(
            {
                "area_code": [
                    f["properties"]["code"] for f in layers["wards"]["features"]
                ],
                "value": [
                    sector_value.get(f["properties"]["sector"])
                    for f in layers["wards"]["features"]
                ],
            }
        )
    else:
        ward_values = level_rows[["area_code", "value"]]
    wards = mapfig.join_figures(
        layers["wards"], ward_values, breaks=breaks, decimals=measure.decimals
    )
    sectors = mapfig.join_figures(
        layers["sectors"],
        table[table.area_kind == "sector"][["area_code", "value"]],
        breaks=breaks if figures.level == "sector" else [],
        decimals=measure.decimals,
    )
    ward_labels = mapfig.label_points(wards) if figures.level == "ward" else empty
    sector_text_key = "value_text" if figures.level == "sector" else "name"
    sector_labels = mapfig.label_points(sectors, text_key=sector_text_key)
    for feature, source in zip(
        sector_labels["features"], sectors["features"], strict=True
    ):
        feature["properties"]["title"] = source["properties"]["name"]
    bounds = {
        "city": layers["bounds"],
        **{
            f["properties"]["code"]: f["properties"]["bounds"]
            for f in layers["sectors"]["features"]
        },
    }
    points = None
    if measure.kind == "incidents":
        locations = q.incident_locations(
            engine,
            start_month=period.start,
            end_month=period.end,
            categories=list(measure.categories),
        )
        points = mapfig.pack_locations(
            locations, [f["properties"]["code"] for f in layers["sectors"]["features"]]
        )
    city_row = table[table.area_kind == "lad"].iloc[0]
    city = f"Whole city: {_fmt(city_row.value, measure.decimals)} {measure.unit}."
    demo = " DEMO data." if period.is_demo else " Real data."
    summary_rows = level_rows
    summary = m.summary_sentence(
        summary_rows,
        measure_label=measure.label,
        unit=measure.unit,
        decimals=measure.decimals,
        city=city + demo,
    )
    if figures.extra_note:
        summary += " " + figures.extra_note
    source = (
        f"Source: {figures.source}. Denominator: {figures.denominator}. "
        f"{measure.explanation} Boundaries: ONS Wards 2025 (the 22 wards of the 2016 "
        "review), simplified for the screen by coverage simplification with a "
        f"tolerance of {mapfig.SIMPLIFY_TOLERANCE_DEGREES} degrees (about 30 m)."
    )
    return (
        wards,
        sectors,
        {"wards": ward_labels, "sectors": sector_labels},
        bounds,
        legend(figures, breaks),
        summary,
        ward_rows(figures, wards),
        ward_columns(figures),
        sector_cards(figures),
        points,
        hotspot_note(engine, figures),
        source,
    )


def place_choice(engine: Engine, request: dict | None) -> tuple:
    """Sector options, the URL's sector and ward if they exist, a plain message if
    not, and the note naming the mapping version."""
    request = request or {}
    try:
        mapping = local.ward_sectors(engine)
    except DataUnavailableError as error:
        return (
            [{"label": "Whole city", "value": ""}],
            "",
            None,
            data_error(str(error)),
            "",
        )
    sectors = mapping[["sector_code", "sector_name"]].drop_duplicates()
    options = [{"label": "Whole city", "value": ""}] + [
        {"label": r.sector_name, "value": r.sector_code} for r in sectors.itertuples()
    ]
    messages = []
    sector = request.get("sector") or ""
    if sector and sector not in set(sectors.sector_code):
        messages.append(
            f"There is no sector '{sector}'. The sectors are "
            + ", ".join(
                f"{r.sector_name} ({r.sector_code})" for r in sectors.itertuples()
            )
            + "; showing the whole city."
        )
        sector = ""
    ward = request.get("ward") or ""
    if ward and ward not in set(mapping.ward_code):
        messages.append(
            f"There is no Peterborough ward '{ward}' (ward codes run from E05010805 "
            "to E05010826); showing the whole city."
        )
        ward = ""
    return (
        options,
        sector,
        ward or None,
        _note(" ".join(messages)) if messages else None,
        mapping_note(mapping),
    )


def mapping_note(mapping: pd.DataFrame) -> list:
    """'Sector mapping default-2025 ...: a DEFAULT drawn by a stated rule.'"""
    if mapping.empty:
        return []
    version = mapping.mapping_version.iloc[0]
    rules = sorted(set(mapping.note))
    is_default = str(version).startswith("default")
    text: list = [html.Strong(f"Sector mapping: version {version}. ")]
    if is_default:
        text += [
            html.Span("DEFAULT", className="badge-demo"),
            "No official ward list for the sectors is published, so this default is "
            "drawn by a geographic rule, for the partnership to replace with its own "
            "mapping file: wards whose centre lies south of the River Nene form the "
            "Southern sector; the rest are Northern west of the railway through "
            "Peterborough station and Eastern east of it. ",
        ]
    text.append(
        html.Details(
            [
                html.Summary("The rule for each group of wards"),
                html.Ul([html.Li(rule) for rule in rules]),
            ]
        )
    )
    return text


def ward_panel(
    engine: Engine, ward: str | None, measure_key: str, period_key: str | None
) -> list:
    """The ward panel: name, sector, figures with denominators, change, top
    categories and a small trend chart with its data table."""
    if not ward or not isinstance(ward, str):
        return [
            html.P(
                "No ward selected: click a ward on the map or choose one in the "
                "ward table."
            )
        ]
    try:
        figures = area_figures(engine, measure_key, period_key)
        mapping = local.ward_sectors(engine)
    except DataUnavailableError as error:
        return [data_error(str(error))]
    match = mapping[mapping.ward_code == ward]
    if figures is None or match.empty:
        return [html.P("No figures for this ward.")]
    info = match.iloc[0]
    measure, period = figures.measure, figures.period
    table = figures.table.set_index("area_code")
    level_code = ward if figures.level == "ward" else info.sector_code
    row = table.loc[level_code] if level_code in table.index else None
    figure_lines = []
    if row is not None:
        if measure.kind == "incidents":
            denominator = (
                f"{int(row['count']):,} incidents ÷ {int(row['base']):,} residents × "
                f"1,000 ({figures.denominator})"
                if measure.per_1000
                else f"{int(row['count']):,} incidents"
            )
        elif measure.kind == "survey":
            denominator = (
                f"of {int(row['count']):,} residents answering"
                if not pd.isna(row["count"])
                else "no answers"
            )
        else:
            denominator = f"the {info.sector_name} value: this KPI has no ward values"
        figure_lines = [
            html.Div(
                [
                    html.Span(
                        _fmt(row["value"], measure.decimals), className="panel-value"
                    ),
                    " ",
                    html.Span(measure.unit, className="panel-unit"),
                ]
            ),
            html.Div(denominator, className="panel-detail"),
            html.Div(
                f"Change on {period.previous_label or 'the same period a year earlier'}: "
                + (
                    m.change_text(
                        row.get("change"),
                        row.get("change_pct"),
                        _change_unit(measure),
                        measure.decimals,
                    )
                    if period.previous
                    else "not available (no figures a year earlier are loaded)"
                ),
                className="panel-detail",
            ),
        ]
    badge = [html.Span("DEMO", className="badge-demo")] if period.is_demo else []
    parts: list = [
        html.H3([*badge, info.ward_name], className="panel-title"),
        html.Div(
            f"{info.sector_name} · {measure.label} · {period.label}",
            className="panel-sub",
        ),
        *figure_lines,
    ]
    parts += _panel_incident_details(engine, ward, info.ward_name, figures)
    return parts


def _trend(
    engine: Engine, ward: str, sector: str, figures: AreaFigures
) -> pd.DataFrame:
    """period_label, value for the panel's trend chart."""
    measure, period = figures.measure, figures.period
    if measure.kind == "incidents":
        months = q.incident_months(engine, categories=list(measure.categories))
        same_kind = months[months.is_demo == period.is_demo]
        if same_kind.empty:
            return pd.DataFrame(columns=["period_label", "value"])
        start = pd.Timestamp(same_kind.month.min()).date()
        end = pd.Timestamp(same_kind.month.max()).date()
        counts = q.ward_incident_counts(
            engine,
            ward_code=ward,
            start_month=start,
            end_month=end,
            categories=list(measure.categories),
        )
        monthly = counts.groupby("month")["incidents"].sum()
        index = [pd.Timestamp(x).date() for x in same_kind.month]
        values = [
            int(monthly.get(pd.Timestamp(x).date(), monthly.get(x, 0)))
            for x in same_kind.month
        ]
        return pd.DataFrame(
            {"period_label": [f"{d:%b %Y}" for d in index], "value": values}
        )
    if measure.kind == "survey":
        results = q.survey_area_results(engine, question_code=measure.question)
        rows = results[results.area_code == ward]
        return pd.DataFrame(
            {
                "period_label": rows.wave.str.replace(r" \(.*\)", "", regex=True),
                "value": rows.estimate * 100,
            }
        ).reset_index(drop=True)
    values = q.sector_kpi_values(engine)
    rows = values[
        (values.kpi_id.str.rsplit("-", n=1).str[0] == measure.kpi_family)
        & (values.sector_code == sector)
    ].tail(12)
    return pd.DataFrame(
        {
            "period_label": [f"{pd.Timestamp(d):%b %Y}" for d in rows.period_end],
            "value": rows.value,
        }
    ).reset_index(drop=True)


def trend_summary(trend: pd.DataFrame, unit: str, decimals: int) -> str:
    """'From 12 in Jul 2023 to 9 in Jun 2025; highest 20 in Jan 2024.'"""
    if trend.empty:
        return "No trend to show."
    if len(trend) == 1:
        return (
            f"Only one period is loaded: {trend.value.iloc[0]:,.{decimals}f} {unit} "
            f"in {trend.period_label.iloc[0]}, so there is no trend to show."
        )
    high = trend.loc[trend.value.idxmax()]
    return (
        f"From {trend.value.iloc[0]:,.{decimals}f} in {trend.period_label.iloc[0]} to "
        f"{trend.value.iloc[-1]:,.{decimals}f} in {trend.period_label.iloc[-1]} "
        f"({unit}); highest {high.value:,.{decimals}f} in {high.period_label}."
    )


def _panel_incident_details(
    engine: Engine, ward: str, ward_name: str, figures: AreaFigures
) -> list:
    measure, period = figures.measure, figures.period
    parts: list = []
    sector = None
    mapping = local.ward_sectors(engine)
    found = mapping[mapping.ward_code == ward]
    if not found.empty:
        sector = found.sector_code.iloc[0]
    if measure.kind == "incidents":
        counts = q.ward_incident_counts(
            engine,
            ward_code=ward,
            start_month=period.start,
            end_month=period.end,
            categories=list(measure.family),
        )
        top = m.top_categories(counts)
        parts.append(html.H4("Top categories in this ward", className="panel-h4"))
        if top.empty:
            parts.append(html.P("No records in this period."))
        else:
            parts.append(
                html.Ol(
                    [
                        html.Li(
                            f"{r.category}: {int(r.incidents):,} ({r.share:.0f}% of "
                            "the ward's records in this group)"
                        )
                        for r in top.itertuples()
                    ],
                    className="panel-top",
                )
            )
    trend = _trend(engine, ward, sector or "", figures)
    unit = "incidents a month" if measure.kind == "incidents" else measure.unit
    decimals = 0 if measure.kind != "survey" else 0
    where = ward_name if figures.level == "ward" else f"{ward_name}'s sector"
    kind = "DEMO" if period.is_demo else "real"
    title = f"{where}: {unit}" + (f" ({kind})" if measure.kind == "incidents" else "")
    summary = trend_summary(trend, unit, decimals)
    parts += [
        html.H4("Trend", className="panel-h4"),
        html.P(summary, className="panel-detail chart-summary"),
    ]
    if len(trend) > 1:
        parts.append(
            dcc.Graph(
                figure=mapfig.trend_figure(
                    trend, title=title, value_label=unit, decimals=decimals
                ),
                config={"displayModeBar": False},
                className="panel-trend",
            )
        )
    parts.append(
        html.Details(
            [
                html.Summary("Show data"),
                dag.AgGrid(
                    id=ids.Maps.TREND_TABLE,
                    rowData=trend.assign(value=trend.value.round(1)).to_dict("records"),
                    columnDefs=[
                        {"field": "period_label", "headerName": "Period", "flex": 1},
                        {
                            "field": "value",
                            "headerName": unit.capitalize(),
                            "type": "numericColumn",
                            "flex": 1,
                        },
                    ],
                    defaultColDef={"sortable": True},
                    dashGridOptions={
                        "tabToNextCell": {"function": "false"},
                        "domLayout": "autoHeight",
                    },
                    csvExportParams={"fileName": f"pes-ward-trend-{ward}.csv"},
                    className="ag-theme-quartz pes-grid",
                ),
                dbc.Button(
                    "Download the trend (CSV)",
                    id=ids.Maps.TREND_TABLE_EXPORT,
                    color="secondary",
                    size="sm",
                    className="mt-2",
                ),
            ]
        )
    )
    parts.append(
        html.P(
            f"Source: {figures.source}. As at the end of the latest period shown.",
            className="pes-source",
        )
    )
    return parts


def sectors_tiles(engine: Engine) -> list:
    """Overview tile: the ward with the highest real recorded crime rate."""
    figures = area_figures(engine, m.DEFAULT_MEASURE, None)
    if figures is None:
        return [data_error("No street-level crime records are loaded.")]
    measure, period = figures.measure, figures.period
    wards = figures.table[figures.table.area_kind == "ward"].dropna(subset=["value"])
    if wards.empty:
        return [data_error("No ward figures for recorded crime.")]
    top = wards.sort_values(["value", "area_name"], ascending=[False, True]).iloc[0]
    city = figures.table[figures.table.area_kind == "lad"].iloc[0]
    mapping = local.ward_sectors(engine)
    sector = mapping.loc[mapping.ward_code == top.area_code, "sector_name"]
    return [
        headline_tile(
            label=f"Ward with the most recorded crime per resident, {period.label}",
            value=f"{top.area_name}: {top.value:.1f}",
            unit=measure.unit,
            details=[
                f"{int(top['count']):,} crimes ÷ {int(top.base):,} residents "
                f"({figures.denominator}); {sector.iloc[0] if not sector.empty else ''}.",
                f"Whole city: {city.value:.1f} per 1,000.",
            ],
            link=(
                "Open the sector maps",
                "/sectors?"
                + urlencode(
                    {
                        "measure": measure.key,
                        "period": period.key,
                        "ward": top.area_code,
                    }
                ),
            ),
            demo=period.is_demo,
        )
    ]


def register(app: Dash, engine: Engine) -> None:
    """Wire the sector maps' server and clientside callbacks."""
    app.callback(
        Output(ids.Maps.PERIOD, "options"),
        Output(ids.Maps.PERIOD, "value"),
        Output(ids.Maps.PERIOD_MESSAGE, "children"),
        Input(ids.Maps.MEASURE, "value"),
        State(ids.Maps.PERIOD, "value"),
    )(lambda measure, period: period_choice(engine, measure, period))
    app.callback(
        Output(ids.Maps.WARDS_LAYER, "data"),
        Output(ids.Maps.SECTORS_LAYER, "data"),
        Output(ids.Maps.LABELS_DATA, "data"),
        Output(ids.Maps.BOUNDS, "data"),
        Output(ids.Maps.LEGEND, "children"),
        Output(ids.Maps.SUMMARY, "children"),
        Output(ids.Maps.WARD_ROWS, "data"),
        Output(ids.Maps.WARD_TABLE, "columnDefs"),
        Output(ids.Maps.SECTOR_CARDS, "children"),
        Output(ids.Maps.POINTS, "data"),
        Output(ids.Maps.HOTSPOT_NOTE, "children"),
        Output(ids.Maps.SOURCE, "children"),
        Input(ids.Maps.MEASURE, "value"),
        Input(ids.Maps.PERIOD, "value"),
    )(lambda measure, period: map_content(engine, measure, period))
    app.callback(
        Output(ids.Maps.SECTOR, "options"),
        Output(ids.Maps.SECTOR, "value"),
        Output(ids.Maps.WARD, "data"),
        Output(ids.Maps.PLACE_MESSAGE, "children"),
        Output(ids.Maps.MAPPING_NOTE, "children"),
        Input(ids.Maps.REQUEST, "data"),
    )(lambda request: place_choice(engine, request))
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
        Input(ids.Maps.WARD_TABLE, "selectedRows"),
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
        "tableRows",
        Output(ids.Maps.WARD_TABLE, "rowData"),
        Input(ids.Maps.WARD_ROWS, "data"),
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
        prevent_initial_call=True,
    )
    clientside(
        "exportCsv",
        Output(ids.Maps.WARD_TABLE, "exportDataAsCsv"),
        Input(ids.Maps.WARD_TABLE_EXPORT, "n_clicks"),
        prevent_initial_call=True,
    )
    clientside(
        "exportCsv",
        Output(ids.Maps.TREND_TABLE, "exportDataAsCsv"),
        Input(ids.Maps.TREND_TABLE_EXPORT, "n_clicks"),
        prevent_initial_call=True,
    )
