"""Every page in real Chromium: what a person sees, the keyboard route, a clean console."""

from __future__ import annotations

import re
from pathlib import Path

import dash
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGES = {
    "overview": ("/", "Prevention and Enforcement Service: board overview"),
    "data-sources": ("/data-sources", "Data and sources"),
    "outcomes": ("/outcomes", "Outcomes and stop and search"),
    "not-found": ("/no-such-view", "This page does not exist"),
}


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#shell-as-at")).not_to_be_empty(timeout=15_000)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_shows_its_content_and_as_at(
    page: Page, live_server: str, screenshots_dir: Path, name: str
) -> None:
    path, heading = PAGES[name]
    open_page(page, live_server + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if name != "not-found":
        expect(page.locator("#shell-as-at")).to_contain_text("Data as at")
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=screenshots_dir / f"{name}-{page.size_name}.png", full_page=True
    )
    log = page.console_log
    assert (log.besides_not_found() if name == "not-found" else log.problems) == []


def test_overview_shows_real_peterborough_rate_and_rank(
    page: Page, live_server: str
) -> None:
    open_page(page, live_server + "/")
    tiles = page.locator("#overview-tiles")
    expect(tiles).to_contain_text("105.1", timeout=15_000)
    expect(tiles).to_contain_text("offences per 1,000 residents")
    expect(tiles).to_contain_text("mid-2023")
    expect(tiles).to_contain_text(re.compile(r"\d+ of 298"))
    expect(tiles).to_contain_text("highest-rate quartile")
    assert page.console_log.problems == []


def test_data_sources_lists_real_and_demo_datasets(
    page: Page, live_server: str
) -> None:
    open_page(page, live_server + "/data-sources")
    table = page.locator("#data-sources-grid")
    expect(table).to_contain_text(
        "Police recorded crime by Community Safety Partnership"
    )
    expect(table).to_contain_text("Open Government Licence v3.0")
    expect(table).to_contain_text("data.police.uk")
    expect(table.locator(".badge-demo").first).to_have_text("DEMO")
    expect(page.locator("#shell-demo-banner")).to_contain_text("DEMO DATA")
    # the source addresses are links; text without one stays text
    expect(
        table.locator("a.pes-source-link[href^='https://www.cambridgeshire-pcc']").first
    ).to_be_visible()
    # each kind of data has its own word; the filter shows one kind
    expect(table.locator("tr[data-status='computed'] .badge-computed")).to_have_text(
        "Computed"
    )
    page.get_by_label("Computed", exact=True).check()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Most similar groups")
    expect(page.locator("#data-sources-summary")).to_contain_text(
        "Showing the 1 computed."
    )
    assert page.console_log.problems == []


def test_navbar_works_by_keyboard(page: Page, live_server: str) -> None:
    open_page(page, live_server + "/")
    # Tab from the top: skip link, brand, then the view links in order.
    link = page.get_by_role("link", name="Data and sources", exact=True).first
    for _ in range(15):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the Data and sources link was not reached by Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/data-sources")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data and sources")
    assert page.console_log.problems == []


def test_skip_link_is_first_and_moves_focus_to_main(
    page: Page, live_server: str
) -> None:
    open_page(page, live_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_as_at_and_demo_state_are_in_the_first_screen_of_every_page(
    page: Page, live_server: str
) -> None:
    # Every view in the navbar but the presenter, which shows its own as-at on
    # every slide.
    views = [p["path"] for p in dash.page_registry.values() if p.get("nav")]
    views.remove("/board")
    assert len(views) >= 9
    height = page.viewport_size["height"]
    for path in views:
        open_page(page, live_server + path)
        as_at = page.locator("#shell-as-at")
        expect(as_at).to_contain_text("Data as at")
        state = page.locator("#shell-demo-banner")
        expect(state).to_contain_text(re.compile("DEMO DATA"))
        for element in (as_at, state):
            box = element.bounding_box()
            assert box is not None and box["y"] + box["height"] <= height, path
    assert page.console_log.problems == []


def test_unknown_address_answers_404_with_the_friendly_page(
    page: Page, live_server: str
) -> None:
    response = page.goto(live_server + "/no-such-view")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This page does not exist"
    )
    expect(page.get_by_role("link", name="Data and sources").last).to_be_visible()
