"""Build the whole database from what the project ships: real public data first,
then demo data only where no shipped source has the data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, select

from data_access import schema
from data_access.load import similar
from data_access.load.board import load_board_agendas
from data_access.load.import_outcomes import load_shipped_outcomes
from data_access.load.incident_summary import refresh_incident_summary
from data_access.load.objective_evidence import load_objective_evidence
from data_access.load.public import (
    PublicFiles,
    load_areas,
    load_crime_table,
    load_deprivation,
    load_geography,
    load_offence_groups,
    load_police_uk,
    load_population,
    load_ward_population,
)
from data_access.load.writer import (
    DatasetInfo,
    DatasetRecorder,
    LoadReport,
    atomic_build,
    insert_rows,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PUBLIC_DIR = PROJECT_ROOT / "data" / "public"
PARTNERSHIP_DIR = PROJECT_ROOT / "data" / "partnership"
DEMO_DIR = PROJECT_ROOT / "data" / "demo"
DEMO_SEED = 20250630


def load_most_similar_groups(conn: Connection, recorder: DatasetRecorder) -> None:
    """Computed MSGs for every English rate area (see data_access.load.similar)."""
    rel = schema.area_relation
    members = pd.DataFrame(
        conn.execute(
            select(
                rel.c.parent_code.label("rate_area_code"),
                rel.c.child_code.label("lad_code"),
            ).where(rel.c.relation == "lad_in_rate_area")
        )
        .mappings()
        .all()
    )
    deprivation = pd.DataFrame(
        conn.execute(
            select(
                schema.deprivation.c.area_code,
                schema.deprivation.c.index_domain,
                schema.deprivation.c.average_score,
            )
        )
        .mappings()
        .all()
    )
    population = pd.DataFrame(
        conn.execute(
            select(schema.population.c.area_code, schema.population.c.population).where(
                schema.population.c.year == 2023
            )
        )
        .mappings()
        .all()
    )
    features, left_out = similar.rate_area_features(members, deprivation, population)
    groups = similar.most_similar_groups(features)
    info = DatasetInfo(
        dataset_id="msg_computed",
        publisher="This project, from ONS and MHCLG data",
        title="Most similar groups (computed by this project, not iQuanta)",
        source="Computed from IMD 2019 and ONS mid-2023 population by this project",
        licence="Derived from Open Government Licence v3.0 data",
        attribution=similar.METHOD,
        period_label="IMD 2019, population mid-2023",
        is_demo=False,
        notes=(
            f"{len(features)} English rate areas grouped. Left out for want of IMD 2019 "
            f"scores under their 2023 codes (authorities reorganised after 2019): "
            f"{len(left_out)}. An official list loaded later replaces these groups."
        ),
    )
    with recorder.dataset(info) as counter:
        counter[0] = insert_rows(
            conn,
            schema.msg_membership,
            (
                {
                    "group_code": row.group_code,
                    "member_code": row.member_code,
                    "rank": int(row.rank),
                    "distance": float(row.distance),
                    "method": similar.METHOD,
                    "is_official": False,
                    "dataset_id": info.dataset_id,
                }
                for row in groups.itertuples()
            ),
        )


def build_database(
    url: str,
    *,
    public_dir: Path = PUBLIC_DIR,
    partnership_dir: Path = PARTNERSHIP_DIR,
    demo_dir: Path = DEMO_DIR,
    with_demo: bool = True,
    seed: int = DEMO_SEED,
) -> LoadReport:
    """Build every table into a fresh database and swap it in; return the report."""
    files = PublicFiles(public_dir)
    loaded_at = datetime.now(UTC).replace(microsecond=0)
    with atomic_build(url) as conn:
        recorder = DatasetRecorder(conn, loaded_at)
        load_offence_groups(conn)
        load_areas(conn, recorder, files)
        load_population(conn, recorder, files)
        load_ward_population(conn, recorder, files)
        crime = load_crime_table(conn, recorder, files.crime_table)
        load_deprivation(conn, recorder, files)
        wards = load_geography(
            conn, recorder, files, partnership_dir / "ward_sectors.csv"
        )
        load_police_uk(conn, recorder, files.police_uk, wards)
        load_shipped_outcomes(conn, recorder, public_dir)
        load_most_similar_groups(conn, recorder)
        load_board_agendas(conn, recorder, partnership_dir / "board_agendas.csv")
        load_objective_evidence(
            conn, recorder, partnership_dir / "objective_evidence.csv"
        )
        if with_demo:
            from data_access.load.demo import load_demo

            load_demo(
                conn,
                recorder,
                seed=seed,
                latest_crime_period=crime.period_end,
                wards=wards,
                partnership_dir=partnership_dir,
                demo_dir=demo_dir,
            )
        refresh_incident_summary(conn)
    return recorder.report
