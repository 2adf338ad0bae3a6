"""The perception page's data tables: rows built column by column are the rows
pandas gives."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from dashboard.views.perception.tables import records, stacked_records


def same_rows(left: list[dict], right: list[dict]) -> bool:
    """Equal rows, NaN equal to NaN, and of the same types (1 is not 1.0)."""
    if len(left) != len(right):
        return False
    for a, b in zip(left, right, strict=True):
        if list(a) != list(b):
            return False
        for key in a:
            x, y = a[key], b[key]
            if type(x) is not type(y):
                return False
            nan = isinstance(x, float) and math.isnan(x) and math.isnan(y)
            if not nan and x != y:
                return False
    return True


def survey_part() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series": "Survey",
            "area_name": ["North", "South"],
            "period": ["w1", "w2"],
            "base_size": np.array([120, 45], dtype="int64"),
            "estimate": [0.31, np.nan],
            "reason": ["", "Base 45 is below the minimum of 50"],
        }
    )


def recorded_part() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series": "Recorded",
            "area_name": ["North"],
            "period": ["Jul-Sep 2024"],
            "incidents": np.array([57], dtype="int64"),
            "rate": [12.5],
        }
    )


def test_records_are_pandas_records_with_every_kind_of_column() -> None:
    frame = survey_part().assign(
        fieldwork_start=[date(2024, 1, 8), date(2024, 7, 8)],
        flagged=[True, False],
        mixed=pd.Series([np.float64(0.5), "x"], dtype=object),
    )
    assert same_rows(records(frame), frame.to_dict("records"))
    assert type(records(frame)[0]["mixed"]) is float
    nullable = frame.assign(base=pd.array([10, None], dtype="Int64"))
    assert same_rows(records(nullable), nullable.to_dict("records"))
    assert records(frame.iloc[0:0]) == []


def test_stacked_records_are_the_records_of_the_stacked_frames() -> None:
    frames = [survey_part(), recorded_part()]
    stacked = stacked_records(frames)
    assert same_rows(stacked, pd.concat(frames, ignore_index=True).to_dict("records"))
    # Whole numbers in a column the other frame lacks become floats, as in pandas.
    assert stacked[0]["base_size"] == 120.0 and type(stacked[0]["base_size"]) is float
    assert math.isnan(stacked[2]["base_size"])
    # Empty frames and other column types go through pandas.
    for frames in (
        [survey_part(), recorded_part().iloc[0:0]],
        [survey_part().assign(when=date(2024, 1, 1)), recorded_part()],
    ):
        assert same_rows(
            stacked_records(frames),
            pd.concat(frames, ignore_index=True).to_dict("records"),
        )
