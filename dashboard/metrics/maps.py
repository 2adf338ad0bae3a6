"""The sector maps' measures and periods (a whitelist), and the pure arithmetic
behind each ward's and sector's figure: counts, rates per 1,000 residents, survey
percentages, change against the same period a year earlier, top categories."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from domain.dates import add_months, long_date
from domain.police_uk import CRIME_TYPES

POLICE_CRIME_TYPES = CRIME_TYPES
# A measure's family is the group its ward panel breaks down into categories and
# shares. The crime measures' family is crime only: anti-social behaviour is not a
# crime type and is left out of every part of a crime panel. The police ASB measure
# keeps every police.uk record type as its context.
POLICE_FAMILY = (*POLICE_CRIME_TYPES, "Anti-social behaviour")
CRIME_FAMILY = POLICE_CRIME_TYPES
COUNCIL_ASB = (
    "ASB case: drug-related",
    "ASB case: neighbour nuisance",
    "ASB case: noise",
    "ASB case: street drinking and begging",
    "ASB case: youth-related",
)
FIRE = (
    "Fire: accidental dwelling fire",
    "Fire: deliberate primary fire",
    "Fire: deliberate secondary fire",
    "Fire: false alarm",
)
PARKING = (
    "Parking penalty charge notice (council car park)",
    "Parking penalty charge notice (on-street)",
)
RESIDENT_REPORTS = (
    "Resident report: abandoned vehicle",
    "Resident report: discarded needles or drug litter",
    "Resident report: dog fouling",
    "Resident report: graffiti",
    "Resident report: litter",
    "Resident report: noise",
    "Resident report: street lighting fault",
)
OPERATIONAL_FAMILY = (
    *COUNCIL_ASB,
    *FIRE,
    "Fly-tipping",
    *PARKING,
    *RESIDENT_REPORTS,
)

SURVEY_QUESTIONS = {
    "crime_gone_up_locally": "Thinks crime has gone up locally",
    "safe_after_dark": "Feels safe after dark",
    "asb_big_problem": "Thinks ASB is a big problem",
    "worried_about_crime": "Worried about crime",
    "confidence_police_council": "Police and council dealing with local issues",
    "confidence_local_police": "Confidence in local police",
}
KPI_FAMILIES = {
    "asb-police": "KPI: ASB incidents reported to police",
    "flytip-reports": "KPI: fly-tipping incidents reported",
}


def slug(text: str) -> str:
    """'Vehicle crime' -> 'vehicle-crime'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Measure:
    """One choice in the measure list: what it counts and how it is shown."""

    key: str
    label: str
    group: str
    kind: str  # incidents, survey, kpi
    explanation: str
    categories: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    question: str = ""
    kpi_family: str = ""
    per_1000: bool = True
    decimals: int = 1

    @property
    def is_police_uk(self) -> bool:
        """True for a measure counted from police.uk street-level records."""
        return self.family in (POLICE_FAMILY, CRIME_FAMILY)

    @property
    def unit(self) -> str:
        if self.kind == "survey":
            return "per cent of residents"
        if self.kind == "kpi":
            return "incidents"
        return "per 1,000 residents" if self.per_1000 else "incidents"


def _incident_measure(
    key: str,
    label: str,
    group: str,
    categories: tuple[str, ...],
    family: tuple[str, ...],
    explanation: str,
    *,
    per_1000: bool = True,
) -> Measure:
    return Measure(
        key=key,
        label=label,
        group=group,
        kind="incidents",
        explanation=explanation,
        categories=categories,
        family=family,
        per_1000=per_1000,
        decimals=1 if per_1000 else 0,
    )


def _measures() -> dict[str, Measure]:
    police_note = (
        "Street-level records published by police.uk (crimes and anti-social "
        "behaviour reported to Cambridgeshire Constabulary), counted in the ward "
        "where police.uk placed them, per 1,000 residents (ONS ward estimate)."
    )
    items = [
        _incident_measure(
            "crime-all",
            "Recorded crime, all types (police.uk)",
            "Recorded crime",
            POLICE_CRIME_TYPES,
            CRIME_FAMILY,
            police_note + " All crime types; anti-social behaviour is not included.",
        ),
        *[
            _incident_measure(
                f"crime-{slug(name)}",
                f"Crime type: {name}",
                "Recorded crime",
                (name,),
                CRIME_FAMILY,
                police_note,
            )
            for name in POLICE_CRIME_TYPES
        ],
        _incident_measure(
            "asb-police",
            "Anti-social behaviour reported to police",
            "ASB and operational incidents",
            ("Anti-social behaviour",),
            POLICE_FAMILY,
            police_note,
        ),
        _incident_measure(
            "asb-council",
            "ASB cases opened by the council",
            "ASB and operational incidents",
            COUNCIL_ASB,
            OPERATIONAL_FAMILY,
            "Anti-social behaviour cases in the council's case management system, "
            "per 1,000 residents.",
        ),
        _incident_measure(
            "fly-tipping",
            "Fly-tipping",
            "ASB and operational incidents",
            ("Fly-tipping",),
            OPERATIONAL_FAMILY,
            "Fly-tipping incidents recorded by council environmental services, per "
            "1,000 residents.",
        ),
        _incident_measure(
            "parking",
            "Parking penalty charge notices",
            "ASB and operational incidents",
            PARKING,
            OPERATIONAL_FAMILY,
            "Penalty charge notices issued on-street and in council car parks. "
            "Shown as counts, not per resident: parking depends on visitors and "
            "car parks, not on who lives in the ward.",
            per_1000=False,
        ),
        _incident_measure(
            "fire",
            "Fires and false alarms",
            "ASB and operational incidents",
            FIRE,
            OPERATIONAL_FAMILY,
            "Incidents attended by Cambridgeshire Fire and Rescue, per 1,000 "
            "residents.",
        ),
        _incident_measure(
            "resident-reports",
            "Resident reports (My Peterborough app)",
            "ASB and operational incidents",
            RESIDENT_REPORTS,
            OPERATIONAL_FAMILY,
            "Problems residents reported through the council's app (litter, "
            "graffiti, noise, needles and more), per 1,000 residents.",
        ),
        *[
            Measure(
                key=f"survey-{slug(code)}",
                label=f"Survey: {label}",
                group="Residents' perceptions",
                kind="survey",
                explanation=(
                    "Share of residents answering this way in the Peterborough "
                    "Residents' Community Safety Survey; the base is the number "
                    "of residents who answered in that ward or sector."
                ),
                question=code,
                decimals=0,
            )
            for code, label in SURVEY_QUESTIONS.items()
        ],
        *[
            Measure(
                key=f"kpi-{family}",
                label=label,
                group="KPIs with sector values",
                kind="kpi",
                explanation=(
                    "A partnership KPI reported per sector; it has no ward values, "
                    "so the map shows it at sector level."
                ),
                kpi_family=family,
                per_1000=False,
                decimals=0,
            )
            for family, label in KPI_FAMILIES.items()
        ],
    ]
    return {m.key: m for m in items}


MEASURES = _measures()
DEFAULT_MEASURE = "crime-all"


@dataclass(frozen=True)
class Period:
    """A period a measure can be shown for; months are first days of months."""

    key: str
    label: str
    start: date
    end: date
    is_demo: bool
    previous: tuple[date, date] | None = None
    previous_label: str = ""


def _shift_year(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


def incident_periods(months: pd.DataFrame) -> list[Period]:
    """Periods from the months that hold records (columns month, is_demo): the latest
    real month first (what the page opens on); then the 12-month windows ending in
    the latest real month and a year before it, where every month is real; then the
    other real months, latest first; then the demo windows and months the same way.
    Each period names the same period a year earlier when all of its months exist
    too."""
    if months.empty:
        return []
    kinds = {
        pd.Timestamp(m).date(): bool(d)
        for m, d in zip(months.month, months.is_demo, strict=True)
    }
    present = set(kinds)

    def covered(start: date, end: date, *, demo: bool | None = None) -> bool:
        month = start
        while month <= end:
            if month not in present or (demo is not None and kinds[month] != demo):
                return False
            month = add_months(month, 1)
        return True

    def with_previous(period: Period) -> Period:
        start, end = _shift_year(period.start, -1), _shift_year(period.end, -1)
        if not covered(start, end):
            return period
        if period.start == period.end:
            label = f"{start:%B %Y}"
        else:
            label = f"12 months to {end:%B %Y}"
        return Period(
            period.key,
            period.label,
            period.start,
            period.end,
            period.is_demo,
            (start, end),
            label,
        )

    def windows(latest: date, demo: bool) -> list[Period]:
        found = []
        for years_back in (0, 1):
            end = _shift_year(latest, -years_back)
            start = add_months(end, -11)
            if covered(start, end, demo=demo):
                found.append(
                    Period(
                        f"12m-{end:%Y-%m}",
                        f"12 months to {end:%B %Y}" + (" (DEMO)" if demo else ""),
                        start,
                        end,
                        demo,
                    )
                )
        return found

    real = sorted((m for m, demo in kinds.items() if not demo), reverse=True)
    demo = sorted((m for m, d in kinds.items() if d), reverse=True)
    real_months = [
        Period(f"{m:%Y-%m}", f"{m:%B %Y} (real police.uk month)", m, m, False)
        for m in real
    ]
    periods = real_months[:1] + (windows(real[0], False) if real else [])
    periods += real_months[1:]
    if demo:
        periods += windows(demo[0], True)
        periods.extend(
            Period(f"{m:%Y-%m}", f"{m:%B %Y} (DEMO)", m, m, True) for m in demo
        )
    return [with_previous(p) for p in periods]


def survey_periods(results: pd.DataFrame) -> list[Period]:
    """One period per survey wave (latest first), keyed by a slug of its name; the
    previous period is the wave whose fieldwork ended 11 to 13 months earlier."""
    if results.empty:
        return []
    waves = (
        results[["wave", "fieldwork_start", "fieldwork_end", "is_demo"]]
        .drop_duplicates("wave")
        .sort_values("fieldwork_end", ascending=False)
    )
    ends = {
        r.wave: (
            pd.Timestamp(r.fieldwork_start).date(),
            pd.Timestamp(r.fieldwork_end).date(),
        )
        for r in waves.itertuples()
    }
    periods = []
    for r in waves.itertuples():
        start, end = ends[r.wave]
        previous = None
        previous_label = ""
        for other, (o_start, o_end) in ends.items():
            if 335 <= (end - o_end).days <= 395:
                previous, previous_label = (o_start, o_end), other
        periods.append(
            Period(
                slug(r.wave),
                f"{r.wave}{' (DEMO)' if r.is_demo else ''}",
                start,
                end,
                bool(r.is_demo),
                previous,
                previous_label,
            )
        )
    return periods


def kpi_periods(values: pd.DataFrame) -> list[Period]:
    """One period per reported period end (latest first), keyed 'YYYY-MM'."""
    if values.empty:
        return []
    rows = (
        values[["period_start", "period_end", "is_demo"]]
        .drop_duplicates("period_end")
        .sort_values("period_end", ascending=False)
    )
    ends = {pd.Timestamp(e).date() for e in rows.period_end}
    periods = []
    for r in rows.itertuples():
        start, end = (
            pd.Timestamp(r.period_start).date(),
            pd.Timestamp(r.period_end).date(),
        )
        before = _shift_year(end.replace(day=1), -1)
        previous_end = next(
            (e for e in ends if e.year == before.year and e.month == before.month),
            None,
        )
        span = "quarter" if (end - start).days > 40 else "month"
        periods.append(
            Period(
                f"{end:%Y-%m}",
                f"{span.capitalize()} to {long_date(end)}"
                f"{' (DEMO)' if r.is_demo else ''}",
                start,
                end,
                bool(r.is_demo),
                (previous_end, previous_end) if previous_end else None,
                long_date(previous_end) if previous_end else "",
            )
        )
    return periods


def area_rates(
    counts: pd.DataFrame,
    populations: pd.DataFrame,
    *,
    previous: pd.DataFrame | None,
    per_1000: bool,
) -> pd.DataFrame:
    """One row per area in ``populations`` (area_code, area_name, area_kind,
    population): incidents, value (per 1,000 residents or the count),
    previous_incidents, change (in the value's unit) and change_pct. ``counts`` and
    ``previous`` have area_code, incidents; areas with no records count 0; with no
    previous period the change columns are empty."""
    table = populations[["area_code", "area_name", "area_kind", "population"]].copy()
    now = counts.groupby("area_code")["incidents"].sum()
    table["incidents"] = table.area_code.map(now).fillna(0).astype("int64")
    scale = table.population / 1000 if per_1000 else 1
    table["value"] = table.incidents / scale
    if previous is not None:
        before = previous.groupby("area_code")["incidents"].sum()
        table["previous_incidents"] = (
            table.area_code.map(before).fillna(0).astype("int64")
        )
        table["previous_value"] = table.previous_incidents / scale
        table["change"] = table.value - table.previous_value
        table["change_pct"] = (
            (table.incidents - table.previous_incidents)
            / table.previous_incidents.where(table.previous_incidents > 0)
            * 100
        )
    else:
        table["previous_incidents"] = pd.NA
        table["previous_value"] = float("nan")
        table["change"] = float("nan")
        table["change_pct"] = float("nan")
    return table


def survey_values(
    results: pd.DataFrame, *, wave_end: date, previous_end: date | None
) -> pd.DataFrame:
    """area_code, base_size, value (% of residents), previous_value, change (points)
    for one wave, from survey_area_results rows."""
    ends = pd.to_datetime(results.fieldwork_end).dt.date
    now = results[ends == wave_end][["area_code", "base_size", "estimate"]].copy()
    now["value"] = now.estimate * 100
    if previous_end is not None:
        before = results[ends == previous_end].set_index("area_code").estimate * 100
        now["previous_value"] = now.area_code.map(before)
    else:
        now["previous_value"] = float("nan")
    now["change"] = now.value - now.previous_value
    return now.drop(columns="estimate").reset_index(drop=True)


def kpi_family_values(values: pd.DataFrame, family: str) -> pd.DataFrame:
    """The rows of one KPI family: kpi ids are the family and a sector suffix
    ('asb-police-north')."""
    return values[values.kpi_id.str.rsplit("-", n=1).str[0] == family]


def kpi_sector_values(
    values: pd.DataFrame, *, family: str, period_end: date, previous_end: date | None
) -> pd.DataFrame:
    """area_code (sector), name, unit, value, previous_value, change for one KPI
    family (kpi ids 'family-north' and so on) at one period end."""
    rows = kpi_family_values(values, family).copy()
    ends = pd.to_datetime(rows.period_end).dt.date
    now = rows[ends == period_end][["sector_code", "name", "unit", "value"]].rename(
        columns={"sector_code": "area_code"}
    )
    if previous_end is not None:
        before = rows[ends == previous_end].set_index("sector_code").value
        now["previous_value"] = now.area_code.map(before)
    else:
        now["previous_value"] = float("nan")
    now["change"] = now.value - now.previous_value
    return now.reset_index(drop=True)


def top_categories(counts: pd.DataFrame, *, limit: int = 5) -> pd.DataFrame:
    """category, incidents, share (% of the area's total): the most frequent
    categories in ``counts`` (category, incidents), ties broken by name."""
    if counts.empty:
        return pd.DataFrame(columns=["category", "incidents", "share"])
    totals = (
        counts.groupby("category", as_index=False)["incidents"]
        .sum()
        .sort_values(["incidents", "category"], ascending=[False, True])
    )
    totals["share"] = totals.incidents / totals.incidents.sum() * 100
    return totals.head(limit).reset_index(drop=True)


def change_text(
    change: float | None, pct: float | None, unit: str, decimals: int
) -> str:
    """'up 3.2 per 1,000 (+12%)', 'down 4 points', 'no change' or 'not available'."""
    if change is None or pd.isna(change):
        return "not available"
    if round(change, decimals) == 0:
        return "no change"
    direction = "up" if change > 0 else "down"
    text = f"{direction} {abs(change):,.{decimals}f} {unit}"
    if pct is not None and not pd.isna(pct):
        text += f" ({pct:+.0f}%)"
    return text


def summary_sentence(
    wards: pd.DataFrame, *, measure_label: str, unit: str, decimals: int, city: str
) -> str:
    """'Highest: Central, 45.2 per 1,000 residents; lowest: Barnack, 3.1. City: 12.0.'
    from rows with area_name and value."""
    shown = wards.dropna(subset=["value"])
    if shown.empty:
        return f"No ward figures for {measure_label.lower()} in this period."
    high = shown.sort_values(["value", "area_name"], ascending=[False, True]).iloc[0]
    low = shown.sort_values(["value", "area_name"]).iloc[0]
    return (
        f"{measure_label}: highest in {high.area_name} "
        f"({high.value:,.{decimals}f} {unit}), lowest in {low.area_name} "
        f"({low.value:,.{decimals}f}). {city}"
    )
