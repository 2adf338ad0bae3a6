"""The quartile view's pure parts on small plain frames: the choice made safe, the
peer set, and what each section computes, against hand-worked figures.

Five areas. Populations (mid-2023): A, B, C, D 1,000 each; Peterborough (P) 2,000;
England and Wales 6,000. Offences, 12 months to June 2025 (real): A 50, B 80,
C 100, D 150, P 240 -> rates 50, 80, 100, 150, 120. 12 months to June 2024 (demo):
A 60, B 90, C 100, D 150, P 260 -> P 130. Only A and P are in Cambridgeshire.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.metrics.quartile import rank_areas, rank_by_period
from dashboard.views.quartile.data import (
    PanelData,
    compute_history,
    compute_msg,
    compute_periods,
    compute_ranking,
    compute_slide,
    compute_tile,
    frames_for,
    period_tables,
)
from dashboard.views.quartile.state import make_choice
from dashboard.views.quartile.text import RankSentence

P = "E22000017"
JUNE_2025, JUNE_2024 = date(2025, 6, 30), date(2024, 6, 30)
COUNTS = {
    JUNE_2025: {"A": 50, "B": 80, "C": 100, "D": 150, "P": 240},
    JUNE_2024: {"A": 60, "B": 90, "C": 100, "D": 150, "P": 260},
}


def code(name: str) -> str:
    return P if name == "P" else f"E2200090{'ABCD'.index(name) + 1}"


def panel(counts: dict[date, dict[str, int]] = COUNTS) -> PanelData:
    """The five areas in two periods, as the data layer reads them."""
    rows = [
        {
            "period_end": period,
            "area_code": code(name),
            "area_name": "Peterborough" if name == "P" else f"Area {name}",
            "country": "England",
            "region_name": "East of England",
            "pfa_code": "E23000023" if name in ("P", "A") else "E23000099",
            "pfa_name": "Cambridgeshire" if name in ("P", "A") else "Elsewhere",
            "offence_count": count,
            "population": 2000 if name == "P" else 1000,
            "population_year": 2023,
            "excluded_reason": None,
            "is_demo": period == JUNE_2024,
            "dataset_id": "crime_demo" if period == JUNE_2024 else "crime_real",
        }
        for period, by_area in counts.items()
        for name, count in by_area.items()
    ]
    national = pd.DataFrame(
        {
            "period_end": [JUNE_2024, JUNE_2025],
            "offence_count": [660, 620],
            "population": [6000, 6000],
            "population_year": [2023, 2023],
            "is_demo": [True, False],
        }
    )
    datasets = pd.DataFrame(
        {
            "dataset_id": [
                "crime_real",
                "crime_demo",
                "ons_population_mid2023",
                "msg_computed",
            ],
            "title": [
                "Crime real",
                "Crime demo (DEMO)",
                "Population mid-2023",
                "Most similar groups",
            ],
            "is_demo": [False, True, False, False],
        }
    )
    members = pd.DataFrame(
        {"member_code": [code(n) for n in "PABCD"], "is_official": [False] * 5}
    )
    return PanelData(pd.DataFrame(rows), national, members, datasets)


def test_choice_whitelists_offence_and_peer_and_falls_back_to_the_latest_real() -> None:
    full = panel().full
    assert make_choice("robbery", "2024-06-30", "msg", full).period_end == JUNE_2024
    odd = make_choice("galaxy", "June", "nowhere", full)
    assert (odd.offence, odd.period_end, odd.peer) == ("total", JUNE_2025, "all")
    assert make_choice(None, "1999-06-30", None, full).period_end == JUNE_2025
    # Only the demo period is real-less: the latest loaded period is the default.
    demo_only = full[full.period_end == JUNE_2024]
    assert make_choice(None, None, None, demo_only).period_end == JUNE_2024
    assert odd.period_text == "12 months to June 2025"


def test_police_force_area_peer_set_keeps_its_csps() -> None:
    frames = frames_for(panel(), "total", "2025-06-30", "pfa")
    assert frames.peers == tuple(sorted([P, code("A")]))
    assert frames.peer_text == "CSPs in the Cambridgeshire police force area"
    assert set(frames.panel.area_code) == {P, code("A")}
    assert set(frames.full.area_code) == {code(n) for n in "PABCD"}
    assert frames_for(panel(), "total", None, "all").peers is None


def test_ranking_matches_the_hand_computation() -> None:
    frames = frames_for(panel(), "total", "2025-06-30", "all")
    view = compute_ranking(frames, rank_areas(frames.latest))
    assert view.rank == RankSentence(
        "Peterborough: rank 4 of 5, quartile 4 (highest-rate quartile)",
        "Total recorded crime (excluding fraud), 12 months to June 2025: 120.0 "
        "offences per 1,000 residents, among all CSPs in England and Wales.",
    )
    # Quartile 3 ends at rank 3 (100 per 1,000): 200 offences, 40 fewer (16.7%);
    # the national 620 / 6,000 = 103.3 per 1,000 is 206 offences, 34 fewer.
    assert "40 fewer offences (16.7% fewer, to 100.00 per 1,000" in view.distance
    assert "34 fewer (14.2%) to reach the England and Wales rate of 103.3" in (
        view.distance
    )
    assert view.slope.summary == (
        "Peterborough's 120.0 per 1,000 is the 4th lowest of 5 (highest-rate "
        "quartile); rates run from 50.0 (Area A) to 150.0 (Area D)."
    )
    assert [row["area_name"] for row in view.slope.rows] == [
        "Area A",
        "Area B",
        "Area C",
        "Peterborough",
        "Area D",
    ]
    assert view.slope.source.startswith("Source: Crime real; Population mid-2023 · ")
    # The five areas around 103.3 per 1,000: winsorised square-root z-scores
    # -4.690, -2.442, -0.331, 3.391 (D, winsorised) and 2.232 (P) give
    # phi = 44.55 / 5 = 8.91, so the limits widen (random effects).
    assert view.funnel.summary.startswith(
        "Limits allow for over-dispersion between areas (factor 8.9, Spiegelhalter "
        "2005, random effects); 0 of 5 areas lie outside the 99.8% limits and 1 "
        "outside the 95% limits around the England and Wales rate of 103.3."
    )
    assert view.funnel.summary.endswith("Peterborough (120.0) is within limits.")
    assert view.funnel.method.startswith(
        "Method: areas differ from the England and Wales rate"
    )
    assert "Method" not in view.funnel.source
    poisson = frames_for(panel(), "total", "2025-06-30", "all", "poisson")
    chance = compute_ranking(poisson, rank_areas(poisson.latest))
    assert chance.funnel.summary.startswith(
        "Limits allow for chance variation only; areas vary 8.9 "
        "times as much as chance alone; "
    )
    assert "Peterborough (120.0) is above the 95% limit" in chance.funnel.summary
    assert not view.failed and not view.slope.failed


def test_ranking_without_a_rate_for_peterborough_fails_every_section() -> None:
    counts = {JUNE_2025: {"A": 50, "B": 80, "C": 100, "D": 150, "P": 240}}
    data = panel(counts)
    data.full.loc[data.full.area_code == P, "population"] = None
    frames = frames_for(data, "total", None, "all")
    view = compute_ranking(frames, rank_areas(frames.latest))
    assert view.rank == "Peterborough has no rate for this choice."
    assert view.slope.failed and view.funnel.failed and view.distance == ""


def test_history_and_trend_answer_fallen_faster() -> None:
    frames = frames_for(panel(), "total", "2025-06-30", "all")
    history, trend = period_tables(frames, rank_by_period(frames.panel))
    breaks = pd.DataFrame(
        {
            "break_date": [date(2025, 4, 1), date(2020, 1, 1)],
            "offence_code": ["total", "total"],
            "description": ["a new counting rule", "outside the span"],
        }
    )
    view = compute_history(frames, history, trend, breaks)
    # P 130 -> 120 is -7.7%; England and Wales 110 -> 103.3 is -6.1%. Only June
    # 2025 is real, so the answer says so, and the demo answer says DEMO. Log rate
    # ratios: A -0.1823, B -0.1178, C 0, D 0, P -0.0800: Q = 1.05 < 4, tau^2 = 0;
    # z = (-0.0800 + 0.0625) / sqrt(1/260 + 1/240 + 1/660 + 1/620) = -0.166.
    assert view.trend.summary.startswith(
        "Whether Peterborough's recorded crime has fallen faster than the national "
        "average cannot be answered from real data yet: only one real 12-month "
        "period (to June 2025) is loaded. DEMO answer, from demo history, not real "
        "data: No detectable difference between Peterborough's change and England "
        "and Wales's: the gap is within the usual variation between areas. From the "
        "12 months to June 2024 to the 12 months to June 2025, Peterborough's rate "
        "fell 7.7% (260 to 240 offences) and England and Wales's fell 6.1%."
    )
    # The datasets compared and the breaks go to the source line; the test, with
    # its notation, behind "How this is worked out".
    assert "z = -0.17, p = 0.868" in view.trend.method
    assert "z = " not in view.trend.source
    assert "Compared: Crime demo (DEMO) with Crime real" in view.trend.source
    assert "The series break of 1 April 2025 falls inside this comparison" in (
        view.trend.source
    )
    # With both periods real the same figures are a real answer, never DEMO.
    data = panel()
    real = PanelData(
        data.full.assign(is_demo=False),
        data.national.assign(is_demo=False),
        data.msg_members,
        data.datasets,
    )
    real_frames = frames_for(real, "total", "2025-06-30", "all")
    real_view = compute_history(
        real_frames,
        *period_tables(real_frames, rank_by_period(real_frames.panel)),
        breaks,
    )
    assert real_view.trend.summary.startswith(
        "No detectable difference between Peterborough's change and England and Wales's"
    )
    assert "DEMO" not in real_view.trend.summary.replace("Crime demo (DEMO)", "")
    assert view.history.summary == (
        "Among all CSPs in England and Wales, Peterborough was in the highest-rate "
        "quartile in 2 of 2 periods; from June 2024 to June 2025 it moved from rank "
        "4 to 4 of 5 (quartile 4 to 4)."
    )
    assert "periods to June 2024 are DEMO data" in view.history.source
    assert "Series break 1 April 2025: a new counting rule" in view.trend.source
    assert "outside the span" not in view.trend.source
    # An earlier period shows only the rows up to it.
    earlier = frames_for(panel(), "total", "2024-06-30", "all")
    before = compute_history(earlier, history, trend, breaks)
    assert [row["period_end"] for row in before.history.rows] == ["2024-06-30"]
    assert "cannot be answered from real data yet" in before.trend.summary


def test_most_similar_group_interval_and_verdicts() -> None:
    poisson = compute_msg(frames_for(panel(), "total", "2025-06-30", "all", "poisson"))
    # Group average 620 / 6,000 = 103.3; P's exact 95% interval for 240 offences on
    # 2,000 residents is 105.3 to 136.2 per 1,000.
    assert poisson.summary.startswith(
        "Peterborough's rate, 120.0 (95% range 105.3 to 136.2), is significantly "
        "higher than its group's average of 103.3; of 5 members,"
    )
    verdicts = {row["area_name"]: row["significance"] for row in poisson.rows}
    assert verdicts["Area A"] == "significantly lower"
    assert verdicts["Area C"] == "not significantly different"
    # By default the members vary 8.9 times as much as chance (tau^2 = 0.02102),
    # so P's range is (sqrt 120 -/+ 1.96 sqrt(250 / 2,000 + 103.3 tau^2))^2 =
    # 63.7 to 193.9: not significantly different; A (50) is still lower.
    section = compute_msg(frames_for(panel(), "total", "2025-06-30", "all"))
    assert section.summary.startswith(
        "Peterborough's rate, 120.0 (95% range 63.7 to 193.9, allowing for variation "
        "between members), is not significantly different from its group's average "
        "of 103.3; of 5 members, 0 are significantly higher, 1 significantly lower"
    )
    assert "over-dispersion factor 8.9 across 5 members" in section.method
    data = panel()
    no_group = PanelData(data.full, data.national, data.msg_members[:0], data.datasets)
    assert compute_msg(frames_for(no_group, "total", None, "all")).failed


def test_periods_latest_first_with_a_message_for_an_unloaded_link() -> None:
    periods = pd.DataFrame(
        {"period_end": ["2024-06-30", "2025-06-30"], "is_demo": [True, False]}
    )
    view = compute_periods(periods, "1999-06-30")
    assert view.options == [
        {"label": "June 2025", "value": "2025-06-30"},
        {"label": "June 2024 (DEMO)", "value": "2024-06-30"},
    ]
    assert view.value == "2025-06-30" and "30 June 1999" in (view.message or "")
    assert compute_periods(periods, "2024-06-30").value == "2024-06-30"
    empty = compute_periods(periods[:0], None)
    assert empty.failed and empty.message == "No recorded crime data has been loaded."


def test_overview_tile_counts_offences_to_leave_the_quartile() -> None:
    frames = frames_for(panel(), "total", None, "all")
    tile = compute_tile(frames, rank_areas(frames.latest))
    assert tile is not None and not tile.is_demo
    assert (tile.text.value, tile.text.unit) == ("40", "fewer offences a year")
    assert tile.text.label == (
        "To leave the highest-rate quartile, 12 months to June 2025"
    )
    assert tile.text.details[0].startswith(
        "would move Peterborough from quartile 4 into quartile 3 (16.7% fewer"
    )


def test_board_slide_reads_the_page_headline() -> None:
    frames = frames_for(panel(), "total", "2024-06-30", "all")
    slide = compute_slide(frames, rank_areas(frames.latest))
    # June 2024: P 260 / 2,000 = 130 per 1,000, rank 4 of 5; E&W 660 / 6,000 = 110.
    headline = slide.headline
    assert headline is not None
    assert (headline.rank, headline.n_ranked, headline.quartile) == (4, 5, 4)
    assert (headline.offence_count, headline.is_demo) == (260, True)
    assert round(headline.rate, 1) == 130.0
    assert round(headline.national_rate or 0, 1) == 110.0
    assert list(slide.ranked.area_name)[:2] == ["Area A", "Area B"]


def test_views_import_no_dash() -> None:
    code = (
        "import sys; import dashboard.views.quartile.data, "
        "dashboard.views.quartile.text; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'dash', 'dash_bootstrap_components', 'dash_ag_grid', 'dash_leaflet', "
        "'dash_extensions'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],  # the project, whatever pytest's cwd
    )
    assert result.stdout.strip() == "[]"
