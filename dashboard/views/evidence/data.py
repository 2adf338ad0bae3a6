"""Real published evidence shown beside the demo data: CSEW experience of ASB for
Cambridgeshire against England and Wales (Table P6), police recorded ASB by force
(Table P7) and Defra fly-tipping for Peterborough, the East of England and England.
Reads through data_access, then pure ``compute_*`` functions the tests call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.memo import kept
from dashboard.metrics.series import annual_rates, survey_intervals
from data_access.queries import series
from domain.areas import PETERBOROUGH_LAD
from domain.population import census_break, denominator

CSEW_SURVEY = "csew_pfa"
CAMBRIDGESHIRE = "E23000023"
ENGLAND_AND_WALES = "K04000001"
ENGLAND = "E92000001"
EAST_OF_ENGLAND = "E12000006"
ASB_SERIES = "police_asb_incidents"
FLY_INCIDENTS = "flytipping_incidents"
FLY_ACTIONS = "flytipping_actions"
# Police recorded ASB: counted on a different basis from 2011/12 (Table P7 notes).
ASB_RECORDING_BREAK = (date(2011, 9, 30), "Break: new ASB recording basis from 2011/12")
CSEW_SOURCE = (
    "Source: Office for National Statistics, Crime Survey for England and Wales and "
    "Home Office police recorded crime, licensed under the Open Government Licence "
    "v3.0 (Police force area data tables, years ending March 2018 and 2019, "
    "Tables P6 and P7)."
)
FLY_SOURCE = (
    "Source: Department for Environment, Food and Rural Affairs, fly-tipping "
    "statistics for England, licensed under the Open Government Licence v3.0; "
    "populations: Office for National Statistics mid-year estimates."
)


@dataclass(frozen=True)
class AsbEvidence:
    """CSEW P6 results with intervals, and P7 recorded ASB by year."""

    survey: pd.DataFrame  # wave, area_name, short_label, estimate, lower, upper, ...
    recorded: pd.DataFrame  # area_name, period_label, period_end, value, published_rate
    breaks: list[tuple[date, str]]
    as_at: date | None
    design_effect: float


@dataclass(frozen=True)
class FlytippingEvidence:
    """Defra incidents and actions with rates on ONS populations, by area and year."""

    incidents: pd.DataFrame  # area_name, period_label, value, population, rate, ...
    actions: pd.DataFrame
    breaks: list[tuple[date, str]]
    as_at: date | None
    denominator: str


def _breaks(period_ends: list[date]) -> list[tuple[date, str]]:
    found = census_break(sorted(set(period_ends)))
    return [(found.midpoint, found.label)] if found is not None else []


def compute_asb(survey: pd.DataFrame, recorded: pd.DataFrame) -> AsbEvidence:
    """The ASB evidence from the force survey results and the P7 counts."""
    survey = survey_intervals(survey)
    ends = list(recorded.period_end)
    breaks = list(_breaks(ends))
    if ends and min(ends) < ASB_RECORDING_BREAK[0] < max(ends):
        breaks.append(ASB_RECORDING_BREAK)
    as_at = max([*survey.fieldwork_end, *ends], default=None)
    return AsbEvidence(
        survey=survey,
        recorded=recorded.reset_index(drop=True),
        breaks=breaks,
        as_at=as_at,
        design_effect=float(survey.design_effect.iloc[0]) if len(survey) else 1.0,
    )


def compute_flytipping(
    counts: pd.DataFrame, populations: pd.DataFrame
) -> FlytippingEvidence:
    """Fly-tipping incidents and actions per 1,000 residents (the one rule)."""
    rated = annual_rates(counts, populations)
    order = {PETERBOROUGH_LAD: 0, EAST_OF_ENGLAND: 1, ENGLAND: 2}
    rated = rated.sort_values(
        ["area_code", "period_end"],
        key=lambda s: s.map(order) if s.name == "area_code" else s,
    )
    incidents = rated[rated.series == FLY_INCIDENTS].reset_index(drop=True)
    actions = rated[rated.series == FLY_ACTIONS].reset_index(drop=True)
    return FlytippingEvidence(
        incidents=incidents,
        actions=actions,
        breaks=_breaks(list(rated.period_end)),
        as_at=max(rated.period_end, default=None),
        denominator=denominator("flytipping").statement,
    )


def asb_evidence(engine: Engine) -> AsbEvidence:
    """The ASB evidence, kept per data version."""

    def compute_now() -> AsbEvidence:
        areas = [CAMBRIDGESHIRE, ENGLAND_AND_WALES]
        return compute_asb(
            series.force_survey_results(
                engine, survey_id=CSEW_SURVEY, area_codes=areas
            ),
            series.annual_counts(engine, series=[ASB_SERIES], area_codes=areas),
        )

    return kept(engine, "evidence.asb", compute_now)


def flytipping_evidence(engine: Engine) -> FlytippingEvidence:
    """The fly-tipping evidence, kept per data version."""

    def compute_now() -> FlytippingEvidence:
        areas = [PETERBOROUGH_LAD, EAST_OF_ENGLAND, ENGLAND]
        return compute_flytipping(
            series.annual_counts(
                engine, series=[FLY_INCIDENTS, FLY_ACTIONS], area_codes=areas
            ),
            series.area_populations(engine, area_codes=areas),
        )

    return kept(engine, "evidence.flytipping", compute_now)
