"""Page freshness lines, the population-year rule and the computed MSG method."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from dashboard.freshness import (
    as_at_sentence,
    as_at_text,
    datasets_for_page,
    demo_titles,
    latest_shown,
    page_for_path,
    source_names,
)
from data_access.load.similar import most_similar_groups, standardised_features

DATASETS = pd.DataFrame(
    {
        "dataset_id": ["ons_crime_csp_2025_06", "demo_kpis", "ons_population_mid2023"],
        "title": ["Crime", "KPIs (demo)", "Population"],
        "publisher": [
            "Office for National Statistics",
            "Demo",
            "Office for National Statistics",
        ],
        "period_end": [date(2025, 6, 30), date(2025, 6, 30), date(2023, 6, 30)],
        "loaded_at": [datetime(2026, 11, 28, tzinfo=UTC)] * 3,
        "is_demo": [False, True, False],
    }
)


def test_page_patterns_select_by_prefix_or_all() -> None:
    assert list(datasets_for_page(["ons_"], DATASETS).title) == ["Crime", "Population"]
    assert len(datasets_for_page(["*"], DATASETS)) == 3
    assert datasets_for_page([], DATASETS).empty


def test_as_at_names_latest_period_and_build_date() -> None:
    sentence = as_at_sentence(datasets_for_page(["ons_"], DATASETS))
    assert sentence.startswith("Data as at 30 June 2025")
    assert "database built 28 November 2026" in sentence


def test_as_at_is_the_period_the_page_shows_when_it_says_so() -> None:
    shown = datasets_for_page(["ons_"], DATASETS)
    # A page that shows an earlier period (a map of August 2019) says that period,
    # not the latest of its datasets; the wording is the one of every page.
    assert as_at_sentence(shown, latest_shown([None, "2019-08-31"])) == (
        "Data as at 31 August 2019 (latest period in the figures on this page) "
        "· database built 28 November 2026"
    )
    assert latest_shown([]) is None and latest_shown(["", "bad", None]) is None
    assert latest_shown(["2024-06-30", date(2025, 3, 31)]) == date(2025, 3, 31)
    assert as_at_text(date(2025, 6, 30), "4 December 2026") == (
        "Data as at 30 June 2025 (latest period in the figures on this page) "
        "· database built 4 December 2026"
    )
    assert as_at_text(date(2025, 6, 30)).endswith("on this page)")


def test_demo_titles_and_sources() -> None:
    assert demo_titles(DATASETS) == ["KPIs (demo)"]
    assert source_names(DATASETS) == "Sources: Office for National Statistics."
    assert source_names(DATASETS.iloc[0:0]) == ""


def test_unknown_path_maps_to_not_found_page() -> None:
    registry = [
        {"path": "/", "name": "Overview"},
        {"path": "/404", "name": "Not found"},
    ]
    assert page_for_path("/nowhere", registry)["name"] == "Not found"
    assert page_for_path("/", registry)["name"] == "Overview"
    assert page_for_path("", registry)["name"] == "Overview"


def test_standardised_features_have_mean_0_and_sd_1() -> None:
    features = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [5.0, 5.0, 5.0]})
    scaled = standardised_features(features)
    assert scaled.a.mean() == pytest.approx(0)
    assert scaled.a.std(ddof=0) == pytest.approx(1)
    assert (scaled.b == 0).all()  # a constant column carries no information


def test_most_similar_groups_picks_nearest_and_puts_self_first() -> None:
    features = pd.DataFrame(
        {"x": [0.0, 1.0, 10.0, 11.0, 1.5]}, index=["A", "B", "C", "D", "E"]
    )
    groups = most_similar_groups(features, group_size=3)
    group_a = groups[groups.group_code == "A"].sort_values("rank")
    assert list(group_a.member_code) == ["A", "B", "E"]
    assert group_a["rank"].tolist() == [0, 1, 2]
    assert len(groups) == 15


def test_single_area_group_is_itself() -> None:
    groups = most_similar_groups(pd.DataFrame({"x": [3.0]}, index=["A"]))
    assert groups.member_code.tolist() == ["A"]
