"""The perception page's data tables as rows (lists of dicts), ready for a grid."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.denominator import POLICE_UK_RECORDS
from dashboard.metrics.perception import merge_on_area
from dashboard.ui.export import Export, exported
from dashboard.views.perception.data import View, as_date
from dashboard.views.perception.text import period
from domain.dates import month_end

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
    ].rename(columns={"wave": "wave_or_quarter"})
    recorded_rows = view.trend_recorded.assign(series="Recorded")[
        TREND_RECORDED_COLUMNS
    ].rename(columns={"quarter_label": "wave_or_quarter"})
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


# ------------------------------------------------------------------ CSV exports
# Each grid's rows under the export rules (``dashboard.ui.export``): a file named
# after the table and the end of its latest period, every row saying what it
# measures, over which period, from which source, real or demo.


def _survey_measure(view: View) -> str:
    return f"{view.question_label} (% of residents answering)"


def _recorded_measure(view: View, each: str) -> str:
    return f"{view.measure_label} per 1,000 residents {each}"


def _recorded_source(view: View, is_demo: bool) -> str:
    return POLICE_UK_RECORDS + (" (DEMO records)" if is_demo else "")


def _area_export(view: View, name: str, rows: list[dict], columns: list) -> Export:
    """An area's survey share beside its recorded rate: both periods, both
    sources, and demo when either side is."""
    first, last = view.window
    recorded = f"recorded {first:%B %Y} to {last:%B %Y}"
    fieldwork = (view.wave_row.fieldwork_start, view.wave_row.fieldwork_end)

    def survey_period(row: dict) -> str:
        start, end = row.get("fieldwork_start"), row.get("fieldwork_end")
        known = not (pd.isna(start) or pd.isna(end))
        span = (start, end) if known else fieldwork
        return f"{view.state.wave}: fieldwork {period(*span)}; {recorded}"

    return exported(
        rows,
        columns,
        view=f"perception-{name}",
        period_end=max(as_date(fieldwork[1]), month_end(last)),
        measure=f"{_survey_measure(view)} against "
        + _recorded_measure(view, "in 12 months"),
        period=[survey_period(row) for row in rows],
        source=f"{view.survey_name}; {_recorded_source(view, view.recorded_demo)}",
        is_demo=view.demo,
    )


def quadrant_export(view: View, columns: list) -> Export:
    """The quadrant's data table under the export rules."""
    return _area_export(view, "quadrant", quadrant_rows(view), columns)


def gap_export(view: View, columns: list) -> Export:
    """The gap table under the export rules."""
    return _area_export(view, "gap", gap_rows(view), columns)


def trend_export(view: View, columns: list) -> Export:
    """The trend's data table under the export rules: a survey row is the
    survey's (its wave's fieldwork, demo when the survey is), a recorded row its
    quarter's (demo when any of its records are)."""
    survey, recorded = view.trend_survey, view.trend_recorded
    survey_periods = [
        f"{wave}: fieldwork {period(start, end)}"
        for wave, start, end in zip(
            survey.wave.tolist(),
            survey.fieldwork_start.tolist(),
            survey.fieldwork_end.tolist(),
            strict=True,
        )
    ]
    quarters = list(
        zip(
            recorded.quarter_start.tolist(),
            recorded.quarter_end.tolist(),
            strict=True,
        )
    )
    recorded_demo = [bool(demo) for demo in recorded.is_demo.tolist()]
    ends = [as_date(end) for end in survey.fieldwork_end.tolist()] + [
        month_end(as_date(end)) for _, end in quarters
    ]
    return exported(
        trend_rows(view),
        columns,
        view="perception-trend",
        period_end=max(ends, default=None),
        measure=[_survey_measure(view)] * len(survey)
        + [_recorded_measure(view, "a quarter")] * len(recorded),
        period=survey_periods
        + [f"{start:%B %Y} to {end:%B %Y}" for start, end in quarters],
        source=[view.survey_name] * len(survey)
        + [_recorded_source(view, demo) for demo in recorded_demo],
        is_demo=[view.survey_demo] * len(survey) + recorded_demo,
    )
