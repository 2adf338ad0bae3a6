"""Pure statistics of the outcomes page: each crime's latest outcome, outcome
groups by a category with shares, and small-cell merging for stop and search."""

from __future__ import annotations

from datetime import date

import pandas as pd

from domain.police_outcomes import OUTCOME_GROUPS, SMALL_CELL

OTHER_SMALL = "Other (merged: each fewer than 5)"


def latest_outcomes(rows: pd.DataFrame, first: date, last: date) -> pd.DataFrame:
    """Each crime's latest outcome recorded up to ``last`` (rows of month <= last,
    the latest month per crime), kept when that month is on or after ``first``."""
    shown = rows[rows.month <= last]
    if shown.empty:
        return shown
    latest = shown.sort_values(["crime_id", "month"]).drop_duplicates(
        "crime_id", keep="last"
    )
    return latest[latest.month >= first].reset_index(drop=True)


def group_counts(latest: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Crimes by outcome group (and ``by``): columns [by,] outcome_group, crimes,
    share (of the crimes in the same ``by`` value), every group present."""
    keys = [by] if by else []
    if latest.empty:
        return pd.DataFrame(columns=[*keys, "outcome_group", "crimes", "share"])
    counts = latest.groupby([*keys, "outcome_group"]).size().rename("crimes")
    if by:
        full = pd.MultiIndex.from_product(
            [sorted(latest[by].unique()), list(OUTCOME_GROUPS)],
            names=[by, "outcome_group"],
        )
    else:
        full = pd.Index(list(OUTCOME_GROUPS), name="outcome_group")
    table = counts.reindex(full, fill_value=0).reset_index()
    totals = (
        table.groupby(by)["crimes"].transform("sum")
        if by
        else pd.Series(table.crimes.sum(), index=table.index)
    )
    table["share"] = (table.crimes / totals.where(totals > 0)).fillna(0.0)
    return table


def merge_small(counts: pd.Series, threshold: int = SMALL_CELL) -> pd.Series:
    """Counts with every category under ``threshold`` merged into one 'Other' cell;
    while that cell is itself under the threshold the next smallest category joins
    it, so no shown cell is under the threshold and none can be worked out from the
    total. A total under the threshold gives an empty series."""
    counts = counts[counts > 0].sort_values(ascending=False)
    if counts.sum() < threshold:
        return counts.iloc[0:0]
    small = counts[counts < threshold]
    if small.empty:
        return counts
    kept = counts[counts >= threshold]
    merged = int(small.sum())
    while merged < threshold and len(kept):
        merged += int(kept.iloc[-1])
        kept = kept.iloc[:-1]
    return pd.concat([kept, pd.Series({OTHER_SMALL: merged})])


def suppress_small(counts: pd.Series, threshold: int = SMALL_CELL) -> pd.Series:
    """Counts with values from 1 to threshold - 1 replaced by NaN (not shown).
    When only one count is hidden, the smallest other non-zero count is hidden
    too, so the hidden one cannot be worked out from the total shown beside it."""
    shown = counts.where((counts == 0) | (counts >= threshold)).astype(float)
    if int(shown.isna().sum()) == 1:
        others = shown[shown > 0]
        if not others.empty:
            shown[others.idxmin()] = float("nan")
    return shown
