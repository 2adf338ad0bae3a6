"""Page state in the URL query string: checking choices and writing them back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from domain.echo import echoed


def pick(
    value: str | None,
    allowed: Iterable[str],
    default: str,
    *,
    what: str,
    label: str | None = None,
) -> tuple[str, str | None]:
    """(value, None) when ``value`` is allowed (or empty), else (default, a
    plain-English message naming the unknown value)."""
    allowed = list(allowed)
    if value in (None, ""):
        return default, None
    if value in allowed:
        return str(value), None
    shown = label or default
    return (
        default,
        f"There is no {what} called '{echoed(value)}'; showing {shown} instead.",
    )


def query_string(values: Mapping[str, object], defaults: Mapping[str, object]) -> str:
    """'?agency=police&q=asb' with every value that differs from its default, in
    the order given; '' when all are defaults."""
    kept = {
        key: str(value)
        for key, value in values.items()
        if value not in (None, "") and value != defaults.get(key)
    }
    return "?" + urlencode(kept) if kept else ""
