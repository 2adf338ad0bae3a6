"""The KPI summary: statuses, the change text added to them, and the grid's rows."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.metrics.kpi_table import (
    STATUS_COLUMNS,
    SUMMARY_COLUMNS,
    change_texts,
    kpi_statuses,
    kpi_summary,
    with_change_text,
)
from dashboard.views.kpis.data import GRID_COLUMNS, grid_rows
from data_access.queries.kpis import KPI_COLUMNS, VALUE_COLUMNS

AS_OF = date(2025, 8, 15)


def kpi(kpi_id: str, name: str, **fields: object) -> dict:
    return {
        "kpi_id": kpi_id,
        "name": name,
        "description": f"About {name}.",
        "owner_agency": "council",
        "owner_role": "PES enforcement team leader",
        "sector_code": None,
        "unit": "incidents",
        "direction": "lower_is_better",
        "target": 100.0,
        "baseline": float("nan"),
        "tolerance": 0.05,
        "frequency": "monthly",
        "value_kind": "count",
        "is_demo": False,
        "dataset_id": "kpis",
        **fields,
    }


KPIS = pd.DataFrame(
    [
        kpi("fires", "Deliberate fires", owner_agency="fire", sector_code="PES-EAST"),
        kpi(
            "cleared",
            "Fly-tips cleared in 2 days",
            unit="% of incidents",
            direction="higher_is_better",
            target=90.0,
            baseline=82.0,
            value_kind="percentage",
        ),
        kpi("visits", "Safer schools visits", target=float("nan"), owner_role=""),
        kpi("new", "A KPI with no values yet", frequency="quarterly"),
    ],
    columns=KPI_COLUMNS,
)


def value(kpi_id: str, month: int, amount: float, *counts: float) -> dict:
    numerator, denominator = counts if counts else (float("nan"), float("nan"))
    return {
        "kpi_id": kpi_id,
        "period_start": date(2025, month, 1),
        "period_end": (pd.Timestamp(2025, month, 1) + pd.offsets.MonthEnd()).date(),
        "value": amount,
        "numerator": numerator,
        "denominator": denominator,
        "updated_at": pd.Timestamp(2025, month + 1, 5, tz="UTC"),
        "note": "",
    }


VALUES = pd.DataFrame(
    [
        value("fires", 5, 98.0),
        value("fires", 6, 120.0),
        value("fires", 7, 130.0),
        value("cleared", 6, 87.4, 412, 471),
        value("cleared", 7, 91.2, 437, 479),
        value("visits", 7, 12.0),
    ],
    columns=VALUE_COLUMNS,
)
LINKS = pd.DataFrame(
    {"kpi_id": ["fires", "fires"], "objective_id": ["pes-asb", "pcp-communities"]}
)
OBJECTIVES = pd.DataFrame(
    {
        "objective_id": ["pes-asb", "pcp-communities"],
        "plan_id": ["pes-2016", "pcp-2021"],
        "title": ["Anti-social behaviour", "Putting Communities First"],
    }
)


def test_summary_is_the_statuses_with_the_change_text_put_in() -> None:
    statuses = kpi_statuses(KPIS, VALUES, LINKS, OBJECTIVES, as_of=AS_OF)
    summary = kpi_summary(KPIS, VALUES, LINKS, OBJECTIVES, as_of=AS_OF)
    assert list(statuses.columns) == STATUS_COLUMNS
    assert list(summary.columns) == SUMMARY_COLUMNS
    texts = change_texts(KPIS, VALUES)
    pd.testing.assert_frame_equal(summary, with_change_text(statuses, texts))
    assert texts == {
        "fires": "Up 10 (worse)",
        "cleared": "Up 3.8 pts (better), not significant",
        "visits": "No earlier value",
        "new": "No earlier value",
    }
    # Worst status first, then by name.
    assert list(summary.kpi_id) == ["fires", "cleared", "new", "visits"]
    fires = summary.iloc[0]
    assert (fires.status, fires.sector, fires.agency) == ("red", "Eastern", "Fire")
    assert fires.trend == "▁▆█"
    assert fires.priorities == "Anti-social behaviour"
    assert fires.objectives == "Putting Communities First"
    assert fires.latest_period == "July 2025"
    assert fires.owner_role == "PES enforcement team leader"
    assert summary.set_index("kpi_id").owner_role["visits"] == "Owner not named"
    assert fires.updated == date(2025, 8, 5)
    new = summary.set_index("kpi_id").loc["new"]
    assert (new.status, new.latest_period, new.trend) == (
        "not_rated",
        "No value yet",
        "",
    )
    assert bool(new.overdue)


def test_values_in_any_order_give_the_same_summary() -> None:
    shuffled = VALUES.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(
        kpi_summary(KPIS, shuffled, LINKS, OBJECTIVES, as_of=AS_OF),
        kpi_summary(KPIS, VALUES, LINKS, OBJECTIVES, as_of=AS_OF),
    )


def test_no_kpis_give_an_empty_summary_with_every_column() -> None:
    summary = kpi_summary(
        KPIS.iloc[0:0], VALUES.iloc[0:0], LINKS, OBJECTIVES, as_of=AS_OF
    )
    assert summary.empty and list(summary.columns) == SUMMARY_COLUMNS
    assert all(dtype == "object" for dtype in summary.dtypes)
    assert grid_rows(summary) == []


def test_grid_rows_are_plain_values_with_nulls_for_missing_ones() -> None:
    rows = grid_rows(kpi_summary(KPIS, VALUES, LINKS, OBJECTIVES, as_of=AS_OF))
    provenance = ["measure", "period", "source", "data_status"]
    assert [list(row) for row in rows] == [GRID_COLUMNS + provenance] * len(KPIS)
    by_id = {row["kpi_id"]: row for row in rows}
    assert by_id["fires"]["status_label"] == "■ R Red"
    assert by_id["fires"]["updated"] == "5 August 2025"
    assert by_id["fires"]["data_kind"] == "Real"
    assert by_id["fires"]["data_status"] == "real"
    assert by_id["fires"]["baseline"] is None  # NaN in the table
    assert by_id["visits"]["target"] is None
    assert by_id["new"]["latest_value"] is None
    assert by_id["new"]["updated"] == "unknown"
    assert by_id["new"]["updated_on"] is None and by_id["new"]["trend_values"] == ""
    assert by_id["cleared"]["latest_value"] == 91.2
    assert by_id["cleared"]["overdue"] is False
