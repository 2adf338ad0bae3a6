"""The KPI table's columns: the essential ones every viewer sees, the rest behind
the column chooser, and the columns the CSV holds."""

from __future__ import annotations

from dashboard.ui.export import PROVENANCE_FIELDS
from dashboard.ui.html_table import Column

# Attention first: off track, at risk, on track, not rated.
STATUS_ORDER = {"red": 0, "amber": 1, "green": 2, "not_rated": 3}
# The status's colour, beside its symbol, letter and word (never instead of them).
STATUS_CLASSES = {
    "green": "rag-green",
    "amber": "rag-amber",
    "red": "rag-red",
    "not_rated": "rag-none",
}


def _number(field: str, name: str) -> Column:
    return Column(field, name, number=True, min_width=90)


def _ordered(kind: str, name: str, tooltip: str) -> Column:
    """A column shown as its icon and words (``{kind}_text``) that sorts by its
    order (``{kind}_order``: what needs attention first); the CSV takes the words
    from ``{kind}_label``."""
    return Column(
        f"{kind}_text",
        name,
        sort_key=lambda row: row.get(f"{kind}_order"),
        tooltip=tooltip,
        min_width=150,
    )


# The essential columns fill a 1920 px screen without a horizontal scroll bar,
# and wrap rather than cut long text.
ESSENTIAL = [
    Column("name", "KPI", min_width=240),
    Column(
        "status_label",
        "Status",
        sort_key=lambda row: STATUS_ORDER.get(str(row.get("status")), 9),
        css=lambda row: STATUS_CLASSES.get(str(row.get("status")), ""),
        min_width=120,
    ),
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
    _number("latest_value", "Latest"),
    _number("target", "Target"),
    Column("change_text", "Change on previous period", min_width=150),
    Column(
        "since_meeting",
        "Since the last board",
        tooltip="Status now against its status at the period the board was last shown",
        css=lambda row: "kpi-changed" if row.get("changed") else "",
        min_width=140,
    ),
    Column(
        "trend",
        "Trend (last 8)",
        sortable=False,
        css=lambda row: "kpi-spark",
        min_width=110,
    ),
    Column("owner_role", "Owner", min_width=180),
]
OPTIONAL = [
    _number("baseline", "Baseline"),
    Column("unit", "Unit", min_width=120),
    Column("agency", "Agency"),
    Column("sector", "Sector"),
    Column("priorities", "Priority", min_width=200),
    Column("objectives", "Police and Crime Plan objective", min_width=200),
    Column("frequency", "Frequency"),
    Column(
        "latest_period", "Latest period", sort_key=lambda row: row.get("period_end")
    ),
    Column("updated", "Last updated", sort_key=lambda row: row.get("updated_on")),
    Column(
        "freshness",
        "Freshness",
        css=lambda row: "kpi-overdue" if row.get("overdue") else "",
    ),
    Column("direction", "Direction of good"),
    Column("data_kind", "Data"),
]
# The CSV: one column per figure or fact, numbers as numbers, status as letter and
# word, the trend as values, ISO dates, then what every export carries.
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


# The CSV's "status" is the status word (the rows' own status field is the key
# the table's colours read).
EXPORT_FIELDS = {"status": "status_word"}


def table_columns(shown: list[str] | None) -> list[Column]:
    """The essential columns, then the optional ones named in ``shown``, in the
    chooser's order."""
    chosen = set(shown or [])
    return ESSENTIAL + [column for column in OPTIONAL if column.field in chosen]


def chooser_options() -> list[dict[str, str]]:
    """The column chooser's choices: each optional column by its heading."""
    return [{"label": column.header, "value": column.field} for column in OPTIONAL]
