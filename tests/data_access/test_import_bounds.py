"""Importers read within bounds: no devices, no giant files, no workbook that
declares a vast range, no zip bomb (issue: hardening, item 10)."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from data_access.load import importing
from data_access.load.import_crime import read_tables
from data_access.load.import_police import find_sources
from data_access.load.importing import ImportFailure, checked_file


def test_a_symlink_to_a_device_is_refused_before_it_is_read(tmp_path: Path) -> None:
    link = tmp_path / "2025-06-cambridgeshire-street.csv"
    os.symlink("/dev/zero", link)
    with pytest.raises(ImportFailure, match="not a regular file") as raised:
        find_sources([link])
    assert "\n" not in str(raised.value)
    with pytest.raises(ImportFailure, match="not a regular file"):
        read_tables(link)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "population.csv"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(ImportFailure, match="more than the 100 MB"):
        checked_file(big)
    with pytest.raises(ImportFailure, match="more than the 100 MB"):
        read_tables(big)


def test_a_workbook_declaring_a_vast_range_is_read_as_stored(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Table C2"
    sheet["A1"] = "a small table"
    sheet["B2"] = 42
    path = tmp_path / "tables.xlsx"
    book.save(path)
    # Rewrite the sheet's declared range as a crafted file does: A1:XFD1048576.
    crafted = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(crafted, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(
                    b'<dimension ref="A1:B2" />', b'<dimension ref="A1:XFD1048576" />'
                )
                assert b"XFD1048576" in data
            target.writestr(item, data)
    assert crafted.stat().st_size < 10_000
    started = time.monotonic()
    tables = read_tables(crafted)
    assert time.monotonic() - started < 5
    assert tables["Table C2"] == [["a small table", ""], ["", "42"]]


def test_a_zip_with_too_much_inside_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "police.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as target:
        for month in range(1, 4):
            target.writestr(f"2025-0{month}/2025-0{month}-x-street.csv", "x" * 50_000)
    monkeypatch.setattr(importing, "MAX_ZIP_BYTES", 100_000)
    with pytest.raises(ImportFailure, match="unpacks to"):
        find_sources([archive])
    monkeypatch.setattr(importing, "MAX_ZIP_MEMBERS", 2)
    with pytest.raises(ImportFailure, match="holds 3 files"):
        find_sources([archive])
