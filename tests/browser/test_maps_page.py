"""Sector maps in real Chromium: click a ward, pick one by keyboard, open a URL naming
one, a clean console, and no request leaving the machine."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.downloads import PROVENANCE, download_rows

pytestmark = pytest.mark.browser

PANEL = "#maps-ward-panel"


def open_maps(page: Page, url: str) -> list[str]:
    """Open the page, wait for the map's labels; return every requested URL."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    expect(page.locator("#shell-as-at")).to_contain_text("Data as at", timeout=15_000)
    expect(page.locator(".pes-map-label").first).to_be_visible(timeout=15_000)
    return requests


def label_point(page: Page, ward: str) -> dict:
    """Where on the page a ward's label hangs from: a point inside the ward."""
    anchor = page.locator(
        ".pes-label-anchor", has=page.locator(f".pes-ward-label[data-code='{ward}']")
    )
    box = anchor.bounding_box()
    assert box is not None
    return box


def assert_local_only(requests: list[str], base: str) -> None:
    host = urlparse(base).hostname
    outside = [url for url in requests if urlparse(url).hostname != host]
    assert outside == []


def test_clicking_a_ward_opens_its_panel(
    page: Page, live_server: str, screenshots_dir: Path
) -> None:
    requests = open_maps(page, live_server + "/sectors")
    # The page opens on the latest real police.uk month.
    expect(page.locator("#maps-legend")).to_contain_text("December 2025")
    expect(page.locator("#maps-legend")).to_contain_text("Recorded crime")
    expect(page.locator("#maps-legend")).to_contain_text("2.5 to under")
    expect(page.locator(PANEL)).to_contain_text("No ward selected")
    # Labels hang from a point inside each ward and let clicks through to it.
    expect(page.locator(".pes-map-label", has_text="23.3")).to_be_visible()
    box = label_point(page, "E05010807")
    page.mouse.click(box["x"], box["y"])
    expect(page.locator(PANEL)).to_contain_text("Central", timeout=10_000)
    expect(page.locator(PANEL)).to_contain_text("Eastern sector")
    expect(page.locator(PANEL)).to_contain_text("340 incidents ÷ 14,617 residents")
    expect(page.locator(PANEL)).to_contain_text("Top categories in this ward")
    expect(page).to_have_url(
        live_server + "/sectors?measure=crime-all&period=2025-12&ward=E05010807"
    )
    expect(page.locator("#maps-sector-cards")).to_contain_text("Northern sector")
    expect(page.locator("#maps-mapping-note")).to_contain_text("DEFAULT")
    expect(page.locator("#maps-hotspot-note")).to_contain_text(
        "located outside Peterborough"
    )
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=screenshots_dir / f"sectors-{page.size_name}.png", full_page=True
    )
    assert_local_only(requests, live_server)
    assert page.console_log.problems == []


def test_ward_table_opens_a_ward_by_keyboard_and_sorts(
    page: Page, live_server: str
) -> None:
    open_maps(page, live_server + "/sectors")
    table = page.locator("#maps-ward-table")
    links = table.locator("tbody a[data-pes-pick]")
    expect(links.first).to_be_visible(timeout=10_000)
    # Highest value first, and the heading says so.
    value = table.locator("thead th", has_text="Value")
    expect(value).to_have_attribute("aria-sort", "descending")
    # One Tab stop for the table's wards; the arrow keys move between them.
    expect(table.locator('a[data-pes-pick][tabindex="0"]')).to_have_count(1)
    links.first.focus()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    second = links.nth(1).inner_text()
    expect(page.locator(PANEL + " .panel-title")).to_have_text(second, timeout=10_000)
    expect(page).to_have_url(re.compile(r"ward=E\d+"))
    # Sorting by ward name, by keyboard: A to Z.
    table.locator("thead th", has_text="Ward").get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(table.locator("thead th", has_text="Ward")).to_have_attribute(
        "aria-sort", "ascending"
    )
    names = links.all_inner_texts()
    assert names == sorted(names, key=str.casefold) and len(names) == 22
    assert page.console_log.problems == []


def test_ward_table_and_trend_csvs_name_the_measure_and_period(
    page: Page, live_server: str
) -> None:
    open_maps(page, live_server + "/sectors")
    table = page.locator("#maps-ward-table")
    expect(table.locator("tbody tr").first).to_be_visible(timeout=10_000)
    name, rows = download_rows(page, page.locator("#maps-ward-table-export"))
    assert name == "pes-ward-figures-crime-all-december-2025-2025-12-31.csv"
    assert len(rows) == 22 and list(rows[0])[-4:] == PROVENANCE
    assert {row["data_status"] for row in rows} == {"real"}
    assert {row["period"] for row in rows} == {"December 2025"}
    assert rows[0]["measure"].startswith("Recorded crime, all types (police.uk), per")
    float(rows[0]["value"])  # a plain number

    # Another measure and period: the callback renames the file.
    open_maps(
        page,
        live_server + "/sectors?measure=fly-tipping&period=12m-2025-06&ward=E05010815",
    )
    expect(page.locator(PANEL + " .panel-title")).to_contain_text("Hampton Vale")
    name, rows = download_rows(page, page.locator("#maps-ward-table-export"))
    assert name == (
        "pes-ward-figures-fly-tipping-july-2024-to-june-2025-2025-06-30.csv"
    )
    assert {row["data_status"] for row in rows} == {"demo"}
    assert {row["period"] for row in rows} == {"July 2024 to June 2025"}
    page.locator(PANEL).get_by_text("Show data").click()
    name, rows = download_rows(page, page.locator("#maps-trend-table-export"))
    assert re.fullmatch(
        r"pes-ward-trend-E05010815-fly-tipping-\d{4}-\d{2}-\d{2}\.csv", name
    )
    assert list(rows[0])[-4:] == PROVENANCE
    assert {row["data_status"] for row in rows} == {"demo"}
    assert page.console_log.problems == []


def test_url_naming_a_ward_opens_its_panel_with_hotspots(
    page: Page, live_server: str, screenshots_dir: Path
) -> None:
    requests = open_maps(
        page,
        live_server + "/sectors?measure=fly-tipping&period=12m-2025-06"
        "&sector=PES-SOUTH&ward=E05010815",
    )
    expect(page.locator(PANEL + " .panel-title")).to_contain_text("Hampton Vale")
    expect(page.locator(PANEL)).to_contain_text("DEMO")
    expect(page.locator(PANEL)).to_contain_text("Change on 12 months to June 2024")
    expect(page.locator(PANEL + " .panel-trend")).to_be_visible()
    # Only Southern wards in the table, and the URL's ward is the current row.
    rows = page.locator("#maps-ward-table tbody tr")
    expect(rows).to_have_count(7)
    expect(page.locator("#maps-ward-table tr[aria-current='true']")).to_contain_text(
        "Hampton Vale"
    )
    page.get_by_label("Incident hotspots").check()
    expect(page.locator(".pes-hotspot").first).to_be_visible(timeout=10_000)
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=screenshots_dir / f"sectors-ward-url-{page.size_name}.png",
        full_page=True,
    )
    assert_local_only(requests, live_server)
    assert page.console_log.problems == []


def test_unknown_sector_and_ward_in_url_show_message_and_whole_city(
    page: Page, live_server: str
) -> None:
    open_maps(page, live_server + "/sectors?sector=PES-WEST&ward=nowhere&measure=x")
    expect(page.locator("#maps-place-message")).to_contain_text(
        "There is no sector 'PES-WEST'"
    )
    expect(page.locator("#maps-place-message")).to_contain_text("nowhere")
    expect(page.locator("#maps-url-message")).to_contain_text("no measure called 'x'")
    expect(page.locator("#maps-ward-table tbody tr")).to_have_count(22)
    expect(page.locator(PANEL)).to_contain_text("No ward selected")
    assert page.console_log.problems == []


def test_every_ward_is_named_on_the_map_without_hover(
    page: Page, live_server: str
) -> None:
    open_maps(page, live_server + "/sectors")
    names = page.locator(".pes-map .pes-ward-name")
    expect(names).to_have_count(22)
    for name in ("Central", "Eye, Thorney and Newborough", "Hampton Vale"):
        expect(names.filter(has_text=name).first).to_be_visible()
    # Switching the value labels off keeps the names.
    page.get_by_label("Value labels").uncheck()
    expect(page.locator(".pes-map .pes-map-label")).to_have_count(0)
    expect(names).to_have_count(22)
    expect(page).to_have_url(
        live_server + "/sectors?measure=crime-all&period=2025-12&labels=no"
    )
    assert page.console_log.problems == []


def test_tab_reaches_a_ward_shape_and_enter_opens_its_panel(
    page: Page, live_server: str
) -> None:
    open_maps(page, live_server + "/sectors")
    # The map itself is one Tab stop (Leaflet's keyboard panning); the ward shapes
    # follow it, each a named button.
    page.locator(".pes-map").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, "
        "document.activeElement.getAttribute('role'), "
        "document.activeElement.getAttribute('aria-label')]"
    )
    assert focused[0] == "path" and focused[1] == "button", focused
    assert " ward, " in focused[2] and " sector: " in focused[2], focused
    ward = focused[2].split(" ward, ")[0]
    page.keyboard.press("Enter")
    expect(page.locator(PANEL + " .panel-title")).to_have_text(ward, timeout=10_000)
    # Every ward shape has its own accessible name.
    labels = page.locator(".pes-map path[role='button']").evaluate_all(
        "shapes => shapes.map(s => s.getAttribute('aria-label'))"
    )
    assert len(labels) == 22 and len(set(labels)) == 22, labels
    assert any(
        label.startswith("Central ward, Eastern sector: 23.3") for label in labels
    )
    assert page.console_log.problems == []


def test_hotspot_layer_state_round_trips_through_the_url(
    page: Page, live_server: str
) -> None:
    open_maps(page, live_server + "/sectors?measure=crime-all&hotspots=yes")
    expect(page.get_by_label("Incident hotspots")).to_be_checked()
    expect(page.locator(".pes-hotspot").first).to_be_visible(timeout=10_000)
    expect(page).to_have_url(
        live_server + "/sectors?measure=crime-all&period=2025-12&hotspots=yes"
    )
    page.get_by_label("Incident hotspots").uncheck()
    expect(page.locator(".pes-hotspot")).to_have_count(0)
    expect(page).to_have_url(live_server + "/sectors?measure=crime-all&period=2025-12")
    page.get_by_label("Incident hotspots").check()
    expect(page).to_have_url(
        live_server + "/sectors?measure=crime-all&period=2025-12&hotspots=yes"
    )
    # The link reproduces the view in a new visit.
    open_maps(page, page.url)
    expect(page.get_by_label("Incident hotspots")).to_be_checked()
    expect(page.locator(".pes-hotspot").first).to_be_visible(timeout=10_000)
    open_maps(page, live_server + "/sectors?hotspots=maybe")
    expect(page.locator("#maps-url-message")).to_contain_text(
        "'maybe' is not a choice for hotspots"
    )
    expect(page.get_by_label("Incident hotspots")).not_to_be_checked()
    assert page.console_log.problems == []


def test_monthly_crime_reads_as_signal_or_noise_for_the_city_a_sector_and_a_ward(
    page: Page, live_server: str
) -> None:
    open_maps(page, live_server + "/sectors?ward=E05010805")
    city = page.locator("#maps-area-signal")
    expect(city.get_by_role("heading", name="Signal or noise")).to_be_visible()
    expect(page.locator("#maps-city-spc-summary")).to_contain_text(
        "In the 12 months to December 2025: Special cause: concerning",
        timeout=15_000,
    )
    expect(page.locator("#maps-city-spc-graph .js-plotly-plot")).to_be_visible()
    ward = page.locator("#maps-ward-spc-summary")
    expect(ward).to_contain_text(
        re.compile(r"(Special cause|Common cause)"), timeout=15_000
    )
    # The chart's data as a table: the 24 real months.
    panel = page.locator(PANEL)
    panel.get_by_text("Show data: every point of this chart").click()
    expect(
        panel.locator("#maps-ward-spc-grid .ag-center-cols-container .ag-row")
    ).to_have_count(24)
    # A sector's own chart replaces the city's.
    open_maps(page, live_server + "/sectors?sector=PES-NORTH")
    expect(page.locator("#maps-sector-spc-graph .js-plotly-plot")).to_be_visible(
        timeout=15_000
    )
    # A measure with no real monthly records has no chart.
    page.goto(live_server + "/sectors?measure=fly-tipping")
    expect(page.locator("#shell-as-at")).to_contain_text("Data as at", timeout=15_000)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#maps-area-signal")).to_be_empty()
    assert page.console_log.problems == []
