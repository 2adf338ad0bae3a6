"""The board around the slides: its meetings, agendas and frozen snapshots, and
which slides a given link or meeting shows.

These are the board's own records (read through ``data_access``); every figure
on a slide comes from the page views, in ``dashboard.views.board.slides``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.freshness import as_at_text, format_day
from dashboard.metrics import board as agenda_rules
from dashboard.views.board.slides import BoardContext, build_slides, parse_day
from data_access.queries import board as board_queries
from data_access.queries import meta
from domain import agenda as agendas
from domain.echo import echoed


def latest_period(engine: Engine) -> date | None:
    """The latest real recorded-crime period (or the latest of any), the board's
    default "data as at"."""
    latest = meta.latest_crime_period(engine, real_only=True)
    if latest.empty:
        latest = meta.latest_crime_period(engine)
    if latest.empty:
        return None
    return pd.Timestamp(latest.period_end.iloc[0]).date()


def make_context(
    engine: Engine, *, period_end: date | None = None, meeting_id: str | None = None
) -> BoardContext:
    """A context for the period given (default the latest) and its meeting."""
    meetings = board_queries.meetings(engine)
    period = period_end or latest_period(engine)
    if period is None:
        raise ValueError("No recorded crime has been loaded.")
    data = meta.datasets(engine)
    built = format_day(data.loaded_at.max()) if not data.empty else ""
    return BoardContext(engine, period, meetings, meeting_id=meeting_id, built=built)


# ----------------------------------------------------------------------------- boards


@dataclass
class Board:
    """A whole board: the cover, the slides and notes on anything refused."""

    cover: dict
    slides: list[dict]
    messages: list[str]
    agenda_text: str
    meeting_id: str | None
    is_snapshot: bool


def _find_meeting(meetings: pd.DataFrame, wanted: str) -> pd.Series | None:
    match = meetings[meetings.meeting_id == wanted]
    if match.empty and parse_day(wanted) is not None:
        match = meetings[meetings.meeting_date == parse_day(wanted)]
    return None if match.empty else match.iloc[0]


def resolve_agenda(engine: Engine, text: str | None) -> agendas.Agenda:
    """A named agenda from the data, or an agenda written in the URL; with neither,
    the data's default agenda (else the built-in default)."""
    named = board_queries.agendas(engine)
    wanted = (text or "").strip()
    if wanted and wanted in set(named.agenda_id):
        return agendas.parse_agenda(
            named.loc[named.agenda_id == wanted, "items"].iloc[0]
        )
    if not wanted and named.is_default.any():
        return agendas.parse_agenda(named.loc[named.is_default, "items"].iloc[0])
    return agendas.parse_agenda(wanted or None)


def resolve_board(
    engine: Engine, *, agenda: str | None = None, meeting: str | None = None
) -> Board:
    """The board the presenter and the pack show: a meeting's frozen snapshot when
    one was recorded, else live figures (for the meeting's period if one is named)."""
    messages: list[str] = []
    meetings = board_queries.meetings(engine)
    chosen = None
    if meeting:
        chosen = _find_meeting(meetings, meeting)
        if chosen is None:
            messages.append(
                f"There is no board meeting '{echoed(meeting)}': the latest figures "
                "are shown instead."
            )
    if chosen is not None:
        frozen = board_queries.snapshot(engine, meeting_id=chosen.meeting_id)
        if frozen:
            if agenda:
                messages.append(
                    "A recorded meeting shows the agenda frozen for it; the agenda "
                    "in the link was not used."
                )
            cover = _cover(
                chosen, frozen[0]["period_end"], frozen_at=frozen[0]["frozen_at"]
            )
            cover["agenda"] = [slide["title"] for slide in frozen]
            return Board(cover, frozen, messages, "", chosen.meeting_id, True)
        messages.append(
            f"No snapshot was recorded for the meeting on "
            f"{format_day(chosen.meeting_date)}: these figures are recomputed from "
            "today's database for the period it was shown, not a record of what "
            "was presented."
        )
    parsed = resolve_agenda(engine, agenda)
    messages.extend(parsed.messages)
    period = chosen.period_shown_end if chosen is not None else None
    ctx = make_context(engine, period_end=period)
    if chosen is None:
        chosen = agenda_rules.meeting_for_period(meetings, ctx.period_end)
    slides = build_slides(ctx, parsed)
    cover = _cover(chosen, ctx.period_end.isoformat(), frozen_at=None)
    cover["agenda"] = [slide["title"] for slide in slides]
    return Board(
        cover,
        slides,
        messages,
        parsed.text,
        None if chosen is None else str(chosen.meeting_id),
        False,
    )


def _cover(
    meeting: pd.Series | None, period_end: str, *, frozen_at: str | None
) -> dict:
    period = date.fromisoformat(period_end)
    if meeting is None:
        heading = "PES executive board"
        status = "Live figures: no board meeting is set for this period."
    elif frozen_at:
        heading = f"As presented to the Board on {format_day(meeting.meeting_date)}"
        status = f"Frozen snapshot recorded {frozen_at.replace('T', ' ')} (UTC)."
    else:
        heading = f"PES executive board, {format_day(meeting.meeting_date)}"
        status = (
            "Live figures from the current database: not yet frozen for the meeting."
        )
    return {
        "heading": heading,
        "meeting_date": None if meeting is None else meeting.meeting_date.isoformat(),
        "period": f"Figures to {format_day(period)}",
        "as_at": as_at_text(period),
        "status": status,
        "demo": bool(meeting is not None and meeting.is_demo),
    }
