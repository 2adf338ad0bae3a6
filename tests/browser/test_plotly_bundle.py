"""The charts are drawn by the basic plotly.js bundle, fetched from the address
dcc.Graph asks for plotly.js only by a page that draws a chart; the full bundle is
never sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from plotly.offline import get_plotlyjs_version

pytestmark = pytest.mark.browser

PLOTLY_JS = "/plotly/package_data/plotly.min.js"
CHART_PAGES = ["/crime-quartile", "/perception", "/outcomes", "/board"]
PAGES_WITHOUT_CHARTS = ["/", "/risks", "/data-sources", "/plan-alignment"]


@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_are_drawn_with_the_basic_bundle(
    page: Page, live_server: str, path: str
) -> None:
    sizes: list[int] = []
    page.on(
        "response",
        lambda response: (
            sizes.append(len(response.body())) if PLOTLY_JS in response.url else None
        ),
    )
    page.goto(live_server + path)
    expect(page.locator(".js-plotly-plot .main-svg g.trace").first).to_be_attached(
        timeout=30_000
    )
    page.wait_for_load_state("networkidle")
    # One fetch of plotly.js, and it is the basic bundle (1.2 MB, not 4.8 MB).
    assert len(sizes) == 1 and sizes[0] < 1_500_000, sizes
    assert page.evaluate("() => window.Plotly.version") == get_plotlyjs_version()
    assert page.console_log.problems == []


@pytest.mark.parametrize("path", PAGES_WITHOUT_CHARTS)
def test_a_page_without_a_chart_loads_no_plotly(
    page: Page, live_server: str, path: str
) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(live_server + path)
    expect(page.locator("#shell-as-at")).to_contain_text("Data as at", timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "plotly" in url]
    assert page.evaluate("() => typeof window.Plotly") == "undefined"
