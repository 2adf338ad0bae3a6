"""Statistical process control: XmR and c-chart limits, the Making Data Count rules at
their edges, breaks, too few points, variation and assurance, and a published worked
example."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.metrics import spc

# A stable baseline of 15 points whose mean is exactly 11:
# sum = 7 x 10 + 7 x 12 + 11 = 165, mean = 165 / 15 = 11.
# Moving ranges: thirteen of 2 and a last one of |11 - 12| = 1, sum 27, mean 27 / 14.
# Limits: 11 +/- 2.66 x 27 / 14 = 11 +/- 5.13 -> (5.87, 16.13);
# two-sigma lines 11 +/- (2 / 3) x 5.13 = 11 +/- 3.42 -> (7.58, 14.42).
BASELINE = [10, 12] * 7 + [11]
HELD = len(BASELINE)


def held(*extra: float) -> spc.SpcResult:
    """The baseline's limits, held for the points after it."""
    return spc.xmr([*BASELINE, *extra], baseline=HELD)


def flagged(result: spc.SpcResult, rule: str) -> list[int]:
    flags = {
        spc.RULE_BEYOND: result.beyond,
        spc.RULE_SHIFT: result.shift,
        spc.RULE_TREND: result.trend,
        spc.RULE_NEAR_LIMIT: result.two_of_three,
    }[rule]
    return [i for i, flag in enumerate(flags) if flag]


def test_hand_computed_limits():
    # 10, 12, 11, 13, 9: mean 55 / 5 = 11; moving ranges 2, 1, 2, 4, mean 9 / 4 = 2.25;
    # limits 11 +/- 2.66 x 2.25 = 11 +/- 5.985; sigma 2.25 / 1.128 = 1.9947.
    result = spc.xmr([10, 12, 11, 13, 9], min_points=5)
    (segment,) = result.segments
    assert segment.method == spc.XMR
    assert segment.mean == pytest.approx(11)
    assert segment.mean_moving_range == pytest.approx(2.25)
    assert segment.upper == pytest.approx(16.985)
    assert segment.lower == pytest.approx(5.015)
    assert segment.sigma == pytest.approx(1.99468, abs=1e-5)
    assert segment.near_upper == pytest.approx(11 + 3.99)
    assert not any(result.special)


def test_baseline_limits():
    segment = held().segments[0]
    assert segment.mean == pytest.approx(11)
    assert segment.upper == pytest.approx(11 + 2.66 * 27 / 14)
    assert segment.lower == pytest.approx(11 - 2.66 * 27 / 14)


def test_limits_are_held_after_the_baseline():
    # Later points do not move the limits computed from the first 15.
    assert held(30, 31, 2).segments[0].upper == held().segments[0].upper


def test_point_beyond_a_limit():
    # Upper limit 16.13: 16 is inside, 16.2 beyond; lower limit 5.87: 5.8 beyond.
    assert flagged(held(16), spc.RULE_BEYOND) == []
    assert flagged(held(16.2), spc.RULE_BEYOND) == [HELD]
    assert flagged(held(5.8), spc.RULE_BEYOND) == [HELD]
    assert held(5.8).side[HELD] == -1


def test_shift_needs_seven_points_on_one_side():
    # 12 is above the mean of 11 and inside the two-sigma line.
    assert flagged(held(*[12] * 6), spc.RULE_SHIFT) == []
    assert flagged(held(*[12] * 7), spc.RULE_SHIFT) == list(range(HELD, HELD + 7))
    assert flagged(held(*[10] * 7), spc.RULE_SHIFT) == list(range(HELD, HELD + 7))


def test_a_point_on_the_mean_breaks_a_shift():
    assert flagged(held(12, 12, 12, 11, 12, 12, 12, 12), spc.RULE_SHIFT) == []


def test_trend_needs_seven_points_rising_or_falling():
    # The baseline ends at 11, so a rise from 9 starts a new run.
    six = [9, 9.5, 10, 10.5, 11, 11.5]
    assert flagged(held(*six), spc.RULE_TREND) == []
    assert flagged(held(*six, 12), spc.RULE_TREND) == list(range(HELD, HELD + 7))
    assert flagged(held(*six, 12), spc.RULE_SHIFT) == []


def test_falling_trend_points_down_whichever_side_of_the_mean():
    result = held(13, 12.5, 12, 11.5, 11, 10.5, 10)
    assert flagged(result, spc.RULE_TREND) == list(range(HELD, HELD + 7))
    assert set(result.side[HELD:]) == {-1}


def test_an_equal_value_breaks_a_trend():
    assert flagged(held(9, 9.5, 10, 10, 10.5, 11, 11.5, 12), spc.RULE_TREND) == []


def test_two_of_three_beyond_two_sigma_on_one_side():
    # Two-sigma line 14.42: two of three points above it (15, 10, 15) is a signal for
    # the two high points; one in three (15, 10, 10, 15) is not.
    assert flagged(held(15, 10, 15), spc.RULE_NEAR_LIMIT) == [HELD, HELD + 2]
    assert flagged(held(15, 10, 10, 15), spc.RULE_NEAR_LIMIT) == []
    # One high and one low (lower line 7.58) are on different sides: no signal.
    assert flagged(held(15, 10, 7), spc.RULE_NEAR_LIMIT) == []
    assert flagged(held(7, 7, 11), spc.RULE_NEAR_LIMIT) == [HELD, HELD + 1]


def test_nothing_is_flagged_in_a_stable_series():
    assert not any(held(10, 12, 11, 10, 12).special)


def test_breaks_recalculate_limits_and_runs_do_not_cross_them():
    # 15 points alternating 9, 11 (sum 7 x 20 + 9 = 149) then 15 alternating 19, 21
    # (sum 7 x 40 + 19 = 299); every moving range within a segment is 2.
    values = [9, 11] * 7 + [9] + [19, 21] * 7 + [19]
    one = spc.xmr(values)
    assert any(one.shift)  # one set of limits over a change of level
    months = pd.period_range("2024-01", periods=30, freq="M")
    split = spc.xmr(values, months, breaks={months[15]: "new recording practice"})
    first, second = split.segments
    assert (first.start, first.stop, second.start, second.stop) == (0, 15, 15, 30)
    assert second.start_period == months[15]
    assert second.reason == "new recording practice"
    assert first.mean == pytest.approx(149 / 15)
    assert second.mean == pytest.approx(299 / 15)
    # The jump of 10 across the break is not a moving range of either segment.
    assert first.mean_moving_range == pytest.approx(2)
    assert second.mean_moving_range == pytest.approx(2)
    assert not any(split.special)


def test_unknown_break_is_refused():
    with pytest.raises(ValueError, match="not one of the periods"):
        spc.xmr(BASELINE, breaks=[99])


def test_too_few_points_gives_no_limits():
    result = spc.xmr([10, 12, 11] * 4 + [40, 41])
    (segment,) = result.segments
    assert segment.method == spc.TOO_FEW
    assert segment.upper is None and segment.mean is None
    assert "14" in segment.note and str(spc.MIN_POINTS) in segment.note
    assert not any(result.special)
    assert spc.variation(result, "lower_is_better").key == spc.TOO_FEW_POINTS
    assert spc.variation(result, None).label == "Too few points"


def test_a_short_segment_after_a_break_has_no_limits():
    values = BASELINE + [11, 12, 10, 11, 12, 10, 11, 12, 10, 40]
    result = spc.xmr(values, breaks=[20])
    assert [s.method for s in result.segments] == [spc.XMR, spc.TOO_FEW]
    assert not result.special[-1]
    assert spc.variation(result, "lower_is_better").key == spc.TOO_FEW_POINTS
    assert spc.assurance(result, 5, "lower_is_better").key == spc.TOO_FEW_POINTS


def test_count_limits_floored_at_zero():
    # 0, 4 alternating then 0: mean 28 / 15 = 1.87, every moving range 4, so the
    # lower limit 1.87 - 2.66 x 4 = -8.77 is raised to 0.
    result = spc.xmr([0, 4] * 7 + [0], counts=True)
    segment = result.segments[0]
    assert segment.lower == 0 and segment.lower_floored
    assert "cannot be negative" in segment.note
    assert spc.xmr([0, 4] * 7 + [0]).segments[0].lower < 0


def test_c_chart_hand_computed():
    # 2, 6 alternating then 4: mean 60 / 15 = 4, sigma sqrt(4) = 2, limits 4 +/- 6
    # -> (0 after flooring -2, 10), two-sigma line 4 + 4 = 8.
    values = [2, 6] * 7 + [4]
    segment = spc.c_chart(values).segments[0]
    assert segment.method == spc.C_CHART
    assert (segment.mean, segment.sigma, segment.upper) == (4, 2, 10)
    assert segment.lower == 0 and segment.lower_floored
    assert segment.near_upper == 8
    assert segment.mean_moving_range is None
    assert flagged(spc.c_chart([*values, 10], baseline=15), spc.RULE_BEYOND) == []
    assert flagged(spc.c_chart([*values, 11], baseline=15), spc.RULE_BEYOND) == [15]


def test_count_chart_uses_a_c_chart_only_for_chunky_counts():
    # Moving ranges summing to 12 over 14: mean 0.857, D4 x 0.857 = 2.80 leaves the
    # whole values 0, 1, 2 within the limit: too chunky, so a c-chart.
    # (Counts of 1 and 2: a mean over one a period, so not too rare to chart.)
    chunky = spc.count_chart([1, 2] * 6 + [1, 1, 1]).segments[0]
    assert chunky.method == spc.C_CHART
    assert "too small for an XmR chart" in chunky.note
    # Summing to 13: mean 0.929, D4 x 0.929 = 3.03 leaves 0 to 3: an XmR chart.
    enough = spc.count_chart([1, 2] * 6 + [1, 2, 2]).segments[0]
    assert enough.method == spc.XMR
    assert enough.mean_moving_range == pytest.approx(13 / 14)
    assert enough.lower == 0 and enough.lower_floored


def test_counts_under_one_a_period_are_too_rare_to_chart():
    # One event in 15 months: mean 1 / 15, under RARE_MEAN: no limits, no signals,
    # and the words say why.
    result = spc.count_chart([0] * 14 + [1])
    segment = result.segments[0]
    assert segment.method == spc.TOO_RARE and not segment.has_limits
    assert segment.mean == pytest.approx(1 / 15) and segment.upper is None
    assert "Too rare to chart by period: 0.07 a period" in segment.note
    assert not any(result.special)
    shown = spc.variation(result, "lower_is_better")
    assert (shown.key, shown.label, shown.icon) == (
        spc.TOO_RARE_TO_CHART,
        "Too rare to chart by month",
        "…",
    )
    assert spc.assurance(result, 1, "lower_is_better").key == spc.TOO_RARE_TO_CHART
    # At exactly one a period the counts are charted (here chunky: a c-chart).
    charted = spc.count_chart([1] * 15).segments[0]
    assert charted.has_limits and charted.method == spc.C_CHART


def test_variation_labels_and_icons():
    high_shift = held(*[12] * 7)
    concerning = spc.variation(high_shift, "lower_is_better")
    assert (concerning.key, concerning.label, concerning.icon) == (
        spc.CONCERNING,
        "Special cause: concerning",
        "H!",
    )
    assert concerning.rules == (spc.RULE_SHIFT,)
    improving = spc.variation(high_shift, "higher_is_better")
    assert (improving.label, improving.icon) == ("Special cause: improving", "H+")
    neither = spc.variation(high_shift, None)
    assert (neither.label, neither.icon) == ("Special cause: neither", "H")
    low = spc.variation(held(5.8), "lower_is_better")
    assert (low.key, low.icon) == (spc.IMPROVING, "L+")
    common = spc.variation(held(12, 10), "lower_is_better")
    assert (common.label, common.icon) == ("Common cause", "~")
    with pytest.raises(ValueError):
        spc.variation(high_shift, "up")


def test_variation_order_puts_concerns_first():
    order = sorted(spc.VARIATION_ORDER, key=spc.VARIATION_ORDER.get)
    assert order[0] == spc.CONCERNING and order[-1] == spc.TOO_RARE_TO_CHART
    assert len({spc.variation_icon(k, 1) for k in spc.VARIATION_LABELS}) == 5


def test_variation_over_a_window():
    # A signal at point 15 only: the latest point is common cause, the window isn't.
    result = held(16.2, 11, 12)
    assert spc.variation(result, "lower_is_better").key == spc.COMMON
    window = spc.variation(result, "lower_is_better", since=HELD)
    assert window.key == spc.CONCERNING and window.signal_periods == (HELD,)
    assert spc.variation(result, "lower_is_better", until=HELD).key == spc.CONCERNING
    assert spc.variation(result, "lower_is_better", since=HELD + 1).key == spc.COMMON


def test_assurance_against_a_target():
    # Limits (5.87, 16.13).
    result = held()
    higher, lower = "higher_is_better", "lower_is_better"
    assert spc.assurance(result, 5, higher).key == spc.MEETS
    assert spc.assurance(result, 17, higher).key == spc.FAILS
    assert spc.assurance(result, 11, higher).key == spc.HIT_AND_MISS
    assert spc.assurance(result, 17, lower).key == spc.MEETS
    assert spc.assurance(result, 5, lower).key == spc.FAILS
    assert spc.assurance(result, 16.13, lower).key == spc.HIT_AND_MISS
    assert spc.assurance(result, None, lower).key == spc.NO_TARGET
    assert spc.assurance(result, 11, None).key == spc.NOT_APPLICABLE
    meets = spc.assurance(result, 5, higher)
    assert (meets.label, meets.icon) == ("Will consistently meet the target", "P")
    assert spc.assurance(result, 11, higher).icon == "?"
    assert spc.assurance(result, 17, higher).icon == "F"


def test_missing_values_are_refused():
    with pytest.raises(ValueError, match="value for every period"):
        spc.xmr([1.0, float("nan"), 2.0])


def test_classify_series_one_row_per_series():
    months = [date(2024, m, 1) for m in range(1, 13)] + [
        date(2025, m, 1) for m in range(1, 13)
    ]
    steady = [10, 12] * 12
    rising = [10, 12] * 8 + [16, 17, 18, 17, 18, 17, 18, 17]
    frame = pd.DataFrame(
        [
            *(("W1", "Burglary", m, v) for m, v in zip(months, steady, strict=True)),
            *(("W2", "Burglary", m, v) for m, v in zip(months, rising, strict=True)),
            # A ward with incidents in two months only: every other month is a zero.
            ("W3", "Burglary", months[3], 1),
            ("W3", "Burglary", months[20], 1),
        ],
        columns=["ward_code", "crime_group", "month", "count"],
    )
    table = spc.classify_series(
        frame,
        keys=["ward_code", "crime_group"],
        period="month",
        value="count",
        periods=months,
        direction="lower_is_better",
    )
    assert list(table.ward_code) == ["W2", "W1", "W3"]  # concerning first
    w2 = table.iloc[0]
    assert w2.variation_label == "Special cause: concerning"
    assert w2.variation_icon == "H!"
    assert spc.RULE_SHIFT in w2.rules
    assert set(months[16:]) <= set(w2.concerning_periods)
    assert w2.method == spc.XMR
    w3 = table[table.ward_code == "W3"].iloc[0]
    assert w3["mean"] == pytest.approx(2 / 24)
    assert w3.method == spc.TOO_RARE
    w1 = table[table.ward_code == "W1"].iloc[0]
    assert w1.signal_periods == () and w1.variation == spc.COMMON


def test_nist_worked_example():
    """NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.2 "Individuals
    Control Charts", example of ten batches' flow rate
    (https://www.itl.nist.gov/div898/handbook/pmc/section3/pmc322.htm). Published:
    mean 50.81, mean moving range 1.8778, UCL = 50.81 + 3 (1.8778 / 1.128) = 55.8041,
    LCL = 45.8159, and the process is in control.

    Our limits use Making Data Count's rounded 2.66 for 3 / 1.128 (= 2.6596), which
    moves each limit by 0.0008; 3 x our sigma reproduces NIST's limits exactly. Ten
    points are below our minimum of 15, so the example states its own minimum."""
    flow = [49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1]
    result = spc.xmr(flow, min_points=len(flow))
    (segment,) = result.segments
    assert segment.mean == pytest.approx(50.81)
    assert segment.mean_moving_range == pytest.approx(1.8778, abs=5e-5)
    assert segment.mean + 3 * segment.sigma == pytest.approx(55.8041, abs=5e-5)
    assert segment.mean - 3 * segment.sigma == pytest.approx(45.8159, abs=5e-5)
    assert segment.upper == pytest.approx(55.8041, abs=1e-3)
    assert segment.lower == pytest.approx(45.8159, abs=1e-3)
    # In control: the last six points are above the mean, one short of a shift.
    assert not any(result.special)
    assert spc.variation(result, None).key == spc.COMMON
    # Below the stated minimum, the same data give no limits.
    assert spc.xmr(flow).segments[0].method == spc.TOO_FEW


def test_frame_has_a_row_per_point():
    frame = held(16.2).frame()
    assert len(frame) == HELD + 1
    assert frame.iloc[-1][spc.RULE_BEYOND] and frame.iloc[-1].special
    assert set(frame.method) == {spc.XMR}
