"""The read-only role of docs/operations.md, created on a test database: it reads, it cannot write."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from data_access import make_readonly_engine
from data_access.queries import meta


@pytest.mark.shipped_build
def test_readme_role_reads_but_cannot_write(real_postgres_url: str) -> None:
    url = make_url(real_postgres_url)
    role = f"pes_dashboard_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    statements = [
        f"CREATE ROLE {role} LOGIN",
        f"ALTER ROLE {role} SET default_transaction_read_only = on",
        f'GRANT CONNECT ON DATABASE "{url.database}" TO {role}',
        f"GRANT USAGE ON SCHEMA pes TO {role}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA pes TO {role}",
    ]
    with admin.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    role_url = url.set(username=role, password=None)
    plain = create_engine(role_url)
    app_engine = make_readonly_engine(role_url.render_as_string(hide_password=False))
    try:
        assert not meta.datasets(app_engine).empty
        with plain.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM pes.dataset")).scalar() > 0
            with pytest.raises(DBAPIError, match="read-only transaction"):
                conn.execute(text("DELETE FROM pes.dataset"))
            conn.rollback()
            # Even with read-only mode switched off, the role has no write grant.
            conn.execute(text("SET default_transaction_read_only = off"))
            conn.commit()
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text("DELETE FROM pes.dataset"))
            conn.rollback()
    finally:
        plain.dispose()
        app_engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        admin.dispose()
