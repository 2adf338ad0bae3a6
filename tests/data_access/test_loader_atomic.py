"""The loader is atomic and idempotent on both databases: a failed build leaves the
previous database untouched, and building twice gives the same database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.engine import make_readonly_engine
from data_access.load.__main__ import main as loader_main
from data_access.load.build import PUBLIC_DIR, build_database
from data_access.load.ons_crime import CrimeTableError


def table_counts(url: str) -> dict[str, int]:
    engine = make_readonly_engine(url)
    with engine.connect() as conn:
        counts = {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in schema.metadata.tables.items()
        }
    engine.dispose()
    return counts


@pytest.fixture
def broken_public_dir(tmp_path: Path) -> Path:
    """The shipped public data with a crime table whose counts are text."""
    folder = tmp_path / "public"
    shutil.copytree(PUBLIC_DIR, folder)
    table = folder / "crime_csp_ye_jun2025_table_c2.csv"
    table.write_text(
        table.read_text(encoding="utf-8-sig").replace('"23,061 "', "lots", 1),
        encoding="utf-8",
    )
    return folder


@pytest.mark.shipped_build
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_failed_build_leaves_previous_database_untouched(
    request: pytest.FixtureRequest,
    backend: str,
    broken_public_dir: Path,
    tmp_path: Path,
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'pes.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_database")
    build_database(url, with_demo=False)
    before = table_counts(url)
    with pytest.raises(CrimeTableError, match="expected a count"):
        build_database(url, public_dir=broken_public_dir, with_demo=False)
    assert table_counts(url) == before
    if backend == "sqlite":
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pes")] == []


@pytest.mark.shipped_build
def test_building_twice_gives_the_same_row_counts(real_postgres_url: str) -> None:
    first = table_counts(real_postgres_url)
    build_database(real_postgres_url, with_demo=False)
    assert table_counts(real_postgres_url) == first
    # Three real years: 8,165 rows each for the years ending June 2023 and 2024
    # (one area, 23 offence rows, fewer than the June 2025 table's 8,188).
    assert first["recorded_crime"] == 8_165 + 8_165 + 8_188


@pytest.mark.shipped_build
def test_command_line_build_prints_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert loader_main(["build", "--no-demo", "--database-url", url]) == 0
    printed = capsys.readouterr().out
    assert "ons_crime_csp_2025_06" in printed and "8,188 rows" in printed
    assert "Built sqlite:///" in printed
