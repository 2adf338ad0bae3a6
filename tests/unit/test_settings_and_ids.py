"""Settings precedence and parsing; component ids are unique."""

from __future__ import annotations

import pytest

from dashboard.ids import all_ids
from dashboard.settings import Settings, SettingsError
from data_access.engine import DEFAULT_DATABASE_URL


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert (settings.host, settings.port, settings.debug) == ("127.0.0.1", 8050, False)


def test_environment_overrides_defaults_and_arguments_override_environment() -> None:
    env = {"PES_PORT": "9000", "PES_DEBUG": "yes", "PES_DATABASE_URL": "sqlite:///x.db"}
    assert Settings.from_env(env).port == 9000
    assert Settings.from_env(env).debug is True
    assert Settings.from_env(env, port=9100).port == 9100


@pytest.mark.parametrize(
    ("key", "value"), [("PES_PORT", "eighty"), ("PES_DEBUG", "maybe")]
)
def test_bad_values_name_the_variable(key: str, value: str) -> None:
    with pytest.raises(SettingsError, match=key):
        Settings.from_env({key: value})


def test_component_ids_are_unique() -> None:
    ids = all_ids()
    assert len(ids) == len(set(ids))
