"""Plan alignment: the page's callbacks, turning the alignment view into the plan
choices, the matrix, its gaps, a cell's KPIs and the Overview tile."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, html, no_update
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.components import data_error, element, headline_tile
from dashboard.metrics.alignment import STRENGTH_WORDS
from dashboard.ui.url_sync import register_url_sync
from dashboard.views.kpis.data import load_kpi_data
from dashboard.views.plan_alignment import data as view
from dashboard.views.plan_alignment import text
from dashboard.views.plan_alignment.state import PlanChoice, parse_query
from data_access.engine import DataUnavailableError

NOTHING = {"matrix": None, "summary": "", "gaps": None, "source": "", "search": ""}


def setup(engine: Engine, query: dict | None, *, today: date | None = None) -> dict:
    """Options and checked values for both plan choices, and any message."""
    try:
        data = load_kpi_data(engine)
    except DataUnavailableError as error:
        return {
            "pcp_options": [],
            "pcp": None,
            "spp_options": [],
            "spp": None,
            "message": data_error(str(error)),
        }
    choices = parse_query(
        query, data.plans, data.objectives, today=today or date.today()
    )
    return {
        "pcp_options": choices.pcp_options,
        "pcp": choices.choice.pcp,
        "spp_options": choices.spp_options,
        "spp": choices.choice.spp,
        "message": dbc.Alert(choices.message, color="warning", className="pes-message")
        if choices.message
        else None,
    }


def _cell(cell: tuple, row_title: str, col_title: str) -> dict:
    """One matrix cell (a table cell holding a button) as plain JSON: the matrix
    has hundreds of these elements (see ``element``)."""
    strength = int(cell.strength)
    counts = [
        ("green", "G", cell.n_green),
        ("amber", "A", cell.n_amber),
        ("red", "R", cell.n_red),
        ("none", "N", cell.n_not_rated),
    ]
    label = text.cell_label(
        row_title,
        col_title,
        strength=strength,
        link_is_demo=bool(cell.link_is_demo),
        counts=(cell.n_green, cell.n_amber, cell.n_red, cell.n_not_rated),
        n_kpis=cell.n_kpis,
    )
    button = element(
        "Button",
        [
            element(
                "Div",
                [
                    element(
                        "Span", text.STRENGTH_DOTS[strength], className="cell-dots"
                    ),
                    " ",
                    STRENGTH_WORDS[strength],
                ],
                className="cell-strength",
            ),
            element(
                "Div",
                [
                    element("Span", text.kpi_count(cell.n_kpis), className="cell-kpis"),
                    *[
                        element(
                            "Span",
                            f"{letter}{count}",
                            className=f"cell-rag rag-{key}",
                        )
                        for key, letter, count in counts
                        if count
                    ],
                ],
                className="cell-status",
            ),
            # The full sentence follows the visible words, so the button's name
            # starts with what is seen (WCAG 2.5.3, label in name).
            element("Span", f" ({label})", className="visually-hidden"),
        ],
        id=ids.alignment_cell(cell.row_id, cell.col_id),
        className=f"align-cell strength-{strength}",
        title=label,
    )
    return element("Td", button)


def _gap_badge(heading: view.Heading, words: str) -> html.Div | None:
    """'GAP: ...' under a heading that is a gap, else nothing."""
    return html.Div(words, className="gap-badge") if heading.gap else None


def matrix_table(matrix: view.MatrixView) -> html.Table:
    """The matrix as a real table: a header row of objectives, a row per priority,
    'GAP' written beside every gap."""
    by_cell = {(cell.row_id, cell.col_id): cell for cell in matrix.cells.itertuples()}
    header = html.Thead(
        html.Tr(
            [html.Th("Priority", scope="col", className="corner")]
            + [
                html.Th(
                    [html.Div(col.title), _gap_badge(col, "GAP: no PES KPI")],
                    scope="col",
                    className="objective-head",
                )
                for col in matrix.columns
            ]
        )
    )
    body = []
    for group in matrix.groups:
        body.append(
            html.Tr(
                html.Th(group.label, colSpan=len(matrix.columns) + 1, scope="colgroup"),
                className="group-row",
            )
        )
        for row in group.rows:
            body.append(
                html.Tr(
                    [
                        html.Th(
                            [
                                html.Div(row.title),
                                _gap_badge(row, "GAP: no linked objective"),
                            ],
                            scope="row",
                        )
                    ]
                    + [
                        _cell(
                            by_cell[(row.objective_id, col.objective_id)],
                            row.title,
                            col.title,
                        )
                        for col in matrix.columns
                    ]
                )
            )
    return html.Table(
        [
            html.Caption("Links from priorities (rows) to plan objectives (columns)"),
            header,
            html.Tbody(body),
        ],
        className="align-matrix",
    )


def evidence_line(items: list[view.Evidence], *, name_objective: bool) -> html.P | None:
    """'Evidence: <link>; ...' for the pages that give evidence on objectives
    (each named after its objective when ``name_objective``), else nothing."""
    if not items:
        return None
    parts: list = [html.Strong("Evidence: ")]
    for number, item in enumerate(items):
        if number:
            parts.append("; ")
        if name_objective:
            parts.append(f"{item.objective}: ")
        parts.append(html.A(item.label, href=item.path))
    return html.P(parts, className="pes-evidence mb-2")


def gap_lists(matrix: view.MatrixView) -> html.Div:
    """The objectives with no PES KPI and the priorities linked to none, in words."""
    titles = matrix.titles
    return html.Div(
        [
            html.Div(
                [
                    html.Strong("Objectives with no PES KPI behind them: "),
                    ", ".join(titles[g] for g in matrix.objective_gaps)
                    if matrix.objective_gaps
                    else "none",
                ]
            ),
            html.Div(
                [
                    html.Strong("Priorities linked to no objective of this plan: "),
                    ", ".join(titles[g] for g in matrix.priority_gaps)
                    if matrix.priority_gaps
                    else "none",
                ]
            ),
            evidence_line(matrix.evidence, name_objective=True),
        ],
        className="pes-gaps mb-3",
    )


def objective_descriptions(matrix: view.MatrixView) -> html.Div | None:
    """What each objective of the plan shown says, in the plan's words where known."""
    described = [col for col in matrix.columns if col.description]
    if not described:
        return None
    return html.Div(
        [
            html.H2(text.OBJECTIVES_HEADING, className="h5 mt-3"),
            html.Dl(
                [
                    part
                    for col in described
                    for part in (html.Dt(col.title), html.Dd(col.description))
                ],
                className="pes-objectives",
            ),
        ]
    )


def matrix(engine: Engine, pcp: str | None, spp: str | None) -> dict:
    """Matrix, summary sentence, gap lists, source line and the URL query string."""
    if not pcp or not isinstance(pcp, str):
        return dict(NOTHING)
    choice = PlanChoice(pcp=pcp, spp=spp)
    try:
        frames = view.load_frames(engine)
    except DataUnavailableError as error:
        return {**NOTHING, "matrix": data_error(str(error))}
    message = view.unknown_plan(frames, choice)
    if message:
        return {**NOTHING, "matrix": html.P(message, className="pes-note")}
    shown = view.compute_matrix(frames, choice)
    return {
        "matrix": [matrix_table(shown), objective_descriptions(shown)],
        "summary": shown.summary,
        "gaps": gap_lists(shown),
        "source": shown.source,
        "search": shown.search,
    }


def cell_table(kpis: list[dict]) -> dbc.Table | html.P:
    """The KPIs behind a cell as a table, one row each."""
    if not kpis:
        return html.P(text.NO_KPI_BEHIND, className="pes-note")
    header = html.Thead(
        html.Tr([html.Th(name, scope="col") for name in text.CELL_TABLE_HEADINGS])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(
                        html.A(k["name"], href=f"/kpis?kpi={k['kpi_id']}"), scope="row"
                    ),
                    html.Td(k["status_label"], className=k["status_class"]),
                    html.Td(k["latest"], className="text-end"),
                    html.Td(k["target"], className="text-end"),
                    html.Td(k["baseline"], className="text-end"),
                    html.Td(k["unit"]),
                    html.Td(k["agency"]),
                    html.Td(k["sector"]),
                    html.Td(
                        [k["latest_period"]]
                        + (
                            [html.Div("Data overdue", className="kpi-overdue")]
                            if k["overdue"]
                            else []
                        )
                    ),
                ]
            )
            for k in kpis
        ]
    )
    return dbc.Table(
        [header, body], bordered=True, responsive=True, className="pes-cell-kpis"
    )


def cell_detail(engine: Engine, row_id: str, col_id: str) -> html.Div | html.P:
    """The KPIs behind one cell with values, targets, baselines, agency and sector."""
    try:
        frames = view.load_frames(engine)
    except DataUnavailableError as error:
        return data_error(str(error))
    cell = view.compute_cell(frames, row_id, col_id)
    if cell is None:
        return html.P(text.no_such_cell(row_id, col_id), className="pes-note")
    return html.Div(
        [
            html.H2(cell.heading, id="alignment-detail-heading"),
            html.P(cell.link_line),
            html.P(cell.summary, className="pes-summary"),
            cell_table(cell.kpis),
            evidence_line(cell.evidence, name_objective=False),
        ]
    )


def _clicked_cell() -> dict[str, str] | None:
    """The cell button just clicked (or chosen by Enter), else None (buttons that
    only appeared with a new matrix have no clicks)."""
    trigger = ctx.triggered_id
    if isinstance(trigger, dict) and any(item.get("value") for item in ctx.triggered):
        return {"row": str(trigger.get("row", "")), "col": str(trigger.get("col", ""))}
    return None


def open_cell(
    engine: Engine,
    is_open: bool | None,
    chosen: dict | None,
    pcp: str | None,
    spp: str | None,
) -> dict:
    """The cell whose KPIs the side panel shows, the panel's state and the URL.

    A click (or Enter) on a cell opens it; closing the panel (Esc, the close button
    or a click beside it) takes the cell out of the URL; a cell named in the URL
    opens once the matrix is drawn."""
    clicked = _clicked_cell()
    closing = ctx.triggered_id == ids.PlanAlignment.PANEL and not is_open
    cell = (
        None if closing else clicked or (chosen if isinstance(chosen, dict) else None)
    )
    choice = PlanChoice(
        pcp=pcp if isinstance(pcp, str) else None,
        spp=spp if isinstance(spp, str) else None,
    )
    if cell is None or not choice.pcp:
        return {
            "detail": no_update,
            "is_open": False,
            "chosen": None,
            "search": choice.query_string() if choice.pcp else no_update,
        }
    row, col = str(cell.get("row", "")), str(cell.get("col", ""))
    unchanged = bool(is_open) and clicked is None
    return {
        "detail": no_update if unchanged else cell_detail(engine, row, col),
        "is_open": True,
        "chosen": {"row": row, "col": col},
        "search": choice.query_string((row, col)),
    }


def alignment_tiles(engine: Engine, *, today: date | None = None) -> list:
    """Overview tile: plan objectives with no PES KPI behind them (default plan)."""
    tile = view.compute_tile(view.load_frames(engine), today or date.today())
    if tile is None:
        return [data_error(text.NO_PCP_LOADED)]
    return [
        headline_tile(
            label=tile.label,
            value=f"{tile.covered} of {tile.total}",
            unit="objectives",
            details=tile.details,
            link=("Plan alignment", f"/plan-alignment?pcp={tile.pcp}"),
            demo=tile.demo,
        )
    ]


def register(app: Dash, engine: Engine) -> None:
    """Wire the plan alignment callbacks."""
    app.callback(
        output={
            "pcp_options": Output(ids.PlanAlignment.PCP_SELECT, "options"),
            "pcp": Output(ids.PlanAlignment.PCP_SELECT, "value"),
            "spp_options": Output(ids.PlanAlignment.SPP_SELECT, "options"),
            "spp": Output(ids.PlanAlignment.SPP_SELECT, "value"),
            "message": Output(ids.PlanAlignment.MESSAGE, "children"),
        },
        inputs={"query": Input(ids.PlanAlignment.QUERY, "data")},
    )(lambda query: setup(engine, query))
    app.callback(
        output={
            "matrix": Output(ids.PlanAlignment.MATRIX, "children"),
            "summary": Output(ids.PlanAlignment.SUMMARY, "children"),
            "gaps": Output(ids.PlanAlignment.GAPS, "children"),
            "source": Output(ids.PlanAlignment.SOURCE, "children"),
            "search": Output(ids.PlanAlignment.URL_SEARCH, "data"),
        },
        inputs={
            "pcp": Input(ids.PlanAlignment.PCP_SELECT, "value"),
            "spp": Input(ids.PlanAlignment.SPP_SELECT, "value"),
        },
    )(lambda pcp, spp: matrix(engine, pcp, spp))
    app.callback(
        output={
            "detail": Output(ids.PlanAlignment.DETAIL, "children"),
            "is_open": Output(ids.PlanAlignment.PANEL, "is_open"),
            "chosen": Output(ids.PlanAlignment.CHOSEN, "data"),
            "search": Output(
                ids.PlanAlignment.URL_SEARCH, "data", allow_duplicate=True
            ),
        },
        inputs={
            "_clicks": Input(
                {"type": ids.PlanAlignment.CELL, "row": ALL, "col": ALL}, "n_clicks"
            ),
            "is_open": Input(ids.PlanAlignment.PANEL, "is_open"),
        },
        state={
            "chosen": State(ids.PlanAlignment.CHOSEN, "data"),
            "pcp": State(ids.PlanAlignment.PCP_SELECT, "value"),
            "spp": State(ids.PlanAlignment.SPP_SELECT, "value"),
        },
        prevent_initial_call=True,
    )(lambda _clicks, **values: open_cell(engine, **values))
    register_url_sync(
        app, ids.PlanAlignment.URL_SEARCH, (ids.PlanAlignment.URL_SINK, "children")
    )
