"""The dashboard's engine refuses writes and slow queries, on both databases (the
small fixture database: tests/data_access/peterborough_fixture.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import SQLAlchemyError

from data_access import schema
from data_access.engine import (
    DataUnavailableError,
    describe_error,
    make_readonly_engine,
)
from data_access.queries import meta


def test_insert_through_dashboard_engine_fails(peterborough_url: str) -> None:
    engine = make_readonly_engine(peterborough_url)
    with pytest.raises(SQLAlchemyError) as raised, engine.begin() as conn:
        conn.execute(
            insert(schema.board_meeting).values(
                meeting_id="x",
                meeting_date=date(2025, 1, 1),
                period_shown_end=date(2024, 12, 31),
                notes="",
                is_demo=True,
            )
        )
    message = str(raised.value).lower()
    assert "readonly" in message or "read-only" in message
    engine.dispose()


def test_drop_table_through_dashboard_engine_fails(peterborough_url: str) -> None:
    engine = make_readonly_engine(peterborough_url)
    with pytest.raises(SQLAlchemyError), engine.begin() as conn:
        conn.execute(text("DROP TABLE population"))
    assert not meta.datasets(engine).empty
    engine.dispose()


def test_sqlite_query_past_time_limit_is_stopped(peterborough_sqlite_url: str) -> None:
    engine = make_readonly_engine(peterborough_sqlite_url, timeout_seconds=0.2)
    slow = text(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
        "SELECT count(*) FROM n WHERE i < 1000000000"
    )
    with pytest.raises(SQLAlchemyError) as raised, engine.connect() as conn:
        conn.execute(slow).all()
    assert "took too long" in describe_error(raised.value)
    engine.dispose()


def test_postgres_query_past_time_limit_is_stopped(
    peterborough_postgres_url: str,
) -> None:
    engine = make_readonly_engine(peterborough_postgres_url, timeout_seconds=0.2)
    with pytest.raises(SQLAlchemyError) as raised, engine.connect() as conn:
        conn.execute(text("SELECT pg_sleep(3)")).all()
    assert "took too long" in describe_error(raised.value)
    engine.dispose()


def test_missing_sqlite_file_gives_plain_message(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_readonly_engine(f"sqlite:///{tmp_path / 'absent.sqlite'}")
    with pytest.raises(DataUnavailableError, match="has not been built"):
        meta.datasets(engine)
    assert not (tmp_path / "absent.sqlite").exists()


def test_unreachable_postgres_gives_plain_message() -> None:
    engine = make_readonly_engine("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DataUnavailableError, match="cannot be reached"):
        meta.datasets(engine)
