"""The partnership's own records in the build: plans (real), and demo links, KPIs,
risks and board meetings.

The records are data files in the format of data/templates, read by the importers
the partnership itself uses (data_access.load.import_partnership), inside the
build's transaction, and tagged with the build's datasets:

- data/partnership/plans.csv and plan_objectives.csv: real public documents, the
  Cambridgeshire and Peterborough Police and Crime Plans, the Safer Peterborough
  Partnership priorities and the PES priority areas (not demo);
- data/demo/objective_links.csv, kpi_definitions.csv, kpi_values.csv and risks.csv:
  demo data (which PES priority serves which plan objective, the KPIs the board
  tracks with their values, the risk register), flagged demo so every page says so.

The demo files were generated once from a seed for the crime data to June 2025, so
their dates are fixed: the demo "now" is 31 July 2025 (DEMO_AS_AT), one month after
that crime period, and KPI periods, update times and risk reviews do not move with a
later crime edition. The board meetings alone are still derived from the latest
crime period (there is no import format for meetings).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Connection

from data_access import schema
from data_access.load.import_partnership import (
    KPI_DEFINITIONS,
    KPI_VALUES,
    OBJECTIVES,
    PLANS,
    ParsedFile,
    check_kpi_references,
    check_plan_references,
    read_kind,
    write_kpi_rows,
    write_link_rows,
    write_plan_rows,
    write_risk_rows,
)
from data_access.load.importing import Rejections
from data_access.load.writer import DatasetInfo, DatasetRecorder, insert_rows
from domain.dates import add_months, month_end

# What the data-sources page and the DEMO banners say of these records.
DEMO_LICENCE = "Demo data (generated)"
DEMO_ATTRIBUTION = (
    "Demo records shipped in data/demo (generated once from a fixed seed); "
    "illustrative only, to be replaced by the partnership's own records"
)
DEMO_SOURCE = "This project's demo records, data/demo, in the partnership's CSV format"

# The demo "now" the files in data/demo were written for.
DEMO_AS_AT = date(2025, 7, 31)

PLAN_FILES = ("plans.csv", "plan_objectives.csv")
LINK_FILES = ("objective_links.csv",)
KPI_FILES = ("kpi_definitions.csv", "kpi_values.csv")
RISK_FILES = ("risks.csv",)


def _read(kind: str, folder: Path, names: Sequence[str]) -> list[ParsedFile]:
    # No --skip-invalid in a build: any bad row stops it, leaving the old database.
    return read_kind(kind, [folder / name for name in names], Rejections(False))


def _rows(parsed: Sequence[ParsedFile], spec: object) -> list[dict[str, object]]:
    return [values for file in parsed if file.spec is spec for _, values in file.rows]


# ----------------------------------------------------------------------------- plans


def _load_plans(conn: Connection, recorder: DatasetRecorder, folder: Path) -> None:
    parsed = _read("plans", folder, PLAN_FILES)
    check_plan_references(conn, parsed, Rejections(False))
    plans = _rows(parsed, PLANS)
    objectives = _rows(parsed, OBJECTIVES)
    info = DatasetInfo(
        dataset_id="plans",
        title="Police and Crime Plans, Safer Peterborough Partnership and PES priorities",
        source=(
            "Office of the Police and Crime Commissioner for Cambridgeshire and "
            "Peterborough and Peterborough City Council, published plans: "
            + "; ".join(str(plan["source"]) for plan in plans)
        ),
        licence="Public document",
        attribution=(
            "Plan and objective titles from documents published by the Office of the "
            "Police and Crime Commissioner for Cambridgeshire and Peterborough and "
            "Peterborough City Council (with Cambridgeshire Fire and Rescue Service "
            "for the PES priority areas)"
        ),
        # Plans run into the future: their span is no measure of how fresh data is.
        period_label="Plans covering 2011 to 2028",
        period_start=min(plan["period_start"] for plan in plans),  # type: ignore[type-var]
        period_end=None,
        is_demo=False,
        description=(
            "The plans the partnership answers to and their objectives, with a "
            "one-sentence plain-English description of each."
        ),
        notes=(
            f"{len(plans)} plans and {len(objectives)} objectives. Titles are "
            "the plans' own; the 2017-20 objectives are described in the plan's own "
            "words, in quotation marks; descriptions marked 'written for this "
            "dashboard' paraphrase a plan. The 2025-28 plan is shown by its "
            "consultation draft's four priority groups, labelled consultation draft: "
            "the final plan's wording is not confirmed. The SPP's 2021 focus areas "
            "are as reported to scrutiny in March 2021. A plan starts in April of its first "
            "year, or on its launch date where known (the 2021-24 plan, 30 November "
            "2021), and ends in March of its last year; the 2017-20 Police and Crime "
            "Plan is taken to run until the 2021-24 plan was launched, and the "
            "2025-28 plan's April 2025 start is assumed."
        ),
    )
    with recorder.dataset(info) as counter:
        counter[0] = sum(write_plan_rows(conn, parsed, dataset_id=info.dataset_id))


# ----------------------------------------------------------------------------- links


def _load_links(conn: Connection, recorder: DatasetRecorder, folder: Path) -> None:
    parsed = _read("plans", folder, LINK_FILES)
    check_plan_references(conn, parsed, Rejections(False))
    info = DatasetInfo(
        dataset_id="demo_plan_links",
        title=(
            "Links from PES and SPP priorities to Police and Crime Plan objectives "
            "(default, demo)"
        ),
        source=DEMO_SOURCE,
        licence=DEMO_LICENCE,
        attribution=DEMO_ATTRIBUTION,
        period_label="PCP 2017-20 and 2021-24",
        is_demo=True,
        status="default",
        description=(
            "Which PES priority area and SPP priority serves which Police and "
            "Crime Plan objective, how strongly (1 weak, 2 moderate, 3 strong) and why."
        ),
        notes=(
            "Default demo judgements shipped with the dashboard, not the "
            "partnership's and not fact: the links are the partnership's to set, "
            "and a real table of links (the 2017 "
            "report to the Business Coordination Board had one in its Annex A) should "
            "replace them. Gaps are deliberate so gap detection has something to find: "
            "no priority links to Ethical Policing, and Safer schools links to nothing "
            "in the 2017-20 plan. Nothing links to the 2025-28 consultation draft's "
            "priority groups."
        ),
    )
    with recorder.dataset(info) as counter:
        counter[0] = write_link_rows(
            conn, parsed, dataset_id=info.dataset_id, is_demo=True
        )


# ----------------------------------------------------------------------------- KPIs


def overdue_kpis(
    definitions: Sequence[dict[str, object]], values: Sequence[dict[str, object]]
) -> list[str]:
    """KPI ids, in definition order, whose latest value ends before the latest of
    any KPI of the same frequency (the deliberately overdue demo KPIs)."""
    frequency = {str(kpi["kpi_id"]): kpi["frequency"] for kpi in definitions}
    latest: dict[str, date] = {}
    for row in values:
        kpi_id, end = str(row["kpi_id"]), row["period_end"]
        latest[kpi_id] = max(latest.get(kpi_id, end), end)  # type: ignore[type-var]
    newest: dict[object, date] = {}
    for kpi_id, end in latest.items():
        kind = frequency[kpi_id]
        newest[kind] = max(newest.get(kind, end), end)
    return [
        str(kpi["kpi_id"])
        for kpi in definitions
        if str(kpi["kpi_id"]) in latest
        and latest[str(kpi["kpi_id"])] < newest[kpi["frequency"]]
    ]


def _load_kpis(conn: Connection, recorder: DatasetRecorder, folder: Path) -> None:
    parsed = _read("kpis", folder, KPI_FILES)
    check_kpi_references(conn, parsed, Rejections(False))
    definitions = _rows(parsed, KPI_DEFINITIONS)
    values = _rows(parsed, KPI_VALUES)
    links = sum(len(dict.fromkeys(kpi["_objectives"])) for kpi in definitions)  # type: ignore[arg-type]
    starts: list[date] = [row["period_start"] for row in values]  # type: ignore[misc]
    ends: list[date] = [row["period_end"] for row in values]  # type: ignore[misc]
    info = DatasetInfo(
        dataset_id="demo_kpis",
        title="Partnership KPIs, targets and values (demo)",
        source=DEMO_SOURCE,
        licence=DEMO_LICENCE,
        attribution=DEMO_ATTRIBUTION,
        period_label=f"To {max(ends):%B %Y} (demo)",
        period_start=min(starts),
        period_end=max(ends),
        is_demo=True,
        description=(
            "KPIs the council, police, fire service and prison staff of the PES "
            "track, the plan objectives each serves, and monthly, quarterly or "
            "annual values with numerators and denominators for shares and rates."
        ),
        notes=(
            f"{len(definitions)} KPIs, {links} KPI-objective links and "
            f"{len(values)} values. Tolerance is a fraction of the target. "
            f"Deliberately overdue (no value for the latest periods): "
            f"{', '.join(overdue_kpis(definitions, values))}. Magnitudes are set to "
            "be plausible for Peterborough; the figures themselves are invented."
        ),
    )
    with recorder.dataset(info) as counter:
        written = write_kpi_rows(
            conn,
            parsed,
            dataset_id=info.dataset_id,
            is_demo=True,
            updated_at=recorder.loaded_at,
        )
        counter[0] = written.definitions + written.links + written.values


# ----------------------------------------------------------------------------- risks


def _load_risks(conn: Connection, recorder: DatasetRecorder, folder: Path) -> None:
    (register,) = _read("risks", folder, RISK_FILES)
    info = DatasetInfo(
        dataset_id="demo_risks",
        title="PES partnership risk register (demo)",
        source=DEMO_SOURCE,
        licence=DEMO_LICENCE,
        attribution=DEMO_ATTRIBUTION,
        period_label=f"As at {DEMO_AS_AT:%d %B %Y} (demo)",
        period_end=DEMO_AS_AT,
        is_demo=True,
        description=(
            "Risks to the partnership, their owners, likelihood and impact (1 to 5), "
            "mitigation and next review date."
        ),
        notes=(
            "In 2017 the Constabulary and the council agreed that a register of risks "
            "and their mitigation be developed and monitored (report to the Business "
            "Coordination Board, 7 August 2017). These entries are illustrative; some "
            "reviews are deliberately overdue."
        ),
    )
    with recorder.dataset(info) as counter:
        counter[0] = write_risk_rows(
            conn, register, dataset_id=info.dataset_id, is_demo=True
        )


# ----------------------------------------------------------------------------- meetings


def _quarter_end_on_or_before(day: date) -> date:
    month = (day.month // 3) * 3
    if month == 0:
        return date(day.year - 1, 12, 31)
    end = month_end(date(day.year, month, 1))
    return end if end <= day else month_end(add_months(end, -3))


def _second_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def board_meetings(latest_crime_period: date) -> list[dict[str, object]]:
    """Quarterly board meetings, the second Tuesday of the last month of each quarter,
    each shown data to the quarter end about three months before it; the last shows
    the latest crime period."""
    today = month_end(add_months(latest_crime_period, 1))
    latest = _quarter_end_on_or_before(latest_crime_period)
    rows = []
    for back in range(6, -1, -1):
        shown = month_end(add_months(latest, -3 * back))
        month = month_end(add_months(shown, 3))
        held = _second_tuesday(month.year, month.month)
        when = "Scheduled" if held > today else "Held"
        rows.append(
            {
                "meeting_id": f"pes-board-{held:%Y-%m}",
                "meeting_date": held,
                "period_shown_end": shown,
                "notes": (
                    f"{when}: quarterly PES executive board. Performance pack to "
                    f"{shown:%B %Y} (12 months to the quarter end; crime data lag "
                    "about three months)."
                ),
                "is_demo": True,
                "dataset_id": "demo_board_meetings",
            }
        )
    return rows


def _load_meetings(
    conn: Connection, recorder: DatasetRecorder, *, latest_crime_period: date
) -> None:
    rows = board_meetings(latest_crime_period)
    first: date = rows[0]["meeting_date"]  # type: ignore[assignment]
    last: date = rows[-1]["meeting_date"]  # type: ignore[assignment]
    info = DatasetInfo(
        dataset_id="demo_board_meetings",
        title="PES executive board meetings (demo)",
        source=DEMO_SOURCE,
        licence=DEMO_LICENCE,
        attribution=DEMO_ATTRIBUTION,
        period_label=f"{first:%B %Y} to {last:%B %Y}",
        period_start=first,
        period_end=last,
        is_demo=True,
        description=(
            "Dates of the quarterly executive board and the latest period each "
            "meeting's performance pack showed."
        ),
        notes="Dates are illustrative. What a meeting was shown is frozen by the loader's meeting command.",
    )
    with recorder.dataset(info) as counter:
        counter[0] = insert_rows(conn, schema.board_meeting, rows)


# ----------------------------------------------------------------------------- entry


def load_demo_partnership(
    conn: Connection,
    recorder: DatasetRecorder,
    *,
    latest_crime_period: date,
    partnership_dir: Path,
    demo_dir: Path,
) -> None:
    """Import the real plans, then the demo plan links, KPIs and risks, from their
    CSV files; then write the demo board meetings."""
    _load_plans(conn, recorder, partnership_dir)
    _load_links(conn, recorder, demo_dir)
    _load_kpis(conn, recorder, demo_dir)
    _load_risks(conn, recorder, demo_dir)
    _load_meetings(conn, recorder, latest_crime_period=latest_crime_period)
