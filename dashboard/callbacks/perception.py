"""Perceived against recorded crime: the page's callbacks and the Overview tile.
The state, data and sentences live in ``dashboard.views.perception``; the sections'
components in ``perception_sections``; this module only wires them."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.callbacks.evidence_components import asb_block
from dashboard.callbacks.perception_sections import (
    gap_section,
    gap_table,
    quadrant_section,
    trend_section,
)
from dashboard.components import data_error, headline_tile
from dashboard.ui.export import csv_text
from dashboard.ui.grid import register_csv_export
from dashboard.ui.url_sync import register_url_sync
from dashboard.views.perception import data, text
from dashboard.views.perception.state import (
    PerceptionState,
    normalise_state,
    to_query,
)
from data_access.engine import DataUnavailableError
from data_access.queries.crime import UnknownChoiceError

# The URL query parameter and the control behind it, in the order the address
# lists them (the state's field order; the query string is made from the state's
# ``to_query``).
CONTROL_FIELDS: tuple[tuple[str, str], ...] = (
    ("survey", ids.Perception.SURVEY),
    ("question", ids.Perception.QUESTION),
    ("measure", ids.Perception.MEASURE),
    ("level", ids.Perception.LEVEL),
    ("wave", ids.Perception.WAVE),
    ("pool", ids.Perception.POOL),
    ("min_base", ids.Perception.MIN_BASE),
    ("deff", ids.Perception.DESIGN_EFFECT),
    ("ward", ids.Perception.WARD),
)

# Each control's options (where it has them) and value, and the message box.
CONTROL_OUTPUTS = {
    "survey_options": Output(ids.Perception.SURVEY, "options"),
    "survey": Output(ids.Perception.SURVEY, "value"),
    "question_options": Output(ids.Perception.QUESTION, "options"),
    "question": Output(ids.Perception.QUESTION, "value"),
    "wave_options": Output(ids.Perception.WAVE, "options"),
    "wave": Output(ids.Perception.WAVE, "value"),
    "ward_options": Output(ids.Perception.WARD, "options"),
    "ward": Output(ids.Perception.WARD, "value"),
    "measure": Output(ids.Perception.MEASURE, "value"),
    "level": Output(ids.Perception.LEVEL, "value"),
    "pool": Output(ids.Perception.POOL, "value"),
    "min_base": Output(ids.Perception.MIN_BASE, "value"),
    "deff": Output(ids.Perception.DESIGN_EFFECT, "value"),
    "message": Output(ids.Perception.MESSAGE, "children"),
}


def _no_controls(message: object) -> dict:
    """Every control empty, with a message box saying why."""
    empty = {key: None for key in CONTROL_OUTPUTS}
    for key in ("survey", "question", "wave", "ward"):
        empty[f"{key}_options"] = []
    return {**empty, "message": message}


def control_values(
    state: PerceptionState, choices: data.Choices, messages: list[str]
) -> dict:
    """Options and values for every control, and the message box, for a state."""
    waves = choices.waves.get(state.survey, pd.DataFrame(columns=["wave"]))
    return {
        "survey_options": [
            {
                "label": row.survey_name + ("" if row.is_demo else " (real)"),
                "value": row.survey_id,
            }
            for row in choices.surveys.itertuples()
        ],
        "survey": state.survey,
        "question_options": [
            {"label": row.short_label, "value": row.question_code}
            for row in choices.questions.itertuples()
        ],
        "question": state.question,
        "wave_options": [{"label": wave, "value": wave} for wave in waves.wave[::-1]],
        "wave": state.wave,
        "ward_options": [{"label": "The ward with the largest gap", "value": ""}]
        + [
            {"label": row.ward_name, "value": row.ward_code}
            for row in choices.wards.sort_values("ward_name").itertuples()
        ],
        "ward": state.ward,
        "measure": state.measure,
        "level": state.level,
        "pool": state.pool,
        "min_base": state.min_base,
        "deff": state.deff,
        "message": (
            dbc.Alert([html.Div(line) for line in messages], color="warning")
            if messages
            else None
        ),
    }


def init_controls(
    engine: Engine, query: Mapping[str, object] | None, current: Mapping[str, object]
) -> dict:
    """Controls from the URL (first load) or from the controls (survey changed)."""
    try:
        choices = data.kept_choices(engine)
    except DataUnavailableError as error:
        return _no_controls(data_error(str(error)))
    if not len(choices.surveys):
        return _no_controls(data_error(text.NO_LOCAL_SURVEY))
    survey_changed = ctx.triggered_id == ids.Perception.SURVEY
    raw = dict(current) if survey_changed else dict(query or {})
    if survey_changed:  # a new survey has its own waves and design effect
        raw["wave"] = ""
        raw["deff"] = ""
    state, messages = normalise_state(raw, choices)
    return control_values(state, choices, messages)


def perception_content(engine: Engine, values: Mapping[str, object]) -> dict:
    """The three sections for the control values, or an error box in each."""
    try:
        choices = data.kept_choices(engine)
        state, _ = normalise_state(values, choices)
        view = data.view(engine, state, choices)
    except (DataUnavailableError, UnknownChoiceError, KeyError) as error:
        box = [data_error(str(error))]
        return {"quadrant": box, "trend": box, "gap": box, "shown": None}
    return {
        "quadrant": quadrant_section(view),
        "trend": trend_section(view),
        "gap": gap_section(view),
        "shown": data.shown_end(view).isoformat(),
    }


def gap_csv(engine: Engine, values: Mapping[str, object]) -> dict:
    """The gap table's CSV, for the controls' values (``dashboard.ui.export``)."""
    try:
        choices = data.kept_choices(engine)
        state, _ = normalise_state(values, choices)
        view = data.view(engine, state, choices)
    except (DataUnavailableError, UnknownChoiceError, KeyError):
        raise PreventUpdate from None
    table, rows = gap_table(view)
    return dcc.send_string(csv_text(rows, table.export_columns), table.file_name)


def perception_tiles(engine: Engine) -> list:
    """Sectors where residents feel less safe than recorded crime suggests."""
    view = data.opening_view(engine)
    if view is None or not view.window_covered:
        return []
    ranked, worse = data.tile_areas(view)
    return [
        headline_tile(
            label=text.TILE_LABEL,
            value=f"{len(worse)} of {len(ranked)}",
            unit="sectors",
            details=[text.tile_lead(view, ranked, worse), text.tile_period(view)],
            link=("Perceived and recorded crime", "/perception"),
            demo=view.demo,
        )
    ]


def page_content(
    engine: Engine, query: Mapping[str, object] | None, values: Mapping[str, object]
) -> dict:
    """Everything the page's one callback sends: the controls (from the URL on
    first load, or after the survey changed; else left as they are), the three
    sections for the controls' values, and the address's query string."""
    if ctx.triggered_id in (None, ids.Perception.QUERY, ids.Perception.SURVEY):
        controls = init_controls(engine, query, values)
        values = {name: controls[name] for name, _ in CONTROL_FIELDS}
    else:
        controls = {key: no_update for key in CONTROL_OUTPUTS}
    if not values["question"] or not values["wave"] or not values["survey"]:
        sections = {"quadrant": no_update, "trend": no_update, "gap": no_update}
        return {**controls, **sections, "shown": no_update, "search": no_update}
    return {
        **controls,
        **perception_content(engine, values),
        "search": to_query(values),
    }


def register(app: Dash, engine: Engine) -> None:
    """Wire the perception page: one callback turns the URL or the controls into
    the controls and the sections, so the page draws in one round; then URL sync
    and exports."""
    app.callback(
        output={
            **CONTROL_OUTPUTS,
            "quadrant": Output(ids.Perception.QUADRANT, "children"),
            "trend": Output(ids.Perception.TREND, "children"),
            "gap": Output(ids.Perception.GAP, "children"),
            "shown": Output(ids.shown_period("perception"), "data"),
            "search": Output(ids.Perception.URL_SYNC, "data"),
        },
        inputs={
            "query": Input(ids.Perception.QUERY, "data"),
            "values": {
                name: Input(component, "value") for name, component in CONTROL_FIELDS
            },
        },
    )(lambda query, values: page_content(engine, query, values))
    register_url_sync(
        app, ids.Perception.URL_SYNC, (ids.Perception.URL_SINK, "children")
    )

    def evidence(_query: object) -> list:
        return asb_block(engine)

    app.callback(
        Output(ids.Perception.EVIDENCE, "children"),
        Input(ids.Perception.QUERY, "data"),
    )(evidence)
    for grid, button in (
        (ids.Perception.QUADRANT_GRID, ids.Perception.QUADRANT_EXPORT),
        (ids.Perception.TREND_GRID, ids.Perception.TREND_EXPORT),
    ):
        register_csv_export(app, button, grid)
    app.callback(
        Output(ids.Perception.GAP_CSV, "data"),
        inputs={"_clicks": Input(ids.Perception.GAP_EXPORT, "n_clicks")},
        state={
            "values": {
                name: State(component, "value") for name, component in CONTROL_FIELDS
            }
        },
        prevent_initial_call=True,
    )(lambda _clicks, values: gap_csv(engine, values))
