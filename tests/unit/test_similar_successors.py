"""The computed most similar group: six domains without Crime, and authorities
created after 2019 scored from the districts they replaced."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from data_access.load import similar

PUBLIC = Path(__file__).resolve().parents[2] / "data" / "public"


def _changes() -> pd.DataFrame:
    return similar.read_changes(PUBLIC / similar.CHANGES_FILE)


def _deprivation(scores: dict[str, dict[str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"area_code": code, "index_domain": domain, "average_score": value}
            for code, by_domain in scores.items()
            for domain, value in by_domain.items()
        ]
    )


CHANGES = pd.DataFrame(
    {
        "successor_code": ["N1", "N1", "N2", "N2"],
        "successor_name": ["New One", "New One", "New Two", "New Two"],
        "predecessor_code": ["A", "B", "C", "D"],
    }
)
DEPRIVATION = _deprivation(
    {
        "A": {"Income": 10.0, "Crime": 1.0},
        "B": {"Income": 20.0, "Crime": 3.0},
        "C": {"Income": 30.0, "Crime": 1.0},
        "D": {"Income": 50.0, "Crime": 1.0},
    }
)


def test_crime_domain_is_not_a_similarity_measure() -> None:
    assert "Crime" not in similar.DOMAINS
    assert len(similar.DOMAINS) == 6
    assert "crime domain is left out" in similar.METHOD
    assert "not the Home Office iQuanta" in similar.METHOD


def test_successor_scores_are_population_weighted_by_latest_year_to_2020() -> None:
    population = pd.DataFrame(
        {
            "area_code": ["A", "A", "A", "B", "B"],
            "year": [2019, 2020, 2022, 2019, 2020],
            "population": [999, 100, 5_000, 999, 300],
        }
    )
    added, weighting = similar.successor_scores(DEPRIVATION, CHANGES, population)
    one = added[added.area_code == "N1"].set_index("index_domain").average_score
    # mid-2020 weights 100 and 300 (mid-2022 is after the reorganisation, not used)
    assert one["Income"] == pytest.approx((10 * 100 + 20 * 300) / 400)
    assert one["Crime"] == pytest.approx((1 * 100 + 3 * 300) / 400)
    assert weighting["New One"] == "population mid-2020"
    # C and D have no population row: weighted equally, and said so
    two = added[added.area_code == "N2"].set_index("index_domain").average_score
    assert two["Income"] == pytest.approx(40.0)
    assert weighting["New Two"] == "equal"
    text = similar.method_text(weighting)
    assert text.startswith(similar.METHOD)
    assert "New One: districts weighted by their ONS mid-2020 population" in text
    assert "New Two: no population estimate is loaded for its former districts" in text
    assert "weighted equally" in text


def test_successor_with_own_scores_or_missing_predecessor_is_not_derived() -> None:
    deprivation = pd.concat(
        [DEPRIVATION[DEPRIVATION.area_code != "D"], _deprivation({"N1": {"Income": 5}})]
    )
    added, weighting = similar.successor_scores(
        deprivation, CHANGES, pd.DataFrame(columns=["area_code", "year", "population"])
    )
    assert added.empty
    assert weighting == {}


def test_reorganised_rate_areas_are_grouped_not_left_out() -> None:
    members = pd.DataFrame(
        {"rate_area_code": ["R1", "R2", "R3"], "lad_code": ["E1", "E9", "E3"]}
    )
    deprivation = _deprivation(
        {
            code: dict.fromkeys(similar.DOMAINS, value)
            for code, value in (("E1", 1.0), ("E2", 2.0), ("E3", 3.0))
        }
    )
    changes = pd.DataFrame(
        {
            "successor_code": ["E9", "E9"],
            "successor_name": ["New", "New"],
            "predecessor_code": ["E1", "E2"],
        }
    )
    population = pd.DataFrame(
        {"area_code": ["E1", "E9", "E3"], "population": [100, 200, 300]}
    )
    _, left_out = similar.rate_area_features(members, deprivation, population)
    assert left_out == ["R2"]
    added, _ = similar.successor_scores(
        deprivation, changes, pd.DataFrame(columns=["area_code", "year", "population"])
    )
    features, left_out = similar.rate_area_features(
        members, pd.concat([deprivation, added]), population
    )
    assert left_out == []
    assert features.loc["R2", "Income"] == pytest.approx(1.5)


def test_change_file_codes_and_names_match_the_iod_and_lookup_files() -> None:
    changes = _changes()
    assert len(changes) == 28
    assert changes.predecessor_code.is_unique
    with (PUBLIC / "iod2019_lad_summaries.csv").open(encoding="utf-8-sig") as handle:
        iod = {row["lad19cd"]: row["lad19nm"] for row in csv.DictReader(handle)}
    with (PUBLIC / "csp_lad_pfa_lookup_dec2023.csv").open(
        encoding="utf-8-sig"
    ) as handle:
        lookup = {row["LAD23CD"]: row["LAD23NM"] for row in csv.DictReader(handle)}
    for row in changes.itertuples():
        assert iod[row.predecessor_code] == row.predecessor_name
        assert row.predecessor_code not in lookup  # abolished by December 2023
        assert lookup[row.successor_code] == row.successor_name
        assert row.successor_code not in iod  # no IMD 2019 scores of its own
        assert "(Structural Changes) Order" in row.legislation
    # every English authority of the 2023 lookup now has IMD 2019 scores
    missing = {
        code for code in lookup if code.startswith("E") and code not in iod
    } - set(changes.successor_code)
    assert missing == set()


def test_mye4_has_the_2023_reorganisations_districts_but_not_the_earlier_ones() -> None:
    """The population file the weights come from (ONS MYE4, 2021 boundaries)."""
    xlrd = pytest.importorskip("xlrd")
    sheet = xlrd.open_workbook(
        str(PUBLIC / "ons_mye_uk_mid2001_to_mid2020.xls")
    ).sheet_by_name("MYE4")
    codes = {str(sheet.cell_value(r, 0)).strip() for r in range(sheet.nrows)}
    changes = _changes()
    later = changes[changes.effective == "2023-04-01"]
    earlier = changes[changes.effective < "2023-01-01"]
    assert set(later.predecessor_code) <= codes
    assert not set(earlier.predecessor_code) & codes


def test_quartile_msg_panel_states_the_loaded_method() -> None:
    from dashboard.views.quartile import text

    members = pd.DataFrame({"member_code": ["A"], "method": [similar.METHOD]})
    note = text.msg_method_note(members)
    assert note.startswith("How the group is chosen: An area's most similar group")
    assert not note.endswith(".")  # the source line adds the full stop
    assert text.msg_method_note(pd.DataFrame({"member_code": ["A"]})) == ""


def test_msg_chart_note_says_computed_without_the_crime_domain() -> None:
    from dashboard.views.quartile import text

    note = text.group_note(official=False, demo=False)
    assert "crime domain left out" in note
    assert "not the Home Office iQuanta group" in note
    assert text.group_note(official=True, demo=False) == (
        "Home Office most similar group"
    )
