"""The KPI page's filters: the choices offered, and the URL query checked against
them with a plain-English message for any value that is not one of them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.metrics.kpi_table import AGENCIES, SECTORS
from dashboard.urlstate import pick, query_string
from domain.echo import echoed

# Free text is cut to these lengths before it is used or cached: a search is a few
# words and a KPI id a short code, never a page of text.
MAX_SEARCH_CHARS = 100
MAX_ID_CHARS = 80

DEFAULTS = {
    "agency": "all",
    "sector": "all",
    "priority": "all",
    "status": "all",
    "changed": "all",
    "q": "",
    "kpi": "",
}
STATUS_CHOICES = {
    "red": "■ R Red: off track",
    "amber": "▲ A Amber: at risk",
    "green": "● G Green: on track",
    "not_rated": "○ N Not rated",
    "overdue": "Data overdue",
}
PLAN_LABELS = {"pcp": "PCP", "spp": "SPP", "pes": "PES"}

Options = list[dict[str, str]]


@dataclass(frozen=True)
class KpiFilters:
    """The table's filters and the KPI chosen for the detail ('all' passes all)."""

    agency: str = "all"
    sector: str = "all"
    priority: str = "all"
    status: str = "all"
    search: str = ""
    kpi: str = ""
    changed: str = "all"  # 'yes': only KPIs whose status changed since the last board

    @classmethod
    def of(
        cls,
        agency: str | None,
        sector: str | None,
        priority: str | None,
        status: str | None,
        search: str | None,
        kpi: str | None = "",
        changed: str | None = "all",
    ) -> KpiFilters:
        """Filters from the controls' values, an empty control meaning 'all'."""
        return cls(
            agency=str(agency or "all"),
            sector=str(sector or "all"),
            priority=str(priority or "all"),
            status=str(status or "all"),
            search=str(search or "")[:MAX_SEARCH_CHARS],
            kpi=str(kpi or "")[:MAX_ID_CHARS],
            changed="yes" if changed == "yes" else "all",
        )

    def query_string(self) -> str:
        """'?agency=fire&kpi=...' with every value that is not the default."""
        return query_string(
            {
                "agency": self.agency,
                "sector": self.sector,
                "priority": self.priority,
                "status": self.status,
                "changed": self.changed,
                "q": self.search,
                "kpi": self.kpi,
            },
            DEFAULTS,
        )


# The filters a link sets, by their URL names.
FILTERS = ("agency", "sector", "priority", "status", "changed")


@dataclass(frozen=True)
class KpiChoices:
    """Every filter's options, the checked filters and the message for bad values."""

    agencies: Options
    sectors: Options
    priorities: Options
    statuses: Options
    changes: Options
    filters: KpiFilters
    message: str | None


def agency_options() -> Options:
    """'All agencies' and each owning agency."""
    return [{"label": "All agencies", "value": "all"}] + [
        {"label": label, "value": key} for key, label in AGENCIES.items()
    ]


def sector_options() -> Options:
    """'All', each sector, and city-wide KPIs only."""
    return (
        [{"label": "All sectors and city-wide", "value": "all"}]
        + [{"label": f"{label} sector", "value": key} for key, label in SECTORS.items()]
        + [{"label": "City-wide KPIs only", "value": "city"}]
    )


def status_options() -> Options:
    """'Any status', each status with its shape and letter, and data overdue."""
    return [{"label": "Any status", "value": "all"}] + [
        {"label": label, "value": key} for key, label in STATUS_CHOICES.items()
    ]


def changed_options(meeting_words: str | None) -> Options:
    """'All KPIs' and, when there is an earlier board meeting, only those whose
    status changed since it (``meeting_words``: 'the board of 10 June 2025')."""
    options = [{"label": "All KPIs", "value": "all"}]
    if meeting_words:
        options.append(
            {"label": f"Status changed since {meeting_words}", "value": "yes"}
        )
    return options


def plan_short(kind: str, title: str) -> str:
    """'PCP 2021-24' from a plan's kind and title."""
    found = re.search(r"\d{4}(-\d{2})?", title)
    label = PLAN_LABELS.get(kind, kind.upper())
    return f"{label} {found.group(0)}" if found else label


def priority_options(objectives: pd.DataFrame, plans: pd.DataFrame) -> Options:
    """'All' and every priority or objective some KPI could serve, by plan."""
    short = {
        row.plan_id: plan_short(row.plan_kind, row.title) for row in plans.itertuples()
    }
    options = [{"label": "All priorities and objectives", "value": "all"}]
    for row in objectives.itertuples():
        options.append(
            {
                "label": f"{short.get(row.plan_id, row.plan_id)}: {row.title}",
                "value": row.objective_id,
            }
        )
    return options


def parse_query(
    query: Mapping[str, object] | None,
    *,
    objectives: pd.DataFrame,
    plans: pd.DataFrame,
    kpi_ids: set[str],
    meeting_words: str | None = None,
) -> KpiChoices:
    """The URL's filters checked against the choices: an unknown value becomes 'all'
    and is named in the message."""
    query = {**DEFAULTS, **(query or {})}
    agencies = agency_options()
    sectors = sector_options()
    priorities = priority_options(objectives, plans)
    statuses = status_options()
    changes = changed_options(meeting_words)
    messages = []
    chosen = []
    for key, options, what in (
        ("agency", agencies, "agency"),
        ("sector", sectors, "sector"),
        ("priority", priorities, "priority or objective"),
        ("status", statuses, "status"),
        ("changed", changes, "'changed since' choice"),
    ):
        value, message = pick(
            query[key],  # type: ignore[arg-type]
            [o["value"] for o in options],
            "all",
            what=what,
            label=options[0]["label"].lower(),
        )
        chosen.append(value)
        if message:
            messages.append(message)
    kpi = str(query["kpi"] or "")
    if kpi and kpi not in kpi_ids:
        messages.append(f"There is no KPI called '{echoed(kpi)}'.")
    return KpiChoices(
        agencies=agencies,
        sectors=sectors,
        priorities=priorities,
        statuses=statuses,
        changes=changes,
        filters=KpiFilters.of(*chosen[:4], query["q"], kpi, chosen[4]),  # type: ignore[arg-type]
        message=" ".join(messages) if messages else None,
    )
