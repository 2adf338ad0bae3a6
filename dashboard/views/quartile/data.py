"""The quartile page's data: the frames read through data_access (kept in the one
memo), and pure ``compute_*`` functions that turn plain frames and the choice into
what each section shows. No Dash.

The three section callbacks (and the Overview tile) fire together and each needs
the same all-period panel and its rankings: they are read and ranked once per
data version and offence group (and peer set, for the rankings).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.denominator import ons_rate_sentence, ons_series_sentence
from dashboard.figures import quartile as figures
from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import empty_figure
from dashboard.memo import kept
from dashboard.metrics.funnel import (
    ABOVE_OUTER,
    BELOW_OUTER,
    WITHIN,
    Dispersion,
    compare_to_reference,
    estimate_dispersion,
    funnel_positions,
    rate_range,
)
from dashboard.metrics.headline import CrimeHeadline, crime_headline
from dashboard.metrics.quartile import (
    QuartileDistance,
    distance_to_next_quartile,
    history_from_ranked,
    percent_change,
    rank_areas,
    rank_by_period,
    rank_uncertainty,
    weighted_rate,
    weighted_rates_by_period,
)
from dashboard.metrics.rates import rate_per_1000
from dashboard.metrics.trend import compare_trends, comparison_periods
from dashboard.ui.export import exported
from dashboard.views.quartile import text
from dashboard.views.quartile.state import (
    Choice,
    choose_period,
    make_choice,
    safe_offence,
    twelve_months_text,
)
from data_access.engine import DataUnavailableError
from data_access.queries import crime, meta
from data_access.queries import quartile as queries
from domain.areas import PETERBOROUGH_CSP
from domain.offences import OFFENCE_BY_CODE

PAGE_PATH = "/crime-quartile"

SLOPE_COLUMNS = [
    ("rank", "Rank (1 = lowest)"),
    ("area_name", "Area"),
    ("offence_count", "Offences"),
    ("population", "Population"),
    ("population_year", "ONS estimate (mid-year)"),
    ("rate_per_1000", "Per 1,000"),
    ("quartile", "Quartile"),
    ("region_name", "Region"),
    ("pfa_name", "Police force area"),
    ("excluded_reason", "Not ranked because"),
    ("is_demo", "Real or demo"),
]
FUNNEL_COLUMNS = [
    ("area_name", "Area"),
    ("population", "Population"),
    ("population_year", "ONS estimate (mid-year)"),
    ("offence_count", "Offences"),
    ("rate_per_1000", "Per 1,000"),
    ("position", "Against the limits"),
]
HISTORY_COLUMNS = [
    ("period_end", "12 months ending"),
    ("offence_count", "Offences"),
    ("population", "Population"),
    ("rate_per_1000", "Per 1,000"),
    ("rank", "Rank (1 = lowest)"),
    ("n_ranked", "Areas ranked"),
    ("percentile", "Percentile"),
    ("quartile", "Quartile"),
    ("is_demo", "Real or demo"),
]
TREND_COLUMNS = [
    ("period_end", "12 months ending"),
    ("series", "Series"),
    ("offence_count", "Offences"),
    ("population", "Population"),
    ("rate_per_1000", "Per 1,000"),
    ("change_pct", "% change on a year earlier"),
]
MSG_COLUMNS = [
    ("area_name", "Area"),
    ("offence_count", "Offences"),
    ("population", "Population"),
    ("rate_per_1000", "Per 1,000"),
    ("ci_low", "95% lower"),
    ("ci_high", "95% upper"),
    ("significance", "Against the group average"),
]


# ---------------------------------------------------------------- views


@dataclass(frozen=True)
class Section:
    """One chart section: summary, figure, source line and its 'show data' table
    (AG Grid rowData and columnDefs, plain dicts)."""

    summary: str
    figure: FigureSpec
    source: str = ""
    rows: list[dict] = field(default_factory=list)
    columns: list[dict] = field(default_factory=list)
    failed: bool = False  # the summary is an error, shown as an error box
    method: str = ""  # how it is worked out, notation and all, behind a disclosure
    csv: dict = field(default_factory=dict)  # the grid's csvExportParams


def failed_section(message: str) -> Section:
    """A section when its data is unavailable."""
    return Section(message, empty_figure("Data unavailable"), failed=True)


@dataclass(frozen=True)
class RankingView:
    """The rank and distance sentences, then the ski slope and funnel sections."""

    rank: text.RankSentence | str
    distance: str
    slope: Section
    funnel: Section
    failed: bool = False  # ``rank`` is an error, shown as an error box


@dataclass(frozen=True)
class HistoryView:
    """The quartile-history and trend sections."""

    history: Section
    trend: Section


@dataclass(frozen=True)
class PeriodsView:
    """The period dropdown's options and value, and a message about the link."""

    options: list[dict]
    value: str | None
    message: str | None
    failed: bool = False  # ``message`` is an error, shown as an error box


@dataclass(frozen=True)
class TileView:
    """The Overview tile."""

    text: text.TileText
    is_demo: bool


@dataclass(frozen=True)
class SlideView:
    """The board's quartile slide: the headline and the areas ranked."""

    headline: CrimeHeadline | None
    ranked: pd.DataFrame
    trend: text.TrendText = text.TrendText("")  # "fallen faster than national?"
    uncertainty: str = ""  # the page's sentence on chance and the quartile


# ---------------------------------------------------------------- frames


@dataclass(frozen=True)
class PanelData:
    """The queries behind every section for one offence group, all periods."""

    full: pd.DataFrame  # every area, every period
    national: pd.DataFrame
    msg_members: pd.DataFrame
    datasets: pd.DataFrame


@dataclass(frozen=True)
class Frames:
    """What every section needs for one choice: the panel cut to the peer set."""

    choice: Choice
    panel: pd.DataFrame  # all periods, peer set only
    national: pd.DataFrame
    msg_members: pd.DataFrame
    datasets: pd.DataFrame
    peer_text: str
    full: pd.DataFrame  # all periods, every area
    peers: tuple[str, ...] | None = None  # the peer set's area codes (None: all)

    @property
    def latest(self) -> pd.DataFrame:
        """The peer set in the chosen period."""
        return self.panel[self.panel.period_end == self.choice.period_end]

    @property
    def national_rate(self) -> float | None:
        """England and Wales' rate in the chosen period, if loaded."""
        rows = self.national[self.national.period_end == self.choice.period_end]
        if rows.empty:
            return None
        return rate_per_1000(rows.offence_count.iloc[0], rows.population.iloc[0])

    @property
    def national_dispersion(self) -> Dispersion:
        """How much every ranked area in England and Wales varies around the
        national rate in the chosen period (whatever the peer set), and the
        limits the choice asks for."""
        every = self.full[self.full.period_end == self.choice.period_end]
        every = every[every.excluded_reason.isna()]
        return estimate_dispersion(
            every.offence_count,
            every.population,
            self.national_rate,
            self.choice.limits,
        )


def _read_panel(engine: Engine, offence: str) -> PanelData:
    return PanelData(
        full=queries.rate_area_panel(engine, offence_code=offence),
        national=queries.national_panel(engine, offence_code=offence),
        msg_members=crime.most_similar_group(engine, group_code=PETERBOROUGH_CSP),
        datasets=meta.datasets(engine),
    )


def panel_data(engine: Engine, offence: str) -> PanelData:
    """The offence group's panel, kept while the data version is unchanged (read
    afresh every time when the engine has no query cache)."""
    return kept(
        engine, ("quartile.panel", offence), lambda: _read_panel(engine, offence)
    )


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


def frames_for(
    data: PanelData,
    offence: str | None,
    period: str | None,
    peer: str | None,
    limits: str | None = None,
) -> Frames:
    """Make the choice safe against the panel and cut the panel to the peer set."""
    full = data.full
    choice = make_choice(offence, period, peer, full, limits)
    latest = full[full.period_end == choice.period_end]
    codes = peer_codes(latest, choice.peer, data.msg_members, PETERBOROUGH_CSP)
    return Frames(
        choice=choice,
        panel=full if codes is None else full[full.area_code.isin(codes)],
        national=data.national,
        msg_members=data.msg_members,
        datasets=data.datasets,
        peer_text=text.peer_label(choice.peer, latest, PETERBOROUGH_CSP),
        full=full,
        peers=None if codes is None else tuple(sorted(codes)),
    )


def load_frames(
    engine: Engine,
    offence: str | None,
    period: str | None,
    peer: str | None,
    limits: str | None = None,
) -> Frames:
    """The kept panel of the (safe) offence group, cut to the choice."""
    return frames_for(
        panel_data(engine, safe_offence(offence)), offence, period, peer, limits
    )


def ranked_periods(engine: Engine, frames: Frames) -> dict[date, pd.DataFrame]:
    """``rank_by_period`` of the peer-set panel, kept like ``panel_data``."""
    key = ("quartile.rankings", frames.choice.offence, frames.peers)
    return kept(engine, key, lambda: rank_by_period(frames.panel))


def latest_ranked(engine: Engine, frames: Frames) -> pd.DataFrame:
    """The peer set ranked in the chosen period."""
    ranked = ranked_periods(engine, frames).get(frames.choice.period_end)
    return rank_areas(frames.latest) if ranked is None else ranked


# ---------------------------------------------------------------- tables


TWO_DECIMALS = {
    "function": "params.value == null ? '' : d3.format('.2~f')(params.value)"
}


def with_export(
    section: Section,
    chart: str,
    frames: Frames,
    *,
    period: str | list[str],
    is_demo: bool | list[bool],
) -> Section:
    """The section with what its CSV needs (``dashboard.ui.export``): each row's
    measure, period, source and data_status, and a file named after the chart and
    the end of the chosen period."""
    export = exported(
        section.rows,
        section.columns,
        view=f"crime-quartile-{chart}",
        period_end=frames.choice.period_end,
        measure=f"{frames.choice.offence_name}: offences per 1,000 residents",
        period=period,
        source=section.source,
        is_demo=is_demo,
    )
    return replace(section, rows=export.rows, columns=export.columns, csv=export.csv)


def _per_row(table: pd.DataFrame) -> dict:
    """Each row's own 12 months and real-or-demo, for ``with_export``."""
    return {
        "period": [twelve_months_text(end) for end in table.period_end],
        "is_demo": [bool(flag) for flag in table.is_demo],
    }


def grid_parts(
    table: pd.DataFrame, columns: list[tuple[str, str]]
) -> tuple[list[dict], list[dict]]:
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
                # Two decimals on screen; the CSV keeps the number.
                definition["valueFormatter"] = TWO_DECIMALS
        elif pd.api.types.is_bool_dtype(column):
            shown[name] = column.map({True: "DEMO", False: "Real"})
        else:
            shown[name] = column.map(
                lambda value: value.isoformat() if isinstance(value, date) else value
            )
        defs.append(definition)
    shown = shown.astype(object).where(shown.notna(), None)
    return shown.to_dict("records"), defs


def group_rates(frames: Frames, codes: set[str] | None, name: str) -> pd.DataFrame:
    """The weighted rate of a set of areas (None: the peer set) in each period up
    to the chosen one, as the trend table's series ``name``."""
    panel = (
        frames.panel
        if codes is None
        else frames.panel[frames.panel.area_code.isin(codes)]
    )
    rates = weighted_rates_by_period(
        panel[panel.period_end <= frames.choice.period_end]
    )
    rates.insert(1, "series", name)
    return rates


def trend_table(frames: Frames, full_panel: pd.DataFrame) -> pd.DataFrame:
    """Columns period_end, series, offence_count, population, rate_per_1000,
    change_pct (against the same period a year earlier)."""
    end = frames.choice.period_end
    own = full_panel[
        (full_panel.area_code == PETERBOROUGH_CSP) & (full_panel.period_end <= end)
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
    national = frames.national[frames.national.period_end <= end]
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
    msg_codes = set(frames.msg_members.member_code)
    if msg_codes:
        every_area = replace(frames, panel=full_panel)
        parts.append(group_rates(every_area, msg_codes, "Most similar group average"))
    if frames.choice.peer in ("region", "pfa"):
        name = frames.peer_text.replace("CSPs in the", "Average:")
        parts.append(group_rates(frames, None, name))
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
    # A period with any demo count (demo history between the real years) is demo
    # in every series, so the chart marks each such point DEMO.
    demo_rows = pd.concat([full_panel, frames.national])
    demo_ends = set(
        pd.to_datetime(
            demo_rows.loc[demo_rows.is_demo.astype(bool), "period_end"]
        ).dt.date
    )
    table["is_demo"] = table.period_end.isin(demo_ends)
    return table.drop(columns="prior_rate").sort_values(
        ["series", "period_end"], ignore_index=True
    )


def period_tables(
    frames: Frames, ranked: dict[date, pd.DataFrame]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Peterborough's rank in every ranked period, and the trend table over every
    period of the panel."""
    last = max(set(frames.full.period_end) | {frames.choice.period_end})
    whole = replace(frames, choice=replace(frames.choice, period_end=last))
    return history_from_ranked(ranked, PETERBOROUGH_CSP), trend_table(
        whole, frames.full
    )


def all_period_tables(
    engine: Engine, frames: Frames
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``period_tables`` for the choice's offence group and peer set, kept per data
    version (a view of an earlier period shows the rows up to it)."""
    choice = frames.choice
    key = (
        "quartile.tables",
        choice.offence,
        choice.peer,
        frames.peer_text,
        frames.peers,
    )
    return kept(
        engine, key, lambda: period_tables(frames, ranked_periods(engine, frames))
    )


def msg_table(frames: Frames) -> tuple[pd.DataFrame, float | None, Dispersion]:
    """Each MSG member's rate, 95% range and verdict against the group's weighted
    average (the one test, allowing for the variation between the group's
    members unless the choice asks for Poisson limits), the average and the
    group's dispersion."""
    codes = set(frames.msg_members.member_code)
    latest = frames.latest
    members = latest[latest.area_code.isin(codes) & latest.population.notna()]
    group_rate = weighted_rate(members.offence_count, members.population)
    dispersion = estimate_dispersion(
        members.offence_count, members.population, group_rate, frames.choice.limits
    )
    rows = []
    for item in members.itertuples():
        low, high = rate_range(
            int(item.offence_count), item.population, group_rate, dispersion
        )
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
                    item.offence_count, item.population, group_rate, dispersion
                ),
                "period_end": item.period_end,
                "is_demo": bool(item.is_demo),
            }
        )
    return pd.DataFrame(rows), group_rate, dispersion


# ---------------------------------------------------------------- compute


def _own_row(ranked: pd.DataFrame) -> pd.Series | None:
    target = ranked[(ranked.area_code == PETERBOROUGH_CSP) & ranked["rank"].notna()]
    return None if target.empty else target.iloc[0]


def compute_ranking(frames: Frames, ranked: pd.DataFrame) -> RankingView:
    """The rank and distance sentences, ski slope and funnel, from the peer set
    ranked in the chosen period (``rank_areas(frames.latest)``)."""
    choice = frames.choice
    item = _own_row(ranked)
    national_rate = frames.national_rate
    if item is None:
        return RankingView(
            text.NO_RATE, "", failed_section(text.NO_RATE), failed_section(text.NO_RATE)
        )
    distance = distance_to_next_quartile(ranked, PETERBOROUGH_CSP)
    uncertainty = rank_uncertainty(ranked, PETERBOROUGH_CSP)
    population_year = int(item.population_year)
    source = text.source_line(
        frames.datasets,
        [item.dataset_id, f"ons_population_mid{population_year}"],
        period_text=choice.period_text,
        denominator=ons_rate_sentence(
            choice.offence_name, choice.period_end, population_year
        ),
        as_at=choice.period_end,
    )
    rated = ranked[ranked["rank"].notna()]
    slope_table = ranked.assign(
        quartile=ranked.quartile.astype("Int64"), rank=ranked["rank"].astype("Int64")
    )
    slope = Section(
        text.slope_summary(item, rated.iloc[0], rated.iloc[-1]),
        figures.ski_slope_figure(
            ranked, highlight=PETERBOROUGH_CSP, reference_rate=national_rate
        ),
        source,
        *grid_parts(slope_table, SLOPE_COLUMNS),
        method=text.RANK_METHOD + " " + text.rank_range_method(uncertainty),
    )
    slope = with_export(slope, "slope", frames, **_per_row(slope_table))
    funnel_table = rated.copy()
    reference = national_rate if national_rate is not None else 0.0
    dispersion = frames.national_dispersion
    funnel_table["position"] = funnel_positions(
        funnel_table.offence_count, funnel_table.population, reference, dispersion
    )
    positions = funnel_table.position
    own = funnel_table.loc[funnel_table.area_code == PETERBOROUGH_CSP, "position"].iloc[
        0
    ]
    funnel = Section(
        text.funnel_summary(
            dispersion,
            areas=len(funnel_table),
            outside_outer=int(positions.isin([ABOVE_OUTER, BELOW_OUTER]).sum()),
            outside_inner=int((positions != WITHIN).sum()),
            reference=reference,
            rate=item.rate_per_1000,
            own=own,
        ),
        figures.funnel_figure(
            funnel_table,
            highlight=PETERBOROUGH_CSP,
            reference_rate=national_rate,
            dispersion=dispersion,
        ),
        source,
        *grid_parts(funnel_table, FUNNEL_COLUMNS),
        method=text.funnel_method(dispersion),
    )
    funnel = with_export(funnel, "funnel", frames, **_per_row(funnel_table))
    return RankingView(
        text.rank_sentence(item, choice, frames.peer_text),
        text.distance_sentence(
            distance,
            area_name=str(item.area_name),
            count=int(item.offence_count),
            population=int(item.population),
            population_year=population_year,
            national_rate=national_rate,
        )
        + " "
        + text.uncertainty_sentence(uncertainty, str(item.area_name)),
        slope,
        funnel,
    )


def _dataset_title(frames: Frames, when: date) -> str:
    rows = frames.full[
        (frames.full.area_code == PETERBOROUGH_CSP) & (frames.full.period_end == when)
    ]
    titles = frames.datasets.set_index("dataset_id").title
    dataset_id = rows.dataset_id.iloc[0] if len(rows) else None
    if dataset_id in titles.index:
        return str(titles[dataset_id])
    return f"the 12 months to {when:%B %Y}"


def trend_answer(frames: Frames, breaks: pd.DataFrame) -> text.TrendText:
    """The one answer to "has recorded crime fallen faster than the national
    average?" for the chosen period: the stated test (``compare_trends``) between
    the earliest real period a whole number of years before and the chosen one,
    never from demo data unless the answer says DEMO itself. The quartile page and
    the board's quartile slide both show it."""
    end = frames.choice.period_end
    periods = pd.concat(
        [
            frames.full[["period_end", "is_demo"]],
            frames.national[["period_end", "is_demo"]],
        ]
    )
    real_first, any_first = comparison_periods(periods, end)
    first = real_first or any_first
    test = (
        compare_trends(frames.full, frames.national, PETERBOROUGH_CSP, first, end)
        if first is not None
        else None
    )
    if test is None or first is None:
        real = periods.groupby("period_end").is_demo.any()
        return text.TrendText(
            text.no_real_trend(text.AREA_NAME, end, int((~real).sum()))
        )
    start = date(first.year - 1, first.month, first.day)
    inside = breaks[pd.to_datetime(breaks.break_date).dt.date.between(start, end)]
    answer = text.trend_answer(
        test,
        area_name=text.AREA_NAME,
        demo=real_first is None,
        first_source=_dataset_title(frames, first),
        last_source=_dataset_title(frames, end),
        breaks=inside,
    )
    if real_first is None:
        real = periods.groupby("period_end").is_demo.any()
        none = text.no_real_trend(text.AREA_NAME, end, int((~real).sum()))
        return text.TrendText(none + " " + answer.answer, answer.details, answer.method)
    return answer


def compute_history(
    frames: Frames,
    every_history: pd.DataFrame,
    every_trend: pd.DataFrame,
    breaks: pd.DataFrame,
) -> HistoryView:
    """The history and trend sections up to the chosen period, from the tables of
    every period (``period_tables``) and the series breaks."""
    choice = frames.choice
    upto = frames.panel[frames.panel.period_end <= choice.period_end]
    history = every_history[every_history.period_end <= choice.period_end]
    history = history.reset_index(drop=True)
    crime_ids = sorted(set(upto.dataset_id))
    years = sorted({int(y) for y in upto.population_year.dropna()})
    first_end = min(upto.period_end) if len(upto) else choice.period_end
    demo_periods = sorted(set(upto.loc[upto.is_demo, "period_end"]))
    source = text.source_line(
        frames.datasets,
        [*crime_ids, *(f"ons_population_mid{y}" for y in years)],
        period_text=text.history_span(first_end, choice.period_end),
        denominator=ons_series_sentence(
            frames.choice.offence_name, first_end, choice.period_end, years
        ),
        as_at=choice.period_end,
        extra=text.demo_periods_note(demo_periods),
    )
    trend = every_trend[every_trend.period_end <= choice.period_end]
    trend = trend.reset_index(drop=True)
    end = choice.period_end
    # A break inside the first period's 12 months still splits the series: that
    # period mixes the old and new rules.
    shown_breaks = breaks[
        pd.to_datetime(breaks.break_date).dt.date.between(
            date(first_end.year - 1, first_end.month, 1), end
        )
    ]
    answer = trend_answer(frames, breaks)
    history_section = Section(
        text.history_summary(history, frames.peer_text),
        figures.quartile_history_figure(history, area_name=text.AREA_NAME),
        source,
        *grid_parts(history, HISTORY_COLUMNS),
        method=text.RANK_METHOD,
    )
    trend_section = Section(
        answer.answer,
        figures.trend_figure(
            trend,
            shown_breaks,
            demo_until=demo_periods[-1] if demo_periods else None,
        ),
        " ".join(
            filter(None, [text.with_breaks(source, shown_breaks), answer.details])
        ),
        *grid_parts(trend, TREND_COLUMNS),
        method=" ".join(filter(None, [text.TREND_METHOD, answer.method])),
    )
    return HistoryView(
        history=with_export(history_section, "history", frames, **_per_row(history)),
        trend=with_export(trend_section, "trend", frames, **_per_row(trend)),
    )


def compute_msg(frames: Frames) -> Section:
    """The most-similar-group section; the group ignores the peer choice, so pass
    frames of every area."""
    if frames.msg_members.empty:
        return failed_section(text.NO_GROUP)
    table, group_rate, dispersion = msg_table(frames)
    if table.empty or PETERBOROUGH_CSP not in set(table.area_code):
        return Section(text.NO_GROUP_RATES, empty_figure(text.NO_GROUP_RATES))
    official = bool(frames.msg_members.is_official.astype(bool).all())
    datasets = frames.datasets
    msg_dataset = datasets[datasets.dataset_id.str.startswith("msg_")]
    note = text.group_note(official=official, demo=bool(msg_dataset.is_demo.any()))
    table = table.sort_values("rate_per_1000", ignore_index=True)
    own = table[table.area_code == PETERBOROUGH_CSP].iloc[0]
    latest = frames.latest
    crime_ids = sorted(set(latest.dataset_id))
    year = int(latest.population_year.dropna().iloc[0])
    source = text.source_line(
        datasets,
        [*crime_ids, f"ons_population_mid{year}", *msg_dataset.dataset_id],
        period_text=frames.choice.period_text,
        denominator=ons_rate_sentence(
            frames.choice.offence_name, frames.choice.period_end, year
        ),
        as_at=frames.choice.period_end,
        extra=text.msg_method_note(frames.msg_members),
    )
    section = Section(
        text.msg_summary(own, group_rate, table.significance, dispersion),
        figures.msg_figure(
            table,
            highlight=PETERBOROUGH_CSP,
            group_rate=group_rate,
            group_note=note,
            widened=dispersion.widened,
        ),
        source,
        *grid_parts(table, MSG_COLUMNS),
        method=text.msg_method(dispersion),
    )
    return with_export(section, "msg", frames, **_per_row(table))


def compute_periods(periods: pd.DataFrame, requested: str | None) -> PeriodsView:
    """Period options (latest first), the chosen period (the link's if loaded,
    else the latest real one) and a message when the link's was not loaded."""
    if periods.empty:
        return PeriodsView([], None, text.NO_CRIME_LOADED, failed=True)
    periods = periods.assign(period_end=pd.to_datetime(periods.period_end).dt.date)
    real = periods.loc[~periods.is_demo, "period_end"]
    default = real.max() if len(real) else periods.period_end.max()
    chosen, message = choose_period(requested, list(periods.period_end), default)
    options = [
        {"label": text.period_label(end, demo), "value": end.isoformat()}
        for end, demo in zip(
            periods.period_end[::-1], periods.is_demo[::-1], strict=True
        )
    ]
    return PeriodsView(options, chosen.isoformat(), message)


def compute_tile(frames: Frames, ranked: pd.DataFrame) -> TileView | None:
    """The Overview tile (None when Peterborough has no rank)."""
    item = _own_row(ranked)
    if item is None:
        return None
    distance: QuartileDistance = distance_to_next_quartile(ranked, PETERBOROUGH_CSP)
    return TileView(
        text.tile_text(distance, int(item.population_year), frames.choice.period_text),
        is_demo=bool(item.is_demo),
    )


def compute_slide(
    frames: Frames, ranked: pd.DataFrame, breaks: pd.DataFrame | None = None
) -> SlideView:
    """The headline of the chosen period (the Overview's rule), the ranked areas
    behind the ski slope, and the page's sentences on chance and the trend."""
    national = frames.national[frames.national.period_end == frames.choice.period_end]
    headline = crime_headline(frames.latest, national)
    if headline is None:
        return SlideView(None, ranked)
    uncertainty = text.quartile_chance_sentence(
        rank_uncertainty(ranked, PETERBOROUGH_CSP), text.AREA_NAME
    )
    if breaks is None:
        breaks = pd.DataFrame(columns=["break_date", "offence_code", "description"])
    return SlideView(headline, ranked, trend_answer(frames, breaks), uncertainty)


# ---------------------------------------------------------------- read


def read_ranking(
    engine: Engine,
    offence: str | None,
    period: str | None,
    peer: str | None,
    limits: str | None = None,
) -> RankingView:
    """The ranking sections for the controls, or their error."""
    try:
        frames = load_frames(engine, offence, period, peer, limits)
        ranked = latest_ranked(engine, frames)
    except DataUnavailableError as error:
        message = str(error)
        failed = failed_section(message)
        return RankingView(message, "", failed, failed, failed=True)
    return compute_ranking(frames, ranked)


def read_history(
    engine: Engine, offence: str | None, period: str | None, peer: str | None
) -> HistoryView:
    """The history and trend sections for the controls, or their error."""
    try:
        frames = load_frames(engine, offence, period, peer)
        breaks = queries.series_breaks(engine, offence_code=frames.choice.offence)
        every_history, every_trend = all_period_tables(engine, frames)
    except DataUnavailableError as error:
        failed = failed_section(str(error))
        return HistoryView(failed, failed)
    return compute_history(frames, every_history, every_trend, breaks)


def read_msg(
    engine: Engine, offence: str | None, period: str | None, limits: str | None = None
) -> Section:
    """The most-similar-group section for the controls, or its error."""
    try:
        # The group does not depend on the peer choice: always read every area.
        frames = load_frames(engine, offence, period, "all", limits)
    except DataUnavailableError as error:
        return failed_section(str(error))
    return compute_msg(frames)


def read_periods(engine: Engine, requested: str | None) -> PeriodsView:
    """The period dropdown for the link's period, or its error."""
    try:
        periods = crime.crime_periods(engine)
    except DataUnavailableError as error:
        return PeriodsView([], None, str(error), failed=True)
    return compute_periods(periods, requested)


def read_tile(engine: Engine) -> TileView | None:
    """The Overview tile for total recorded crime, latest real period, all CSPs
    (errors propagate: the Overview shows them in the tile's place)."""
    frames = load_frames(engine, "total", None, "all")
    return compute_tile(frames, latest_ranked(engine, frames))


def read_slide(engine: Engine, offence: str, period_end: date) -> SlideView:
    """The slide for one offence group and exactly ``period_end`` among all CSPs:
    no headline when that period is not loaded (the board names its own period,
    so it must not fall back to the latest as a link does)."""
    frames = load_frames(engine, offence, period_end.isoformat(), "all")
    if frames.choice.period_end != period_end:
        return SlideView(None, frames.latest.iloc[0:0])
    breaks = queries.series_breaks(engine, offence_code=frames.choice.offence)
    return compute_slide(frames, latest_ranked(engine, frames), breaks)


def warm(engine: Engine) -> None:
    """Read and rank every offence group's panel for all of England and Wales, and
    its history and trend tables, so that the first view of any offence after a
    reload finds them ready."""
    for offence in OFFENCE_BY_CODE:
        all_period_tables(engine, load_frames(engine, offence, None, "all"))
