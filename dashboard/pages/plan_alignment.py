"""Police and Crime Plan alignment: PES and SPP priorities against plan objectives."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components import detail_panel
from dashboard.views.plan_alignment.state import cell_from_query

dash.register_page(
    __name__,
    path="/plan-alignment",
    name="Plan alignment",
    title="Plan alignment · PES board dashboard",
    order=30,
    nav=True,
    datasets=[
        "plans",
        "partnership_plans",
        "demo_plan_links",
        "partnership_plan_links",
        "demo_kpis",
        "partnership_kpis",
    ],
)


def layout(
    pcp: str = "", spp: str = "", priority: str = "", objective: str = "", **_query: str
) -> html.Div:
    """The matrix's frame; plan versions and the open cell come from the URL
    (?pcp=...&spp=...&priority=...&objective=...)."""
    return html.Div(
        [
            dcc.Store(id=ids.PlanAlignment.QUERY, data={"pcp": pcp, "spp": spp}),
            dcc.Store(
                id=ids.PlanAlignment.CHOSEN,
                data=cell_from_query({"priority": priority, "objective": objective}),
            ),
            dcc.Store(id=ids.PlanAlignment.URL_SEARCH),
            html.Div(id=ids.PlanAlignment.URL_SINK, hidden=True),
            html.H1("Police and Crime Plan alignment"),
            html.P(
                "Which PES priority areas and Safer Peterborough Partnership (SPP) "
                "priorities serve which objectives of the Police and Crime Plan, how "
                "strongly, and how the KPIs behind each link are doing. Choose a cell "
                "(click it, or Tab to it and press Enter) to open its KPIs beside "
                "the matrix.",
                className="lead",
            ),
            html.Div(id=ids.PlanAlignment.MESSAGE),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(
                                "Police and Crime Plan",
                                html_for=ids.PlanAlignment.PCP_SELECT,
                            ),
                            dbc.Select(id=ids.PlanAlignment.PCP_SELECT, options=[]),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(
                                "SPP priorities", html_for=ids.PlanAlignment.SPP_SELECT
                            ),
                            dbc.Select(id=ids.PlanAlignment.SPP_SELECT, options=[]),
                        ],
                        lg=4,
                    ),
                ],
                className="g-3 mb-3 pes-controls",
            ),
            html.P(id=ids.PlanAlignment.SUMMARY, className="pes-summary"),
            html.Div(id=ids.PlanAlignment.GAPS),
            dcc.Loading(
                html.Div(id=ids.PlanAlignment.MATRIX, className="pes-matrix-wrap")
            ),
            detail_panel(
                ids.PlanAlignment.PANEL, ids.PlanAlignment.DETAIL, "Cell detail"
            ),
            html.P(id=ids.PlanAlignment.SOURCE, className="pes-source mt-3"),
            html.H2("How to read the matrix", className="mt-4"),
            html.Ul(
                [
                    html.Li(
                        "Link strength: ●●● Strong, ●● Moderate, ● Weak, or no link; "
                        "the darker the cell, the stronger the link. The links shipped "
                        "with the dashboard are DEFAULT, DEMO judgements, not fact: "
                        "which priority serves which objective is the partnership's "
                        "to set, by loading its own table."
                    ),
                    html.Li(
                        "A KPI stands behind a cell when it measures the row's priority "
                        "and either the priority is linked to the objective or the KPI "
                        "is itself tagged to the objective."
                    ),
                    html.Li(
                        "KPI status letters: G on track (Green), A at risk (Amber), "
                        "R off track (Red); the rule is on the KPIs page."
                    ),
                    html.Li(
                        "GAP marks an objective with no PES KPI behind it, and a "
                        "priority linked to no objective of the plan shown."
                    ),
                ]
            ),
        ]
    )
