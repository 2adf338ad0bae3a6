"""The outcomes page's sentences: summaries, caveats and the source line."""

from __future__ import annotations

from datetime import date

import pandas as pd

from domain.police_outcomes import SMALL_CELL

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government "
    "Licence v3.0 (data.police.uk)."
)
OUTCOME_CAVEATS = (
    "Each crime is counted once, at its latest outcome: police.uk can update a "
    "crime more than once as the case moves on.",
    "Outcomes are the latest recorded by the end of the period shown and change as "
    "cases progress, so recent months have more crimes still open.",
    "Locations are anonymised by police.uk: each is moved to the nearest of over "
    "750,000 snap points (the centre of a street or public place).",
    "Anti-social behaviour has no outcomes, so it is not here.",
    "Crime type comes from the crime's street record; a crime reported before the "
    "street files loaded shows as 'not known'.",
)
SEARCH_CAVEATS = (
    f"No one can be picked out: in any breakdown, a category with fewer than "
    f"{SMALL_CELL} searches is merged with others into one 'Other' row (growing it "
    f"until it holds {SMALL_CELL} or more); a month with fewer than {SMALL_CELL} "
    "searches shows no figure ('not shown'), and when only one month would, the "
    "next smallest is hidden with it, so the total cannot give it away.",
    "Ethnicity is as the person searched described it, in its five broad groups.",
    "Time of day, exact place and officer-defined ethnicity are not stored.",
)
GROUPS_NOTE = (
    "Outcome groups: Charged or summonsed (suspect charged, also as part of another "
    "case, or sent to Crown Court); Court outcome (sentence, fine, discharge, found "
    "not guilty, case unable to proceed, result unavailable); Out-of-court "
    "resolution (caution, penalty notice, local resolution, drugs possession "
    "warning); Unable to prosecute or not in the public interest; No suspect "
    "identified; Under investigation or awaiting court; Action by another "
    "organisation; Status update unavailable."
)

SECTION_TITLES = {
    "groups": "What happened after a crime: each crime's latest outcome",
    "types": "Latest outcome by crime type",
    "wards": "Latest outcome by ward",
    "months": "Latest outcomes by the month they were recorded",
    "search-months": "Stops and searches by month",
    "search-breakdown": "Stops and searches broken down",
}


def month_label(month: date) -> str:
    """'Jan 2024'."""
    return f"{month:%b %Y}"


def range_label(first: date, last: date) -> str:
    """'January to December 2024' or 'December 2024 to March 2025'."""
    if first == last:
        return f"{first:%B %Y}"
    if first.year == last.year:
        return f"{first:%B} to {last:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


def share(value: float) -> str:
    """'12%' (or '<1%' for a small non-zero share)."""
    if 0 < value < 0.005:
        return "<1%"
    return f"{100 * value:.0f}%"


def groups_summary(table: pd.DataFrame, place: str, period: str) -> str:
    """One sentence: how many crimes, the largest group and the charged share."""
    total = int(table.crimes.sum())
    if total == 0:
        return f"No crimes with a recorded outcome in {place}, {period}."
    top = table.sort_values("crimes", ascending=False).iloc[0]
    charged = table[table.outcome_group == "Charged or summonsed"].share.sum()
    return (
        f"{total:,} crimes in {place} had an outcome recorded, {period}: the most "
        f"common latest outcome was {top.outcome_group.lower()} ({share(top.share)}); "
        f"{share(charged)} ended with a suspect charged or summonsed."
    )


def stack_summary(table: pd.DataFrame, by_label: str, what: str) -> str:
    """The rows with the highest and lowest charged-or-summonsed share, among rows
    with 20 or more crimes (a row with none charged counts as 0%)."""
    if table.empty:
        return f"No outcomes by {what} for this choice."
    totals = table.groupby(by_label)["crimes"].sum()
    big = totals[totals >= 20].index
    if big.empty:
        return f"Outcome groups by {what}; no {what} has 20 or more crimes."
    charged = (
        table[table.outcome_group == "Charged or summonsed"]
        .groupby(by_label)["crimes"]
        .sum()
        .reindex(big, fill_value=0)
        / totals[big]
    )
    if len(big) == 1:
        return (
            f"Only one {what} has 20 or more crimes: {big[0]}, with "
            f"{share(charged.iloc[0])} charged or summonsed."
        )
    return (
        f"Of the {what}s with 20 or more crimes, {charged.idxmax()} had the highest "
        f"share charged or summonsed ({share(charged.max())}) and "
        f"{charged.idxmin()} the lowest ({share(charged.min())})."
    )


def month_summary(table: pd.DataFrame) -> str:
    """The busiest month of latest outcomes."""
    totals = table.groupby("month_label", sort=False)["crimes"].sum()
    if totals.empty or totals.sum() == 0:
        return "No outcomes recorded for this choice."
    return (
        f"Crimes by the month their latest outcome was recorded: most in "
        f"{totals.idxmax()} ({int(totals.max()):,}), fewest in {totals.idxmin()} "
        f"({int(totals.min()):,}). A crime updated later moves to the later month."
    )


def search_month_summary(total: int, place: str, period: str, hidden: int) -> str:
    """How many searches, and how many months were too small to show."""
    if total == 0:
        return f"No stop and search recorded in {place}, {period}."
    extra = (
        f" {hidden} months show no figure: fewer than {SMALL_CELL} searches, or "
        "hidden with one that had, so that it cannot be worked out from the total."
        if hidden
        else ""
    )
    if total < SMALL_CELL:
        return f"Fewer than {SMALL_CELL} stops and searches in {place}, {period}."
    return f"{total:,} stops and searches in {place}, {period}.{extra}"


def breakdown_summary(counts: pd.Series, label: str, total: int) -> str:
    """The largest category of a breakdown and its share."""
    if counts.empty:
        return f"Fewer than {SMALL_CELL} searches: no breakdown by {label.lower()}."
    top = counts.idxmax()
    return (
        f"By {label.lower()}: the largest group is {top} with {int(counts.max()):,} "
        f"of {total:,} searches ({share(counts.max() / total)})."
    )


def source_line(datasets: pd.DataFrame, what: str) -> str:
    """'Source: ... (loaded ...). Contains public sector information ...'."""
    if datasets.empty:
        return f"Source: no {what} loaded."
    periods = ", ".join(datasets.period_label.astype(str))
    return f"Source: data.police.uk {what}, Cambridgeshire, {periods}. {ATTRIBUTION}"
