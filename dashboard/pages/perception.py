"""Perceived against recorded crime: what residents say beside what is recorded."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.views.perception.state import recorded_measure_options

dash.register_page(
    __name__,
    path="/perception",
    name="Perceived and recorded crime",
    title="Perceived and recorded crime · PES board dashboard",
    order=20,
    nav=True,
    datasets=[
        "demo_local_survey",
        "survey_",
        "police_uk_",
        "csew_national_reference",
        "ons_csew_pfa_asb",
        "ons_police_asb_incidents",
        "demo_incidents_police",
        "ons_ward_population",
        "pes_sectors_default",
    ],
)

LEVEL_OPTIONS = [
    {"label": "Sectors", "value": "sector"},
    {"label": "Wards", "value": "ward"},
]
POOL_OPTIONS = [
    {"label": "This wave only", "value": 1},
    {"label": "Pool up to 2 waves", "value": 2},
    {"label": "Pool up to 3 waves", "value": 3},
]


def _control(label: str, control: object, width: int) -> dbc.Col:
    return dbc.Col(
        [dbc.Label(label, html_for=getattr(control, "id", None)), control],
        md=width,
        className="mb-2",
    )


def _section(heading: str, body_id: str) -> html.Section:
    return html.Section(
        [
            html.H2(heading, className="mt-4"),
            dcc.Loading(html.Div(id=body_id), type="default"),
        ],
        className="pes-perception-section",
    )


def layout(**query: str) -> html.Div:
    """The page frame; a callback fills the controls from the URL query and the data."""
    return html.Div(
        [
            dcc.Store(id=ids.Perception.QUERY, data=dict(query)),
            dcc.Store(id=ids.Perception.URL_SYNC),
            dcc.Store(id=ids.shown_period("perception")),
            html.Div(id=ids.Perception.URL_SINK, hidden=True),
            html.H1("Perceived and recorded crime"),
            html.P(
                "Where residents' fear of crime and recorded crime part company. An "
                "area where residents feel less safe than its recorded crime suggests "
                "needs reassurance work rather than more enforcement.",
                className="lead",
            ),
            html.Div(id=ids.Perception.MESSAGE, role="status"),
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Row(
                            [
                                _control(
                                    "Survey question",
                                    dcc.Dropdown(
                                        id=ids.Perception.QUESTION, clearable=False
                                    ),
                                    4,
                                ),
                                _control(
                                    "Recorded measure",
                                    dcc.Dropdown(
                                        id=ids.Perception.MEASURE,
                                        options=recorded_measure_options(),
                                        clearable=False,
                                    ),
                                    3,
                                ),
                                _control(
                                    "Area level",
                                    dbc.RadioItems(
                                        id=ids.Perception.LEVEL,
                                        options=LEVEL_OPTIONS,
                                        inline=True,
                                    ),
                                    2,
                                ),
                                _control(
                                    "Survey wave",
                                    dcc.Dropdown(
                                        id=ids.Perception.WAVE, clearable=False
                                    ),
                                    3,
                                ),
                            ]
                        ),
                        html.Details(
                            [
                                html.Summary("More options"),
                                dbc.Row(
                                    [
                                        _control(
                                            "Survey",
                                            dcc.Dropdown(
                                                id=ids.Perception.SURVEY,
                                                clearable=False,
                                            ),
                                            4,
                                        ),
                                        _control(
                                            "Small bases",
                                            dbc.RadioItems(
                                                id=ids.Perception.POOL,
                                                options=POOL_OPTIONS,
                                            ),
                                            3,
                                        ),
                                        _control(
                                            "Minimum base",
                                            dbc.Input(
                                                id=ids.Perception.MIN_BASE,
                                                type="number",
                                                min=10,
                                                max=1000,
                                                step=1,
                                                debounce=True,
                                            ),
                                            2,
                                        ),
                                        _control(
                                            "Design effect",
                                            dbc.Input(
                                                id=ids.Perception.DESIGN_EFFECT,
                                                type="number",
                                                min=1,
                                                max=5,
                                                step=0.1,
                                                debounce=True,
                                            ),
                                            1,
                                        ),
                                        _control(
                                            "Ward for the trend",
                                            dcc.Dropdown(
                                                id=ids.Perception.WARD,
                                                clearable=False,
                                            ),
                                            2,
                                        ),
                                    ],
                                    className="mt-2",
                                ),
                            ],
                            className="mt-1",
                        ),
                    ]
                ),
                className="pes-perception-controls",
            ),
            _section("Perception against recorded crime", ids.Perception.QUADRANT),
            _section("Over time", ids.Perception.TREND),
            _section("Where the gap is largest", ids.Perception.GAP),
            dcc.Download(id=ids.Perception.GAP_CSV),
            _section(
                "Real survey evidence: Crime Survey for England and Wales",
                ids.Perception.EVIDENCE,
            ),
        ]
    )
