"""The small Peterborough fixture database (tests/data_access/peterborough_fixture.py)
on each backend, for tests about a query's logic: built once per session, in a
second or two."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from data_access.engine import make_readonly_engine
from tests.data_access.peterborough_fixture import peterborough_rows
from tests.fixture_db import BACKENDS, fixture_database


@pytest.fixture(scope="session")
def peterborough_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture database on SQLite."""
    folder = tmp_path_factory.mktemp("peterborough")
    yield from fixture_database("sqlite", folder, peterborough_rows())


@pytest.fixture(scope="session")
def peterborough_postgres_url(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The fixture database on its own PostgreSQL database, dropped afterwards."""
    folder = tmp_path_factory.mktemp("peterborough_pg")
    yield from fixture_database("postgresql", folder, peterborough_rows())


@pytest.fixture(params=BACKENDS)
def peterborough_url(request: pytest.FixtureRequest) -> str:
    """The fixture database on each backend in turn."""
    if request.param == "sqlite":
        return request.getfixturevalue("peterborough_sqlite_url")
    return request.getfixturevalue("peterborough_postgres_url")


@pytest.fixture
def fixture_engine(peterborough_url: str) -> Iterator[Engine]:
    """The app's read-only engine on the fixture database."""
    engine = make_readonly_engine(peterborough_url)
    yield engine
    engine.dispose()
