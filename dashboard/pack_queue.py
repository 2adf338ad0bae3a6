"""Board packs are printed off the request path, a few at a time.

Printing a pack runs headless Chromium for several seconds; ten requests at once
once ran 66 Chromium processes and held an ordinary page for 45 s. So a request
only *asks* for a pack: the pack is printed by a background thread, at most
``SLOTS`` at a time on the host (a lock file per slot, shared by every worker), and
the page polls until the PDF is ready. Finished packs are files under
``var/packs`` named by what they hold, so whichever worker answers the next poll
can send it. Each client address may have one pack in preparation and ask for at
most ``REQUESTS_PER_WINDOW`` packs in ``WINDOW_SECONDS``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "var" / "packs"
SLOTS = 2  # Chromium processes printing packs at once, on the whole host
QUEUE_LIMIT = 4  # packs waiting in one worker before it says "busy"
REQUESTS_PER_WINDOW = 6
WINDOW_SECONDS = 600
KEEP_SECONDS = 600  # a finished pack is kept this long for the polls to collect
GIVE_UP_SECONDS = 180  # a pack not ready by then is reported as failed

BuildPack = Callable[[], tuple[bytes, str]]


@dataclass(frozen=True)
class PackState:
    """What a poll finds: 'preparing', 'ready' (with the PDF), 'failed' or 'busy'."""

    status: str
    message: str
    data: bytes | None = None
    filename: str | None = None


class PackQueue:
    """Requests, background printing and collection of board packs."""

    def __init__(self, folder: Path | None = None, *, slots: int = SLOTS) -> None:
        self.folder = folder or DEFAULT_FOLDER
        self.slots = slots
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pes-pack")
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        self._by_client: dict[str, deque[float]] = defaultdict(deque)
        self._client_job: dict[str, str] = {}

    @staticmethod
    def job_key(*parts: object) -> str:
        """A file-safe name for a pack: the digest of what it is built from."""
        text = json.dumps([str(part) for part in parts])
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def _paths(self, key: str) -> tuple[Path, Path, Path]:
        return (
            self.folder / f"{key}.pdf",
            self.folder / f"{key}.json",
            self.folder / f"{key}.error",
        )

    def request(self, key: str, client: str, build: BuildPack) -> PackState:
        """Ask for the pack ``key``; it is printed in the background unless it is
        ready, already being printed, or the client has asked too often."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._forget_old()
        ready = self.collect(key, started=time.time())
        if ready.status == "ready":
            return ready
        now = time.monotonic()
        with self._lock:
            if key in self._pending:
                return PackState("preparing", PREPARING)
            asked = self._by_client[client]
            while asked and now - asked[0] > WINDOW_SECONDS:
                asked.popleft()
            if self._client_job.get(client) in self._pending:
                return PackState(
                    "busy",
                    "Your previous board pack is still being prepared: it will "
                    "download when it is ready.",
                )
            if len(asked) >= REQUESTS_PER_WINDOW:
                return PackState(
                    "busy",
                    f"Only {REQUESTS_PER_WINDOW} board packs can be asked for in "
                    f"{WINDOW_SECONDS // 60} minutes; try again shortly.",
                )
            if len(self._pending) >= QUEUE_LIMIT:
                return PackState(
                    "busy",
                    "Several board packs are being prepared; try again in a minute.",
                )
            asked.append(now)
            self._pending.add(key)
            self._client_job[client] = key
        self._paths(key)[2].unlink(missing_ok=True)
        self._pool.submit(self._print, key, build)
        return PackState("preparing", PREPARING)

    def collect(self, key: str, *, started: float) -> PackState:
        """The pack if it is ready (from any worker), else how it stands."""
        pdf, meta, error = self._paths(key)
        if meta.exists() and pdf.exists():
            with contextlib.suppress(OSError, ValueError):
                filename = json.loads(meta.read_text(encoding="utf-8"))["filename"]
                return PackState(
                    "ready", f"Board pack made: {filename}", pdf.read_bytes(), filename
                )
        if error.exists():
            return PackState(
                "failed",
                "The board pack could not be made: "
                + error.read_text(encoding="utf-8"),
            )
        if time.time() - started > GIVE_UP_SECONDS:
            return PackState(
                "failed",
                "The board pack could not be made in time; try again in a minute.",
            )
        return PackState("preparing", PREPARING)

    def _print(self, key: str, build: BuildPack) -> None:
        pdf, meta, error = self._paths(key)
        try:
            with self._slot():
                data, filename = build()
            partial = pdf.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(pdf)
            meta.write_text(json.dumps({"filename": filename}), encoding="utf-8")
        except Exception as failure:  # noqa: BLE001 - reported to the page in words
            error.write_text(str(failure) or type(failure).__name__, encoding="utf-8")
        finally:
            with self._lock:
                self._pending.discard(key)

    @contextlib.contextmanager
    def _slot(self) -> Iterator[None]:
        """Hold one of the host's printing slots (waiting for one if all are busy)."""
        handles = [
            (self.folder / f"slot-{n}.lock").open("a") for n in range(self.slots)
        ]
        try:
            while True:
                for handle in handles:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        continue
                    try:
                        yield
                    finally:
                        fcntl.flock(handle, fcntl.LOCK_UN)
                    return
                time.sleep(0.2)
        finally:
            for handle in handles:
                handle.close()

    def _forget_old(self) -> None:
        cutoff = time.time() - KEEP_SECONDS
        for path in self.folder.glob("*"):
            if path.suffix in (".pdf", ".json", ".error", ".part"):
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime < cutoff:
                        path.unlink()


PREPARING = (
    "The board pack is being prepared (it takes about ten seconds); it will "
    "download when it is ready."
)
