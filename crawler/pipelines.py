"""Item pipelines: where crawled columns go."""

from __future__ import annotations

from datetime import datetime

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ColumnResult
from crawler.store import History


class HistoryPipeline:
    """Write each finished column to the history database, one transaction per column.

    Enabled by the settings GOVFRESH_DB (path), GOVFRESH_RUN_ID (a run begun by the caller, who holds the
    crawl lock) and GOVFRESH_OBSERVED_AT (ISO timestamp stamped on every observation).
    """

    def __init__(self, db_path: str, run_id: int, observed_at: datetime) -> None:
        self.db_path, self.run_id, self.observed_at = db_path, run_id, observed_at
        self.history: History | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HistoryPipeline:
        """Build the pipeline from the crawl's settings, or disable it when no database was given."""
        db_path = crawler.settings.get("GOVFRESH_DB")
        if not db_path:
            raise NotConfigured("no history database")
        observed_at = datetime.fromisoformat(crawler.settings.get("GOVFRESH_OBSERVED_AT"))
        return cls(db_path, crawler.settings.getint("GOVFRESH_RUN_ID"), observed_at)

    def open_spider(self, spider: Spider | None = None) -> None:
        """Open the database for this crawl."""
        self.history = History(self.db_path)

    def close_spider(self, spider: Spider | None = None) -> None:
        """Close the database."""
        if self.history is not None:
            self.history.close()

    def process_item(self, item: object, spider: Spider | None = None) -> object:
        """Store a finished column."""
        if isinstance(item, ColumnResult) and self.history is not None:
            self.history.record_column(self.run_id, item, self.observed_at)
        return item
