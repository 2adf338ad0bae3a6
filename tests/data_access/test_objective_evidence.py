"""The evidence pages for plan objectives: the shipped file reads as two links to
/outcomes, and a bad row is refused naming its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_access.load.objective_evidence import read_evidence

SHIPPED = (
    Path(__file__).resolve().parents[2] / "data/partnership/objective_evidence.csv"
)
HEADER = "objective_id,path,label,source_note\n"


def test_shipped_file_links_the_offenders_objectives_to_outcomes() -> None:
    rows = read_evidence(SHIPPED)
    assert [(r["objective_id"], r["path"]) for r in rows] == [
        ("pcp-2017-offenders", "/outcomes"),
        ("pcp-2021-robust-enforcement", "/outcomes"),
    ]
    assert {r["label"] for r in rows} == {
        "Outcomes and stop and search (police.uk, 2024)"
    }


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "pcp-x,javascript:alert(1),Bad,",
            "line 2: 'javascript:alert(1)' is not a page",
        ),
        ("pcp-x,https://example.org/,Bad,", "is not a page of this dashboard"),
        ("PCP X,/outcomes,Bad,", "'PCP X' is not an objective id"),
        ("pcp-x,/outcomes,,", "line 2: the label is empty"),
    ],
)
def test_a_bad_row_is_refused_with_file_and_line(
    tmp_path: Path, row: str, expected: str
) -> None:
    path = tmp_path / "objective_evidence.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="objective_evidence.csv") as error:
        read_evidence(path)
    assert expected in str(error.value)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "objective_evidence.csv"
    path.write_text("objective_id,label\npcp-x,Bad\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1: missing column\\(s\\) 'path'"):
        read_evidence(path)
