"""The sector maps' sentences: notes, summaries, sources and the ward panel's
lines, from plain values. No Dash, no database."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.denominator import POLICE_UK_RECORDS, counted, rate_sentence
from dashboard.freshness import format_day
from dashboard.metrics.maps import Measure, Period, change_text, summary_sentence
from dashboard.ui.html_table import number_text

REAL_INCIDENT_SOURCE = (
    "police.uk street-level crime and ASB, Cambridgeshire (real, Open "
    "Government Licence v3.0)"
)
DEMO_INCIDENT_SOURCE = "DEMO street-level records generated for this dashboard"
KPI_SOURCE = "Partnership KPIs (DEMO)"
SURVEY_BASE_NOTE = (
    "Ward bases are small (often under 100 residents): differences of a few "
    "points between wards are within sampling error."
)
KPI_LEVEL_NOTE = (
    "This KPI is reported per sector and has no ward values: the map "
    "shades each sector as a whole."
)
DEFAULT_MAPPING = (
    "No official ward list for the sectors is published, so this default is "
    "drawn by a geographic rule, for the partnership to replace with its own "
    "mapping file: wards whose centre lies south of the River Nene form the "
    "Southern sector; the rest are Northern west of the railway through "
    "Peterborough station and Eastern east of it. "
)
NO_WARD = "No ward selected: click a ward on the map or choose one in the ward table."
HOTSPOTS_NEED_INCIDENTS = "Hotspots show incident measures; choose one to see them."


def month_label(start: date, end: date) -> str:
    """'June 2025', or 'July 2024 to June 2025'."""
    if start == end:
        return f"{start:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def period_name(measure: Measure, period: Period) -> str:
    """The period shown, as its CSV's file name gives it: the survey wave or the
    KPI's period by name, or the months ('June 2025', 'July 2024 to June 2025')."""
    if measure.kind == "incidents":
        return month_label(period.start, period.end)
    return period.label.removesuffix(" (DEMO)")


def period_words(measure: Measure, period: Period) -> str:
    """The period shown, as each CSV row gives it: a wave with its fieldwork."""
    if measure.kind == "survey":
        return (
            f"{period_name(measure, period)}: fieldwork "
            f"{format_day(period.start)} to {format_day(period.end)}"
        )
    return period_name(measure, period)


def export_measure(measure: Measure, population_year: int | None) -> str:
    """The measure with its unit and denominator, as each CSV row gives it."""
    if measure.kind == "survey":
        return f"{measure.label}, per cent of residents answering (unweighted base)"
    if measure.kind == "kpi":
        return f"{measure.label}, {measure.unit} per sector (no ward values)"
    if not measure.per_1000:
        return f"{measure.label}, {measure.unit} (counts, not per resident)"
    estimate = f"ONS mid-{population_year} ward estimates" if population_year else ""
    return f"{measure.label}, {measure.unit}" + (f" ({estimate})" if estimate else "")


# What a ward with no figure shows, in sentences and in the ward table.
NO_DATA = "no data"


def number(value: object, decimals: int) -> str:
    """A value with thousands separators, or 'no data' (as the ward table shows it)."""
    if value is None or pd.isna(value):
        return NO_DATA
    return number_text(float(value), decimals)


def change_unit(measure: Measure) -> str:
    """The unit a change is stated in: survey changes are points."""
    if measure.kind == "survey":
        return "points"
    return measure.unit


def no_figures(measure_label: str) -> str:
    """The period note when a measure has no figures at all."""
    return f"No figures are loaded for {measure_label}."


def hotspot_note(inside: int, outside: int, no_location: int) -> str:
    """How many records are mapped, and how many were left out."""
    return (
        f"{inside:,} records inside Peterborough's wards are mapped. "
        f"Left out: {outside:,} located outside Peterborough and "
        f"{no_location:,} with no location."
    )


def map_summary(
    level_rows: pd.DataFrame,
    measure: Measure,
    *,
    city_value: object,
    is_demo: bool,
    extra_note: str,
) -> str:
    """Highest and lowest area, the whole city, real or demo, and any caveat."""
    city = f"Whole city: {number(city_value, measure.decimals)} {measure.unit}."
    demo = " DEMO data." if is_demo else " Real data."
    summary = summary_sentence(
        level_rows,
        measure_label=measure.label,
        unit=measure.unit,
        decimals=measure.decimals,
        city=city + demo,
    )
    if extra_note:
        summary += " " + extra_note
    return summary


def map_source(
    source: str, denominator: str, measure: Measure, tolerance: float
) -> str:
    """The source line under the map: data, denominator, method and boundaries."""
    return (
        f"Source: {source}. {denominator} "
        f"{measure.explanation} Boundaries: ONS Wards 2025 (the 22 wards of the 2016 "
        "review), simplified for the screen by coverage simplification with a "
        f"tolerance of {tolerance} degrees (about 30 m)."
    )


def counted_words(measure: Measure, *, demo: bool = False) -> str:
    """What an incident measure counts, naming the police.uk series for police
    records (never to be confused with ONS police recorded crime by CSP), and
    saying when the records are demo."""
    what = measure.label.removesuffix(" (police.uk)").removeprefix("Crime type: ")
    if measure.is_police_uk:
        return counted(POLICE_UK_RECORDS, what + ("; DEMO records" if demo else ""))
    return what[:1].lower() + what[1:] + (" (DEMO records)" if demo else "")


def population_denominator(
    measure: Measure, year: int | None, start: date, end: date, *, demo: bool = False
) -> str:
    """The one denominator sentence (``dashboard.denominator``) for an incident
    measure over the months ``start`` to ``end`` on the wards' ``year`` estimate
    (chosen by ``domain.population.population_year``)."""
    return rate_sentence(
        counted_words(measure, demo=demo),
        start,
        end,
        [] if year is None else [year],
        wards=True,
    )


def card_details(
    measure: Measure, count: float, base: float, change: str, prior: str
) -> list[str]:
    """A sector card's lines: what the value is made of, then its change."""
    details = []
    if measure.kind == "incidents":
        if measure.per_1000:
            details.append(
                f"{int(count):,} incidents ÷ {int(base):,} residents × 1,000"
            )
        else:
            details.append(f"{int(count):,} incidents")
    elif measure.kind == "survey" and not pd.isna(count):
        details.append(f"{int(count):,} residents answered")
    details.append(f"Change on {prior}: {change}")
    return details


def panel_denominator(
    measure: Measure, row: pd.Series, denominator: str, sector_name: str
) -> str:
    """What the ward panel's value is made of."""
    if measure.kind == "incidents":
        if measure.per_1000:
            return (
                f"{int(row['count']):,} incidents ÷ {int(row['base']):,} residents × "
                f"1,000. {denominator}"
            )
        return f"{int(row['count']):,} incidents"
    if measure.kind == "survey":
        if pd.isna(row["count"]):
            return "no answers"
        return f"of {int(row['count']):,} residents answering"
    return f"the {sector_name} value: this KPI has no ward values"


def panel_change(
    measure: Measure, row: pd.Series, previous_label: str, has_previous: bool
) -> str:
    """'Change on June 2024: up 3.2 per 1,000 residents (+12%)'."""
    if has_previous:
        change = change_text(
            row.get("change"),
            row.get("change_pct"),
            change_unit(measure),
            measure.decimals,
        )
    else:
        change = "not available (no figures a year earlier are loaded)"
    return f"Change on {previous_label or 'the same period a year earlier'}: " + change


def top_line(category: str, incidents: int, share: float) -> str:
    """One line of the ward's top categories."""
    return (
        f"{category}: {incidents:,} ({share:.0f}% of the ward's records in this group)"
    )


def trend_summary(trend: pd.DataFrame, unit: str, decimals: int) -> str:
    """'From 12 in Jul 2023 to 9 in Jun 2025; highest 20 in Jan 2024.'"""
    if trend.empty:
        return "No trend to show."
    if len(trend) == 1:
        return (
            f"Only one period is loaded: {trend.value.iloc[0]:,.{decimals}f} {unit} "
            f"in {trend.period_label.iloc[0]}, so there is no trend to show."
        )
    high = trend.loc[trend.value.idxmax()]
    return (
        f"From {trend.value.iloc[0]:,.{decimals}f} in {trend.period_label.iloc[0]} to "
        f"{trend.value.iloc[-1]:,.{decimals}f} in {trend.period_label.iloc[-1]} "
        f"({unit}); highest {high.value:,.{decimals}f} in {high.period_label}."
    )


def panel_source(source: str) -> str:
    """The ward panel's source line."""
    return f"Source: {source}. As at the end of the latest period shown."


def tile_details(
    count: float, base: float, denominator: str, sector: str, city_value: float
) -> list[str]:
    """The Overview tile's lines: the top ward's rate made plain, and the city."""
    return [
        f"{int(count):,} crimes ÷ {int(base):,} residents × 1,000; {sector}.",
        denominator,
        f"Whole city: {city_value:.1f} per 1,000.",
    ]
