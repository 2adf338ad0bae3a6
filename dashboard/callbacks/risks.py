"""Risk register: the likelihood-by-impact grid, the table and the Overview tile."""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import Dash, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
from sqlalchemy.engine import Engine

from dashboard import auth, ids
from dashboard.components import data_error, headline_tile
from dashboard.freshness import format_day
from dashboard.metrics.kpi_table import AGENCIES
from dashboard.metrics.risk import (
    LEVEL_WORDS,
    risk_grid,
    risk_summary,
    risk_table,
    score_band,
)
from dashboard.ui.export import (
    PROVENANCE_FIELDS,
    csv_text,
    file_name,
    with_provenance,
)
from dashboard.ui.html_table import sort_rows, table_html
from dashboard.ui.url_sync import register_url_sync
from dashboard.urlstate import query_string
from dashboard.views.risks.columns import RISK_COLUMNS
from data_access.engine import DataUnavailableError
from data_access.queries import meta
from data_access.queries import risks as risk_queries


def load_register(engine: Engine, *, today: date | None = None) -> tuple:
    """(register table, as-of date): demo risks are judged at the demo's own date,
    the end of their dataset's period; real risks today."""
    risks = risk_queries.risks(engine)
    today = today or date.today()
    as_of = today
    if not risks.empty and risks.is_demo.all():
        info = meta.datasets(engine, dataset_ids=sorted(set(risks.dataset_id)))
        ends = pd.to_datetime(info.period_end).dropna()
        if not ends.empty:
            as_of = ends.max().date()
    return risk_table(risks, as_of=as_of), as_of


def grid_table(grid: pd.DataFrame) -> html.Table:
    """The 5 x 5 grid as a table: likelihood down, impact across, each cell the
    count, the band letter and the risk ids, so nothing depends on colour."""
    header = html.Thead(
        html.Tr(
            [html.Th("Likelihood ↓ / Impact →", scope="col", className="corner")]
            + [
                html.Th(f"{impact} {LEVEL_WORDS[impact]}", scope="col")
                for impact in range(1, 6)
            ]
        )
    )
    body = []
    for likelihood in range(5, 0, -1):
        cells = grid[grid.likelihood == likelihood].sort_values("impact")
        body.append(
            html.Tr(
                [html.Th(f"{likelihood} {LEVEL_WORDS[likelihood]}", scope="row")]
                + [
                    html.Td(
                        [
                            html.Div(
                                str(cell["count"]) if cell["count"] else "·",
                                className="risk-count",
                            ),
                            html.Div(
                                f"{score_band(int(cell.score))[1]} {cell.score}",
                                className="risk-band",
                            ),
                            html.Div(", ".join(cell.risk_ids), className="risk-ids"),
                        ],
                        className=f"risk-cell band-{cell.band.lower()}"
                        + (" has-risks" if cell["count"] else ""),
                        **{
                            "aria-label": (
                                f"Likelihood {likelihood}, impact {cell.impact}, "
                                f"score {cell.score} {cell.band}: {cell['count']} "
                                f"risks {', '.join(cell.risk_ids)}"
                            )
                        },
                    )
                    for _, cell in cells.iterrows()
                ]
            )
        )
    return html.Table(
        [
            html.Caption("Open risks by likelihood and impact"),
            header,
            html.Tbody(body),
        ],
        className="risk-matrix",
    )


# The register's CSV: numbers as numbers, the review date in ISO, then provenance.
RISK_EXPORT_COLUMNS = [
    "risk_id",
    "title",
    "score",
    "band",
    "likelihood_score",
    "impact_score",
    "review_on",
    "review_text",
    "review_overdue",
    "owner",
    "agency",
    "mitigation",
    "status",
    *PROVENANCE_FIELDS,
]
RISK_MEASURE = "Risk score (likelihood 1 to 5 times impact 1 to 5)"


def register_rows(table: pd.DataFrame, as_of: date | None = None) -> list[dict]:
    """Rows for the register table (score in words and letters, the review date
    written out) and its CSV (the numbers, the ISO date and provenance)."""
    rows = table.assign(
        score=table.score.astype(int),
        likelihood_score=table.likelihood.astype(int),
        impact_score=table.impact.astype(int),
        review_on=table.review_date.map(lambda d: f"{d:%Y-%m-%d}"),
        score_label=[
            f"{letter} {score} {band}"
            for letter, score, band in zip(
                table.band_letter, table.score, table.band, strict=True
            )
        ],
        agency=table.owner_agency.map(lambda a: AGENCIES.get(a, a)),
        likelihood=table.likelihood.map(lambda n: f"{n} {LEVEL_WORDS[int(n)]}"),
        impact=table.impact.map(lambda n: f"{n} {LEVEL_WORDS[int(n)]}"),
        review_date=table.review_date.map(format_day),
        status=table.status.str.capitalize(),
        data_kind=table.is_demo.map(lambda demo: "DEMO" if demo else "Real"),
    )
    shown = ["score_label", "likelihood", "impact", "review_date", "data_kind"]
    exported = [name for name in RISK_EXPORT_COLUMNS if name not in PROVENANCE_FIELDS]
    keep = list(dict.fromkeys(exported + shown))
    return with_provenance(
        rows[keep].to_dict("records"),
        measure=RISK_MEASURE,
        period=f"Reviews as at {format_day(as_of)}" if as_of else "",
        source=[
            "DEMO risk register" if demo else "PES risk register"
            for demo in table.is_demo
        ],
        is_demo=[bool(demo) for demo in table.is_demo],
    )


def shown_rows(
    table: pd.DataFrame, as_of: date, include_closed: bool, sort: object = None
) -> list[dict]:
    """The register's rows shown (open risks, or all), in the sort chosen."""
    shown = table if include_closed else table[table.status == "open"]
    return sort_rows(register_rows(shown, as_of), RISK_COLUMNS, sort)


def register_content(
    engine: Engine, include_closed: bool, sort: object = None
) -> tuple:
    """Summary sentence, grid, the register table and the URL query string."""
    search = query_string(
        {"closed": "yes" if include_closed else "no"}, {"closed": "no"}
    )
    try:
        table, as_of = load_register(engine)
    except DataUnavailableError as error:
        return data_error(str(error)), None, "", search
    if table.empty:
        return "No risks have been loaded.", None, "", search
    open_risks = table[table.status == "open"]
    demo = " DEMO data." if table.is_demo.any() else ""
    summary = (
        risk_summary(table)
        + f" Reviews judged as at {format_day(as_of)}{' (the demo date)' if demo else ''}."
        + demo
    )
    rows = shown_rows(table, as_of, include_closed, sort)
    return (
        summary,
        grid_table(risk_grid(open_risks)),
        table_html(
            rows,
            RISK_COLUMNS,
            table_id=ids.Risks.TABLE,
            caption=f"Risk register: {len(rows)} "
            + ("risks, closed included" if include_closed else "open risks"),
            sort=sort,
            sort_store=ids.Risks.SORT,
            row_id="risk_id",
        ),
        search,
    )


def download(engine: Engine, include_closed: bool, sort: object = None) -> dict:
    """The CSV of the rows the table shows, in its order, named after the date
    reviews are judged at (``dashboard.ui.export``)."""
    try:
        table, as_of = load_register(engine)
    except DataUnavailableError:
        raise PreventUpdate from None
    rows = shown_rows(table, as_of, include_closed, sort)
    return dcc.send_string(
        csv_text(rows, RISK_EXPORT_COLUMNS), file_name("risk-register", as_of)
    )


def risk_tiles(engine: Engine) -> list:
    """Overview tile: open risks scored High and overdue reviews (when sign-in is
    on, only for people signed in: the register is restricted)."""
    if not auth.allowed():
        return [
            headline_tile(
                label="Risk register",
                value="Sign in",
                unit="to see it",
                details=[
                    "The risk register is for PES officers and board members; the "
                    "other figures on this page are open to everyone."
                ],
                link=("Sign in", "/login?next=/"),
            )
        ]
    table, as_of = load_register(engine)
    open_risks = table[table.status == "open"]
    if open_risks.empty:
        return [data_error("No open risks are on the register.")]
    high = open_risks[open_risks.band == "High"]
    overdue = open_risks[open_risks.review_overdue]
    return [
        headline_tile(
            label="Open risks scored High (15 or more)",
            value=f"{len(high)} of {len(open_risks)}",
            unit="open risks",
            details=[
                f"{len(overdue)} reviews overdue"
                + (f": {', '.join(overdue.risk_id)}" if len(overdue) else "")
                + f" (as at {format_day(as_of)}).",
            ],
            link=("Risk register", "/risks"),
            demo=bool(table.is_demo.any()),
        )
    ]


def register(app: Dash, engine: Engine) -> None:
    """Wire the risk register callbacks."""
    app.callback(
        Output(ids.Risks.SUMMARY, "children"),
        Output(ids.Risks.MATRIX, "children"),
        Output(ids.Risks.TABLE_HTML, "html"),
        Output(ids.Risks.URL_SEARCH, "data"),
        Input(ids.Risks.INCLUDE_CLOSED, "value"),
        Input(ids.Risks.SORT, "data"),
    )(
        auth.restricted(
            lambda include_closed, sort: register_content(
                engine, bool(include_closed), sort
            )
        )
    )
    app.callback(
        Output(ids.Risks.CSV, "data"),
        Input(ids.Risks.DOWNLOAD, "n_clicks"),
        State(ids.Risks.INCLUDE_CLOSED, "value"),
        State(ids.Risks.SORT, "data"),
        prevent_initial_call=True,
    )(
        auth.restricted(
            lambda _clicks, include_closed, sort: download(
                engine, bool(include_closed), sort
            )
        )
    )
    register_url_sync(app, ids.Risks.URL_SEARCH, (ids.Risks.URL_SINK, "children"))
