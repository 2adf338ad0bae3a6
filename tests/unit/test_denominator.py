"""The one denominator sentence: what was divided by what, and why that estimate."""

from __future__ import annotations

from datetime import date

from dashboard.denominator import (
    ONS_RECORDED_CRIME,
    POLICE_UK_RECORDS,
    counted,
    ons_rate_sentence,
    ons_series_sentence,
    period_words,
    rate_sentence,
)
from domain.population import population_year


def test_ons_sentence_names_series_period_and_estimate() -> None:
    assert ons_rate_sentence(
        "Total recorded crime (excluding fraud)", date(2025, 6, 30), 2023
    ) == (
        "Rate per 1,000 residents: ONS police recorded crime (total recorded crime "
        "excluding fraud) in the 12 months to 30 June 2025 divided by the ONS "
        "mid-2023 population estimate (the latest loaded not after the period's end)."
    )


def test_the_sentence_says_why_its_year_was_chosen_by_the_rule() -> None:
    # The rule picks the earliest loaded when every estimate is later than the
    # period: the sentence says so rather than claiming the usual reason.
    year = population_year(date(2019, 8, 31), [2020, 2021, 2022])
    text = rate_sentence(
        counted(POLICE_UK_RECORDS, "Burglary"),
        date(2019, 8, 1),
        date(2019, 8, 1),
        [year],
        wards=True,
    )
    assert text == (
        "Rate per 1,000 residents: police.uk street-level records (burglary) in "
        "August 2019 divided by the ONS mid-2020 ward population estimates (the "
        "earliest loaded: none loaded is from before the period's end); sectors and "
        "the city use the sums of their wards."
    )


def test_series_of_periods_name_every_year_used() -> None:
    text = ons_series_sentence(
        "Burglary", date(2022, 6, 30), date(2025, 6, 30), [2023, 2022, 2023]
    )
    assert "in each 12-month period ending June 2022 to June 2025" in text
    assert "ONS mid-2022 and mid-2023 population estimates (for each period" in text
    assert text.startswith(f"Rate per 1,000 residents: {ONS_RECORDED_CRIME} (burglary)")


def test_period_words() -> None:
    assert period_words(date(2024, 7, 1), date(2025, 6, 1)) == (
        "the 12 months to 30 June 2025"
    )
    assert period_words(date(2025, 2, 1), date(2025, 2, 1)) == "February 2025"
    assert period_words(date(2025, 1, 1), date(2025, 3, 1)) == (
        "January 2025 to March 2025"
    )
    assert "none is loaded" in rate_sentence(
        "x", date(2025, 1, 1), date(2025, 1, 1), []
    )
