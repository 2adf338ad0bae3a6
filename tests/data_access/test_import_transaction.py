"""A failed import changes nothing, its DDL included: the SQLite file stays
byte-identical (issue: hardening, item 1)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from data_access.load import import_police
from data_access.load.__main__ import main
from tests.data_access.test_imports import police_rows, write_csv


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def incident_indexes(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'incident' AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
    return [name for (name,) in rows]


@pytest.mark.shipped_build
def test_failed_large_police_import_leaves_the_file_byte_identical(
    full_sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = tmp_path / "pes.sqlite"
    shutil.copy(full_sqlite_url.removeprefix("sqlite:///"), database)
    # As for a file of 400,000 rows: the indexes are dropped before the insert.
    monkeypatch.setattr(import_police, "REBUILD_ROWS", 1)
    monkeypatch.setattr(import_police, "BYTES_PER_ROW", 1)
    rows = police_rows(50)
    for row in rows[1:]:
        row[-1] = "x" * 6_000  # a long Context: the file outweighs the table
    rows[-1][1] = "2025-13"  # the last line's month does not exist
    bad = write_csv(tmp_path / "2025-06-cambridgeshire-street.csv", rows)
    assert (
        bad.stat().st_size
        >= 2
        * sqlite3.connect(database)
        .execute("SELECT count(*) FROM incident")
        .fetchone()[0]
    )
    indexes, before = incident_indexes(database), digest(database)
    assert indexes
    code = main(["police-uk", str(bad), "--database-url", f"sqlite:///{database}"])
    err = capsys.readouterr().err
    assert code == 1 and "nothing was changed" in err
    assert incident_indexes(database) == indexes
    assert digest(database) == before
