"""Crime against the national quartile: thin callbacks over pure content builders.

Each ``*_content`` function takes the engine and the three choices and returns
exactly what its callback outputs, so tests and the benchmark call it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from dash import MATCH, Dash, Input, Output, html
from dash.exceptions import PreventUpdate
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.components import data_error, headline_tile
from dashboard.figures import quartile as figures
from dashboard.figures.theme import empty_figure
from dashboard.freshness import format_day
from dashboard.memo import kept
from dashboard.metrics.quartile import (
    HIGHER,
    LOWER,
    NOT_SIGNIFICANT,
    QuartileDistance,
    compare_to_reference,
    distance_to_next_quartile,
    funnel_positions,
    history_from_ranked,
    offences_to_reach_rate,
    percent_change,
    poisson_rate_interval,
    rank_areas,
    rank_by_period,
    weighted_rate,
)
from dashboard.metrics.rates import QUARTILE_NAMES, rate_per_1000
from dashboard.quartile_state import PEER_SETS, choose_period
from data_access.engine import DataUnavailableError
from data_access.queries import crime, meta
from data_access.queries import quartile as queries
from domain.areas import PETERBOROUGH_CSP
from domain.offences import OFFENCE_BY_CODE

PETERBOROUGH = PETERBOROUGH_CSP
PAGE_PATH = "/crime-quartile"


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class Choice:
    """The three controls, made safe."""

    offence: str
    period_end: date
    peer: str

    @property
    def offence_name(self) -> str:
        return OFFENCE_BY_CODE[self.offence].name

    @property
    def period_text(self) -> str:
        return f"12 months to {self.period_end:%B %Y}"


def make_choice(
    offence: str | None, period: str | None, peer: str | None, panel: pd.DataFrame
) -> Choice:
    """Whitelist the controls; an unknown period falls back to the latest real one."""
    offence = offence if offence in OFFENCE_BY_CODE else "total"
    peer = peer if peer in PEER_SETS else "all"
    available = sorted(set(panel.period_end))
    real = sorted(set(panel.loc[~panel.is_demo, "period_end"])) or available
    default = real[-1] if real else date(2025, 6, 30)
    try:
        wanted = date.fromisoformat(period) if period else default
    except ValueError:
        wanted = default
    return Choice(offence, wanted if wanted in available else default, peer)


def peer_codes(
    latest: pd.DataFrame, peer: str, msg_members: pd.DataFrame, area_code: str
) -> set[str] | None:
    """Area codes in the peer set (None for all CSPs)."""
    if peer == "msg":
        return set(msg_members.member_code) | {area_code}
    row = latest[latest.area_code == area_code]
    if peer in ("region", "pfa") and not row.empty:
        column = "region_name" if peer == "region" else "pfa_code"
        value = row[column].iloc[0]
        return set(latest.loc[latest[column] == value, "area_code"])
    return None


def peer_label(peer: str, latest: pd.DataFrame, area_code: str) -> str:
    """'all CSPs in England and Wales', 'CSPs in the East of England', ..."""
    row = latest[latest.area_code == area_code]
    if peer == "msg":
        return "Peterborough's most similar group"
    if peer == "region" and not row.empty:
        return f"CSPs in the {row.region_name.iloc[0]} region"
    if peer == "pfa" and not row.empty:
        return f"CSPs in the {row.pfa_name.iloc[0]} police force area"
    return "all CSPs in England and Wales"


# The three section callbacks (and the Overview tile) fire together and each needs
# the same all-period panel and its rankings: read and rank them once per data
# version and offence group (and peer set, for the rankings).


@dataclass(frozen=True)
class PanelData:
    """The queries behind every section for one offence group, all periods."""

    full: pd.DataFrame  # every area, every period
    national: pd.DataFrame
    msg_members: pd.DataFrame
    datasets: pd.DataFrame


def _read_panel(engine: Engine, offence: str) -> PanelData:
    return PanelData(
        full=queries.rate_area_panel(engine, offence_code=offence),
        national=queries.national_panel(engine, offence_code=offence),
        msg_members=crime.most_similar_group(engine, group_code=PETERBOROUGH),
        datasets=meta.datasets(engine),
    )


def panel_data(engine: Engine, offence: str) -> PanelData:
    """The offence group's panel, kept while the data version is unchanged (read
    afresh every time when the engine has no query cache)."""
    return kept(
        engine, ("quartile.panel", offence), lambda: _read_panel(engine, offence)
    )


def warm_panels(engine: Engine) -> None:
    """Read and rank every offence group's panel for all of England and Wales, and
    its history and trend tables, so that the first view of any offence after a
    reload finds them ready."""
    for offence in OFFENCE_BY_CODE:
        all_period_tables(engine, load_view(engine, offence, None, "all"))


def ranked_periods(
    engine: Engine, offence: str, panel: pd.DataFrame, codes: set[str] | None
) -> dict[date, pd.DataFrame]:
    """``rank_by_period`` of the peer-set panel, kept like ``panel_data``."""
    peers = None if codes is None else tuple(sorted(codes))
    return kept(
        engine, ("quartile.rankings", offence, peers), lambda: rank_by_period(panel)
    )


@dataclass(frozen=True)
class ViewData:
    """What every section needs, read once per callback."""

    choice: Choice
    panel: pd.DataFrame  # all periods, peer set only
    national: pd.DataFrame
    msg_members: pd.DataFrame
    datasets: pd.DataFrame
    peer_text: str
    full: pd.DataFrame  # all periods, every area
    # The peer-set panel ranked in each period, computed (and kept) when asked.
    rankings: Callable[[], dict[date, pd.DataFrame]]
    peers: tuple[str, ...] | None = None  # the peer set's area codes (None: all)

    @property
    def ranked(self) -> dict[date, pd.DataFrame]:
        return self.rankings()

    @property
    def latest(self) -> pd.DataFrame:
        return self.panel[self.panel.period_end == self.choice.period_end]

    @property
    def national_row(self) -> pd.Series | None:
        rows = self.national[self.national.period_end == self.choice.period_end]
        return None if rows.empty else rows.iloc[0]

    @property
    def national_rate(self) -> float | None:
        row = self.national_row
        return None if row is None else rate_per_1000(row.offence_count, row.population)


def load_view(
    engine: Engine, offence: str | None, period: str | None, peer: str | None
) -> ViewData:
    """Query the panel, national totals, MSG and datasets; filter to the peer set."""
    safe_offence = offence if offence in OFFENCE_BY_CODE else "total"
    data = panel_data(engine, safe_offence)
    full = data.full
    choice = make_choice(offence, period, peer, full)
    latest = full[full.period_end == choice.period_end]
    codes = peer_codes(latest, choice.peer, data.msg_members, PETERBOROUGH)
    panel = full if codes is None else full[full.area_code.isin(codes)]
    return ViewData(
        choice=choice,
        panel=panel,
        national=data.national,
        msg_members=data.msg_members,
        datasets=data.datasets,
        peer_text=peer_label(choice.peer, latest, PETERBOROUGH),
        full=full,
        rankings=lambda: ranked_periods(engine, choice.offence, panel, codes),
        peers=None if codes is None else tuple(sorted(codes)),
    )


def latest_ranked(view: ViewData) -> pd.DataFrame:
    """The peer set ranked in the chosen period."""
    ranked = view.ranked.get(view.choice.period_end)
    return rank_areas(view.latest) if ranked is None else ranked


# ---------------------------------------------------------------- text


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 11th, 253rd."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"


def source_line(
    datasets: pd.DataFrame,
    dataset_ids: list[str],
    *,
    period_text: str,
    population_years: list[int],
    as_at: date,
    extra: str = "",
) -> str:
    """'Source: <titles> · <period> · denominator: ONS mid-YYYY ... · data as at ...'."""
    titles = datasets.set_index("dataset_id").title
    demo = datasets.set_index("dataset_id").is_demo
    names = []
    for dataset_id in dict.fromkeys(dataset_ids):
        if dataset_id in titles.index:
            title = str(titles[dataset_id])
            if bool(demo[dataset_id]) and "DEMO" not in title.upper():
                title += " (DEMO)"
            names.append(title)
    years = sorted(set(population_years))
    year_text = " and ".join(f"mid-{year}" for year in years)
    parts = [
        "Source: " + "; ".join(names),
        period_text,
        f"denominator: ONS {year_text} population estimates by local authority",
        f"data as at {format_day(as_at)}",
    ]
    if extra:
        parts.append(extra)
    return " · ".join(parts) + "."


def rank_sentence(item: pd.Series, choice: Choice, peer_text: str) -> list:
    """'Rank R of N, quartile Q (the highest-rate quartile)' and what it is."""
    quartile = int(item.quartile)
    return [
        html.Strong(
            f"{item.area_name}: rank {int(item['rank'])} of {int(item.n_ranked)}, "
            f"quartile {quartile} ({QUARTILE_NAMES[quartile]})",
            className="quartile-rank-figure",
        ),
        html.Br(),
        f"{choice.offence_name}, {choice.period_text}: {item.rate_per_1000:.1f} "
        f"offences per 1,000 residents, among {peer_text}"
        + (" (DEMO period)." if bool(item.is_demo) else "."),
    ]


def distance_sentence(
    distance: QuartileDistance,
    *,
    area_name: str,
    count: int,
    population: int,
    population_year: int,
    national_rate: float | None,
) -> str:
    """One sentence: offences (and %) fewer to reach the next quartile and the
    national rate, at the current population."""
    head = f"At its current population ({population:,}, ONS mid-{population_year}), "
    if distance.quartile == 1:
        first = f"{area_name} is already in the lowest-rate quartile"
    elif not distance.reachable:
        first = (
            f"no lower rate would move {area_name} out of quartile "
            f"{distance.quartile}: there are too few areas in this set"
        )
    else:
        first = (
            f"{area_name} would need {distance.offences_fewer:,} fewer offences "
            f"({distance.percent_reduction:.1f}% fewer, to {distance.boundary_rate:.2f} "
            f"per 1,000 or below) to move from quartile {distance.quartile} into "
            f"quartile {distance.target_quartile}"
        )
    if national_rate is None:
        second = ""
    else:
        fewer, percent = offences_to_reach_rate(count, population, national_rate)
        if fewer == 0:
            second = (
                f"; it is already at or below the England and Wales rate of "
                f"{national_rate:.1f}"
            )
        else:
            second = (
                f", and {fewer:,} fewer ({percent:.1f}%) to reach the England and "
                f"Wales rate of {national_rate:.1f}"
            )
    return head + first + second + "."


def fallen_faster_sentence(
    *,
    area_name: str,
    now: float | None,
    then: float | None,
    national_now: float | None,
    national_then: float | None,
    period_end: date,
    prior_end: date,
    prior_is_demo: bool,
) -> str:
    """Answer 'has recorded crime fallen faster than the national average?' with
    both percentage changes against the same period a year earlier."""
    local = percent_change(now, then)
    national = percent_change(national_now, national_then)
    if local is None or national is None:
        return (
            f"There is no 12-month period ending {prior_end:%B %Y} to compare the "
            f"12 months to {period_end:%B %Y} with."
        )

    def moved(change: float) -> str:
        if change < 0:
            return f"fell {abs(change):.1f}%"
        if change > 0:
            return f"rose {change:.1f}%"
        return "did not change"

    if local < 0 and local < national:
        answer = "Yes: recorded crime has fallen faster than the national average."
    elif local < 0:
        answer = "No: it fell, but not as fast as the national average."
    else:
        answer = "No: recorded crime has not fallen."
    demo = " (the year-earlier figures are DEMO data)" if prior_is_demo else ""
    return (
        f"In the 12 months to {period_end:%B %Y} {area_name}'s rate {moved(local)} "
        f"on the 12 months to {prior_end:%B %Y}; England and Wales "
        f"{moved(national)}{demo}. {answer}"
    )


# ---------------------------------------------------------------- tables


def grid_parts(table: pd.DataFrame, columns: list[tuple[str, str]]) -> tuple:
    """(rowData, columnDefs) for a 'show data' grid: numbers right-aligned, dates ISO."""
    shown = table[[name for name, _ in columns]].copy()
    defs = []
    for name, header in columns:
        column = shown[name]
        definition = {"field": name, "headerName": header}
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(
            column
        ):
            definition["type"] = "numericColumn"
            if pd.api.types.is_float_dtype(column):
                shown[name] = column.round(2)
        elif pd.api.types.is_bool_dtype(column):
            shown[name] = column.map({True: "DEMO", False: "Real"})
        else:
            shown[name] = column.map(
                lambda value: value.isoformat() if isinstance(value, date) else value
            )
        defs.append(definition)
    shown = shown.astype(object).where(shown.notna(), None)
    return shown.to_dict("records"), defs


def error_section(message: str) -> tuple:
    """A section's five outputs when the data is unavailable."""
    return data_error(message), empty_figure("Data unavailable"), "", [], []


# ---------------------------------------------------------------- content


def ranking_content(
    engine: Engine, offence: str | None, period: str | None, peer: str | None
) -> tuple:
    """Rank sentence, distance sentence, then the ski slope and funnel sections
    (summary, figure, source, rowData, columnDefs each)."""
    try:
        view = load_view(engine, offence, period, peer)
    except DataUnavailableError as error:
        return (
            data_error(str(error)),
            "",
            *error_section(str(error)),
            *error_section(str(error)),
        )
    choice = view.choice
    ranked = latest_ranked(view)
    target = ranked[(ranked.area_code == PETERBOROUGH) & ranked["rank"].notna()]
    national_rate = view.national_rate
    if target.empty:
        message = "Peterborough has no rate for this choice."
        return message, "", *error_section(message), *error_section(message)
    item = target.iloc[0]
    distance = distance_to_next_quartile(ranked, PETERBOROUGH)
    population_year = int(item.population_year)
    source = source_line(
        view.datasets,
        [item.dataset_id, f"ons_population_mid{population_year}"],
        period_text=choice.period_text,
        population_years=[population_year],
        as_at=choice.period_end,
    )
    rated = ranked[ranked["rank"].notna()]
    lowest, highest = rated.iloc[0], rated.iloc[-1]
    slope_summary = (
        f"Peterborough's {item.rate_per_1000:.1f} per 1,000 is the "
        f"{ordinal(int(item['rank']))} lowest of {int(item.n_ranked)} "
        f"({QUARTILE_NAMES[int(item.quartile)]}); rates run from "
        f"{lowest.rate_per_1000:.1f} ({lowest.area_name}) to "
        f"{highest.rate_per_1000:.1f} ({highest.area_name})."
    )
    slope_table = ranked.assign(
        quartile=ranked.quartile.astype("Int64"), rank=ranked["rank"].astype("Int64")
    )
    slope_rows = grid_parts(
        slope_table,
        [
            ("rank", "Rank (1 = lowest)"),
            ("area_name", "Area"),
            ("offence_count", "Offences"),
            ("population", "Population"),
            ("rate_per_1000", "Per 1,000"),
            ("quartile", "Quartile"),
            ("region_name", "Region"),
            ("pfa_name", "Police force area"),
            ("excluded_reason", "Not ranked because"),
            ("is_demo", "Real or demo"),
        ],
    )
    funnel_table = rated.copy()
    reference = national_rate if national_rate is not None else 0.0
    funnel_table["position"] = funnel_positions(
        funnel_table.offence_count, funnel_table.population, reference
    )
    counts = funnel_table.position.value_counts()
    above = int(counts.get("above the 99.8% limit", 0))
    below = int(counts.get("below the 99.8% limit", 0))
    own = funnel_table.loc[funnel_table.area_code == PETERBOROUGH, "position"].iloc[0]
    funnel_summary = (
        f"Of {len(funnel_table)} areas, {above} are above the 99.8% limit around the "
        f"England and Wales rate of {reference:.1f} and {below} below it; "
        f"Peterborough ({item.rate_per_1000:.1f}) is {own}."
    )
    funnel_rows = grid_parts(
        funnel_table,
        [
            ("area_name", "Area"),
            ("population", "Population"),
            ("offence_count", "Offences"),
            ("rate_per_1000", "Per 1,000"),
            ("position", "Against the limits"),
        ],
    )
    return (
        rank_sentence(item, choice, view.peer_text),
        distance_sentence(
            distance,
            area_name=str(item.area_name),
            count=int(item.offence_count),
            population=int(item.population),
            population_year=population_year,
            national_rate=national_rate,
        ),
        slope_summary,
        figures.ski_slope_figure(
            ranked, highlight=PETERBOROUGH, reference_rate=national_rate
        ),
        source,
        *slope_rows,
        funnel_summary,
        figures.funnel_figure(
            funnel_table, highlight=PETERBOROUGH, reference_rate=national_rate
        ),
        source + " Limits: exact Poisson 95% and 99.8% around England and Wales.",
        *funnel_rows,
    )


def group_rates(view: ViewData, codes: set[str] | None, name: str) -> pd.DataFrame:
    """Weighted rate of a set of areas in each period up to the chosen one: total
    offences over total population (areas without a population are left out of
    both, as in ``weighted_rate``)."""
    panel = (
        view.panel if codes is None else view.panel[view.panel.area_code.isin(codes)]
    )
    panel = panel[panel.period_end <= view.choice.period_end]
    population = pd.to_numeric(panel.population, errors="coerce")
    counts = pd.to_numeric(panel.offence_count, errors="coerce")
    usable = population > 0
    sums = (
        pd.DataFrame(
            {
                "period_end": panel.period_end,
                "offence_count": counts,
                "population": population,
                "usable_count": counts.where(usable, 0),
                "usable_population": population.where(usable, 0),
            }
        )
        .groupby("period_end", sort=True)
        .sum()
    )
    rate = 1000.0 * sums.usable_count / sums.usable_population
    return pd.DataFrame(
        {
            "period_end": sums.index,
            "series": name,
            "offence_count": sums.offence_count.astype("int64").to_numpy(),
            "population": sums.population.astype("int64").to_numpy(),
            "rate_per_1000": rate.where(sums.usable_population > 0).to_numpy(),
        }
    )


def trend_table(view: ViewData, full_panel: pd.DataFrame) -> pd.DataFrame:
    """Columns period_end, series, offence_count, population, rate_per_1000,
    change_pct (against the same period a year earlier)."""
    end = view.choice.period_end
    own = full_panel[
        (full_panel.area_code == PETERBOROUGH) & (full_panel.period_end <= end)
    ]
    parts = [
        pd.DataFrame(
            {
                "period_end": own.period_end,
                "series": "Peterborough",
                "offence_count": own.offence_count,
                "population": own.population,
                "rate_per_1000": 1000.0 * own.offence_count / own.population,
            }
        )
    ]
    national = view.national[view.national.period_end <= end]
    parts.append(
        pd.DataFrame(
            {
                "period_end": national.period_end,
                "series": "England and Wales",
                "offence_count": national.offence_count,
                "population": national.population,
                "rate_per_1000": 1000.0 * national.offence_count / national.population,
            }
        )
    )
    msg_codes = set(view.msg_members.member_code)
    msg_view = replace(view, panel=full_panel)
    if msg_codes:
        parts.append(group_rates(msg_view, msg_codes, "Most similar group average"))
    if view.choice.peer in ("region", "pfa"):
        parts.append(
            group_rates(view, None, view.peer_text.replace("CSPs in the", "Average:"))
        )
    table = pd.concat([part for part in parts if not part.empty], ignore_index=True)
    table["period_end"] = pd.to_datetime(table.period_end).dt.date
    prior = table.assign(
        period_end=[date(d.year + 1, d.month, d.day) for d in table.period_end]
    )[["period_end", "series", "rate_per_1000"]].rename(
        columns={"rate_per_1000": "prior_rate"}
    )
    table = table.merge(prior, on=["period_end", "series"], how="left")
    table["change_pct"] = [
        percent_change(now, then)
        for now, then in zip(table.rate_per_1000, table.prior_rate, strict=True)
    ]
    return table.drop(columns="prior_rate").sort_values(
        ["series", "period_end"], ignore_index=True
    )


def all_period_tables(
    engine: Engine, view: ViewData
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Peterborough's rank in every period and the trend table over every period,
    for the view's offence group and peer set; kept per data version (a view of
    an earlier period shows the rows up to it)."""
    last = max(set(view.full.period_end) | {view.choice.period_end})
    whole = replace(view, choice=replace(view.choice, period_end=last))
    key = (
        "quartile.tables",
        view.choice.offence,
        view.choice.peer,
        view.peer_text,
        view.peers,
    )
    return kept(
        engine,
        key,
        lambda: (
            history_from_ranked(view.ranked, PETERBOROUGH),
            trend_table(whole, view.full),
        ),
    )


def history_content(
    engine: Engine, offence: str | None, period: str | None, peer: str | None
) -> tuple:
    """The quartile-history and trend sections (five outputs each)."""
    try:
        view = load_view(engine, offence, period, peer)
        breaks = queries.series_breaks(engine, offence_code=view.choice.offence)
    except DataUnavailableError as error:
        return (*error_section(str(error)), *error_section(str(error)))
    choice = view.choice
    upto = view.panel[view.panel.period_end <= choice.period_end]
    every_history, every_trend = all_period_tables(engine, view)
    history = every_history[every_history.period_end <= choice.period_end]
    history = history.reset_index(drop=True)
    crime_ids = sorted(set(upto.dataset_id))
    years = sorted({int(y) for y in upto.population_year.dropna()})
    first_end = min(upto.period_end) if len(upto) else choice.period_end
    span = f"12-month periods ending {first_end:%B %Y} to {choice.period_end:%B %Y}"
    demo_periods = sorted(set(upto.loc[upto.is_demo, "period_end"]))
    demo_note = (
        f"periods to {demo_periods[-1]:%B %Y} are DEMO data" if demo_periods else ""
    )
    source = source_line(
        view.datasets,
        [*crime_ids, *(f"ons_population_mid{y}" for y in years)],
        period_text=span,
        population_years=years,
        as_at=choice.period_end,
        extra=demo_note,
    )
    if history.empty:
        history_summary = f"Peterborough has no rank among {view.peer_text}."
    else:
        first, last = history.iloc[0], history.iloc[-1]
        in_q4 = int((history.quartile == 4).sum())
        history_summary = (
            f"Among {view.peer_text}, Peterborough was in the highest-rate quartile in "
            f"{in_q4} of {len(history)} periods; from {first.period_end:%B %Y} to "
            f"{last.period_end:%B %Y} it moved from rank {int(first['rank'])} to "
            f"{int(last['rank'])} of {int(last.n_ranked)} (quartile "
            f"{int(first.quartile)} to {int(last.quartile)})."
        )
    history_rows = grid_parts(
        history,
        [
            ("period_end", "12 months ending"),
            ("offence_count", "Offences"),
            ("population", "Population"),
            ("rate_per_1000", "Per 1,000"),
            ("rank", "Rank (1 = lowest)"),
            ("n_ranked", "Areas ranked"),
            ("percentile", "Percentile"),
            ("quartile", "Quartile"),
            ("is_demo", "Real or demo"),
        ],
    )
    trend = every_trend[every_trend.period_end <= choice.period_end]
    trend = trend.reset_index(drop=True)
    prior_end = date(
        choice.period_end.year - 1, choice.period_end.month, choice.period_end.day
    )

    def rate_at(series: str, when: date) -> float | None:
        rows = trend[(trend.series == series) & (trend.period_end == when)]
        return None if rows.empty else float(rows.rate_per_1000.iloc[0])

    prior_demo = bool(
        view.national.loc[view.national.period_end == prior_end, "is_demo"].any()
    )
    trend_summary = fallen_faster_sentence(
        area_name="Peterborough",
        now=rate_at("Peterborough", choice.period_end),
        then=rate_at("Peterborough", prior_end),
        national_now=rate_at("England and Wales", choice.period_end),
        national_then=rate_at("England and Wales", prior_end),
        period_end=choice.period_end,
        prior_end=prior_end,
        prior_is_demo=prior_demo,
    )
    shown_breaks = breaks[
        pd.to_datetime(breaks.break_date).dt.date.between(first_end, choice.period_end)
    ]
    break_note = "; ".join(
        f"series break {format_day(row.break_date)}: {row.description}"
        for row in shown_breaks.itertuples()
    )
    trend_rows = grid_parts(
        trend,
        [
            ("period_end", "12 months ending"),
            ("series", "Series"),
            ("offence_count", "Offences"),
            ("population", "Population"),
            ("rate_per_1000", "Per 1,000"),
            ("change_pct", "% change on a year earlier"),
        ],
    )
    return (
        history_summary,
        figures.quartile_history_figure(history, area_name="Peterborough"),
        source,
        *history_rows,
        trend_summary,
        figures.trend_figure(
            trend,
            shown_breaks,
            demo_until=demo_periods[-1] if demo_periods else None,
        ),
        source + (" " + break_note[0].upper() + break_note[1:] if break_note else ""),
        *trend_rows,
    )


def msg_table(view: ViewData) -> tuple[pd.DataFrame, float | None]:
    """Each MSG member's rate, 95% interval and verdict against the group's
    weighted average, and that average."""
    codes = set(view.msg_members.member_code)
    latest = view.latest
    members = latest[latest.area_code.isin(codes) & latest.population.notna()]
    group_rate = weighted_rate(members.offence_count, members.population)
    rows = []
    for item in members.itertuples():
        low, high = poisson_rate_interval(item.offence_count, item.population)
        rows.append(
            {
                "area_code": item.area_code,
                "area_name": item.area_name,
                "offence_count": int(item.offence_count),
                "population": int(item.population),
                "rate_per_1000": 1000.0 * item.offence_count / item.population,
                "ci_low": low,
                "ci_high": high,
                "significance": compare_to_reference(
                    item.offence_count, item.population, group_rate
                ),
            }
        )
    return pd.DataFrame(rows), group_rate


def msg_content(
    engine: Engine, offence: str | None, period: str | None, peer: str | None
) -> tuple:
    """The most-similar-group section (five outputs)."""
    try:
        # The group does not depend on the peer choice: always read every area.
        view = load_view(engine, offence, period, "all")
    except DataUnavailableError as error:
        return error_section(str(error))
    if view.msg_members.empty:
        return error_section("No most similar group is loaded for Peterborough.")
    table, group_rate = msg_table(view)
    if table.empty or PETERBOROUGH not in set(table.area_code):
        message = "Peterborough's group has no rates for this choice."
        return message, empty_figure(message), "", [], []
    member_ids = view.msg_members
    official = bool(member_ids.is_official.astype(bool).all())
    msg_dataset = view.datasets[view.datasets.dataset_id.str.startswith("msg_")]
    group_demo = bool(msg_dataset.is_demo.any())
    note = (
        "Home Office most similar group"
        if official
        else "Group computed by this project from IMD 2019 and population, "
        "not the Home Office iQuanta group"
    )
    if group_demo:
        note = "DEMO group membership. " + note
    own = table[table.area_code == PETERBOROUGH].iloc[0]
    counts = table.significance.value_counts()
    summary = (
        f"Peterborough's rate, {own.rate_per_1000:.1f} (95% interval "
        f"{own.ci_low:.1f} to {own.ci_high:.1f}), is {own.significance} "
        f"{'from' if own.significance == NOT_SIGNIFICANT else 'than'} its "
        f"group's average of {group_rate:.1f}; of {len(table)} members, "
        f"{int(counts.get(HIGHER, 0))} are significantly higher, "
        f"{int(counts.get(LOWER, 0))} significantly lower and "
        f"{int(counts.get(NOT_SIGNIFICANT, 0))} not significantly different."
    )
    latest = view.latest
    crime_ids = sorted(set(latest.dataset_id))
    year = int(latest.population_year.dropna().iloc[0])
    source = source_line(
        view.datasets,
        [*crime_ids, f"ons_population_mid{year}", *msg_dataset.dataset_id],
        period_text=view.choice.period_text,
        population_years=[year],
        as_at=view.choice.period_end,
        extra="test: the group average outside a member's exact Poisson 95% interval",
    )
    rows = grid_parts(
        table.sort_values("rate_per_1000"),
        [
            ("area_name", "Area"),
            ("offence_count", "Offences"),
            ("population", "Population"),
            ("rate_per_1000", "Per 1,000"),
            ("ci_low", "95% lower"),
            ("ci_high", "95% upper"),
            ("significance", "Against the group average"),
        ],
    )
    figure = figures.msg_figure(
        table, highlight=PETERBOROUGH, group_rate=group_rate, group_note=note
    )
    return summary, figure, source, *rows


def period_controls(engine: Engine, state: dict | None) -> tuple:
    """Period dropdown options and value, and a message for an unloaded period."""
    state = state or {}
    try:
        periods = crime.crime_periods(engine)
    except DataUnavailableError as error:
        return [], None, data_error(str(error))
    if periods.empty:
        return [], None, data_error("No recorded crime data has been loaded.")
    periods["period_end"] = pd.to_datetime(periods.period_end).dt.date
    real = periods.loc[~periods.is_demo, "period_end"]
    default = real.max() if len(real) else periods.period_end.max()
    chosen, message = choose_period(
        state.get("period"), list(periods.period_end), default
    )
    options = [
        {
            "label": f"{end:%B %Y}" + (" (DEMO)" if demo else ""),
            "value": end.isoformat(),
        }
        for end, demo in zip(
            periods.period_end[::-1], periods.is_demo[::-1], strict=True
        )
    ]
    alert = dbc_alert(message) if message else None
    return options, chosen.isoformat(), alert


def dbc_alert(message: str) -> html.Div:
    """A plain warning box for a link that asked for something not loaded."""
    return html.Div(message, className="alert alert-warning quartile-message")


# ---------------------------------------------------------------- overview tile


def quartile_tiles(engine: Engine) -> list:
    """Overview tile: how far Peterborough is from leaving its quartile (real data)."""
    view = load_view(engine, "total", None, "all")
    ranked = latest_ranked(view)
    row = ranked[(ranked.area_code == PETERBOROUGH) & ranked["rank"].notna()]
    if row.empty:
        return [data_error("Peterborough is missing from the recorded crime table.")]
    item = row.iloc[0]
    distance = distance_to_next_quartile(ranked, PETERBOROUGH)
    if distance.quartile == 1:
        value, unit = "Quartile 1", "already the lowest-rate quartile"
        details = []
    else:
        value = f"{distance.offences_fewer:,}"
        unit = "fewer offences a year"
        details = [
            f"would move Peterborough from quartile {distance.quartile} into "
            f"quartile {distance.target_quartile} ({distance.percent_reduction:.1f}% "
            f"fewer, to {distance.boundary_rate:.1f} per 1,000).",
        ]
    return [
        headline_tile(
            label=f"To leave the {QUARTILE_NAMES[distance.quartile]}, "
            f"{view.choice.period_text}",
            value=value,
            unit=unit,
            details=[
                *details,
                f"At the ONS mid-{int(item.population_year)} population; rank 1 = "
                "lowest rate.",
            ],
            link=("Crime against the national quartile", PAGE_PATH),
            demo=bool(item.is_demo),
        )
    ]


# ---------------------------------------------------------------- wiring


def _section_outputs(chart: str) -> list[Output]:
    return [
        Output(ids.quartile_part("summary", chart), "children"),
        Output(ids.quartile_part("figure", chart), "figure"),
        Output(ids.quartile_part("source", chart), "children"),
        Output(ids.quartile_part("grid", chart), "rowData"),
        Output(ids.quartile_part("grid", chart), "columnDefs"),
    ]


def _controls() -> list[Input]:
    return [
        Input(ids.Quartile.OFFENCE, "value"),
        Input(ids.Quartile.PERIOD, "value"),
        Input(ids.Quartile.PEER, "value"),
    ]


def _needs_period(function):  # type: ignore[no-untyped-def]
    def wrapper(offence, period, peer):  # type: ignore[no-untyped-def]
        if period is None:
            raise PreventUpdate
        return function(offence, period, peer)

    return wrapper


def register(app: Dash, engine: Engine) -> None:
    """Wire the quartile view's callbacks."""
    app.callback(
        Output(ids.Quartile.PERIOD, "options"),
        Output(ids.Quartile.PERIOD, "value"),
        Output(ids.Quartile.PERIOD_MESSAGE, "children"),
        Input(ids.Quartile.STATE, "data"),
    )(lambda state: period_controls(engine, state))
    app.callback(
        Output(ids.Quartile.RANK_SENTENCE, "children"),
        Output(ids.Quartile.DISTANCE_SENTENCE, "children"),
        *_section_outputs("slope"),
        *_section_outputs("funnel"),
        *_controls(),
    )(_needs_period(lambda o, p, s: ranking_content(engine, o, p, s)))
    app.callback(
        *_section_outputs("history"),
        *_section_outputs("trend"),
        *_controls(),
    )(_needs_period(lambda o, p, s: history_content(engine, o, p, s)))
    app.callback(
        *_section_outputs("msg"),
        *_controls(),
    )(_needs_period(lambda o, p, s: msg_content(engine, o, p, s)))
    app.callback(
        Output(ids.quartile_part("grid", MATCH), "exportDataAsCsv"),
        Input(ids.quartile_part("csv", MATCH), "n_clicks"),
        prevent_initial_call=True,
    )(lambda _clicks: True)
    # The URL follows the controls without reloading the page, so a copied link
    # reproduces the view.
    app.clientside_callback(
        """
        function(offence, period, peer) {
            if (!period || window.location.pathname !== '/crime-quartile') {
                return window.dash_clientside.no_update;
            }
            const query = '?offence=' + encodeURIComponent(offence) +
                '&period=' + encodeURIComponent(period) +
                '&peer=' + encodeURIComponent(peer);
            if (window.location.search !== query) {
                window.history.replaceState(null, '', window.location.pathname + query);
            }
            return query;
        }
        """,
        Output(ids.Quartile.URL_SYNC, "data"),
        *_controls(),
    )
