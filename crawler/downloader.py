"""Scrapy's downloader with its per-site concurrency limit enforced.

In Scrapy 2.19 `Downloader._process_queue` starts each queued download as a task, and a download marks its
transfer slot only when that task starts running; the loop that hands out slots therefore sees them all free
and starts the whole queue at once, so CONCURRENT_REQUESTS_PER_DOMAIN is not kept (measured: 12 requests to
one slow site ran ~6 at a time with a limit of 2). Here a request takes its transfer slot the moment it
leaves the queue, which is what the limit means: a government site gets at most that many requests at once.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot


class _ReservingQueue(deque):  # type: ignore[type-arg]
    """A slot's queue whose popleft marks the request as transferring at once."""

    def __init__(self, slot: Slot) -> None:
        super().__init__()
        self.slot = slot

    def popleft(self) -> Any:
        """Take the next request and hold its transfer slot until its download ends."""
        entry = super().popleft()
        self.slot.transferring.add(entry[0])
        return entry


class PoliteDownloader(Downloader):
    """The Scrapy downloader, with transfer slots reserved when a request is dequeued."""

    def _get_slot(self, request: Request, spider: Any = None) -> tuple[str, Slot]:
        """Return the request's slot, giving new slots the reserving queue."""
        key, slot = super()._get_slot(request)
        if not isinstance(slot.queue, _ReservingQueue):
            queue = _ReservingQueue(slot)
            queue.extend(slot.queue)
            slot.queue = queue
        return key, slot
