"""The outcomes page's pure parts: outcome groups, each crime's latest outcome,
small-cell merging, URL state and the view computed from small frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.metrics.justice import (
    OTHER_SMALL,
    group_counts,
    latest_outcomes,
    merge_small,
    suppress_small,
)
from dashboard.views.justice.data import Frames, compute
from dashboard.views.justice.state import parse_state
from domain.police_outcomes import (
    OUTCOME_CATEGORIES,
    OUTCOME_GROUPS,
    ethnicity_group,
    outcome_group,
)

JAN, FEB, MAR = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)


def test_every_outcome_category_has_one_of_the_groups() -> None:
    assert len(OUTCOME_CATEGORIES) >= 29
    assert {outcome_group(c) for c in OUTCOME_CATEGORIES} == set(OUTCOME_GROUPS)
    assert outcome_group("Offender given a caution") == "Out-of-court resolution"
    assert outcome_group("Suspect charged") == "Charged or summonsed"


def test_ethnicity_groups_as_published() -> None:
    assert ethnicity_group("White - Any other White background") == "White"
    assert ethnicity_group("Other ethnic group - Not stated") == "Not stated"
    assert ethnicity_group("") == "Not recorded"
    assert (
        ethnicity_group("Black/African/Caribbean/Black British - African")
        == "Black or Black British"
    )


def outcomes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "crime_id": ["a", "a", "b", "c"],
            "month": [JAN, MAR, FEB, JAN],
            "outcome_type": [
                "Unable to prosecute suspect",
                "Suspect charged",
                "Local resolution",
                "Investigation complete; no suspect identified",
            ],
            "outcome_group": [
                "Unable to prosecute or not in the public interest",
                "Charged or summonsed",
                "Out-of-court resolution",
                "No suspect identified",
            ],
            "crime_type": ["Burglary", "Burglary", "Drugs", None],
            "ward_code": ["E05000001", "E05000001", "E05000002", "E05000002"],
            "sector_code": ["PES-NORTH", "PES-NORTH", "PES-SOUTH", "PES-SOUTH"],
        }
    )


def test_each_crime_counts_once_at_its_latest_outcome_by_the_end_month() -> None:
    latest = latest_outcomes(outcomes(), JAN, MAR)
    assert sorted(latest.crime_id) == ["a", "b", "c"]
    assert latest.set_index("crime_id").outcome_group["a"] == "Charged or summonsed"
    # Up to February, crime a's latest outcome is January's.
    early = latest_outcomes(outcomes(), JAN, FEB).set_index("crime_id")
    assert early.outcome_group["a"].startswith("Unable to prosecute")
    # From February on, crime c (last updated in January) drops out.
    assert sorted(latest_outcomes(outcomes(), FEB, MAR).crime_id) == ["a", "b"]


def test_group_counts_have_every_group_and_shares_within_each_row() -> None:
    table = group_counts(latest_outcomes(outcomes(), JAN, MAR), by="ward_code")
    assert len(table) == 2 * len(OUTCOME_GROUPS)
    north = table[table.ward_code == "E05000001"].set_index("outcome_group")
    assert north.crimes["Charged or summonsed"] == 1
    assert north.share["Charged or summonsed"] == 1.0
    south = table[table.ward_code == "E05000002"]
    assert south.share.sum() == 1.0


def test_small_cells_merge_until_none_is_under_five() -> None:
    counts = pd.Series({"a": 50, "b": 7, "c": 3, "d": 1})
    merged = merge_small(counts)
    assert merged.to_dict() == {"a": 50, OTHER_SMALL: 11}
    assert merge_small(pd.Series({"a": 9, "b": 6})).to_dict() == {"a": 9, "b": 6}
    assert merge_small(pd.Series({"a": 3, "b": 1})).empty
    assert (merge_small(pd.Series({"a": 30, "b": 8, "c": 2})) >= 5).all()
    # 3 is hidden, and so is 5: the total (20) would otherwise give the 3 away.
    shown = suppress_small(pd.Series([0, 3, 5, 12]))
    assert shown.isna().tolist() == [False, True, True, False]
    shown = suppress_small(pd.Series([2, 3, 5, 12]))
    assert shown.isna().tolist() == [True, True, False, False]
    assert suppress_small(pd.Series([0, 6, 9])).isna().sum() == 0


def test_unknown_values_in_the_url_get_messages_and_defaults() -> None:
    state = parse_state("spaceships", "<script>", "2024-13", "2024-02", "shoe-size")
    assert state.crime_type == "all"
    assert state.area == "city"
    assert state.first == ""
    assert state.breakdown == "ethnicity"
    assert len(state.messages) == 4
    assert parse_state("burglary", "PES-NORTH", "2024-05", "2024-02").first == (
        "2024-02"
    )


def frames() -> Frames:
    searches = pd.DataFrame(
        {
            "month": [JAN] * 8 + [FEB] * 2,
            "search_type": ["Person search"] * 10,
            "legislation": ["Misuse of Drugs Act 1971 (section 23)"] * 10,
            "object_of_search": ["Controlled drugs"] * 6 + ["Firearms"] * 4,
            "outcome": ["Arrest"] * 10,
            "outcome_linked": [True] * 10,
            "age_range": ["18-24"] * 10,
            "gender": ["Male"] * 10,
            "ethnicity_group": ["White"] * 10,
            "ward_code": ["E05000001"] * 10,
            "sector_code": ["PES-NORTH"] * 10,
        }
    )
    wards = pd.DataFrame(
        {
            "ward_code": ["E05000001", "E05000002"],
            "ward_name": ["North Ward", "South Ward"],
            "sector_code": ["PES-NORTH", "PES-SOUTH"],
            "sector_name": ["Northern", "Southern"],
        }
    )
    datasets = pd.DataFrame(
        {
            "dataset_id": ["police_uk_outcomes_2024_01_to_2024_03"],
            "period_label": ["2024-01 to 2024-03"],
        }
    )
    return Frames(outcomes(), searches, wards, datasets)


def test_view_counts_crimes_and_merges_small_search_cells() -> None:
    view = compute(frames(), parse_state(breakdown="object"))
    assert view.headline.startswith("3 crimes with an outcome and 10 stops")
    assert view.as_at.startswith("Data as at 31 March 2024")
    groups = {r["outcome_group"]: r["crimes"] for r in view.sections["groups"].rows}
    assert groups["Charged or summonsed"] == 1
    # Firearms (4) is under 5: merged with the next smallest into one cell.
    breakdown = view.sections["search-breakdown"].rows
    assert [row["category"] for row in breakdown] == [OTHER_SMALL]
    months = view.sections["search-months"].rows
    # February's 2 is hidden, and January's 8 with it: 10 - 8 would give it away.
    assert [row["searches"] for row in months] == ["not shown", "not shown", 0]
    assert "2 months show no figure" in view.sections["search-months"].summary
    assert "Contains public sector information" in view.sections["groups"].source
    for section in view.sections.values():
        go.Figure(section.figure)  # every figure is valid plotly
    # Every CSV row says what it is; the file is named after the chart and month.
    groups_csv = view.sections["groups"]
    assert groups_csv.csv["fileName"] == "pes-outcomes-groups-2024-03-31.csv"
    assert groups_csv.csv["columnKeys"][-4:] == [
        "measure",
        "period",
        "source",
        "data_status",
    ]
    first = groups_csv.rows[0]
    assert first["data_status"] == "real"
    assert first["measure"].startswith(groups_csv.title)
    assert first["source"] == groups_csv.source


def test_view_filters_area_and_type_and_flags_unknown_area() -> None:
    view = compute(frames(), parse_state("burglary", "E05000002"))
    assert view.headline.startswith("0 crimes with an outcome")
    assert "fewer than 5" not in view.headline
    view = compute(frames(), parse_state(area="E05999999"))
    assert any("no area" in m for m in view.messages)
    assert view.state.area == "city"


def test_stack_summary_counts_a_row_with_none_charged_as_the_lowest() -> None:
    from dashboard.views.justice.text import stack_summary

    table = pd.DataFrame(
        {
            "ward": ["A", "A", "B", "C"],
            "outcome_group": [
                "Charged or summonsed",
                "No suspect identified",
                "No suspect identified",
                "Charged or summonsed",
            ],
            "crimes": [10, 30, 25, 3],
        }
    )
    assert stack_summary(table, "ward", "ward") == (
        "Of the wards with 20 or more crimes, A had the highest share charged or "
        "summonsed (25%) and B the lowest (0%)."
    )
    only_a = table[table.ward == "A"]
    assert stack_summary(only_a, "ward", "ward") == (
        "Only one ward has 20 or more crimes: A, with 25% charged or summonsed."
    )
    assert "no ward has 20 or more" in stack_summary(
        table[table.ward == "C"], "ward", "ward"
    )


def test_bar_labels_keep_their_contrast_on_every_fill() -> None:
    from dashboard.figures.justice import (
        DARK_TEXT,
        GROUP_STYLE,
        group_bar_figure,
        share_stack_figure,
        tint,
    )

    assert tint("#E69F00") == "#FAECCC"
    table = pd.DataFrame(
        {
            "ward": ["A"] * len(OUTCOME_GROUPS),
            "outcome_group": list(OUTCOME_GROUPS),
            "crimes": [10] * len(OUTCOME_GROUPS),
        }
    )
    table["share"] = table.crimes / table.crimes.sum()
    figure = go.Figure(share_stack_figure(table, "ward", ["A"]))
    colours = {trace.name: trace.textfont.color for trace in figure.data}
    solid = [g for g in OUTCOME_GROUPS if not GROUP_STYLE[g][1]]
    assert solid == ["Charged or summonsed"]
    assert colours["Charged or summonsed"] == "white"
    assert {colours[g] for g in OUTCOME_GROUPS if g not in solid} == {DARK_TEXT}
    # Each bar of the groups chart is drawn in its own group's pattern.
    bars = go.Figure(group_bar_figure(table.drop(columns="ward")))
    shapes = {t.y[0]: t.marker.pattern.shape for t in bars.data}
    assert shapes == {g: GROUP_STYLE[g][1] or None for g in OUTCOME_GROUPS}
