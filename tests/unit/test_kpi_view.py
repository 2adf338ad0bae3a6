"""The KPI page's view: filters from the URL, the table, a KPI's detail and the
tile, computed from small plain frames."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.views.kpis.columns import EXPORT_COLUMNS
from dashboard.views.kpis.data import (
    KpiFrames,
    compute_data,
    compute_detail,
    compute_last_board,
    compute_statuses_at,
    compute_summary,
    compute_table,
    compute_tile,
)
from dashboard.views.kpis.state import KpiFilters, parse_query, plan_short
from tests.unit.test_kpi_summary import AS_OF, KPIS, LINKS, OBJECTIVES, VALUES

PLANS = pd.DataFrame(
    {
        "plan_id": ["pes-2016", "pcp-2021"],
        "plan_kind": ["pes", "pcp"],
        "title": ["PES priority areas 2016", "Police and Crime Plan 2021-24"],
    }
)
FRAMES = KpiFrames(KPIS, VALUES, LINKS, OBJECTIVES, PLANS)


def table_of(**filters: str) -> list[str]:
    data = compute_data(FRAMES, AS_OF)
    shown = compute_table(compute_summary(data), data.as_of, KpiFilters(**filters))
    return [row["kpi_id"] for row in shown.rows]


def test_freshness_is_judged_today_for_real_data_and_at_the_last_return_for_demo() -> (
    None
):
    assert compute_data(FRAMES, AS_OF).as_of == AS_OF
    demo = KpiFrames(KPIS.assign(is_demo=True), VALUES, LINKS, OBJECTIVES, PLANS)
    # The latest return is July's, updated on 5 August.
    assert compute_data(demo, AS_OF).as_of == date(2025, 8, 5)


def test_table_counts_every_kpi_and_shows_those_that_pass_the_filters() -> None:
    data = compute_data(FRAMES, AS_OF)
    shown = compute_table(compute_summary(data), data.as_of, KpiFilters(agency="fire"))
    assert [row["kpi_id"] for row in shown.rows] == ["fires"]
    assert shown.count == (
        "Showing 1 of 4 KPIs, worst status first. "
        "Freshness judged as at 15 August 2025."
    )
    assert shown.tally == {
        "green": 1,
        "amber": 0,
        "red": 1,
        "not_rated": 2,
        "overdue": 1,
        "total": 4,
        "changed": 0,  # no board meeting to compare with
    }
    assert shown.file_name == "pes-kpis-2025-07-31.csv"


def test_each_filter_and_the_search_narrow_the_table() -> None:
    assert table_of() == ["fires", "cleared", "new", "visits"]
    assert table_of(sector="PES-EAST") == ["fires"]
    assert table_of(sector="city") == ["cleared", "new", "visits"]
    assert table_of(status="not_rated") == ["new", "visits"]
    assert table_of(status="overdue") == ["new"]
    assert table_of(priority="pes-asb") == ["fires"]
    assert table_of(priority="pcp-communities") == ["fires"]
    assert table_of(search="FLY") == ["cleared"]
    # Every word must match somewhere in the KPI's words.
    assert table_of(search="council incidents") == ["cleared", "new", "visits"]
    assert table_of(search="council fires") == []


def test_url_values_not_offered_fall_back_to_all_with_one_message() -> None:
    choices = parse_query(
        {"agency": "navy", "status": "red", "kpi": "nothing"},
        objectives=OBJECTIVES,
        plans=PLANS,
        kpi_ids={"fires"},
    )
    assert choices.filters == KpiFilters(agency="all", status="red", kpi="nothing")
    assert choices.message == (
        "There is no agency called 'navy'; showing all agencies instead. "
        "There is no KPI called 'nothing'."
    )
    assert [o["label"] for o in choices.priorities] == [
        "All priorities and objectives",
        "PES 2016: Anti-social behaviour",
        "PCP 2021-24: Putting Communities First",
    ]
    good = parse_query(
        {"priority": "pes-asb", "q": "fires"},
        objectives=OBJECTIVES,
        plans=PLANS,
        kpi_ids=set(),
    )
    assert good.message is None
    assert good.filters == KpiFilters(priority="pes-asb", search="fires")


def test_filters_write_only_what_differs_from_the_defaults_into_the_url() -> None:
    assert KpiFilters().query_string() == ""
    assert KpiFilters.of(None, "", "all", "red", "asb", "fires").query_string() == (
        "?status=red&q=asb&kpi=fires"
    )
    assert KpiFilters.of(
        None, None, None, None, None, changed="yes"
    ).query_string() == ("?changed=yes")
    assert KpiFilters.of(None, None, None, None, None, changed="junk").changed == "all"
    assert plan_short("pcp", "Police and Crime Plan 2021-24") == "PCP 2021-24"
    assert plan_short("spp", "Safer Peterborough Partnership") == "SPP"


def test_detail_has_links_source_and_every_value_of_one_kpi() -> None:
    data = compute_data(FRAMES, AS_OF)
    assert compute_detail(data, "nothing") is None
    fires = compute_detail(data, "fires")
    assert fires is not None
    assert (fires.name, fires.status, fires.overdue) == (
        "Deliberate fires",
        "red",
        False,
    )
    assert fires.links == [
        "Priority: Anti-social behaviour",
        "Police and Crime Plan objective: Putting Communities First",
    ]
    assert fires.notes == []
    assert fires.source == (
        "Source: partnership KPI returns (fire owner), monthly values May 2025 to "
        "July 2025; lower is better; tolerance and status rule on the KPIs page. "
        "As at 15 August 2025."
    )
    assert [row["period_end"] for row in fires.data_rows] == [
        "2025-05-31",
        "2025-06-30",
        "2025-07-31",
    ]
    assert fires.data_rows[0]["period_ending"] == "31 May 2025"
    assert fires.data_rows[0]["period"] == "May 2025"
    assert fires.data_rows[0]["measure"] == "Deliberate fires (incidents)"
    assert fires.data_rows[0]["data_status"] == "real"
    assert fires.file_name == "pes-kpi-fires-2025-07-31.csv"
    assert fires.data_rows[0]["value"] == 98.0
    assert fires.data_rows[0]["numerator"] is None
    new = compute_detail(data, "new")
    assert new is not None and "values;" in new.source  # no months to name


def test_tile_tallies_every_kpi_and_is_absent_with_none() -> None:
    tile = compute_tile(compute_data(FRAMES, AS_OF))
    assert tile is not None
    assert (tile.tally["green"], tile.tally["total"], tile.demo) == (1, 4, False)
    empty = KpiFrames(KPIS.iloc[0:0], VALUES.iloc[0:0], LINKS, OBJECTIVES, PLANS)
    assert compute_tile(compute_data(empty, AS_OF)) is None


def test_statuses_as_at_a_period_end_count_only_values_by_then() -> None:
    data = compute_data(FRAMES, AS_OF)
    june = compute_statuses_at(data, date(2025, 6, 30)).set_index("kpi_id")
    assert june.loc["fires", "latest_value"] == 120.0  # July's 130 comes later
    assert june.loc["fires", "status_text"] == "■ Red"
    assert june.loc["new", "status_text"] == "○ Not rated"
    assert june.loc["fires", "latest_period"] == "June 2025"


MEETINGS = pd.DataFrame(
    {
        "meeting_id": ["m-may", "m-aug"],
        "meeting_date": [date(2025, 5, 13), date(2025, 8, 12)],
        "period_shown_end": [date(2025, 5, 31), date(2025, 7, 31)],
        "notes": ["", ""],
        "is_demo": [True, True],
    }
)


def test_last_board_is_the_boards_own_previous_meeting_and_marks_changes() -> None:
    data = compute_data(FRAMES, AS_OF)
    board = compute_last_board(data, MEETINGS)
    # The latest values are July's: the meeting shown July is this round's, so the
    # comparison is with the one before it (the board's "what changed" rule).
    assert board is not None
    assert (board.meeting_date, board.period_end) == (
        date(2025, 5, 13),
        date(2025, 5, 31),
    )
    # In May, fires (98, target 100) was green; it is red now.
    assert board.statuses["fires"] == "green"
    shown = compute_table(compute_summary(data), data.as_of, KpiFilters(), board)
    rows = {row["kpi_id"]: row for row in shown.rows}
    assert rows["fires"]["changed"] is True
    assert rows["fires"]["since_meeting"] == "● G Green → ■ R Red"
    assert rows["fires"]["status_at_last_board"] == "Green"
    assert rows["visits"]["since_meeting"] == "No change"
    assert shown.tally["changed"] == sum(row["changed"] for row in shown.rows)
    changed = compute_table(
        compute_summary(data), data.as_of, KpiFilters(changed="yes"), board
    )
    assert "fires" in [row["kpi_id"] for row in changed.rows]
    assert all(row["changed"] for row in changed.rows)
    assert compute_last_board(data, MEETINGS.iloc[0:0]) is None


def test_csv_rows_hold_numbers_letters_words_values_and_provenance() -> None:
    data = compute_data(FRAMES, AS_OF)
    shown = compute_table(compute_summary(data), data.as_of, KpiFilters())
    fires = next(row for row in shown.rows if row["kpi_id"] == "fires")
    assert (fires["status_letter"], fires["status_word"]) == ("R", "Red")
    assert fires["latest_value"] == 130.0 and fires["target"] == 100.0
    assert fires["trend_values"] == "98; 120; 130"
    assert (fires["period_end"], fires["updated_on"]) == ("2025-07-31", "2025-08-05")
    assert fires["updated"] == "5 August 2025"
    assert fires["measure"] == "Deliberate fires"
    assert fires["period"] == "July 2025"
    assert fires["source"] == "partnership KPI returns (fire owner)"
    assert fires["data_status"] == "real"
    assert fires["owner_role"] == "PES enforcement team leader"
    for field in EXPORT_COLUMNS:
        assert field in fires or field == "status", field
