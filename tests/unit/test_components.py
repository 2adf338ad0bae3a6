"""Layout pieces built without Dash's component classes send the same JSON."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from dash import html
from plotly.utils import PlotlyJSONEncoder

import dashboard
from dashboard.components import element, graph_config


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


def test_graph_config_offers_only_the_png_download_named_for_the_view() -> None:
    config = graph_config("crime-quartile-trend")
    assert config["modeBarButtons"] == [["toImage"]]
    assert config["toImageButtonOptions"]["filename"] == "pes-crime-quartile-trend"
    assert config["toImageButtonOptions"]["format"] == "png"
    # Nothing that sends the chart to Plotly's cloud or Chart Studio.
    assert config["showSendToCloud"] is False
    assert config["showEditInChartStudio"] is False
    assert config["showLink"] is False
    assert config["displaylogo"] is False
    assert "width" not in config["toImageButtonOptions"]
    assert graph_config("board", width=1600)["toImageButtonOptions"]["width"] == 1600


def _graph_configs() -> list[tuple[str, ast.expr | None]]:
    """(where, the config argument) of every dcc.Graph(...) in the app's code."""
    found = []
    for path in sorted(Path(dashboard.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "Graph"
            ):
                config = next(
                    (k.value for k in node.keywords if k.arg == "config"), None
                )
                found.append((f"{path.name}:{node.lineno}", config))
    return found


def test_every_graph_in_the_app_uses_the_one_config() -> None:
    configs = _graph_configs()
    assert len(configs) >= 7
    for where, config in configs:
        calls = (
            [
                node.func.id
                for node in ast.walk(config)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            ]
            if config is not None
            else []
        )
        assert "graph_config" in calls, f"{where}: dcc.Graph without graph_config"


def test_choice_message_is_an_error_a_warning_or_nothing() -> None:
    from dashboard.components import choice_message

    error = choice_message("The database did not answer.", failed=True)
    warning = choice_message("No such period; showing June 2025.", class_name="x")
    assert error.color == "danger" and error.className == "pes-error"
    assert warning.color == "warning" and warning.className == "x"
    assert choice_message(None) is None
