"""Board slides as plain JSON-able payloads, built from the page views for one period.

Every figure on a slide comes from the view of the page it summarises (quartile,
perception, maps, KPIs and plan alignment), kept in the one memo: a slide reads
nothing of its own, so a slide and its page always show the same numbers. The
presenter page, the board pack and the loader's ``meeting`` command all use these
payloads: the loader freezes them in ``board_snapshot`` so a pack can be opened
again later with the same figures, and the app only reads them.

A payload is a dict: key, view, title, filters, headline (list of label/value/unit),
figure (plotly JSON or None), table (columns/rows or None), summary, source,
period_end (ISO date), as_at, demo (bool), notes (list of str); and for the room:
message (the slide's one headline sentence), points (the "what changed" slide's key
changes: text/direction/demo), slide_figure (a smaller chart for the room, else the
figure is shown) and slide_source (the source in a few words). The pack prints the
full summary, source, figure and table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.denominator import ons_rate_sentence
from dashboard.figures import board as board_figures
from dashboard.figures.quartile import ski_slope_figure
from dashboard.figures.spec import FigureSpec
from dashboard.freshness import as_at_text, format_day
from dashboard.metrics import board as agenda_rules
from dashboard.metrics import maps as map_rules
from dashboard.metrics.headline import CrimeHeadline
from dashboard.metrics.rates import QUARTILE_NAMES, rate_per_1000
from dashboard.views.kpis import data as kpi_view
from dashboard.views.maps import data as maps_view
from dashboard.views.perception import data as perception_data
from dashboard.views.plan_alignment import data as alignment_view
from dashboard.views.quartile import data as quartile_view
from dashboard.views.quartile import text as quartile_text
from dashboard.views.signals import data as signals_view
from domain import agenda as agendas
from domain.areas import (
    PETERBOROUGH_CSP,
    PETERBOROUGH_LAD,
    SECTOR_CODES,
    SECTOR_LETTERS,
)
from domain.dates import add_months, month_start
from domain.echo import echoed
from domain.offences import OFFENCE_BY_CODE

# How many wards the sectors slide shows, and how many plan priorities the KPI
# slide shows: few enough bars to read from the back (the pack prints them all).
SLIDE_WARDS = 8
SLIDE_PRIORITIES = 5


@dataclass
class BoardContext:
    """What every slide of one board needs: the engine (for the page views), the
    period it shows and the meetings (for "what changed")."""

    engine: Engine
    period_end: date
    meetings: pd.DataFrame
    meeting_id: str | None = None
    built: str = ""


def _figure_json(figure: FigureSpec) -> dict:
    return json.loads(figure.to_json())


def parse_day(text: str) -> date | None:
    """An ISO date from a link or an agenda setting, or None."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _payload(ctx: BoardContext, item: agendas.AgendaItem, **parts: object) -> dict:
    period_end: date = parts.pop("period_end", ctx.period_end)  # type: ignore[assignment]
    # "Data as at": the end of the latest period the slide's figures show (a survey
    # slide: its wave's fieldwork), in the one wording of every page.
    shown_end: date = parts.pop("shown_end", period_end)  # type: ignore[assignment]
    payload = {
        "key": item.key,
        "view": item.view,
        "title": item.title,
        "filters": "",
        "headline": [],
        "figure": None,
        "table": None,
        "summary": "",
        "source": "",
        "period_end": period_end.isoformat(),
        "as_at": as_at_text(shown_end, ctx.built),
        "demo": False,
        "notes": [],
        "message": "",
        "points": [],
        "slide_figure": None,
        "slide_source": "",
    }
    payload.update(parts)
    return payload


# ----------------------------------------------------------------------------- crime


def _headline_payload(headline: CrimeHeadline | None) -> dict | None:
    """The crime headline as the slides use it (None when there is none)."""
    if headline is None:
        return None
    return {
        "rate": headline.rate,
        "rank": headline.rank,
        "n_ranked": headline.n_ranked,
        "quartile": headline.quartile,
        "quartile_name": headline.quartile_name,
        "count": headline.offence_count,
        "population": headline.population,
        "population_year": headline.population_year,
        "national_rate": headline.national_rate,
        "is_demo": headline.is_demo,
    }


def _crime_headline(ctx: BoardContext, period_end: date, offence: str) -> dict | None:
    """The quartile page's headline for the offence group, all CSPs, for the
    latest recorded crime period ending by ``period_end``."""
    period_end = _latest_crime_period(_crime_periods(ctx, offence), period_end)
    view = quartile_view.read_slide(ctx.engine, offence, period_end)
    return _headline_payload(view.headline)


def _crime_periods(ctx: BoardContext, offence: str) -> set[date]:
    """The ends of the recorded crime periods loaded for an offence group."""
    panel = quartile_view.panel_data(ctx.engine, offence).full
    return {pd.Timestamp(p).date() for p in panel.period_end.unique()}


def _latest_crime_period(periods: set[date], wanted: date) -> date:
    """The latest recorded crime period ending by ``wanted``: CSP figures are
    annual, so a meeting that shows figures to a quarter's end shows the last
    published year before it (or ``wanted`` itself when none is that early)."""
    earlier = [period for period in periods if period <= wanted]
    return max(earlier) if earlier else wanted


def quartile_slide(ctx: BoardContext, item: agendas.AgendaItem) -> dict:
    """Peterborough's rate among every CSP for one offence group and period."""
    options, notes = item.options, []
    names = {code: group.name for code, group in OFFENCE_BY_CODE.items()}
    offence = options.get("offence", "total")
    if offence not in names:
        notes.append(
            f"Unknown offence group '{echoed(offence)}': total recorded crime shown."
        )
        offence = "total"
    periods = _crime_periods(ctx, offence)
    period_end = _latest_crime_period(periods, ctx.period_end)
    if "period" in options:
        chosen = parse_day(options["period"])
        if chosen in periods:
            period_end = chosen
        else:
            notes.append(
                f"No recorded crime period ends on '{echoed(options['period'])}': "
                f"{format_day(period_end)} is shown."
            )
    # The quartile page's own view of this choice: the same figures, kept in the
    # one memo, so the slide reads nothing of its own.
    view = quartile_view.read_slide(ctx.engine, offence, period_end)
    headline = _headline_payload(view.headline)
    period_text = f"12 months to {period_end:%B %Y}"
    filters = f"Offence group: {names[offence]} · Period: {period_text}"
    if headline is None:
        return _payload(
            ctx,
            item,
            period_end=period_end,
            filters=filters,
            notes=notes,
            summary="Peterborough has no recorded crime rate for this choice.",
        )
    figure = ski_slope_figure(
        view.ranked,
        highlight=PETERBOROUGH_CSP,
        reference_rate=headline["national_rate"],
    )
    figure.update_layout(height=board_figures.SLIDE_HEIGHT)
    national_text = (
        f"; England and Wales {headline['national_rate']:.1f}"
        if headline["national_rate"] is not None
        else ""
    )
    return _payload(
        ctx,
        item,
        period_end=period_end,
        title=f"{names[offence]}: Peterborough among all CSPs",
        filters=filters,
        headline=[
            {
                "label": "Rate",
                "value": f"{headline['rate']:.1f}",
                "unit": "offences per 1,000 residents",
            },
            {
                "label": "Rank",
                "value": f"{headline['rank']} of {headline['n_ranked']}",
                "unit": "1 = lowest rate",
            },
            {
                "label": "Quartile",
                "value": f"Q{headline['quartile']}",
                "unit": QUARTILE_NAMES[headline["quartile"]],
            },
            {
                "label": "Fell faster than national?",
                "value": quartile_text.trend_short(view.trend.answer),
                "unit": "tested against England and Wales",
            },
        ],
        figure=_figure_json(figure),
        summary=(
            f"In the {period_text}, Peterborough recorded {headline['count']:,} "
            f"offences, {headline['rate']:.1f} per 1,000 "
            f"residents{national_text}, ranking {headline['rank']} of "
            f"{headline['n_ranked']} CSPs: the {headline['quartile_name']}. "
            f"{view.uncertainty} {view.trend.answer}"
        ),
        source=(
            f"Source: ONS police recorded crime by Community Safety Partnership, "
            f"{period_text}. "
            + ons_rate_sentence(names[offence], period_end, headline["population_year"])
            + " Rank 1 = lowest rate; City of London and Isles of Scilly not ranked. "
            + view.trend.details
        ).strip(),
        demo=bool(headline["is_demo"]),
        notes=notes,
        message=(
            f"{agenda_rules.demo_prefix(bool(headline['is_demo']))}Peterborough "
            f"ranks {headline['rank']} of {headline['n_ranked']} CSPs for "
            f"{names[offence].lower()}: the {headline['quartile_name']}."
        ),
        slide_source=f"Source: ONS police recorded crime by CSP, {period_text}.",
    )


# ----------------------------------------------------------------------------- survey


def _local_survey(ctx: BoardContext) -> str | None:
    return perception_data.board_survey_id(perception_data.kept_choices(ctx.engine))


def _wave_tables(
    ctx: BoardContext, question: str, period_end: date, kinds: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """This wave's and the previous wave's results (fieldwork ended by the period)."""
    survey_id = _local_survey(ctx)
    if survey_id is None:
        empty = pd.DataFrame(columns=["wave", "fieldwork_end", "area_code"])
        return empty, empty
    results = perception_data.survey_answers(
        ctx.engine, survey_id, question, tuple(kinds)
    )
    return perception_data.latest_waves(results, period_end)


def _since_last_wave(previous: float, value: float) -> str:
    """', up 2 points on the previous wave' (proportions in, points out), or ''."""
    if pd.isna(previous):
        return ""
    change = round(100 * (value - float(previous)))
    if change == 0:
        return ", the same as the previous wave"
    return (
        f", {'up' if change > 0 else 'down'} {abs(change)} points on the previous "
        "wave (not tested for significance)"
    )


def perception_slide(ctx: BoardContext, item: agendas.AgendaItem) -> dict:
    """One survey measure by sector and for the city, this wave against the last."""
    options, notes = item.options, []
    survey_id = _local_survey(ctx)
    questions = (
        perception_data.survey_questions(ctx.engine, survey_id)
        if survey_id
        else pd.DataFrame(columns=["question_code", "short_label"])
    )
    labels = dict(zip(questions.question_code, questions.short_label, strict=True))
    question = options.get("measure", "safe_after_dark")
    if question not in labels and labels:
        notes.append(
            f"Unknown survey measure '{echoed(question)}': the first measure shown."
        )
        question = (
            "safe_after_dark" if "safe_after_dark" in labels else next(iter(labels))
        )
    if not labels:
        return _payload(ctx, item, summary="No local survey has been loaded.")
    period_end = ctx.period_end
    if "period" in options and parse_day(options["period"]):
        period_end = parse_day(options["period"])  # type: ignore[assignment]
    now, before = _wave_tables(ctx, question, period_end, ["sector", "lad"])
    if now.empty:
        return _payload(
            ctx,
            item,
            period_end=period_end,
            notes=notes,
            summary=f"No survey wave had finished by {format_day(period_end)}.",
        )
    order = {PETERBOROUGH_LAD: 0, **{code: n for n, code in enumerate(SECTOR_CODES, 1)}}
    table = now.assign(order=now.area_code.map(order).fillna(9)).sort_values("order")
    table = table.merge(
        before[["area_code", "estimate"]].rename(
            columns={"estimate": "previous_estimate"}
        ),
        on="area_code",
        how="left",
    )
    table["area_name"] = table.area_name.where(
        table.area_code != PETERBOROUGH_LAD, "Peterborough (city)"
    )
    wave = str(now.wave.iloc[0])
    previous_wave = str(before.wave.iloc[0]) if not before.empty else None
    figure = board_figures.perception_bars(
        table, wave=wave, previous_wave=previous_wave, measure=labels[question]
    )
    city = table[table.area_code == PETERBOROUGH_LAD]
    headline = []
    summary = f"{labels[question]}: results of the {wave} survey."
    message = summary
    if not city.empty:
        value = float(city.estimate.iloc[0])
        base = city.base_size.iloc[0]
        headline.append(
            {
                "label": "Peterborough",
                "value": f"{100 * value:.0f}%",
                "unit": labels[question],
            }
        )
        summary = (
            f"In the {wave} survey, {100 * value:.0f}% of Peterborough residents "
            f"({labels[question].lower()})"
        )
        if pd.notna(city.previous_estimate.iloc[0]):
            change = 100 * (value - float(city.previous_estimate.iloc[0]))
            summary += (
                f", against {100 * city.previous_estimate.iloc[0]:.0f}% in the "
                f"{previous_wave} wave ({change:+.0f} points; not tested for "
                "significance here, see the Perception view)"
            )
            headline.append(
                {
                    "label": "Since previous wave",
                    "value": f"{change:+.0f}",
                    "unit": "percentage points",
                }
            )
        summary += "."
        message = (
            f"{labels[question]}: {100 * value:.0f}% of residents in the {wave} "
            f"survey{_since_last_wave(city.previous_estimate.iloc[0], value)}."
        )
        if pd.notna(base):
            headline.append(
                {
                    "label": "Answers",
                    "value": f"{int(base):,}",
                    "unit": "city base (unweighted)",
                }
            )
    return _payload(
        ctx,
        item,
        period_end=period_end,
        shown_end=pd.Timestamp(now.fieldwork_end.max()).date(),
        title=f"Residents' survey: {labels[question]}",
        filters=f"Measure: {labels[question]} · Wave: {wave} (latest finished by "
        f"{format_day(period_end)})",
        headline=headline,
        figure=_figure_json(figure),
        summary=summary,
        source=(
            "Source: Peterborough Residents' Community Safety Survey, "
            f"{wave}; per cent of residents answering; n = unweighted answers."
        ),
        demo=bool(now.is_demo.any()),
        notes=notes,
        message=agenda_rules.demo_prefix(bool(now.is_demo.any())) + message,
        slide_source=f"Source: Peterborough Residents' Survey, {wave}.",
    )


# ----------------------------------------------------------------------------- sectors


def sectors_slide(ctx: BoardContext, item: agendas.AgendaItem) -> dict:
    """A street-level measure per 1,000 residents by ward and sector, 12 months."""
    options, notes = item.options, []
    key = options.get("measure", map_rules.DEFAULT_MEASURE)
    measure = map_rules.MEASURES.get(key)
    if measure is None or measure.kind != "incidents":
        notes.append(
            f"'{echoed(key)}' is not a street-level measure the sectors slide can show: "
            "all recorded crime is shown."
        )
        measure = map_rules.MEASURES[map_rules.DEFAULT_MEASURE]
    period_end = ctx.period_end
    if "period" in options and parse_day(options["period"]):
        period_end = parse_day(options["period"])  # type: ignore[assignment]
    end_month = month_start(period_end)
    start_month = add_months(end_month, -11)
    period_text = f"{start_month:%B %Y} to {end_month:%B %Y}"
    # The maps view reads and computes the figures (with the one population-year
    # rule): this slide only lays them out.
    window = maps_view.sector_window(ctx.engine, measure, start_month, end_month)
    filters = f"Measure: {measure.label} · Period: {period_text}"
    if window is None:
        return _payload(
            ctx,
            item,
            period_end=period_end,
            filters=filters,
            notes=notes,
            title=f"Sectors: {measure.label}",
            summary=f"No records for {measure.label.lower()} in {period_text}.",
        )
    table = window.wards.assign(
        sector_short=lambda wards: wards.sector_code.map(SECTOR_LETTERS).fillna("?")
    )
    sectors = window.sectors
    city_value = (
        rate_per_1000(table.incidents.sum(), table.population.sum())
        if measure.per_1000
        else float(table.incidents.sum())
    )
    demo = window.figures.period.is_demo
    # The city's line names its series: the police.uk city rate is not the ONS
    # recorded crime rate on the quartile slide, and need not match it.
    series = "police.uk records" if measure.is_police_uk else ""
    series = ", ".join(part for part in (series, "DEMO" if demo else "") if part)
    city_label = "Whole city" + (f" ({series})" if series else "")
    # The room sees the highest wards only; the pack prints every ward.
    figure, slide_figure = (
        board_figures.area_bars(
            table,
            unit=measure.unit,
            decimals=measure.decimals,
            city_value=city_value,
            city_label=city_label,
            highest=highest_wards,
        )
        for highest_wards in (None, SLIDE_WARDS)
    )
    decimals = measure.decimals
    headline = [
        {
            "label": row.sector_name,
            "value": f"{row.value:,.{decimals}f}",
            "unit": measure.unit,
        }
        for row in sectors.itertuples()
    ]
    top = table.sort_values("value", ascending=False).iloc[0]
    highest = sectors.sort_values("value", ascending=False).iloc[0]
    return _payload(
        ctx,
        item,
        period_end=period_end,
        title=f"Sectors: {measure.label}",
        filters=filters,
        headline=headline,
        figure=_figure_json(figure),
        summary=(
            f"From {period_text}, the {highest.sector_name} had the highest figure "
            f"({highest.value:,.{decimals}f} {measure.unit}); of the wards, "
            f"{top.area_name} was highest ({top.value:,.{decimals}f})."
        ),
        source=(
            "Source: "
            + (
                "DEMO street-level records generated for this dashboard"
                if demo
                else "police.uk street-level crime and ASB (Open Government Licence)"
            )
            + f", {period_text}. {window.figures.denominator} Wards grouped into "
            "sectors by the current mapping."
        ),
        demo=demo,
        notes=notes,
        message=(
            f"{agenda_rules.demo_prefix(demo)}The {highest.sector_name} had the "
            f"highest figure, {highest.value:,.{decimals}f} {measure.unit}, and "
            f"{top.area_name} the highest ward, {top.value:,.{decimals}f}."
        ),
        slide_figure=_figure_json(slide_figure),
        slide_source=(
            f"Source: {'DEMO street-level records' if demo else 'police.uk'}, "
            f"{period_text}. Every ward is in the board pack."
        ),
    )


# ----------------------------------------------------------------------------- KPIs


def _kpi_status(ctx: BoardContext, period_end: date) -> pd.DataFrame:
    # Shared with the KPI view's memo: read it, never change it in place.
    return kpi_view.load_statuses_at(ctx.engine, period_end)


def _most_red_sentence(statuses: pd.DataFrame, counts: pd.DataFrame) -> str:
    """'6 of 33 KPIs are Red; Road safety has the most (3).' from the KPI statuses
    and the status counts per priority (group, status_word, kpis; the priority
    with the most Red first, where a KPI serving two priorities counts in each)."""
    red = int((statuses.status_word == "Red").sum())
    sentence = f"{red} of {len(statuses)} KPIs are Red"
    worst = counts.group.iloc[0]
    most = int(
        counts[(counts.group == worst) & (counts.status_word == "Red")].kpis.sum()
    )
    if most:
        sentence += f"; {worst} has the most ({most})"
    return sentence + "."


def alignment_slide(ctx: BoardContext, item: agendas.AgendaItem) -> dict:
    """KPI statuses per plan priority, as at the period shown."""
    options = item.options
    period_end = ctx.period_end
    if "period" in options and parse_day(options["period"]):
        period_end = parse_day(options["period"])  # type: ignore[assignment]
    summary = _kpi_status(ctx, period_end)
    board = alignment_view.compute_board(summary)
    if board is None:
        return _payload(ctx, item, period_end=period_end, summary="No KPIs are loaded.")
    return _payload(
        ctx,
        item,
        period_end=period_end,
        filters=f"KPI values for periods ending by {format_day(period_end)}",
        headline=board.headline,
        figure=_figure_json(board_figures.status_bars(board.counts)),
        slide_figure=_figure_json(
            board_figures.status_bars(board.counts, first=SLIDE_PRIORITIES)
        ),
        summary=board.summary,
        source=(
            "Source: PES KPI returns (latest value of each KPI by the period end) "
            "against targets; a KPI linked to two priorities counts in each; RAG "
            "rule as on the KPIs view."
        ),
        demo=bool(summary.is_demo.any()),
        message=agenda_rules.demo_prefix(bool(summary.is_demo.any()))
        + _most_red_sentence(summary, board.counts),
        slide_source="Source: PES KPI returns against their targets.",
    )


# ----------------------------------------------------------------------------- changes


def _city_perception(ctx: BoardContext, period_end: date) -> pd.DataFrame:
    survey_id = _local_survey(ctx)
    if survey_id is None:
        return pd.DataFrame(
            columns=[
                "question_code",
                "label",
                "wave",
                "estimate",
                "base_size",
                "is_demo",
            ]
        )
    questions = perception_data.survey_questions(ctx.engine, survey_id)
    rows = []
    for question in questions.itertuples():
        now, _ = _wave_tables(ctx, question.question_code, period_end, ["lad"])
        city = now[now.area_code == PETERBOROUGH_LAD]
        if city.empty:
            continue
        rows.append(
            {
                "question_code": question.question_code,
                "label": question.short_label,
                "wave": city.wave.iloc[0],
                "estimate": float(city.estimate.iloc[0]),
                "base_size": city.base_size.iloc[0],
                "is_demo": bool(city.is_demo.iloc[0]),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["question_code", "label", "wave", "estimate", "base_size", "is_demo"],
    )


def changes_slide(ctx: BoardContext, item: agendas.AgendaItem) -> dict:
    """The headline figures now against the period the previous meeting was shown."""
    previous = agenda_rules.previous_meeting(ctx.meetings, ctx.period_end)
    if previous is None:
        return _payload(
            ctx,
            item,
            summary="There is no earlier board meeting to compare with.",
        )
    then_end: date = previous.period_shown_end
    then_crime = _crime_headline(ctx, then_end, "total")
    now_crime = _crime_headline(ctx, ctx.period_end, "total")
    rows = agenda_rules.crime_changes(then_crime, now_crime)
    rows += agenda_rules.perception_changes(
        _city_perception(ctx, then_end), _city_perception(ctx, ctx.period_end)
    )
    then_status = _kpi_status(ctx, then_end)
    now_status = _kpi_status(ctx, ctx.period_end)
    then_kpi = then_status.assign(status_word=lambda d: d.status_text)
    now_kpi = now_status.assign(status_word=lambda d: d.status_text)
    kpi_rows = agenda_rules.kpi_status_changes(then_kpi, now_kpi)
    points = agenda_rules.key_changes(
        agenda_rules.crime_key_changes(then_crime, now_crime),
        agenda_rules.kpi_key_changes(then_status, now_status),
        agenda_rules.signal_key_changes(
            signals_view.ward_crime_signals(ctx.engine, ctx.period_end),
            after=then_end,
            until=ctx.period_end,
        ),
    )
    rows += kpi_rows
    meeting_day = format_day(previous.meeting_date)
    table = {
        "columns": [
            "Area",
            "Measure",
            f"Then (to {then_end:%b %Y})",
            f"Now (to {ctx.period_end:%b %Y})",
            "Change",
            "Real or demo",
        ],
        # Each row says whether its own figures are real or demo (and which side
        # is which when it sets a demo figure beside a real one).
        "rows": [[r.group, r.measure, r.then, r.now, r.change, r.data] for r in rows],
    }
    crime_row = rows[0] if rows and rows[0].group == "Crime" else None
    kpi_demo = any(r.is_demo for r in kpi_rows)
    summary = (
        f"Since the board met on {meeting_day} (figures to "
        f"{format_day(then_end)}), "
        + (
            "recorded crime per 1,000 residents went from "
            + agenda_rules.tagged(
                crime_row.then,
                crime_row.then_demo,
                crime_row.then_demo != crime_row.now_demo,
            )
            + " to "
            + agenda_rules.tagged(
                crime_row.now,
                crime_row.now_demo,
                crime_row.then_demo != crime_row.now_demo,
            )
            + ", "
            if crime_row
            else ""
        )
        + f"and {len(kpi_rows)} KPI{'s' if len(kpi_rows) != 1 else ''} changed status"
        + (" (DEMO KPI data)." if kpi_demo else ".")
    )
    # Each crime figure's own denominator sentence (each names its period).
    crime_source = " ".join(
        ons_rate_sentence(
            OFFENCE_BY_CODE["total"].name, end, headline["population_year"]
        )
        + (" That figure is DEMO data." if headline["is_demo"] else "")
        for end, headline in ((then_end, then_crime), (ctx.period_end, now_crime))
        if headline is not None
    )
    return _payload(
        ctx,
        item,
        title=f"What changed since the meeting on {meeting_day}",
        filters=(
            f"Then: figures to {format_day(then_end)} (shown on {meeting_day}) · "
            f"Now: figures to {format_day(ctx.period_end)}"
        ),
        table=table,
        summary=summary,
        source=(
            (crime_source + " " if crime_source else "")
            + "Survey: Peterborough Residents' Survey, city level (latest wave "
            "finished by each date; changes in percentage points, not tested for "
            "significance here). KPIs: PES KPI returns."
        ),
        demo=any(r.is_demo for r in rows),
        message=agenda_rules.changes_headline(
            then_crime, now_crime, then_status, now_status
        ),
        points=[
            {"text": p.text, "direction": p.direction, "demo": p.is_demo}
            for p in points
        ],
        slide_source=(
            "Sources: ONS recorded crime; police.uk; PES KPI returns. Full table in "
            "the board pack."
        ),
    )


BUILDERS = {
    "changes": changes_slide,
    "quartile": quartile_slide,
    "perception": perception_slide,
    "sectors": sectors_slide,
    "alignment": alignment_slide,
}


def build_slides(ctx: BoardContext, agenda: agendas.Agenda) -> list[dict]:
    """One payload per agenda item, in order."""
    slides = []
    for item in agenda.items:
        slide = BUILDERS[item.view](ctx, item)
        if slide["demo"]:
            slide["notes"] = [*slide["notes"]]
        slides.append(slide)
    return slides
