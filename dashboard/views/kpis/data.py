"""The KPI page's data: the frames read once per data version and date, every KPI's
status, and the pure views the callbacks turn into components."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.figures.kpi import kpi_trend_figure, kpi_trend_sentence
from dashboard.figures.spec import FigureSpec
from dashboard.freshness import format_day
from dashboard.memo import kept
from dashboard.metrics.kpi_table import (
    AGENCIES,
    CITY_WIDE,
    SECTORS,
    assessment_date,
    change_texts,
    kpi_statuses,
    kpi_summary,
    status_tally,
    with_change_text,
)
from dashboard.views.kpis import text
from dashboard.views.kpis.state import KpiFilters
from data_access.queries import kpis as kpi_queries
from data_access.queries import plans as plan_queries

SEARCHED = ["name", "description", "priorities", "objectives", "unit", "agency"]
GRID_COLUMNS = [
    "kpi_id",
    "name",
    "status",
    "status_label",
    "latest_value",
    "target",
    "baseline",
    "unit",
    "change_text",
    "trend",
    "agency",
    "sector",
    "priorities",
    "objectives",
    "frequency",
    "latest_period",
    "updated",
    "freshness",
    "overdue",
    "direction",
    "source",
]
DETAIL_DATA_COLUMNS = ["period", "value", "numerator", "denominator", "updated", "note"]


@dataclass(frozen=True)
class KpiFrames:
    """The KPI and plan tables as read from the database."""

    kpis: pd.DataFrame
    values: pd.DataFrame
    links: pd.DataFrame  # every KPI's priorities and objectives
    objectives: pd.DataFrame
    plans: pd.DataFrame


@dataclass(frozen=True)
class KpiData:
    """Everything the KPI views need, read once per data version and date and
    shared between callbacks and threads: never change its frames in place."""

    statuses: pd.DataFrame  # kpi_statuses: the summary but for the change column
    values: pd.DataFrame
    kpis: pd.DataFrame
    links: pd.DataFrame
    objectives: pd.DataFrame
    plans: pd.DataFrame
    as_of: date


@dataclass(frozen=True)
class KpiTable:
    """The grid's rows, the 'showing N of M' line and the tally of every KPI."""

    rows: list[dict]
    count: str
    tally: dict[str, int]


@dataclass(frozen=True)
class KpiDetail:
    """One KPI's detail: status, trend, notes, plan links and its values."""

    kpi_id: str
    name: str
    description: str
    is_demo: bool
    status: str
    status_text: str  # its meaning and the reason, after the status pill
    freshness_text: str
    overdue: bool
    sentence: str
    figure: FigureSpec
    source: str
    notes: list[str]
    links: list[str]
    data_rows: list[dict]


@dataclass(frozen=True)
class KpiTile:
    """The Overview tile: the tally of every KPI, as at when, and whether demo."""

    tally: dict[str, int]
    as_of: date
    demo: bool


def read_frames(engine: Engine) -> KpiFrames:
    """The KPI, value, link, objective and plan tables."""
    return KpiFrames(
        kpis=kpi_queries.kpis(engine),
        values=kpi_queries.kpi_values(engine),
        links=kpi_queries.kpi_objectives(engine),
        objectives=plan_queries.objectives(engine),
        plans=plan_queries.plans(engine),
    )


def compute_data(frames: KpiFrames, today: date) -> KpiData:
    """Every KPI's status, freshness judged at the assessment date for ``today``."""
    kpis, values = frames.kpis, frames.values
    latest = values.updated_at.max() if not values.empty else None
    as_of = assessment_date(
        is_demo=bool(kpis.is_demo.all()) if not kpis.empty else False,
        latest_update=None
        if latest is None or pd.isna(latest)
        else latest.to_pydatetime(),
        today=today,
    )
    statuses = kpi_statuses(kpis, values, frames.links, frames.objectives, as_of=as_of)
    return KpiData(
        statuses, values, kpis, frames.links, frames.objectives, frames.plans, as_of
    )


# The KPI page's callbacks, the plan alignment matrix and the Overview tiles fire
# together and each needs the KPI statuses: read and compute them once per data
# version and date (the date decides which returns are overdue).


def load_kpi_data(engine: Engine, *, today: date | None = None) -> KpiData:
    """KPI statuses with their frames, kept while the data version and the date are
    unchanged (read afresh every time when the engine has no query cache)."""
    today = today or date.today()
    return kept(
        engine, ("kpis.data", today), lambda: compute_data(read_frames(engine), today)
    )


def compute_summary(data: KpiData) -> pd.DataFrame:
    """SUMMARY_COLUMNS: the statuses with the change from the previous value."""
    return with_change_text(data.statuses, change_texts(data.kpis, data.values))


def load_summary(engine: Engine, *, today: date | None = None) -> pd.DataFrame:
    """The KPI table's summary, kept like the statuses: the change column takes an
    exact test per KPI and only the table shows it, so it is made apart."""
    today = today or date.today()
    return kept(
        engine,
        ("kpis.summary", today),
        lambda: compute_summary(load_kpi_data(engine, today=today)),
    )


def warm(engine: Engine) -> None:
    """Prepare today's KPI statuses and the table's change column."""
    load_summary(engine)


def compute_statuses_at(data: KpiData | KpiFrames, period_end: date) -> pd.DataFrame:
    """SUMMARY_COLUMNS and status_text as at a period end: only values for periods
    ending by then count, and freshness is judged at that date (the board's view)."""
    values = data.values[pd.to_datetime(data.values.period_end).dt.date <= period_end]
    summary = kpi_summary(
        data.kpis, values, data.links, data.objectives, as_of=period_end
    )
    summary["status_text"] = [
        text.status_text(status, word)
        for status, word in zip(summary.status, summary.status_word, strict=True)
    ]
    return summary


def load_statuses_at(engine: Engine, period_end: date) -> pd.DataFrame:
    """``compute_statuses_at`` on the KPI data, kept per data version and period."""
    return kept(
        engine,
        ("kpis.as_at", period_end),
        lambda: compute_statuses_at(load_kpi_data(engine), period_end),
    )


def filter_summary(summary: pd.DataFrame, filters: KpiFilters) -> pd.DataFrame:
    """The KPIs that pass every filter (each 'all' passes everything); the search
    matches words in the name, description, priorities, objectives, unit or agency."""
    rows = summary
    if filters.agency != "all":
        rows = rows[rows.agency == AGENCIES.get(filters.agency, filters.agency)]
    if filters.sector != "all":
        wanted = CITY_WIDE if filters.sector == "city" else SECTORS.get(filters.sector)
        rows = rows[rows.sector == wanted]
    if filters.priority != "all":
        rows = rows[
            rows.priority_ids.map(lambda ids_: filters.priority in ids_)
            | rows.objective_ids.map(lambda ids_: filters.priority in ids_)
        ]
    if filters.status == "overdue":
        rows = rows[rows.overdue]
    elif filters.status != "all":
        rows = rows[rows.status == filters.status]
    words = [word.lower() for word in filters.search.split() if word.strip()]
    if words and not rows.empty:
        joined = rows[SEARCHED].astype(str).agg(" ".join, axis=1).str.lower()
        mask = pd.Series(True, index=rows.index)
        for word in words:
            mask &= joined.str.contains(word, regex=False)
        rows = rows[mask]
    return rows


def _plain(value: object) -> object:
    """A missing value (NaN) as None, which JSON writes as null."""
    return None if value is None or value != value else value


def grid_rows(summary: pd.DataFrame) -> list[dict]:
    """Rows for the grid: plain values, status with shape and letter, DEMO flag."""
    made = {
        "status_label": [text.status_label(status) for status in summary.status],
        "updated": [format_day(day) for day in summary.updated.tolist()],
        "source": ["DEMO" if demo else "Real" for demo in summary.is_demo],
    }
    # Column lists zipped into rows: over ten times faster than a DataFrame's
    # astype(object).where(...).to_dict("records") for the same rows.
    columns = [
        made[name] if name in made else [_plain(v) for v in summary[name].tolist()]
        for name in GRID_COLUMNS
    ]
    rows = zip(*columns, strict=True)
    return [dict(zip(GRID_COLUMNS, row, strict=True)) for row in rows]


def compute_table(summary: pd.DataFrame, as_of: date, filters: KpiFilters) -> KpiTable:
    """The filtered grid rows, the count line and the tally of every KPI."""
    shown = filter_summary(summary, filters)
    count = text.count_line(
        len(shown), len(summary), as_of, demo=bool(summary.is_demo.any())
    )
    return KpiTable(grid_rows(shown), count, status_tally(summary))


def compute_detail(data: KpiData, kpi_id: str) -> KpiDetail | None:
    """One KPI's detail, or None when no KPI has that id."""
    found = data.statuses[data.statuses.kpi_id == kpi_id]
    if found.empty:
        return None
    kpi = found.iloc[0]
    values = data.values[data.values.kpi_id == kpi_id]
    label = text.status_label(kpi.status)
    sentence = kpi_trend_sentence(
        values,
        name=kpi["name"],
        unit=kpi.unit,
        status_word=f"{label} ({kpi.status_meaning.lower()})",
        target=kpi.target,
    )
    notes = [
        f"{row.period_end:%B %Y}: {row.note}" for row in values.itertuples() if row.note
    ]
    links = [f"Priority: {name}" for name in kpi.priorities.split("; ") if name] + [
        f"Police and Crime Plan objective: {name}"
        for name in kpi.objectives.split("; ")
        if name
    ]
    table_rows = values.assign(
        period=values.period_end.map(lambda day: f"{day:%Y-%m-%d}"),
        updated=values.updated_at.map(format_day),
    )[DETAIL_DATA_COLUMNS]
    empty = values.empty
    return KpiDetail(
        kpi_id=kpi_id,
        name=kpi["name"],
        description=kpi.description,
        is_demo=bool(kpi.is_demo),
        status=kpi.status,
        status_text=f" {kpi.status_meaning}. {kpi.status_reason}",
        freshness_text=f" {kpi.freshness}: latest {kpi.latest_period}.",
        overdue=bool(kpi.overdue),
        sentence=sentence,
        figure=kpi_trend_figure(
            values,
            unit=kpi.unit,
            target=kpi.target,
            baseline=kpi.baseline,
            is_demo=bool(kpi.is_demo),
        ),
        source=text.detail_source(
            is_demo=bool(kpi.is_demo),
            agency=kpi.agency,
            frequency=kpi.frequency,
            direction=kpi.direction,
            first=None if empty else values.period_end.min(),
            last=None if empty else values.period_end.max(),
            as_of=data.as_of,
        ),
        notes=notes,
        links=links,
        data_rows=table_rows.astype(object)
        .where(table_rows.notna(), None)
        .to_dict("records"),
    )


def compute_tile(data: KpiData) -> KpiTile | None:
    """The Overview tile's tally, or None when no KPIs are loaded."""
    if data.statuses.empty:
        return None
    return KpiTile(
        tally=status_tally(data.statuses),
        as_of=data.as_of,
        demo=bool(data.statuses.is_demo.any()),
    )
