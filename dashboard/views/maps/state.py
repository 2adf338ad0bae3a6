"""The sector maps' URL state: measure, period, sector and ward made safe, with a
plain-English message for each value that is not known.

Pure: no Dash, no database. The measure is whitelisted at once; the period, sector
and ward are checked against what is loaded (``choose_period``, ``choose_place``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from dashboard.metrics.maps import DEFAULT_MEASURE, MEASURES, Measure, Period
from domain.echo import echoed

PATH = "/sectors"
WHOLE_CITY = {"label": "Whole city", "value": ""}
# The optional map layers, each kept in the URL as its own yes/no parameter
# ("?hotspots=yes", "?labels=no") when it differs from the default.
LAYER_DEFAULTS = {"labels": True, "hotspots": False}
YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class MapQuery:
    """What a link asked for: the measure made safe, the rest kept for later checks."""

    measure: Measure
    period: str | None
    sector: str
    ward: str
    message: str | None
    layers: tuple[str, ...] = tuple(k for k, on in LAYER_DEFAULTS.items() if on)


def choose_measure(key: str | None) -> tuple[Measure, str | None]:
    """The measure for a URL value, or the default and a plain message."""
    if not key:
        return MEASURES[DEFAULT_MEASURE], None
    if key in MEASURES:
        return MEASURES[key], None
    return (
        MEASURES[DEFAULT_MEASURE],
        f"There is no measure called '{echoed(key)}'; showing "
        f"{MEASURES[DEFAULT_MEASURE].label.lower()} instead.",
    )


def choose_layers(
    requested: dict[str, str | None],
) -> tuple[tuple[str, ...], list[str]]:
    """The map layers switched on for the URL's yes/no values (layer name ->
    value), in the checklist's order; an unknown value keeps the layer's default
    and gives a plain message."""
    layers, messages = [], []
    for name, default in LAYER_DEFAULTS.items():
        value = requested.get(name)
        on = default
        if value in YES_NO:
            on = YES_NO[value]
        elif value not in (None, ""):
            messages.append(
                f"'{echoed(value)}' is not a choice for {name}: use yes or no; "
                f"{name} are {'shown' if default else 'hidden'}."
            )
        if on:
            layers.append(name)
    return tuple(layers), messages


def parse_query(
    measure: str | None = None,
    period: str | None = None,
    sector: str | None = None,
    ward: str | None = None,
    *,
    hotspots: str | None = None,
    labels: str | None = None,
) -> MapQuery:
    """The page's URL query as typed state; an unknown measure or layer value
    falls back to the default with a message."""
    chosen, message = choose_measure(measure)
    layers, layer_messages = choose_layers({"hotspots": hotspots, "labels": labels})
    messages = [m for m in (message, *layer_messages) if m]
    return MapQuery(
        chosen,
        period or None,
        sector or "",
        ward or "",
        " ".join(messages) if messages else None,
        layers,
    )


def default_period(periods: list[Period]) -> Period | None:
    """Real data first: the first real period (for police.uk, the latest real
    month); else the first listed (the latest wave or KPI period)."""
    for period in periods:
        if not period.is_demo:
            return period
    return periods[0] if periods else None


def choose_period(
    periods: list[Period], key: str | None
) -> tuple[Period | None, str | None]:
    """The period for a URL value, or the default and a plain message."""
    fallback = default_period(periods)
    if not key:
        return fallback, None
    for period in periods:
        if period.key == key:
            return period, None
    if fallback is None:
        return None, None
    return (
        fallback,
        f"There are no figures for the period '{key}' for this measure; showing "
        f"{fallback.label} instead.",
    )


@dataclass(frozen=True)
class Place:
    """The sector and ward a link asked for, kept only if they exist."""

    sector: str  # "" for the whole city
    ward: str | None
    message: str | None


def choose_place(
    sectors: pd.DataFrame, ward_codes: Iterable[str], request: dict | None
) -> Place:
    """Check the request's sector and ward (``sectors`` has sector_code and
    sector_name); an unknown one gives the whole city and a plain message."""
    request = request if isinstance(request, dict) else {}
    messages = []
    sector = request.get("sector") or ""
    if sector and sector not in set(sectors.sector_code):
        messages.append(
            f"There is no sector '{echoed(sector)}'. The sectors are "
            + ", ".join(
                f"{r.sector_name} ({r.sector_code})" for r in sectors.itertuples()
            )
            + "; showing the whole city."
        )
        sector = ""
    ward = request.get("ward") or ""
    if ward and ward not in set(ward_codes):
        messages.append(
            f"There is no Peterborough ward '{echoed(ward)}' (ward codes run from E05010805 "
            "to E05010826); showing the whole city."
        )
        ward = ""
    return Place(sector, ward or None, " ".join(messages) if messages else None)


def sector_options(sectors: pd.DataFrame) -> list[dict]:
    """The sector dropdown: the whole city, then each sector."""
    return [WHOLE_CITY] + [
        {"label": r.sector_name, "value": r.sector_code} for r in sectors.itertuples()
    ]


def href(measure: str, period: str, *, sector: str = "", ward: str = "") -> str:
    """A link to the page for a measure and period, and a sector or a ward."""
    query = {"measure": measure, "period": period}
    if sector:
        query["sector"] = sector
    if ward:
        query["ward"] = ward
    return PATH + "?" + urlencode(query)


def measure_options() -> list[dict]:
    """The measure dropdown's options, every measure labelled with its group."""
    return [
        {"label": f"{measure.group}: {measure.label}", "value": measure.key}
        for measure in MEASURES.values()
    ]
