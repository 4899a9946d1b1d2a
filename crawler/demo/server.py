"""A small threaded HTTP server for a folder of generated pages, with routes that misbehave on purpose."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SLOW_PREFIX = "/_slow/"
ERROR_PREFIX = "/_status/"
SLOW_SECONDS = 5.0


class PortalHandler(SimpleHTTPRequestHandler):
    """Serve files; /_status/NNN/… answers NNN, /_slow/… answers after a delay; directories redirect (301)."""

    server: PortalServer

    def do_GET(self) -> None:
        """Answer a GET, recording the path for tests that count requests."""
        self.server.record(self.path, self.headers.get("User-Agent", ""))
        if self.path.startswith(ERROR_PREFIX):
            code = int(self.path[len(ERROR_PREFIX) :].split("/", 1)[0] or 500)
            self.send_error(code)
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

    def __init__(self, directory: Path, slow_seconds: float = SLOW_SECONDS) -> None:
        super().__init__(("127.0.0.1", 0), partial(PortalHandler, directory=str(directory)))
        self.slow_seconds = slow_seconds
        self.stopping = threading.Event()
        self.requests: list[str] = []
        self.hits: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """Return the base URL, e.g. http://127.0.0.1:43121/."""
        return f"http://127.0.0.1:{self.server_address[1]}/"

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
