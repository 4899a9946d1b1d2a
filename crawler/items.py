"""What a crawl yields per column: the ColumnResult item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crawler.config import ColumnSpec
from rules.model import Entry


@dataclass(frozen=True)
class ColumnResult:
    """One column as crawled: its entries, or the error that kept it from being read."""

    index: int
    spec: ColumnSpec
    entries: tuple[Entry, ...] = ()
    error: str | None = None
    covered_since: date | None = None
    pages: int = 0
    final_url: str | None = None
