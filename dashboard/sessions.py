"""Server-side record of sign-in sessions, so signing out really ends a session.

A signed cookie alone cannot be revoked: a copy taken before sign-out would still be
accepted. Each sign-in therefore gets a random session identifier, kept on the server
with the user's name until it expires or the user signs out; a cookie whose identifier
is no longer on the server is treated as signed out. The record lives in Redis when
``PES_REDIS_URL`` is set (one record for every worker and host) and otherwise in files
under ``var/sessions`` (shared by the workers of one host), through cachelib, the
store Flask-Caching itself uses.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from cachelib import BaseCache, FileSystemCache, RedisCache

DEFAULT_SESSION_DIR = Path(__file__).resolve().parent.parent / "var" / "sessions"
_PREFIX = "pes-session:"


class SessionStore:
    """Session identifier -> user name, each entry expiring after ``lifetime_seconds``."""

    def __init__(self, backend: BaseCache, lifetime_seconds: int) -> None:
        self._backend = backend
        self.lifetime_seconds = lifetime_seconds

    @classmethod
    def configured(
        cls, *, redis_url: str, lifetime_seconds: int, directory: Path | None = None
    ) -> SessionStore:
        """Redis when a URL is given, else files under ``directory``."""
        if redis_url:
            import redis

            client = redis.Redis.from_url(
                redis_url, socket_timeout=2, socket_connect_timeout=2
            )
            backend: BaseCache = RedisCache(
                host=client, default_timeout=lifetime_seconds, key_prefix=_PREFIX
            )
        else:
            folder = directory or DEFAULT_SESSION_DIR
            folder.mkdir(parents=True, exist_ok=True)
            backend = FileSystemCache(
                str(folder), threshold=10_000, default_timeout=lifetime_seconds
            )
        return cls(backend, lifetime_seconds)

    def start(self, user: str) -> str:
        """Record a new session for ``user``; return its identifier."""
        session_id = secrets.token_urlsafe(32)
        self._backend.set(_PREFIX + session_id, user, timeout=self.lifetime_seconds)
        return session_id

    def user_of(self, session_id: object) -> str | None:
        """The user of a live session, or None (unknown, expired or ended)."""
        if not isinstance(session_id, str) or not session_id:
            return None
        user = self._backend.get(_PREFIX + session_id)
        return user if isinstance(user, str) else None

    def end(self, session_id: object) -> None:
        """Forget a session, so its cookie no longer signs anyone in."""
        if isinstance(session_id, str) and session_id:
            self._backend.delete(_PREFIX + session_id)
