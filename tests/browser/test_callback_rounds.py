"""Chart pages (and the sector map) draw in one round of callbacks: the callback
that draws a page's charts is sent in the first round after Dash's page router has
answered, not after other callbacks of the page have filled its controls."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CHART = ".js-plotly-plot .main-svg g.trace"
# A page, an output only the callback that draws it writes, and what it draws.
CHART_CALLBACKS = {
    "/crime-quartile": ("quartile-rank-sentence.children", CHART),
    "/crime-quartile?offence=robbery&peer=region": (
        "quartile-rank-sentence.children",
        CHART,
    ),
    "/perception": ("perception-quadrant.children", CHART),
    "/outcomes": ("justice-headline.children", CHART),
    "/sectors": ("maps-wards-layer.data", ".pes-map path"),
    "/sectors?measure=crime-all&period=12m-2025-06": (
        "maps-wards-layer.data",
        ".pes-map path",
    ),
}


# Records, in the page, when each callback request was sent and answered.
RECORD_CALLBACKS = """
(() => {
  const calls = [];
  window.__callbacks = calls;
  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    const answer = originalFetch.apply(this, arguments);
    const address = typeof input === "string" ? input : input.url;
    if (!String(address).includes("_dash-update-component")) return answer;
    const call = {sent: performance.now(), done: null, output: ""};
    try { call.output = JSON.parse(init.body).output; } catch (error) {}
    calls.push(call);
    const finish = () => { call.done = performance.now(); };
    answer.then((response) => response.clone().text().then(finish, finish), finish);
    return answer;
  };
})();
"""


def rounds(calls: list[dict]) -> dict[str, int]:
    """Each callback's first round: 1 + the latest round among the callbacks
    answered before it was sent (the page router's request is round 1)."""
    depth: list[int] = []
    found: dict[str, int] = {}
    for index, call in enumerate(calls):
        before = [
            depth[i]
            for i in range(index)
            if calls[i]["done"] is not None and calls[i]["done"] <= call["sent"]
        ]
        depth.append(1 + max(before, default=0))
        found.setdefault(str(call["output"]), depth[-1])
    return found


@pytest.mark.parametrize("path", list(CHART_CALLBACKS))
def test_a_chart_page_draws_in_its_first_round(
    page: Page, live_server: str, path: str
) -> None:
    output, drawn = CHART_CALLBACKS[path]
    page.add_init_script(RECORD_CALLBACKS)
    page.goto(live_server + path)
    expect(page.locator(drawn).first).to_be_attached(timeout=30_000)
    for _ in range(60):  # until the drawing callback's answer is in
        calls = page.evaluate("() => window.__callbacks")
        if any(output in call["output"] and call["done"] for call in calls):
            break
        page.wait_for_timeout(500)
    page.wait_for_load_state("networkidle")
    found = rounds(page.evaluate("() => window.__callbacks"))
    router = [key for key in found if "_pages_content.children" in key]
    assert router and found[router[0]] == 1
    [charts] = [key for key in found if output in key]
    assert found[charts] == 2, found
    assert page.console_log.problems == []
