"""A CSV download as the browser tests read it: click, then the file's name and rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import Locator, Page

# What every exported row ends with (dashboard.ui.export.PROVENANCE_FIELDS).
PROVENANCE = ["measure", "period", "source", "data_status"]


def download_rows(page: Page, button: Locator) -> tuple[str, list[dict[str, str]]]:
    """Click ``button``; the downloaded file's suggested name and its rows."""
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    return download.suggested_filename, list(csv.DictReader(io.StringIO(text)))
