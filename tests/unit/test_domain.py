"""The project's vocabulary: areas, month helpers and the one population-year rule."""

from __future__ import annotations

from datetime import date

import pytest

from domain.areas import SECTOR_CODES, SECTOR_LETTERS, SECTOR_SHORT_NAMES
from domain.dates import (
    add_months,
    month_end,
    month_start,
    months_between,
    twelve_months_to,
)
from domain.population import (
    CENSUS_BREAK,
    DENOMINATORS,
    census_break,
    denominator,
    is_pre_census,
    population_year,
)


@pytest.mark.parametrize(
    ("period_end", "year"),
    [
        (date(2025, 6, 30), 2023),
        (date(2023, 6, 30), 2023),
        (date(2023, 3, 31), 2022),
        (date(2021, 6, 30), 2022),
    ],
)
def test_population_year_is_the_latest_mid_year_not_after_the_period(
    period_end: date, year: int
) -> None:
    assert population_year(period_end, [2022, 2023]) == year


def test_population_year_edges() -> None:
    assert population_year(date(2025, 3, 1), [2020, 2021, 2022]) == 2022
    assert population_year(date(2021, 5, 1), [2020, 2021, 2022]) == 2020
    # Every estimate later than the period: the earliest one.
    assert population_year(date(2019, 8, 1), [2022]) == 2022
    assert population_year(date(2019, 8, 1), [2020, 2021, 2022]) == 2020
    assert population_year(date(2025, 6, 1), [2020, 2021, 2022]) == 2022
    assert population_year(date(2025, 6, 30), []) is None
    assert population_year(date(2025, 3, 1), []) is None


def test_population_year_is_the_same_for_a_window_on_every_page() -> None:
    # The sector map once took the nearest year (2021 here) while the perception
    # and crime pages took 2020: one rule now answers for all of them.
    assert population_year(date(2021, 5, 1), {2020: "a", 2021: "b"}) == 2020


PRE_AND_POST = [*range(2001, 2021), 2022, 2023]


def test_pre_census_estimates_stand_only_for_periods_before_mid_2021() -> None:
    assert population_year(date(2016, 3, 31), PRE_AND_POST) == 2015
    assert population_year(date(2021, 3, 31), PRE_AND_POST) == 2020
    assert population_year(date(2021, 6, 29), PRE_AND_POST) == 2020
    # From mid-2021 on never a pre-census estimate, even with no mid-2021 loaded:
    # the earliest post-census estimate stands instead.
    assert population_year(CENSUS_BREAK, PRE_AND_POST) == 2022
    assert population_year(date(2022, 3, 31), PRE_AND_POST) == 2022
    assert population_year(date(2023, 6, 30), PRE_AND_POST) == 2023
    assert population_year(date(2022, 3, 31), range(2001, 2021)) is None
    assert population_year(date(2022, 3, 31), [2020, 2021]) == 2021
    assert is_pre_census(2020) and not is_pre_census(2021)


def test_census_break_says_where_a_series_crosses_it() -> None:
    ends = [date(year, 3, 31) for year in range(2013, 2023)]
    found = census_break(ends)
    assert found is not None
    assert found.index == 9
    assert (found.last_before, found.first_after) == (
        date(2021, 3, 31),
        date(2022, 3, 31),
    )
    assert date(2021, 3, 31) < found.midpoint < date(2022, 3, 31)
    assert "2021 Census" in found.label
    assert census_break(ends[:9]) is None  # 2012-13 to 2020-21: all pre-census
    assert census_break(ends[9:]) is None
    assert census_break([date(year, 3, 31) for year in range(2008, 2020)]) is None
    assert census_break([]) is None


def test_every_measure_names_its_denominator() -> None:
    assert denominator("flytipping").source == "ons_mid_year"
    assert denominator("police_asb_force").source == "as_published"
    assert all("per 1,000" in rule.statement for rule in DENOMINATORS.values())
    with pytest.raises(KeyError):
        denominator("no such measure")


def test_month_helpers() -> None:
    assert month_start(date(2024, 2, 29)) == date(2024, 2, 1)
    assert month_end(date(2024, 2, 3)) == date(2024, 2, 29)
    assert month_end(date(2023, 2, 3)) == date(2023, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 1)
    assert add_months(date(2024, 1, 15), -1) == date(2023, 12, 1)
    assert months_between(date(2024, 11, 5), date(2025, 2, 1)) == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]
    assert len(months_between(date(2024, 4, 1), date(2025, 3, 1))) == 12
    assert months_between(date(2025, 2, 1), date(2025, 1, 1)) == []
    assert twelve_months_to(date(2025, 3, 14)) == (date(2024, 4, 1), date(2025, 3, 1))


def test_sector_names_in_their_short_forms() -> None:
    assert SECTOR_CODES == ("PES-NORTH", "PES-SOUTH", "PES-EAST")
    assert SECTOR_SHORT_NAMES["PES-SOUTH"] == "Southern"
    assert SECTOR_LETTERS == {"PES-NORTH": "N", "PES-SOUTH": "S", "PES-EAST": "E"}


def test_a_kpi_tolerance_of_zero_is_kept_as_zero() -> None:
    from data_access.load.import_partnership import _kpi_row

    row = {
        "kpi_id": "k-1",
        "name": "A KPI",
        "owner_agency": "council",
        "unit": "count",
        "direction": "lower_is_better",
        "tolerance": "0",
        "frequency": "monthly",
        "value_kind": "count",
    }
    assert _kpi_row(row)["tolerance"] == 0
    assert _kpi_row(row | {"tolerance": ""})["tolerance"] == 0.05
