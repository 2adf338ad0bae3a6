"""A plotly figure held as plain data: the one way the builders make a figure.

``plotly.graph_objects.Figure`` validates every property as it is set and copies
the whole figure again to serialise it: for a 300-area chart that is 30-40 ms of
the callback's time, spent checking values our own builders wrote. ``FigureSpec``
is the figure's JSON form (a dict with ``data`` and ``layout``, which is what Dash
sends to the browser anyway) with the few ``go.Figure`` methods the builders use.
Every builder in ``dashboard.figures`` starts from ``theme.board_figure`` (a
FigureSpec with the board-room template) or returns ``theme.empty_figure``.
The tests pass every builder's output through ``go.Figure`` so a misspelt
property still fails there.

Numeric arrays: one approach, plain lists or numpy arrays (pandas Series and
Index are turned into numpy arrays here), written out by plotly's JSON encoder as
ordinary JSON numbers (NaN as null, dates as ISO strings). Builders do no encoding
of their own, the values stay readable in tests and in the board pack's JSON,
and plotly.js draws them exactly as the base64 typed arrays ``go.Figure`` would
have sent; those would only save bytes, and these charts hold a few hundred
points at most.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.io as pio

# Keyword arguments like ``title_text`` mean ``title={"text": ...}``, as in plotly.
_NESTED_PREFIXES = ("title",)

# The trace types the browser can draw: its plotly.js bundle (assets/, see
# assets/LICENSE-plotly.js.txt) holds only these. A trace of another type would draw
# nothing on screen, so building one fails here, and in its tests, instead.
BROWSER_TRACE_TYPES = frozenset({"bar", "pie", "scatter"})


def _drawable(trace: dict[str, Any]) -> dict[str, Any]:
    kind = trace.get("type", "scatter")  # plotly's default trace type
    if kind not in BROWSER_TRACE_TYPES:
        raise ValueError(
            f"The browser's plotly.js bundle cannot draw a {kind!r} trace; it has "
            f"{', '.join(sorted(BROWSER_TRACE_TYPES))}. Use a bundle with it first."
        )
    return trace


def _plain(value: Any) -> Any:
    """pandas containers as numpy arrays (plotly's JSON encoder writes those fast)."""
    if isinstance(value, pd.Series | pd.Index):
        return value.to_numpy()
    return value


def _expand(updates: dict[str, Any]) -> dict[str, Any]:
    """``{"title_text": "x"}`` -> ``{"title": {"text": "x"}}``; None means unset."""
    expanded: dict[str, Any] = {}
    for key, value in updates.items():
        if value is None:
            continue
        prefix, _, rest = key.partition("_")
        if rest and prefix in _NESTED_PREFIXES:
            _merge(expanded, {prefix: {rest: value}})
        else:
            _merge(expanded, {key: _plain(value)})
    return expanded


def _merge(target: dict[str, Any], updates: dict[str, Any]) -> None:
    """Merge nested dicts into ``target``; anything else (lists too) replaces."""
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        elif isinstance(value, dict):
            target[key] = {}
            _merge(target[key], value)
        else:
            target[key] = value


class FigureSpec(dict):
    """``{"data": [...], "layout": {...}}`` with go.Figure's building methods."""

    def __init__(
        self,
        data: list[dict[str, Any]] | None = None,
        layout: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            data=[_drawable(trace) for trace in data or []], layout=dict(layout or {})
        )

    @property
    def traces(self) -> list[dict[str, Any]]:
        return self["data"]

    @property
    def layout(self) -> dict[str, Any]:
        return self["layout"]

    def add_trace_of(self, kind: str, **properties: Any) -> FigureSpec:
        trace = {"type": kind}
        _merge(trace, {k: _plain(v) for k, v in properties.items() if v is not None})
        self.traces.append(_drawable(trace))
        return self

    def add_bar(self, **properties: Any) -> FigureSpec:
        return self.add_trace_of("bar", **properties)

    def add_scatter(self, **properties: Any) -> FigureSpec:
        return self.add_trace_of("scatter", **properties)

    def add_annotation(self, **properties: Any) -> FigureSpec:
        annotation: dict[str, Any] = {}
        _merge(annotation, {k: v for k, v in properties.items() if v is not None})
        self.layout.setdefault("annotations", []).append(annotation)
        return self

    def add_shape(self, **properties: Any) -> FigureSpec:
        shape: dict[str, Any] = {}
        _merge(shape, {k: v for k, v in properties.items() if v is not None})
        self.layout.setdefault("shapes", []).append(shape)
        return self

    def update_layout(self, **updates: Any) -> FigureSpec:
        _merge(self.layout, _expand(updates))
        return self

    def update_xaxes(self, **updates: Any) -> FigureSpec:
        return self.update_layout(xaxis=_expand(updates))

    def update_yaxes(self, **updates: Any) -> FigureSpec:
        return self.update_layout(yaxis=_expand(updates))

    def to_json(self) -> str:
        return pio.to_json(self, validate=False)
