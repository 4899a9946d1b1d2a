"""Downloader middlewares govfresh puts in place of Scrapy's own."""

from __future__ import annotations

import asyncio

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.settings import BaseSettings
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, fixed for requests that wait together on one site's robots.txt.

    Scrapy (2.13–2.19) lets every request that arrives while robots.txt is downloading await the same
    Deferred; Twisted hands the parser only to the first waiter and None ("no robots.txt: allow") to the
    others, so their URLs were fetched even when disallowed. The parser is stored before the Deferred
    fires, so a waiter that got None reads it from the cache instead.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        """Return the site's robots.txt parser (None only when robots.txt could not be read)."""
        parser = await super().robot_parser(request)
        if parser is None:
            cached = self._parsers.get(urlparse_cached(request).netloc)
            if not isinstance(cached, Deferred):
                return cached
        return parser


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, timeouts) with a growing pause before each retry, to spare a struggling server.

    The n-th retry of a request waits RETRY_BACKOFF_BASE × 2^(n-1) seconds, at most RETRY_BACKOFF_MAX.
    The wait happens before the request enters its site's download slot, so other sites are not held up.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX")

    def _retry(self, request: Request, reason: str | Exception | type[Exception]) -> Request | None:
        """Build the retry request and note how long it must wait."""
        retry = super()._retry(request, reason)
        if retry is not None and self.backoff_base > 0:
            attempt = int(retry.meta.get("retry_times", 1))
            retry.meta["govfresh_retry_delay"] = min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max)
        return retry

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        """Wait out a retry's backoff before it is downloaded."""
        delay = request.meta.pop("govfresh_retry_delay", 0)
        if delay:
            await asyncio.sleep(delay)
