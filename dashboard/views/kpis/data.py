"""The KPI page's data: the frames read once per data version and date, every KPI's
status, and the pure views the callbacks turn into components."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.figures.kpi import kpi_trend_figure, kpi_trend_sentence
from dashboard.figures.spc import process_behaviour_figure, signal_table
from dashboard.figures.spec import FigureSpec
from dashboard.freshness import format_day
from dashboard.memo import kept
from dashboard.metrics import spc
from dashboard.metrics.board import previous_meeting
from dashboard.metrics.kpi import STATUS_LETTERS, STATUS_WORDS
from dashboard.metrics.kpi_spc import kpi_chart, kpi_variation
from dashboard.metrics.kpi_table import (
    AGENCIES,
    CITY_WIDE,
    SECTORS,
    assessment_date,
    change_texts,
    kpi_statuses,
    kpi_summary,
    period_label,
    status_tally,
    with_change_text,
)
from dashboard.ui.export import PROVENANCE_FIELDS, file_name, with_provenance
from dashboard.views.kpis import text
from dashboard.views.kpis.state import FILTERS, KpiFilters, parse_query
from data_access.engine import DataUnavailableError
from data_access.queries import board as board_queries
from data_access.queries import kpis as kpi_queries
from data_access.queries import plans as plan_queries

SEARCHED = [
    "name",
    "description",
    "priorities",
    "objectives",
    "unit",
    "agency",
    "owner_role",
]
VARIATION_GRID_COLUMNS = [
    "variation_text",
    "variation_label",
    "variation_order",
    "assurance_text",
    "assurance_label",
    "assurance_order",
]
GRID_COLUMNS = [
    "kpi_id",
    "name",
    "status",
    "status_label",
    "status_letter",
    "status_word",
    *VARIATION_GRID_COLUMNS,
    "latest_value",
    "target",
    "baseline",
    "unit",
    "change_text",
    "since_meeting",
    "status_at_last_board",
    "changed",
    "trend",
    "trend_values",
    "owner_role",
    "agency",
    "sector",
    "priorities",
    "objectives",
    "frequency",
    "latest_period",
    "period_end",
    "updated",
    "updated_on",
    "freshness",
    "overdue",
    "direction",
    "data_kind",
]
NO_BOARD = "No earlier board meeting"
UNCHANGED = "No change"
DETAIL_DATA_COLUMNS = [
    "period_ending",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "updated",
    "updated_on",
    "note",
]
# The detail table's CSV: ISO dates, numbers as numbers, then the provenance.
DETAIL_EXPORT_COLUMNS = [
    "period_end",
    "value",
    "numerator",
    "denominator",
    "updated_on",
    "note",
    *PROVENANCE_FIELDS,
]


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
class LastBoard:
    """The board meeting the KPIs are compared with (the board's own rule: the
    latest meeting shown a period before the latest one now loaded) and each KPI's
    status as at the period it was shown."""

    meeting_date: date
    period_end: date
    is_demo: bool
    statuses: dict[str, str]


@dataclass(frozen=True)
class KpiTable:
    """The table's rows, the 'showing N of M' line, the tally of every KPI and the
    CSV's file name."""

    rows: list[dict]
    count: str
    tally: dict[str, int]
    file_name: str


@dataclass(frozen=True)
class KpiDetail:
    """One KPI's detail: status, trend, notes, plan links and its values."""

    kpi_id: str
    name: str
    description: str
    owner_role: str
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
    file_name: str
    # Signal or noise: the process-behaviour chart, its words and its method.
    spc_figure: FigureSpec
    spc_sentence: str
    spc_method: str
    spc_table: pd.DataFrame


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


def with_variation(summary: pd.DataFrame, data: KpiData) -> pd.DataFrame:
    """The summary with each KPI's variation and assurance (``kpi_spc``): the
    icon and words on screen (saying DEMO when its values are demo), the words for
    the CSV, and the order the table sorts by (concerning first)."""
    found = kpi_variation(data.values, data.kpis)
    merged = summary.merge(found, on="kpi_id", how="left")
    demo = [" (DEMO)" if flag else "" for flag in merged.is_demo]
    for kind in ("variation", "assurance"):
        merged[f"{kind}_text"] = [
            f"{icon} {label}{tag}".strip() if label else ""
            for icon, label, tag in zip(
                merged[f"{kind}_icon"].fillna(""),
                merged[f"{kind}_label"].fillna(""),
                demo,
                strict=True,
            )
        ]
    return merged


def compute_summary(data: KpiData) -> pd.DataFrame:
    """SUMMARY_COLUMNS with each KPI's variation and assurance: the statuses with
    the change from the previous value."""
    return with_variation(
        with_change_text(data.statuses, change_texts(data.kpis, data.values)), data
    )


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
    if filters.changed == "yes" and "changed" in rows:
        rows = rows[rows.changed.astype(bool)]
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


def _iso(day: object) -> str | None:
    return None if day is None or day != day else f"{day:%Y-%m-%d}"


def compute_last_board(data: KpiData, meetings: pd.DataFrame) -> LastBoard | None:
    """The last board meeting before the latest KPI period and every KPI's status
    as at the period it was shown, or None when there is no such meeting."""
    if data.values.empty or meetings.empty:
        return None
    latest = max(data.values.period_end)
    meeting = previous_meeting(meetings, latest)
    if meeting is None:
        return None
    then = compute_statuses_at(data, meeting.period_shown_end)
    return LastBoard(
        meeting_date=meeting.meeting_date,
        period_end=meeting.period_shown_end,
        is_demo=bool(meeting.is_demo),
        statuses=dict(zip(then.kpi_id, then.status, strict=True)),
    )


def load_last_board(engine: Engine, *, today: date | None = None) -> LastBoard | None:
    """``compute_last_board`` on the KPI data and the board's meetings, kept like
    the statuses."""
    today = today or date.today()
    return kept(
        engine,
        ("kpis.last_board", today),
        lambda: compute_last_board(
            load_kpi_data(engine, today=today), board_queries.meetings(engine)
        ),
    )


def with_last_board(summary: pd.DataFrame, board: LastBoard | None) -> pd.DataFrame:
    """The summary with each KPI's status at the last board, in words, and whether
    it has changed since ('changed' is False for every KPI with no meeting)."""
    if board is None:
        return summary.assign(
            status_at_last_board=None, since_meeting=NO_BOARD, changed=False
        )
    then = [board.statuses.get(kpi_id) for kpi_id in summary.kpi_id]
    changed = [
        old is not None and old != now
        for old, now in zip(then, summary.status, strict=True)
    ]
    since = [
        f"{text.status_label(old)} → {text.status_label(now)}" if moved else UNCHANGED
        for old, now, moved in zip(then, summary.status, changed, strict=True)
    ]
    return summary.assign(
        status_at_last_board=[
            None if old is None else STATUS_WORDS[old] for old in then
        ],
        since_meeting=since,
        changed=changed,
    )


def grid_rows(summary: pd.DataFrame) -> list[dict]:
    """Rows for the table and its CSV: plain values, status with shape, letter and
    word, the trend's values, ISO dates beside the displayed ones, DEMO flag,
    and what every CSV row carries (``dashboard.ui.export``)."""
    if "changed" not in summary:
        summary = with_last_board(summary, None)
    # A summary made without the KPI values (``kpi_summary`` alone) has no
    # variation: those cells are empty.
    for name in VARIATION_GRID_COLUMNS:
        if name not in summary:
            summary = summary.assign(**{name: None})
    made = {
        "status_label": [text.status_label(status) for status in summary.status],
        "status_letter": [STATUS_LETTERS[status] for status in summary.status],
        "trend_values": [
            "; ".join(f"{value:g}" for value in values)
            for values in summary.trend_values
        ]
        if "trend_values" in summary
        else [""] * len(summary),
        "period_end": [_iso(day) for day in summary.period_end.tolist()],
        "updated": [format_day(day) for day in summary.updated.tolist()],
        "updated_on": [_iso(day) for day in summary.updated.tolist()],
        "data_kind": ["DEMO" if demo else "Real" for demo in summary.is_demo],
    }
    # Column lists zipped into rows: over ten times faster than a DataFrame's
    # astype(object).where(...).to_dict("records") for the same rows.
    columns = [
        made[name] if name in made else [_plain(v) for v in summary[name].tolist()]
        for name in GRID_COLUMNS
    ]
    rows = [
        dict(zip(GRID_COLUMNS, row, strict=True)) for row in zip(*columns, strict=True)
    ]
    return with_provenance(
        rows,
        measure=[str(row["name"]) for row in rows],
        period=[str(row["latest_period"]) for row in rows],
        source=[
            text.returns_source(is_demo=bool(demo), agency=str(agency))
            for demo, agency in zip(summary.is_demo, summary.agency, strict=True)
        ],
        is_demo=[bool(demo) for demo in summary.is_demo],
    )


def compute_table(
    summary: pd.DataFrame,
    as_of: date,
    filters: KpiFilters,
    board: LastBoard | None = None,
) -> KpiTable:
    """The filtered table rows, the count line, the tally of every KPI and the CSV's
    name (after the latest period any KPI reports)."""
    summary = with_last_board(summary, board)
    shown = filter_summary(summary, filters)
    count = text.count_line(
        len(shown), len(summary), as_of, demo=bool(summary.is_demo.any())
    )
    latest = summary.period_end.dropna()
    return KpiTable(
        grid_rows(shown),
        count,
        status_tally(summary) | {"changed": int(summary.changed.sum())},
        file_name("kpis", max(latest) if not latest.empty else None),
    )


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
        period_ending=values.period_end.map(format_day),
        period_end=values.period_end.map(_iso),
        updated=values.updated_at.map(format_day),
        updated_on=values.updated_at.map(lambda moment: _iso(moment.date())),
    )[DETAIL_DATA_COLUMNS]
    definition = data.kpis.loc[data.kpis.kpi_id == kpi_id].iloc[0]
    frequency = str(definition.frequency)
    empty = values.empty
    chart = kpi_chart(values, value_kind=str(definition.value_kind))
    raw_direction = definition.direction
    direction = raw_direction if raw_direction in spc.DIRECTIONS else None
    shown = spc.variation(chart, direction)
    target = None if pd.isna(kpi.target) else float(kpi.target)
    sure = spc.assurance(chart, target, direction)
    demo_word = "DEMO: " if bool(kpi.is_demo) else ""
    return KpiDetail(
        kpi_id=kpi_id,
        name=kpi["name"],
        description=kpi.description,
        owner_role=f"Owner: {kpi.owner_role} ({kpi.agency.lower()}).",
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
        data_rows=with_provenance(
            table_rows.astype(object)
            .where(table_rows.notna(), None)
            .to_dict("records"),
            measure=f"{kpi['name']} ({kpi.unit})",
            period=[
                period_label(start, end, frequency)
                for start, end in zip(
                    values.period_start, values.period_end, strict=True
                )
            ],
            source=text.returns_source(is_demo=bool(kpi.is_demo), agency=kpi.agency),
            is_demo=bool(kpi.is_demo),
        ),
        file_name=file_name(
            f"kpi-{kpi_id}", None if empty else values.period_end.max()
        ),
        spc_figure=process_behaviour_figure(
            chart,
            title=f"Signal or noise: {shown.icon} {shown.label}",
            unit=kpi.unit,
            direction=direction,
            is_demo=bool(kpi.is_demo),
            target=target,
        ),
        spc_sentence=demo_word + spc.describe(chart, shown, sure),
        spc_method=spc.method_note(chart),
        spc_table=signal_table(chart, direction),
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


@dataclass(frozen=True)
class FilterMenu:
    """Every filter's options and the link's checked value, what to say about the
    link (``failed``: the message is an error) and the line naming the last board."""

    options: dict[str, list[dict]]
    values: dict[str, str]
    message: str | None
    failed: bool = False
    board_line: str | None = None


def unfiltered_menu(message: str | None = None, *, failed: bool = False) -> FilterMenu:
    """Every filter at 'all' with no other choice: the menu when the data cannot
    be read (``message`` says why) or there is no app to read it from."""
    every = {name: [{"label": "All", "value": "all"}] for name in FILTERS}
    return FilterMenu(every, dict.fromkeys(FILTERS, "all"), message, failed)


def filter_menu(engine: Engine, query: dict | None) -> FilterMenu:
    """Options for every filter and the checked URL values, with a message for any
    value that is not one of the choices."""
    try:
        data = load_kpi_data(engine)
        board = load_last_board(engine)
    except DataUnavailableError as error:
        return unfiltered_menu(str(error), failed=True)
    meeting_date = None if board is None else board.meeting_date
    choices = parse_query(
        query,
        objectives=data.objectives,
        plans=data.plans,
        kpi_ids=set(data.statuses.kpi_id),
        meeting_words=text.last_board_words(meeting_date),
    )
    chosen = choices.filters
    return FilterMenu(
        options={
            "agency": choices.agencies,
            "sector": choices.sectors,
            "priority": choices.priorities,
            "status": choices.statuses,
            "changed": choices.changes,
        },
        values={name: getattr(chosen, name) for name in FILTERS},
        message=choices.message,
        board_line=text.last_board_line(
            meeting_date,
            None if board is None else board.period_end,
            demo=board is not None and board.is_demo,
        ),
    )
