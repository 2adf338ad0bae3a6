"""Overview: what the dashboard is for and the headline figures that exist."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids

dash.register_page(
    __name__,
    path="/",
    name="Overview",
    title="Overview · PES board dashboard",
    order=0,
    nav=True,
    # Every dataset behind a tile, so the footer and DEMO banner tell the truth.
    datasets=[
        "ons_crime_csp_",
        "ho_prc_csp_",
        "ons_population_mid2023",
        "ons_lad_csp_pfa_lookup_2023",
        "demo_local_survey",
        "survey_",
        "demo_incidents_police",
        "police_uk_",
        "ons_ward_population",
        "demo_plan_links",
        "partnership_plan_links",
        "demo_kpis",
        "partnership_kpis",
        "demo_risks",
        "partnership_risks",
    ],
)


def layout(**_query: str) -> html.Div:
    """The overview's frame; its tiles are filled from the database by a callback."""
    return html.Div(
        [
            dcc.Store(id=ids.Overview.TRIGGER, data=True),
            html.H1("Prevention and Enforcement Service: board overview"),
            html.P(
                [
                    "How community safety in Peterborough is doing, for the PES executive "
                    "board, the joint heads of service and scrutiny members. ",
                    html.Span(id=ids.Overview.AS_AT),
                ],
                className="lead",
            ),
            dcc.Loading(
                dbc.Row(id=ids.Overview.TILES, className="g-4 mt-1"),
                type="default",
            ),
            html.H2("How to read this dashboard", className="mt-5"),
            html.Ul(
                [
                    html.Li(
                        "Rates are per 1,000 residents; beside each figure a sentence "
                        "says what was counted, over which months, and which ONS "
                        "mid-year population estimate it is divided by. Two crime "
                        "series appear: ONS police recorded crime (every CSP, 12 "
                        "months, for the national comparison) and police.uk "
                        "street-level records (placed on the map, for wards and "
                        "sectors). They are counted differently and need not match."
                    ),
                    html.Li(
                        "Ranks compare Peterborough with every Community Safety "
                        "Partnership (CSP) in England and Wales. Rank 1 is the lowest "
                        "rate. The 'highest-rate quartile' is the quarter of CSPs with "
                        "the highest rates (what partnership papers call the bottom "
                        "quartile)."
                    ),
                    html.Li(
                        "Figures marked DEMO are generated for demonstration where no "
                        "public source exists; every other figure is real published data."
                    ),
                ]
            ),
        ]
    )
