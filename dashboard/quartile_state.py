"""The quartile view's URL state: whitelisted choices, defaults and plain messages.

Pure: no Dash, no database. The page reads the query string through
``parse_query``; the period is checked against the loaded periods later, by
``choose_period``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.offences import OFFENCE_BY_CODE, OFFENCE_GROUPS

DEFAULT_OFFENCE = "total"
DEFAULT_PEER = "all"
PEER_SETS = {
    "all": "All CSPs in England and Wales",
    "msg": "Most similar group (15 CSPs)",
    "region": "Same region",
    "pfa": "Same police force area",
}


@dataclass(frozen=True)
class QuartileQuery:
    """The choices a link asked for, made safe, and what was wrong with it."""

    offence: str
    peer: str
    period: str | None
    messages: tuple[str, ...]


def offence_options() -> list[dict]:
    """Dropdown options for every ONS offence group, sub-groups indented in the label."""
    return [
        {
            "label": "\u2003" * group.level + group.name,
            "value": group.code,
        }
        for group in OFFENCE_GROUPS
    ]


def peer_options() -> list[dict]:
    """Radio options for the peer sets."""
    return [{"label": label, "value": value} for value, label in PEER_SETS.items()]


def parse_query(
    offence: str | None = None, period: str | None = None, peer: str | None = None
) -> QuartileQuery:
    """Whitelist the offence group and peer set; keep a well-formed period for the
    later check. Unknown values fall back to the default with a plain message."""
    messages = []
    chosen_offence = DEFAULT_OFFENCE
    if offence:
        if offence in OFFENCE_BY_CODE:
            chosen_offence = offence
        else:
            messages.append(
                f"The link asked for offence group \u201c{offence}\u201d, which is not "
                "one of the ONS groups; showing Total recorded crime (excluding fraud)."
            )
    chosen_peer = DEFAULT_PEER
    if peer:
        if peer in PEER_SETS:
            chosen_peer = peer
        else:
            messages.append(
                f"The link asked for peer set \u201c{peer}\u201d, which is not one of "
                "all, msg, region or pfa; showing all CSPs in England and Wales."
            )
    chosen_period = None
    if period:
        try:
            chosen_period = date.fromisoformat(period).isoformat()
        except ValueError:
            messages.append(
                f"The link asked for period \u201c{period}\u201d, which is not a date "
                "like 2025-06-30; showing the latest period of published data."
            )
    return QuartileQuery(chosen_offence, chosen_peer, chosen_period, tuple(messages))


def choose_period(
    requested: str | None, available: list[date], default: date
) -> tuple[date, str | None]:
    """The requested period if it is loaded, else ``default`` with a message."""
    if requested is None:
        return default, None
    wanted = date.fromisoformat(requested)
    if wanted in available:
        return wanted, None
    return default, (
        f"No recorded crime is loaded for the 12 months to {wanted.day} {wanted:%B %Y}; "
        f"showing "
        f"the 12 months to {default:%B %Y} instead."
    )


def query_string(offence: str, period: str | None, peer: str) -> str:
    """The query string that reproduces a view: ?offence=...&period=...&peer=..."""
    parts = [f"offence={offence}"]
    if period:
        parts.append(f"period={period}")
    parts.append(f"peer={peer}")
    return "?" + "&".join(parts)
