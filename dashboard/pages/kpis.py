"""KPIs: the heads of service's working table, with status, trend and detail."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash_ag_grid import AgGrid

from dashboard import ids
from dashboard.ui.grid import data_grid
from dashboard.views.kpis.state import MAX_SEARCH_CHARS
from dashboard.views.kpis.text import REPORTING_LAGS

dash.register_page(
    __name__,
    path="/kpis",
    name="KPIs",
    title="KPIs · PES board dashboard",
    order=31,
    nav=True,
    datasets=["demo_kpis", "partnership_kpis", "plans", "partnership_plans"],
)

NUMBER = {
    "function": "params.value == null ? '—' : "
    "Number(params.value).toLocaleString('en-GB', {maximumFractionDigits: 2})"
}
STATUS_CLASSES = {
    "rag-green": "params.data.status === 'green'",
    "rag-amber": "params.data.status === 'amber'",
    "rag-red": "params.data.status === 'red'",
    "rag-none": "params.data.status === 'not_rated'",
}
KPI_COLUMNS = [
    {
        "field": "name",
        "headerName": "KPI",
        "pinned": "left",
        "width": 380,
        "wrapText": True,
        "autoHeight": True,
        "filter": "agTextColumnFilter",
    },
    {
        "field": "status_label",
        "headerName": "Status",
        "width": 170,
        "cellClassRules": STATUS_CLASSES,
        "filter": "agTextColumnFilter",
    },
    {
        "field": "latest_value",
        "headerName": "Latest",
        "width": 130,
        "type": "rightAligned",
        "valueFormatter": NUMBER,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "target",
        "headerName": "Target",
        "width": 130,
        "type": "rightAligned",
        "valueFormatter": NUMBER,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "baseline",
        "headerName": "Baseline",
        "width": 140,
        "type": "rightAligned",
        "valueFormatter": NUMBER,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "unit",
        "headerName": "Unit",
        "width": 190,
        "wrapText": True,
        "autoHeight": True,
    },
    {
        "field": "change_text",
        "headerName": "Change on previous period",
        "width": 260,
        "wrapText": True,
        "autoHeight": True,
    },
    {
        "field": "trend",
        "headerName": "Trend (last 8)",
        "width": 170,
        "cellClass": "kpi-spark",
        "sortable": False,
    },
    {"field": "agency", "headerName": "Agency", "width": 130},
    {"field": "sector", "headerName": "Sector", "width": 140},
    {
        "field": "priorities",
        "headerName": "Priority",
        "width": 300,
        "wrapText": True,
        "autoHeight": True,
    },
    {
        "field": "objectives",
        "headerName": "Police and Crime Plan objective",
        "width": 300,
        "wrapText": True,
        "autoHeight": True,
    },
    {"field": "frequency", "headerName": "Frequency", "width": 150},
    {"field": "latest_period", "headerName": "Latest period", "width": 190},
    {"field": "updated", "headerName": "Last updated", "width": 170},
    {
        "field": "freshness",
        "headerName": "Freshness",
        "width": 170,
        "cellClassRules": {"kpi-overdue": "params.data.overdue"},
    },
    {"field": "direction", "headerName": "Direction of good", "width": 190},
    {"field": "source", "headerName": "Data", "width": 110},
]


def kpi_grid() -> AgGrid:
    """The KPI table; rows come from the filter callback."""
    return data_grid(
        ids.Kpis.GRID,
        columns=KPI_COLUMNS,
        row_id="kpi_id",
        select_row=True,
        file_name="pes-kpis.csv",
    )


def _filter(label: str, component_id: str) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=component_id),
            dbc.Select(id=component_id, options=[], value="all"),
        ],
        md=6,
        xl=2,
    )


def rule_text() -> html.Div:
    """The status rule in plain English (the same rule dashboard.metrics.kpi uses)."""
    return html.Div(
        [
            html.H2("How the status is set", className="mt-4"),
            html.Ol(
                [
                    html.Li("A KPI with no value, or no target, is Not rated (○ N)."),
                    html.Li(
                        "The shortfall is how far the latest value is on the wrong "
                        "side of its target, given the direction of good (lower is "
                        "better, or higher is better). Exactly on target, or better: "
                        "● G Green, on track."
                    ),
                    html.Li(
                        "Short of target by no more than the KPI's tolerance (a share "
                        "of the target, 5% unless the KPI says otherwise): ▲ A Amber, "
                        "at risk."
                    ),
                    html.Li(
                        "Short by more than the tolerance: ■ R Red, off track. But for "
                        "rates and percentages, if the target lies inside the value's "
                        "95% interval (exact Poisson limits for a rate, Wilson's "
                        "interval for a percentage) the gap may be chance, and the KPI "
                        "is Amber, not Red. Small numbers give wide intervals, so noise "
                        "is not called a failure."
                    ),
                    html.Li(
                        "Change is from the previous period. For rates and percentages "
                        "an exact test (a conditional binomial test for rates, Fisher's "
                        "test for percentages) says whether it is significant at 5%; "
                        "counts are not tested."
                    ),
                    html.Li(
                        "Data overdue: the next period's value has not arrived within "
                        f"the period plus {REPORTING_LAGS}. For DEMO data freshness is judged at "
                        "the date of its latest return, not today."
                    ),
                ]
            ),
        ]
    )


def layout(
    agency: str = "all",
    sector: str = "all",
    priority: str = "all",
    status: str = "all",
    q: str = "",
    kpi: str = "",
    **_query: str,
) -> html.Div:
    """The KPI page's frame; filters come from the URL and are checked by callback."""
    query = {
        "agency": agency,
        "sector": sector,
        "priority": priority,
        "status": status,
        "q": q,
        "kpi": kpi,
    }
    return html.Div(
        [
            dcc.Store(id=ids.Kpis.QUERY, data=query),
            dcc.Store(id=ids.Kpis.URL_SEARCH),
            html.Div(id=ids.Kpis.URL_SINK, hidden=True),
            html.H1("KPIs"),
            html.P(
                "Every KPI the partnership tracks: latest value against target and "
                "baseline, status, change, trend and freshness. Filter, search, sort "
                "and download; select a row (click, or arrow keys and Space) for its "
                "trend and notes.",
                className="lead",
            ),
            html.Div(id=ids.Kpis.MESSAGE),
            html.Div(id=ids.Kpis.TALLY, className="pes-tally mb-3"),
            dbc.Row(
                [
                    _filter("Agency", ids.Kpis.AGENCY),
                    _filter("Sector", ids.Kpis.SECTOR),
                    _filter("Priority or objective", ids.Kpis.PRIORITY),
                    _filter("Status", ids.Kpis.STATUS),
                    dbc.Col(
                        [
                            dbc.Label("Search", html_for=ids.Kpis.SEARCH),
                            dbc.Input(
                                id=ids.Kpis.SEARCH,
                                type="search",
                                value=q,
                                maxLength=MAX_SEARCH_CHARS,
                                debounce=True,
                                placeholder="Words in a KPI",
                            ),
                        ],
                        md=6,
                        xl=2,
                    ),
                    dbc.Col(
                        dbc.Button(
                            [
                                html.I(
                                    className="bi bi-download me-2",
                                    **{"aria-hidden": "true"},
                                ),
                                "Download CSV",
                            ],
                            id=ids.Kpis.DOWNLOAD,
                            color="primary",
                            className="w-100",
                        ),
                        md=6,
                        xl=2,
                        className="d-flex align-items-end",
                    ),
                ],
                className="g-3 mb-2 pes-controls",
            ),
            html.P(
                id=ids.Kpis.COUNT, className="pes-summary", **{"aria-live": "polite"}
            ),
            dcc.Loading(kpi_grid(), type="default"),
            html.Div(
                id=ids.Kpis.DETAIL,
                className="pes-detail mt-4",
                tabIndex="-1",
                **{"aria-live": "polite"},
            ),
            rule_text(),
        ]
    )
