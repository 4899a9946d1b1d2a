"""Run the column spider in this process and collect its results (one Scrapy crawl per process)."""

from __future__ import annotations

import logging
import re
from datetime import date

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.settings import default_settings as scrapy_defaults

import crawler.settings as govfresh_settings
from crawler.config import ColumnSpec
from crawler.errors import ConfigError
from crawler.items import ColumnResult
from crawler.spiders.column import ColumnSpider
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


def crawl_columns(columns: list[ColumnSpec], ruleset: Ruleset, as_of: date, settings: Settings) -> list[ColumnResult]:
    """Crawl the columns and return one result per column, in the given order."""
    process = CrawlerProcess(settings)
    if settings.get("LOG_LEVEL") != "DEBUG":
        for name in REPEATING_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    results: dict[int, ColumnResult] = {}

    def collect(item: object) -> None:
        if isinstance(item, ColumnResult):
            results[item.index] = item

    crawler = process.create_crawler(ColumnSpider)
    crawler.signals.connect(collect, signal=signals.item_scraped)
    process.crawl(crawler, columns=columns, ruleset=ruleset, as_of=as_of)
    process.start()
    return [
        results.get(i) or ColumnResult(i, spec, error="抓取未完成（crawl interrupted）")
        for i, spec in enumerate(columns)
    ]
