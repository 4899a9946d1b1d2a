"""A bare Scrapy spider that only downloads a list of URLs: no extraction, no storage, nothing but Scrapy.

    .venv/bin/python bench/bare_spider.py URLS.txt '{"CONCURRENT_REQUESTS_PER_DOMAIN": 16}'

It is what govfresh's crawl is compared with in bench/scale_bench.py: the same pages (the URLs the crawl
fetched, robots.txt included, one a line) with the same politeness (concurrency, AutoThrottle, govfresh's
downloader that keeps the per-site limit, the same reactor and User-Agent), so the difference is what
govfresh does with a page: parse, extract, follow, judge, store. Prints "N pages" (responses received).
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import crawler.settings as ours  # noqa: E402

# The politeness and transport of govfresh's crawl; everything else is Scrapy's default.
SAME_AS_OURS = (
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOADER",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_START_DELAY",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "USER_AGENT",
    "COOKIES_ENABLED",
    "DNSCACHE_ENABLED",
    "TWISTED_REACTOR",
)


class BareSpider(scrapy.Spider):
    """Request every URL once; the callback only counts the response."""

    name = "bare"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        """Keep the URLs to download."""
        super().__init__(**kwargs)
        self.urls = urls
        self.received = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Yield every URL's request (duplicates kept: the crawl fetched them too)."""
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True)

    def parse(self, response: Response) -> None:
        """Count the page; nothing else."""
        self.received += 1

    def failed(self, failure: Any) -> None:
        """Count a failed download too (there should be none)."""
        self.logger.error("failed: %s", failure.getErrorMessage())


def settings(overrides: dict[str, object]) -> dict[str, object]:
    """Return Scrapy's defaults with govfresh's politeness and the run's overrides; no robots, retries, logs."""
    chosen: dict[str, object] = {name: getattr(ours, name) for name in SAME_AS_OURS}
    chosen.update(
        ROBOTSTXT_OBEY=False,  # robots.txt is in the URL list: the crawl fetched it, so does the bare spider
        RETRY_ENABLED=False,
        HTTPERROR_ALLOW_ALL=True,  # a 404 article is a page fetched like any other
        TELNETCONSOLE_ENABLED=False,
        LOG_LEVEL="ERROR",
    )
    chosen.update(overrides)
    return chosen


def main() -> None:
    """Download the URLs of the file given, with the politeness given as JSON; print the pages received."""
    urls = Path(sys.argv[1]).read_text(encoding="utf-8").split()
    overrides = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    process = CrawlerProcess(settings(overrides))
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=urls)
    process.start()
    spider = crawler.spider
    print(f"{spider.received if isinstance(spider, BareSpider) else 0} pages")


if __name__ == "__main__":
    main()
