"""police.uk outcomes and stop and search imports, on a small SQLite database with
the real ward boundaries: the shipped 2024 files give the Peterborough figures
counted from the files themselves; a bad file changes nothing and is named."""

from __future__ import annotations

import csv
import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from data_access import schema
from data_access.engine import make_readonly_engine
from data_access.load.__main__ import main
from data_access.load.import_outcomes import (
    OUTCOME_COLUMNS,
    SHIPPED_ZIP,
    STOP_SEARCH_COLUMNS,
)
from data_access.load.public import PublicFiles, load_geography
from data_access.load.writer import DatasetRecorder, atomic_build, insert_rows

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ROOT / "data" / "public"
# A crime of January 2024 in the shipped outcomes (Peterborough, "Suspect charged").
KNOWN_CRIME = "019d51971f1b524d363f4f56fd6c8737ee252218785890926faaefc003fafe59"


@pytest.fixture(scope="module")
def wards_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding only the wards, sectors and one street record."""
    path = tmp_path_factory.mktemp("outcomes") / "wards.sqlite"
    with atomic_build(f"sqlite:///{path}") as conn:
        recorder = DatasetRecorder(conn, datetime(2025, 1, 1, tzinfo=UTC))
        load_geography(
            conn,
            recorder,
            PublicFiles(PUBLIC),
            ROOT / "data" / "partnership" / "ward_sectors.csv",
        )
        conn.execute(
            schema.dataset.insert(),
            {
                "dataset_id": "police_uk_2024_01",
                "title": "street",
                "source": "test",
                "licence": "",
                "attribution": "",
                "period_label": "2024-01",
                "is_demo": False,
                "loaded_at": datetime(2025, 1, 1, tzinfo=UTC),
            },
        )
        insert_rows(
            conn,
            schema.incident,
            [
                {
                    "source_system": "police.uk",
                    "agency": "police",
                    "category": "Robbery",
                    "month": date(2023, 12, 1),
                    "external_id": KNOWN_CRIME,
                    "is_demo": False,
                    "dataset_id": "police_uk_2024_01",
                }
            ],
        )
    return path


@pytest.fixture
def db(wards_db: Path, tmp_path: Path) -> str:
    target = tmp_path / "pes.sqlite"
    shutil.copy(wards_db, target)
    return f"sqlite:///{target}"


def query(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def state(url: str) -> list[tuple]:
    return (
        query(url, "SELECT count(*) FROM crime_outcome")
        + query(url, "SELECT count(*) FROM stop_search")
        + query(url, "SELECT dataset_id, row_count FROM dataset ORDER BY 1")
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    return code, out, err


def test_shipped_outcomes_give_the_peterborough_counts_of_the_files(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Counted from the 12 files with shapely against the ward polygons: 68,619
    # rows, 22,265 in Peterborough of which 750 repeat a crime and month.
    code, out, err = run(
        capsys, "police-outcomes", str(PUBLIC / SHIPPED_ZIP), "--database-url", db
    )
    assert code == 0, err
    assert "loaded 21,515 rows" in out
    assert query(db, "SELECT count(*), count(DISTINCT crime_id) FROM crime_outcome")[
        0
    ] == (21515, 21307)
    assert query(
        db,
        "SELECT row_count, period_start, period_end FROM dataset "
        "WHERE dataset_id = 'police_uk_outcomes_2024_01_to_2024_12'",
    ) == [(21515, "2024-01-01", "2024-12-31")]
    notes = query(db, "SELECT notes FROM dataset WHERE dataset_id LIKE '%outcomes%'")
    assert "68,619 rows read" in notes[0][0]
    assert "2,573 rows have no location" in notes[0][0]
    # The known crime is typed from its street record; repeated rows kept once.
    assert query(
        db,
        "SELECT month, outcome_group, crime_type, crime_month FROM crime_outcome "
        f"WHERE crime_id = '{KNOWN_CRIME}'",
    ) == [("2024-01-01", "Charged or summonsed", "Robbery", "2023-12-01")]
    # Importing again replaces the months: no double count.
    code, out, err = run(
        capsys, "police-outcomes", str(PUBLIC / SHIPPED_ZIP), "--database-url", db
    )
    assert code == 0, err
    assert query(db, "SELECT count(*) FROM crime_outcome") == [(21515,)]


def test_shipped_stop_and_search_gives_the_peterborough_counts(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "stop-search", str(PUBLIC / SHIPPED_ZIP), "--database-url", db
    )
    assert code == 0, err
    # 2,855 rows in the 12 files; 985 inside Peterborough's wards.
    assert query(db, "SELECT count(*) FROM stop_search") == [(985,)]
    assert query(
        db,
        "SELECT object_of_search, count(*) FROM stop_search "
        "GROUP BY 1 ORDER BY 2 DESC LIMIT 2",
    ) == [("Controlled drugs", 584), ("Offensive weapons", 182)]
    assert query(
        db, "SELECT count(*) FROM stop_search WHERE ethnicity_group = 'White'"
    ) == [(484,)]
    assert query(db, "SELECT count(*) FROM stop_search WHERE gender = 'Male'") == [
        (831,)
    ]


def write(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def outcome_row(**changes: str) -> list[str]:
    row = dict(
        zip(
            OUTCOME_COLUMNS,
            [
                "a" * 64,
                "2024-05",
                "Cambridgeshire Constabulary",
                "Cambridgeshire Constabulary",
                "-0.242000",
                "52.574000",
                "On or near Bridge Street",
                "E01015634",
                "Peterborough 014B",
                "Suspect charged",
            ],
            strict=True,
        )
    )
    row.update(changes)
    return list(row.values())


def search_row(**changes: str) -> list[str]:
    row = dict.fromkeys(STOP_SEARCH_COLUMNS, "")
    row.update(
        {
            "Type": "Person search",
            "Date": "2024-05-02T10:00:00+00:00",
            "Latitude": "52.574000",
            "Longitude": "-0.242000",
            "Gender": "Male",
            "Age range": "18-24",
            "Legislation": "Misuse of Drugs Act 1971 (section 23)",
            "Object of search": "Controlled drugs",
            "Outcome": "Arrest",
        }
    )
    row.update(changes)
    return list(row.values())


BAD_CASES = {
    "unknown_outcome": (
        "police-outcomes",
        OUTCOME_COLUMNS,
        [outcome_row(), outcome_row(**{"Outcome type": "Sent to the moon"})],
        "bad.csv, line 3, column 'Outcome type'",
    ),
    "bad_month": (
        "police-outcomes",
        OUTCOME_COLUMNS,
        [outcome_row(Month="May 2024")],
        "bad.csv, line 2, column 'Month': expected a month as YYYY-MM",
    ),
    "street_header": (
        "police-outcomes",
        (*OUTCOME_COLUMNS[:-1], "Crime type"),
        [outcome_row()],
        "bad.csv, line 1: missing column(s) 'Outcome type'",
    ),
    "far_away": (
        "stop-search",
        STOP_SEARCH_COLUMNS,
        [search_row(), search_row(Latitude="5.1")],
        "bad.csv, line 3, column 'Latitude'",
    ),
    "bad_date": (
        "stop-search",
        STOP_SEARCH_COLUMNS,
        [search_row(Date="02/05/2024")],
        "bad.csv, line 2, column 'Date'",
    ),
    "bad_age": (
        "stop-search",
        STOP_SEARCH_COLUMNS,
        [search_row(**{"Age range": "35+"})],
        "bad.csv, line 2, column 'Age range'",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_file_changes_nothing_and_names_file_and_line(
    name: str, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A good import first, so "unchanged" means the earlier rows stay.
    assert (
        run(capsys, "stop-search", str(PUBLIC / SHIPPED_ZIP), "--database-url", db)[0]
        == 0
    )
    command, header, rows, expected = BAD_CASES[name]
    path = write(tmp_path / "bad.csv", header, rows)
    before = state(db)
    code, out, err = run(capsys, command, str(path), "--database-url", db)
    assert code == 1
    assert "Traceback" not in out + err
    assert err.startswith("Import failed, nothing was changed: "), err
    assert expected in err, err
    assert state(db) == before


def test_zip_without_the_kind_is_refused(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "street.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("2024-01/2024-01-x-street.csv", "Crime ID\n")
    code, _, err = run(capsys, "stop-search", str(archive), "--database-url", db)
    assert code == 1
    assert "street.zip: the archive holds no '*-stop-and-search.csv' file" in err


def test_skip_invalid_keeps_good_rows_and_outside_rows_are_counted(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        outcome_row(),
        outcome_row(**{"Crime ID": "b" * 64, "Outcome type": "Nonsense"}),
        # Cambridge: outside Peterborough, counted not kept.
        outcome_row(**{"Crime ID": "c" * 64, "Longitude": "0.12", "Latitude": "52.2"}),
        outcome_row(**{"Crime ID": "d" * 64, "Longitude": "", "Latitude": ""}),
    ]
    path = write(tmp_path / "2024-05-x-outcomes.csv", OUTCOME_COLUMNS, rows)
    code, out, err = run(
        capsys, "police-outcomes", str(path), "--skip-invalid", "--database-url", db
    )
    assert code == 0, err
    assert "loaded 1 rows" in out
    assert "1 rows rejected" in out
    notes = query(db, "SELECT notes FROM dataset WHERE dataset_id LIKE '%outcomes%'")
    assert "1 rows lie outside" in notes[0][0]
    assert "1 rows have no location" in notes[0][0]


def pg_query(url: str, sql: str) -> list[tuple]:
    """A query through the app's engine, which reads the schema the build swapped in."""
    engine = make_readonly_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def pg_state(url: str) -> list[tuple]:
    return (
        pg_query(url, "SELECT count(*) FROM crime_outcome")
        + pg_query(url, "SELECT count(*) FROM stop_search")
        + pg_query(url, "SELECT dataset_id, row_count FROM dataset ORDER BY 1")
    )


def test_postgres_build_holds_the_same_counts(real_postgres_url: str) -> None:
    # The default build on PostgreSQL loads the shipped 2024 files as on SQLite.
    assert pg_query(
        real_postgres_url,
        "SELECT count(*), count(DISTINCT crime_id) FROM crime_outcome",
    ) == [(21515, 21307)]
    assert pg_query(real_postgres_url, "SELECT count(*) FROM stop_search") == [(985,)]
    assert pg_query(
        real_postgres_url,
        "SELECT count(*) FROM stop_search WHERE ethnicity_group = 'White'",
    ) == [(484,)]


@pytest.mark.parametrize("name", ["unknown_outcome", "bad_age"])
def test_postgres_bad_file_changes_nothing(
    name: str,
    real_postgres_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command, header, rows, expected = BAD_CASES[name]
    path = write(tmp_path / "bad.csv", header, rows)
    before = pg_state(real_postgres_url)
    code, _, err = run(capsys, command, str(path), "--database-url", real_postgres_url)
    assert code == 1
    assert err.startswith("Import failed, nothing was changed: "), err
    assert expected in err, err
    assert pg_state(real_postgres_url) == before
