"""Real published evidence as Dash components, shared by the pages that show it:
the CSEW and recorded ASB blocks (perception page) and the fly-tipping block (the
sector map's fly-tipping measure and the fly-tipping KPI's detail). Each block is
a sentence, a chart, a data table and its source, labelled REAL."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard.components import data_error, graph_config, method_disclosure
from dashboard.figures.series import annual_series_figure, force_survey_figure
from dashboard.freshness import format_day
from dashboard.ui.export import Export, exported
from dashboard.ui.grid import export_grid, show_data
from dashboard.views.evidence import data as evidence
from data_access.engine import DataUnavailableError


def _real_badge() -> html.Span:
    return html.Span("REAL", className="badge bg-success me-2")


def _table(grid_id: str, table: Export) -> html.Details:
    return show_data(
        export_grid(grid_id, table, filters=False, column_defaults={"flex": 1}),
        download="Download CSV",
    )


def _chart_unit(
    name: str,
    summary: html.P,
    figure: object,
    table: html.Details,
    explain: str = "",
    method: str = "",
) -> html.Div:
    """One chart with its own summary sentence, explanation and Show data table,
    in a container of its own, as every chart on the site is laid out; ``name``
    names the chart's PNG download."""
    parts: list[object] = [
        summary,
        dcc.Graph(figure=figure, config=graph_config(name), className="pes-chart"),
    ]
    if explain:
        parts.append(html.P(explain, className="pes-explain"))
    if method:
        parts.append(method_disclosure(html.P(method)))
    parts.append(table)
    return html.Div(parts, className="pes-chart-unit")


def _spans(frame: pd.DataFrame, label: str, kind: str) -> list[tuple]:
    """Each row's period: its label, first and last day (``kind``_start/_end)."""
    return list(
        zip(frame[label], frame[f"{kind}_start"], frame[f"{kind}_end"], strict=True)
    )


def _real_export(
    view: str,
    rows: list[dict],
    columns: list[dict],
    spans: list[tuple],
    *,
    measure: str | list[str],
    source: str,
) -> Export:
    """A published table under the export rules: every row is real (these are
    the published series, badged REAL); its period, from ``spans`` (one a row),
    '2023/24 (1 April 2023 to 31 March 2024)'."""
    return exported(
        rows,
        columns,
        view=view,
        period_end=max((end for *_, end in spans), default=None),
        measure=measure,
        period=[
            f"{label} ({format_day(start)} to {format_day(end)})"
            for label, start, end in spans
        ],
        source=source.removeprefix("Source: "),
        is_demo=False,
    )


def _summary(*children: object, **props: object) -> html.P:
    return html.P(list(children), className="pes-summary chart-summary", **props)


def _fmt(decimals: int) -> dict:
    return {
        "function": f"params.value == null ? '' : d3.format(',.{decimals}f')(params.value)"
    }


def asb_block(engine: object) -> list:
    """CSEW P6 (Cambridgeshire against England and Wales) and P7 recorded ASB."""
    try:
        found = evidence.asb_evidence(engine)  # type: ignore[arg-type]
    except DataUnavailableError as error:
        return [data_error(str(error))]
    if found.survey.empty and found.recorded.empty:
        return [html.P("The CSEW force tables are not loaded.", className="pes-note")]
    survey = found.survey
    latest = survey[survey.fieldwork_end == survey.fieldwork_end.max()]
    any_asb = latest[latest.question_code == "csew_asb_any"].set_index("area_code")
    sentence = ""
    if {evidence.CAMBRIDGESHIRE, evidence.ENGLAND_AND_WALES} <= set(any_asb.index):
        cambs = any_asb.loc[evidence.CAMBRIDGESHIRE]
        national = any_asb.loc[evidence.ENGLAND_AND_WALES]
        verdict = (
            "significantly different from"
            if cambs.significant_vs_reference
            else "not significantly different from"
        )
        sentence = (
            f"{cambs.wave}: {100 * cambs.estimate:.1f}% of adults in Cambridgeshire "
            f"(the force area, including Peterborough) had experienced or witnessed "
            f"anti-social behaviour locally, {verdict} England and Wales "
            f"({100 * national.estimate:.1f}%), as ONS publishes it."
        )
    survey_rows = [
        {
            "wave": row.wave,
            "area": row.area_name,
            "question": row.short_label,
            "percent": 100 * row.estimate,
            "lower": 100 * row.lower,
            "upper": 100 * row.upper,
            "base": int(row.base_size),
            "flag": ""
            if row.significant_vs_reference is None
            else "Yes"
            if row.significant_vs_reference
            else "No",
        }
        for row in survey.itertuples()
    ]
    recorded = found.recorded
    asb_rows = [
        {
            "area": row.area_name,
            "year": row.period_label,
            "incidents": int(row.value),
            "rate": row.published_rate,
        }
        for row in recorded.itertuples()
    ]
    as_at = found.as_at.strftime("%-d %B %Y") if found.as_at else "unknown"
    cambs_recorded = recorded[recorded.area_code == evidence.CAMBRIDGESHIRE]
    recorded_sentence = (
        f"Police in Cambridgeshire recorded {int(cambs_recorded.value.iloc[0]):,} "
        f"anti-social behaviour incidents in {cambs_recorded.period_label.iloc[0]} "
        f"and {int(cambs_recorded.value.iloc[-1]):,} in "
        f"{cambs_recorded.period_label.iloc[-1]}"
        + (
            f" ({cambs_recorded.published_rate.iloc[-1]:.1f} per 1,000 residents, "
            "as published)."
            if cambs_recorded.published_rate.iloc[-1]
            == cambs_recorded.published_rate.iloc[-1]
            else "."
        )
        if len(cambs_recorded)
        else "No police recorded ASB figures are loaded for Cambridgeshire."
    )
    survey_table = _real_export(
        "csew-force-asb",
        survey_rows,
        [
            {"field": "wave", "headerName": "Survey year"},
            {"field": "area", "headerName": "Area"},
            {"field": "question", "headerName": "Measure"},
            {"field": "percent", "headerName": "%", "valueFormatter": _fmt(1)},
            {"field": "lower", "headerName": "Lower 95%", "valueFormatter": _fmt(1)},
            {"field": "upper", "headerName": "Upper 95%", "valueFormatter": _fmt(1)},
            {"field": "base", "headerName": "Unweighted base"},
            {"field": "flag", "headerName": "Sig. different from E&W (published)"},
        ],
        _spans(survey, "wave", "fieldwork"),
        measure=[f"{label}: % of adults (CSEW)" for label in survey.short_label],
        source=evidence.CSEW_SOURCE,
    )
    recorded_table = _real_export(
        "police-recorded-asb",
        asb_rows,
        [
            {"field": "area", "headerName": "Area"},
            {"field": "year", "headerName": "Year (April to March)"},
            {
                "field": "incidents",
                "headerName": "Incidents",
                "valueFormatter": _fmt(0),
            },
            {
                "field": "rate",
                "headerName": "Per 1,000 (published)",
                "valueFormatter": _fmt(1),
            },
        ],
        _spans(recorded, "period_label", "period"),
        measure="Police recorded anti-social behaviour incidents (count; per 1,000 "
        "residents as published)",
        source=evidence.CSEW_SOURCE,
    )
    survey_unit = _chart_unit(
        "csew-force-asb",
        _summary(_real_badge(), sentence, id="perception-csew-summary"),
        force_survey_figure(
            survey,
            title="REAL · CSEW: experienced or witnessed ASB, Cambridgeshire and "
            "England and Wales",
        ),
        _table("perception-csew-grid", survey_table),
        explain=(
            "Bars show the range each figure could plausibly lie in. ONS: "
            "force-level CSEW estimates rest on small samples and should be treated "
            "with extreme caution. This is the force area, Cambridgeshire including "
            "Peterborough, not the city alone."
        ),
        method=(
            "95% intervals: Wilson, from the published % and unweighted base "
            f"(design effect {found.design_effect:.1f}, so they ignore the survey's "
            "clustering and weighting: the published significance flag, at the 5% "
            "level, is the authority)."
        ),
    )
    recorded_unit = _chart_unit(
        "police-recorded-asb",
        _summary(recorded_sentence),
        annual_series_figure(
            recorded,
            value="published_rate",
            title="REAL · Police recorded ASB incidents per 1,000 residents",
            axis_title="Incidents per 1,000 (as published)",
            breaks=found.breaks,
        ),
        _table("perception-asb-grid", recorded_table),
        explain=(
            "Rates per 1,000 residents as published (ONS mid-year estimate for the "
            "force area). Not National Statistics; from 2011/12 recorded on a new "
            "basis, not directly comparable with earlier years."
        ),
    )
    return [
        survey_unit,
        html.H3(
            "Police recorded ASB incidents, Cambridgeshire force", className="mt-4"
        ),
        recorded_unit,
        html.P(
            [_real_badge(), f"{evidence.CSEW_SOURCE} Data as at {as_at}."],
            className="pes-source",
        ),
    ]


def flytipping_block(engine: object, *, grid_id: str) -> list:
    """Peterborough's fly-tipping incidents and actions per 1,000 against the East
    of England and England, a real annual series."""
    try:
        found = evidence.flytipping_evidence(engine)  # type: ignore[arg-type]
    except DataUnavailableError as error:
        return [data_error(str(error))]
    if found.incidents.empty:
        return [
            html.P(
                "Defra's fly-tipping statistics are not loaded.", className="pes-note"
            )
        ]
    incidents, actions = found.incidents, found.actions
    city = incidents[incidents.area_code == evidence.PETERBOROUGH_LAD]
    last = city.iloc[-1]
    sentence = (
        f"{last.period_label}: {int(last.value):,} fly-tipping incidents in "
        f"Peterborough, {last.rate:.1f} per 1,000 residents (ONS mid-"
        f"{last.population_year}); Defra's actions there: "
        + (
            f"{int(actions[(actions.area_code == evidence.PETERBOROUGH_LAD) & (actions.period_end == last.period_end)].value.iloc[0]):,}."
            if not actions.empty
            else "not loaded."
        )
    )
    merged = incidents.merge(
        actions[["area_code", "period_end", "value", "rate"]],
        on=["area_code", "period_end"],
        how="left",
        suffixes=("", "_actions"),
    )
    rows = [
        {
            "area": row.area_name,
            "year": row.period_label,
            "incidents": int(row.value),
            "population": None
            if row.population != row.population
            else int(row.population),
            "population_year": None
            if row.population_year is None
            else f"mid-{row.population_year}",
            "rate": row.rate,
            "published_rate": row.published_rate,
            "actions": None
            if row.value_actions != row.value_actions
            else int(row.value_actions),
            "actions_rate": row.rate_actions,
        }
        for row in merged.itertuples()
    ]
    as_at = found.as_at.strftime("%-d %B %Y") if found.as_at else "unknown"
    city_actions = actions[actions.area_code == evidence.PETERBOROUGH_LAD]
    actions_sentence = (
        f"{city_actions.period_label.iloc[-1]}: Peterborough took "
        f"{int(city_actions.value.iloc[-1]):,} enforcement actions on fly-tipping, "
        f"{city_actions.rate.iloc[-1]:.1f} per 1,000 residents."
        if len(city_actions)
        else "Defra's enforcement actions are not loaded for Peterborough."
    )
    incident_columns = [
        {"field": "area", "headerName": "Area"},
        {"field": "year", "headerName": "Year"},
        {"field": "incidents", "headerName": "Incidents", "valueFormatter": _fmt(0)},
        {"field": "population", "headerName": "Population", "valueFormatter": _fmt(0)},
        {"field": "population_year", "headerName": "Estimate"},
        {"field": "rate", "headerName": "Per 1,000", "valueFormatter": _fmt(1)},
        {
            "field": "published_rate",
            "headerName": "Per 1,000 (Defra)",
            "valueFormatter": _fmt(1),
        },
    ]
    action_columns = [
        {"field": "area", "headerName": "Area"},
        {"field": "year", "headerName": "Year"},
        {"field": "actions", "headerName": "Actions", "valueFormatter": _fmt(0)},
        {
            "field": "actions_rate",
            "headerName": "Actions per 1,000",
            "valueFormatter": _fmt(1),
        },
    ]
    spans = _spans(merged, "period_label", "period")
    incident_table, action_table = (
        _real_export(
            view,
            rows,
            columns,
            spans,
            measure=f"{what} (count, and per 1,000 residents on the ONS mid-year "
            "estimate)",
            source=evidence.FLY_SOURCE,
        )
        for view, columns, what in (
            (
                "flytipping-defra",
                incident_columns,
                "Fly-tipping incidents reported to Defra",
            ),
            (
                "flytipping-defra-actions",
                action_columns,
                "Fly-tipping enforcement actions",
            ),
        )
    )
    return [
        html.H3(
            [_real_badge(), "Fly-tipping reported to Defra (real, annual)"],
            className="mt-4",
        ),
        _chart_unit(
            "flytipping-defra",
            _summary(sentence),
            annual_series_figure(
                incidents,
                value="rate",
                title="REAL · Fly-tipping incidents per 1,000 residents",
                axis_title="Incidents per 1,000",
                breaks=found.breaks,
            ),
            _table(grid_id, incident_table),
        ),
        _chart_unit(
            "flytipping-defra-actions",
            _summary(actions_sentence),
            annual_series_figure(
                actions,
                value="rate",
                title="REAL · Fly-tipping enforcement actions per 1,000 residents",
                axis_title="Actions per 1,000",
                breaks=found.breaks,
            ),
            _table(f"{grid_id}-actions", action_table),
        ),
        html.P(
            f"Rates {found.denominator}. Financial years, April to March. The dashed "
            "line marks the 2021 Census break: rates either side rest on different "
            "population series.",
            className="pes-explain",
        ),
        html.P(
            [_real_badge(), f"{evidence.FLY_SOURCE} Data as at {as_at}."],
            className="pes-source",
        ),
    ]
