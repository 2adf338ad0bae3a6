"""The outcomes and stop and search page in real Chromium, at both sizes: all six
charts draw, a filter change rewrites the address and the figures, "Show data"
opens a table, and the console stays clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.downloads import download_rows

pytestmark = pytest.mark.browser

SECTIONS = ("groups", "types", "wards", "months", "search-months", "search-breakdown")
HEADLINE = "#justice-headline"


def open_outcomes(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(HEADLINE)).to_contain_text("stops and searches", timeout=20_000)
    page.wait_for_load_state("networkidle")


def choose(page: Page, dropdown_id: str, option: str) -> None:
    page.locator(f"#{dropdown_id}").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_page_draws_its_charts_and_a_filter_changes_url_and_figures(
    page: Page, live_server: str, screenshots_dir: Path
) -> None:
    open_outcomes(page, live_server + "/outcomes")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Outcomes and stop and search"
    )
    expect(page.locator(HEADLINE)).to_contain_text(
        "21,307 crimes with an outcome and 985 stops and searches in Peterborough"
    )
    expect(page.locator("#justice-as-at")).to_contain_text("31 December 2024")
    for section in SECTIONS:
        expect(
            page.locator(f"#justice-{section}-figure .js-plotly-plot")
        ).to_be_visible()
        expect(page.locator(f"#justice-{section}-source")).to_contain_text(
            "data.police.uk"
        )
    expect(page.locator("#justice-groups-figure")).to_contain_text(
        "Charged or summonsed"
    )
    expect(page.locator("#justice-search-breakdown-figure")).to_contain_text("White")
    expect(page.locator(".justice-page")).to_contain_text(
        "Open Government Licence v3.0 (data.police.uk)"
    )
    page.screenshot(
        path=screenshots_dir / f"outcomes-{page.size_name}.png", full_page=True
    )
    before = page.locator(HEADLINE).inner_text()
    searches_before = page.locator("#justice-search-months-summary").inner_text()

    choose(page, "justice-area", "Northern sector")
    expect(page.locator(HEADLINE)).to_contain_text("in Northern sector")
    expect(page.locator("#justice-search-months-summary")).to_contain_text(
        "Northern sector"
    )
    expect(page).to_have_url(re.compile(r"area=PES-NORTH"))
    assert page.locator(HEADLINE).inner_text() != before
    assert (
        page.locator("#justice-search-months-summary").inner_text() != searches_before
    )

    page.get_by_label("Age range").check()
    expect(page.locator("#justice-search-breakdown-summary")).to_contain_text(
        "By age range"
    )
    expect(page.locator("#justice-search-breakdown-figure")).to_contain_text("25-34")
    expect(page).to_have_url(re.compile(r"by=age"))

    # The address reproduces the view.
    page.goto(page.url)
    expect(page.locator(HEADLINE)).to_contain_text("in Northern sector", timeout=20_000)
    expect(page.locator("#justice-search-breakdown-summary")).to_contain_text(
        "By age range"
    )
    page.wait_for_load_state("networkidle")
    assert page.console_log.problems == []


def test_show_data_opens_the_table_with_its_csv_button(
    page: Page, live_server: str
) -> None:
    open_outcomes(page, live_server + "/outcomes")
    section = page.locator(".justice-section").filter(
        has=page.locator("#justice-groups-figure")
    )
    grid = page.locator("#justice-groups-grid")
    expect(grid).not_to_be_visible()
    section.get_by_text("Show data").click()
    expect(grid).to_be_visible()
    expect(grid).to_contain_text("Charged or summonsed")
    expect(grid).to_contain_text("No suspect identified")
    expect(page.locator("#justice-groups-csv")).to_be_visible()
    breakdown = page.locator(".justice-section").filter(
        has=page.locator("#justice-search-breakdown-figure")
    )
    breakdown.get_by_text("Show data").click()
    expect(page.locator("#justice-search-breakdown-grid")).to_contain_text("484")
    assert page.console_log.problems == []


def test_unknown_url_values_get_a_message_and_the_default(
    page: Page, live_server: str
) -> None:
    open_outcomes(page, live_server + "/outcomes?type=bogus&from=2024-13&by=shoe")
    message = page.locator("#justice-message")
    expect(message).to_contain_text("There is no crime type called")
    expect(message).to_contain_text("2024-13")
    expect(page.locator(HEADLINE)).to_contain_text("21,307 crimes")
    assert page.console_log.problems == []


def test_outcome_csv_holds_counts_as_numbers_and_says_what_each_row_is(
    page: Page, live_server: str
) -> None:
    open_outcomes(page, live_server + "/outcomes")
    section = page.locator(".justice-section").filter(
        has=page.locator("#justice-groups-figure")
    )
    section.get_by_text("Show data").click()
    expect(page.locator("#justice-groups-grid")).to_contain_text("Charged or summonsed")
    name, rows = download_rows(page, page.locator("#justice-groups-csv"))
    assert name == "pes-outcomes-groups-2024-12-31.csv"
    assert [name for name in rows[0]][-4:] == [
        "measure",
        "period",
        "source",
        "data_status",
    ]
    assert {row["data_status"] for row in rows} == {"real"}
    assert sum(int(row["crimes"]) for row in rows) > 0
    assert all("police.uk" in row["source"] for row in rows)
