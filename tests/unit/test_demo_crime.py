"""The demo crime history, incidents and surveys (data_access.load.demo_crime).

Each test database holds the real public data of the June 2025 table and the 2019
police.uk file, loaded by the functions the build uses, and then only
``load_demo_crime`` with the opt-in history (not the partnership demo data), so
the whole demo series is written; with the real years and months of the default
build loaded, the demo fills only what they leave (tested in
tests/data_access/test_loaded_figures.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest
import shapely
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from data_access.load import public
from data_access.load.build import (
    DEMO_SEED,
    PARTNERSHIP_DIR,
    PUBLIC_DIR,
    load_most_similar_groups,
)
from data_access.load.demo_crime import load_demo_crime, load_series_breaks
from data_access.load.ons_crime import parse_crime_table
from data_access.load.public import WardGeometry
from data_access.load.writer import DatasetRecorder, atomic_build
from domain.areas import PETERBOROUGH_CSP
from domain.offences import LEAF_OFFENCE_CODES, OFFENCE_CODES, OFFENCE_GROUPS
from domain.police_uk import ANTI_SOCIAL_BEHAVIOUR, CRIME_TYPES
from tests.conftest import fresh_postgres_database

# Every test reads a database holding the whole real data (built twice for the
# determinism test): these need a full build.
pytestmark = pytest.mark.shipped_build

LATEST = date(2025, 6, 30)
PETERBOROUGH_REAL_TOTAL = 23_061
DEMO_DATASETS = (
    "demo_crime_history",
    "demo_incidents_police",
    "demo_operational",
    "demo_local_survey",
)
REAL_DATASETS = ("series_breaks", "csew_national_reference")
EXPECTED_PERIODS = [
    date(2022, 6, 30),
    date(2022, 9, 30),
    date(2022, 12, 31),
    date(2023, 3, 31),
    date(2023, 6, 30),
    date(2023, 9, 30),
    date(2023, 12, 31),
    date(2024, 3, 31),
    date(2024, 6, 30),
    date(2024, 9, 30),
    date(2024, 12, 31),
    date(2025, 3, 31),
]
POLICE_UK_TYPES = {*CRIME_TYPES, ANTI_SOCIAL_BEHAVIOUR}
SECTORS = ("PES-NORTH", "PES-SOUTH", "PES-EAST")
# Tables load_demo_crime writes, with an order that makes a full comparison stable.
WRITTEN = {
    "recorded_crime": "area_code, period_end, offence_code",
    "series_break": "break_id",
    "incident": "incident_id",
    "survey": "survey_id",
    "survey_question": "question_code",
    "survey_result": "survey_id, wave, area_code, question_code",
}


@dataclass(frozen=True)
class Built:
    url: str
    engine: Engine
    wards: WardGeometry


def build_real_then_demo(url: str, seed: int = DEMO_SEED) -> Built:
    """The real data as build_database loads it, then only load_demo_crime."""
    files = public.PublicFiles(PUBLIC_DIR)
    with atomic_build(url) as conn:
        recorder = DatasetRecorder(conn, datetime(2025, 7, 31, tzinfo=UTC))
        public.load_offence_groups(conn)
        public.load_areas(conn, recorder, files)
        public.load_population(conn, recorder, files)
        public.load_ward_population(conn, recorder, files)
        crime = public.load_crime_table(conn, recorder, files.crime_table)
        public.load_deprivation(conn, recorder, files)
        wards = public.load_geography(
            conn, recorder, files, PARTNERSHIP_DIR / "ward_sectors.csv"
        )
        public.load_police_uk(conn, recorder, files.police_uk, wards)
        load_most_similar_groups(conn, recorder)
        assert crime.period_end == LATEST
        load_series_breaks(conn, recorder)
        # The opt-in demo history (build --demo-history), over the June 2025 table
        # alone: every quarter and month of the demo series is written.
        load_demo_crime(
            conn,
            recorder,
            seed=seed,
            latest_crime_period=crime.period_end,
            wards=wards,
            history=True,
        )
    return Built(url, create_engine(url), wards)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    path = tmp_path_factory.mktemp("demo_crime") / "pes.sqlite"
    result = build_real_then_demo(f"sqlite:///{path}")
    yield result
    result.engine.dispose()


@pytest.fixture(scope="module")
def built_again(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    path = tmp_path_factory.mktemp("demo_crime_again") / "pes.sqlite"
    result = build_real_then_demo(f"sqlite:///{path}")
    yield result
    result.engine.dispose()


def query(built: Built, sql: str, **params: object) -> pd.DataFrame:
    with built.engine.connect() as conn:
        return pd.read_sql(text(sql), conn, params=params)


def demo_crime(built: Built) -> pd.DataFrame:
    frame = query(
        built,
        "SELECT area_code, pfa_code, period_end, offence_code, offence_count, "
        "is_demo, dataset_id FROM recorded_crime",
    )
    frame["period_end"] = pd.to_datetime(frame.period_end).dt.date
    return frame


def table_rows(built: Built, table: str) -> list[tuple[object, ...]]:
    with built.engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                text(f"SELECT * FROM {table} ORDER BY {WRITTEN[table]}")
            )
        ]


# ------------------------------------------------------------------- provenance


def test_each_dataset_is_recorded_with_its_row_count(built: Built) -> None:
    datasets = query(built, "SELECT * FROM dataset").set_index("dataset_id")
    for dataset_id in DEMO_DATASETS:
        row = datasets.loc[dataset_id]
        assert bool(row.is_demo)
        assert row.licence == "Demo data (generated)"
        assert row.attribution.startswith("DEMO DATA:")
        assert row.row_count > 0
    for dataset_id in REAL_DATASETS:
        row = datasets.loc[dataset_id]
        assert not bool(row.is_demo)
        assert row.licence == "Open Government Licence v3.0"
    counts = {
        "demo_crime_history": "SELECT COUNT(*) FROM recorded_crime "
        "WHERE dataset_id = 'demo_crime_history'",
        "demo_incidents_police": "SELECT COUNT(*) FROM incident "
        "WHERE dataset_id = 'demo_incidents_police'",
        "demo_operational": "SELECT COUNT(*) FROM incident "
        "WHERE dataset_id = 'demo_operational'",
        "series_breaks": "SELECT COUNT(*) FROM series_break",
    }
    for dataset_id, sql in counts.items():
        assert datasets.loc[dataset_id, "row_count"] == query(built, sql).iloc[0, 0]


def test_every_demo_row_is_flagged_and_no_real_row_is(built: Built) -> None:
    crime = demo_crime(built)
    history = crime[crime.dataset_id == "demo_crime_history"]
    assert history.is_demo.astype(bool).all()
    assert (
        not crime[crime.dataset_id != "demo_crime_history"].is_demo.astype(bool).any()
    )
    incidents = query(built, "SELECT dataset_id, is_demo, source_system FROM incident")
    demo = incidents.dataset_id.isin(DEMO_DATASETS)
    assert incidents[demo].is_demo.astype(bool).all()
    assert not incidents[~demo].is_demo.astype(bool).any()
    assert incidents[demo].source_system.str.contains("(demo)", regex=False).all()
    surveys = query(built, "SELECT survey_id, is_demo FROM survey").set_index(
        "survey_id"
    )
    assert bool(surveys.loc["pes_residents_survey", "is_demo"])
    assert not bool(surveys.loc["csew_national", "is_demo"])


def test_same_seed_gives_identical_rows(built: Built, built_again: Built) -> None:
    for table in WRITTEN:
        assert table_rows(built, table) == table_rows(built_again, table), table
    columns = "dataset_id, title, period_start, period_end, is_demo, row_count, notes"
    sql = f"SELECT {columns} FROM dataset ORDER BY dataset_id"
    assert query(built, sql).equals(query(built_again, sql))


def test_demo_part_is_modest_in_size(built: Built) -> None:
    # Its speed is measured by benchmarks/foundation.py (the build time), not here.
    rows = query(
        built,
        "SELECT (SELECT COUNT(*) FROM recorded_crime WHERE is_demo = 1) "
        "+ (SELECT COUNT(*) FROM incident WHERE is_demo = 1) "
        "+ (SELECT COUNT(*) FROM survey_result) AS n",
    ).iloc[0, 0]
    # The volumes asked for (24 months of ~4,800 incidents a month plus 12 periods
    # of the whole ONS table) come to about 233,000 rows.
    assert 200_000 < rows < 245_000


# --------------------------------------------------------------- crime history


def test_real_latest_period_is_untouched(built: Built) -> None:
    crime = demo_crime(built)
    latest = crime[crime.period_end == LATEST]
    assert set(latest.dataset_id) == {"ons_crime_csp_2025_06"}
    assert not latest.is_demo.astype(bool).any()
    published = parse_crime_table(public.PublicFiles(PUBLIC_DIR).crime_table).counts
    expected = published.set_index(["area_code", "offence_code"]).offence_count
    loaded = latest.set_index(["area_code", "offence_code"]).offence_count
    assert len(loaded) == len(expected)
    assert (loaded.sort_index() == expected.sort_index().astype(int)).all()


def test_history_covers_every_area_and_offence_in_twelve_quarters(built: Built) -> None:
    crime = demo_crime(built)
    real = crime[crime.period_end == LATEST]
    demo = crime[crime.dataset_id == "demo_crime_history"]
    assert sorted(demo.period_end.unique()) == EXPECTED_PERIODS
    real_areas = real[["area_code", "pfa_code"]].drop_duplicates()
    for _, period in demo.groupby("period_end"):
        areas = period[["area_code", "pfa_code"]].drop_duplicates()
        assert (
            areas.sort_values("area_code")
            .reset_index(drop=True)
            .equals(real_areas.sort_values("area_code").reset_index(drop=True))
        )
        assert (period.groupby("area_code").offence_code.nunique() == 23).all()
        assert set(period.offence_code) == set(OFFENCE_CODES)
    assert (demo.offence_count >= 0).all()


def test_parent_groups_are_the_sum_of_their_children(built: Built) -> None:
    crime = demo_crime(built)
    demo = crime[crime.dataset_id == "demo_crime_history"]
    wide = demo.pivot_table(
        index=["period_end", "area_code"],
        columns="offence_code",
        values="offence_count",
        aggfunc="sum",
    )
    parents = {group.parent for group in OFFENCE_GROUPS if group.parent}
    assert parents == {
        "total",
        "violence_against_the_person",
        "theft_offences",
        "burglary",
    }
    for parent in parents:
        children = [g.code for g in OFFENCE_GROUPS if g.parent == parent]
        assert (wide[children].sum(axis=1) == wide[parent]).all(), parent
    # and the total is the sum of all leaves
    assert (wide[list(LEAF_OFFENCE_CODES)].sum(axis=1) == wide["total"]).all()


def test_national_trends_are_plausible(built: Built) -> None:
    crime = demo_crime(built)
    national = crime.pivot_table(
        index="period_end",
        columns="offence_code",
        values="offence_count",
        aggfunc="sum",
    )
    ratio = national.loc[EXPECTED_PERIODS[0]] / national.loc[LATEST]
    assert 0.99 <= ratio["total"] <= 1.04  # roughly flat, a little higher in 2022
    assert 0.70 <= ratio["shoplifting"] <= 0.85  # shoplifting up about a third
    assert ratio["vehicle_offences"] > 1.03
    assert ratio["burglary"] > 1.02
    assert ratio["violence_against_the_person"] > 1.0
    # stalking and harassment stepped down with the May 2023 counting-rule change
    stalking = national["stalking_and_harassment"]
    assert stalking[date(2023, 3, 31)] / stalking[date(2024, 6, 30)] > 1.15


def test_peterborough_totals_are_near_the_real_count(built: Built) -> None:
    crime = demo_crime(built)
    pb = crime[(crime.area_code == PETERBOROUGH_CSP) & (crime.offence_code == "total")]
    totals = pb.set_index("period_end").offence_count
    assert totals[LATEST] == PETERBOROUGH_REAL_TOTAL
    for period in EXPECTED_PERIODS:
        assert abs(totals[period] / PETERBOROUGH_REAL_TOTAL - 1) <= 0.15, period
    # Over the last year Peterborough falls a little faster than the national total.
    national = (
        crime[crime.offence_code == "total"].groupby("period_end").offence_count.sum()
    )
    pb_change = totals[LATEST] / totals[date(2024, 6, 30)] - 1
    national_change = national[LATEST] / national[date(2024, 6, 30)] - 1
    assert -0.06 <= pb_change < 0
    assert pb_change < national_change


def test_series_break_is_the_real_counting_rule_change(built: Built) -> None:
    breaks = query(built, "SELECT * FROM series_break")
    assert len(breaks) == 1
    row = breaks.iloc[0]
    assert (row.series, row.offence_code) == (
        "recorded_crime",
        "stalking_and_harassment",
    )
    assert str(row.break_date) == "2023-05-31"
    assert "only the most serious offence" in row.description
    source = query(
        built, "SELECT source, is_demo FROM dataset WHERE dataset_id = 'series_breaks'"
    ).iloc[0]
    assert "year ending June 2023" in source.source
    assert not bool(source.is_demo)


# ------------------------------------------------------------------- incidents


def incidents(built: Built, dataset_id: str) -> pd.DataFrame:
    frame = query(built, "SELECT * FROM incident WHERE dataset_id = :d", d=dataset_id)
    frame["month"] = pd.to_datetime(frame.month).dt.date
    frame["occurred_on"] = pd.to_datetime(frame.occurred_on).dt.date
    return frame


def assert_inside_their_wards(frame: pd.DataFrame, wards: WardGeometry) -> None:
    assert frame.ward_code.notna().all()
    assert set(frame.ward_code) <= set(wards.codes)
    assert (frame.sector_code == frame.ward_code.map(wards.sector_of)).all()
    assert set(frame.sector_code) == set(SECTORS)
    for code, polygon in zip(wards.codes, wards.polygons, strict=True):
        rows = frame[frame.ward_code == code]
        inside = shapely.intersects_xy(polygon, rows.longitude, rows.latitude)
        assert inside.all(), code


def test_police_incidents_are_peterborough_months_and_types(built: Built) -> None:
    police = incidents(built, "demo_incidents_police")
    months = sorted(police.month.unique())
    assert months[0] == date(2023, 7, 1) and months[-1] == date(2025, 6, 1)
    assert len(months) == 24
    assert set(police.category) == POLICE_UK_TYPES
    assert set(police.source_system) == {"police.uk (demo)"}
    assert set(police.agency) == {"police"}
    assert police.occurred_on.isna().all()  # police.uk gives the month only
    assert_inside_their_wards(police, built.wards)
    assert police.lsoa_code.notna().all() and police.location_text.notna().all()


def test_police_volumes_match_the_real_annual_count(built: Built) -> None:
    police = incidents(built, "demo_incidents_police")
    asb = police.category == "Anti-social behaviour"
    crimes = police[~asb]
    last_year = crimes[crimes.month >= date(2024, 7, 1)]
    # the crime types are the demo monthly series behind the recorded-crime history,
    # so the 12 months to the real latest period add up to the real count
    assert len(last_year) == PETERBOROUGH_REAL_TOTAL
    per_month = crimes.groupby("month").size()
    assert per_month.between(1_600, 2_300).all()
    asb_per_month = police[asb].groupby("month").size()
    assert asb_per_month.between(330, 600).all()
    assert 420 <= asb_per_month.mean() <= 490
    # mild seasonality: summer months above winter months
    summer = per_month[[m for m in per_month.index if m.month in (6, 7, 8)]].mean()
    winter = per_month[[m for m in per_month.index if m.month in (12, 1, 2)]].mean()
    assert 1.0 < summer / winter < 1.25


def test_police_outcomes_follow_the_real_mix(built: Built) -> None:
    police = incidents(built, "demo_incidents_police")
    asb = police.category == "Anti-social behaviour"
    assert police[asb].outcome.isna().all()
    assert police[asb].external_id.isna().all()
    crimes = police[~asb]
    assert crimes.outcome.notna().all()
    assert crimes.external_id.str.fullmatch(r"[0-9a-f]{64}").all()
    latest = crimes[crimes.month == date(2025, 6, 1)]
    oldest = crimes[crimes.month == date(2023, 7, 1)]
    open_latest = (latest.outcome == "Under investigation").mean()
    open_oldest = (oldest.outcome == "Under investigation").mean()
    assert open_latest > 0.3 and open_oldest < 0.02


def test_eastern_sector_police_crime_falls(built: Built) -> None:
    police = incidents(built, "demo_incidents_police")
    crimes = police[police.category != "Anti-social behaviour"]
    year = np.where(crimes.month >= date(2024, 7, 1), "second", "first")
    by_sector = crimes.groupby([crimes.sector_code, year]).size().unstack()
    east = by_sector.loc["PES-EAST"]
    assert east["second"] < east["first"] * 0.97


STREAM_VOLUMES = {  # source system: (agency set, lower, upper) per month on average
    "Council environmental services (demo)": ({"council"}, 300, 400),
    "Council parking enforcement (demo)": ({"council"}, 1_800, 2_200),
    "Cambridgeshire Fire and Rescue IRS (demo)": ({"fire"}, 100, 140),
    "My Peterborough app (demo)": ({"council"}, 440, 560),
    "PES enforcement notices (demo)": ({"council", "police"}, 45, 75),
    "Council ASB case management (demo)": ({"council"}, 130, 170),
}


def test_operational_records_volumes_and_dates(built: Built) -> None:
    ops = incidents(built, "demo_operational")
    assert set(ops.source_system) == set(STREAM_VOLUMES)
    for source, (agencies, low, high) in STREAM_VOLUMES.items():
        rows = ops[ops.source_system == source]
        assert set(rows.agency) == agencies, source
        assert low <= len(rows) / 24 <= high, source
    assert len(ops.month.unique()) == 24
    assert (ops.occurred_on >= ops.month).all()
    day_one = ops.occurred_on.map(lambda day: day.replace(day=1))
    assert (day_one == ops.month).all()
    fires = ops[ops.agency == "fire"].category
    assert fires.str.startswith("Fire: ").all()
    assert "Fire: deliberate secondary fire" in set(fires)
    assert ops.external_id.is_unique


def test_operational_records_sit_inside_their_wards(built: Built) -> None:
    ops = incidents(built, "demo_operational")
    assert_inside_their_wards(ops, built.wards)
    assert ops.lsoa_code.notna().mean() > 0.99
    names = query(built, "SELECT area_code, area_name FROM area WHERE area_kind='ward'")
    name_of = dict(zip(names.area_code, names.area_name, strict=True))
    parking = ops[ops.category.str.startswith("Parking")].ward_code.map(name_of)
    hotspots = {"Central", "Park", "East", "North", "Fletton and Woodston"}
    assert parking.isin(hotspots).mean() > 0.7
    assert parking.value_counts().index[0] == "Central"


# --------------------------------------------------------------------- surveys


def survey(built: Built, survey_id: str) -> pd.DataFrame:
    return query(
        built,
        "SELECT r.*, a.area_kind FROM survey_result r "
        "LEFT JOIN area a ON a.area_code = r.area_code WHERE r.survey_id = :s",
        s=survey_id,
    )


def test_local_survey_shape_bases_and_estimates(built: Built) -> None:
    results = survey(built, "pes_residents_survey")
    assert results.wave.nunique() == 7
    assert "2022 wave 1 (Jan-Mar)" in set(results.wave)
    assert "2025 wave 1 (Jan-Mar)" in set(results.wave)
    assert set(results.question_code) == {
        "crime_gone_up_locally",
        "safe_after_dark",
        "asb_big_problem",
        "worried_about_crime",
        "confidence_police_council",
    }
    assert len(results) == 7 * 5 * (22 + 3 + 1)
    assert results.estimate.between(0, 1).all()
    wards = results[results.area_kind == "ward"]
    sectors = results[results.area_code.isin(SECTORS)]
    city = results[results.area_code == "E06000031"]
    assert wards.base_size.between(15, 120).all()
    assert sectors.base_size.between(100, 600).all()
    assert len(wards) == 7 * 5 * 22 and len(sectors) == 7 * 5 * 3 and len(city) == 7 * 5
    sector_sum = sectors.groupby(["wave", "question_code"]).base_size.sum()
    city_base = city.set_index(["wave", "question_code"]).base_size
    assert (sector_sum.sort_index() == city_base.sort_index()).all()
    assert (
        pd.to_datetime(results.fieldwork_start) < pd.to_datetime(results.fieldwork_end)
    ).all()
    meta = query(built, "SELECT * FROM survey WHERE survey_id = 'pes_residents_survey'")
    assert meta.design_effect.iloc[0] == 1.4
    assert meta.geography.iloc[0] == "sector and ward"


def test_local_survey_levels_and_the_eastern_story(built: Built) -> None:
    results = survey(built, "pes_residents_survey")
    city = results[results.area_code == "E06000031"]
    level = city.groupby("question_code").estimate.mean()
    assert 0.25 <= level["crime_gone_up_locally"] <= 0.50
    assert 0.60 <= level["safe_after_dark"] <= 0.80
    assert 0.15 <= level["asb_big_problem"] <= 0.35
    assert 0.50 <= level["confidence_police_council"] + 0.05 <= 0.70
    first, last = "2022 wave 1 (Jan-Mar)", "2025 wave 1 (Jan-Mar)"
    east = results[results.area_code == "PES-EAST"].set_index(["wave", "question_code"])
    assert (
        east.loc[(last, "crime_gone_up_locally"), "estimate"]
        > east.loc[(first, "crime_gone_up_locally"), "estimate"]
    )
    assert (
        east.loc[(last, "confidence_police_council"), "estimate"]
        < east.loc[(first, "confidence_police_council"), "estimate"]
    )
    # central wards see ASB as a bigger problem than the villages
    names = query(built, "SELECT area_code, area_name FROM area WHERE area_kind='ward'")
    by_name = results[results.question_code == "asb_big_problem"].merge(names)
    mean = by_name.groupby("area_name").estimate.mean()
    assert mean["Central"] > mean["Barnack"] + 0.08


def test_questions_and_csew_reference(built: Built) -> None:
    questions = query(built, "SELECT * FROM survey_question").set_index("question_code")
    assert questions.loc["safe_after_dark", "direction"] == "higher_is_better"
    assert questions.loc["crime_gone_up_locally", "direction"] == "higher_is_worse"
    assert questions.loc["confidence_local_police", "direction"] == "higher_is_better"
    csew = survey(built, "csew_national").set_index("question_code")
    assert len(csew) == 2
    assert set(csew.area_code) == {"K04000001"}
    assert csew.base_size.isna().all()
    assert csew.loc["crime_gone_up_locally", "estimate"] == 0.32
    assert csew.loc["crime_gone_up_locally", "wave"] == "2013/14"
    assert csew.loc["confidence_local_police", "estimate"] == 0.67
    assert str(csew.loc["confidence_local_police", "fieldwork_end"]) == "2025-03-31"
    meta = query(built, "SELECT * FROM survey WHERE survey_id = 'csew_national'").iloc[
        0
    ]
    assert meta.provider == "Office for National Statistics"
    assert meta.geography == "England and Wales"


# ------------------------------------------------------------------ PostgreSQL


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database of this module's own, dropped afterwards."""
    yield from fresh_postgres_database()


@pytest.mark.postgres
def test_postgres_build_gives_the_same_demo_data(
    built: Built, postgres_url: str
) -> None:
    on_postgres = build_real_then_demo(postgres_url)
    search_path = {"options": "-c search_path=pes"}
    engine = create_engine(postgres_url, connect_args=search_path)
    statements = (
        "SELECT dataset_id, COUNT(*) AS n, SUM(offence_count) AS total "
        "FROM recorded_crime GROUP BY dataset_id ORDER BY dataset_id",
        "SELECT dataset_id, category, COUNT(*) AS n, SUM(longitude) AS lon, "
        "SUM(latitude) AS lat FROM incident "
        "GROUP BY dataset_id, category ORDER BY dataset_id, category",
        "SELECT survey_id, COUNT(*) AS n, SUM(base_size) AS bases, "
        "SUM(estimate) AS estimates FROM survey_result "
        "GROUP BY survey_id ORDER BY survey_id",
    )
    try:
        for statement in statements:
            with engine.connect() as conn:
                pg = pd.read_sql(text(statement), conn)
            lite = query(built, statement)
            assert list(pg.columns) == list(lite.columns)
            assert len(pg) == len(lite), statement
            for column in pg.columns:
                if not pd.api.types.is_numeric_dtype(lite[column]):
                    assert (pg[column] == lite[column]).all(), column
                else:
                    assert np.allclose(
                        pg[column].astype(float),
                        lite[column].astype(float),
                        rtol=0,
                        atol=1e-6,
                        equal_nan=True,
                    ), column
    finally:
        engine.dispose()
        on_postgres.engine.dispose()
