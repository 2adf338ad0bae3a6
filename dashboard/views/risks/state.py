"""The risk register's state in the URL: whether closed risks are included."""

from __future__ import annotations

from dashboard.urlstate import pick


def include_closed(closed: str | None) -> tuple[bool, str | None]:
    """?closed=yes includes closed risks; anything but yes or no is a plain
    message and the default (open risks only)."""
    value, message = pick(closed, ["yes", "no"], "no", what="closed option")
    return value == "yes", message
