"""The board agenda syntax, the interval setting and the "what changed" rows."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.metrics import board
from dashboard.shell import full_screen_paths, root_class
from domain import agenda as agendas

# Peterborough's real crime headline for the 12 months to June 2025.
REAL_CRIME = {
    "rate": 105.1,
    "rank": 253,
    "n_ranked": 298,
    "quartile": 4,
    "quartile_name": "highest-rate quartile",
    "is_demo": False,
}


def test_default_agenda_covers_the_four_views_and_the_changes() -> None:
    agenda = agendas.parse_agenda(None)
    assert [item.view for item in agenda.items] == [
        "changes",
        "quartile",
        "perception",
        "sectors",
        "alignment",
    ]
    assert agenda.messages == []


def test_agenda_items_keep_only_their_own_settings() -> None:
    agenda = agendas.parse_agenda(
        "quartile:offence=burglary:period=2024-12-31,sectors:offence=x:measure=asb-police"
    )
    assert agenda.text == (
        "quartile:offence=burglary:period=2024-12-31,sectors:measure=asb-police"
    )
    assert agenda.items[0].options == {"offence": "burglary", "period": "2024-12-31"}
    assert len(agenda.messages) == 1 and "does not apply" in agenda.messages[0]


def test_unknown_view_and_unsafe_value_are_refused_in_words() -> None:
    agenda = agendas.parse_agenda("slideshow,quartile:offence=<script>")
    assert [item.key for item in agenda.items] == ["quartile"]
    assert any("not a view" in m for m in agenda.messages)
    empty = agendas.parse_agenda("nothing,here")
    assert len(empty.items) == 5 and "default" in empty.messages[-1]


def test_interval_range() -> None:
    assert agendas.parse_interval(None) == (30, None)
    assert agendas.parse_interval("10") == (10, None)
    value, message = agendas.parse_interval("1")
    assert value == 30 and "2 to 600" in message


def test_previous_meeting_is_the_last_shown_an_earlier_period() -> None:
    meetings = pd.DataFrame(
        {
            "meeting_id": ["a", "b", "c"],
            "meeting_date": [date(2025, 3, 11), date(2025, 6, 10), date(2025, 9, 9)],
            "period_shown_end": [
                date(2024, 12, 31),
                date(2025, 3, 31),
                date(2025, 6, 30),
            ],
        }
    )
    assert board.previous_meeting(meetings, date(2025, 6, 30)).meeting_id == "b"
    assert board.previous_meeting(meetings, date(2024, 12, 31)) is None
    assert board.meeting_for_period(meetings, date(2025, 6, 30)).meeting_id == "c"


def test_crime_changes_say_direction_in_words() -> None:
    then = {
        "rate": 100.0,
        "rank": 250,
        "n_ranked": 298,
        "quartile": 4,
        "quartile_name": "highest-rate quartile",
        "is_demo": True,
    }
    now = {
        **then,
        "rate": 90.0,
        "rank": 220,
        "quartile": 3,
        "quartile_name": "third quartile",
        "is_demo": False,
    }
    rows = board.crime_changes(then, now)
    assert rows[0].change == "▼ down 10.0 (-10.0%)"
    assert rows[1].change == "30 places lower (better)"
    assert rows[2].change == "moved from Q4 to Q3"
    assert all(row.is_demo for row in rows)
    # The then figure is demo and the now figure real: every row says which.
    assert {row.data for row in rows} == {"Then DEMO, now real"}
    assert all(row.then_demo and not row.now_demo for row in rows)


def test_change_rows_say_real_or_demo_for_each_side() -> None:
    real = REAL_CRIME
    both_real = board.crime_changes({**real, "rate": 106.0, "rank": 255}, real)
    assert {row.data for row in both_real} == {"Real"}
    assert not any(row.is_demo for row in both_real)
    assert board.crime_changes(real, {**real, "is_demo": True})[0].data == (
        "Then real, now DEMO"
    )
    missing = board.crime_changes(None, real)
    assert [(r.then, r.data) for r in missing] == [("not available", "Real")]
    assert board.crime_changes(None, {**real, "is_demo": True})[0].data == "DEMO"
    # In a sentence: a demo figure says DEMO; a real one beside it says real.
    assert board.tagged("105.2", True, True) == "105.2 (DEMO)"
    assert board.tagged("105.1", False, True) == "105.1 (real)"
    assert board.tagged("105.1", False, False) == "105.1"


def test_kpi_and_survey_rows_take_each_sides_own_flag() -> None:
    then = pd.DataFrame(
        {
            "kpi_id": ["k1", "k2"],
            "name": ["A", "B"],
            "status_word": ["● Green", "▲ Amber"],
            "is_demo": [True, False],
        }
    )
    # k1 is now reported from real returns, k2 from demo ones.
    now = then.assign(status_word=["■ Red", "● Green"], is_demo=[False, True])
    rows = board.kpi_status_changes(then, now)
    assert [(r.measure, r.data) for r in rows] == [
        ("A", "Then DEMO, now real"),
        ("B", "Then real, now DEMO"),
    ]
    waves = pd.DataFrame(
        {
            "question_code": ["q1"],
            "label": ["Q1"],
            "wave": ["w1"],
            "estimate": [0.5],
            "base_size": [100],
            "is_demo": [True],
        }
    )
    real_wave = waves.assign(wave="w2", estimate=[0.55], is_demo=[False])
    (row,) = board.perception_changes(waves, real_wave)
    assert (row.change, row.data) == ("▲ up 5 points", "Then DEMO, now real")
    (same,) = board.perception_changes(waves, waves)
    assert same.data == "DEMO"


def test_only_kpis_that_changed_status_are_listed() -> None:
    then = pd.DataFrame(
        {
            "kpi_id": ["k1", "k2"],
            "name": ["A", "B"],
            "status_word": ["● Green", "▲ Amber"],
            "is_demo": [True, True],
        }
    )
    now = then.assign(status_word=["■ Red", "▲ Amber"])
    rows = board.kpi_status_changes(then, now)
    assert [(r.measure, r.change) for r in rows] == [("A", "● Green → ■ Red")]


def test_perception_rows_collapse_when_no_new_wave() -> None:
    table = pd.DataFrame(
        {
            "question_code": ["q1", "q2"],
            "label": ["Q1", "Q2"],
            "wave": ["w1", "w1"],
            "estimate": [0.5, 0.6],
            "base_size": [100, 100],
            "is_demo": [True, True],
        }
    )
    assert len(board.perception_changes(table, table)) == 1
    later = table.assign(wave="w2", estimate=[0.55, 0.6])
    rows = board.perception_changes(table, later)
    assert [r.change for r in rows] == ["▲ up 5 points", "no change (0 points)"]


def kpi_statuses(statuses: list[str], overdue: list[bool], demo: bool) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi_id": [f"k{n}" for n in range(len(statuses))],
            "status": statuses,
            "overdue": overdue,
            "is_demo": [demo] * len(statuses),
        }
    )


def test_key_changes_say_the_way_crime_moved_and_real_figures_no_demo() -> None:
    then = {**REAL_CRIME, "rate": 102.9, "rank": 240}
    rate, rank = board.crime_key_changes(then, REAL_CRIME)
    assert rate.text == (
        "Recorded crime per 1,000 residents up 2.1%, from 102.9 to 105.1."
    )
    assert rank.text == (
        "Rank 253 of 298, 13 places worse than 240; still Q4, the "
        "highest-rate quartile."
    )
    assert (rate.direction, rank.direction) == ("worse", "worse")
    assert not rate.is_demo and "DEMO" not in rate.text + rank.text
    better = board.crime_key_changes(REAL_CRIME, {**then, "quartile": 3})
    assert [c.direction for c in better] == ["better", "better"]
    assert "moved from Q4 to Q3" in better[1].text
    # Demo on one side only: the sentence says which side.
    mixed = board.crime_key_changes({**then, "is_demo": True}, REAL_CRIME)
    assert all(c.text.startswith("DEMO then, real now: ") for c in mixed)
    assert board.crime_key_changes(then, None) == []


def test_key_kpi_changes_count_worse_better_and_overdue_and_say_demo() -> None:
    then = kpi_statuses(
        ["green", "green", "red", "amber", "not_rated"], [False] * 5, True
    )
    now = kpi_statuses(
        ["red", "amber", "amber", "amber", "green"],
        [True, False, True, False, False],
        True,
    )
    changes = board.kpi_key_changes(then, now)
    assert [c.text for c in changes] == [
        "DEMO: 2 KPIs got worse and 1 improved; 1 now Red.",
        "DEMO: 2 KPIs have data overdue, against 0 at the last meeting.",
    ]
    assert [c.direction for c in changes] == ["worse", "worse"]
    (better,) = board.kpi_key_changes(then.iloc[[2]], now.iloc[[2]])[:1]
    assert better.text == "DEMO: 1 KPI improved: 1 now Amber."
    assert all(c.is_demo for c in changes)
    # Real KPI returns say nothing of demo; no move between ratings is said so.
    steady = kpi_statuses(["green"], [False], False)
    (only,) = board.kpi_key_changes(steady, steady)
    assert only.text == "No KPI changed between Red, Amber and Green."
    assert not only.is_demo


def test_at_most_five_key_changes_and_one_headline_sentence() -> None:
    crime = board.crime_key_changes({**REAL_CRIME, "rate": 102.9}, REAL_CRIME)
    many = [board.KeyChange(f"Change {n}.", "same", True) for n in range(6)]
    assert len(board.key_changes(crime, many)) == board.MAX_KEY_CHANGES == 5
    then = kpi_statuses(["green", "red"], [False, False], True)
    now = kpi_statuses(["amber", "green"], [False, False], True)
    assert board.changes_headline(
        {**REAL_CRIME, "rate": 102.9, "rank": 240}, REAL_CRIME, then, now
    ) == (
        "Crime up 2.1%, 13 places worse in the ranking; 1 KPI got worse and 1 "
        "improved (DEMO)."
    )
    empty = kpi_statuses([], [], False)
    assert board.changes_headline(None, None, empty, empty) == (
        "No figures to compare with the last meeting."
    )


def test_full_screen_pages_hide_the_chrome() -> None:
    registry = [{"path": "/board", "full_screen": True}, {"path": "/"}]
    paths = full_screen_paths(registry)
    assert paths == ["/board"]
    assert root_class("/board/", paths) == "pes-app pes-full-screen"
    assert root_class("/", paths) == "pes-app"


def test_a_huge_agenda_gives_a_small_answer() -> None:
    # 250,000 unknown items (about 1.7 MB) once gave 250,000 messages.
    text = ",".join(f"x{n}" for n in range(250_000))
    agenda = agendas.parse_agenda(text)
    assert [item.view for item in agenda.items] == [
        item.view for item in agendas.parse_agenda(None).items
    ]
    assert len(agenda.messages) <= agendas.MAX_MESSAGES + 1
    assert sum(len(m) for m in agenda.messages) < 2_000
    assert "longer than 2,000 characters" in agenda.messages[0]
    assert agenda.messages[-1].endswith("could not be used.")


def test_many_good_items_are_still_cut_to_twenty_with_one_message() -> None:
    agenda = agendas.parse_agenda(",".join(["quartile"] * 30))
    assert len(agenda.items) == agendas.MAX_ITEMS
    assert agenda.messages == ["Only the first 20 agenda items are shown."]


def test_new_signals_since_the_last_meeting_name_the_one_to_look_at_first() -> None:
    may, june, july = date(2025, 5, 1), date(2025, 6, 1), date(2025, 7, 1)
    signals = pd.DataFrame(
        {
            "ward_name": ["Bretton", "Park", "Central"],
            "category": ["Shoplifting", "Burglary", "Drugs"],
            "mean": [14.0, 6.0, 3.0],
            "concerning_periods": [(may, june), (june,), ()],
            "improving_periods": [(), (), (july,)],
        }
    )
    (change,) = board.signal_key_changes(
        signals, after=date(2025, 3, 31), until=date(2025, 6, 30)
    )
    assert change.text == (
        "New concerning signals in 2 of 3 ward crime series, first shoplifting "
        "in Bretton; 0 improving."
    )
    assert change.direction == "worse" and not change.is_demo
    # Signals before the last meeting or after the period shown are not new.
    (quiet,) = board.signal_key_changes(
        signals, after=date(2025, 6, 30), until=date(2025, 6, 30)
    )
    assert quiet.text.startswith("No new signal in the 3 ward crime series")
    assert board.signal_key_changes(signals.iloc[0:0], after=may, until=july) == []
