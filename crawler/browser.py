"""Columns with `render: browser`: their list pages are rendered by scrapy-playwright driving the system's Chromium.

Only a crawl that has such a column installs scrapy-playwright's download handler, and that handler renders
only requests whose meta says playwright=True: every other request still goes through Scrapy's HTTP client.
Chromium is launched at the first rendered page (once per crawl) and closed when the crawl's engine stops,
which Scrapy also does after an error and on SIGTERM. Without Chromium, or without scrapy-playwright, a
browser column is an `error` whose reason says so ("needs a browser: install chromium"), never blank.
"""

from __future__ import annotations

import importlib.util
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

INSTALL_HINT = "needs a browser: install chromium"
HANDLER = "crawler.browser.BrowserDownloadHandler"
# As the report tests start Debian's Chromium: no sandbox (CI runs as root), no GPU, and none of the
# background connections a closed network refuses by the dozen.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HEAVY_RESOURCES = frozenset({"image", "media", "font"})
LAUNCH_TIMEOUT_MS = 30_000


def wants_browser(options: dict[str, object]) -> bool:
    """Return True when a column's options (its own or its site's) say `render: browser`."""
    return options.get("render") == "browser"


def unavailable(settings: BaseSettings) -> str | None:
    """Return why no browser can render pages in this crawl (Chromium or scrapy-playwright missing), or None."""
    path = str(settings.get("GOVFRESH_BROWSER_PATH") or "")
    if importlib.util.find_spec("scrapy_playwright") is None:
        return (
            "需要浏览器渲染（render: browser），但未安装 scrapy-playwright"
            f"（{INSTALL_HINT}: pip install 'govfresh[browser]' && apt-get install chromium）"
        )
    if not path or not Path(path).is_file():
        where = path or "（未设置GOVFRESH_BROWSER_PATH）"
        return (
            f"需要浏览器渲染（render: browser），但未找到Chromium {where}（{INSTALL_HINT}: apt-get install chromium）"
        )
    return None


def browser_settings(settings: BaseSettings) -> dict[str, Any]:
    """Return the Scrapy settings that install the browser handler for http(s) and configure its Chromium."""
    timeout_ms = settings.getfloat("GOVFRESH_BROWSER_TIMEOUT") * 1000
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": str(settings.get("GOVFRESH_BROWSER_PATH")),
            "headless": True,
            "args": CHROMIUM_FLAGS,
            "timeout": LAUNCH_TIMEOUT_MS,
        },
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_ms,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("GOVFRESH_BROWSER_PAGES"),
        "PLAYWRIGHT_ABORT_REQUEST": skip_heavy,
    }


def render_meta(timeout: float | None) -> dict[str, Any]:
    """Return the request meta that sends a list page through the browser, waiting until its scripts are done."""
    # networkidle: no request for 0.5 s, so a list filled from an API after `load` is in the DOM; a script that
    # never finishes loading hits the navigation timeout (GOVFRESH_BROWSER_TIMEOUT) instead.
    return {
        "playwright": True,
        "playwright_page_goto_kwargs": {"wait_until": "networkidle"},
        "govfresh_browser_timeout": timeout,
    }


def skip_heavy(request: Any) -> bool:
    """Return True for the browser's requests a list does not need (images, media, fonts): they are aborted."""
    return request.resource_type in HEAVY_RESOURCES


def describe_browser_failure(failure: Failure, timeout: float | None) -> str | None:
    """Return a readable reason for a failed browser rendering, or None when the failure is not the browser's."""
    error = failure.value
    module = type(error).__module__ or ""
    if not module.startswith("playwright"):
        return None
    message = str(getattr(error, "message", "") or error).strip()
    first = message.splitlines()[0] if message else type(error).__name__
    if type(error).__name__ == "TimeoutError":
        seconds = f"{timeout:g}秒" if timeout else "时限"
        return f"浏览器渲染超时（{seconds}内页面及其脚本未加载完成，browser timeout）: {first}"
    if "launch" in first.lower() or "executable" in message.lower():
        return f"无法启动浏览器（{INSTALL_HINT}）: {first}"
    return f"浏览器渲染失败: {first}"


@dataclass
class _Shared:
    """scrapy-playwright's handler of one crawl and how many scheme handlers still use it."""

    handler: Any
    users: int = 0


_SHARED: weakref.WeakKeyDictionary[Crawler, _Shared] = weakref.WeakKeyDictionary()


class BrowserDownloadHandler:
    """The download handler of http and https in a crawl with browser columns: one scrapy-playwright handler for
    both schemes, so the crawl has one Playwright and one Chromium; it renders only requests with playwright=True.
    """

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler  # only crawls with browser columns

        shared = _SHARED.get(crawler)
        if shared is None:
            shared = _SHARED[crawler] = _Shared(ScrapyPlaywrightDownloadHandler.from_crawler(crawler))
        shared.users += 1
        self.shared = shared

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserDownloadHandler:
        """Build the handler for a crawl (Scrapy's entry point)."""
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        """Download a request: in Chromium when its meta says playwright=True, else with Scrapy's HTTP client."""
        return await self.shared.handler.download_request(request)

    async def close(self) -> None:
        """Close the shared handler (and with it the browser) when the last scheme's handler closes."""
        self.shared.users -= 1
        if self.shared.users == 0:
            await self.shared.handler.close()
