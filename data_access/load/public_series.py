"""Real public series the build loads beside the core tables: ONS population
mid-2001 to mid-2020 (MYE4), the CSEW force tables (P6, P7) and Defra's
fly-tipping by local authority. Each is read by the same parser as its import
command, so the build and an import agree row for row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Connection

from data_access import schema
from data_access.load.import_crime import read_population
from data_access.load.import_series import (
    csew_infos,
    flytipping_info,
    parse_flytipping,
    parse_force_tables,
    write_force_tables,
)
from data_access.load.importing import Rejections
from data_access.load.writer import DatasetInfo, DatasetRecorder, insert_rows

OGL = "Open Government Licence v3.0"
POPULATION_SERIES_FILE = "ons_mye_uk_mid2001_to_mid2020.xls"


def population_series_info(year: int, path: Path | None) -> DatasetInfo:
    """The dataset row of one pre-census mid-year estimate from MYE4."""
    return DatasetInfo(
        dataset_id=f"ons_population_mid{year}",
        publisher="Office for National Statistics",
        title=f"Population estimates by local authority, mid-{year} (pre-2021 Census)",
        source=(
            "ONS 'Population estimates for the UK, England and Wales, Scotland and "
            "Northern Ireland: mid-2020' (25 June 2021), table MYE4, 2021 local "
            "authority boundaries"
        ),
        licence=OGL,
        attribution=(
            "Source: Office for National Statistics licensed under the Open "
            "Government Licence v3.0."
        ),
        period_label=f"30 June {year}",
        period_end=date(year, 6, 30),
        is_demo=False,
        source_file=path,
        notes=(
            "Made before the 2021 Census: used only for periods ending before "
            "mid-2021, and a rate series crossing mid-2020 to mid-2021 is marked "
            "with a break (domain.population)."
        ),
    )


def load_population_series(
    conn: Connection, recorder: DatasetRecorder, path: Path
) -> None:
    """ONS mid-2001 to mid-2020 estimates (MYE4) by authority, region and country."""
    for _, year, values in read_population(path, rejections=Rejections(False)):
        with recorder.dataset(population_series_info(year, path)) as counter:
            counter[0] = insert_rows(
                conn,
                schema.population,
                (
                    {
                        "area_code": code,
                        "year": year,
                        "population": population,
                        "source": f"ONS mid-{year} population estimates (MYE4)",
                        "dataset_id": f"ons_population_mid{year}",
                    }
                    for code, population in values.items()
                ),
            )


CSEW_FORCE_FILES = ("ons_pfa_tables_ye_mar2018.xlsx", "ons_pfa_tables_ye_mar2019.xlsx")
FLYTIPPING_FILE = "defra_flytipping_la_2012-13_to_2021-22.xlsx"


def load_csew_force(conn: Connection, recorder: DatasetRecorder, folder: Path) -> None:
    """CSEW Table P6 and recorded ASB Table P7 from both force-table workbooks."""
    editions = [parse_force_tables(folder / name) for name in CSEW_FORCE_FILES]
    survey_info, count_info = csew_infos(editions)
    with (
        recorder.dataset(survey_info) as survey_rows,
        recorder.dataset(count_info) as count_rows,
    ):
        survey_rows[0], count_rows[0] = write_force_tables(conn, editions)


def load_flytipping(conn: Connection, recorder: DatasetRecorder, path: Path) -> None:
    """Defra fly-tipping incidents and actions, 2012-13 to 2021-22."""
    rows = parse_flytipping(path)
    info = flytipping_info(rows, path)
    with recorder.dataset(info) as counter:
        counter[0] = insert_rows(
            conn,
            schema.annual_count,
            ({**row, "dataset_id": info.dataset_id} for row in rows),
        )
