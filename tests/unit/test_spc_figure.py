"""The process-behaviour chart and its words: limits per segment, signals by shape
and words, breaks labelled, the text alternative, and the plain-English sentence."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from dashboard.figures.spc import point_kinds, process_behaviour_figure, signal_table
from dashboard.metrics import spc
from domain.dates import add_months

MONTHS = [add_months(date(2024, 1, 1), i) for i in range(24)]
# 16 steady months (mean 10), then 8 months at 14: judged against the limits of the
# first 16 months (held), a shift above the mean.
VALUES = [10, 11, 9, 10, 10, 11, 9, 10, 10, 11, 9, 10, 10, 11, 9, 10] + [14] * 8


def test_a_shift_is_drawn_and_named_by_direction() -> None:
    result = spc.xmr(VALUES, MONTHS, baseline=16)
    kinds = point_kinds(result, "lower_is_better")
    assert kinds[-1] == spc.CONCERNING and kinds[0] is None
    assert point_kinds(result, "higher_is_better")[-1] == spc.IMPROVING
    assert point_kinds(result, None)[-1] == spc.NEITHER
    figure = process_behaviour_figure(
        result,
        title="Burglary, Bretton",
        unit="crimes a month",
        direction="lower_is_better",
        is_demo=False,
        target=9,
    )
    go.Figure(figure)  # plotly accepts it
    names = [trace.get("name") for trace in figure.traces]
    assert "Special cause: concerning" in names and "Target 9" in names
    assert "Mean" in names and "Process limits" in names
    concerning = figure.traces[names.index("Special cause: concerning")]
    assert concerning["marker"]["symbol"] == "diamond-open"
    assert not figure.layout["title"]["text"].startswith("DEMO")


def test_a_break_is_a_labelled_line_and_new_limits() -> None:
    result = spc.xmr(VALUES, MONTHS, breaks={MONTHS[12]: "new recording practice"})
    figure = process_behaviour_figure(
        result, title="t", unit="u", direction=None, is_demo=True
    )
    assert figure.layout["title"]["text"].startswith("DEMO · ")
    assert len(figure.layout["shapes"]) == 1
    assert "Limits recalculated: new recording practice" in [
        a["text"] for a in figure.layout["annotations"]
    ]
    # Two segments of 12 months, both too short for limits: no limit lines at all.
    assert "Process limits" not in [trace.get("name") for trace in figure.traces]


def test_the_table_says_each_signal_in_words() -> None:
    table = signal_table(spc.xmr(VALUES, MONTHS, baseline=16), "lower_is_better")
    assert len(table) == 24
    last = table.iloc[-1]
    assert last.signal == "Special cause: concerning"
    assert "a shift" in last.rules
    assert table.iloc[0].signal == "" and table.iloc[0].rules == ""


def test_the_sentence_names_the_variation_months_and_chart() -> None:
    result = spc.xmr(VALUES, MONTHS, baseline=16)
    shown = spc.variation(result, "lower_is_better", since=MONTHS[16])
    text = spc.describe(result, shown, spc.assurance(result, 6, "lower_is_better"))
    assert text.startswith("Special cause: concerning (")
    assert "a point beyond a limit" in text and "a shift (7 or more" in text
    assert "May 2025" in text and "August 2025" in text
    assert "Against the target: will consistently fail" in text
    assert "2.66" not in text  # the method is for the disclosure
    assert spc.method_note(result).startswith("XmR chart: limits are mean +/- 2.66")
    broken = spc.xmr(VALUES, MONTHS, breaks={MONTHS[12]: "new practice"})
    assert "From January 2025 (new practice): Too few points" in spc.method_note(broken)
    steady = spc.xmr(VALUES[:16], MONTHS[:16])
    words = spc.describe(steady, spc.variation(steady, None), None)
    assert words.startswith("Common cause variation")
    rare = spc.count_chart([0] * 23 + [1], MONTHS)
    assert spc.describe(rare, spc.variation(rare, None), None).startswith(
        "Too rare to chart by period"
    )


def test_a_series_with_no_values_draws_a_message_and_an_empty_table() -> None:
    empty = spc.xmr([], [])
    assert signal_table(empty, None).empty
    figure = process_behaviour_figure(
        empty, title="t", unit="u", direction=None, is_demo=False
    )
    assert figure.layout["annotations"][0]["text"] == "No values to chart yet."
