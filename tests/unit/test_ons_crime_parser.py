"""The Table C2 parser on the published file and on small broken ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data_access.load.ons_crime import (
    CrimeTableError,
    check_force_totals,
    parse_count,
    parse_crime_table,
    period_end_from_title,
)

PUBLISHED = (
    Path(__file__).resolve().parents[2]
    / "data/public/crime_csp_ye_jun2025_table_c2.csv"
)


def test_published_table_parses_to_the_national_total() -> None:
    table = parse_crime_table(PUBLISHED)
    assert table.period_end == date(2025, 6, 30)
    totals = table.counts[table.counts.offence_code == "total"]
    assert totals.offence_count.sum() == 5_204_149
    peterborough = totals[totals.area_code == "E22000017"]
    assert peterborough.offence_count.iloc[0] == 23_061
    assert check_force_totals(table) == []


def test_unassigned_and_airport_rows_are_kept_apart_from_csps() -> None:
    table = parse_crime_table(PUBLISHED)
    kinds = table.counts.drop_duplicates("area_code").set_index("area_code").area_kind
    assert kinds["E23000023-UNASSIGNED-CAMBRIDGESHIRE"] == "unassigned"
    assert kinds["E23000005-MANCHESTER-AIRPORT"] == "unassigned"


@pytest.mark.parametrize(
    ("cell", "value"), [("23,061 ", 23061), ("0 ", 0), ("", None), ("[x]", None)]
)
def test_parse_count(cell: str, value: int | None) -> None:
    assert parse_count(cell, where="t") == value


def test_text_in_a_count_names_the_line() -> None:
    with pytest.raises(CrimeTableError, match="line 9"):
        parse_count("twelve", where="file.csv, line 9")


@pytest.mark.parametrize(
    ("title", "end"),
    [
        ("Table C2: ... year ending June 2025 [note 1]", date(2025, 6, 30)),
        ("year ending December 2023", date(2023, 12, 31)),
        ("Year ending March 2024", date(2024, 3, 31)),
    ],
)
def test_period_end_from_title(title: str, end: date) -> None:
    assert period_end_from_title(title) == end


def test_file_without_header_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "Table C2: year ending June 2025\nnot,a,header\n", encoding="utf-8"
    )
    with pytest.raises(CrimeTableError, match="no header row"):
        parse_crime_table(broken)


def test_unknown_offence_column_is_refused(tmp_path: Path) -> None:
    lines = PUBLISHED.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    text = "".join(lines).replace("Robbery", "Piracy", 1)
    changed = tmp_path / "changed.csv"
    changed.write_text(text, encoding="utf-8")
    with pytest.raises(CrimeTableError, match="Piracy"):
        parse_crime_table(changed)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CrimeTableError, match="empty"):
        parse_crime_table(empty)
