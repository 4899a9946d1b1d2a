"""The discovery spider: read a site's front page, menus, column trees and sitemap, to a bounded depth."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.discover import PageInfo, canonical_url, in_scope, is_followable, read_page, sitemap_urls
from crawler.extract import decode_html, extract_listing, parse_html
from crawler.spiders.column import PAGE_TYPES, describe_failure

MAX_SITEMAPS = 5


class DiscoverySpider(scrapy.Spider):
    """Fetch the pages of one site that may be columns; keep a PageInfo for each in `pages`."""

    name = "discovery"

    def __init__(self, start_url: str, as_of: date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url
        self.as_of = as_of
        self.pages: list[PageInfo] = []
        self.order: dict[str, tuple[int, ...]] = {}  # each page's place in the site's tree: (0,), (0, 3), …
        self.max_depth = 3
        self.max_pages = 400
        self.sitemaps = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DiscoverySpider:
        """Build the spider with the depth and page limits of the settings."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_depth = crawler.settings.getint("GOVFRESH_DISCOVER_DEPTH")
        spider.max_pages = crawler.settings.getint("GOVFRESH_DISCOVER_MAX_PAGES")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Request the front page and the site's sitemap.xml."""
        self.order[canonical_url(self.start_url)] = (0,)
        yield self._page(self.start_url, (0,))
        yield scrapy.Request(
            urljoin(self.start_url, "/sitemap.xml"), callback=self.parse_sitemap, errback=self.on_sitemap_error
        )

    def _page(self, url: str, order: tuple[int, ...]) -> scrapy.Request:
        """Build the request of a page that may be a column."""
        return scrapy.Request(
            url, callback=self.parse_page, errback=self.on_error, dont_filter=True, meta={"order": order}
        )

    def parse_page(self, response: Response) -> Iterator[scrapy.Request]:
        """Read a page into a PageInfo and request the links it leads to."""
        order = response.meta["order"]
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or (content_type and not any(t in content_type for t in PAGE_TYPES)):
            self._keep(PageInfo(response.url, len(order) - 1, error="不是网页"), response.request)
            return
        try:
            root = parse_html(decode_html(response.body, response.encoding), response.url)
            scripts = [s.text or "" for s in root.iter("script")]
            listing = extract_listing(root, response.url, self.as_of)
            info = read_page(root, response.url, len(order) - 1, listing, scripts)
        except Exception as exc:  # a page that breaks the extractor must not stop discovery
            self.logger.exception("discovery failed on %s", response.url)
            self._keep(PageInfo(response.url, len(order) - 1, error=f"页面解析失败: {exc}"), response.request)
            return
        self._keep(info, response.request)
        if len(order) - 1 >= self.max_depth:
            return
        items = {canonical_url(i.url) for i in listing.items}
        for number, link in enumerate(info.links):
            yield from self._follow(link.url, (*order, number), items)

    def _follow(self, url: str, order: tuple[int, ...], skip: set[str]) -> Iterator[scrapy.Request]:
        """Request a linked page once, when it is in the site and may be a column."""
        key = canonical_url(url)
        if key in self.order:
            self.order[key] = min(self.order[key], order)
            return
        if key in skip or not in_scope(url, self.start_url) or not is_followable(url):
            return
        if len(self.order) >= self.max_pages:
            return
        self.order[key] = order
        yield self._page(url, order)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Read the sitemap's URLs as pages one step from the front page (nested sitemaps followed a little)."""
        self.sitemaps += 1
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        for number, url in enumerate(sitemap_urls(text)):
            if url.lower().endswith(".xml") and self.sitemaps < MAX_SITEMAPS and in_scope(url, self.start_url):
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_sitemap_error)
            else:
                yield from self._follow(url, (1_000_000, number), set())

    def on_sitemap_error(self, failure: Failure) -> None:
        """A site without a sitemap is the common case: nothing to record."""

    def on_error(self, failure: Failure) -> None:
        """Record why a page could not be fetched."""
        order = failure.request.meta["order"]
        self._keep(PageInfo(failure.request.url, len(order) - 1, error=describe_failure(failure)), failure.request)

    def _keep(self, info: PageInfo, request: scrapy.Request) -> None:
        """Keep a page's record under the URL it was asked for (a redirect keeps the column's own address)."""
        self.pages.append(replace(info, url=request.url) if info.error is None else info)

    def tree_order(self) -> list[PageInfo]:
        """Return the pages in the order of the site's tree (menus first, each in link order)."""
        far = (10**9,)
        return sorted(self.pages, key=lambda p: self.order.get(canonical_url(p.url), far))
