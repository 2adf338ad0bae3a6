"""One frozen Settings object: explicit arguments, then PES_* variables, then defaults.

Nothing else in the app reads ``os.environ``; the loader, a separate command that
imports nothing of the app, reads ``PES_DATABASE_URL`` alone.
"""

from __future__ import annotations

import math
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

    def __post_init__(self) -> None:
        for name in ("query_timeout_seconds", "session_hours"):
            value = getattr(self, name)
            if not math.isfinite(value) or value <= 0:
                raise SettingsError(
                    f"PES_{name.upper()} must be a number greater than 0, not {value!r}"
                )
        if not 0 < self.port < 65536:
            raise SettingsError(f"PES_PORT must be 1 to 65535, not {self.port}")
        key = self.secret_key
        if key and (len(key) < 32 or len(set(key)) == 1):
            raise SettingsError(
                "PES_SECRET_KEY must be at least 32 random characters (not one "
                "character repeated): python -c 'import secrets; "
                "print(secrets.token_hex(32))'"
            )

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
            number = float(text)
        except ValueError:
            raise SettingsError(f"{key} must be a number, not {raw!r}") from None
        if not math.isfinite(number):
            raise SettingsError(f"{key} must be a finite number, not {raw!r}")
        return number
    return text
