"""The sector maps' data: the reads (through data_access, kept in the one memo)
and the pure computations tests call with plain frames.

``compute_figures`` turns one measure and period's frames into the area table;
``compute_map`` joins it to the outlines for the map, labels, table and hotspots;
``compute_panel`` makes one ward's panel; ``compute_tile`` the Overview tile.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.figures import maps as mapfig
from dashboard.memo import kept
from dashboard.metrics import maps as m
from dashboard.ui.export import Export, exported
from dashboard.views.maps import state
from dashboard.views.maps import text as t
from data_access.engine import DataUnavailableError
from data_access.queries import local
from data_access.queries import maps as q
from domain.areas import PETERBOROUGH_LAD
from domain.dates import latest_run, month_end
from domain.population import population_year

CITY = PETERBOROUGH_LAD
EMPTY = {"type": "FeatureCollection", "features": []}


@dataclass
class AreaFigures:
    """Everything the map, cards and table need for one measure and period."""

    measure: m.Measure
    period: m.Period
    table: pd.DataFrame  # area_code, area_name, area_kind, value, count, base, ...
    level: str  # ward or sector: where the values come from
    base_label: str  # what the count/base column means
    denominator: str  # words for the denominator
    source: str
    extra_note: str = ""
    population_year: int | None = None  # incident measures: the estimate used
    source_name: str = ""  # the source without its period (a trend's other periods)


@dataclass(frozen=True)
class FigureFrames:
    """The frames one measure and period's figures come from (only the ones its
    kind needs are set)."""

    mapping: pd.DataFrame  # ward_code, ward_name, sector_code, sector_name, ...
    counts: pd.DataFrame | None = None  # incidents by ward: area_code, incidents
    previous_counts: pd.DataFrame | None = None  # the same a year earlier
    populations: pd.DataFrame | None = None  # area_code, area_name, kind, population
    population_year: int | None = None
    survey_results: pd.DataFrame | None = None  # survey_area_results
    kpi_values: pd.DataFrame | None = None  # sector_kpi_values


@dataclass(frozen=True)
class PeriodMenu:
    """The period dropdown for a measure and the link's period, and what to say
    about it (``failed``: the message is an error)."""

    options: list[dict]
    value: str | None
    message: str | None
    failed: bool = False


@dataclass(frozen=True)
class PlaceMenu:
    """The sector dropdown, the link's sector and ward once checked, and what to
    say about them (``failed``: the message is an error)."""

    options: list[dict]
    sector: str
    ward: str | None
    message: str | None
    failed: bool = False


def place_menu(engine: Engine, request: dict | None) -> PlaceMenu:
    """Sector options, the URL's sector and ward if they exist, a plain message if
    not."""
    try:
        mapping = local.ward_sectors(engine)
    except DataUnavailableError as error:
        return PlaceMenu([state.WHOLE_CITY], "", None, str(error), failed=True)
    sectors = mapping[["sector_code", "sector_name"]].drop_duplicates()
    place = state.choose_place(sectors, mapping.ward_code, request)
    return PlaceMenu(
        state.sector_options(sectors), place.sector, place.ward, place.message
    )


def period_menu(engine: Engine, measure_key: str, requested: str | None) -> PeriodMenu:
    """Period options, the chosen period key and a message if the link's period
    was not found or the measure has no figures."""
    measure, _ = state.choose_measure(measure_key)
    try:
        periods = periods_for(engine, measure)
    except DataUnavailableError as error:
        return PeriodMenu([], None, str(error), failed=True)
    period, message = state.choose_period(periods, requested)
    options = [{"label": p.label, "value": p.key} for p in periods]
    if period is None:
        return PeriodMenu(options, None, t.no_figures(measure.label))
    return PeriodMenu(options, period.key, message)


def periods_for(engine: Engine, measure: m.Measure) -> list[m.Period]:
    """The periods this measure has figures for."""
    if measure.kind == "incidents":
        return m.incident_periods(
            q.incident_months(engine, categories=list(measure.categories))
        )
    if measure.kind == "survey":
        return m.survey_periods(
            q.survey_area_results(engine, question_code=measure.question)
        )
    values = q.sector_kpi_values(engine)
    return m.kpi_periods(m.kpi_family_values(values, measure.kpi_family))


def read_frames(engine: Engine, measure: m.Measure, period: m.Period) -> FigureFrames:
    """Read what ``compute_figures`` needs for this measure and period."""
    mapping = local.ward_sectors(engine)
    if measure.kind == "survey":
        results = q.survey_area_results(engine, question_code=measure.question)
        return FigureFrames(mapping, survey_results=results)
    if measure.kind == "kpi":
        return FigureFrames(mapping, kpi_values=q.sector_kpi_values(engine))
    year, populations = _populations(engine, period.end)
    if populations is None or populations.empty:
        raise DataUnavailableError("No ward population estimates are loaded.")
    return FigureFrames(
        mapping,
        counts=_incident_counts(engine, measure, period.start, period.end),
        previous_counts=_incident_counts(engine, measure, *period.previous)
        if period.previous
        else None,
        populations=populations,
        population_year=year,
    )


def _populations(
    engine: Engine, period_end: date
) -> tuple[int | None, pd.DataFrame | None]:
    # A period of months ends on its last month's last day (the one rule, as for
    # the ONS 12-month periods).
    year = population_year(month_end(period_end), local.ward_population_years(engine))
    return year, local.local_population(engine, year=year) if year else None


def _incident_counts(
    engine: Engine, measure: m.Measure, start: date, end: date
) -> pd.DataFrame:
    return local.incident_counts(
        engine, start_month=start, end_month=end, categories=list(measure.categories)
    )


def area_frame(mapping: pd.DataFrame) -> pd.DataFrame:
    """area_code, area_name, area_kind for the wards, sectors and the city."""
    wards = mapping[["ward_code", "ward_name"]].rename(
        columns={"ward_code": "area_code", "ward_name": "area_name"}
    )
    wards["area_kind"] = "ward"
    sectors = (
        mapping[["sector_code", "sector_name"]]
        .drop_duplicates()
        .rename(columns={"sector_code": "area_code", "sector_name": "area_name"})
    )
    sectors["area_kind"] = "sector"
    city = pd.DataFrame(
        {"area_code": [CITY], "area_name": ["Peterborough"], "area_kind": ["lad"]}
    )
    return pd.concat([wards, sectors, city], ignore_index=True)


def area_counts(wards: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """area_code, incidents for each ward, each sector (its wards summed) and the
    city, from incident rows by ward (area_code, incidents)."""
    by_ward = wards.groupby("area_code", as_index=False)["incidents"].sum()
    sectors = (
        by_ward.merge(mapping, left_on="area_code", right_on="ward_code")
        .groupby("sector_code", as_index=False)["incidents"]
        .sum()
        .rename(columns={"sector_code": "area_code"})
    )
    city = pd.DataFrame(
        {"area_code": [CITY], "incidents": [int(by_ward.incidents.sum())]}
    )
    return pd.concat([by_ward, sectors, city], ignore_index=True)


def _incident_figures(
    frames: FigureFrames, measure: m.Measure, period: m.Period
) -> AreaFigures:
    assert frames.counts is not None and frames.populations is not None
    previous = frames.previous_counts
    table = m.area_rates(
        area_counts(frames.counts, frames.mapping),
        frames.populations,
        previous=None if previous is None else area_counts(previous, frames.mapping),
        per_1000=measure.per_1000,
    )
    table = table.rename(columns={"incidents": "count", "population": "base"})
    name = t.DEMO_INCIDENT_SOURCE if period.is_demo else t.REAL_INCIDENT_SOURCE
    return AreaFigures(
        measure=measure,
        period=period,
        table=table,
        level="ward",
        base_label="Residents",
        denominator=t.population_denominator(
            measure,
            frames.population_year,
            period.start,
            period.end,
            demo=period.is_demo,
        )
        if measure.per_1000
        else "Denominator: none (counts, not per resident).",
        source=f"{name}, {t.month_label(period.start, period.end)}",
        population_year=frames.population_year,
        source_name=name,
    )


def _survey_figures(
    frames: FigureFrames, measure: m.Measure, period: m.Period
) -> AreaFigures:
    results = frames.survey_results
    assert results is not None
    values = m.survey_values(
        results,
        wave_end=period.end,
        previous_end=period.previous[1] if period.previous else None,
    )
    table = (
        area_frame(frames.mapping)
        .merge(values, on="area_code", how="left")
        .rename(columns={"base_size": "count"})
    )
    table["base"] = table["count"]
    name = results.survey_name.iloc[0] if not results.empty else "Residents' survey"
    return AreaFigures(
        measure=measure,
        period=period,
        table=table,
        level="ward",
        base_label="Residents answering",
        denominator="Denominator: residents answering in each ward (unweighted base).",
        source=f"{name}, {period.label}",
        extra_note=t.SURVEY_BASE_NOTE,
        source_name=name,
    )


def _kpi_figures(
    frames: FigureFrames, measure: m.Measure, period: m.Period
) -> AreaFigures:
    assert frames.kpi_values is not None
    values = m.kpi_sector_values(
        frames.kpi_values,
        family=measure.kpi_family,
        period_end=period.end,
        previous_end=period.previous[1] if period.previous else None,
    )
    areas = area_frame(frames.mapping)
    sectors = areas[areas.area_kind == "sector"].merge(
        values[["area_code", "value", "previous_value", "change"]],
        on="area_code",
        how="left",
    )
    city = pd.DataFrame(
        {
            "area_code": [CITY],
            "area_name": ["Peterborough"],
            "area_kind": ["lad"],
            "value": [values.value.sum() if not values.empty else float("nan")],
            "previous_value": [values.previous_value.sum(min_count=1)],
        }
    )
    city["change"] = city.value - city.previous_value
    wards = areas[areas.area_kind == "ward"][["area_code", "area_name", "area_kind"]]
    table = pd.concat([wards, sectors, city], ignore_index=True)
    table["count"] = table.value
    table["base"] = float("nan")
    return AreaFigures(
        measure=measure,
        period=period,
        table=table,
        level="sector",
        base_label="",
        denominator="Denominator: none (a count per sector).",
        source=f"{t.KPI_SOURCE}, {period.label}",
        extra_note=t.KPI_LEVEL_NOTE,
        source_name=t.KPI_SOURCE,
    )


def compute_figures(
    frames: FigureFrames, measure: m.Measure, period: m.Period
) -> AreaFigures:
    """The area table (wards, sectors, the city) for one measure and period."""
    if measure.kind == "incidents":
        return _incident_figures(frames, measure, period)
    if measure.kind == "survey":
        return _survey_figures(frames, measure, period)
    return _kpi_figures(frames, measure, period)


# The map, the ward panel and the Overview tile ask for the same figures: keep
# them while the data are unchanged (the warm-up prepares every measure's default
# period, see warm).


def area_figures(
    engine: Engine, measure_key: str | None, period_key: str | None
) -> AreaFigures | None:
    """The figures for a measure and period (the default period if not found),
    kept while the data version is unchanged."""
    measure, _ = state.choose_measure(measure_key)
    period, _ = state.choose_period(periods_for(engine, measure), period_key)
    if period is None:
        return None
    return kept(
        engine,
        ("maps.figures", measure.key, period.key),
        lambda: compute_figures(read_frames(engine, measure, period), measure, period),
    )


def boundary_layers(engine: Engine) -> dict:
    """The simplified ward and sector outlines (``mapfig.boundary_layers``), kept
    while the data are unchanged: shared between callers, so never changed."""
    return kept(
        engine,
        "maps.outlines",
        lambda: mapfig.boundary_layers(
            local.ward_boundaries(engine), local.ward_sectors(engine)
        ),
    )


@dataclass(frozen=True)
class Hotspots:
    """An incident measure's located records for one period, packed for the map,
    and how many were left out."""

    points: dict
    inside: int
    outside: int
    no_location: int


def hotspots(
    engine: Engine, measure: m.Measure, period: m.Period, sectors: tuple[str, ...]
) -> Hotspots | None:
    """The hotspot points and counts (None unless an incident measure), kept:
    twelve months of locations are the map's costliest read and packing."""
    if measure.kind != "incidents":
        return None

    def read() -> Hotspots:
        window = {
            "start_month": period.start,
            "end_month": period.end,
            "categories": list(measure.categories),
        }
        locations = q.incident_locations(engine, **window)
        counts = q.incidents_outside(engine, **window).iloc[0]
        return Hotspots(
            mapfig.pack_locations(locations, list(sectors)),
            int(counts.inside),
            int(counts.outside),
            int(counts.no_location),
        )

    return kept(engine, ("maps.hotspots", measure.key, period.key, sectors), read)


@dataclass(frozen=True)
class MapView:
    """Every figure the map callback shows for one measure and period."""

    figures: AreaFigures
    breaks: list[float]
    wards: dict  # ward features with values, classes and colours
    sectors: dict
    labels: dict  # {"wards": points, "sectors": points}
    bounds: dict  # "city" and each sector code -> [[s, w], [n, e]]
    summary: str
    rows: list[dict]  # the ward table
    points: dict | None  # packed hotspot points (incident measures)
    hotspot_note: str
    source: str


def ward_rows(figures: AreaFigures, wards: dict) -> list[dict]:
    """Rows for the ward table (and its CSV), one per ward: numbers unrounded
    (the grid rounds them for display)."""
    table = figures.table.set_index("area_code")
    rows = []
    for feature in wards["features"]:
        p = feature["properties"]
        code = p["code"]
        row = table.loc[code] if code in table.index else None
        value = p.get("value")
        change = None if row is None else row.get("change")
        rows.append(
            {
                "code": code,
                "ward": p["name"],
                "sector": str(p.get("sector_name", "")).removesuffix(" sector"),
                "sector_code": p.get("sector"),
                "value": value,
                "count": None
                if row is None or pd.isna(row.get("count"))
                else float(row["count"]),
                "base": None
                if row is None or pd.isna(row.get("base"))
                else int(row["base"]),
                "change": None if change is None or pd.isna(change) else float(change),
                "cls": p.get("cls"),
            }
        )
    return rows


def compute_map(figures: AreaFigures, layers: dict, spots: Hotspots | None) -> MapView:
    """Join the figures to the outlines: classes, labels, bounds, table rows and
    the sentences around the map."""
    measure, period = figures.measure, figures.period
    table = figures.table
    level_rows = table[table.area_kind == figures.level]
    breaks = mapfig.class_breaks(level_rows.value, decimals=measure.decimals)
    if figures.level == "sector":
        # A sector-level measure shades each ward with its sector's value.
        sector_value = level_rows.set_index("area_code").value
        features = layers["wards"]["features"]
        ward_values = pd.DataFrame(
            {
                "area_code": [f["properties"]["code"] for f in features],
                "value": [
                    sector_value.get(f["properties"]["sector"]) for f in features
                ],
            }
        )
    else:
        ward_values = level_rows[["area_code", "value"]]
    wards = mapfig.join_figures(
        layers["wards"], ward_values, breaks=breaks, decimals=measure.decimals
    )
    sectors = mapfig.join_figures(
        layers["sectors"],
        table[table.area_kind == "sector"][["area_code", "value"]],
        breaks=breaks if figures.level == "sector" else [],
        decimals=measure.decimals,
    )
    # Every ward is named on the map; its value joins the name when the measure
    # has ward values (a sector-level measure's value is on the sector's label).
    ward_labels = mapfig.label_points(
        wards, text_key="value_text" if figures.level == "ward" else None
    )
    sector_text_key = "value_text" if figures.level == "sector" else "name"
    sector_labels = mapfig.label_points(sectors, text_key=sector_text_key)
    for feature, source in zip(
        sector_labels["features"], sectors["features"], strict=True
    ):
        feature["properties"]["title"] = source["properties"]["name"]
    bounds = {
        "city": layers["bounds"],
        **{
            f["properties"]["code"]: f["properties"]["bounds"]
            for f in layers["sectors"]["features"]
        },
    }
    city_row = table[table.area_kind == "lad"].iloc[0]
    return MapView(
        figures=figures,
        breaks=breaks,
        wards=wards,
        sectors=sectors,
        labels={"wards": ward_labels, "sectors": sector_labels},
        bounds=bounds,
        summary=t.map_summary(
            level_rows,
            measure,
            city_value=city_row.value,
            is_demo=period.is_demo,
            extra_note=figures.extra_note,
        ),
        rows=ward_rows(figures, wards),
        points=None if spots is None else spots.points,
        hotspot_note=t.HOTSPOTS_NEED_INCIDENTS
        if spots is None
        else t.hotspot_note(spots.inside, spots.outside, spots.no_location),
        source=t.map_source(
            figures.source,
            figures.denominator,
            measure,
            mapfig.SIMPLIFY_TOLERANCE_DEGREES,
        ),
    )


def shown_end(figures: AreaFigures) -> date:
    """The end of the period the map shows, for the page's "Data as at": the last
    day of its last month (a survey wave: its fieldwork's last day)."""
    end = figures.period.end
    return end if figures.measure.kind == "survey" else month_end(end)


def ward_export(figures: AreaFigures, rows: list[dict], fields: list[str]) -> Export:
    """The ward table under the export rules (``dashboard.ui.export``): a file
    named after the measure, the period shown and its end, holding ``fields`` then
    the provenance; each row the measure with its unit and denominator, the
    period, the source, real or demo."""
    measure, period = figures.measure, figures.period
    return exported(
        rows,
        [{"field": field} for field in fields],
        view=f"ward-figures-{measure.key}-{m.slug(t.period_name(measure, period))}",
        period_end=shown_end(figures),
        measure=t.export_measure(measure, figures.population_year),
        period=t.period_words(measure, period),
        source=figures.source,
        is_demo=period.is_demo,
    )


def sector_codes(layers: dict) -> tuple[str, ...]:
    """The sectors in the outlines, in the order the hotspot rows index them."""
    return tuple(f["properties"]["code"] for f in layers["sectors"]["features"])


def map_view(
    engine: Engine, measure_key: str | None, period_key: str | None
) -> MapView | None:
    """The map's view for a measure and period (None if it has no figures), kept
    while the data are unchanged: the map and the ward table both read it."""
    figures = area_figures(engine, measure_key, period_key)
    if figures is None:
        return None

    def compute() -> MapView:
        layers = boundary_layers(engine)
        spots = hotspots(engine, figures.measure, figures.period, sector_codes(layers))
        return compute_map(figures, layers, spots)

    return kept(engine, ("maps.view", figures.measure.key, figures.period.key), compute)


@dataclass(frozen=True)
class PanelFrames:
    """What one ward's panel is made from, beyond the area figures."""

    ward: str
    ward_name: str
    sector_code: str
    sector_name: str
    categories: pd.DataFrame | None = None  # ward_incident_counts, family, period
    months: pd.DataFrame | None = None  # incident_months of the measure
    month_counts: pd.DataFrame | None = None  # ward_incident_counts, those months
    survey_results: pd.DataFrame | None = None
    kpi_values: pd.DataFrame | None = None


def _same_kind(months: pd.DataFrame, is_demo: bool) -> pd.DataFrame:
    """The latest unbroken run of the months of one kind: real and demo months are
    never mixed in one trend, and a lone earlier month (a 2019 sample before the
    2024-2025 run) is not drawn as if it came just before the run."""
    kind = months[months.is_demo == is_demo]
    run = set(latest_run(pd.Timestamp(month).date() for month in kind.month))
    return kind[[pd.Timestamp(month).date() in run for month in kind.month]]


def read_panel_frames(
    engine: Engine, ward: str, figures: AreaFigures
) -> PanelFrames | None:
    """Read what ``compute_panel`` needs (None if the ward is not mapped)."""
    mapping = local.ward_sectors(engine)
    match = mapping[mapping.ward_code == ward]
    if match.empty:
        return None
    info = match.iloc[0]
    found = PanelFrames(
        ward, info.ward_name, str(info.sector_code), str(info.sector_name)
    )
    measure, period = figures.measure, figures.period
    if measure.kind == "survey":
        results = q.survey_area_results(engine, question_code=measure.question)
        return replace(found, survey_results=results)
    if measure.kind == "kpi":
        return replace(found, kpi_values=q.sector_kpi_values(engine))
    categories = q.ward_incident_counts(
        engine,
        ward_code=ward,
        start_month=period.start,
        end_month=period.end,
        categories=list(measure.family),
    )
    months = q.incident_months(engine, categories=list(measure.categories))
    same_kind = _same_kind(months, period.is_demo)
    month_counts = None
    if not same_kind.empty:
        month_counts = q.ward_incident_counts(
            engine,
            ward_code=ward,
            start_month=pd.Timestamp(same_kind.month.min()).date(),
            end_month=pd.Timestamp(same_kind.month.max()).date(),
            categories=list(measure.categories),
        )
    return replace(
        found, categories=categories, months=months, month_counts=month_counts
    )


# The trend's columns: what the chart shows, then each point's last day and
# whether it is demo (for its CSV rows).
TREND_COLUMNS = ["period_label", "value", "period_end", "is_demo"]


def _day(value: object) -> date:
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def trend(frames: PanelFrames, figures: AreaFigures) -> pd.DataFrame:
    """TREND_COLUMNS for the panel's trend chart: the ward's monthly records of
    the same kind (real or demo), its survey waves, or its sector's last 12 KPI
    values."""
    measure, period = figures.measure, figures.period
    if measure.kind == "incidents":
        assert frames.months is not None
        same_kind = _same_kind(frames.months, period.is_demo)
        if same_kind.empty or frames.month_counts is None:
            return pd.DataFrame(columns=TREND_COLUMNS)
        counts = frames.month_counts
        if "category" in counts:  # only the measure's own categories count
            counts = counts[counts.category.isin(measure.categories)]
        monthly = counts.groupby("month")["incidents"].sum()
        index = [pd.Timestamp(x).date() for x in same_kind.month]
        values = [
            int(monthly.get(pd.Timestamp(x).date(), monthly.get(x, 0)))
            for x in same_kind.month
        ]
        return pd.DataFrame(
            {
                "period_label": [f"{d:%b %Y}" for d in index],
                "value": values,
                "period_end": [month_end(d) for d in index],
                "is_demo": period.is_demo,
            }
        )
    if measure.kind == "survey":
        results = frames.survey_results
        assert results is not None
        rows = results[results.area_code == frames.ward]
        return pd.DataFrame(
            {
                "period_label": rows.wave.str.replace(r" \(.*\)", "", regex=True),
                "value": rows.estimate * 100,
                "period_end": [_day(end) for end in rows.fieldwork_end],
                "is_demo": rows.is_demo.astype(bool),
            }
        ).reset_index(drop=True)
    assert frames.kpi_values is not None
    family = m.kpi_family_values(frames.kpi_values, measure.kpi_family)
    rows = family[family.sector_code == frames.sector_code].tail(12)
    return pd.DataFrame(
        {
            "period_label": [f"{pd.Timestamp(d):%b %Y}" for d in rows.period_end],
            "value": rows.value,
            "period_end": [_day(end) for end in rows.period_end],
            "is_demo": rows.is_demo.astype(bool),
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class PanelView:
    """One ward's panel: its figure (if any), top categories, trend and source."""

    ward: str
    ward_name: str
    is_demo: bool
    subtitle: str
    value: str | None  # None: no figure for this ward
    unit: str
    denominator: str
    change: str
    top: tuple[str, ...] | None  # None: not an incident measure
    trend: pd.DataFrame
    trend_title: str
    trend_unit: str
    trend_summary: str
    source: str
    # What the trend's CSV rows say they are (``trend_export``).
    measure_key: str = ""
    trend_measure: str = ""
    trend_source: str = ""


def compute_panel(frames: PanelFrames, figures: AreaFigures) -> PanelView:
    """The ward panel's contents for one measure and period."""
    measure, period = figures.measure, figures.period
    table = figures.table.set_index("area_code")
    level_code = frames.ward if figures.level == "ward" else frames.sector_code
    row = table.loc[level_code] if level_code in table.index else None
    top = None
    if frames.categories is not None:
        # Categories and shares only within the measure's family: a crime panel
        # leaves anti-social behaviour out of its total as well as its lines.
        family = frames.categories[frames.categories.category.isin(measure.family)]
        top = tuple(
            t.top_line(r.category, int(r.incidents), r.share)
            for r in m.top_categories(family).itertuples()
        )
    series = trend(frames, figures)
    unit = "incidents a month" if measure.kind == "incidents" else measure.unit
    where = (
        frames.ward_name if figures.level == "ward" else f"{frames.ward_name}'s sector"
    )
    kind = "DEMO" if period.is_demo else "real"
    title = f"{where}: {unit}" + (f" ({kind})" if measure.kind == "incidents" else "")
    return PanelView(
        ward=frames.ward,
        ward_name=frames.ward_name,
        is_demo=period.is_demo,
        subtitle=f"{frames.sector_name} · {measure.label} · {period.label}",
        value=None if row is None else t.number(row["value"], measure.decimals),
        unit=measure.unit,
        denominator=""
        if row is None
        else t.panel_denominator(measure, row, figures.denominator, frames.sector_name),
        change=""
        if row is None
        else t.panel_change(
            measure, row, period.previous_label, period.previous is not None
        ),
        top=top,
        trend=series,
        trend_title=title,
        trend_unit=unit,
        # Trends are whole counts, or survey percentages shown to the point.
        trend_summary=t.trend_summary(series, unit, 0),
        source=t.panel_source(figures.source),
        measure_key=measure.key,
        trend_measure=f"{measure.label}, {unit} ({where})",
        trend_source=figures.source_name,
    )


def trend_export(view: PanelView, columns: list) -> Export:
    """The panel's trend table under the export rules: a file named after the
    ward, the measure and the latest period's end; each row its own period and
    whether it is demo."""
    trend = view.trend
    return exported(
        trend[["period_label", "value"]].to_dict("records"),
        columns,
        view=f"ward-trend-{view.ward}-{view.measure_key}",
        period_end=max(trend.period_end, default=None),
        measure=view.trend_measure,
        period=[str(label) for label in trend.period_label],
        source=view.trend_source,
        is_demo=[bool(demo) for demo in trend.is_demo],
    )


def ward_panel(
    engine: Engine, ward: str, measure_key: str | None, period_key: str | None
) -> PanelView | None:
    """The panel for a ward (None if there are no figures or no such ward)."""
    figures = area_figures(engine, measure_key, period_key)
    if figures is None:
        return None
    frames = read_panel_frames(engine, ward, figures)
    return None if frames is None else compute_panel(frames, figures)


@dataclass(frozen=True)
class TileView:
    """The Overview tile: the ward with the highest recorded crime rate."""

    label: str
    value: str
    unit: str
    details: list[str]
    href: str
    is_demo: bool


def compute_tile(figures: AreaFigures, mapping: pd.DataFrame) -> TileView | str:
    """The tile for the default measure's figures, or a plain message."""
    measure, period = figures.measure, figures.period
    wards = figures.table[figures.table.area_kind == "ward"].dropna(subset=["value"])
    if wards.empty:
        return "No ward figures for recorded crime."
    top = wards.sort_values(["value", "area_name"], ascending=[False, True]).iloc[0]
    city = figures.table[figures.table.area_kind == "lad"].iloc[0]
    sector = mapping.loc[mapping.ward_code == top.area_code, "sector_name"]
    return TileView(
        label=f"Ward with the most recorded crime per resident, {period.label}",
        value=f"{top.area_name}: {top.value:.1f}",
        unit=measure.unit,
        details=t.tile_details(
            top["count"],
            top.base,
            figures.denominator,
            sector.iloc[0] if not sector.empty else "",
            city.value,
        ),
        href=state.href(measure.key, period.key, ward=top.area_code),
        is_demo=period.is_demo,
    )


def tile(engine: Engine) -> TileView | str:
    """The Overview tile from the default measure's opening figures."""
    figures = area_figures(engine, m.DEFAULT_MEASURE, None)
    if figures is None:
        return "No street-level crime records are loaded."
    return compute_tile(figures, local.ward_sectors(engine))


@dataclass(frozen=True)
class SectorWindow:
    """A street-level measure over any run of months, by ward and by sector (the
    board's sectors slide)."""

    figures: AreaFigures  # the area table; period.is_demo if any record is demo
    wards: pd.DataFrame  # area_code, area_name, incidents, population, value,
    # sector_code, sector_name: the mapped wards
    sectors: pd.DataFrame  # sector_code, sector_name, incidents, population,
    # value, by sector code


def compute_window(
    frames: FigureFrames, measure: m.Measure, start: date, end: date
) -> SectorWindow | None:
    """The ward and sector figures for an incident measure from ``start`` to
    ``end`` (months), or None without records or population estimates."""
    counts = frames.counts
    if frames.populations is None or frames.populations.empty:
        return None
    if counts is None or counts.empty:
        return None
    label = t.month_label(start, end)
    period = m.Period(
        f"{start:%Y-%m}/{end:%Y-%m}", label, start, end, bool(counts.is_demo.any())
    )
    figures = _incident_figures(frames, measure, period)
    table = figures.table.rename(columns={"count": "incidents", "base": "population"})
    wards = table[table.area_kind == "ward"].merge(
        frames.mapping[["ward_code", "sector_code", "sector_name"]],
        left_on="area_code",
        right_on="ward_code",
    )
    sectors = table[table.area_kind == "sector"].rename(
        columns={"area_code": "sector_code", "area_name": "sector_name"}
    )[["sector_code", "sector_name", "incidents", "population", "value"]]
    return SectorWindow(figures, wards, sectors.reset_index(drop=True))


def sector_window(
    engine: Engine, measure: m.Measure, start: date, end: date
) -> SectorWindow | None:
    """Read and compute ``compute_window`` for an incident measure."""
    counts = _incident_counts(engine, measure, start, end)
    year, populations = _populations(engine, end)
    if populations is None or populations.empty or counts.empty:
        return None
    frames = FigureFrames(
        local.ward_sectors(engine),
        counts=counts,
        populations=populations,
        population_year=year,
    )
    return compute_window(frames, measure, start, end)


def warm(engine: Engine) -> None:
    """Prepare what the page opens on: the outlines, every measure's figures for
    its default period, and the default measure's hotspots."""
    layers = boundary_layers(engine)
    for key in m.MEASURES:
        area_figures(engine, key, None)
    measure = m.MEASURES[m.DEFAULT_MEASURE]
    period = state.default_period(periods_for(engine, measure))
    if period is not None:
        hotspots(engine, measure, period, sector_codes(layers))
