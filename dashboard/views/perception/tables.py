"""The perception page's data tables as rows (lists of dicts), ready for a grid."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.metrics.perception import merge_on_area
from dashboard.views.perception.data import View

TREND_SURVEY_COLUMNS = [
    "series",
    "area_name",
    "wave",
    "wave_label",
    "base_size",
    "estimate",
    "lower",
    "upper",
    "reason",
]
TREND_RECORDED_COLUMNS = [
    "series",
    "area_name",
    "quarter_label",
    "incidents",
    "population",
    "rate",
    "rate_lower",
    "rate_upper",
]
RECORDED_COLUMNS = [
    "area_code",
    "incidents",
    "population",
    "rate",
    "rate_lower",
    "rate_upper",
]


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, built column by column: the same values,
    several times quicker on these small, wide frames. Columns of other than numpy
    or text types (nullable numbers, say) go through pandas."""
    names = list(frame.columns)
    if not frame.columns.is_unique or not all(
        isinstance(dtype, np.dtype | pd.StringDtype) for dtype in frame.dtypes
    ):
        return frame.to_dict("records")
    columns = []
    for name in names:
        values = frame[name].tolist()
        if frame[name].dtype == object:  # as pandas gives numpy numbers in them
            values = [
                value.item() if isinstance(value, np.number | np.bool_) else value
                for value in values
            ]
        columns.append(values)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def stacked_records(frames: list[pd.DataFrame]) -> list[dict]:
    """``records(pd.concat(frames, ignore_index=True))`` without the concatenated
    frame, which pandas builds slowly when the frames' columns differ: each
    frame's rows, NaN for the columns it lacks, and whole numbers as floats in a
    column some frame lacks (as concat turns them to hold the gaps). Frames with
    other column types, or empty ones, go through pandas."""
    names = list(dict.fromkeys(name for frame in frames for name in frame.columns))
    kinds: dict[str, set] = {}
    for frame in frames:
        for name in frame.columns:
            kinds.setdefault(name, set()).add(frame[name].dtype)
    plain = all(
        len(dtypes) == 1
        and (
            isinstance(next(iter(dtypes)), pd.StringDtype)
            or next(iter(dtypes)).kind in "iuf"
        )
        for dtypes in kinds.values()
    )
    if not plain or any(frame.empty for frame in frames):
        return records(pd.concat(frames, ignore_index=True))
    rows: list[dict] = []
    for frame in frames:
        columns = []
        for name in names:
            if name not in frame.columns:
                columns.append([float("nan")] * len(frame))
                continue
            values = frame[name].tolist()
            gaps = any(name not in other.columns for other in frames)
            if gaps and frame[name].dtype.kind in "iu":
                values = [float(value) for value in values]
            columns.append(values)
        rows.extend(
            dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)
        )
    return rows


def quadrant_rows(view: View) -> list[dict]:
    """Each area's survey estimate beside its recorded rate, one row an area."""
    return records(
        merge_on_area(view.estimates, view.recorded[RECORDED_COLUMNS], how="left")
    )


def trend_rows(view: View) -> list[dict]:
    """The survey waves' rows, then the recorded quarters' rows, under one header."""
    survey_rows = view.trend_survey.assign(series="Survey")[
        TREND_SURVEY_COLUMNS
    ].rename(columns={"wave": "period"})
    recorded_rows = view.trend_recorded.assign(series="Recorded")[
        TREND_RECORDED_COLUMNS
    ].rename(columns={"quarter_label": "period"})
    return stacked_records([survey_rows, recorded_rows])


def gap_rows(view: View) -> list[dict]:
    """The ranked gap table, each row with its finding in words."""
    table = records(view.gaps)
    for row in table:
        row["flag"] = (
            ("Significant: " if row["significant"] else "Not significant: ")
            + row["quadrant"].lower()
            if pd.notna(row["z"])
            else ""
        )
    return table
