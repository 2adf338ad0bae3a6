"""KPIs: filters, the table, CSV download, the detail view and the Overview tile."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, State, ctx, dcc, html
from sqlalchemy.engine import Engine

from dashboard import auth, ids
from dashboard.components import data_error, headline_tile
from dashboard.figures.kpi import kpi_trend_figure, kpi_trend_sentence
from dashboard.freshness import format_day
from dashboard.memo import kept
from dashboard.metrics.kpi import STATUS_ICONS, STATUS_LETTERS, STATUS_WORDS
from dashboard.metrics.kpi_table import (
    AGENCIES,
    CITY_WIDE,
    SECTORS,
    assessment_date,
    change_texts,
    kpi_statuses,
    status_tally,
    with_change_text,
)
from dashboard.ui.url_sync import REPLACE_URL_JS
from dashboard.urlstate import pick, query_string
from data_access.engine import DataUnavailableError
from data_access.queries import kpis as kpi_queries
from data_access.queries import plans as plan_queries

DEFAULTS = {
    "agency": "all",
    "sector": "all",
    "priority": "all",
    "status": "all",
    "q": "",
    "kpi": "",
}
STATUS_CHOICES = {
    "red": "■ R Red: off track",
    "amber": "▲ A Amber: at risk",
    "green": "● G Green: on track",
    "not_rated": "○ N Not rated",
    "overdue": "Data overdue",
}
SEARCHED = ["name", "description", "priorities", "objectives", "unit", "agency"]


@dataclass(frozen=True)
class KpiData:
    """Everything the KPI views need, read once per data version and date and
    shared between callbacks and threads: never change its frames in place."""

    statuses: pd.DataFrame  # kpi_statuses: the summary but for the change column
    values: pd.DataFrame
    kpis: pd.DataFrame
    links: pd.DataFrame  # every KPI's priorities and objectives
    objectives: pd.DataFrame
    plans: pd.DataFrame
    as_of: date

    @functools.cached_property
    def summary(self) -> pd.DataFrame:
        """SUMMARY_COLUMNS. Made when first asked: the change from the previous value
        takes an exact test per KPI, and only the KPI table shows it."""
        return with_change_text(self.statuses, change_texts(self.kpis, self.values))


# The KPI page's callbacks, the plan alignment matrix and the Overview tiles fire
# together and each needs the KPI statuses: read and compute them once per data
# version and date (the date decides which returns are overdue).


def load_kpi_data(engine: Engine, *, today: date | None = None) -> KpiData:
    """KPIs, values, links, objectives and plans with every KPI's status, kept while
    the data version and the date are unchanged (read afresh every time when the
    engine has no query cache)."""
    today = today or date.today()
    return kept(engine, ("kpis.data", today), lambda: _read_kpi_data(engine, today))


def warm_kpi_data(engine: Engine) -> None:
    """Prepare today's KPI statuses and the table's change column."""
    load_kpi_data(engine).summary  # noqa: B018 - made when first read


def _read_kpi_data(engine: Engine, today: date) -> KpiData:
    kpis = kpi_queries.kpis(engine)
    values = kpi_queries.kpi_values(engine)
    links = kpi_queries.kpi_objectives(engine)
    objectives = plan_queries.objectives(engine)
    plans = plan_queries.plans(engine)
    latest = values.updated_at.max() if not values.empty else None
    as_of = assessment_date(
        is_demo=bool(kpis.is_demo.all()) if not kpis.empty else False,
        latest_update=None
        if latest is None or pd.isna(latest)
        else latest.to_pydatetime(),
        today=today,
    )
    statuses = kpi_statuses(kpis, values, links, objectives, as_of=as_of)
    return KpiData(statuses, values, kpis, links, objectives, plans, as_of)


def status_label(status: str) -> str:
    """'■ R Red' for a status key."""
    return f"{STATUS_ICONS[status]} {STATUS_LETTERS[status]} {STATUS_WORDS[status]}"


def priority_options(objectives: pd.DataFrame, plans: pd.DataFrame) -> list[dict]:
    """'All' and every priority or objective some KPI could serve, by plan."""
    short = {
        row.plan_id: _plan_short(row.plan_kind, row.title, row.period_start)
        for row in plans.itertuples()
    }
    options = [{"label": "All priorities and objectives", "value": "all"}]
    for row in objectives.itertuples():
        options.append(
            {
                "label": f"{short.get(row.plan_id, row.plan_id)}: {row.title}",
                "value": row.objective_id,
            }
        )
    return options


def _plan_short(kind: str, title: str, _start: object) -> str:
    """'PCP 2021-24' from a plan's kind and title."""
    found = re.search(r"\d{4}(-\d{2})?", title)
    label = {"pcp": "PCP", "spp": "SPP", "pes": "PES"}.get(kind, kind.upper())
    return f"{label} {found.group(0)}" if found else label


def filter_summary(
    summary: pd.DataFrame,
    *,
    agency: str,
    sector: str,
    priority: str,
    status: str,
    search: str,
) -> pd.DataFrame:
    """The KPIs that pass every filter (each 'all' passes everything); the search
    matches words in the name, description, priorities, objectives, unit or agency."""
    rows = summary
    if agency != "all":
        rows = rows[rows.agency == AGENCIES.get(agency, agency)]
    if sector != "all":
        rows = rows[
            rows.sector == (CITY_WIDE if sector == "city" else SECTORS.get(sector))
        ]
    if priority != "all":
        rows = rows[
            rows.priority_ids.map(lambda ids_: priority in ids_)
            | rows.objective_ids.map(lambda ids_: priority in ids_)
        ]
    if status == "overdue":
        rows = rows[rows.overdue]
    elif status != "all":
        rows = rows[rows.status == status]
    words = [word.lower() for word in (search or "").split() if word.strip()]
    if words and not rows.empty:
        text = rows[SEARCHED].astype(str).agg(" ".join, axis=1).str.lower()
        mask = pd.Series(True, index=rows.index)
        for word in words:
            mask &= text.str.contains(word, regex=False)
        rows = rows[mask]
    return rows


GRID_COLUMNS = [
    "kpi_id",
    "name",
    "status",
    "status_label",
    "latest_value",
    "target",
    "baseline",
    "unit",
    "change_text",
    "trend",
    "agency",
    "sector",
    "priorities",
    "objectives",
    "frequency",
    "latest_period",
    "updated",
    "freshness",
    "overdue",
    "direction",
    "source",
]


def _plain(value: object) -> object:
    """A missing value (NaN) as None, which JSON writes as null."""
    return None if value is None or value != value else value


def grid_rows(summary: pd.DataFrame) -> list[dict]:
    """Rows for the grid: plain values, status with shape and letter, DEMO flag."""
    made = {
        "status_label": [status_label(status) for status in summary.status],
        "updated": [format_day(day) for day in summary.updated.tolist()],
        "source": ["DEMO" if demo else "Real" for demo in summary.is_demo],
    }
    # Column lists zipped into rows: over ten times faster than a DataFrame's
    # astype(object).where(...).to_dict("records") for the same rows.
    columns = [
        made[name] if name in made else [_plain(v) for v in summary[name].tolist()]
        for name in GRID_COLUMNS
    ]
    rows = zip(*columns, strict=True)
    return [dict(zip(GRID_COLUMNS, row, strict=True)) for row in rows]


def tally_line(summary: pd.DataFrame) -> html.Div:
    """Big counts by status, in words, letters and shapes."""
    tally = status_tally(summary)
    parts = [
        ("green", f"{tally['green']}", "● G on track"),
        ("amber", f"{tally['amber']}", "▲ A at risk"),
        ("red", f"{tally['red']}", "■ R off track"),
    ]
    if tally["not_rated"]:
        parts.append(("none", f"{tally['not_rated']}", "○ N not rated"))
    return html.Div(
        [
            html.Span(f"{tally['total']} KPIs:", className="tally-total"),
            *[
                html.Span(
                    [html.Strong(number), " ", words], className=f"tally-item rag-{key}"
                )
                for key, number, words in parts
            ],
            html.Span(
                [html.Strong(str(tally["overdue"])), " data overdue"],
                className="tally-item kpi-overdue",
            ),
        ]
    )


def setup(engine: Engine, query: dict | None) -> tuple:
    """Options for every filter and the checked URL values, with a message for any
    value that is not one of the choices."""
    query = {**DEFAULTS, **(query or {})}
    try:
        data = load_kpi_data(engine)
    except DataUnavailableError as error:
        empty = [{"label": "All", "value": "all"}]
        return (
            empty,
            "all",
            empty,
            "all",
            empty,
            "all",
            empty,
            "all",
            data_error(str(error)),
        )
    agencies = [{"label": "All agencies", "value": "all"}] + [
        {"label": label, "value": key} for key, label in AGENCIES.items()
    ]
    sectors = (
        [{"label": "All sectors and city-wide", "value": "all"}]
        + [{"label": f"{label} sector", "value": key} for key, label in SECTORS.items()]
        + [{"label": "City-wide KPIs only", "value": "city"}]
    )
    priorities = priority_options(data.objectives, data.plans)
    statuses = [{"label": "Any status", "value": "all"}] + [
        {"label": label, "value": key} for key, label in STATUS_CHOICES.items()
    ]
    messages = []
    chosen = []
    for key, options, what in (
        ("agency", agencies, "agency"),
        ("sector", sectors, "sector"),
        ("priority", priorities, "priority or objective"),
        ("status", statuses, "status"),
    ):
        value, message = pick(
            query[key],
            [o["value"] for o in options],
            "all",
            what=what,
            label=options[0]["label"].lower(),
        )
        chosen.append(value)
        if message:
            messages.append(message)
    if query["kpi"] and query["kpi"] not in set(data.statuses.kpi_id):
        messages.append(f"There is no KPI called {query['kpi']!r}.")
    alert = (
        dbc.Alert(" ".join(messages), color="warning", className="pes-message")
        if messages
        else None
    )
    return (
        agencies,
        chosen[0],
        sectors,
        chosen[1],
        priorities,
        chosen[2],
        statuses,
        chosen[3],
        alert,
    )


def table(
    engine: Engine, agency: str, sector: str, priority: str, status: str, search: str
) -> tuple:
    """Grid rows, the 'showing N of M' line and the status tally."""
    try:
        data = load_kpi_data(engine)
    except DataUnavailableError as error:
        return [], data_error(str(error)), None
    shown = filter_summary(
        data.summary,
        agency=str(agency or "all"),
        sector=str(sector or "all"),
        priority=str(priority or "all"),
        status=str(status or "all"),
        search=str(search or ""),
    )
    demo = " DEMO data." if data.summary.is_demo.any() else ""
    count = (
        f"Showing {len(shown)} of {len(data.summary)} KPIs, worst status first. "
        f"Freshness judged as at {format_day(data.as_of)}.{demo}"
    )
    return grid_rows(shown), count, tally_line(data.summary)


def detail(engine: Engine, kpi_id: str | None) -> html.Div:
    """Trend with target and baseline, summary sentence, notes, objective links and
    the values as a table."""
    if not kpi_id:
        return html.P(
            "Select a KPI in the table to see its trend, notes and plan links.",
            className="pes-note",
        )
    try:
        data = load_kpi_data(engine)
    except DataUnavailableError as error:
        return data_error(str(error))
    found = data.statuses[data.statuses.kpi_id == kpi_id]
    if found.empty:
        return html.P(f"There is no KPI called {kpi_id!r}.", className="pes-note")
    kpi = found.iloc[0]
    values = data.values[data.values.kpi_id == kpi_id]
    sentence = kpi_trend_sentence(
        values,
        name=kpi["name"],
        unit=kpi.unit,
        status_word=f"{status_label(kpi.status)} ({kpi.status_meaning.lower()})",
        target=kpi.target,
    )
    notes = [
        html.Li(f"{row.period_end:%B %Y}: {row.note}")
        for row in values.itertuples()
        if row.note
    ]
    links = [
        html.Li(f"Priority: {name}") for name in kpi.priorities.split("; ") if name
    ] + [
        html.Li(f"Police and Crime Plan objective: {name}")
        for name in kpi.objectives.split("; ")
        if name
    ]
    table_rows = values.assign(
        period=values.period_end.map(lambda day: f"{day:%Y-%m-%d}"),
        updated=values.updated_at.map(format_day),
    )[["period", "value", "numerator", "denominator", "updated", "note"]]
    show_data = dag.AgGrid(
        id="kpis-detail-data",
        rowData=table_rows.astype(object)
        .where(table_rows.notna(), None)
        .to_dict("records"),
        columnDefs=[
            {"field": "period", "headerName": "Period ending"},
            {"field": "value", "headerName": "Value", "type": "rightAligned"},
            {"field": "numerator", "headerName": "Numerator", "type": "rightAligned"},
            {
                "field": "denominator",
                "headerName": "Denominator",
                "type": "rightAligned",
            },
            {"field": "updated", "headerName": "Updated"},
            {"field": "note", "headerName": "Note", "flex": 2},
        ],
        defaultColDef={"sortable": True, "resizable": True, "flex": 1},
        dashGridOptions={
            "tabToNextCell": {"function": "false"},
            "domLayout": "autoHeight",
        },
        csvExportParams={"fileName": f"pes-kpi-{kpi_id}.csv"},
        className="ag-theme-quartz pes-grid",
    )
    first = values.period_end.min()
    last = values.period_end.max()
    source = (
        f"Source: {'DEMO partnership KPI returns' if kpi.is_demo else 'partnership KPI returns'}"
        f" ({kpi.agency.lower()} owner), {kpi.frequency.lower()} values"
        + (f" {first:%B %Y} to {last:%B %Y}" if not values.empty else "")
        + f"; {kpi.direction.lower()}; tolerance and status rule below. "
        f"As at {format_day(data.as_of)}."
    )
    return html.Div(
        [
            html.H2(
                [
                    html.Span("DEMO", className="badge-demo") if kpi.is_demo else None,
                    kpi["name"],
                ]
            ),
            html.P(kpi.description),
            html.Div(
                [
                    html.Span(
                        status_label(kpi.status),
                        className=f"kpi-status-pill rag-{'none' if kpi.status == 'not_rated' else kpi.status}",
                    ),
                    html.Span(f" {kpi.status_meaning}. {kpi.status_reason}"),
                    html.Span(
                        f" {kpi.freshness}: latest {kpi.latest_period}.",
                        className="kpi-overdue" if kpi.overdue else "",
                    ),
                ],
                className="mb-2",
            ),
            html.P(sentence, className="pes-summary chart-summary"),
            dcc.Graph(
                figure=kpi_trend_figure(
                    values,
                    unit=kpi.unit,
                    target=kpi.target,
                    baseline=kpi.baseline,
                    is_demo=bool(kpi.is_demo),
                ),
                config={"displayModeBar": False, "responsive": True},
                id="kpis-detail-graph",
            ),
            html.P(source, className="pes-source"),
            dbc.Row(
                [
                    dbc.Col(
                        [html.H3("Notes"), html.Ul(notes or [html.Li("No notes.")])],
                        lg=6,
                    ),
                    dbc.Col(
                        [html.H3("Serves"), html.Ul(links or [html.Li("No links.")])],
                        lg=6,
                    ),
                ]
            ),
            html.Details(
                [html.Summary("Show data: every value of this KPI"), show_data],
                className="mt-2",
            ),
        ]
    )


def selected_kpi(selected: list | None, query: dict | None) -> str:
    """The KPI chosen in the grid, else the one named in the URL, else ''."""
    if selected:
        return str(selected[0].get("kpi_id", ""))
    if ctx.triggered_id == ids.Kpis.GRID:
        return ""
    return str((query or {}).get("kpi", "") or "")


def kpi_tiles(engine: Engine) -> list:
    """Overview tile: how many KPIs are on track, at risk, off track and overdue."""
    data = load_kpi_data(engine)
    if data.statuses.empty:
        return [data_error("No KPIs have been loaded.")]
    tally = status_tally(data.statuses)
    return [
        headline_tile(
            label="KPIs on track",
            value=f"{tally['green']} of {tally['total']}",
            unit="● G on track",
            details=[
                f"▲ A {tally['amber']} at risk · ■ R {tally['red']} off track.",
                f"{tally['overdue']} with data overdue (as at {format_day(data.as_of)}).",
            ],
            link=("All KPIs", "/kpis"),
            demo=bool(data.statuses.is_demo.any()),
        )
    ]


def register(app: Dash, engine: Engine) -> None:
    """Wire the KPI page's callbacks."""
    app.callback(
        Output(ids.Kpis.AGENCY, "options"),
        Output(ids.Kpis.AGENCY, "value"),
        Output(ids.Kpis.SECTOR, "options"),
        Output(ids.Kpis.SECTOR, "value"),
        Output(ids.Kpis.PRIORITY, "options"),
        Output(ids.Kpis.PRIORITY, "value"),
        Output(ids.Kpis.STATUS, "options"),
        Output(ids.Kpis.STATUS, "value"),
        Output(ids.Kpis.MESSAGE, "children"),
        Input(ids.Kpis.QUERY, "data"),
    )(lambda query: setup(engine, query))
    app.callback(
        Output(ids.Kpis.GRID, "rowData"),
        Output(ids.Kpis.COUNT, "children"),
        Output(ids.Kpis.TALLY, "children"),
        Input(ids.Kpis.AGENCY, "value"),
        Input(ids.Kpis.SECTOR, "value"),
        Input(ids.Kpis.PRIORITY, "value"),
        Input(ids.Kpis.STATUS, "value"),
        Input(ids.Kpis.SEARCH, "value"),
    )(lambda *filters: table(engine, *filters))
    app.callback(
        Output(ids.Kpis.DETAIL, "children"),
        Output(ids.Kpis.URL_SEARCH, "data"),
        Input(ids.Kpis.GRID, "selectedRows"),
        Input(ids.Kpis.AGENCY, "value"),
        Input(ids.Kpis.SECTOR, "value"),
        Input(ids.Kpis.PRIORITY, "value"),
        Input(ids.Kpis.STATUS, "value"),
        Input(ids.Kpis.SEARCH, "value"),
        State(ids.Kpis.QUERY, "data"),
    )(lambda selected, *rest: _detail_and_url(engine, selected, *rest))
    app.callback(
        Output(ids.Kpis.GRID, "exportDataAsCsv"),
        Input(ids.Kpis.DOWNLOAD, "n_clicks"),
        prevent_initial_call=True,
    )(lambda _clicks: True)
    app.clientside_callback(
        REPLACE_URL_JS,
        Output(ids.Kpis.URL_SINK, "children"),
        Input(ids.Kpis.URL_SEARCH, "data"),
    )


def _detail_and_url(
    engine: Engine,
    selected: list | None,
    agency: str,
    sector: str,
    priority: str,
    status: str,
    search: str,
    query: dict | None,
) -> tuple:
    kpi_id = selected_kpi(selected, query)
    search_string = query_string(
        {
            "agency": agency,
            "sector": sector,
            "priority": priority,
            "status": status,
            "q": search,
            "kpi": kpi_id,
        },
        DEFAULTS,
    )
    if kpi_id and not auth.allowed():
        return auth.kpi_detail_prompt("/kpis" + search_string), search_string
    return detail(engine, kpi_id), search_string
