"""Plan alignment: plan version choices, the matrix, its gaps and a cell's KPIs."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx, html
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.callbacks.kpis import KpiData, _plan_short, load_kpi_data, status_label
from dashboard.components import data_error, element, headline_tile
from dashboard.freshness import format_day
from dashboard.metrics.alignment import (
    STRENGTH_WORDS,
    alignment_cells,
    alignment_summary,
    default_plan_id,
    objective_gaps,
    priority_gaps,
    status_counts_text,
)
from dashboard.metrics.kpi import format_value
from dashboard.metrics.kpi_table import status_of_kpis
from dashboard.ui.url_sync import REPLACE_URL_JS
from dashboard.urlstate import pick, query_string
from data_access.engine import DataUnavailableError
from data_access.queries import plans as plan_queries

PES_PLAN = "pes-2016"
STRENGTH_DOTS = {0: "", 1: "●", 2: "●●", 3: "●●●"}


def plan_options(plans: pd.DataFrame, kind: str) -> list[dict]:
    """Every plan version of a kind, newest first, marking unconfirmed titles."""
    mine = plans[plans.plan_kind == kind].sort_values("period_start", ascending=False)
    return [
        {
            "label": _plan_short(kind, row.title, row.period_start)
            + (": titles to be confirmed" if "confirm" in row.status else "")
            + (f" ({row.title.split(': ', 1)[1]})" if ": " in row.title else ""),
            "value": row.plan_id,
        }
        for row in mine.itertuples()
    ]


def setup(engine: Engine, query: dict | None, *, today: date | None = None) -> tuple:
    """Options and checked values for both plan choices, and any message."""
    query = query or {}
    try:
        plans = plan_queries.plans(engine)
        objectives = plan_queries.objectives(engine)
    except DataUnavailableError as error:
        return [], None, [], None, data_error(str(error))
    today = today or date.today()
    messages = []
    chosen = []
    for kind, what in (("pcp", "Police and Crime Plan"), ("spp", "SPP plan")):
        options = plan_options(plans, kind)
        default = default_plan_id(plans, objectives, kind=kind, today=today)
        labels = {o["value"]: o["label"] for o in options}
        value, message = pick(
            query.get(kind),
            list(labels),
            default or "",
            what=what,
            label=labels.get(default or "", ""),
        )
        chosen.append((options, value or None))
        if message:
            messages.append(message)
    if plans.empty:
        messages.append("No plans have been loaded.")
    alert = (
        dbc.Alert(" ".join(messages), color="warning", className="pes-message")
        if messages
        else None
    )
    return chosen[0][0], chosen[0][1], chosen[1][0], chosen[1][1], alert


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
    label = (
        f"{row_title} and {col_title}: {STRENGTH_WORDS[strength].lower()} link"
        f"{' (demo)' if cell.link_is_demo else ''}; {cell.n_kpis} KPIs, "
        f"{status_counts_text(cell.n_green, cell.n_amber, cell.n_red, cell.n_not_rated)}."
        " Press Enter for the KPIs."
    )
    button = element(
        "Button",
        [
            element(
                "Div",
                [
                    element("Span", STRENGTH_DOTS[strength], className="cell-dots"),
                    " ",
                    STRENGTH_WORDS[strength],
                ],
                className="cell-strength",
            ),
            element(
                "Div",
                [
                    element(
                        "Span",
                        f"{cell.n_kpis} KPI{'s' if cell.n_kpis != 1 else ''}",
                        className="cell-kpis",
                    ),
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


def matrix_table(
    cells: pd.DataFrame,
    rows: pd.DataFrame,
    columns: pd.DataFrame,
    *,
    spp_label: str,
    objective_gap_ids: list[str],
    priority_gap_ids: list[str],
) -> html.Table:
    """The matrix as a real table: a header row of objectives, a row per priority,
    'GAP' written beside every gap."""
    by_cell = {(cell.row_id, cell.col_id): cell for cell in cells.itertuples()}
    # Each itertuples call builds a namedtuple class: walk the columns once.
    column_list = list(columns.itertuples())
    header = html.Thead(
        html.Tr(
            [html.Th("Priority", scope="col", className="corner")]
            + [
                html.Th(
                    [
                        html.Div(col.title),
                        html.Div("GAP: no PES KPI", className="gap-badge")
                        if col.objective_id in objective_gap_ids
                        else None,
                    ],
                    scope="col",
                    className="objective-head",
                )
                for col in column_list
            ]
        )
    )
    body = []
    for group, group_label in ((PES_PLAN, "PES priority areas"), ("spp", spp_label)):
        members = (
            rows[rows.plan_id == group]
            if group == PES_PLAN
            else rows[rows.plan_id != PES_PLAN]
        )
        if members.empty:
            continue
        body.append(
            html.Tr(
                html.Th(group_label, colSpan=len(columns) + 1, scope="colgroup"),
                className="group-row",
            )
        )
        for row in members.itertuples():
            body.append(
                html.Tr(
                    [
                        html.Th(
                            [
                                html.Div(row.title),
                                html.Div(
                                    "GAP: no linked objective", className="gap-badge"
                                )
                                if row.objective_id in priority_gap_ids
                                else None,
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
                        for col in column_list
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


def _frames(
    engine: Engine, pcp: str, spp: str
) -> tuple[KpiData, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    data = load_kpi_data(engine)
    links = plan_queries.objective_links(engine)
    objectives = data.objectives
    rows = objectives[objectives.plan_id.isin([PES_PLAN, spp])]
    rows = pd.concat([rows[rows.plan_id == PES_PLAN], rows[rows.plan_id == spp]])
    columns = objectives[objectives.plan_id == pcp]
    cells = alignment_cells(
        rows,
        columns,
        links,
        data.links,
        status_of_kpis(data.statuses),
    )
    return data, rows, columns, cells, links


def matrix(engine: Engine, pcp: str | None, spp: str | None) -> tuple:
    """Matrix, summary sentence, gap lists, source line and the URL query string."""
    if not pcp or not isinstance(pcp, str):
        return None, "", None, "", ""
    try:
        data, rows, columns, cells, links = _frames(engine, pcp, str(spp or ""))
    except DataUnavailableError as error:
        return data_error(str(error)), "", None, "", ""
    plans = data.plans.set_index("plan_id")
    unknown = [plan for plan in (pcp, spp) if plan and plan not in plans.index]
    if unknown:
        # Only a hand-made request can choose a plan outside the lists offered.
        message = f"There is no plan called {unknown[0]!r}; choose one from the list."
        return html.P(message, className="pes-note"), "", None, "", ""
    titles = dict(zip(data.objectives.objective_id, data.objectives.title, strict=True))
    pes_ids = list(rows[rows.plan_id == PES_PLAN].objective_id)
    gap_cols = objective_gaps(cells, pes_ids)
    gap_rows = priority_gaps(cells)
    spp_label = (
        f"SPP priorities ({_plan_short('spp', plans.loc[spp, 'title'], None)[4:]})"
        if spp in plans.index
        else "SPP priorities"
    )
    unconfirmed = not bool(columns.confirmed.all()) if not columns.empty else False
    summary = alignment_summary(cells, titles, pes_ids)
    if unconfirmed:
        summary = (
            "This plan's objective titles are to be confirmed, so nothing is linked "
            "to them yet. " + summary
        )
    gaps = html.Div(
        [
            html.Div(
                [
                    html.Strong("Objectives with no PES KPI behind them: "),
                    ", ".join(titles[g] for g in gap_cols) if gap_cols else "none",
                ]
            ),
            html.Div(
                [
                    html.Strong("Priorities linked to no objective of this plan: "),
                    ", ".join(titles[g] for g in gap_rows) if gap_rows else "none",
                ]
            ),
        ],
        className="pes-gaps mb-3",
    )
    table = matrix_table(
        cells,
        rows,
        columns,
        spp_label=spp_label,
        objective_gap_ids=gap_cols,
        priority_gap_ids=gap_rows,
    )
    demo_links = bool(links.is_demo.any()) if not links.empty else False
    source = (
        f"Sources: plan and objective titles as published ({plans.loc[pcp, 'source']}). "
        + (
            "Links between priorities and objectives: DEMO judgements, not sourced. "
            if demo_links
            else ""
        )
        + (
            "KPI statuses: DEMO KPI values "
            if data.statuses.is_demo.any()
            else "KPI statuses: "
        )
        + f"as at {format_day(data.as_of)}."
    )
    search = query_string({"pcp": pcp, "spp": spp}, {})
    return table, summary, gaps, source, search


def cell_detail(engine: Engine, row_id: str, col_id: str) -> html.Div:
    """The KPIs behind one cell with values, targets, baselines, agency and sector."""
    try:
        data = load_kpi_data(engine)
        links = plan_queries.objective_links(engine)
    except DataUnavailableError as error:
        return data_error(str(error))
    titles = dict(zip(data.objectives.objective_id, data.objectives.title, strict=True))
    if row_id not in titles or col_id not in titles:
        return html.P("That cell is not in the matrix.", className="pes-note")
    cells = alignment_cells(
        pd.DataFrame({"objective_id": [row_id]}),
        pd.DataFrame({"objective_id": [col_id]}),
        links,
        data.links,
        status_of_kpis(data.statuses),
    )
    cell = cells.iloc[0]
    kpis = data.statuses[data.statuses.kpi_id.isin(cell.kpi_ids)]
    strength = int(cell.strength)
    heading = f"{titles[row_id]} → {titles[col_id]}"
    link_line = (
        f"{STRENGTH_WORDS[strength]} link{' (DEMO judgement)' if cell.link_is_demo else ''}"
        + (f": {cell.rationale}" if cell.rationale else ".")
        if strength
        else "No link is recorded between this priority and this objective."
    )
    if kpis.empty:
        table = html.P("No KPI stands behind this cell.", className="pes-note")
    else:
        header = html.Thead(
            html.Tr(
                [
                    html.Th(name, scope="col")
                    for name in (
                        "KPI",
                        "Status",
                        "Latest",
                        "Target",
                        "Baseline",
                        "Unit",
                        "Agency",
                        "Sector",
                        "Latest period",
                    )
                ]
            )
        )
        body = html.Tbody(
            [
                html.Tr(
                    [
                        html.Th(
                            html.A(k.name, href=f"/kpis?kpi={k.kpi_id}"), scope="row"
                        ),
                        html.Td(
                            status_label(k.status),
                            className=f"rag-{'none' if k.status == 'not_rated' else k.status}",
                        ),
                        html.Td(format_value(k.latest_value), className="text-end"),
                        html.Td(format_value(k.target), className="text-end"),
                        html.Td(format_value(k.baseline), className="text-end"),
                        html.Td(k.unit),
                        html.Td(k.agency),
                        html.Td(k.sector),
                        html.Td(
                            [k.latest_period]
                            + (
                                [html.Div("Data overdue", className="kpi-overdue")]
                                if k.overdue
                                else []
                            )
                        ),
                    ]
                )
                for k in kpis.itertuples()
            ]
        )
        table = dbc.Table(
            [header, body], bordered=True, responsive=True, className="pes-cell-kpis"
        )
    return html.Div(
        [
            html.H2(heading, id="alignment-detail-heading"),
            html.P(link_line),
            html.P(
                f"{len(kpis)} KPI{'s' if len(kpis) != 1 else ''} behind this cell: "
                + status_counts_text(
                    cell.n_green, cell.n_amber, cell.n_red, cell.n_not_rated
                )
                + ("." if len(kpis) else "")
                + (" DEMO KPI data." if kpis.is_demo.any() else ""),
                className="pes-summary",
            ),
            table,
        ]
    )


def chosen_cell(engine: Engine, _clicks: list) -> html.Div | None:
    """The detail of the cell just clicked (or chosen by Enter)."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(
        item.get("value") for item in ctx.triggered
    ):
        return html.P("Choose a cell to see the KPIs behind it.", className="pes-note")
    return cell_detail(engine, trigger["row"], trigger["col"])


def alignment_tiles(engine: Engine, *, today: date | None = None) -> list:
    """Overview tile: plan objectives with no PES KPI behind them (default plan)."""
    plans = plan_queries.plans(engine)
    objectives = plan_queries.objectives(engine)
    pcp = default_plan_id(plans, objectives, kind="pcp", today=today or date.today())
    spp = default_plan_id(plans, objectives, kind="spp", today=today or date.today())
    if pcp is None:
        return [data_error("No Police and Crime Plan has been loaded.")]
    data, rows, columns, cells, links = _frames(engine, pcp, spp or "")
    pes_ids = list(rows[rows.plan_id == PES_PLAN].objective_id)
    gaps = objective_gaps(cells, pes_ids)
    titles = dict(zip(objectives.objective_id, objectives.title, strict=True))
    covered = len(columns) - len(gaps)
    return [
        headline_tile(
            label=f"{_plan_short('pcp', plans.set_index('plan_id').loc[pcp, 'title'], None)}"
            " objectives with PES KPIs behind them",
            value=f"{covered} of {len(columns)}",
            unit="objectives",
            details=[
                "No PES KPI behind: " + ", ".join(titles[g] for g in gaps) + "."
                if gaps
                else "Every objective has a PES KPI behind it.",
                "Links are DEMO judgements." if links.is_demo.any() else "",
            ],
            link=("Plan alignment", f"/plan-alignment?pcp={pcp}"),
            demo=bool(links.is_demo.any() or data.statuses.is_demo.any()),
        )
    ]


def register(app: Dash, engine: Engine) -> None:
    """Wire the plan alignment callbacks."""
    app.callback(
        Output(ids.PlanAlignment.PCP_SELECT, "options"),
        Output(ids.PlanAlignment.PCP_SELECT, "value"),
        Output(ids.PlanAlignment.SPP_SELECT, "options"),
        Output(ids.PlanAlignment.SPP_SELECT, "value"),
        Output(ids.PlanAlignment.MESSAGE, "children"),
        Input(ids.PlanAlignment.QUERY, "data"),
    )(lambda query: setup(engine, query))
    app.callback(
        Output(ids.PlanAlignment.MATRIX, "children"),
        Output(ids.PlanAlignment.SUMMARY, "children"),
        Output(ids.PlanAlignment.GAPS, "children"),
        Output(ids.PlanAlignment.SOURCE, "children"),
        Output(ids.PlanAlignment.URL_SEARCH, "data"),
        Input(ids.PlanAlignment.PCP_SELECT, "value"),
        Input(ids.PlanAlignment.SPP_SELECT, "value"),
    )(lambda pcp, spp: matrix(engine, pcp, spp))
    app.callback(
        Output(ids.PlanAlignment.DETAIL, "children"),
        Input({"type": ids.PlanAlignment.CELL, "row": ALL, "col": ALL}, "n_clicks"),
        State(ids.PlanAlignment.PCP_SELECT, "value"),
    )(lambda clicks, _pcp: chosen_cell(engine, clicks))
    app.clientside_callback(
        REPLACE_URL_JS,
        Output(ids.PlanAlignment.URL_SINK, "children"),
        Input(ids.PlanAlignment.URL_SEARCH, "data"),
    )
