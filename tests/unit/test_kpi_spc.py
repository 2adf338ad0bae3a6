"""Each KPI's variation and assurance from its values: the latest point read as
Making Data Count reads it, a KPI reported too few times said so, and the target."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.metrics import spc
from dashboard.metrics.kpi_spc import kpi_variation
from domain.dates import add_months, month_end

MONTHS = [month_end(add_months(date(2023, 1, 1), i)) for i in range(20)]
STEADY = [100, 104, 96, 101, 99, 103, 97, 100, 102, 98, 101, 99, 100, 103, 97, 100]


def values(kpi_id: str, numbers: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"kpi_id": kpi_id, "period_end": MONTHS[: len(numbers)], "value": numbers}
    )


def test_each_kpi_gets_its_variation_and_assurance() -> None:
    frames = pd.concat(
        [
            # A jump in the latest month: 140 is above the upper limit.
            values("asb", [*STEADY, 140]),
            values("visits", [*STEADY, 100]),
            values("quarterly", STEADY[:12]),
        ]
    )
    definitions = pd.DataFrame(
        {
            "kpi_id": ["asb", "visits", "quarterly", "none"],
            "direction": [
                "lower_is_better",
                "higher_is_better",
                "lower_is_better",
                "higher_is_better",
            ],
            "target": [90.0, 120.0, None, 5.0],
            "value_kind": ["count", "count", "percentage", "count"],
        }
    )
    table = kpi_variation(frames, definitions).set_index("kpi_id")
    assert table.loc["asb", "variation"] == spc.CONCERNING
    assert table.loc["asb", "variation_icon"] == "H!"
    assert table.loc["visits", "variation"] == spc.COMMON
    # Limits about 100 +/- 9.6: a target of 120 (higher is better) is never met.
    assert table.loc["visits", "assurance"] == spc.FAILS
    assert table.loc["visits", "assurance_label"] == "Will consistently fail the target"
    assert table.loc["quarterly", "variation_label"] == "Too few points"
    assert table.loc["none", "variation"] == spc.TOO_FEW_POINTS
    # Sorting by the order puts the concerning KPI first.
    assert table.sort_values("variation_order").index[0] == "asb"
