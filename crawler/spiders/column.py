"""The column spider: read each column's list (paging as far as the rules need), or its item pages for dates."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import scrapy
from scrapy import exceptions as scrapy_errors
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler import browser
from crawler.config import ColumnSpec
from crawler.extract import Listing, article_date, decode_html, extract_listing, hanweb, parse_html
from crawler.extract.article import article_event, article_forms, article_source
from crawler.items import ColumnResult
from rules import Ruleset, horizon
from rules.model import Entry


# Scrapy ≥ 2.14 wraps Twisted's download errors in its own classes; older versions raise Twisted's.
def _scrapy_errors(*names: str) -> tuple[type[BaseException], ...]:
    """Return the Scrapy exception classes of these names that this Scrapy version has."""
    return tuple(getattr(scrapy_errors, name) for name in names if hasattr(scrapy_errors, name))


REFUSED = (ConnectionRefusedError, *_scrapy_errors("DownloadConnectionRefusedError"))
TIMEOUTS = (TimeoutError, TCPTimedOutError, *_scrapy_errors("DownloadTimeoutError"))
DNS_ERRORS = (DNSLookupError, *_scrapy_errors("CannotResolveHostError"))
CANCELLED = (CancelledError, *_scrapy_errors("DownloadCancelledError"))
PAGE_TYPES = ("html", "xml", "text/plain")
HTTP_REASONS = {
    403: "禁止访问",
    404: "页面不存在",
    410: "页面已删除",
    500: "服务器内部错误",
    502: "网关错误",
    503: "服务不可用",
}


@dataclass
class ColumnState:
    """A column being crawled: what has been read so far and how many requests are still out."""

    spec: ColumnSpec
    horizon: date | None
    items: list[Entry] = field(default_factory=list)
    pending: int = 0
    pages: int = 0
    error: str | None = None
    unread_beyond: bool = False
    final_url: str | None = None
    done: bool = False
    needs: frozenset[str] = frozenset()  # details the rules need from article pages: source, event, forms
    details_asked: bool = False
    render: bool = False  # `render: browser`: list pages are rendered by Chromium before they are read


class ColumnSpider(scrapy.Spider):
    """Crawl the given columns and yield one ColumnResult per column."""

    name = "column"

    def __init__(self, columns: list[ColumnSpec], ruleset: Ruleset, as_of: date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.as_of = as_of
        self.states = [
            ColumnState(
                spec,
                horizon(spec.category, ruleset, as_of),
                needs=ruleset.needs(spec.category),
                render=browser.wants_browser(spec.options),
            )
            for spec in columns
        ]
        self.no_browser: str | None = None  # why browser columns cannot be rendered in this crawl
        self.browser_timeout: float | None = None
        self.max_pages = 5
        self.follow_articles = 3
        self.detail_articles = 8
        self.known_details: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ColumnSpider:
        """Build the spider with govfresh's settings and hook the idle signal."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_pages = crawler.settings.getint("GOVFRESH_MAX_PAGES")
        spider.follow_articles = crawler.settings.getint("GOVFRESH_FOLLOW_ARTICLES")
        spider.detail_articles = crawler.settings.getint("GOVFRESH_DETAIL_ARTICLES")
        spider.known_details = frozenset(crawler.settings.getlist("GOVFRESH_KNOWN_DETAILS"))
        if any(state.render for state in spider.states):  # only then is scrapy-playwright's handler installed
            spider.no_browser = browser.unavailable(crawler.settings)
            spider.browser_timeout = crawler.settings.getfloat("GOVFRESH_BROWSER_TIMEOUT")
            if spider.no_browser is None:
                crawler.settings.setdict(browser.browser_settings(crawler.settings), priority="spider")
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request | ColumnResult]:
        """Request every column's first page (a browser column without a browser is an error at once)."""
        for index, state in enumerate(self.states):
            if state.render and self.no_browser:
                state.error = self.no_browser
                for result in self._finish_if_done(index):
                    yield result
                continue
            state.pending = 1
            yield self._request(state.spec.url, self.parse_list, index, page=1)

    def _request(
        self, url: str, callback: Any, index: int, form: dict[str, str] | None = None, **meta: Any
    ) -> scrapy.Request:
        """Build a request for a column (duplicates allowed: two columns may share pages); a form makes it a POST."""
        errback = self.on_list_error if callback == self.parse_list else self.on_article_error
        state = self.states[index]
        if not state.spec.robots:  # the site's `robots: false` in the config
            meta["dont_obey_robotstxt"] = True
        meta = {"column": index, **meta}
        if form is not None:
            return scrapy.FormRequest(
                url, formdata=form, callback=callback, errback=errback, dont_filter=True, meta=meta
            )
        if state.render and callback == self.parse_list:  # list pages only: item pages are read as they are
            meta.update(browser.render_meta(self.browser_timeout))
        return scrapy.Request(url, callback=callback, errback=errback, dont_filter=True, meta=meta)

    def parse_list(self, response: Response) -> Iterator[Any]:
        """Read one list page of a column, then page on or follow item pages as needed."""
        index, page = response.meta["column"], response.meta["page"]
        state = self.states[index]
        state.pending -= 1
        state.pages += 1
        if page == 1:
            state.final_url = response.url
        try:
            yield from self._read_list(state, index, page, response)
        except Exception as exc:  # a page that breaks the extractor must not stop the other columns
            state.error = state.error or f"页面解析失败: {type(exc).__name__}: {exc}"
            self.logger.exception("extractor failed on %s", response.url)
        yield from self._finish_if_done(index)

    def _read_list(self, state: ColumnState, index: int, page: int, response: Response) -> Iterator[Any]:
        """Extract the page's listing into the column state and yield further requests."""
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or (content_type and not any(t in content_type for t in PAGE_TYPES)):
            state.error = f"不是网页（Content-Type: {content_type or '未知'}）"
            return
        text = decode_html(response.body, response.encoding)
        group = response.meta.get("hanweb_group")
        if group is not None:  # a Hanweb dataproxy.jsp answer: the XML datastore of one group of records
            text = hanweb.group_document(text)
        root = parse_html(text, response.url)
        listing = extract_listing(root, response.url, self.as_of)
        if listing.kind in ("scripted", "none"):
            if page == 1:
                scripted = listing.kind == "scripted"
                state.error = self._scripted_reason(state, listing.reason) if scripted else listing.reason
            else:
                state.unread_beyond = True
            return
        state.items.extend(listing.items)
        next_group = self._next_group(response, root, listing)
        # A Hanweb group says "more records than shown" of the whole column: only the last group read counts.
        state.unread_beyond = state.unread_beyond or (listing.truncated and group is None and next_group is None)
        if listing.kind == "links" and page == 1:
            for item_index, item in enumerate(listing.items[: self.follow_articles]):
                state.pending += 1
                yield self._request(item.url, self.parse_article, index, item=item_index)
            state.unread_beyond = state.unread_beyond or len(listing.items) > self.follow_articles
            return
        if listing.next_page:
            if self._needs_more(state, listing.items) and state.pages < self.max_pages:
                state.pending += 1
                yield self._request(listing.next_page, self.parse_list, index, page=page + 1)
            else:
                state.unread_beyond = True
        elif next_group is not None:
            pager, number = next_group
            if self._needs_more(state, listing.items) and state.pages < self.max_pages:
                url, form = hanweb.group_request(pager, number)
                state.pending += 1
                yield self._request(url, self.parse_list, index, form, page=page + 1, hanweb_group=number, hanweb=pager)
            else:
                state.unread_beyond = True

    @staticmethod
    def _next_group(response: Response, root: Any, listing: Listing) -> tuple[hanweb.Pager, int] | None:
        """Return the Hanweb pager and the number of the next group of records when the column has one."""
        if listing.kind != "list":
            return None
        pager = response.meta.get("hanweb")
        if pager is None:  # the column page itself: its datastore holds the first group
            if not listing.truncated:
                return None
            scripts = [s.text or "" for s in root.iter("script")]
            pager = hanweb.find_pager(scripts, response.url)
            number = 2
        else:
            number = response.meta["hanweb_group"] + 1
        return (pager, number) if pager is not None and hanweb.has_group(pager, number) else None

    def _scripted_reason(self, state: ColumnState, reason: str) -> str:
        """Return why a scripted list could not be read, suggesting `render: browser` when it was not rendered."""
        if state.render:
            return f"{reason}（已用浏览器渲染，列表仍为空）"
        return f"{reason}；可在配置中为该栏目加上 render: browser，用浏览器执行JavaScript后读取"

    def _needs_more(self, state: ColumnState, page_items: list[Entry]) -> bool:
        """Return True when the page's oldest item is still newer than the rules' horizon."""
        if state.horizon is None:
            return False
        dates = [i.published for i in page_items if i.published is not None and not i.pinned]
        return bool(dates) and min(dates) >= state.horizon

    def parse_article(self, response: Response) -> Iterator[Any]:
        """Read an item page: its publication date for an undated item, the details the rules need."""
        index, item_index = response.meta["column"], response.meta["item"]
        state = self.states[index]
        state.pending -= 1
        state.pages += 1  # pages read for the column: its list pages and its item pages
        try:
            if isinstance(response, TextResponse) and b"html" in response.headers.get("Content-Type", b"html").lower():
                root = parse_html(decode_html(response.body, response.encoding), response.url)
                item = state.items[item_index]
                if item.published is None:
                    found = article_date(root, response.url)
                    if found is not None:
                        item = replace(item, published=found.published, date_source="article")
                state.items[item_index] = self._details(state, item, root, response.url)
        except Exception:
            self.logger.exception("article extractor failed on %s", response.url)
        yield from self._finish_if_done(index)

    @staticmethod
    def _details(state: ColumnState, item: Entry, root: Any, url: str) -> Entry:
        """Return the item with the article details its column's rules need."""
        if "source" in state.needs:
            item = replace(item, source=article_source(root))
        if "event" in state.needs and item.published is not None:
            item = replace(item, event=article_event(root, item.published))
        if "forms" in state.needs:
            item = replace(item, forms=article_forms(root, url))
        return item

    def _ask_details(self, index: int) -> Iterator[scrapy.Request]:
        """Request the article pages of the newest items within the rules' horizon, once, when details are needed."""
        state = self.states[index]
        state.details_asked = True
        low = state.horizon or date.min
        wanted = [
            (n, item)
            for n, item in enumerate(state.items)
            if item.published is not None
            and low <= item.published <= self.as_of
            and item.date_source != "article"
            and item.url not in self.known_details
        ]
        wanted.sort(key=lambda pair: pair[1].published, reverse=True)  # type: ignore[arg-type,return-value]
        for n, item in wanted[: self.detail_articles]:
            state.pending += 1
            yield self._request(item.url, self.parse_article, index, item=n)

    def on_list_error(self, failure: Failure) -> Iterator[Any]:
        """Record why a list page could not be fetched."""
        index, page = failure.request.meta["column"], failure.request.meta["page"]
        state = self.states[index]
        state.pending -= 1
        if page == 1:
            state.error = describe_failure(failure)
        else:
            state.unread_beyond = True
        yield from self._finish_if_done(index)

    def on_article_error(self, failure: Failure) -> Iterator[Any]:
        """An item page that fails leaves its item undated."""
        index = failure.request.meta["column"]
        self.states[index].pending -= 1
        yield from self._finish_if_done(index)

    def _finish_if_done(self, index: int) -> Iterator[ColumnResult]:
        """Yield the column's result once no request of it is still out."""
        state = self.states[index]
        if state.pending == 0 and state.needs and not state.details_asked and state.error is None:
            yield from self._ask_details(index)
        if state.pending == 0 and not state.done:
            state.done = True
            yield self.result(index)

    def result(self, index: int) -> ColumnResult:
        """Turn a column's state into its ColumnResult."""
        state = self.states[index]
        entries = tuple(state.items)
        error = state.error
        if error is None and entries and all(e.published is None for e in entries):
            error = "列表中有信息但未找到任何发布日期（列表、链接和文章页均无日期）"
        covered = None
        if state.unread_beyond:
            dates = [e.published for e in entries if e.published is not None and not e.pinned]
            covered = min(dates, default=None)
        return ColumnResult(index, state.spec, () if error else entries, error, covered, state.pages, state.final_url)

    def on_idle(self, spider: scrapy.Spider) -> None:
        """Close out columns whose requests were dropped without a callback (none should be)."""
        left = [i for i, s in enumerate(self.states) if not s.done]
        for index in left:
            self.states[index].error = self.states[index].error or "请求未完成（被丢弃）"
            self.states[index].pending = 0
        if left:
            request = scrapy.Request("data:,", callback=self._flush, dont_filter=True, meta={"columns": left})
            self.crawler.engine.crawl(request)

    def _flush(self, response: Response) -> Iterator[ColumnResult]:
        """Yield the results of the columns closed out at idle."""
        for index in response.meta["columns"]:
            yield from self._finish_if_done(index)


def describe_failure(failure: Failure) -> str:
    """Return a readable reason for a failed request."""
    reason = browser.describe_browser_failure(failure, failure.request.meta.get("govfresh_browser_timeout"))
    if reason is not None:
        return reason
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"HTTP {status} {HTTP_REASONS.get(status, '错误')}".strip()
    if failure.check(*DNS_ERRORS):
        return "域名无法解析（DNS lookup failed）"
    if failure.check(*REFUSED):
        return "连接被拒绝（connection refused）"
    if failure.check(*TIMEOUTS):
        timeout = failure.request.meta.get("download_timeout")
        return f"连接超时（timeout{f'，{timeout:g}秒' if timeout else ''}）"
    if failure.check(*CANCELLED):  # Scrapy cancels a download that passes DOWNLOAD_MAXSIZE
        return f"页面超过大小上限或下载被取消（{failure.getErrorMessage()}）"
    if failure.check(IgnoreRequest):
        message = failure.getErrorMessage()
        if "robots" in message.lower():
            return "robots.txt 禁止抓取"
        return f"请求被忽略: {message}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"
