"""The partnership demo data: plans, links, KPIs, risks and board meetings, as CSV
files in data/templates' format loaded by the partnership's own importers."""

from __future__ import annotations

import calendar
import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from data_access import schema
from data_access.load.build import DEMO_DIR, PARTNERSHIP_DIR
from data_access.load.demo_partnership import (
    KPI_FILES,
    LINK_FILES,
    PLAN_FILES,
    RISK_FILES,
    load_demo_partnership,
    overdue_kpis,
)
from data_access.load.import_partnership import KPI_VALUES, read_kind
from data_access.load.importing import ImportFailure, Rejections
from data_access.load.writer import DatasetRecorder, atomic_build

LATEST = date(2025, 6, 30)
REFERENCE = date(2025, 7, 31)
TABLES = (
    schema.dataset,
    schema.plan,
    schema.plan_objective,
    schema.objective_link,
    schema.kpi,
    schema.kpi_objective,
    schema.kpi_value,
    schema.risk,
    schema.board_meeting,
)
MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


def _build(
    folder: Path, partnership_dir: Path = PARTNERSHIP_DIR, demo_dir: Path = DEMO_DIR
) -> dict[str, list[dict]]:
    """Build a fresh SQLite database with only this loader's data; return every row."""
    path = folder / "demo.sqlite"
    with atomic_build(f"sqlite:///{path}") as conn:
        recorder = DatasetRecorder(conn, datetime(2025, 8, 1, 6, 0, tzinfo=UTC))
        load_demo_partnership(
            conn,
            recorder,
            latest_crime_period=LATEST,
            partnership_dir=partnership_dir,
            demo_dir=demo_dir,
        )
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        rows = {
            table.name: [dict(row) for row in conn.execute(select(table)).mappings()]
            for table in TABLES
        }
    engine.dispose()
    return rows


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    return _build(tmp_path_factory.mktemp("demo"))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _status(value: float, target: float, tolerance: float, direction: str) -> str:
    gap = value - target if direction == "lower_is_better" else target - value
    if gap <= 0:
        return "on"
    return "risk" if gap <= tolerance * abs(target) else "off"


def _latest(db: dict[str, list[dict]]) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    for row in db["kpi_value"]:
        current = latest.get(row["kpi_id"])
        if current is None or row["period_end"] > current["period_end"]:
            latest[row["kpi_id"]] = row
    return latest


def _objectives(db: dict[str, list[dict]], prefix: str) -> set[str]:
    return {
        row["objective_id"]
        for row in db["plan_objective"]
        if row["objective_id"].startswith(prefix)
    }


def _sorted(rows: list[dict]) -> list[tuple]:
    return sorted((tuple(sorted(row.items())) for row in rows), key=repr)


def _csv(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_build_gives_identical_rows(
    db: dict[str, list[dict]], tmp_path: Path
) -> None:
    again = _build(tmp_path)
    for name, rows in db.items():
        assert _sorted(rows) == _sorted(again[name]), name


def test_the_files_follow_the_templates_header_for_header() -> None:
    templates = PARTNERSHIP_DIR.parent / "templates"
    for folder, names in (
        (PARTNERSHIP_DIR, PLAN_FILES),
        (DEMO_DIR, LINK_FILES + KPI_FILES + RISK_FILES),
    ):
        for name in names:
            header = next(csv.reader((folder / name).open(encoding="utf-8")))
            template = next(csv.reader((templates / name).open(encoding="utf-8")))
            # The demo values add the optional updated_at column, and nothing else.
            extra = ["updated_at"] if name == "kpi_values.csv" else []
            assert header == template + extra, name


def test_every_csv_row_is_loaded_as_written(db: dict[str, list[dict]]) -> None:
    risks = {row["risk_id"]: row for row in db["risk"]}
    for row in _csv(DEMO_DIR, "risks.csv"):
        loaded = risks[row["risk_id"]]
        assert loaded["review_date"] == date.fromisoformat(row["review_date"])
        assert (loaded["title"], loaded["owner"]) == (row["title"], row["owner"])
    values = {(r["kpi_id"], r["period_end"]): r for r in db["kpi_value"]}
    rows = _csv(DEMO_DIR, "kpi_values.csv")
    assert len(values) == len(rows)
    for row in rows:
        loaded = values[(row["kpi_id"], date.fromisoformat(row["period_end"]))]
        assert loaded["value"] == float(row["value"])
        assert loaded["note"] == row["note"]
    assert len(db["plan"]) == len(_csv(PARTNERSHIP_DIR, "plans.csv"))
    assert len(db["objective_link"]) == len(_csv(DEMO_DIR, "objective_links.csv"))


def test_a_bad_row_in_a_demo_file_stops_the_build_naming_it(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    demo.mkdir()
    for name in LINK_FILES + KPI_FILES + RISK_FILES:
        (demo / name).write_bytes((DEMO_DIR / name).read_bytes())
    lines = (demo / "risks.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",open", ",pending")
    (demo / "risks.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailure, match=r"risks.csv, line 4, column 'status'"):
        _build(tmp_path, demo_dir=demo)
    assert not (tmp_path / "demo.sqlite").exists()


def test_overdue_kpis_are_those_behind_their_frequency() -> None:
    definitions = [
        {"kpi_id": "a", "frequency": "monthly"},
        {"kpi_id": "b", "frequency": "monthly"},
        {"kpi_id": "c", "frequency": "quarterly"},
    ]
    values = [
        {"kpi_id": "a", "period_end": date(2025, 6, 30)},
        {"kpi_id": "b", "period_end": date(2025, 4, 30)},
        {"kpi_id": "c", "period_end": date(2025, 3, 31)},
    ]
    # c is the only quarterly KPI, so it is as up to date as its frequency allows.
    assert overdue_kpis(definitions, values) == ["b"]


def test_real_plans_are_not_demo_and_the_rest_are(db: dict[str, list[dict]]) -> None:
    flags = {row["dataset_id"]: row["is_demo"] for row in db["dataset"]}
    assert flags == {
        "plans": False,
        "demo_plan_links": True,
        "demo_kpis": True,
        "demo_risks": True,
        "demo_board_meetings": True,
    }
    plans = next(row for row in db["dataset"] if row["dataset_id"] == "plans")
    assert "Police and Crime Commissioner" in plans["attribution"]
    assert "Peterborough City Council" in plans["attribution"]


def test_plan_objective_titles_are_the_published_ones(
    db: dict[str, list[dict]],
) -> None:
    titles: dict[str, list[str]] = {}
    for row in sorted(db["plan_objective"], key=lambda r: r["sort_order"]):
        titles.setdefault(row["plan_id"], []).append(row["title"])
    assert titles["pcp-2017"] == [
        "Victims",
        "Offenders",
        "Communities",
        "Transformation",
    ]
    assert titles["pcp-2021"] == [
        "Putting Communities First",
        "Crime Prevention",
        "Supporting Victims and Witnesses",
        "Ethical Policing",
        "Robust Enforcement",
    ]
    assert len(titles["spp-2011"]) == 3
    assert titles["spp-2014"] == [
        "Addressing crime by tackling offending",
        "Tackling anti-social behaviour and road safety",
        "Building stronger and safer communities",
    ]
    assert len(titles["spp-2018"]) == 4
    assert titles["spp-2021"] == [
        "High-harm individuals",
        "Street sex work and sexual exploitation",
        "Drug intervention",
    ]
    assert len(titles["pes-2016"]) == 7
    kinds = {row["plan_id"]: row["plan_kind"] for row in db["plan"]}
    assert sorted(set(kinds.values())) == ["pcp", "pes", "spp"]


def test_2017_objectives_are_described_in_the_plans_own_words(
    db: dict[str, list[dict]],
) -> None:
    described = {
        row["objective_id"]: row["description"] for row in db["plan_objective"]
    }
    assert described["pcp-2017-victims"].startswith(
        "“Victims and witnesses are placed at the heart of the criminal justice "
        "system and have access to clear pathways of support.”"
    )
    assert described["pcp-2017-transformation"].startswith(
        "“We deliver improved outcomes and savings through innovation and "
        "collaboration.”"
    )
    for key in ("victims", "offenders", "communities", "transformation"):
        text = described[f"pcp-2017-{key}"]
        assert "written for this dashboard" not in text
        assert "the plan's own words" in text


def test_2025_objectives_are_the_consultation_drafts_groups_and_unlinked(
    db: dict[str, list[dict]],
) -> None:
    new = sorted(
        (row for row in db["plan_objective"] if row["plan_id"] == "pcp-2025"),
        key=lambda row: row["sort_order"],
    )
    assert [row["title"] for row in new] == [
        "Early intervention and prevention (consultation draft)",
        "Tackling crime and anti-social behaviour (consultation draft)",
        "Supporting victims and witnesses (consultation draft)",
        "Building trust and confidence in the force (consultation draft)",
    ]
    assert all(not row["confirmed"] for row in new)
    assert "including road safety, rural and business crime" in new[1]["description"]
    plan = next(row for row in db["plan"] if row["plan_id"] == "pcp-2025")
    assert plan["title"].endswith("(consultation draft)")
    assert plan["status"] == "consultation draft"
    ids = {row["objective_id"] for row in new}
    linked = {row["to_objective_id"] for row in db["objective_link"]}
    linked |= {row["from_objective_id"] for row in db["objective_link"]}
    assert not ids & linked
    assert not ids & {row["objective_id"] for row in db["kpi_objective"]}
    others = [row for row in db["plan_objective"] if row["plan_id"] != "pcp-2025"]
    assert all(row["confirmed"] for row in others)


def test_links_join_existing_objectives_with_a_strength_and_reason(
    db: dict[str, list[dict]],
) -> None:
    existing = {row["objective_id"] for row in db["plan_objective"]}
    sources = _objectives(db, "pes-") | _objectives(db, "spp-20")
    targets = _objectives(db, "pcp-2017-") | _objectives(db, "pcp-2021-")
    assert db["objective_link"]
    for link in db["objective_link"]:
        assert link["from_objective_id"] in existing & sources
        assert link["to_objective_id"] in existing & targets
        assert link["strength"] in (1, 2, 3)
        assert link["rationale"].strip()
        assert link["is_demo"]


def test_deliberate_gaps_are_there_for_gap_detection(
    db: dict[str, list[dict]],
) -> None:
    pes = _objectives(db, "pes-")
    links = db["objective_link"]
    from_pes = {
        row["to_objective_id"] for row in links if row["from_objective_id"] in pes
    }
    pcp = _objectives(db, "pcp-2017-") | _objectives(db, "pcp-2021-")
    assert "pcp-2021-ethical-policing" in pcp - from_pes
    for version in ("pcp-2017-", "pcp-2021-"):
        assert pcp & _objectives(db, version)
    unlinked_in_2017 = {
        priority
        for priority in pes
        if not any(
            row["from_objective_id"] == priority
            and row["to_objective_id"].startswith("pcp-2017-")
            for row in links
        )
    }
    assert "pes-2016-safer-schools" in unlinked_in_2017
    # ...but every PES priority links to something in one plan or another.
    assert pes <= {row["from_objective_id"] for row in links}


def test_kpis_number_28_to_36_with_enough_history(db: dict[str, list[dict]]) -> None:
    assert 28 <= len(db["kpi"]) <= 36
    counts: dict[str, int] = {}
    for row in db["kpi_value"]:
        counts[row["kpi_id"]] = counts.get(row["kpi_id"], 0) + 1
    assert set(counts) == {row["kpi_id"] for row in db["kpi"]}
    assert min(counts.values()) >= 8


def test_kpi_owners_are_the_four_agencies(db: dict[str, list[dict]]) -> None:
    agencies = {row["owner_agency"] for row in db["kpi"]}
    assert agencies == {"council", "police", "fire", "prison"}


def test_every_kpi_names_the_role_that_owns_it(db: dict[str, list[dict]]) -> None:
    roles = {row["kpi_id"]: row["owner_role"] for row in db["kpi"]}
    assert all(role.strip() for role in roles.values())
    assert roles["asb-police-north"] == "PES Northern sector manager"
    assert roles["asb-police-city"] == (
        "Cambridgeshire Constabulary Peterborough district commander"
    )


def test_kpi_fields_use_the_allowed_vocabularies(db: dict[str, list[dict]]) -> None:
    for row in db["kpi"]:
        assert row["direction"] in ("lower_is_better", "higher_is_better")
        assert row["frequency"] in ("monthly", "quarterly", "annual")
        assert row["value_kind"] in ("count", "rate", "percentage")
        assert row["sector_code"] in (None, "PES-NORTH", "PES-SOUTH", "PES-EAST")
        assert row["target"] is not None and row["baseline"] is not None
        assert 0 < row["tolerance"] < 0.5
    sectors = [row for row in db["kpi"] if row["sector_code"]]
    assert 3 <= len(sectors) < len(db["kpi"]) / 2


def test_every_kpi_serves_one_or_two_existing_objectives(
    db: dict[str, list[dict]],
) -> None:
    existing = {row["objective_id"] for row in db["plan_objective"]}
    served: dict[str, list[str]] = {}
    for row in db["kpi_objective"]:
        assert row["objective_id"] in existing
        served.setdefault(row["kpi_id"], []).append(row["objective_id"])
    for kpi in db["kpi"]:
        assert 1 <= len(served.get(kpi["kpi_id"], [])) <= 2, kpi["kpi_id"]


def test_shares_and_rates_carry_numerator_and_denominator(
    db: dict[str, list[dict]],
) -> None:
    kinds = {row["kpi_id"]: row["value_kind"] for row in db["kpi"]}
    assert {"count", "rate", "percentage"} <= set(kinds.values())
    for row in db["kpi_value"]:
        kind = kinds[row["kpi_id"]]
        if kind == "count":
            assert row["numerator"] is None and row["denominator"] is None
            continue
        assert 0 <= row["numerator"] <= row["denominator"]
        scale = (
            100
            if kind == "percentage"
            else row["value"] * row["denominator"] / (row["numerator"] or 1)
        )
        assert row["value"] == pytest.approx(
            row["numerator"] / row["denominator"] * scale, abs=0.01
        )
        if kind == "percentage":
            assert 0 <= row["value"] <= 100


def test_latest_values_judged_against_target_are_varied(
    db: dict[str, list[dict]],
) -> None:
    latest = _latest(db)
    statuses = [
        _status(
            latest[kpi["kpi_id"]]["value"],
            kpi["target"],
            kpi["tolerance"],
            kpi["direction"],
        )
        for kpi in db["kpi"]
    ]
    for status in ("on", "risk", "off"):
        assert statuses.count(status) >= 5, status


def test_three_or_four_kpis_are_overdue_at_the_reference_date(
    db: dict[str, list[dict]],
) -> None:
    latest = _latest(db)
    frequency = {row["kpi_id"]: row["frequency"] for row in db["kpi"]}
    overdue = [
        kpi_id
        for kpi_id, row in latest.items()
        if _add_months(row["period_end"], MONTHS[frequency[kpi_id]]) < REFERENCE
    ]
    assert 3 <= len(overdue) <= 4
    for kpi_id in overdue:
        gap = (LATEST.year - latest[kpi_id]["period_end"].year) * 12
        gap += LATEST.month - latest[kpi_id]["period_end"].month
        assert gap in (MONTHS[frequency[kpi_id]], 2 * MONTHS[frequency[kpi_id]])
    current = set(latest) - set(overdue)
    assert all(latest[k]["period_end"] <= LATEST for k in current)


def test_periods_are_contiguous_and_end_by_the_latest_crime_period(
    db: dict[str, list[dict]],
) -> None:
    frequency = {row["kpi_id"]: row["frequency"] for row in db["kpi"]}
    by_kpi: dict[str, list[dict]] = {}
    for row in db["kpi_value"]:
        by_kpi.setdefault(row["kpi_id"], []).append(row)
    for kpi_id, rows in by_kpi.items():
        rows.sort(key=lambda r: r["period_end"])
        for row in rows:
            assert row["period_start"] < row["period_end"] <= LATEST
            step = MONTHS[frequency[kpi_id]]
            assert _add_months(row["period_start"], step - 1) == row["period_end"]
        for before, after in zip(rows, rows[1:], strict=False):
            assert before["period_end"] + timedelta(days=1) == after["period_start"]


def test_values_were_updated_weeks_after_their_period_in_utc() -> None:
    parsed = read_kind(
        "kpis", [DEMO_DIR / name for name in KPI_FILES], Rejections(False)
    )
    rows = [v for f in parsed if f.spec is KPI_VALUES for _, v in f.rows]
    for row in rows:
        stamp = row["updated_at"]
        assert stamp.tzinfo is UTC
        assert row["period_end"] < stamp.date() <= REFERENCE
        assert (stamp.date() - row["period_end"]).days <= 80
    notes = [row["note"] for row in rows if row["note"]]
    assert 3 <= len(notes) <= 12
    assert any("Change in recording system from April 2024" in n for n in notes)


def test_risks_have_scores_owners_and_some_overdue_reviews(
    db: dict[str, list[dict]],
) -> None:
    risks = db["risk"]
    assert 12 <= len(risks) <= 16
    for risk in risks:
        assert 1 <= risk["likelihood"] <= 5
        assert 1 <= risk["impact"] <= 5
        assert risk["owner_agency"] in ("council", "police", "fire", "prison")
        assert risk["status"] in ("open", "closed")
        assert risk["owner"].strip() and risk["mitigation"].strip()
        assert risk["is_demo"]
    open_risks = [risk for risk in risks if risk["status"] == "open"]
    overdue = [risk for risk in open_risks if risk["review_date"] < REFERENCE]
    assert 2 <= len(overdue) < len(open_risks)


def test_meetings_are_ordered_and_shown_data_from_before_they_met(
    db: dict[str, list[dict]],
) -> None:
    meetings = sorted(db["board_meeting"], key=lambda r: r["meeting_date"])
    assert [m["meeting_date"] for m in meetings] == [
        date(2024, 3, 12),
        date(2024, 6, 11),
        date(2024, 9, 10),
        date(2024, 12, 10),
        date(2025, 3, 11),
        date(2025, 6, 10),
        date(2025, 9, 9),
    ]
    shown = [m["period_shown_end"] for m in meetings]
    assert shown == sorted(shown)
    assert shown[-1] == LATEST
    assert shown[-2] == date(2025, 3, 31)
    for meeting in meetings:
        lag = (meeting["meeting_date"] - meeting["period_shown_end"]).days
        assert 60 <= lag <= 80
        assert meeting["is_demo"]
