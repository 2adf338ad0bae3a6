"""The loaded real data matches the figures the data README states, on both databases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from dashboard.metrics.headline import crime_headline
from data_access.engine import make_readonly_engine
from data_access.load.import_crime import read_tables
from data_access.load.ons_crime import parse_crime_rows, parse_crime_table
from data_access.queries import crime, meta
from data_access.queries.crime import UnknownChoiceError

PERIOD = date(2025, 6, 30)
pytestmark = pytest.mark.shipped_build


@pytest.fixture
def engine(real_database_url: str):  # type: ignore[no-untyped-def]
    engine = make_readonly_engine(real_database_url)
    yield engine
    engine.dispose()


def test_england_and_wales_total_is_5204149(engine) -> None:  # type: ignore[no-untyped-def]
    national = crime.national_crime(engine, period_end=PERIOD, offence_code="total")
    assert national.offence_count.iloc[0] == 5_204_149
    assert national.unassigned_count.iloc[0] == 101_446
    assert national.population.iloc[0] == 60_854_727
    assert national.population_year.iloc[0] == 2023


def test_peterborough_is_23061_offences_and_105_1_per_1000(engine) -> None:  # type: ignore[no-untyped-def]
    areas = crime.rate_area_crime(engine, period_end=PERIOD, offence_code="total")
    national = crime.national_crime(engine, period_end=PERIOD, offence_code="total")
    headline = crime_headline(areas, national)
    assert headline is not None
    assert headline.offence_count == 23_061
    assert headline.population == 219_509
    assert round(headline.rate, 1) == 105.1
    assert headline.n_ranked == 298
    assert headline.quartile == 4


def test_rate_areas_cover_every_csp_once(engine) -> None:  # type: ignore[no-untyped-def]
    areas = crime.rate_area_crime(engine, period_end=PERIOD, offence_code="total")
    assert len(areas) == 300
    assert areas.area_code.is_unique
    assert areas.population.notna().all()
    # CSP rows alone; the unassigned rows make up the rest of the national total.
    assert areas.offence_count.sum() == 5_204_149 - 101_446


def test_buckinghamshire_is_one_rate_area_of_four_csps(engine) -> None:  # type: ignore[no-untyped-def]
    areas = crime.rate_area_crime(engine, period_end=PERIOD, offence_code="total")
    bucks = areas[areas.area_name == "Buckinghamshire"]
    assert len(bucks) == 1
    assert bucks.area_code.iloc[0].startswith("RA-")


def test_unknown_offence_group_is_refused(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownChoiceError):
        crime.rate_area_crime(
            engine, period_end=PERIOD, offence_code="total; DROP TABLE x"
        )


def test_every_dataset_has_source_licence_and_attribution(engine) -> None:  # type: ignore[no-untyped-def]
    datasets = meta.datasets(engine)
    assert len(datasets) >= 12
    for column in ("source", "licence", "attribution", "period_label", "publisher"):
        assert datasets[column].str.len().gt(0).all(), column
    assert not datasets.is_demo.any()


def test_peterborough_msg_has_15_members_labelled_computed(engine) -> None:  # type: ignore[no-untyped-def]
    group = crime.most_similar_group(engine, group_code="E22000017")
    assert len(group) == 15
    assert group.member_code.iloc[0] == "E22000017"
    assert not group.is_official.any()
    assert "not the Home Office iQuanta" in group.method.iloc[0]
    assert "crime domain is left out" in group.method.iloc[0]
    # Cumberland (reorganised in 2023, left out before) is a candidate now, and
    # in Peterborough's group; Medway and Thanet were in the group with Crime
    assert "Cumberland" in set(group.member_name)
    assert not {"Medway", "Thanet"} & set(group.member_name)


def test_every_english_rate_area_has_a_group(engine) -> None:  # type: ignore[no-untyped-def]
    msg = meta.datasets(engine, dataset_ids=["msg_computed"]).iloc[0]
    assert msg.notes.startswith("279 English rate areas grouped; 7 authorities")
    assert "Left out for want of IMD 2019 scores: 0." in msg.notes
    assert "weighted equally" in msg.attribution


def test_dataset_status_is_stored_by_each_loader(engine) -> None:  # type: ignore[no-untyped-def]
    status = meta.datasets(engine).set_index("dataset_id").status
    assert status["msg_computed"] == "computed"
    assert status["pes_sectors_default"] == "default"
    assert status["pes_board_agendas"] == "default"
    assert status["ons_crime_csp_2025_06"] == "real"
    assert set(status) <= {"real", "computed", "default"}


def test_latest_period_is_real_june_2025(engine) -> None:  # type: ignore[no-untyped-def]
    latest = meta.latest_crime_period(engine, real_only=True)
    assert latest.period_end.iloc[0] == PERIOD
    assert not latest.is_demo.iloc[0]


def test_crime_dataset_covers_july_2024_to_june_2025(engine) -> None:  # type: ignore[no-untyped-def]
    crime_set = meta.datasets(engine, dataset_ids=["ons_crime_csp_2025_06"]).iloc[0]
    assert crime_set.period_start == date(2024, 7, 1)
    assert crime_set.period_end == PERIOD
    assert crime_set.checksum.startswith("sha256:")


def test_peterborough_population_mid_2015_to_2020_is_loaded_from_mye4(engine) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT year, population FROM population WHERE area_code = 'E06000031'"
                " AND year BETWEEN 2015 AND 2020 ORDER BY year"
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        (2015, 193_657),
        (2016, 196_735),
        (2017, 198_914),
        (2018, 201_041),
        (2019, 202_259),
        (2020, 202_626),
    ]
    # Pre-census years are loaded, yet the latest periods still take mid-2023.
    assert 2020 in crime.population_years(engine)


# ------------------------------------------------- three real CSP years (README 6a, 9)

PUBLIC = Path(__file__).resolve().parents[2] / "data" / "public"
YEARS = (date(2023, 6, 30), date(2024, 6, 30), date(2025, 6, 30))


def _rows(engine, sql: str, **params: object) -> list[tuple]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def test_three_real_years_of_peterborough_csp_counts(engine) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(
        engine,
        "SELECT period_end, offence_count, is_demo FROM recorded_crime "
        "WHERE area_code = 'E22000017' AND offence_code = 'total' ORDER BY period_end",
    )
    assert [(pd.Timestamp(r[0]).date(), r[1]) for r in rows] == list(
        zip(YEARS, (24_808, 22_582, 23_061), strict=True)
    )
    assert not any(bool(r[2]) for r in rows)
    periods = _rows(engine, "SELECT DISTINCT period_end FROM recorded_crime")
    assert sorted(pd.Timestamp(p[0]).date() for p in periods) == list(YEARS)


def test_year_ending_june_2024_by_offence_group(engine) -> None:  # type: ignore[no-untyped-def]
    counts = dict(
        _rows(
            engine,
            "SELECT offence_code, offence_count FROM recorded_crime "
            "WHERE area_code = 'E22000017' AND period_end = :d",
            d=date(2024, 6, 30),
        )
    )
    assert {
        code: counts[code]
        for code in (
            "violence_against_the_person",
            "sexual_offences",
            "robbery",
            "theft_offences",
            "burglary",
            "shoplifting",
            "criminal_damage_and_arson",
            "drug_offences",
            "possession_of_weapons_offences",
            "public_order_offences",
        )
    } == {
        "violence_against_the_person": 8_918,
        "sexual_offences": 841,
        "robbery": 271,
        "theft_offences": 6_514,
        "burglary": 861,
        "shoplifting": 2_099,
        "criminal_damage_and_arson": 2_211,
        "drug_offences": 713,
        "possession_of_weapons_offences": 313,
        "public_order_offences": 2_257,
    }


def test_each_force_adds_up_to_its_published_total_in_every_year(engine) -> None:  # type: ignore[no-untyped-def]
    tables = read_tables(PUBLIC / "ons_pfa_tables_ye_jun2024.xlsx")
    published = [
        parse_crime_rows(tables[sheet], sheet) for sheet in ("Table C2", "Table C5")
    ]
    published.append(parse_crime_table(PUBLIC / "crime_csp_ye_jun2025_table_c2.csv"))
    for table in published:
        stored = dict(
            _rows(
                engine,
                "SELECT pfa_code, SUM(offence_count) FROM recorded_crime "
                "WHERE offence_code = 'total' AND period_end = :d GROUP BY pfa_code",
                d=table.period_end,
            )
        )
        totals = table.force_totals[table.force_totals.offence_code == "total"]
        assert len(totals) >= 42
        for row in totals.itertuples():
            # Gwent and South Wales are published 1 apart from their rows' sum.
            assert abs(int(stored[row.pfa_code]) - int(row.offence_count)) <= 1, (
                table.period_end,
                row.pfa_name,
            )


def test_each_real_year_is_its_own_dataset_with_the_ons_attribution(engine) -> None:  # type: ignore[no-untyped-def]
    ids = [f"ons_crime_csp_{end:%Y_%m}" for end in YEARS]
    found = meta.datasets(engine, dataset_ids=ids).set_index("dataset_id")
    assert sorted(found.index) == sorted(ids)
    assert not found.is_demo.any()
    for dataset_id in ids:
        assert "Office for National Statistics" in found.attribution[dataset_id]
        assert "Open Government Licence v3.0" in found.attribution[dataset_id]
    for dataset_id in ids[:2]:
        assert found.source_file[dataset_id] == "ons_pfa_tables_ye_jun2024.xlsx"
        assert "values are the ONS figures" in found.notes[dataset_id]
    assert found.period_start["ons_crime_csp_2023_06"] == date(2022, 7, 1)


# ------------------------------------------ 24 real police.uk months (README section 11)

STREET = "police_uk_2024_01_to_2025_12"


def test_police_uk_months_hold_peterborough_rows_by_both_rules(engine) -> None:  # type: ignore[no-untyped-def]
    # Kept: rows inside the wards by point in polygon, or with an LSOA name
    # "Peterborough ..."; on these files both rules pick the same rows.
    years = _rows(
        engine,
        "SELECT month, COUNT(*), SUM(CASE WHEN ward_code IS NULL THEN 0 ELSE 1 END), "
        "SUM(CASE WHEN category = 'Anti-social behaviour' THEN 1 ELSE 0 END) "
        "FROM incident WHERE dataset_id = :d GROUP BY month",
        d=STREET,
    )
    by_month = {pd.Timestamp(r[0]).date(): tuple(int(v) for v in r[1:]) for r in years}
    assert len(by_month) == 24
    for year, total, asb in ((2024, 27_143, 4_680), (2025, 27_771, 4_683)):
        rows = [v for m, v in by_month.items() if m.year == year]
        assert sum(v[0] for v in rows) == total
        assert sum(v[1] for v in rows) == total  # every kept row is in a ward
        assert sum(v[2] for v in rows) == asb
    assert by_month[date(2024, 1, 1)][0] == 1_961
    assert by_month[date(2024, 7, 1)][0] == 2_681
    assert by_month[date(2025, 12, 1)][0] == 2_092
    found = meta.datasets(engine, dataset_ids=[STREET]).iloc[0]
    assert not found.is_demo
    assert "54,914 kept" in found.notes and "LSOA name" in found.notes
    assert found.row_count == 54_914
    assert not _rows(
        engine, "SELECT COUNT(*) FROM incident WHERE is_demo = :t", t=True
    )[0][0]


def test_lsoa_names_give_the_same_months_as_the_archive(engine) -> None:  # type: ignore[no-untyped-def]
    # The README's counts are of LSOA names in the files; the stored LSOA codes of
    # those names give the same totals.
    import csv
    import io
    import zipfile

    archive = PUBLIC / "police_uk_cambridgeshire_2024-01_to_2025-12.zip"
    codes: set[str] = set()
    with zipfile.ZipFile(archive) as files:
        for name in files.namelist():
            if name.endswith("-street.csv"):
                text_ = files.read(name).decode("utf-8")
                for row in csv.DictReader(io.StringIO(text_)):
                    if row["LSOA name"].startswith("Peterborough "):
                        codes.add(row["LSOA code"])
    stored = _rows(
        engine,
        "SELECT lsoa_code, COUNT(*) FROM incident WHERE dataset_id = :d "
        "GROUP BY lsoa_code",
        d=STREET,
    )
    assert sum(n for code, n in stored if code in codes) == 27_143 + 27_771
