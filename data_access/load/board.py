"""The board's named agendas (shipped) and meeting snapshots (frozen on request).

``python -m data_access.load meeting DATE [--agenda A] [--period YYYY-MM-DD]``
has the slides the board is shown at the meeting held on DATE built (by
``dashboard.board_snapshot``, in its own process) and stores them, adding the
meeting if it is not in the data yet, in ``board_snapshot``, so the
presenter and the pack can show "as presented to the Board" later, unchanged by
later data. Run it again to replace that meeting's snapshot.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, delete, select

from data_access import schema
from data_access.load.importing import (
    ImportFailure,
    live_transaction,
    now,
    record_dataset,
)
from data_access.load.writer import DatasetInfo, DatasetRecorder, insert_rows
from domain.agenda import parse_agenda

AGENDA_DATASET = "pes_board_agendas"
RECORDED_MEETINGS = "pes_board_meetings_recorded"
PARTNERSHIP_SOURCE = "PES executive board secretariat"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def load_board_agendas(conn: Connection, recorder: DatasetRecorder, path: Path) -> None:
    """The board's named agendas from the shipped CSV (agenda_id, title, items,
    is_default); every item must be one the presenter knows."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = []
    for line, row in enumerate(rows, start=2):
        agenda = parse_agenda(row["items"])
        if agenda.messages:
            raise ValueError(f"{path.name} line {line}: {agenda.messages[0]}")
        records.append(
            {
                "agenda_id": row["agenda_id"].strip(),
                "title": row["title"].strip(),
                "items": agenda.text,
                "is_default": row["is_default"].strip().lower() == "true",
                "dataset_id": AGENDA_DATASET,
            }
        )
    info = DatasetInfo(
        dataset_id=AGENDA_DATASET,
        title="Board agendas",
        source=PARTNERSHIP_SOURCE,
        licence="Internal configuration of the PES board dashboard",
        attribution="PES executive board",
        period_label="current",
        is_demo=False,
        status="default",
        description="Named agendas for the board presenter and the board pack.",
        source_file=path,
    )
    with recorder.dataset(info) as counter:
        counter[0] = insert_rows(conn, schema.board_agenda, records)


@dataclass
class MeetingRecord:
    """What ``meeting`` did, for the console."""

    meeting_id: str
    meeting_date: date
    period_end: date
    slides: list[str]
    added: bool

    def render(self) -> str:
        lines = [
            f"{'Added and recorded' if self.added else 'Recorded'} meeting "
            f"{self.meeting_id} on {self.meeting_date:%d %B %Y}, figures to "
            f"{self.period_end:%d %B %Y}:",
            *[f"  {number}. {title}" for number, title in enumerate(self.slides, 1)],
        ]
        return "\n".join(lines)


def record_meeting(
    url: str,
    meeting_date: date,
    *,
    agenda: str | None = None,
    period_end: date | None = None,
) -> MeetingRecord:
    """Freeze the board for the meeting on ``meeting_date`` into board_snapshot.

    The slides come from ``python -m dashboard.board_snapshot``, run as a separate
    read-only process: the loader, the only writer, imports nothing of the app.
    """
    command = [
        sys.executable,
        "-m",
        "dashboard.board_snapshot",
        meeting_date.isoformat(),
        "--database-url",
        url,
        *(["--agenda", agenda] if agenda else []),
        *(["--period", period_end.isoformat()] if period_end else []),
    ]
    finished = subprocess.run(
        command, capture_output=True, text=True, cwd=PROJECT_ROOT, check=False
    )
    try:
        answer = json.loads(finished.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        detail = (finished.stderr.strip().splitlines() or ["no output"])[-1]
        raise ImportFailure(
            f"The board's slides could not be built: {detail}"
        ) from None
    if finished.returncode != 0 or "error" in answer:
        raise ImportFailure(answer.get("error", "the slides could not be built."))
    meeting_id = answer["meeting_id"]
    period = date.fromisoformat(answer["period_end"])
    added = bool(answer["added"])
    built = answer["slides"]
    stamp = now()
    with live_transaction(url) as conn:
        if added:
            conn.execute(
                schema.board_meeting.insert().values(
                    meeting_id=meeting_id,
                    meeting_date=meeting_date,
                    period_shown_end=period,
                    notes="Recorded by the loader's meeting command.",
                    is_demo=False,
                    dataset_id=RECORDED_MEETINGS,
                )
            )
            _record_meetings_dataset(conn, stamp)
        elif period_end is not None:
            conn.execute(
                schema.board_meeting.update()
                .where(schema.board_meeting.c.meeting_id == meeting_id)
                .values(period_shown_end=period)
            )
        table = schema.board_snapshot
        conn.execute(delete(table).where(table.c.meeting_id == meeting_id))
        insert_rows(
            conn,
            table,
            (
                {
                    "meeting_id": meeting_id,
                    "item_key": f"{number:02d}:{slide['key']}"[:80],
                    "payload_json": json.dumps(slide, separators=(",", ":")),
                    "created_at": stamp,
                }
                for number, slide in enumerate(built, start=1)
            ),
        )
    return MeetingRecord(
        meeting_id, meeting_date, period, [slide["title"] for slide in built], added
    )


def _record_meetings_dataset(conn: Connection, stamp: object) -> None:
    table = schema.board_meeting
    rows = conn.execute(
        select(table.c.meeting_date).where(table.c.dataset_id == RECORDED_MEETINGS)
    ).all()
    days = sorted(row[0] for row in rows)
    record_dataset(
        conn,
        DatasetInfo(
            dataset_id=RECORDED_MEETINGS,
            title="PES executive board meetings recorded for the board pack",
            source=PARTNERSHIP_SOURCE,
            licence="Internal record of the PES executive board",
            attribution="PES executive board",
            period_label=f"{len(days)} meeting(s)",
            is_demo=False,
            period_start=days[0] if days else None,
            period_end=days[-1] if days else None,
            description="Meetings added by the loader's meeting command.",
        ),
        rows=len(days),
        loaded_at=stamp,  # type: ignore[arg-type]
    )
