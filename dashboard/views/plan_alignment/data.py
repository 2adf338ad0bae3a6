"""The plan alignment page's data: the KPI view's statuses and the links between
priorities and objectives, and the pure views of the matrix, a cell and the tile."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.metrics.alignment import (
    alignment_cells,
    alignment_summary,
    default_plan_id,
    objective_gaps,
    priority_gaps,
)
from dashboard.metrics.kpi import format_value
from dashboard.metrics.kpi_table import status_of_kpis
from dashboard.views.kpis import text as kpi_text
from dashboard.views.kpis.data import KpiData, load_kpi_data
from dashboard.views.kpis.state import plan_short
from dashboard.views.plan_alignment import text
from dashboard.views.plan_alignment.state import PES_PLAN, PlanChoice
from data_access.queries import plans as plan_queries


@dataclass(frozen=True)
class AlignmentFrames:
    """The KPI view's data and the links between priorities and objectives."""

    kpi: KpiData
    links: pd.DataFrame  # from_objective_id, to_objective_id, strength, ...
    # Pages giving evidence on an objective: objective_id, path, label, source_note.
    evidence: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["objective_id", "path", "label"])
    )


@dataclass(frozen=True)
class Evidence:
    """A page of this dashboard that gives evidence on an objective."""

    objective_id: str
    objective: str
    label: str
    path: str


@dataclass(frozen=True)
class Heading:
    """A row or column of the matrix: its objective, title and whether it is a gap."""

    objective_id: str
    title: str
    gap: bool
    description: str = ""  # the plan's own words where known, else a paraphrase


@dataclass(frozen=True)
class RowGroup:
    """The PES priority rows, or the SPP priority rows, under their heading."""

    label: str
    rows: list[Heading]


@dataclass(frozen=True)
class MatrixView:
    """The matrix, its summary sentence, its gaps and its source line."""

    columns: list[Heading]
    groups: list[RowGroup]
    cells: pd.DataFrame  # alignment_cells: CELL_COLUMNS
    titles: dict[str, str]
    objective_gaps: list[str]
    priority_gaps: list[str]
    summary: str
    source: str
    search: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class CellView:
    """One cell's link and the KPIs behind it, their values written out."""

    heading: str
    link_line: str
    summary: str
    kpis: list[dict[str, object]]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class AlignmentTile:
    """The Overview tile: the default plan's objectives with a PES KPI behind."""

    label: str
    covered: int
    total: int
    details: list[str]
    pcp: str
    demo: bool


def load_frames(engine: Engine) -> AlignmentFrames:
    """Today's KPI data (kept by the KPI view), the objective links and the pages
    giving evidence on objectives."""
    return AlignmentFrames(
        load_kpi_data(engine),
        plan_queries.objective_links(engine),
        plan_queries.objective_evidence(engine),
    )


def evidence_for(
    frames: AlignmentFrames, objective_ids: list[str], titles: dict[str, str]
) -> list[Evidence]:
    """The evidence pages of these objectives, in the order the objectives come."""
    found = []
    for objective_id in objective_ids:
        rows = frames.evidence[frames.evidence.objective_id == objective_id]
        found += [
            Evidence(
                objective_id, titles.get(objective_id, objective_id), r.label, r.path
            )
            for r in rows.itertuples()
        ]
    return found


def _titles(objectives: pd.DataFrame) -> dict[str, str]:
    return dict(zip(objectives.objective_id, objectives.title, strict=True))


def _rows_columns_cells(
    frames: AlignmentFrames, pcp: str, spp: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """PES then SPP priority rows, the plan's objective columns, and the cells."""
    objectives = frames.kpi.objectives
    rows = objectives[objectives.plan_id.isin([PES_PLAN, spp])]
    rows = pd.concat([rows[rows.plan_id == PES_PLAN], rows[rows.plan_id == spp]])
    columns = objectives[objectives.plan_id == pcp]
    cells = alignment_cells(
        rows,
        columns,
        frames.links,
        frames.kpi.links,
        status_of_kpis(frames.kpi.statuses),
    )
    return rows, columns, cells


def unknown_plan(frames: AlignmentFrames, choice: PlanChoice) -> str | None:
    """The message for a chosen plan that is not loaded (only a hand-made request
    can choose one outside the lists offered), else None."""
    known = set(frames.kpi.plans.plan_id)
    unknown = [plan for plan in (choice.pcp, choice.spp) if plan and plan not in known]
    return text.no_such_plan(unknown[0]) if unknown else None


def compute_matrix(frames: AlignmentFrames, choice: PlanChoice) -> MatrixView:
    """The matrix for loaded plans: headings with their gaps, cells, sentences."""
    pcp, spp = str(choice.pcp or ""), str(choice.spp or "")
    rows, columns, cells = _rows_columns_cells(frames, pcp, spp)
    plans = frames.kpi.plans.set_index("plan_id")
    titles = _titles(frames.kpi.objectives)
    pes_ids = list(rows[rows.plan_id == PES_PLAN].objective_id)
    gap_cols = objective_gaps(cells, pes_ids)
    gap_rows = priority_gaps(cells)
    summary = alignment_summary(cells, titles, pes_ids)
    if not columns.empty and not bool(columns.confirmed.all()):
        draft = pcp in plans.index and "draft" in str(plans.loc[pcp, "status"])
        summary = (text.DRAFT if draft else text.UNCONFIRMED) + summary
    spp_short = (
        plan_short("spp", plans.loc[spp, "title"]) if spp in plans.index else None
    )
    groups = []
    for members, label in (
        (rows[rows.plan_id == PES_PLAN], "PES priority areas"),
        (rows[rows.plan_id != PES_PLAN], text.spp_label(spp_short)),
    ):
        if not members.empty:
            headings = [
                Heading(row.objective_id, row.title, row.objective_id in gap_rows)
                for row in members.itertuples()
            ]
            groups.append(RowGroup(label, headings))
    links = frames.links
    return MatrixView(
        columns=[
            Heading(
                col.objective_id,
                col.title,
                col.objective_id in gap_cols,
                str(getattr(col, "description", "") or ""),
            )
            for col in columns.itertuples()
        ],
        groups=groups,
        cells=cells,
        titles=titles,
        objective_gaps=gap_cols,
        priority_gaps=gap_rows,
        summary=summary,
        source=text.source_line(
            str(plans.loc[pcp, "source"]),
            demo_links=bool(links.is_demo.any()) if not links.empty else False,
            demo_kpis=bool(frames.kpi.statuses.is_demo.any()),
            as_of=frames.kpi.as_of,
        ),
        search=choice.query_string(),
        evidence=evidence_for(frames, list(columns.objective_id), titles),
    )


def compute_cell(frames: AlignmentFrames, row_id: str, col_id: str) -> CellView | None:
    """The KPIs behind one cell with their values, or None if no such cell."""
    data = frames.kpi
    titles = _titles(data.objectives)
    if row_id not in titles or col_id not in titles:
        return None
    cell = alignment_cells(
        pd.DataFrame({"objective_id": [row_id]}),
        pd.DataFrame({"objective_id": [col_id]}),
        frames.links,
        data.links,
        status_of_kpis(data.statuses),
    ).iloc[0]
    kpis = data.statuses[data.statuses.kpi_id.isin(cell.kpi_ids)]
    counts = (cell.n_green, cell.n_amber, cell.n_red, cell.n_not_rated)
    return CellView(
        heading=f"{titles[row_id]} → {titles[col_id]}",
        link_line=text.link_line(
            int(cell.strength),
            link_is_demo=bool(cell.link_is_demo),
            rationale=cell.rationale,
        ),
        summary=text.cell_summary(counts, len(kpis), demo=bool(kpis.is_demo.any())),
        kpis=[
            {
                "kpi_id": k.kpi_id,
                "name": k.name,
                "status_label": kpi_text.status_label(k.status),
                "status_class": kpi_text.status_class(k.status),
                "latest": format_value(k.latest_value),
                "target": format_value(k.target),
                "baseline": format_value(k.baseline),
                "unit": k.unit,
                "agency": k.agency,
                "sector": k.sector,
                "latest_period": k.latest_period,
                "overdue": bool(k.overdue),
            }
            for k in kpis.itertuples()
        ],
        evidence=evidence_for(frames, [row_id, col_id], titles),
    )


def compute_tile(frames: AlignmentFrames, today: date) -> AlignmentTile | None:
    """The default plans' coverage, or None when no Police and Crime Plan is loaded."""
    data = frames.kpi
    pcp = default_plan_id(data.plans, data.objectives, kind="pcp", today=today)
    spp = default_plan_id(data.plans, data.objectives, kind="spp", today=today)
    if pcp is None:
        return None
    rows, columns, cells = _rows_columns_cells(frames, pcp, spp or "")
    gaps = objective_gaps(cells, list(rows[rows.plan_id == PES_PLAN].objective_id))
    titles = _titles(data.objectives)
    demo_links = bool(frames.links.is_demo.any())
    pcp_title = data.plans.set_index("plan_id").loc[pcp, "title"]
    return AlignmentTile(
        label=f"{plan_short('pcp', pcp_title)} objectives with PES KPIs behind them",
        covered=len(columns) - len(gaps),
        total=len(columns),
        details=text.tile_details([titles[g] for g in gaps], demo_links=demo_links),
        pcp=pcp,
        demo=demo_links or bool(data.statuses.is_demo.any()),
    )


@dataclass(frozen=True)
class BoardAlignment:
    """The board's alignment slide: KPIs per priority and status, worst first."""

    counts: pd.DataFrame  # group, status_word, kpis
    headline: list[dict[str, str]]
    summary: str


def compute_board(statuses: pd.DataFrame) -> BoardAlignment | None:
    """How many KPIs of each status serve each priority (a KPI serving two counts
    in each), the priority with most Red first; None when no KPIs are loaded.

    ``statuses``: the KPI view's statuses as at the period shown."""
    if statuses.empty:
        return None
    rows = []
    for kpi in statuses.itertuples():
        priorities = [p for p in str(kpi.priorities or "").split("; ") if p]
        for priority in priorities or [text.NO_PRIORITY]:
            rows.append({"group": priority, "status_word": kpi.status_word})
    counts = pd.DataFrame(rows).value_counts().rename("kpis").reset_index()
    worst = (
        counts.assign(red=counts.kpis.where(counts.status_word == "Red", 0))
        .groupby("group")[["red", "kpis"]]
        .sum()
        .sort_values(["red", "kpis"], ascending=False)
    )
    counts["group"] = pd.Categorical(counts.group, categories=list(worst.index))
    counts = counts.sort_values("group")
    counts["group"] = counts.group.astype(str)
    tally = {
        word: int(count) for word, count in statuses.status_word.value_counts().items()
    }
    most_red = int(worst.red.iloc[0])
    return BoardAlignment(
        counts=counts,
        headline=[
            {"label": word, "value": str(tally.get(word, 0)), "unit": "KPIs"}
            for word in ("Red", "Amber", "Green", "Not rated")
        ],
        summary=text.board_summary(
            len(statuses), tally, worst.index[0] if most_red > 0 else None, most_red
        ),
    )
