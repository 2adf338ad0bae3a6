"""Overview: headline tiles. Each view contributes tiles through a provider: a
function (engine) -> list of tiles, listed in the registry of views, dashboard.callbacks.VIEWS.

The first callback lays out one slot per provider (and the as-at sentence); each
slot is then filled by its own request (a pattern-matching callback), so the
browser asks for the providers side by side and no request waits for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from dash import MATCH, Dash, Input, Output, dcc, html
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.callbacks.shell import shell_for_path
from dashboard.components import data_error, headline_tile
from dashboard.denominator import ons_rate_sentence
from dashboard.metrics.headline import CrimeHeadline, crime_headline
from dashboard.views.quartile.data import panel_data
from data_access.engine import DataUnavailableError
from data_access.queries import meta
from domain.offences import OFFENCE_BY_CODE

TileProvider = Callable[[Engine], list]


def crime_tiles(headline: CrimeHeadline, period_end: date) -> list:
    """The recorded-crime tiles: the rate, and where it sits among all CSPs."""
    period_label = f"12 months to {period_end:%B %Y}"
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
                f"{headline.offence_count:,} offences ÷ {headline.population:,} "
                "residents × 1,000.",
                ons_rate_sentence(
                    OFFENCE_BY_CODE["total"].name, period_end, headline.population_year
                ),
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
    # The quartile page's all-period panel, kept per data version (and prepared by
    # the warm-up): the same figures without reading them again.
    panel = panel_data(engine, "total")
    areas = panel.full[panel.full.period_end == period_end]
    national = panel.national[panel.national.period_end == period_end]
    headline = crime_headline(areas, national)
    if headline is None:
        return [data_error("Peterborough is missing from the recorded crime table.")]
    return crime_tiles(headline, period_end)


def provider_name(provider: TileProvider) -> str:
    """The name a provider's slot is known by (its function name)."""
    return provider.__name__


def provider_tiles(engine: Engine, provider: TileProvider) -> list:
    """One provider's tiles, or its error in their place."""
    try:
        return provider(engine)
    except DataUnavailableError as error:
        return [data_error(str(error))]


def tile_slots(providers: Sequence[TileProvider]) -> list:
    """One empty slot per provider, each filled by the slot callback. A slot is
    laid out with ``display: contents`` so its tiles sit in the row's grid."""
    slots = []
    for provider in providers:
        name = provider_name(provider)
        slots.append(
            html.Div(
                [
                    dcc.Store(id=ids.overview_part("provider", name), data=name),
                    html.Div(id=ids.overview_part("slot", name), className="pes-slot"),
                ],
                className="pes-slot",
            )
        )
    return slots


def as_at_sentence(engine: Engine) -> str:
    """The Overview's "Data as at" near the top, where the big screen shows it:
    the shell's own sentence for this page (the latest period its tiles show),
    so the top and the footer never disagree."""
    as_at, *_ = shell_for_path(engine, "/")
    return str(as_at)


def overview_content(
    engine: Engine, providers: Sequence[TileProvider]
) -> tuple[list, str]:
    """Every provider's tiles and the as-at sentence in one go (for scripts such as
    the benchmarks); a failing provider shows its error in place of its tiles and the
    others still show."""
    tiles: list = []
    for provider in providers:
        tiles.extend(provider_tiles(engine, provider))
    return tiles, as_at_sentence(engine)


def slot_content(
    engine: Engine, providers: Sequence[TileProvider], name: object
) -> list:
    """The tiles of the provider called ``name``."""
    for provider in providers:
        if provider_name(provider) == name:
            return provider_tiles(engine, provider)
    return [data_error("There is no headline tile of that name.")]


def register(app: Dash, engine: Engine, providers: Sequence[TileProvider]) -> None:
    """Wire the overview's slots and one request per slot."""
    providers = list(providers)
    app.callback(
        Output(ids.Overview.TILES, "children"),
        Output(ids.Overview.AS_AT, "children"),
        Input(ids.Overview.TRIGGER, "data"),
    )(lambda _trigger: (tile_slots(providers), as_at_sentence(engine)))
    app.callback(
        Output(ids.overview_part("slot", MATCH), "children"),
        Input(ids.overview_part("provider", MATCH), "data"),
    )(lambda name: slot_content(engine, providers, name))
