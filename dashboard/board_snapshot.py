"""The slides a board meeting is shown, as JSON: what the loader's ``meeting``
command freezes into ``board_snapshot``.

``python -m dashboard.board_snapshot DATE --database-url URL [--agenda A]
[--period YYYY-MM-DD]`` reads the database (read-only), builds the slides for the
meeting held on DATE with the latest figures, or the period that meeting showed,
and prints one JSON object: meeting_id, period_end, added (the meeting is not in
the data yet) and slides. The loader runs it as a separate process, so the only
writer imports nothing of the dashboard. A plain-English problem is printed as
{"error": ...} with exit code 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from dashboard.views.board import data as board_data
from dashboard.views.board.slides import build_slides
from data_access import make_readonly_engine
from data_access.engine import DataUnavailableError
from data_access.queries import board as board_queries


class SnapshotError(ValueError):
    """The meeting cannot be recorded; the message says why in plain English."""


def meeting_slides(
    url: str,
    meeting_date: date,
    *,
    agenda: str | None = None,
    period_end: date | None = None,
) -> dict:
    """{meeting_id, period_end, added, slides} for the meeting on ``meeting_date``."""
    reader = make_readonly_engine(url, timeout_seconds=60)
    try:
        meetings = board_queries.meetings(reader)
        found = meetings[meetings.meeting_date == meeting_date]
        if not found.empty:
            meeting = found.iloc[0]
            meeting_id = str(meeting.meeting_id)
            period = period_end or meeting.period_shown_end
            added = False
        else:
            period = period_end or board_data.latest_period(reader)
            if period is None:
                raise SnapshotError("No recorded crime has been loaded yet.")
            meeting_id = f"pes-board-{meeting_date:%Y-%m-%d}"
            added = True
        parsed = board_data.resolve_agenda(reader, agenda)
        if parsed.messages:
            raise SnapshotError(" ".join(parsed.messages))
        ctx = board_data.make_context(reader, period_end=period)
        if added:
            # The new meeting is the latest: "what changed" compares with the one
            # before it, as it will once the meeting is stored.
            ctx.meetings = ctx.meetings.loc[:, ctx.meetings.columns]
            ctx.meetings.loc[len(ctx.meetings)] = {
                "meeting_id": meeting_id,
                "meeting_date": meeting_date,
                "period_shown_end": period,
                "is_demo": False,
                "notes": "",
            }
        built = build_slides(ctx, parsed)
    finally:
        reader.dispose()
    return {
        "meeting_id": meeting_id,
        "period_end": period.isoformat(),
        "added": added,
        "slides": built,
    }


def main(argv: list[str] | None = None) -> int:
    """Print the meeting's slides as JSON; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.board_snapshot")
    parser.add_argument("date", type=date.fromisoformat, metavar="DATE")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--agenda")
    parser.add_argument("--period", type=date.fromisoformat)
    args = parser.parse_args(argv)
    try:
        found = meeting_slides(
            args.database_url, args.date, agenda=args.agenda, period_end=args.period
        )
    except (SnapshotError, DataUnavailableError) as error:
        print(json.dumps({"error": str(error)}))
        return 1
    print(json.dumps(found, separators=(",", ":"), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
