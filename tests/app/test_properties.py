"""Property-based tests: any URL query string and any callback input gives an answer,
never a server error, never input echoed into HTML, and a plain message for nonsense.

Case counts (hypothesis examples): URL parameters 10 pages x 90 = 900; nonsense values
in known parameters 7 x 25 = 175; callback inputs 23 callbacks x 6 = 138; in all 1,213.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import dash
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from dashboard.settings import Settings
from tests import dash_client

PAGES = {
    "/": [],
    "/crime-quartile": ["offence", "period", "peer", "limits"],
    "/perception": [
        "survey",
        "question",
        "measure",
        "level",
        "wave",
        "pool",
        "min_base",
        "deff",
        "ward",
    ],
    "/sectors": ["measure", "period", "sector", "ward", "hotspots", "labels"],
    "/plan-alignment": ["pcp", "spp", "priority", "objective"],
    "/kpis": ["agency", "sector", "priority", "status", "changed", "q", "kpi"],
    "/risks": ["closed"],
    "/outcomes": ["type", "area", "from", "to", "by"],
    "/data-sources": [],
    "/no-such-view": [],
}
# The callback each page's URL state goes through, and the store the layout fills;
# None where the layout itself reads the URL state (and says what it did not know).
SETUP = {
    "/crime-quartile": (None, None, "offence"),
    "/perception": ("perception-survey", "perception-query", "question"),
    "/sectors": (None, None, "sector"),
    "/plan-alignment": ("alignment-pcp-select", "alignment-query", "pcp"),
    "/kpis": (None, None, "agency"),
    "/risks": (None, None, "closed"),
    "/outcomes": ("justice-message", "justice-query", "type"),
}
MESSAGE_WORDS = ("There is no", "showing", "not ", "instead", "unknown")

NONSENSE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE dataset; --",
    "../../etc/passwd",
    "%00",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "2025-02-30",
]
HOSTILE = st.sampled_from([*NONSENSE, "PES-NORTH", "E05010815"])
VALUES = st.one_of(HOSTILE, st.text(max_size=40))
SETTINGS = settings(
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def app(full_sqlite_url: str) -> Iterator[dash.Dash]:
    yield create_app(Settings(database_url=full_sqlite_url))


# The components allowed to hold HTML: the tables built as escaped HTML, the
# /data-sources table (tests/unit/test_data_sources.py) and the working tables of
# dashboard.ui.html_table (tests/unit/test_html_table.py), every value escaped; no
# request value reaches them unescaped, which the check below asserts too.
HTML_ALLOWED = {
    "data-sources-table-html",
    "kpis-table-html",
    "risks-table-html",
    "maps-ward-table-html",
    "perception-gap-table-html",
}


def assert_safe(component: object, raw: str) -> None:
    """No input can reach a place where the browser would run or parse it as HTML."""
    if isinstance(component, dict):
        if component.get("type") == "Markdown":
            props = component.get("props", {})
            if props.get("id") in HTML_ALLOWED:
                assert not raw or raw not in str(props.get("children")), component
            else:
                assert not props.get("dangerously_allow_html"), component
        if component.get("type") == "Purify":
            props = component.get("props", {})
            assert props.get("id") in HTML_ALLOWED, component
            # A value that could be markup never reaches the HTML as it is (a
            # plain value such as "-1" may well appear in the figures).
            if raw and set(raw) & set("<>&\"'"):
                assert raw not in str(props.get("html")), component
        if component.get("type") == "Iframe":
            assert "srcDoc" not in component.get("props", {}), component
        for key, value in component.items():
            if key in ("href", "src") and isinstance(value, str):
                assert not value.strip().lower().startswith("javascript:"), value
            assert_safe(value, raw)
    elif isinstance(component, list):
        for item in component:
            assert_safe(item, raw)


def test_layout_parameters_follow_the_pages_registered() -> None:
    create_app(Settings(database_url="sqlite:///unused.sqlite"))
    for page in dash.page_registry.values():
        named = [
            name
            for name, parameter in inspect.signature(page["layout"]).parameters.items()
            if parameter.kind is parameter.POSITIONAL_OR_KEYWORD
        ]
        if page["path"] in PAGES:
            assert set(named) <= set(PAGES[page["path"]]), page["path"]


@pytest.mark.parametrize("path", list(PAGES))
def test_any_query_string_renders_the_page_safely(app, path: str) -> None:  # type: ignore[no-untyped-def]
    client = app.server.test_client()
    keys = st.sampled_from(PAGES[path] or ["x"]) | st.text(min_size=1, max_size=12)

    @given(query=st.dictionaries(keys, VALUES, max_size=4))
    def check(query: dict[str, str]) -> None:
        search = "?" + urlencode(query) if query else ""
        index = client.get(path + search)
        # An unknown address answers 404 with the same page, whatever the query.
        assert index.status_code == (404 if path == "/no-such-view" else 200)
        html = index.get_data(as_text=True)
        for value in query.values():
            if re.search(r"<[a-z]", value):
                assert value not in html  # escaped (&lt;) wherever Dash repeats it
        response = dash_client.render_page(client, path, search)
        assert response.status_code == 200, response.data[:300]
        assert_safe(json.loads(response.get_data(as_text=True)), search)

    check = settings(SETTINGS, max_examples=90)(check)
    check()


@pytest.mark.parametrize("path", list(SETUP))
def test_nonsense_in_a_known_parameter_gets_a_plain_message(app, path: str) -> None:  # type: ignore[no-untyped-def]
    client = app.server.test_client()
    output_id, store_id, parameter = SETUP[path]
    callback = dash_client.find(app, output_id) if output_id else None

    @given(value=st.sampled_from(NONSENSE) | st.text(alphabet="xyz<>&;", min_size=3))
    def check(value: str) -> None:
        search = "?" + urlencode({parameter: value})
        layout = dash_client.text(dash_client.render_page(client, path, search))
        if callback is None:
            assert any(word in layout for word in MESSAGE_WORDS), (value, layout[:500])
            return
        store = dash_client.find_prop(json.loads(layout), store_id, "data")
        values = [
            store if (i, p) == (store_id, "data") else None for i, p in callback.inputs
        ]
        response = dash_client.call(client, callback, values)
        assert response.status_code == 200, response.data[:300]
        body = dash_client.text(response)
        shown = layout + body
        assert any(word in shown for word in MESSAGE_WORDS), (value, shown[:500])
        assert_safe(json.loads(body), value)

    settings(SETTINGS, max_examples=25)(check)()


ROWS = st.lists(
    st.dictionaries(st.sampled_from(["kpi_id", "ward_code", "risk_id"]), VALUES),
    max_size=2,
)
# What each kind of property can carry from a browser, nonsense included.
BY_PROPERTY = {
    "pathname": st.just("/") | st.text(max_size=30).map(lambda text: "/" + text),
    "n_clicks": st.none() | st.integers(min_value=0, max_value=10**9),
    "selectedRows": st.none() | ROWS,
    "clickData": st.none()
    | st.dictionaries(st.sampled_from(["properties", "id"]), VALUES, max_size=2),
    # No dropdown in the app is multi-select, so a value is never a list.
    "value": st.one_of(
        st.none(),
        VALUES,
        st.integers(min_value=-(10**12), max_value=10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
    ),
    # Stores are written by the server from the URL: a mapping of strings or None.
    "data": st.none()
    | st.dictionaries(
        st.sampled_from(
            ["kpi", "closed", "ward", "sector", "measure", "type", "from", "by", "x"]
        ),
        VALUES,
        max_size=3,
    ),
}


def values_for(properties: list[tuple[str, str]]) -> st.SearchStrategy[tuple]:
    """A strategy of input values for these (id, property) pairs."""
    return st.tuples(*[BY_PROPERTY.get(prop, VALUES) for _, prop in properties])


def test_every_server_callback_answers_any_input(app) -> None:  # type: ignore[no-untyped-def]
    client = app.server.test_client()
    callbacks = dash_client.server_callbacks(app)
    assert len(callbacks) >= 20

    for callback in callbacks:
        settings(SETTINGS, max_examples=6)(fuzz(client, callback))()


def fuzz(client, callback: dash_client.ServerCallback):  # type: ignore[no-untyped-def]
    """A hypothesis test posting generated inputs to one callback."""

    @given(values=values_for(callback.inputs), state=values_for(callback.state))
    def check(values: tuple, state: tuple) -> None:
        response = dash_client.call(client, callback, list(values), list(state))
        assert response.status_code in (200, 204), (
            callback.key,
            values,
            response.data[:300],
        )
        if response.status_code == 200:
            assert_safe(json.loads(response.get_data(as_text=True)), "")

    return check
