"""Shared fixtures: databases the tests build themselves, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from data_access.load.build import build_database

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_ADMIN_URL = os.environ.get(
    "PES_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def unavailable(reason: str) -> None:
    """Skip on a developer machine; fail in CI, where nothing may be skipped."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def full_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The whole shipped database (real and demo data), built once per session."""
    path = tmp_path_factory.mktemp("full") / "pes.sqlite"
    url = f"sqlite:///{path}"
    build_database(url)
    return url


@pytest.fixture(scope="session")
def real_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Only the real public data, on SQLite."""
    path = tmp_path_factory.mktemp("real") / "pes.sqlite"
    url = f"sqlite:///{path}"
    build_database(url, with_demo=False)
    return url


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this session, dropped afterwards."""
    yield from fresh_postgres_database()


def fresh_postgres_database() -> Iterator[str]:
    """Create a uniquely named database, yield its URL, drop it afterwards."""
    try:
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means no server
        unavailable(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}")
    name = f"pes_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def real_postgres_url(postgres_database: str) -> str:
    """Only the real public data, on PostgreSQL."""
    build_database(postgres_database, with_demo=False)
    return postgres_database


@pytest.fixture(scope="session")
def full_postgres_url() -> Iterator[str]:
    """The whole shipped database (real and demo data) on its own PostgreSQL database."""
    for url in fresh_postgres_database():
        build_database(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def real_database_url(request: pytest.FixtureRequest) -> str:
    """The real-data database on each backend in turn."""
    if request.param == "sqlite":
        return request.getfixturevalue("real_sqlite_url")
    return request.getfixturevalue("real_postgres_url")


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Ignored folder for screenshots and other things to look at."""
    folder = Path(__file__).resolve().parent.parent / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


# Parameter values that put a test on PostgreSQL (the ids the suite's backend
# fixtures and parametrisations use).
POSTGRES_PARAMS = {"postgres", "postgresql"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that runs on PostgreSQL ``postgres`` (a backend parameter, or a
    fixture that needs the server), so ``-m "not postgres"`` selects SQLite only."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec else ()
        on_postgres = any(
            isinstance(value, str) and value in POSTGRES_PARAMS for value in params
        ) or any("postgres" in name for name in getattr(item, "fixturenames", ()))
        if on_postgres:
            item.add_marker(pytest.mark.postgres)
