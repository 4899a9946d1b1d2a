"""Scrapy settings for govfresh crawls: politeness, retries, timeouts, and govfresh's own knobs.

A config's `settings:` mapping overrides any of these for its crawls.
"""

BOT_NAME = "govfresh"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# An honest User-Agent: the tool and where to learn about it; a config's `contact:` URL replaces the link.
USER_AGENT_TEMPLATE = "govfresh/0.1 (+{contact}; government website freshness monitor)"
USER_AGENT = USER_AGENT_TEMPLATE.format(contact="https://pypi.org/project/govfresh/")
ROBOTSTXT_OBEY = True
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.SharedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
}

# Politeness: a few requests per site at once; AutoThrottle can be switched on per config.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOADER = "crawler.downloader.PoliteDownloader"  # keeps the per-site limit (see crawler/downloader.py)
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True  # adapts the pace to each server; start delay below
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Failures: retry server errors and timeouts a little, then report the column as `error`.
DOWNLOAD_TIMEOUT = 20
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry; doubled for each further one
RETRY_BACKOFF_MAX = 60.0
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0

# Measured on a 1,000-column crawl (CPU per page −22 % and −6 %): Scrapy starts CONCURRENT_ITEMS asyncio
# workers per response although a column yields one item, and re-parses each callback's source per response
# to warn about generator return values.
CONCURRENT_ITEMS = 4
WARN_ON_GENERATOR_RETURN_VALUE = False

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy ≥ 2.19's remote control opens a port and writes a job file (with its token) under ~/.local/state: a CI
# step or a nightly crawl needs neither, and must write nothing but its output.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "ERROR"
DNSCACHE_ENABLED = True
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

ITEM_PIPELINES = {"crawler.pipelines.HistoryPipeline": 300}
EXTENSIONS = {"crawler.progress.Progress": 500}

# govfresh: history database of `crawl` / `check --db` (set by the CLI), progress display (auto | bar | lines | off).
GOVFRESH_DB = None
GOVFRESH_RUN_ID = 0
GOVFRESH_OBSERVED_AT = None
GOVFRESH_PROGRESS = "off"

# govfresh: list pages read per column at most (paging stops earlier once the rules' horizon is reached),
# and item pages read when a list shows no dates.
GOVFRESH_MAX_PAGES = 5
GOVFRESH_FOLLOW_ARTICLES = 3
# Article pages read per column for the details its rules need (来源 for originals, the meeting day, video):
# the newest items within the rules' horizon, at most this many. Items seen in earlier crawls keep theirs.
GOVFRESH_DETAIL_ARTICLES = 8
# Article links whose details the history already holds (set by `govfresh crawl`): never read twice.
GOVFRESH_KNOWN_DETAILS: list[str] = []
# govfresh discover: how many links deep from the front page to look for columns, and how many pages at most.
GOVFRESH_DISCOVER_DEPTH = 3
GOVFRESH_DISCOVER_MAX_PAGES = 400

# govfresh: columns with `render: browser` are rendered by this Chromium (Debian's package; never a downloaded
# build) through scrapy-playwright; a page whose scripts have not finished loading within
# GOVFRESH_BROWSER_TIMEOUT seconds is an `error`. At most GOVFRESH_BROWSER_PAGES pages are open at once.
GOVFRESH_BROWSER_PATH = "/usr/bin/chromium"
GOVFRESH_BROWSER_TIMEOUT = 20
GOVFRESH_BROWSER_PAGES = 4
