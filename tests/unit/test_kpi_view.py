"""The KPI page's view: filters from the URL, the table, a KPI's detail and the
tile, computed from small plain frames."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.views.kpis.data import (
    KpiFrames,
    compute_data,
    compute_detail,
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
    }


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
        "July 2025; lower is better; tolerance and status rule below. "
        "As at 15 August 2025."
    )
    assert [row["period"] for row in fires.data_rows] == [
        "2025-05-31",
        "2025-06-30",
        "2025-07-31",
    ]
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
