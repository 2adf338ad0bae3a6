"""The outcomes page's data: memoised reads, then one pure ``compute`` that turns
the frames and the state into everything the page shows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.figures.justice import (
    count_bar_figure,
    group_bar_figure,
    month_stack_figure,
    share_stack_figure,
)
from dashboard.freshness import format_day
from dashboard.memo import memoised
from dashboard.metrics.justice import (
    group_counts,
    latest_outcomes,
    merge_small,
    suppress_small,
)
from dashboard.ui.export import exported
from dashboard.views.justice import text
from dashboard.views.justice.state import (
    BREAKDOWNS,
    CITY,
    CITY_LABEL,
    NOT_KNOWN,
    TYPE_SLUGS,
    JusticeState,
)
from data_access.queries import justice as queries
from data_access.queries import local, meta
from domain.dates import month_end
from domain.police_outcomes import NOT_RECORDED, SMALL_CELL

NOT_KNOWN_TYPE = "Not known"
SECTIONS = text.SECTION_TITLES


@dataclass(frozen=True)
class Frames:
    """What the page reads: outcome rows, searches, wards and the datasets."""

    outcomes: pd.DataFrame
    searches: pd.DataFrame
    wards: pd.DataFrame  # ward_code, ward_name, sector_code, sector_name
    datasets: pd.DataFrame  # meta.datasets rows of the two kinds


@dataclass(frozen=True)
class Section:
    """One chart: summary sentence, figure, source line and its data table."""

    key: str
    title: str
    summary: str
    figure: dict
    source: str
    rows: list[dict[str, Any]]
    columns: list[dict[str, Any]]
    csv: dict[str, Any] = field(default_factory=dict)  # the grid's csvExportParams


def with_export(
    section: Section, *, scope: str, period: str, last: date, is_demo: bool
) -> Section:
    """The section with what its CSV needs (``dashboard.ui.export``): each row's
    measure, period, source and data_status, and a file named after the chart and
    the end of the latest month shown."""
    table = exported(
        section.rows,
        section.columns,
        view=f"outcomes-{section.key}",
        period_end=month_end(last),
        measure=f"{section.title}: {scope}",
        period=period,
        source=section.source,
        is_demo=is_demo,
    )
    return replace(section, rows=table.rows, columns=table.columns, csv=table.csv)


@dataclass(frozen=True)
class JusticeView:
    """Everything the page shows for one state."""

    state: JusticeState
    messages: tuple[str, ...]
    headline: str
    as_at: str
    sections: dict[str, Section]
    months: list[dict[str, str]]
    areas: list[dict[str, str]]
    extra: dict[str, Any] = field(default_factory=dict)


@memoised
def load_frames(engine: Engine) -> Frames:
    """Every outcome row, search, ward and the two kinds' datasets (kept per data
    version)."""
    datasets = meta.datasets(engine)
    kinds = datasets[
        datasets.dataset_id.str.startswith(("police_uk_outcomes", "police_uk_stop"))
    ]
    return Frames(
        queries.outcome_rows(engine),
        queries.stop_search_rows(engine),
        local.ward_sectors(engine)[
            ["ward_code", "ward_name", "sector_code", "sector_name"]
        ],
        kinds.reset_index(drop=True),
    )


def _month(value: str) -> date:
    return date(int(value[:4]), int(value[5:]), 1)


def area_options(wards: pd.DataFrame) -> list[dict[str, str]]:
    """Peterborough, its sectors, then its wards by name."""
    sectors = wards.drop_duplicates("sector_code").sort_values("sector_name")
    return (
        [{"label": CITY_LABEL, "value": CITY}]
        + [
            {
                "label": row.sector_name
                if row.sector_name.lower().endswith("sector")
                else f"{row.sector_name} sector",
                "value": row.sector_code,
            }
            for row in sectors.itertuples()
        ]
        + [
            {"label": f"{row.ward_name} ward", "value": row.ward_code}
            for row in wards.sort_values("ward_name").itertuples()
        ]
    )


def _place(state: JusticeState, areas: list[dict[str, str]]) -> str:
    for option in areas:
        if option["value"] == state.area:
            return (
                "Peterborough"
                if state.area == CITY
                else option["label"].removesuffix(" ward")
            )
    return "Peterborough"


def _in_area(frame: pd.DataFrame, area: str) -> pd.DataFrame:
    if area == CITY:
        return frame
    column = "sector_code" if area.startswith("PES-") else "ward_code"
    return frame[frame[column] == area]


def _grid(frame: pd.DataFrame, names: dict[str, str]) -> tuple[list, list]:
    columns = [{"field": key, "headerName": label} for key, label in names.items()]
    return frame[list(names)].to_dict("records"), columns


def _share_rows(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(share_percent=(100 * table.share).round(1))


def compute(frames: Frames, state: JusticeState) -> JusticeView:
    """The page for one state (pure: frames in, view out)."""
    messages = list(state.messages)
    loaded = sorted(set(frames.outcomes.month) | set(frames.searches.month))
    areas = area_options(frames.wards)
    month_options = [
        {"label": text.month_label(m), "value": f"{m:%Y-%m}"} for m in loaded
    ]
    if not loaded:
        return JusticeView(
            state,
            tuple(messages),
            "No police.uk outcomes or stop and search have been loaded. Load them "
            "with: python -m data_access.load police-outcomes PATH (and stop-search).",
            "",
            {},
            month_options,
            areas,
        )
    known = {option["value"] for option in month_options}
    first_text, last_text = state.first, state.last
    for value in (first_text, last_text):
        if value and value not in known:
            messages.append(
                f"No data is loaded for {value!r}; showing every month loaded instead."
            )
    if (first_text and first_text not in known) or (
        last_text and last_text not in known
    ):
        first_text = last_text = ""
    first = _month(first_text) if first_text else loaded[0]
    last = _month(last_text) if last_text else loaded[-1]
    if state.area not in {option["value"] for option in areas}:
        messages.append(
            f"There is no area {state.area!r} loaded; showing the whole of "
            "Peterborough instead."
        )
        state = replace(state, area=CITY)
    state = replace(
        state,
        first=first_text if first_text else "",
        last=last_text if last_text else "",
    )
    place = _place(state, areas)
    period = text.range_label(first, last)
    ward_names = dict(zip(frames.wards.ward_code, frames.wards.ward_name, strict=True))
    outcome_source = text.source_line(
        frames.datasets[frames.datasets.dataset_id.str.startswith("police_uk_out")],
        "outcomes",
    )
    search_source = text.source_line(
        frames.datasets[frames.datasets.dataset_id.str.startswith("police_uk_stop")],
        "stop and search",
    )

    # ---- outcomes: each crime's latest outcome
    latest = latest_outcomes(_in_area(frames.outcomes, state.area), first, last)
    latest = latest.assign(
        crime_type=latest.crime_type.fillna(NOT_KNOWN_TYPE),
        ward_name=latest.ward_code.map(ward_names).fillna(latest.ward_code),
        month_label=[text.month_label(m) for m in latest.month],
    )
    type_name = "all crime types"
    if state.crime_type == NOT_KNOWN:
        latest = latest[latest.crime_type == NOT_KNOWN_TYPE]
        type_name = "crimes of type not known"
    elif state.crime_type in TYPE_SLUGS:
        type_name = TYPE_SLUGS[state.crime_type]
        latest = latest[latest.crime_type == type_name]
    scope = f"{place} ({type_name.lower() if type_name != 'all crime types' else type_name})"
    sections: dict[str, Section] = {}

    groups = group_counts(latest)
    rows, columns = _grid(
        _share_rows(groups),
        {
            "outcome_group": "Outcome group",
            "crimes": "Crimes",
            "share_percent": "Share (%)",
        },
    )
    sections["groups"] = Section(
        "groups",
        SECTIONS["groups"],
        text.groups_summary(groups, scope, period),
        group_bar_figure(groups),
        outcome_source,
        rows,
        columns,
    )
    for key, by, what, order in (
        (
            "types",
            "crime_type",
            "crime type",
            sorted(set(latest.crime_type) - {NOT_KNOWN_TYPE}) + [NOT_KNOWN_TYPE],
        ),
        ("wards", "ward_name", "ward", sorted(set(latest.ward_name))),
    ):
        table = group_counts(latest, by=by)
        rows, columns = _grid(
            _share_rows(table),
            {
                by: what.capitalize(),
                "outcome_group": "Outcome group",
                "crimes": "Crimes",
                "share_percent": f"Share of the {what}'s crimes (%)",
            },
        )
        sections[key] = Section(
            key,
            SECTIONS[key],
            text.stack_summary(table, by, what),
            share_stack_figure(table, by, order),
            outcome_source,
            rows,
            columns,
        )
    by_month = group_counts(latest, by="month")
    if not by_month.empty:
        by_month = by_month.assign(
            month_label=[text.month_label(m) for m in by_month.month]
        )
    else:
        by_month = by_month.assign(month_label=[])
    rows, columns = _grid(
        by_month,
        {
            "month_label": "Month recorded",
            "outcome_group": "Outcome group",
            "crimes": "Crimes",
        },
    )
    sections["months"] = Section(
        "months",
        SECTIONS["months"],
        text.month_summary(by_month),
        month_stack_figure(by_month),
        outcome_source,
        rows,
        columns,
    )

    # ---- stop and search: counts only, small cells merged or suppressed
    searches = _in_area(frames.searches, state.area)
    searches = searches[(searches.month >= first) & (searches.month <= last)]
    months = [m for m in loaded if first <= m <= last]
    per_month = searches.groupby("month").size().reindex(months, fill_value=0)
    shown = suppress_small(per_month)
    labels = [text.month_label(m) for m in months]
    month_rows = [
        {"month": label, "searches": "not shown" if pd.isna(v) else int(v)}
        for label, v in zip(labels, shown, strict=True)
    ]
    sections["search-months"] = Section(
        "search-months",
        SECTIONS["search-months"],
        text.search_month_summary(
            len(searches), place, period, int(shown.isna().sum())
        ),
        count_bar_figure(
            labels, shown.tolist(), axis_title="Searches", horizontal=False
        ),
        search_source,
        month_rows,
        [
            {"field": "month", "headerName": "Month"},
            {"field": "searches", "headerName": "Searches"},
        ],
    )
    column, label = BREAKDOWNS[state.breakdown]
    counts = merge_small(
        searches[column].fillna(NOT_RECORDED).replace("", NOT_RECORDED).value_counts()
    )
    total = int(counts.sum())
    breakdown_rows = [
        {
            "category": name,
            "searches": int(value),
            "share_percent": round(100 * value / total, 1),
        }
        for name, value in counts.items()
    ]
    sections["search-breakdown"] = Section(
        "search-breakdown",
        f"Stop and search by {label.lower()}",
        text.breakdown_summary(counts, label, total),
        count_bar_figure(
            list(counts.index), counts.tolist(), axis_title="Searches", horizontal=True
        ),
        search_source,
        breakdown_rows,
        [
            {"field": "category", "headerName": label},
            {"field": "searches", "headerName": "Searches"},
            {"field": "share_percent", "headerName": "Share (%)"},
        ],
    )
    loaded = frames.datasets
    demo = (
        dict(zip(loaded.dataset_id, loaded.is_demo, strict=True))
        if "is_demo" in loaded
        else {}
    )
    for key, section in sections.items():
        prefix = "police_uk_stop" if key.startswith("search") else "police_uk_out"
        sections[key] = with_export(
            section,
            scope=scope if prefix == "police_uk_out" else place,
            period=period,
            last=last,
            is_demo=any(v for k, v in demo.items() if str(k).startswith(prefix)),
        )
    searched = len(searches)
    headline = (
        f"{len(latest):,} crimes with an outcome and "
        + (
            f"{searched:,}"
            if searched == 0 or searched >= SMALL_CELL
            else "fewer than 5"
        )
        + f" stops and searches in {place}, {period}."
    )
    return JusticeView(
        state,
        tuple(messages),
        headline,
        f"Data as at {format_day(month_end(last))} (the end of the latest month "
        "shown).",
        sections,
        month_options,
        areas,
        {"charged": groups, "place": place, "period": period},
    )


@memoised
def read_view(engine: Engine, state: JusticeState) -> JusticeView:
    """The page's view for a state, kept per data version."""
    return compute(load_frames(engine), state)


def warm(engine: Engine) -> None:
    """Prepare the page's opening view."""
    read_view(engine, JusticeState())
