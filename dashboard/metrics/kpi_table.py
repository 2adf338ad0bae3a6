"""One row per KPI for the heads of service: latest value, status, change, trend,
freshness and the priorities and objectives it serves. Pure functions."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

import pandas as pd

from dashboard.metrics.kpi import (
    NOT_RATED,
    STATUS_MEANINGS,
    STATUS_ORDER,
    STATUS_WORDS,
    change_between,
    format_value,
    is_overdue,
    next_value_due,
    rag_status,
    rate_scale,
    sparkline,
)
from domain.areas import SECTOR_SHORT_NAMES

AGENCIES = {
    "council": "Council",
    "police": "Police",
    "fire": "Fire",
    "prison": "Prison",
}
SECTORS = SECTOR_SHORT_NAMES
CITY_WIDE = "City-wide"
NO_OWNER_ROLE = "Owner not named"
FREQUENCIES = {"monthly": "Monthly", "quarterly": "Quarterly", "annual": "Annual"}
DIRECTION_WORDS = {
    "lower_is_better": "Lower is better",
    "higher_is_better": "Higher is better",
}
TREND_POINTS = 8

SUMMARY_COLUMNS = [
    "kpi_id",
    "name",
    "description",
    "agency",
    "owner_role",
    "sector",
    "unit",
    "direction",
    "value_kind",
    "latest_value",
    "latest_text",
    "target",
    "target_text",
    "baseline",
    "baseline_text",
    "change_text",
    "status",
    "status_word",
    "status_meaning",
    "status_reason",
    "trend",
    "trend_values",
    "frequency",
    "latest_period",
    "period_end",
    "updated",
    "next_due",
    "overdue",
    "freshness",
    "priority_ids",
    "priorities",
    "objective_ids",
    "objectives",
    "is_demo",
]
STATUS_COLUMNS = [column for column in SUMMARY_COLUMNS if column != "change_text"]


def period_label(start: date, end: date, frequency: str) -> str:
    """'June 2025', 'Apr to Jun 2025' or '2024/25' for a KPI's reporting period."""
    if frequency == "monthly":
        return f"{end:%B %Y}"
    if frequency == "annual":
        return f"{start.year}/{str(end.year)[-2:]}"
    if start.year == end.year:
        return f"{start:%b} to {end:%b %Y}"
    return f"{start:%b %Y} to {end:%b %Y}"


def assessment_date(
    *, is_demo: bool, latest_update: datetime | date | None, today: date
) -> date:
    """The date freshness is judged at: today for real data; for demo data (whose
    clock stopped when it was generated) the date of its latest return."""
    if not is_demo or latest_update is None or pd.isna(latest_update):
        return today
    if isinstance(latest_update, datetime):
        return latest_update.date()
    return latest_update


def _titles(ids: list[str], titles: dict[str, str]) -> str:
    return "; ".join(titles.get(item, item) for item in ids)


class _Reading(NamedTuple):
    period_start: date
    period_end: date
    value: float
    numerator: float
    denominator: float
    updated_at: pd.Timestamp


def _readings_by_kpi(values: pd.DataFrame) -> dict[str, list[_Reading]]:
    """Each KPI's values, oldest first, as plain tuples: a loop over Python objects
    is many times faster than slicing a DataFrame per KPI."""
    columns = [values[name].tolist() for name in _Reading._fields]
    by_kpi: dict[str, list[_Reading]] = {}
    for kpi_id, *fields in zip(values.kpi_id.tolist(), *columns, strict=True):
        by_kpi.setdefault(kpi_id, []).append(_Reading(*fields))
    for readings in by_kpi.values():
        readings.sort(key=lambda reading: reading.period_end)
    return by_kpi


def kpi_statuses(
    kpis: pd.DataFrame,
    values: pd.DataFrame,
    kpi_links: pd.DataFrame,
    objectives: pd.DataFrame,
    *,
    as_of: date,
) -> pd.DataFrame:
    """STATUS_COLUMNS (the summary without the change from the previous value),
    one row per KPI, worst status first. The change takes an exact test per KPI
    and only the KPI table shows it, so ``change_texts`` makes it apart.

    ``kpis``/``values``/``kpi_links`` as data_access.queries.kpis returns them;
    ``objectives``: objective_id, plan_id, title (every plan's objectives).
    """
    titles = dict(zip(objectives.objective_id, objectives.title, strict=True))
    plan_of = dict(zip(objectives.objective_id, objectives.plan_id, strict=True))
    by_kpi = _readings_by_kpi(values)
    links: dict[str, list[str]] = {}
    for kpi_id, objective_id in zip(
        kpi_links.kpi_id.tolist(), kpi_links.objective_id.tolist(), strict=True
    ):
        links.setdefault(kpi_id, []).append(objective_id)
    records = []
    names = list(kpis.columns)
    for row in zip(*(kpis[name].tolist() for name in names), strict=True):
        kpi = dict(zip(names, row, strict=True))
        series = by_kpi.get(kpi["kpi_id"])
        latest = series[-1] if series else None
        target = None if pd.isna(kpi["target"]) else float(kpi["target"])
        baseline = None if pd.isna(kpi["baseline"]) else float(kpi["baseline"])
        rag = rag_status(
            None if latest is None else float(latest.value),
            target,
            direction=kpi["direction"],
            tolerance=float(kpi["tolerance"]),
            value_kind=kpi["value_kind"],
            numerator=None if latest is None else latest.numerator,
            denominator=None if latest is None else latest.denominator,
            scale=rate_scale(kpi["unit"], kpi["value_kind"]),
        )
        frequency = kpi["frequency"]
        period_end = None if latest is None else latest.period_end
        overdue = is_overdue(period_end, frequency, as_of)
        linked = links.get(kpi["kpi_id"], [])
        priority_ids = [o for o in linked if plan_of.get(o, "")[:3] in ("pes", "spp")]
        objective_ids = [o for o in linked if plan_of.get(o, "")[:3] == "pcp"]
        due = None if period_end is None else next_value_due(period_end, frequency)
        sector_code = kpi["sector_code"]
        records.append(
            {
                "kpi_id": kpi["kpi_id"],
                "name": kpi["name"],
                "description": kpi["description"],
                "agency": AGENCIES.get(kpi["owner_agency"], kpi["owner_agency"]),
                "owner_role": kpi.get("owner_role") or NO_OWNER_ROLE,
                "sector": SECTORS.get(sector_code, CITY_WIDE)
                if isinstance(sector_code, str)
                else CITY_WIDE,
                "unit": kpi["unit"],
                "direction": DIRECTION_WORDS.get(kpi["direction"], kpi["direction"]),
                "value_kind": kpi["value_kind"],
                "latest_value": None if latest is None else float(latest.value),
                "latest_text": "—" if latest is None else format_value(latest.value),
                "target": target,
                "target_text": format_value(target),
                "baseline": baseline,
                "baseline_text": format_value(baseline),
                "status": rag.status,
                "status_word": STATUS_WORDS[rag.status],
                "status_meaning": STATUS_MEANINGS[rag.status],
                "status_reason": rag.reason,
                "trend": ""
                if series is None
                else sparkline([item.value for item in series[-TREND_POINTS:]]),
                "trend_values": []
                if series is None
                else [float(item.value) for item in series[-TREND_POINTS:]],
                "frequency": FREQUENCIES.get(frequency, frequency),
                "latest_period": "No value yet"
                if latest is None
                else period_label(latest.period_start, latest.period_end, frequency),
                "period_end": period_end,
                "updated": None
                if latest is None
                else pd.Timestamp(latest.updated_at).date(),
                "next_due": due,
                "overdue": overdue,
                "freshness": "Data overdue" if overdue else "Up to date",
                "priority_ids": priority_ids,
                "priorities": _titles(priority_ids, titles),
                "objective_ids": objective_ids,
                "objectives": _titles(objective_ids, titles),
                "is_demo": bool(kpi["is_demo"]),
            }
        )
    records.sort(
        key=lambda record: (
            STATUS_ORDER.get(record["status"], STATUS_ORDER[NOT_RATED]),
            record["name"],
        )
    )
    if not records:
        return pd.DataFrame(records, columns=STATUS_COLUMNS)
    # Sorted as records and built column by column: a third of the time of a
    # DataFrame built from records and sorted with sort_values.
    return pd.DataFrame(
        {name: [record[name] for record in records] for name in STATUS_COLUMNS}
    )


def change_texts(kpis: pd.DataFrame, values: pd.DataFrame) -> dict[str, str]:
    """Each KPI's change from its previous value in words, with the exact test of
    whether it is more than chance (see ``change_between``), by kpi_id."""
    by_kpi = _readings_by_kpi(values)
    texts = {}
    for kpi_id, direction, value_kind in zip(
        kpis.kpi_id.tolist(),
        kpis.direction.tolist(),
        kpis.value_kind.tolist(),
        strict=True,
    ):
        series = by_kpi.get(kpi_id) or []
        latest = series[-1] if series else None
        previous = series[-2] if len(series) > 1 else None
        texts[kpi_id] = change_between(
            None if latest is None else float(latest.value),
            None if previous is None else float(previous.value),
            direction=direction,
            value_kind=value_kind,
            numerators=(
                None if latest is None else latest.numerator,
                None if previous is None else previous.numerator,
            ),
            denominators=(
                None if latest is None else latest.denominator,
                None if previous is None else previous.denominator,
            ),
        ).text
    return texts


def with_change_text(statuses: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """SUMMARY_COLUMNS: ``kpi_statuses`` with the ``change_texts`` put in."""
    change = statuses.kpi_id.map(texts)
    if statuses.empty:  # an empty map is float64; keep an empty table's columns object
        change = change.astype(object)
    return statuses.assign(change_text=change)[SUMMARY_COLUMNS]


def kpi_summary(
    kpis: pd.DataFrame,
    values: pd.DataFrame,
    kpi_links: pd.DataFrame,
    objectives: pd.DataFrame,
    *,
    as_of: date,
) -> pd.DataFrame:
    """SUMMARY_COLUMNS, one row per KPI, worst status first (arguments as for
    ``kpi_statuses``)."""
    statuses = kpi_statuses(kpis, values, kpi_links, objectives, as_of=as_of)
    return with_change_text(statuses, change_texts(kpis, values))


def status_of_kpis(summary: pd.DataFrame) -> pd.DataFrame:
    """Columns kpi_id, status: the input the alignment matrix needs."""
    return summary[["kpi_id", "status"]].copy()


def status_tally(summary: pd.DataFrame) -> dict[str, int]:
    """How many KPIs are green, amber, red and not rated, and how many overdue."""
    counts = summary.status.value_counts().to_dict()
    return {
        "green": int(counts.get("green", 0)),
        "amber": int(counts.get("amber", 0)),
        "red": int(counts.get("red", 0)),
        "not_rated": int(counts.get("not_rated", 0)),
        "overdue": int(summary.overdue.sum()),
        "total": len(summary),
    }
