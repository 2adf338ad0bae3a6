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
from data_access.load.demo_crime import load_series_breaks
from data_access.load.import_outcomes import load_shipped_outcomes
from data_access.load.import_police import load_peterborough_street_files
from data_access.load.incident_summary import refresh_incident_summary
from data_access.load.objective_evidence import load_objective_evidence
from data_access.load.public import (
    WORKBOOK_COPY_NOTE,
    PublicFiles,
    load_areas,
    load_crime_table,
    load_crime_workbook,
    load_deprivation,
    load_geography,
    load_offence_groups,
    load_police_uk,
    load_population,
    load_ward_population,
)
from data_access.load.public_series import (
    FLYTIPPING_FILE,
    POPULATION_SERIES_FILE,
    load_csew_force,
    load_flytipping,
    load_population_series,
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


def load_most_similar_groups(
    conn: Connection,
    recorder: DatasetRecorder,
    changes_path: Path = PUBLIC_DIR / similar.CHANGES_FILE,
) -> None:
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
    changes = similar.read_changes(changes_path)
    earlier = pd.DataFrame(
        conn.execute(
            select(
                schema.population.c.area_code,
                schema.population.c.year,
                schema.population.c.population,
            ).where(
                schema.population.c.area_code.in_(
                    sorted(set(changes.predecessor_code))
                ),
                schema.population.c.year <= similar.LAST_PREDECESSOR_YEAR,
            )
        )
        .mappings()
        .all(),
        columns=["area_code", "year", "population"],
    )
    added, weighting = similar.successor_scores(deprivation, changes, earlier)
    features, left_out = similar.rate_area_features(
        members, pd.concat([deprivation, added], ignore_index=True), population
    )
    method = similar.method_text(weighting)
    groups = similar.most_similar_groups(features)
    info = DatasetInfo(
        dataset_id="msg_computed",
        publisher="This project, from ONS and MHCLG data",
        title="Most similar groups (computed by this project, not iQuanta)",
        source=(
            "Computed by this project from MHCLG English indices of deprivation 2019, "
            "ONS mid-2023 population estimates and the structural change orders of "
            "2019 to 2022 (data/public/lad_changes_2019_to_2023.csv)"
        ),
        licence="Derived from Open Government Licence v3.0 data",
        attribution=method,
        period_label="IMD 2019, population mid-2023",
        is_demo=False,
        status="computed",
        notes=(
            f"{len(features)} English rate areas grouped; "
            f"{len(weighting)} authorities created after 2019 scored from the "
            f"districts they replaced. Left out for want of IMD 2019 scores: "
            f"{len(left_out)}{' (' + ', '.join(left_out) + ')' if left_out else ''}. "
            "An official list loaded later replaces these groups."
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
                    "method": method,
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
    demo_history: bool = False,
    seed: int = DEMO_SEED,
) -> LoadReport:
    """Build every table into a fresh database and swap it in; return the report.

    Recorded crime by CSP is real for three years (years ending June 2023, 2024 and
    2025). ``demo_history`` adds the demo quarterly periods between them (and demo
    street records for the months police.uk has no file for), flagged DEMO."""
    files = PublicFiles(public_dir)
    loaded_at = datetime.now(UTC).replace(microsecond=0)
    with atomic_build(url) as conn:
        recorder = DatasetRecorder(conn, loaded_at)
        load_offence_groups(conn)
        load_areas(conn, recorder, files)
        load_population(conn, recorder, files)
        load_population_series(conn, recorder, public_dir / POPULATION_SERIES_FILE)
        load_csew_force(conn, recorder, public_dir)
        load_flytipping(conn, recorder, public_dir / FLYTIPPING_FILE)
        load_ward_population(conn, recorder, files)
        load_crime_workbook(
            conn, recorder, files.crime_workbook, note=WORKBOOK_COPY_NOTE
        )
        crime = load_crime_table(conn, recorder, files.crime_table)
        load_series_breaks(conn, recorder)
        load_deprivation(conn, recorder, files)
        wards = load_geography(
            conn, recorder, files, partnership_dir / "ward_sectors.csv"
        )
        load_police_uk(conn, recorder, files.police_uk, wards)
        load_peterborough_street_files(conn, recorder, files.police_uk_zip)
        load_shipped_outcomes(conn, recorder, public_dir)
        load_most_similar_groups(conn, recorder, public_dir / similar.CHANGES_FILE)
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
                history=demo_history,
            )
        refresh_incident_summary(conn)
    return recorder.report
