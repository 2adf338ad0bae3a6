"""The quartile view's figures on a tiny fixture database equal hand-computed values,
on SQLite and PostgreSQL.

Five CSPs, each its own rate area and local authority. Populations (mid-2023):
A, B, C, D 1,000 each; Peterborough 2,000; England and Wales 6,000.
Total offences, 12 months to June 2025 (real): A 50, B 80, C 100, D 150, P 240
-> rates 50, 80, 100, 150, 120. 12 months to June 2024 (demo): 60, 90, 100, 150, 260.
"""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.callbacks import quartile
from data_access import schema
from data_access.engine import make_readonly_engine
from tests.fixture_db import BACKENDS, Rows, fixture_database
from tests.fixture_db import area as fixture_area
from tests.fixture_db import dataset as fixture_dataset

P = "E22000017"
CODES = {"A": "E22000901", "B": "E22000902", "C": "E22000903", "D": "E22000904"}
COUNTS = {
    date(2025, 6, 30): {"A": 50, "B": 80, "C": 100, "D": 150, "P": 240},
    date(2024, 6, 30): {"A": 60, "B": 90, "C": 100, "D": 150, "P": 260},
}


def code(name: str) -> str:
    return P if name == "P" else CODES[name]


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The fixture database, read through the app's read-only engine."""
    folder = tmp_path_factory.mktemp("quartile")
    for url in fixture_database(request.param, folder, quartile_rows()):
        readonly = make_readonly_engine(url)
        yield readonly
        readonly.dispose()


def quartile_rows() -> Rows:
    """The five CSPs, their populations, counts and most similar group."""
    datasets = [
        ("crime_real", "Crime real", False),
        ("crime_demo", "Crime demo (DEMO)", True),
        ("ons_population_mid2023", "Population mid-2023", False),
        ("msg_computed", "Most similar groups", False),
    ]
    areas = [
        fixture_area(
            code(name),
            "Peterborough" if name == "P" else f"Area {name}",
            "csp",
            parent_code="E23000023" if name in ("P", "A") else "E23000099",
            country="England",
            region_name="East of England",
        )
        for name in ["P", *CODES]
    ]
    areas += [
        fixture_area("L" + code(name), f"LAD {name}", "lad", country="England")
        for name in ["P", *CODES]
    ]
    areas += [
        fixture_area("E23000023", "Cambridgeshire", "pfa"),
        fixture_area("E23000099", "Elsewhere", "pfa"),
        fixture_area("K04000001", "E&W", "country"),
    ]
    relations = []
    for name in ["P", *CODES]:
        relations.append(
            {
                "child_code": code(name),
                "parent_code": code(name),
                "relation": "csp_in_rate_area",
            }
        )
        relations.append(
            {
                "child_code": "L" + code(name),
                "parent_code": code(name),
                "relation": "lad_in_rate_area",
            }
        )
    populations = [
        {
            "area_code": "L" + code(name),
            "year": 2023,
            "population": 2000 if name == "P" else 1000,
            "source": "fixture",
        }
        for name in ["P", *CODES]
    ] + [
        {
            "area_code": "K04000001",
            "year": 2023,
            "population": 6000,
            "source": "fixture",
        }
    ]
    crime = [
        {
            "area_code": code(name),
            "pfa_code": "E23000023",
            "period_end": period,
            "offence_code": "total",
            "offence_count": count,
            "is_demo": period.year == 2024,
            "dataset_id": "crime_demo" if period.year == 2024 else "crime_real",
        }
        for period, counts in COUNTS.items()
        for name, count in counts.items()
    ]
    members = [
        {
            "group_code": P,
            "member_code": code(name),
            "rank": rank,
            "method": "fixture",
            "is_official": False,
            "dataset_id": "msg_computed",
        }
        for rank, name in enumerate(["P", *CODES])
    ]
    return {
        schema.dataset: [
            fixture_dataset(key, is_demo=demo, title=title)
            for key, title, demo in datasets
        ],
        schema.area: areas,
        schema.area_relation: relations,
        schema.population: populations,
        schema.recorded_crime: crime,
        schema.msg_membership: members,
    }


def text_of(component) -> str:  # type: ignore[no-untyped-def]
    if isinstance(component, str):
        return component
    if isinstance(component, list):
        return "".join(text_of(part) for part in component)
    children = getattr(component, "children", None)
    return "" if children is None else text_of(children)


def test_rank_quartile_and_distance_match_hand_computation(engine) -> None:  # type: ignore[no-untyped-def]
    out = quartile.ranking_content(engine, "total", "2025-06-30", "all")
    rank, distance = text_of(out["rank"]), out["distance"]
    # Rates 50, 80, 100, 120 (P), 150: rank 4 of 5, quartile ceil(16/5) = 4.
    assert "rank 4 of 5, quartile 4" in rank
    assert "120.0 offences per 1,000" in rank
    # Quartile 3 ends at rank floor(15/4) = 3: rate 100 -> 200 offences, 40 fewer
    # (16.7%). National: 620 / 6,000 = 103.3 per 1,000 -> 206 offences, 34 fewer.
    assert "40 fewer offences (16.7% fewer, to 100.00 per 1,000" in distance
    assert "quartile 4 into quartile 3" in distance
    assert "34 fewer (14.2%) to reach the England and Wales rate of 103.3" in distance
    slope_rows = out["slope"]["table"]["rowData"]
    assert [row["area_name"] for row in slope_rows] == [
        "Area A",
        "Area B",
        "Area C",
        "Peterborough",
        "Area D",
    ]
    assert "the 4th lowest of 5" in out["slope"]["summary"]
    assert "Source: Crime real; Population mid-2023" in out["slope"]["source"]


def test_msg_interval_and_verdict_match_hand_computation(engine) -> None:  # type: ignore[no-untyped-def]
    out = quartile.msg_content(engine, "total", "2025-06-30", "all", "poisson")["msg"]
    summary, source = out["summary"], out["source"]
    rows = out["table"]["rowData"]
    assert "chance variation only" in out["method"]
    # Group average 620 / 6,000 = 103.3; P's exact 95% interval for 240 offences on
    # 2,000 residents is 105.3 to 136.2 per 1,000 (chi-square limits 210.6, 272.4).
    assert "Peterborough's rate, 120.0 (95% range 105.3 to 136.2)" in summary
    assert "significantly higher than its group's average of 103.3" in summary
    by_name = {row["area_name"]: row for row in rows}
    assert by_name["Area C"]["significance"] == "not significantly different"
    assert by_name["Area A"]["significance"] == "significantly lower"
    assert by_name["Area D"]["significance"] == "significantly higher"
    assert "Most similar groups" in source
    # By default the test allows for the members' spread (factor 8.9): P's range
    # is 63.7 to 193.9 and it is not significantly different.
    default = quartile.msg_content(engine, "total", "2025-06-30", "all")["msg"]
    assert "(95% range 63.7 to 193.9, allowing for variation" in default["summary"]
    assert "is not significantly different from its group's" in default["summary"]


def test_trend_answers_fallen_faster_with_both_percentages(engine) -> None:  # type: ignore[no-untyped-def]
    out = quartile.history_content(engine, "total", "2025-06-30", "all")
    history_summary = out["history"]["summary"]
    trend_summary = out["trend"]["summary"]
    # P: 260/2000 = 130 -> 120, -7.7%; E&W 660/6000 = 110 -> 103.3, -6.1%.
    assert "fell 7.7% (260 to 240 offences)" in trend_summary
    assert "England and Wales's fell 6.1%" in trend_summary
    assert "cannot be answered from real data yet" in trend_summary
    assert "DEMO answer, from demo history, not real data: No detectable" in (
        trend_summary
    )
    # 2024: rates 60, 90, 100, 130 (P), 150 -> rank 4 of 5 in both periods.
    assert "rank 4 to 4 of 5" in history_summary
    assert "periods to June 2024 are DEMO data" in out["history"]["source"]


def test_peer_set_of_the_police_force_area_ranks_among_its_csps(engine) -> None:  # type: ignore[no-untyped-def]
    out = quartile.ranking_content(engine, "total", "2025-06-30", "pfa")
    # Only P (120) and A (50) are in Cambridgeshire: rank 2 of 2, quartile 4;
    # quartile 2 ends at rank floor(2*3/4) = 1 -> 50 per 1,000 -> 140 fewer.
    assert "rank 2 of 2, quartile 4" in text_of(out["rank"])
    assert "Cambridgeshire police force area" in text_of(out["rank"])
    assert "140 fewer offences (58.3% fewer" in out["distance"]
    assert "quartile 4 into quartile 2" in out["distance"]


def test_unknown_choices_fall_back_to_the_default_view(engine) -> None:  # type: ignore[no-untyped-def]
    out = quartile.ranking_content(engine, "nonsense", "1999-01-01", "galaxy")
    assert "rank 4 of 5" in text_of(out["rank"])
    assert "12 months to June 2025" in text_of(out["rank"])


MEASURE = "Total recorded crime (excluding fraud): offences per 1,000 residents"


def test_each_chart_csv_is_dated_and_every_row_says_its_period_and_status(
    engine,
) -> None:  # type: ignore[no-untyped-def]
    ranking = quartile.ranking_content(engine, "total", "2025-06-30", "all", None)
    history = quartile.history_content(engine, "total", "2025-06-30", "all", None)
    msg = quartile.msg_content(engine, "total", "2025-06-30", "all", None)
    tables = {
        "slope": ranking["slope"]["table"],
        "funnel": ranking["funnel"]["table"],
        "history": history["history"]["table"],
        "trend": history["trend"]["table"],
        "msg": msg["msg"]["table"],
    }
    for chart, table in tables.items():
        params = table["csvExportParams"]
        assert params["fileName"] == f"pes-crime-quartile-{chart}-2025-06-30.csv"
        assert params["columnKeys"][-4:] == [
            "measure",
            "period",
            "source",
            "data_status",
        ]
        for row in table["rowData"]:
            assert row["measure"] == MEASURE
            assert row["source"].startswith("Source:")
    # One period per row where the chart spans several: June 2024 is demo here.
    trend = {
        (row["series"], row["period"]): row["data_status"]
        for row in tables["trend"]["rowData"]
    }
    assert trend[("Peterborough", "12 months to June 2024")] == "demo"
    assert trend[("Peterborough", "12 months to June 2025")] == "real"
    slope = tables["slope"]["rowData"]
    assert {row["period"] for row in slope} == {"12 months to June 2025"}
    assert {row["data_status"] for row in slope} == {"real"}
    # Numbers go out unrounded; the grid shows two decimals.
    national = [r for r in tables["trend"]["rowData"] if r["series"] != "Peterborough"]
    assert any(round(r["rate_per_1000"], 2) != r["rate_per_1000"] for r in national)
