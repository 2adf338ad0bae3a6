"""The KPI status rule (RAG), freshness, change and alignment gaps: edge cases."""

from __future__ import annotations

import random
from datetime import date

import pandas as pd
import pytest
from scipy import stats

from dashboard.metrics import alignment
from dashboard.metrics.intervals import poisson_limits, wilson_interval
from dashboard.metrics.kpi import (
    AMBER,
    CONFIDENCE,
    GREEN,
    NOT_RATED,
    RED,
    change_between,
    is_overdue,
    next_value_due,
    rag_status,
    rate_scale,
    sparkline,
)
from dashboard.metrics.kpi_table import assessment_date, period_label

# ------------------------------------------------------------------ the RAG rule


def test_exactly_on_target_is_green_either_direction() -> None:
    for direction in ("lower_is_better", "higher_is_better"):
        assert rag_status(100.0, 100.0, direction=direction).status == GREEN


def test_on_target_after_rounding_is_green() -> None:
    assert rag_status(2.8000000000001, 2.8, direction="lower_is_better").status == GREEN


def test_direction_of_good_decides_which_side_is_short() -> None:
    assert rag_status(90.0, 100.0, direction="lower_is_better").status == GREEN
    assert rag_status(90.0, 100.0, direction="higher_is_better").status == RED
    assert rag_status(110.0, 100.0, direction="higher_is_better").status == GREEN
    assert rag_status(110.0, 100.0, direction="lower_is_better").status == RED


def test_tolerance_boundary_is_amber_and_just_past_it_is_red() -> None:
    assert (
        rag_status(105.0, 100.0, direction="lower_is_better", tolerance=0.05).status
        == AMBER
    )
    assert (
        rag_status(105.01, 100.0, direction="lower_is_better", tolerance=0.05).status
        == RED
    )
    assert (
        rag_status(95.0, 100.0, direction="higher_is_better", tolerance=0.05).status
        == AMBER
    )


def test_zero_tolerance_has_no_amber_band() -> None:
    assert (
        rag_status(100.5, 100.0, direction="lower_is_better", tolerance=0).status == RED
    )


def test_missing_target_is_not_rated_with_reason() -> None:
    for target in (None, float("nan")):
        rag = rag_status(5.0, target, direction="lower_is_better")
        assert rag.status == NOT_RATED
        assert "No target" in rag.reason


def test_missing_value_is_not_rated() -> None:
    assert rag_status(None, 10.0, direction="lower_is_better").status == NOT_RATED
    assert rag_status(float("nan"), 10.0, direction="lower_is_better").status == (
        NOT_RATED
    )


def test_unknown_direction_or_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValueError):
        rag_status(1.0, 1.0, direction="sideways")
    with pytest.raises(ValueError):
        rag_status(1.0, 1.0, direction="lower_is_better", tolerance=-0.1)


def test_rate_with_small_counts_is_amber_not_red_when_target_inside_interval() -> None:
    # 4 events per 1,000 of 1,000 people: 4.0 per 1,000 against a target of 2.0 is
    # double the target, but 4 events are consistent with an underlying rate of 2.
    rag = rag_status(
        4.0,
        2.0,
        direction="lower_is_better",
        value_kind="rate",
        numerator=4,
        denominator=1_000,
        scale=1_000,
    )
    assert rag.status == AMBER
    assert rag.interval is not None and rag.interval[0] <= 2.0 <= rag.interval[1]
    assert "chance" in rag.reason


def test_rate_with_large_counts_beyond_tolerance_is_red() -> None:
    rag = rag_status(
        4.0,
        2.0,
        direction="lower_is_better",
        value_kind="rate",
        numerator=4_000,
        denominator=1_000_000,
        scale=1_000,
    )
    assert rag.status == RED


def test_percentage_on_a_small_base_is_amber_on_a_large_base_red() -> None:
    small = rag_status(
        70.0,
        80.0,
        direction="higher_is_better",
        value_kind="percentage",
        numerator=7,
        denominator=10,
        scale=100,
    )
    large = rag_status(
        70.0,
        80.0,
        direction="higher_is_better",
        value_kind="percentage",
        numerator=700,
        denominator=1_000,
        scale=100,
    )
    assert small.status == AMBER
    assert large.status == RED


def test_count_kpis_get_no_significance_test() -> None:
    rag = rag_status(
        4.0, 2.0, direction="lower_is_better", value_kind="count", numerator=4
    )
    assert rag.status == RED
    assert rag.interval is None


def test_labels_carry_shape_letter_and_word() -> None:
    assert rag_status(1.0, 1.0, direction="lower_is_better").label == "● G Green"
    assert rag_status(9.0, 1.0, direction="lower_is_better").label == "■ R Red"


def test_rate_scale_reads_the_unit() -> None:
    assert rate_scale("per 1,000 residents", "rate") == 1000
    assert rate_scale("per 10,000 dwellings", "rate") == 10000
    assert rate_scale("% of cases", "percentage") == 100
    assert rate_scale("incidents", "count") is None


def test_intervals_match_known_values() -> None:
    low, high = poisson_limits(0)
    assert low == 0 and high == pytest.approx(3.689, abs=1e-3)
    low, high = poisson_limits(10)
    assert low == pytest.approx(4.795, abs=1e-3) and high == pytest.approx(
        18.390, abs=1e-3
    )
    low, high = wilson_interval(0 / 10, 10)
    assert low == 0 and high == pytest.approx(0.2775, abs=1e-4)


# ------------------------------------------------------------------ overdue


def test_monthly_value_due_a_month_after_the_next_period_ends() -> None:
    assert next_value_due(date(2025, 4, 30), "monthly") == date(2025, 7, 1)
    assert not is_overdue(date(2025, 4, 30), "monthly", date(2025, 7, 1))
    assert is_overdue(date(2025, 4, 30), "monthly", date(2025, 7, 2))


def test_quarterly_and_annual_allow_longer() -> None:
    assert not is_overdue(date(2025, 3, 31), "quarterly", date(2025, 8, 14))
    assert is_overdue(date(2025, 3, 31), "quarterly", date(2025, 8, 15))
    assert not is_overdue(date(2025, 3, 31), "annual", date(2026, 6, 30))
    assert is_overdue(date(2025, 3, 31), "annual", date(2026, 7, 2))


def test_no_value_at_all_is_overdue_and_unknown_frequency_refused() -> None:
    assert is_overdue(None, "monthly", date(2025, 1, 1))
    with pytest.raises(ValueError):
        is_overdue(date(2025, 1, 31), "fortnightly", date(2025, 3, 1))


def test_demo_data_is_judged_at_its_latest_return_real_data_today() -> None:
    stamp = pd.Timestamp("2025-07-25 12:00", tz="UTC").to_pydatetime()
    today = date(2026, 11, 28)
    assert assessment_date(is_demo=True, latest_update=stamp, today=today) == date(
        2025, 7, 25
    )
    assert assessment_date(is_demo=False, latest_update=stamp, today=today) == today


# ------------------------------------------------------------------ change


def test_change_says_better_or_worse_by_direction() -> None:
    assert change_between(90, 100, direction="lower_is_better").text == (
        "Down 10 (better)"
    )
    assert change_between(90, 100, direction="higher_is_better").text == (
        "Down 10 (worse)"
    )
    assert change_between(5, None, direction="lower_is_better").delta is None


def test_rate_change_on_small_counts_is_not_significant() -> None:
    change = change_between(
        6.0,
        3.0,
        direction="lower_is_better",
        value_kind="rate",
        numerators=(6, 3),
        denominators=(1_000, 1_000),
    )
    assert change.significant is False
    assert change.text.endswith("not significant")
    big = change_between(
        6.0,
        3.0,
        direction="lower_is_better",
        value_kind="rate",
        numerators=(6_000, 3_000),
        denominators=(1_000_000, 1_000_000),
    )
    assert big.significant is True


def test_percentage_change_uses_fishers_test() -> None:
    small = change_between(
        60.0,
        40.0,
        direction="higher_is_better",
        value_kind="percentage",
        numerators=(6, 4),
        denominators=(10, 10),
    )
    assert small.significant is False
    large = change_between(
        60.0,
        40.0,
        direction="higher_is_better",
        value_kind="percentage",
        numerators=(600, 400),
        denominators=(1000, 1000),
    )
    assert large.significant is True


def test_change_significance_is_the_exact_tests_own_answer() -> None:
    # The rule skips a test when a one-sided tail is already at or above alpha;
    # the answer must still be the full two-sided test's, significant or not.
    alpha = 1 - CONFIDENCE
    rng = random.Random(20250630)
    answers = set()
    for _ in range(120):
        base = rng.choice([20, 300, 5_000])
        d1, d0 = rng.randint(1, base), rng.randint(1, base)
        n1 = rng.randint(0, d1)
        n0 = min(d0, max(0, round(n1 * d0 / d1 * rng.uniform(0.7, 1.3))))
        table = [[n1, d1 - n1], [n0, d0 - n0]]
        expected = bool(stats.fisher_exact(table).pvalue < alpha)
        change = change_between(
            n1 / d1 * 100,
            n0 / d0 * 100,
            direction="higher_is_better",
            value_kind="percentage",
            numerators=(n1, n0),
            denominators=(d1, d0),
        )
        assert change.significant is expected, table
        answers.add(expected)
        c1, c0 = rng.randint(0, base), rng.randint(0, base)
        p1, p0 = float(rng.randint(1_000, 250_000)), float(rng.randint(1_000, 250_000))
        expected = (
            False
            if c1 + c0 == 0
            else bool(stats.binomtest(c1, c1 + c0, p1 / (p1 + p0)).pvalue < alpha)
        )
        change = change_between(
            c1 / p1 * 1_000,
            c0 / p0 * 1_000,
            direction="lower_is_better",
            value_kind="rate",
            numerators=(c1, c0),
            denominators=(p1, p0),
        )
        assert change.significant is expected, (c1, c0, p1, p0)
        answers.add(expected)
    assert answers == {True, False}


# ------------------------------------------------------------------ small helpers


def test_sparkline_and_period_labels() -> None:
    assert sparkline([1, 2, 3]) == "▁▅█"
    assert sparkline([5, 5]) == "▄▄"
    assert sparkline([]) == ""
    assert period_label(date(2025, 6, 1), date(2025, 6, 30), "monthly") == "June 2025"
    assert period_label(date(2025, 4, 1), date(2025, 6, 30), "quarterly") == (
        "Apr to Jun 2025"
    )
    assert period_label(date(2024, 4, 1), date(2025, 3, 31), "annual") == "2024/25"


# ------------------------------------------------------------------ alignment gaps

ROWS = pd.DataFrame({"objective_id": ["pes-a", "pes-b", "spp-c"]})
COLUMNS = pd.DataFrame({"objective_id": ["pcp-x", "pcp-y", "pcp-z"]})
LINKS = pd.DataFrame(
    {
        "from_objective_id": ["pes-a", "spp-c"],
        "to_objective_id": ["pcp-x", "pcp-y"],
        "strength": [3, 2],
        "rationale": ["why", "because"],
        "is_demo": [True, True],
    }
)
KPI_LINKS = pd.DataFrame(
    {
        "kpi_id": ["k1", "k2", "k3", "k4"],
        "objective_id": ["pes-a", "pes-a", "spp-c", "pes-b"],
    }
)
STATUS = pd.DataFrame(
    {"kpi_id": ["k1", "k2", "k3", "k4"], "status": [GREEN, RED, AMBER, GREEN]}
)


def cells() -> pd.DataFrame:
    return alignment.alignment_cells(ROWS, COLUMNS, LINKS, KPI_LINKS, STATUS)


def test_cell_counts_the_kpis_of_a_linked_priority_by_status() -> None:
    cell = cells().set_index(["row_id", "col_id"]).loc[("pes-a", "pcp-x")]
    assert cell.strength == 3
    assert cell.kpi_ids == ["k1", "k2"]
    assert (cell.n_green, cell.n_amber, cell.n_red) == (1, 0, 1)


def test_kpi_tagged_to_both_priority_and_objective_counts_without_a_link() -> None:
    links = pd.concat(
        [KPI_LINKS, pd.DataFrame({"kpi_id": ["k4"], "objective_id": ["pcp-z"]})]
    )
    table = alignment.alignment_cells(ROWS, COLUMNS, LINKS, links, STATUS)
    cell = table.set_index(["row_id", "col_id"]).loc[("pes-b", "pcp-z")]
    assert cell.strength == 0 and cell.kpi_ids == ["k4"]


def test_objective_with_no_pes_kpi_is_a_gap_even_if_spp_covers_it() -> None:
    # pcp-y is served only by the SPP priority; pcp-z by nothing.
    assert alignment.objective_gaps(cells(), ["pes-a", "pes-b"]) == ["pcp-y", "pcp-z"]


def test_priority_linked_to_no_objective_is_a_gap() -> None:
    assert alignment.priority_gaps(cells()) == ["pes-b"]


def test_no_gaps_when_everything_is_linked() -> None:
    links = pd.DataFrame(
        {
            "from_objective_id": ["pes-a", "pes-a", "pes-a", "pes-b", "spp-c"],
            "to_objective_id": ["pcp-x", "pcp-y", "pcp-z", "pcp-x", "pcp-y"],
            "strength": [1, 1, 1, 1, 1],
            "rationale": [""] * 5,
            "is_demo": [True] * 5,
        }
    )
    table = alignment.alignment_cells(ROWS, COLUMNS, links, KPI_LINKS, STATUS)
    assert alignment.objective_gaps(table, ["pes-a", "pes-b"]) == []
    assert alignment.priority_gaps(table) == []


def test_summary_sentence_names_the_gaps() -> None:
    titles = {"pcp-y": "Y objective", "pcp-z": "Z objective", "pes-b": "B priority"}
    text = alignment.alignment_summary(cells(), titles, ["pes-a", "pes-b"])
    assert text.startswith("2 links")
    assert "Y objective, Z objective" in text
    assert "B priority" in text


def test_default_plan_is_latest_confirmed_started_plan() -> None:
    plans = pd.DataFrame(
        {
            "plan_id": ["p17", "p21", "p25"],
            "plan_kind": ["pcp"] * 3,
            "period_start": [date(2017, 4, 1), date(2021, 11, 30), date(2025, 4, 1)],
        }
    )
    objectives = pd.DataFrame(
        {"plan_id": ["p17", "p21", "p25"], "confirmed": [True, True, False]}
    )
    assert (
        alignment.default_plan_id(plans, objectives, kind="pcp", today=date(2026, 1, 1))
        == "p21"
    )
    confirmed = objectives.assign(confirmed=True)
    assert (
        alignment.default_plan_id(plans, confirmed, kind="pcp", today=date(2026, 1, 1))
        == "p25"
    )
    assert (
        alignment.default_plan_id(plans, confirmed, kind="pcp", today=date(2022, 1, 1))
        == "p21"
    )
    assert (
        alignment.default_plan_id(plans, objectives, kind="spp", today=date.today())
        is None
    )


# ------------------------------------------------------------------ risks


def test_risk_score_bands_and_bad_levels() -> None:
    from dashboard.metrics.risk import risk_score, score_band

    assert risk_score(3, 5) == 15 and score_band(15) == ("High", "H")
    assert score_band(14) == ("Medium", "M") and score_band(8) == ("Medium", "M")
    assert score_band(7) == ("Low", "L") and score_band(1) == ("Low", "L")
    with pytest.raises(ValueError):
        risk_score(0, 3)
    with pytest.raises(ValueError):
        risk_score(3, 6)


def test_review_overdue_only_for_open_risks_past_their_date() -> None:
    from dashboard.metrics.risk import review_state

    today = date(2025, 7, 31)
    assert review_state(date(2025, 7, 30), "open", today) == (
        True,
        "Review overdue by 1 day",
    )
    assert review_state(date(2025, 7, 31), "open", today) == (False, "Review due today")
    assert review_state(date(2025, 1, 1), "closed", today) == (False, "Closed")


def test_risk_grid_counts_every_cell_and_summary_names_overdue() -> None:
    from dashboard.metrics.risk import risk_grid, risk_summary, risk_table

    risks = pd.DataFrame(
        {
            "risk_id": ["R1", "R2", "R3"],
            "likelihood": [4, 4, 1],
            "impact": [4, 4, 2],
            "review_date": [date(2025, 1, 1), date(2026, 1, 1), date(2025, 1, 1)],
            "status": ["open", "open", "closed"],
        }
    )
    table = risk_table(risks, as_of=date(2025, 7, 31))
    grid = risk_grid(table[table.status == "open"])
    assert len(grid) == 25 and grid["count"].sum() == 2
    cell = grid[(grid.likelihood == 4) & (grid.impact == 4)].iloc[0]
    assert cell["count"] == 2 and cell.risk_ids == ["R1", "R2"]
    text = risk_summary(table)
    assert text.startswith("2 open risks, 2 scored High")
    assert "1 review is overdue: R1." in text
