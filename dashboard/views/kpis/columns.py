"""The KPI table's columns: the essential ones every viewer sees, the rest behind
the column chooser, and the columns the CSV holds."""

from __future__ import annotations

from dashboard.ui.columns import WRAPPED
from dashboard.ui.export import PROVENANCE_FIELDS, export_only_columns

NUMBER = {
    "function": "params.value == null ? '—' : "
    "Number(params.value).toLocaleString('en-GB', {maximumFractionDigits: 2})"
}
STATUS_CLASSES = {
    "rag-green": "params.data.status === 'green'",
    "rag-amber": "params.data.status === 'amber'",
    "rag-red": "params.data.status === 'red'",
    "rag-none": "params.data.status === 'not_rated'",
}


def _number(field: str, name: str, min_width: int) -> dict:
    return {
        "field": field,
        "headerName": name,
        "minWidth": min_width,
        "flex": 0.6,
        "type": "rightAligned",
        "valueFormatter": NUMBER,
        "filter": "agNumberColumnFilter",
    }


def _ordered(kind: str, name: str, tooltip: str) -> dict:
    """A column shown as its icon and words (``{kind}_text``) that sorts by its
    order (``{kind}_order``: what needs attention first) and filters on its words;
    the CSV takes the words from ``{kind}_label``."""
    return {
        "field": f"{kind}_text",
        "headerName": name,
        "headerTooltip": tooltip,
        "valueGetter": {"function": f"params.data.{kind}_order"},
        "valueFormatter": {"function": f"params.data.{kind}_text"},
        "filterValueGetter": {"function": f"params.data.{kind}_text"},
        "filter": "agTextColumnFilter",
        "minWidth": 150,
        "flex": 1.1,
        **WRAPPED,
    }


# Flexible widths with a floor: the essential columns fill a 1920 px screen
# without a horizontal scroll bar, and wrap rather than cut long text.
ESSENTIAL = [
    {
        "field": "name",
        "headerName": "KPI",
        "minWidth": 260,
        "flex": 2,
        "filter": "agTextColumnFilter",
        **WRAPPED,
    },
    {
        "field": "status_label",
        "headerName": "Status",
        "minWidth": 130,
        "flex": 0.8,
        "cellClassRules": STATUS_CLASSES,
        "filter": "agTextColumnFilter",
    },
    _ordered(
        "variation",
        "Variation",
        "Signal or noise, from a process-behaviour "
        "chart: sorts with concerning signals first",
    ),
    _ordered(
        "assurance",
        "Assurance",
        "Will the process meet its target: sorts with consistently failing first",
    ),
    _number("latest_value", "Latest", 100),
    _number("target", "Target", 100),
    {
        "field": "change_text",
        "headerName": "Change on previous period",
        "minWidth": 170,
        "flex": 1.3,
        **WRAPPED,
    },
    {
        "field": "since_meeting",
        "headerName": "Since the last board",
        "headerTooltip": "Status now against its status at the period the board "
        "was last shown",
        "minWidth": 160,
        "flex": 1.1,
        "cellClassRules": {"kpi-changed": "params.data.changed"},
        **WRAPPED,
    },
    {
        "field": "trend",
        "headerName": "Trend (last 8)",
        "minWidth": 120,
        "flex": 0.7,
        "cellClass": "kpi-spark",
        "sortable": False,
        "filter": False,
    },
    {
        "field": "owner_role",
        "headerName": "Owner",
        "minWidth": 200,
        "flex": 1.6,
        "filter": "agTextColumnFilter",
        **WRAPPED,
    },
]
OPTIONAL = [
    _number("baseline", "Baseline", 100),
    {"field": "unit", "headerName": "Unit", "minWidth": 140, "flex": 1, **WRAPPED},
    {"field": "agency", "headerName": "Agency", "minWidth": 110, "flex": 0.7},
    {"field": "sector", "headerName": "Sector", "minWidth": 110, "flex": 0.7},
    {
        "field": "priorities",
        "headerName": "Priority",
        "minWidth": 220,
        "flex": 1.5,
        **WRAPPED,
    },
    {
        "field": "objectives",
        "headerName": "Police and Crime Plan objective",
        "minWidth": 220,
        "flex": 1.5,
        **WRAPPED,
    },
    {"field": "frequency", "headerName": "Frequency", "minWidth": 120, "flex": 0.7},
    {
        "field": "latest_period",
        "headerName": "Latest period",
        "minWidth": 140,
        "flex": 0.9,
    },
    {"field": "updated", "headerName": "Last updated", "minWidth": 150, "flex": 0.9},
    {
        "field": "freshness",
        "headerName": "Freshness",
        "minWidth": 130,
        "flex": 0.8,
        "cellClassRules": {"kpi-overdue": "params.data.overdue"},
    },
    {
        "field": "direction",
        "headerName": "Direction of good",
        "minWidth": 150,
        "flex": 0.9,
    },
    {"field": "data_kind", "headerName": "Data", "minWidth": 90, "flex": 0.5},
]
OPTIONAL_FIELDS = [column["field"] for column in OPTIONAL]
# The CSV: one column per figure or fact, numbers as numbers, status as letter and
# word, the trend as values, ISO dates, then what every export carries.
EXPORT_ONLY = [
    "kpi_id",
    "status_letter",
    "variation_label",
    "assurance_label",
    "trend_values",
    "status_at_last_board",
    "period_end",
    "updated_on",
]
EXPORT_COLUMNS = [
    "kpi_id",
    "name",
    "status_letter",
    "status",
    "variation_label",
    "assurance_label",
    "latest_value",
    "target",
    "baseline",
    "unit",
    "direction",
    "change_text",
    "status_at_last_board",
    "trend_values",
    "owner_role",
    "agency",
    "sector",
    "priorities",
    "objectives",
    "frequency",
    "latest_period",
    "period_end",
    "updated_on",
    "freshness",
    *PROVENANCE_FIELDS,
]


def column_defs(shown: list[str] | None) -> list[dict]:
    """Every column, the optional ones hidden unless named in ``shown``, then the
    hidden columns only the CSV holds."""
    chosen = set(shown or [])
    optional = [
        column | {"colId": column["field"], "hide": column["field"] not in chosen}
        for column in OPTIONAL
    ]
    essential = [column | {"colId": column["field"]} for column in ESSENTIAL]
    # The status word is exported as "status" (the rows' own status field is the
    # key the cell colours read).
    status_word = {"field": "status_word", "colId": "status", "hide": True}
    return (
        essential
        + optional
        + [status_word]
        + export_only_columns([*EXPORT_ONLY, *PROVENANCE_FIELDS])
    )


def chooser_options() -> list[dict[str, str]]:
    """The column chooser's choices: each optional column by its heading."""
    return [
        {"label": column["headerName"], "value": column["field"]} for column in OPTIONAL
    ]
