"""A Scrapy extension that shows the crawl's progress: a bar at a terminal, one line per column otherwise."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from tqdm import tqdm

from crawler.items import ColumnResult


class Progress:
    """Report columns done / total, errors so far and the current site (setting GOVFRESH_PROGRESS)."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.bar: tqdm | None = None
        self.total = self.done = self.errors = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        """Build the extension; GOVFRESH_PROGRESS is `bar`, `lines`, `auto` (bar at a terminal) or `off`."""
        mode = crawler.settings.get("GOVFRESH_PROGRESS", "off")
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() and not _under_ci() else "lines"
        if mode not in ("bar", "lines"):
            raise NotConfigured("progress off")
        extension = cls(mode)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Start counting the spider's columns."""
        self.total = len(getattr(spider, "states", ()))
        if self.mode == "bar":
            size = shutil.get_terminal_size()  # 80×24 when the terminal reports no size (tqdm would hide the bar)
            self.bar = tqdm(
                total=self.total, unit="栏目", file=sys.stderr, ncols=size.columns, nrows=size.lines, leave=False
            )

    def item_scraped(self, item: Any, spider: Spider) -> None:
        """Count a finished column."""
        if not isinstance(item, ColumnResult):
            return
        self.done += 1
        self.errors += bool(item.error)
        if self.bar is not None:
            self.bar.set_postfix_str(f"错误 {self.errors} · {item.spec.site}", refresh=False)
            self.bar.update(1)
            self.bar.refresh()  # each column is worth showing; tqdm's own throttle could skip the last ones
        else:
            status = f"error: {item.error}" if item.error else f"ok, {len(item.entries)} items"
            line = f"[{self.done}/{self.total}] {item.spec.site} {item.spec.name}: {status}"
            print(line, file=sys.stderr, flush=True)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Close the bar."""
        if self.bar is not None:
            self.bar.close()


def _under_ci() -> bool:
    """Return True when running under a CI service (CI=true and friends)."""
    return bool(os.environ.get("CI"))
