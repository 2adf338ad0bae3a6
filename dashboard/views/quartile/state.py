"""The quartile page's URL state: whitelisted choices, defaults and plain messages.

Pure: no Dash, no database. The page reads the query string through
``parse_query``; the period is checked against the loaded periods later, by
``choose_period`` (the period dropdown) and ``make_choice`` (the sections).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pandas as pd

from dashboard.metrics.funnel import DEFAULT_METHOD
from domain.dates import long_date
from domain.echo import echoed
from domain.offences import OFFENCE_BY_CODE, OFFENCE_GROUPS

DEFAULT_OFFENCE = "total"
DEFAULT_PEER = "all"
# Used when no period is loaded at all, so the sections still have a date to name.
FALLBACK_PERIOD = date(2025, 6, 30)
PEER_SETS = {
    "all": "All CSPs in England and Wales",
    "msg": "Most similar group (15 CSPs)",
    "region": "Same region",
    "pfa": "Same police force area",
}
DEFAULT_LIMITS = DEFAULT_METHOD
LIMIT_OPTIONS = {
    "random": "Allow for variation between areas (default)",
    "scaled": "Scale chance limits by the over-dispersion factor",
    "poisson": "Chance variation only",
}


@dataclass(frozen=True)
class QuartileQuery:
    """The choices a link asked for, made safe, and what was wrong with it."""

    offence: str
    peer: str
    period: str | None
    messages: tuple[str, ...]
    limits: str = DEFAULT_LIMITS


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


def limit_options() -> list[dict]:
    """Radio options for the funnel and significance limits."""
    return [{"label": label, "value": value} for value, label in LIMIT_OPTIONS.items()]


def parse_query(
    offence: str | None = None,
    period: str | None = None,
    peer: str | None = None,
    limits: str | None = None,
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
                f"The link asked for offence group \u201c{echoed(offence)}\u201d, which is not "
                "one of the ONS groups; showing Total recorded crime (excluding fraud)."
            )
    chosen_peer = DEFAULT_PEER
    if peer:
        if peer in PEER_SETS:
            chosen_peer = peer
        else:
            messages.append(
                f"The link asked for peer set \u201c{echoed(peer)}\u201d, which is not one of "
                "all, msg, region or pfa; showing all CSPs in England and Wales."
            )
    chosen_limits = DEFAULT_LIMITS
    if limits:
        if limits in LIMIT_OPTIONS:
            chosen_limits = limits
        else:
            messages.append(
                f"The link asked for limits \u201c{echoed(limits)}\u201d, which is not one of "
                "random, scaled or poisson; showing limits that allow for variation "
                "between areas."
            )
    chosen_period = None
    if period:
        try:
            chosen_period = date.fromisoformat(period).isoformat()
        except ValueError:
            messages.append(
                f"The link asked for period \u201c{echoed(period)}\u201d, which is not a date "
                "like 2025-06-30; showing the latest period of published data."
            )
    return QuartileQuery(
        chosen_offence, chosen_peer, chosen_period, tuple(messages), chosen_limits
    )


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
        f"No recorded crime is loaded for the 12 months to {long_date(wanted)}; "
        f"showing "
        f"the 12 months to {default:%B %Y} instead."
    )


def query_string(
    offence: str, period: str | None, peer: str, limits: str | None = None
) -> str:
    """The query string that reproduces a view: ?offence=...&period=...&peer=...
    and &limits=... when not the default (each value percent-encoded as the
    browser's encodeURIComponent does)."""
    parts = [f"offence={_encode(offence)}"]
    if period:
        parts.append(f"period={_encode(period)}")
    parts.append(f"peer={_encode(peer)}")
    if limits and limits != DEFAULT_LIMITS:
        parts.append(f"limits={_encode(limits)}")
    return "?" + "&".join(parts)


def _encode(value: str) -> str:
    return quote(str(value), safe="!~*'()")


@dataclass(frozen=True)
class Choice:
    """The three controls, made safe."""

    offence: str
    period_end: date
    peer: str
    limits: str = DEFAULT_LIMITS

    @property
    def offence_name(self) -> str:
        """The offence group's ONS name."""
        return OFFENCE_BY_CODE[self.offence].name

    @property
    def period_text(self) -> str:
        """'12 months to June 2025'."""
        return twelve_months_text(self.period_end)


def twelve_months_text(period_end: date) -> str:
    """'12 months to June 2025': an ONS recorded crime period."""
    return f"12 months to {period_end:%B %Y}"


def safe_offence(offence: str | None) -> str:
    """The offence group if it is an ONS group, else the default."""
    return offence if offence in OFFENCE_BY_CODE else DEFAULT_OFFENCE


def safe_limits(limits: str | None) -> str:
    """The limit method if it is one of the options, else the default."""
    return limits if limits in LIMIT_OPTIONS else DEFAULT_LIMITS


def make_choice(
    offence: str | None,
    period: str | None,
    peer: str | None,
    panel: pd.DataFrame,
    limits: str | None = None,
) -> Choice:
    """Whitelist the controls; an unknown period falls back to the latest real one."""
    peer = peer if peer in PEER_SETS else DEFAULT_PEER
    available = sorted(set(panel.period_end))
    real = sorted(set(panel.loc[~panel.is_demo, "period_end"])) or available
    default = real[-1] if real else FALLBACK_PERIOD
    try:
        wanted = date.fromisoformat(period) if period else default
    except ValueError:
        wanted = default
    return Choice(
        safe_offence(offence),
        wanted if wanted in available else default,
        peer,
        safe_limits(limits),
    )
