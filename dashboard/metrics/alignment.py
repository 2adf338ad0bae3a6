"""Plan alignment: which priorities serve which plan objectives, the KPIs behind each
link, and the gaps. Pure functions over DataFrames.

A KPI stands behind a cell (a PES or SPP priority, a Police and Crime Plan objective)
when it measures the priority and either the priority is linked to the objective or
the KPI itself is tagged to the objective.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.metrics.kpi import AMBER, GREEN, NOT_RATED, RED

STRENGTH_WORDS = {0: "No link", 1: "Weak", 2: "Moderate", 3: "Strong"}
CELL_COLUMNS = [
    "row_id",
    "col_id",
    "strength",
    "link_is_demo",
    "rationale",
    "kpi_ids",
    "n_kpis",
    "n_green",
    "n_amber",
    "n_red",
    "n_not_rated",
]


def default_plan_id(
    plans: pd.DataFrame, objectives: pd.DataFrame, *, kind: str, today: date
) -> str | None:
    """The plan of this kind to show first: the latest one started by ``today`` whose
    objectives are confirmed, else the latest started one, else None.

    ``plans``: plan_id, plan_kind, period_start; ``objectives``: plan_id, confirmed.
    """
    mine = plans[plans.plan_kind == kind].sort_values("period_start")
    if mine.empty:
        return None
    started = mine[pd.to_datetime(mine.period_start).dt.date <= today]
    if started.empty:
        started = mine
    confirmed_plans = set(
        objectives.groupby("plan_id").confirmed.all().loc[lambda s: s].index
    )
    confirmed = started[started.plan_id.isin(confirmed_plans)]
    chosen = confirmed if not confirmed.empty else started
    return str(chosen.plan_id.iloc[-1])


def alignment_cells(
    rows: pd.DataFrame,
    columns: pd.DataFrame,
    links: pd.DataFrame,
    kpi_links: pd.DataFrame,
    kpi_status: pd.DataFrame,
) -> pd.DataFrame:
    """One row per (priority, objective) cell: link strength, the KPIs behind it and
    how many of them are green, amber, red or not rated.

    ``rows``/``columns``: objective_id; ``links``: from_objective_id,
    to_objective_id, strength, rationale, is_demo; ``kpi_links``: kpi_id,
    objective_id; ``kpi_status``: kpi_id, status. Returns CELL_COLUMNS.
    """
    link_of = {
        (item.from_objective_id, item.to_objective_id): item
        for item in links.itertuples()
    }
    kpis_of: dict[str, set[str]] = {}
    for item in kpi_links.itertuples():
        kpis_of.setdefault(item.objective_id, set()).add(item.kpi_id)
    status_of = dict(zip(kpi_status.kpi_id, kpi_status.status, strict=True))
    records = []
    for row_id in rows.objective_id:
        for col_id in columns.objective_id:
            link = link_of.get((row_id, col_id))
            measured = kpis_of.get(row_id, set())
            behind = (
                measured if link is not None else measured & kpis_of.get(col_id, set())
            )
            statuses = [status_of.get(kpi, NOT_RATED) for kpi in behind]
            records.append(
                {
                    "row_id": row_id,
                    "col_id": col_id,
                    "strength": int(link.strength) if link is not None else 0,
                    "link_is_demo": bool(link.is_demo) if link is not None else False,
                    "rationale": str(link.rationale) if link is not None else "",
                    "kpi_ids": sorted(behind),
                    "n_kpis": len(behind),
                    "n_green": statuses.count(GREEN),
                    "n_amber": statuses.count(AMBER),
                    "n_red": statuses.count(RED),
                    "n_not_rated": statuses.count(NOT_RATED),
                }
            )
    return pd.DataFrame(records, columns=CELL_COLUMNS)


def objective_gaps(cells: pd.DataFrame, pes_row_ids: list[str]) -> list[str]:
    """Objectives (columns) with no KPI behind them in any PES priority's row, in
    column order."""
    pes = set(pes_row_ids)
    col_ids = cells.col_id.tolist()
    covered = {
        col
        for row, col, n_kpis in zip(
            cells.row_id.tolist(), col_ids, cells.n_kpis.tolist(), strict=True
        )
        if row in pes and n_kpis > 0
    }
    return [col for col in dict.fromkeys(col_ids) if col not in covered]


def priority_gaps(cells: pd.DataFrame) -> list[str]:
    """Priorities (rows) linked to no objective of the plan shown, in row order."""
    row_ids = cells.row_id.tolist()
    linked = {
        row
        for row, strength in zip(row_ids, cells.strength.tolist(), strict=True)
        if strength > 0
    }
    return [row for row in dict.fromkeys(row_ids) if row not in linked]


def status_counts_text(n_green: int, n_amber: int, n_red: int, n_not_rated: int) -> str:
    """'2 on track · 1 at risk · 1 off track' (parts with a count of 0 left out)."""
    parts = [
        (n_green, "on track"),
        (n_amber, "at risk"),
        (n_red, "off track"),
        (n_not_rated, "not rated"),
    ]
    text = " · ".join(f"{count} {words}" for count, words in parts if count)
    return text or "no KPIs"


def alignment_summary(
    cells: pd.DataFrame,
    titles: dict[str, str],
    pes_row_ids: list[str],
) -> str:
    """One sentence from the data: links, KPIs and gaps of the matrix shown."""
    n_links = int((cells.strength > 0).sum())
    kpis = {kpi for ids in cells.kpi_ids for kpi in ids}
    gaps = objective_gaps(cells, pes_row_ids)
    loose = [row for row in priority_gaps(cells) if row in pes_row_ids]
    sentence = f"{n_links} links between priorities and objectives, with {len(kpis)} KPIs behind them."
    if gaps:
        sentence += (
            " No PES KPI stands behind: "
            + ", ".join(titles.get(gap, gap) for gap in gaps)
            + "."
        )
    else:
        sentence += " Every objective has at least one PES KPI behind it."
    if loose:
        sentence += (
            " PES priorities linked to no objective: "
            + ", ".join(titles.get(row, row) for row in loose)
            + "."
        )
    return sentence
