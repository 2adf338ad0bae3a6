"""Layout pieces built without Dash's component classes send the same JSON."""

from __future__ import annotations

import json

from dash import html
from plotly.utils import PlotlyJSONEncoder

from dashboard.components import element


def sent(value: object) -> object:
    """What Dash writes into a callback response for ``value``."""
    return json.loads(json.dumps(value, cls=PlotlyJSONEncoder))


def test_element_is_the_json_of_the_html_component() -> None:
    cell_id = {"type": "alignment-cell", "row": "pes-asb", "col": "pcp-2021-1"}
    built = element(
        "Td",
        element(
            "Button",
            [
                element("Span", "●●", className="cell-dots"),
                " ",
                "Moderate",
                element("Span", " (the full sentence)", className="visually-hidden"),
            ],
            id=cell_id,
            className="align-cell strength-2",
            title="the full sentence",
        ),
    )
    component = html.Td(
        html.Button(
            [
                html.Span("●●", className="cell-dots"),
                " ",
                "Moderate",
                html.Span(" (the full sentence)", className="visually-hidden"),
            ],
            id=cell_id,
            className="align-cell strength-2",
            title="the full sentence",
        )
    )
    assert sent(built) == sent(component)
    # Inside a component's children too, and with no children at all.
    assert sent(html.Tr([element("Td", "x"), html.Td("y")])) == sent(
        html.Tr([html.Td("x"), html.Td("y")])
    )
    assert sent(element("Div", className="empty")) == sent(html.Div(className="empty"))


def test_choice_message_is_an_error_a_warning_or_nothing() -> None:
    from dashboard.components import choice_message

    error = choice_message("The database did not answer.", failed=True)
    warning = choice_message("No such period; showing June 2025.", class_name="x")
    assert error.color == "danger" and error.className == "pes-error"
    assert warning.color == "warning" and warning.className == "x"
    assert choice_message(None) is None
