"""Serve the real app on a free port and drive it with Debian's headless Chromium."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from dashboard.settings import Settings
from tests.conftest import unavailable

CHROMIUM = "/usr/bin/chromium"
SIZES = {"1080p": (1920, 1080), "4k": (3840, 2160)}


@pytest.fixture(scope="session")
def live_server(full_sqlite_url: str) -> Iterator[str]:
    """The app served by werkzeug in a daemon thread; yields its base URL."""
    app = create_app(Settings(database_url=full_sqlite_url))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium from Debian, launched by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        unavailable("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@dataclass
class ConsoleLog:
    """Console errors and warnings and uncaught page errors seen while a test ran."""

    problems: list[str] = field(default_factory=list)

    def besides_not_found(self) -> list[str]:
        """The problems other than Chromium's report of an unknown address's own
        404 status (the not-found page answers 404 on purpose)."""
        return [p for p in self.problems if "status of 404 (NOT FOUND)" not in p]


@pytest.fixture(params=list(SIZES))
def page(request: pytest.FixtureRequest, browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page at 1920x1080 or 3840x2160, with its console collected."""
    width, height = SIZES[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1
    )
    tab = context.new_page()
    log = ConsoleLog()
    tab.on(
        "console",
        lambda message: (
            log.problems.append(f"{message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    tab.on("pageerror", lambda error: log.problems.append(f"pageerror: {error}"))
    tab.console_log = log  # type: ignore[attr-defined]
    tab.size_name = request.param  # type: ignore[attr-defined]
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshots_dir(artifacts_dir: Path) -> Path:
    folder = artifacts_dir / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder
