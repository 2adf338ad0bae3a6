"""Board packs are printed off the request path, two at a time on the host, with
a per-client limit (issue: hardening, item 4)."""

from __future__ import annotations

import base64
import json
import threading
import time
from pathlib import Path

import pytest

from app import create_app
from dashboard import pack_queue
from dashboard.pack_queue import PackQueue
from dashboard.settings import Settings
from tests import dash_client


class Printer:
    """A stand-in for Chromium that records how many print at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self) -> tuple[bytes, str]:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
        return b"%PDF-1.4 pack", "pes-board-pack.pdf"


def wait_ready(queue: PackQueue, key: str, limit: float = 20.0):  # type: ignore[no-untyped-def]
    started = time.time()
    while time.time() - started < limit:
        state = queue.collect(key, started=started)
        if state.status != "preparing":
            return state
        time.sleep(0.05)
    raise AssertionError(f"pack {key} not ready in {limit} s")


def test_ten_packs_from_three_workers_print_at_most_two_at_a_time(
    tmp_path: Path,
) -> None:
    printer = Printer(0.3)
    workers = [PackQueue(tmp_path) for _ in range(3)]  # three gunicorn workers
    keys = []
    for number in range(10):
        key = PackQueue.job_key("agenda", number)
        state = workers[number % 3].request(key, f"client-{number}", printer)
        assert state.status == "preparing"
        keys.append(key)
    for number, key in enumerate(keys):
        ready = wait_ready(workers[(number + 1) % 3], key)  # any worker collects
        assert ready.status == "ready" and ready.data == b"%PDF-1.4 pack"
    assert printer.most == 2


def test_one_client_has_one_pack_in_preparation_and_a_few_an_hour(
    tmp_path: Path,
) -> None:
    queue = PackQueue(tmp_path)
    slow = Printer(0.5)
    first = queue.request("a" * 32, "10.0.0.1", slow)
    assert first.status == "preparing"
    again = queue.request("b" * 32, "10.0.0.1", slow)
    assert again.status == "busy" and "still being prepared" in again.message
    assert queue.request("a" * 32, "10.0.0.2", slow).status == "preparing"
    wait_ready(queue, "a" * 32)
    fast = Printer(0.0)
    for number in range(pack_queue.REQUESTS_PER_WINDOW - 1):
        key = PackQueue.job_key("client", number)
        assert queue.request(key, "10.0.0.1", fast).status in ("preparing", "ready")
        wait_ready(queue, key)
    refused = queue.request(PackQueue.job_key("one more"), "10.0.0.1", fast)
    assert refused.status == "busy" and "can be asked for" in refused.message


def test_a_failed_print_is_reported_in_words(tmp_path: Path) -> None:
    queue = PackQueue(tmp_path)

    def broken() -> tuple[bytes, str]:
        raise RuntimeError("Chromium did not write the PDF")

    queue.request("c" * 32, "10.0.0.3", broken)
    state = wait_ready(queue, "c" * 32)
    assert state.status == "failed"
    assert state.message == (
        "The board pack could not be made: Chromium did not write the PDF"
    )


FAKE_CHROMIUM = """#!/bin/sh
# Stands in for Chromium: waits, then writes a PDF where --print-to-pdf says.
for arg in "$@"; do
  case "$arg" in --print-to-pdf=*) target="${arg#--print-to-pdf=}";; esac
done
sleep 2
printf '%%PDF-1.4 fake pack' > "$target"
"""


@pytest.mark.shipped_build
def test_the_page_asks_at_once_and_collects_the_pack_later(
    full_sqlite_url: str, tmp_path: Path
) -> None:
    chromium = tmp_path / "chromium"
    chromium.write_text(FAKE_CHROMIUM)
    chromium.chmod(0o755)
    app = create_app(
        Settings(database_url=full_sqlite_url, chromium_path=str(chromium))
    )
    client = app.server.test_client()

    def reading(component: str):  # type: ignore[no-untyped-def]
        return next(
            c
            for c in dash_client.server_callbacks(app)
            if any(i == component for i, _ in c.inputs)
        )

    ask = reading("board-pack-button")
    started = time.monotonic()
    response = dash_client.call(client, ask, [1], [{"agenda": "quartile"}])
    asked_in = time.monotonic() - started
    assert response.status_code == 200 and asked_in < 1.0
    outputs = json.loads(response.data)["response"]
    job = outputs["board-pack-job"]["data"]
    assert "being prepared" in json.dumps(outputs)
    # Ordinary requests stay fast while the pack prints.
    before = time.monotonic()
    assert client.get("/").status_code == 200
    assert time.monotonic() - before < 1.0
    poll = reading("board-pack-poll")
    for _ in range(240):  # up to a minute on a loaded machine
        answer = json.loads(dash_client.call(client, poll, [1], [job]).data)
        download = answer["response"].get("board-pack-download", {}).get("data")
        if download:
            break
        time.sleep(0.25)
    else:
        raise AssertionError(f"the pack never arrived: {answer}")
    assert base64.b64decode(download["content"]) == b"%PDF-1.4 fake pack"
    assert download["filename"].startswith("pes-board-pack")
