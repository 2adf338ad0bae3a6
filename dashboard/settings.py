"""One frozen Settings object: explicit arguments, then PES_* variables, then defaults.

Nothing else in the app reads ``os.environ``; the loader, a separate command that
imports nothing of the app, reads ``PES_DATABASE_URL`` alone.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from data_access.engine import DEFAULT_DATABASE_URL

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ValueError):
    """A PES_* variable holds a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Everything the app can be configured with; see the README's Configuration."""

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    query_timeout_seconds: float = 10.0
    tile_url: str = ""
    tile_attribution: str = ""
    redis_url: str = ""
    chromium_path: str = "chromium"
    auth: str = ""
    secret_key: str = ""
    # How long a sign-in lasts, and whether the session cookie is sent over HTTPS
    # only (on in the production command: the site is served over HTTPS).
    session_hours: float = 8.0
    secure_cookies: bool = False
    # Read each offence group's panel in the background whenever the data changes,
    # so the first person to open a view after a reload does not wait for it.
    warm_cache: bool = False

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: object
    ) -> Settings:
        """Build settings from ``overrides`` > ``environ`` (default os.environ)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in fields(cls):
            key = f"PES_{field.name.upper()}"
            if key in env:
                values[field.name] = _parse(key, env[key], field.type)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


def _parse(key: str, raw: str, kind: object) -> object:
    text = raw.strip()
    if kind in ("bool", bool):
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise SettingsError(f"{key} must be true or false, not {raw!r}")
    if kind in ("int", int):
        try:
            return int(text)
        except ValueError:
            raise SettingsError(f"{key} must be a whole number, not {raw!r}") from None
    if kind in ("float", float):
        try:
            return float(text)
        except ValueError:
            raise SettingsError(f"{key} must be a number, not {raw!r}") from None
    return text
