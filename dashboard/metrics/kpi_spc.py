"""Every KPI as a process-behaviour chart: its variation and, against its target,
its assurance (``dashboard.metrics.spc`` holds the method).

A KPI is charted with an XmR chart over all its reported periods (a count's lower
limit floored at 0). Its variation is read at its latest period, as Making Data
Count's icons are; a KPI reported fewer times than the method needs says so.
"""

from __future__ import annotations

import pandas as pd

from dashboard.metrics import spc

VARIATION_COLUMNS = [
    "kpi_id",
    "variation",
    "variation_label",
    "variation_icon",
    "variation_order",
    "assurance",
    "assurance_label",
    "assurance_icon",
    "assurance_order",
]


def kpi_chart(values: pd.DataFrame, *, value_kind: str) -> spc.SpcResult:
    """The XmR chart of one KPI's values (columns period_end, value), oldest first;
    periods without a value are left out (the chart joins what was reported)."""
    reported = values.dropna(subset=["value"]).sort_values("period_end")
    return spc.xmr(
        reported.value.to_numpy(dtype=float),
        list(reported.period_end),
        counts=value_kind == "count",
    )


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def kpi_variation(values: pd.DataFrame, definitions: pd.DataFrame) -> pd.DataFrame:
    """One row per KPI in ``definitions`` (kpi_id, direction, target, value_kind):
    VARIATION_COLUMNS, from its values (kpi_id, period_end, value)."""
    by_kpi = dict(tuple(values.groupby("kpi_id", sort=False)))
    rows = []
    for kpi in definitions.itertuples():
        series = by_kpi.get(kpi.kpi_id, values.iloc[0:0])
        result = kpi_chart(series, value_kind=str(kpi.value_kind))
        direction = kpi.direction if kpi.direction in spc.DIRECTIONS else None
        shown = spc.variation(result, direction)
        sure = spc.assurance(result, _number(kpi.target), direction)
        rows.append(
            [
                kpi.kpi_id,
                shown.key,
                shown.label,
                shown.icon,
                shown.order,
                sure.key,
                sure.label,
                sure.icon,
                sure.order,
            ]
        )
    return pd.DataFrame(rows, columns=VARIATION_COLUMNS)
