"""The dashboard's engine refuses writes and slow queries, on both databases (the
small fixture database: tests/data_access/peterborough_fixture.py)."""

from __future__ import annotations

import os
import socket
import sqlite3
import time
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


def _small_database(path, label: str) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE note (label TEXT)")
        conn.execute("INSERT INTO note VALUES (?)", (label,))


def test_a_rebuilt_sqlite_file_reaches_a_running_engine(tmp_path) -> None:  # type: ignore[no-untyped-def]
    live = tmp_path / "pes.sqlite"
    _small_database(live, "first build")
    engine = make_readonly_engine(f"sqlite:///{live}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT label FROM note")).scalar() == "first build"
    # The loader builds aside and swaps the new file into place.
    aside = tmp_path / "pes.sqlite.new"
    _small_database(aside, "second build")
    os.replace(aside, live)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT label FROM note")).scalar() == "second build"
    engine.dispose()


def test_sqlite_lock_wait_keeps_to_the_time_limit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "locked.sqlite"
    _small_database(path, "x")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # an import writing in place
    engine = make_readonly_engine(f"sqlite:///{path}", timeout_seconds=1.0)
    started = time.monotonic()
    try:
        with pytest.raises(SQLAlchemyError) as raised, engine.connect() as conn:
            conn.execute(text("SELECT label FROM note")).all()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    waited = time.monotonic() - started
    assert waited < 2.5, waited
    assert describe_error(raised.value) == (
        "The database took too long to answer, so the query was stopped."
    )
    engine.dispose()


def test_postgres_session_changes_do_not_outlive_the_checkout(
    peterborough_postgres_url: str,
) -> None:
    engine = make_readonly_engine(peterborough_postgres_url, timeout_seconds=3.0)
    with engine.connect() as conn:
        conn.execute(text("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"))
        conn.execute(text("SET statement_timeout = 0"))
        conn.commit()  # SET inside a transaction that is committed lasts the session
        assert (
            conn.execute(text("SHOW default_transaction_read_only")).scalar() == "off"
        )
    # The pool hands the same connection out again, with its settings back.
    with engine.connect() as conn:
        assert conn.execute(text("SHOW default_transaction_read_only")).scalar() == "on"
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "3s"
    assert engine.pool.checkedin() == 1
    engine.dispose()


def test_sqlite_refuses_attach_and_vacuum_into(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pes.sqlite"
    _small_database(path, "x")
    engine = make_readonly_engine(f"sqlite:///{path}")
    for statement in (
        f"ATTACH DATABASE '{tmp_path / 'other.sqlite'}' AS other",
        f"VACUUM INTO '{tmp_path / 'copy.sqlite'}'",
    ):
        with pytest.raises(SQLAlchemyError), engine.connect() as conn:
            conn.execute(text(statement))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pes.sqlite"]
    engine.dispose()


def test_a_black_holed_postgres_is_reported_within_seconds() -> None:
    # A server that accepts the connection and then never answers.
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(8)
    port = hole.getsockname()[1]
    engine = make_readonly_engine(f"postgresql://nobody@127.0.0.1:{port}/none")
    try:
        started = time.monotonic()
        with pytest.raises(DataUnavailableError, match="cannot be reached"):
            meta.datasets(engine)
        first = time.monotonic() - started
        # The page's next queries, and the next request, do not wait again.
        started = time.monotonic()
        for _ in range(5):
            with pytest.raises(DataUnavailableError, match="cannot be reached"):
                meta.datasets(engine)
        again = time.monotonic() - started
    finally:
        engine.dispose()
        hole.close()
    assert first < 3.5, first
    assert again < 0.5, again
