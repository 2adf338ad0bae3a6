"""Pages that draw no grid or map on opening load dash-ag-grid and dash-leaflet after
drawing (dashboard/deferred_libraries.py): the libraries arrive, a "Show data"
block opened at once still gets its grid, and a move to the map works whether the
libraries have arrived (in place, as Dash moves) or not (a full page load)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

MAP = "#maps-map"


def _libraries(page: Page) -> dict:
    return page.evaluate(
        "() => ({grid: !!window.dash_ag_grid, map: !!window.dash_leaflet,"
        " ready: !!window.pesLibrariesReady})"
    )


def test_libraries_arrive_after_drawing_and_the_map_opens_in_place(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/data-sources")
    expect(page.locator("#data-sources-grid")).to_be_visible(timeout=15_000)
    page.wait_for_function("() => window.pesLibrariesReady === true", timeout=15_000)
    assert _libraries(page) == {"grid": True, "map": True, "ready": True}
    page.evaluate("() => { window.__samePage = true; }")
    page.get_by_role("link", name="Sector maps").click()
    expect(page.locator(MAP)).to_be_visible(timeout=15_000)
    expect(page.locator(".leaflet-container")).to_be_visible()
    # Moved in place: the page's own scripts did not run again.
    assert page.evaluate("() => window.__samePage === true")
    assert page.console_log.problems == []


def test_before_the_libraries_arrive_a_link_is_a_full_page_load(
    page: Page, live_server: str
) -> None:
    # Held back (refused) on the first page only: the libraries never arrive there.
    page.route(
        lambda url: "dash_ag_grid/" in url or "dash_leaflet/" in url,
        lambda route: (
            route.abort() if "/sectors" not in page.url else route.continue_()
        ),
    )
    page.goto(live_server + "/crime-quartile")
    expect(page.locator("#quartile-rank-sentence")).to_contain_text(
        "rank", timeout=15_000
    )
    assert _libraries(page)["ready"] is False
    page.evaluate("() => { window.__samePage = true; }")
    page.get_by_role("link", name="Sector maps").click()
    expect(page.locator(MAP)).to_be_visible(timeout=15_000)
    expect(page.locator(".leaflet-container")).to_be_visible()
    assert page.evaluate("() => window.__samePage") is None  # a new page
    # The map's page drew with its map library and loads the grid's after drawing.
    assert _libraries(page)["map"]
    page.wait_for_function("() => window.pesLibrariesReady === true", timeout=15_000)
    assert _libraries(page)["grid"]
    problems = [p for p in page.console_log.problems if "net::ERR_FAILED" not in p]
    assert problems == []


def test_a_show_data_block_opened_at_once_waits_for_its_grid(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/outcomes")
    summary = page.locator(".justice-section").first.get_by_text("Show data")
    summary.click()
    expect(page.locator(".justice-section").first.locator(".ag-root")).to_be_visible(
        timeout=15_000
    )
    assert _libraries(page)["grid"]
    assert page.console_log.problems == []
