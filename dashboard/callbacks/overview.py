"""Overview: headline tiles. Each view contributes tiles through a provider: a
function (engine) -> list of tiles, listed in dashboard.callbacks.OVERVIEW_TILES."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dash import Dash, Input, Output
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.components import data_error, headline_tile
from dashboard.freshness import format_day
from dashboard.metrics.headline import CrimeHeadline, crime_headline
from data_access.engine import DataUnavailableError
from data_access.queries import crime, meta

TileProvider = Callable[[Engine], list]


def crime_tiles(headline: CrimeHeadline, period_label: str) -> list:
    """The recorded-crime tiles: the rate, and where it sits among all CSPs."""
    national = (
        f"England and Wales: {headline.national_rate:.1f} per 1,000."
        if headline.national_rate is not None
        else "England and Wales rate unavailable."
    )
    return [
        headline_tile(
            label=f"Recorded crime in {headline.area_name}, {period_label}",
            value=f"{headline.rate:.1f}",
            unit="offences per 1,000 residents",
            details=[
                f"{headline.offence_count:,} offences (excluding fraud) ÷ "
                f"{headline.population:,} residents (ONS mid-{headline.population_year} "
                "estimate).",
                national,
            ],
            demo=headline.is_demo,
        ),
        headline_tile(
            label="Where that sits among all CSPs in England and Wales",
            value=f"{headline.rank} of {headline.n_ranked}",
            unit="(rank 1 = lowest rate)",
            details=[
                f"Quartile {headline.quartile} of 4: the {headline.quartile_name}.",
                "City of London and Isles of Scilly are not ranked (tiny resident "
                "populations).",
            ],
            demo=headline.is_demo,
        ),
    ]


def recorded_crime_tiles(engine: Engine) -> list:
    """Peterborough's real recorded crime rate and national rank (latest real period)."""
    latest = meta.latest_crime_period(engine, real_only=True)
    if latest.empty:
        return [data_error("No recorded crime data has been loaded.")]
    period_end = latest.period_end.iloc[0]
    areas = crime.rate_area_crime(engine, period_end=period_end, offence_code="total")
    national = crime.national_crime(engine, period_end=period_end, offence_code="total")
    headline = crime_headline(areas, national)
    if headline is None:
        return [data_error("Peterborough is missing from the recorded crime table.")]
    return crime_tiles(headline, f"12 months to {period_end:%B %Y}")


def overview_content(
    engine: Engine, providers: Sequence[TileProvider]
) -> tuple[list, str]:
    """Every provider's tiles and the as-at sentence; a failing provider shows its
    error in place of its tiles and the others still show."""
    tiles: list = []
    for provider in providers:
        try:
            tiles.extend(provider(engine))
        except DataUnavailableError as error:
            tiles.append(data_error(str(error)))
    try:
        latest = meta.latest_crime_period(engine, real_only=True)
    except DataUnavailableError:
        return tiles, ""
    if latest.empty:
        return tiles, ""
    return tiles, f"Figures as at {format_day(latest.period_end.iloc[0])}."


def register(app: Dash, engine: Engine, providers: Sequence[TileProvider]) -> None:
    """Wire the overview callback."""
    app.callback(
        Output(ids.Overview.TILES, "children"),
        Output(ids.Overview.AS_AT, "children"),
        Input(ids.Overview.TRIGGER, "data"),
    )(lambda _trigger: overview_content(engine, providers))
