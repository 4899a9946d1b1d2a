"""Run the column spider in this process and collect its results (one Scrapy crawl per process)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.settings import default_settings as scrapy_defaults
from twisted.internet.defer import Deferred

import crawler.settings as govfresh_settings
from crawler.config import ColumnSpec
from crawler.discover import Discovery, propose
from crawler.errors import ConfigError
from crawler.items import ColumnResult
from crawler.spiders.column import ColumnSpider
from crawler.spiders.discovery import DiscoverySpider
from rules import Ruleset

SETTING_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Loggers whose errors the column's `error` status already reports (retries given up, robots.txt unreachable).
REPEATING_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")


def build_settings(overrides: dict[str, object], where: str = "settings") -> Settings:
    """Return govfresh's Scrapy settings with a config's overrides, checking names and value types."""
    settings = Settings()
    settings.setmodule(govfresh_settings, priority="project")
    for name, value in overrides.items():
        if not isinstance(name, str) or not SETTING_NAME.match(name):
            raise ConfigError(f"{where}: Scrapy设置名应为大写，如 DOWNLOAD_TIMEOUT: {name!r}")
        default = getattr(govfresh_settings, name, getattr(scrapy_defaults, name, None))
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{where}: {name} 应为数字: {value!r}")
        elif isinstance(default, bool) and not isinstance(value, bool):
            raise ConfigError(f"{where}: {name} 应为 true 或 false: {value!r}")
    settings.setdict(overrides, priority="cmdline")
    return settings


@dataclass(frozen=True)
class CrawlOutcome:
    """A finished crawl: one result per column (config order), why the crawl ended, pages fetched."""

    results: list[ColumnResult]
    finish_reason: str
    pages: int
    unstored: int = 0

    @property
    def complete(self) -> bool:
        """Return True when the crawl ran to its end (not stopped by a signal) and every column was stored."""
        return self.finish_reason == "finished" and not self.unstored


def crawl_columns(columns: list[ColumnSpec], ruleset: Ruleset, as_of: date, settings: Settings) -> CrawlOutcome:
    """Crawl the columns in this process and return what was read of each."""
    process = _process(settings)
    outcome = _schedule_columns(process, columns, ruleset, as_of)
    process.start()
    return outcome()


def discover_site(start_url: str, as_of: date, settings: Settings) -> Discovery:
    """Discover a site's columns in this process (`govfresh discover`)."""
    process = _process(settings)
    discovery, _ = _schedule_discovery(process, start_url, as_of)
    process.start()
    return discovery()


def discover_and_crawl(
    start_url: str, as_of: date, settings: Settings, then: Callable[[Discovery], tuple[list[ColumnSpec], Ruleset]]
) -> tuple[Discovery, CrawlOutcome | None]:
    """Discover a site, then crawl the columns `then` makes of it, in one reactor (`govfresh check --site`)."""
    process = _process(settings)
    discovery, finished = _schedule_discovery(process, start_url, as_of)
    crawled: list[Callable[[], CrawlOutcome]] = []

    def crawl_found(_: object) -> None:  # runs before the process's join() looks again: it waits for this crawl too
        columns, ruleset = then(discovery())
        if columns:
            crawled.append(_schedule_columns(process, columns, ruleset, as_of))

    finished.addCallback(crawl_found)
    process.start()
    return discovery(), crawled[0]() if crawled else None


def _process(settings: Settings) -> CrawlerProcess:
    """Return a CrawlerProcess for the settings, quieting loggers whose errors the results already report."""
    process = CrawlerProcess(settings)  # configures logging: quiet the loggers after it
    if settings.get("LOG_LEVEL") != "DEBUG":
        for name in REPEATING_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    return process


def _schedule_discovery(
    process: CrawlerProcess, start_url: str, as_of: date
) -> tuple[Callable[[], Discovery], Deferred[Any]]:
    """Add a discovery crawl to the process; return what reads its proposal once it has run, and its end."""
    crawler = process.create_crawler(DiscoverySpider)
    finished = process.crawl(crawler, start_url=start_url, as_of=as_of)

    def proposal() -> Discovery:
        spider = crawler.spider
        assert isinstance(spider, DiscoverySpider)
        return propose(spider.tree_order(), start_url)

    return proposal, finished


def _schedule_columns(
    process: CrawlerProcess, columns: list[ColumnSpec], ruleset: Ruleset, as_of: date
) -> Callable[[], CrawlOutcome]:
    """Add a column crawl to the process; return what collects its outcome once it has run."""
    results: dict[int, ColumnResult] = {}
    unstored: list[ColumnResult] = []

    def collect(item: object) -> None:
        if isinstance(item, ColumnResult):
            results[item.index] = item

    def failed(item: object) -> None:  # a pipeline (the history database) could not take the column
        if isinstance(item, ColumnResult):
            results[item.index] = item
            unstored.append(item)

    crawler = process.create_crawler(ColumnSpider)
    # Strong references: Scrapy's signals hold receivers weakly, and these closures outlive this function's frame.
    crawler.signals.connect(collect, signal=signals.item_scraped, weak=False)
    crawler.signals.connect(failed, signal=signals.item_error, weak=False)
    process.crawl(crawler, columns=columns, ruleset=ruleset, as_of=as_of)

    def outcome() -> CrawlOutcome:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        reason = str(stats.get("finish_reason", "unknown"))
        missing = "抓取被中断，本栏目未读完（crawl interrupted）"
        return CrawlOutcome(
            [results.get(i) or ColumnResult(i, spec, error=missing) for i, spec in enumerate(columns)],
            reason,
            int(stats.get("response_received_count", 0)),
            len(unstored),
        )

    return outcome
