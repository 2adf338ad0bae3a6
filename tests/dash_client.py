"""Calling a Dash app's server callbacks through Flask's test client, as the browser does."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dash import Dash


@dataclass(frozen=True)
class ServerCallback:
    """One server-side callback: its output key, outputs, inputs and states."""

    key: str
    outputs: list[tuple[str, str]]
    inputs: list[tuple[str, str]]
    state: list[tuple[str, str]]


def _split(key: str) -> list[tuple[str, str]]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    # An output that may be written by two callbacks carries '@' and a digest.
    return [tuple(part.split("@", 1)[0].rsplit(".", 1)) for part in parts]  # type: ignore[misc]


def _wildcard_all(ident: str) -> bool:
    """A pattern-matching id whose wildcards are all ALL (such as the pages'
    shown-period stores the shell reads)."""
    return ident.startswith("{") and '"ALL"' in ident and "MATCH" not in ident


def server_callbacks(app: Dash, *, dict_outputs: bool = False) -> list[ServerCallback]:
    """Every server callback without pattern-matching outputs (with
    ``dict_outputs``, also those whose dict ids name one component), in
    registration order; an ALL-pattern input is sent as one matching component
    (its value) or none (None)."""
    found = []
    for key, spec in app.callback_map.items():
        if "callback" not in spec or ('["' in key if dict_outputs else "{" in key):
            continue
        inputs = [(i["id"], i["property"]) for i in spec["inputs"]]
        if any(i.startswith("{") and not _wildcard_all(i) for i, _ in inputs):
            continue
        found.append(
            ServerCallback(
                key=key,
                outputs=_split(key),
                inputs=inputs,
                state=[(s["id"], s["property"]) for s in spec["state"]],
            )
        )
    return found


def find(app: Dash, output_id: str) -> ServerCallback:
    """The server callback that writes to the component ``output_id``."""
    for callback in server_callbacks(app, dict_outputs=True):
        if any(ident == output_id for ident, _ in callback.outputs):
            return callback
    raise KeyError(output_id)


def call(  # type: ignore[no-untyped-def]
    client,
    callback: ServerCallback,
    values: Sequence[object],
    state: Sequence[object] | None = None,
):
    """POST one update as the browser would; returns the Flask response."""
    state = list(state) if state is not None else [None] * len(callback.state)
    payload = {
        "output": callback.key,
        "outputs": [{"id": _ident(i), "property": p} for i, p in callback.outputs]
        if callback.key.startswith("..")
        else {"id": _ident(callback.outputs[0][0]), "property": callback.outputs[0][1]},
        "inputs": [
            _input(i, p, v) for (i, p), v in zip(callback.inputs, values, strict=True)
        ],
        "changedPropIds": [
            f"{i}.{p}" for i, p in callback.inputs if not i.startswith("{")
        ],
        "state": [
            {"id": i, "property": p, "value": v}
            for (i, p), v in zip(callback.state, state, strict=True)
        ],
    }
    return client.post("/_dash-update-component", json=payload)


def _ident(ident: str) -> object:
    """A component id as the browser sends it: a dict id (such as a page's
    shown-period store) as the dict."""
    return json.loads(ident) if ident.startswith("{") else ident


def _input(ident: str, prop: str, value: object) -> object:
    if not _wildcard_all(ident):
        return {"id": ident, "property": prop, "value": value}
    if value is None:
        return []
    concrete = {
        name: "x" if part == ["ALL"] else part
        for name, part in json.loads(ident).items()
    }
    return [{"id": concrete, "property": prop, "value": value}]


def text(response) -> str:  # type: ignore[no-untyped-def]
    """A callback response as JSON text with escapes ('\\u002f') read as themselves."""
    return json.dumps(json.loads(response.get_data(as_text=True)))


def render_page(client, pathname: str, search: str = "", headers=None):  # type: ignore[no-untyped-def]
    """What Dash's page router answers for a URL (the Flask response); ``headers``
    are sent with the request."""
    payload = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
    return client.post("/_dash-update-component", json=payload, headers=headers)


def overview_slot(client, name: str):  # type: ignore[no-untyped-def]
    """What the overview's slot callback answers for the tile provider ``name``."""
    slot = {"index": name, "type": "overview-slot"}
    store = {"index": name, "type": "overview-provider"}
    payload = {
        "output": '{"index":["MATCH"],"type":"overview-slot"}.children',
        "outputs": {"id": slot, "property": "children"},
        "inputs": [{"id": store, "property": "data", "value": name}],
        "changedPropIds": [json.dumps(store, separators=(",", ":")) + ".data"],
        "state": [],
    }
    return client.post("/_dash-update-component", json=payload)


def overview_text(client) -> str:  # type: ignore[no-untyped-def]
    """Everything the overview shows, as the browser fills it: the slots and the
    as-at sentence, then each slot's tiles (JSON text)."""
    payload = {
        "output": "..overview-tiles.children...overview-as-at.children..",
        "outputs": [
            {"id": "overview-tiles", "property": "children"},
            {"id": "overview-as-at", "property": "children"},
        ],
        "inputs": [{"id": "overview-trigger", "property": "data", "value": True}],
        "changedPropIds": ["overview-trigger.data"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.data[:500]
    names = re.findall(r'"type": "overview-provider", "index": "(\w+)"', text(response))
    names += re.findall(
        r'"index": "(\w+)", "type": "overview-provider"', text(response)
    )
    assert names, "the overview laid out no tile slots"
    parts = [text(response)]
    for name in names:
        slot = overview_slot(client, name)
        assert slot.status_code == 200, slot.data[:500]
        parts.append(text(slot))
    return "\n".join(parts)


def shell(client, app: Dash, path: str, shown: Sequence[tuple[str, object]] = ()):  # type: ignore[no-untyped-def]
    """POST the shell's callback for a path, with the pages' shown-period stores
    (page name, ISO date) as the browser sends them; returns the Flask response."""
    key = next(k for k in app.callback_map if "shell-data-error" in k)
    payload = {
        "output": key,
        "outputs": [{"id": i, "property": p} for i, p in _split(key)],
        "inputs": [
            {"id": "shell-url", "property": "pathname", "value": path},
            [
                {
                    "id": {"page": page, "type": "shown-period"},
                    "property": "data",
                    "value": value,
                }
                for page, value in shown
            ],
        ],
        "changedPropIds": ["shell-url.pathname"],
        "state": [],
    }
    return client.post("/_dash-update-component", json=payload)


def find_prop(tree: object, ident: str, prop: str) -> object:
    """A component's property in a rendered layout or response (JSON form), or
    None where no component has that id."""
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and props.get("id") == ident:
            return props.get(prop)
        for value in tree.values():
            found = find_prop(value, ident, prop)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for item in tree:
            found = find_prop(item, ident, prop)
            if found is not None:
                return found
    return None
