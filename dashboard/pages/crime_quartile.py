"""Crime against the national quartile: where Peterborough stands among all CSPs."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components import choice_message, graph_config, method_disclosure
from dashboard.ui.engine import layout_engine
from dashboard.ui.grid import chart_table
from dashboard.views.quartile.data import PeriodsView, read_periods
from dashboard.views.quartile.state import (
    limit_options,
    offence_options,
    parse_query,
    peer_options,
)

dash.register_page(
    __name__,
    path="/crime-quartile",
    name="Crime quartile",
    title="Crime against the national quartile · PES board dashboard",
    order=10,
    nav=True,
    datasets=[
        "ons_crime_csp_",
        "ho_prc_csp_",
        "demo_crime_history",
        "ons_population_mid",
        "ons_lad_csp_pfa_lookup_2023",
        "msg_computed",
        "series_breaks",
    ],
)

CHART_TITLES = {
    "slope": "Every CSP's rate, lowest to highest",
    "history": "Peterborough's quartile over time",
    "msg": "Peterborough against its most similar group",
    "funnel": "Rate against population: funnel plot",
    "trend": "Rolling 12-month rate: Peterborough, England and Wales, peers",
}


def chart_section(chart: str) -> html.Section:
    """One chart: heading, one-sentence summary, the chart, its source line and a
    'show data' table with CSV download (the chart's text alternative)."""
    return html.Section(
        [
            html.H2(CHART_TITLES[chart], id=f"quartile-heading-{chart}"),
            html.P(
                id=ids.quartile_part("summary", chart),
                className="quartile-summary chart-summary",
                **{"aria-live": "polite"},
            ),
            dcc.Loading(
                dcc.Graph(
                    id=ids.quartile_part("figure", chart),
                    config=graph_config(f"crime-quartile-{chart}"),
                    className="quartile-graph",
                ),
                type="default",
            ),
            html.P(id=ids.quartile_part("source", chart), className="quartile-source"),
            method_disclosure(
                html.P(id=ids.quartile_part("method", chart), className="pes-note")
            ),
            chart_table(
                ids.quartile_part("grid", chart),
                ids.quartile_part("csv", chart),
                file_name=f"crime-quartile-{chart}.csv",
                summary_class="quartile-show-data",
                class_name="quartile-details",
                dashGridOptions={"animateRows": False},
            ),
        ],
        className="quartile-section",
        **{"aria-labelledby": f"quartile-heading-{chart}"},
    )


def opening_periods(requested: str | None) -> PeriodsView:
    """The period dropdown as the page opens. Read with the layout, so the charts'
    callbacks start from a chosen period at once rather than after a round of
    their own to fill the dropdown."""
    engine = layout_engine()
    if engine is None:
        return PeriodsView([], None, None)
    return read_periods(engine, requested)


def layout(
    offence: str | None = None,
    period: str | None = None,
    peer: str | None = None,
    limits: str | None = None,
    **_query: str,
) -> html.Div:
    """The view's frame from the query string; a callback fills it from the data."""
    query = parse_query(offence, period, peer, limits)
    periods = opening_periods(query.period)
    messages = [
        dbc.Alert(message, color="warning", className="quartile-message")
        for message in query.messages
    ]
    return html.Div(
        [
            dcc.Store(id=ids.Quartile.URL_SYNC),
            # The footer's "Data as at" reads this in the page's first round.
            dcc.Store(id=ids.shown_period("quartile"), data=periods.value),
            html.Div(id=ids.Quartile.URL_SINK, hidden=True),
            html.H1("Crime against the national quartile"),
            html.P(
                "Police recorded crime (excluding fraud) per 1,000 residents over 12 "
                "months, for every Community Safety Partnership (CSP) in England and "
                "Wales. Rank 1 is the lowest rate. The CSPs are split by rank into "
                "four quarters: quartile 4 is the quarter with the highest rates, "
                "which is what partnership papers call the \u201cbottom "
                "quartile\u201d.",
                className="lead",
            ),
            html.Div(messages, id=ids.Quartile.URL_MESSAGE),
            html.Div(
                choice_message(
                    periods.message,
                    failed=periods.failed,
                    class_name="quartile-message",
                ),
                id=ids.Quartile.PERIOD_MESSAGE,
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Offence group", html_for=ids.Quartile.OFFENCE),
                            dcc.Dropdown(
                                id=ids.Quartile.OFFENCE,
                                options=offence_options(),
                                value=query.offence,
                                clearable=False,
                                searchable=True,
                            ),
                        ],
                        lg=5,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("12 months ending", html_for=ids.Quartile.PERIOD),
                            dcc.Dropdown(
                                id=ids.Quartile.PERIOD,
                                options=periods.options,
                                value=periods.value,
                                clearable=False,
                                searchable=False,
                            ),
                        ],
                        lg=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Compare with", html_for=ids.Quartile.PEER),
                            dbc.RadioItems(
                                id=ids.Quartile.PEER,
                                options=peer_options(),
                                value=query.peer,
                                inline=True,
                            ),
                        ],
                        lg=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(
                                "Funnel and significance limits",
                                html_for=ids.Quartile.LIMITS,
                            ),
                            dbc.RadioItems(
                                id=ids.Quartile.LIMITS,
                                options=limit_options(),
                                value=query.limits,
                                inline=True,
                            ),
                        ],
                        lg=12,
                    ),
                ],
                className="g-3 quartile-controls",
            ),
            html.Div(
                [
                    html.P(
                        id=ids.Quartile.RANK_SENTENCE,
                        className="quartile-rank",
                        **{"aria-live": "polite"},
                    ),
                    html.P(
                        id=ids.Quartile.DISTANCE_SENTENCE,
                        className="quartile-distance",
                    ),
                ],
                className="quartile-headline",
            ),
            *[chart_section(chart) for chart in ids.Quartile.CHARTS],
            method_disclosure(
                html.Ul(
                    [
                        html.Li(
                            "Rate: offences in the 12 months \u00f7 ONS mid-year "
                            "population estimate \u00d7 1,000. The estimate is the "
                            "latest whose 30 June is not after the period's end."
                        ),
                        html.Li(
                            "Rank 1 is the lowest rate; areas with the same rate "
                            "share the lower rank. Quartile = ceil(4 \u00d7 rank / N). "
                            "City of London and the Isles of Scilly are shown but "
                            "not ranked (tiny resident populations)."
                        ),
                        html.Li(
                            "Where CSPs and councils do not match one to one, the "
                            "CSPs that together cover the same ground are one area."
                        ),
                        html.Li(
                            "Areas differ for real reasons (town centres, "
                            "deprivation), far more than chance alone would make "
                            "them. So by default an area is significantly higher "
                            "(lower) than a reference rate only when it stands out "
                            "from that usual spread: its rate lies above (below) "
                            "the 95% funnel limit for its population, with limits "
                            "widened for over-dispersion (Spiegelhalter 2005: "
                            "z-scores on the square-root scale, winsorised at 10% "
                            "in each tail; over-dispersion factor \u03c6 = mean "
                            "z\u00b2; between-area variance \u03c4\u00b2 by "
                            "DerSimonian-Laird, added to chance: random effects). "
                            "The funnel plot, the most similar group and the board "
                            "use this one test. \u201cScale chance limits\u201d "
                            "multiplies the chance spread by \u221a\u03c6 instead; "
                            "\u201cChance variation only\u201d gives exact "
                            "Poisson (chi-square) limits, as in earlier versions."
                        ),
                        html.Li(
                            "For the funnel the spread is measured across every "
                            "ranked area in England and Wales around the national "
                            "rate; for the most similar group, across its members "
                            "around the group average."
                        ),
                        html.Li(
                            "Group, regional and national averages are total "
                            "offences over total population, not the mean of rates."
                        ),
                        html.Li(
                            "Distance to the next quartile: the fewest offences "
                            "Peterborough would need to lose, at its current "
                            "population, for its rate to be no higher than the "
                            "rate at the last rank of the better quartile."
                        ),
                    ]
                ),
                id="quartile-method",
            ),
        ],
        className="quartile-page",
    )
