"""Downloader middlewares govfresh puts in place of Scrapy's own."""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
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
