"""KPIs: the heads of service's working table, with status, trend and detail."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components import choice_message, detail_panel, html_table
from dashboard.ui.engine import layout_engine
from dashboard.views.kpis.columns import chooser_options
from dashboard.views.kpis.data import FilterMenu, filter_menu, unfiltered_menu
from dashboard.views.kpis.state import MAX_ID_CHARS, MAX_SEARCH_CHARS
from dashboard.views.kpis.text import CHIPS, REPORTING_LAGS

dash.register_page(
    __name__,
    path="/kpis",
    name="KPIs",
    title="KPIs · PES board dashboard",
    order=31,
    nav=True,
    datasets=["demo_kpis", "partnership_kpis", "plans", "partnership_plans"],
)


def _filter(
    label: str, name: str, component_id: str, menu: FilterMenu, width: int = 3
) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=component_id),
            dbc.Select(
                id=component_id, options=menu.options[name], value=menu.values[name]
            ),
        ],
        md=6,
        xl=width,
    )


def _filter_menu(query: dict) -> FilterMenu:
    """The filters as the page opens, checked against the data with the layout, so
    the table is read in the page's first round of callbacks."""
    engine = layout_engine()
    if engine is None:
        return unfiltered_menu()
    return filter_menu(engine, query)


def tally_chips() -> html.Div:
    """The counts of KPIs by status, each a toggle button filtering the table."""
    return html.Div(
        [html.Span("Show only:", className="tally-total")]
        + [
            html.Button(
                words,
                id={"type": ids.Kpis.CHIP, "key": key},
                className=f"tally-item tally-chip {css}",
                type="button",
                **{"aria-pressed": "false"},
            )
            for key, words, css in CHIPS
        ],
        id=ids.Kpis.TALLY,
        className="pes-tally mb-3",
        role="group",
        **{"aria-label": "Filter the table by status"},
    )


def column_chooser() -> html.Details:
    """More columns for the table, chosen with check boxes (keyboard: Tab, Space)."""
    return html.Details(
        [
            html.Summary("More columns"),
            dbc.Checklist(
                id=ids.Kpis.COLUMNS,
                options=chooser_options(),
                value=[],
                inline=True,
                className="kpi-columns mt-2",
            ),
        ],
        className="kpi-column-chooser mb-2",
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
    changed: str = "all",
    q: str = "",
    kpi: str = "",
    **_query: str,
) -> html.Div:
    """The KPI page's frame; filters come from the URL, checked against the data."""
    query = {
        "agency": agency,
        "sector": sector,
        "priority": priority,
        "status": status,
        "changed": changed,
        "q": q,
        "kpi": kpi,
    }
    menu = _filter_menu(query)
    return html.Div(
        [
            dcc.Store(id=ids.Kpis.URL_SEARCH),
            dcc.Store(id=ids.Kpis.LAST_OPENED),
            dcc.Store(id=ids.Kpis.CHOSEN, data=str(kpi or "")[:MAX_ID_CHARS]),
            # Written by the table's sort buttons and row links
            # (assets/12-html-tables.js).
            dcc.Store(id=ids.Kpis.SORT, data=""),
            dcc.Store(id=ids.Kpis.PICKED),
            dcc.Download(id=ids.Kpis.CSV),
            html.Div(id=ids.Kpis.URL_SINK, hidden=True),
            html.Div(id=ids.Kpis.FOCUS_SINK, hidden=True),
            html.H1("KPIs"),
            html.P(
                "Every KPI the partnership tracks: latest value against target, status, "
                "change, trend and its owner. Filter, search, sort (the column "
                "headings) and download; open a KPI (its name: click it, or the "
                "arrow keys and Enter) to see its trend and notes beside the table.",
                className="lead",
            ),
            html.Div(
                choice_message(
                    menu.message, failed=menu.failed, class_name="pes-message"
                ),
                id=ids.Kpis.MESSAGE,
            ),
            tally_chips(),
            dbc.Row(
                [
                    _filter("Agency", "agency", ids.Kpis.AGENCY, menu),
                    _filter("Sector", "sector", ids.Kpis.SECTOR, menu),
                    _filter("Status", "status", ids.Kpis.STATUS, menu),
                    _filter("Since the last board", "changed", ids.Kpis.CHANGED, menu),
                    _filter(
                        "Priority or objective",
                        "priority",
                        ids.Kpis.PRIORITY,
                        menu,
                        width=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Search", html_for=ids.Kpis.SEARCH),
                            dbc.Input(
                                id=ids.Kpis.SEARCH,
                                type="search",
                                value=q,
                                maxLength=MAX_SEARCH_CHARS,
                                debounce=True,
                                placeholder="Words in a KPI or its owner",
                            ),
                        ],
                        md=6,
                        xl=3,
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
                        xl=3,
                        className="d-flex align-items-end",
                    ),
                ],
                className="g-3 mb-2 pes-controls",
            ),
            html.P(
                id=ids.Kpis.COUNT, className="pes-summary", **{"aria-live": "polite"}
            ),
            html.P(menu.board_line, id=ids.Kpis.BOARD_LINE, className="pes-note mb-1"),
            column_chooser(),
            html_table(ids.Kpis.TABLE_HTML, "kpi-table"),
            detail_panel(ids.Kpis.PANEL, ids.Kpis.DETAIL, "KPI detail"),
            rule_text(),
        ]
    )
