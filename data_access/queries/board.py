"""Board meetings, named agendas and the snapshots the loader froze for meetings."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.runner import frame, guarded

MEETING_COLUMNS = ["meeting_id", "meeting_date", "period_shown_end", "notes", "is_demo"]


@guarded
def meetings(engine: Engine) -> pd.DataFrame:
    """Every board meeting, oldest first: MEETING_COLUMNS (dates as dates)."""
    table = schema.board_meeting
    data = frame(
        engine,
        select(*(table.c[name] for name in MEETING_COLUMNS)).order_by(
            table.c.meeting_date, table.c.meeting_id
        ),
        MEETING_COLUMNS,
    )
    for column in ("meeting_date", "period_shown_end"):
        data[column] = pd.to_datetime(data[column]).dt.date
    data["is_demo"] = data.is_demo.astype(bool)
    return data


@guarded
def agendas(engine: Engine) -> pd.DataFrame:
    """Named agendas: agenda_id, title, items (agenda syntax), is_default."""
    table = schema.board_agenda
    data = frame(
        engine,
        select(
            table.c.agenda_id, table.c.title, table.c["items"], table.c.is_default
        ).order_by(table.c.is_default.desc(), table.c.agenda_id),
        ["agenda_id", "title", "items", "is_default"],
    )
    data["is_default"] = data.is_default.astype(bool)
    return data


@guarded
def snapshot(engine: Engine, *, meeting_id: str) -> list[dict]:
    """The slides frozen for a meeting, in agenda order (each a decoded payload
    with its item_key and created_at); empty if none was recorded."""
    table = schema.board_snapshot
    data = frame(
        engine,
        select(table.c.item_key, table.c.payload_json, table.c.created_at)
        .where(table.c.meeting_id == meeting_id)
        .order_by(table.c.item_key),
        ["item_key", "payload_json", "created_at"],
    )
    slides = []
    for row in data.itertuples():
        payload = json.loads(row.payload_json)
        payload["item_key"] = row.item_key
        payload["frozen_at"] = str(row.created_at)[:19]
        slides.append(payload)
    return slides
