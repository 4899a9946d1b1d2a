"""A small threaded HTTP server for a folder of generated pages, with routes that misbehave on purpose."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SLOW_PREFIX = "/_slow/"
ERROR_ROUTE = re.compile(r"/_status/(\d{3})/")  # anywhere in the path: /_status/500/x/, /jyj/_status/500/gzzj/
SLOW_SECONDS = 5.0


class PortalHandler(SimpleHTTPRequestHandler):
    """Serve files; …/_status/NNN/… answers NNN, /_slow/… answers after a delay; directories redirect (301)."""

    server: PortalServer

    def do_GET(self) -> None:
        """Answer a GET, recording the path for tests that count requests."""
        self.server.record(self.path, self.headers.get("User-Agent", ""))
        self.server.entered(+1)
        try:
            self._answer()
        finally:
            self.server.entered(-1)

    def _answer(self) -> None:
        """Answer the request: an error, a delayed page, or the file."""
        error = ERROR_ROUTE.search(self.path)
        if error:
            self.send_error(int(error.group(1)))
            return
        if self.path.startswith(SLOW_PREFIX):
            if self.server.stopping.wait(self.server.slow_seconds):
                return
            self.path = "/" + self.path[len(SLOW_PREFIX) :]
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests and the demo read the crawl's output, not the server's."""

    def end_headers(self) -> None:
        """Let every page be re-fetched: no caching between simulated days."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class PortalServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that remembers the paths it served."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # the default backlog of 5 drops connections under load (1 s SYN retries)

    def __init__(
        self, directory: Path, slow_seconds: float = SLOW_SECONDS, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        super().__init__((host, port), partial(PortalHandler, directory=str(directory)))
        self.slow_seconds = slow_seconds
        self.stopping = threading.Event()
        self.requests: list[str] = []
        self.hits: list[tuple[float, str, str]] = []
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """Return the base URL, e.g. http://127.0.0.1:43121/."""
        return f"http://{self.server_address[0]}:{self.server_address[1]}/"

    def entered(self, change: int) -> None:
        """Count requests being answered at once (and the most seen)."""
        with self._lock:
            self.in_flight += change
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def record(self, path: str, user_agent: str) -> None:
        """Remember a requested path, when it came and who asked."""
        with self._lock:
            self.requests.append(path)
            self.hits.append((time.monotonic(), path, user_agent))


@contextmanager
def serve(directory: Path, slow_seconds: float = SLOW_SECONDS) -> Iterator[PortalServer]:
    """Serve a folder on 127.0.0.1 (a free port) in a background thread for the duration of the block."""
    server = PortalServer(directory, slow_seconds)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def wait_forever() -> None:
    """Block until interrupted (used by `govfresh demo --serve`)."""
    while True:
        time.sleep(3600)
