"""`render: browser` columns: rendered by Debian's Chromium through scrapy-playwright, crawled for real.

Skipped only when /usr/bin/chromium is absent (.ci/run installs it). Every browser started by a crawl here
has its profile under the test's own TMPDIR, so the tests can tell that the crawl closed it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO, Run, column, write_config
from scrapy.settings import Settings

from crawler import browser
from crawler.config import load_config
from crawler.demo import pages
from crawler.demo.pages import Item
from crawler.demo.portal import DEMO_AS_OF, portal_config
from crawler.errors import ConfigError

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's chromium at {CHROMIUM} (.ci/run)")

UNIT = "测试县人民政府"
AS_OF = date(2026, 11, 23)
NEVER = "never"  # paths containing this are never answered (until the server stops)


def run_govfresh(*args: str, tmp: Path, timeout: float = 120) -> Run:
    """Run `govfresh ARGS` in its own process, with TMPDIR (where Chromium keeps its profile) set to tmp."""
    proc = subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=browser_env(tmp),
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def browser_env(tmp: Path) -> dict[str, str]:
    """Return the environment of a crawl whose browser profile lives under tmp."""
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", "TMPDIR": str(tmp)}


def chromium_processes(tmp: Path) -> list[int]:
    """Return the ids of live Chromium processes started with a profile under tmp."""
    marker = f"{tmp}/".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if b"chrom" in command and marker in command and state != "Z":
                found.append(int(entry.name))
    return found


def items(prefix: str, ages: list[int]) -> list[Item]:
    """Items published these many days before AS_OF."""
    return [
        Item(f"{UNIT}{prefix}专题工作推进会第{n + 1}次会议召开", day, f"./202611/t{day:%Y%m%d}_{n}.html")
        for n, age in enumerate(ages)
        for day in [AS_OF - timedelta(days=age)]
    ]


class BrowserSite(ThreadingHTTPServer):
    """Columns on 127.0.0.1: JavaScript-filled (/a/, /b/), static (/c/), and pages whose scripts hang."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), BrowserSiteHandler)
        self.stopping = threading.Event()
        self.log: list[tuple[str, str]] = []  # (path, Sec-Fetch-Mode header: only a browser sends one)
        scripted = pages.scripted_list("./api/list.json")
        self.files: dict[str, tuple[str, str]] = {
            "/a/": ("text/html", pages.page(UNIT, "专题A", scripted, AS_OF)),
            "/a/api/list.json": ("application/json", pages.api_json(items("甲", [2, 5, 9, 30]))),
            "/b/": ("text/html", pages.page(UNIT, "专题B", scripted, AS_OF)),
            "/b/api/list.json": ("application/json", pages.api_json(items("乙", [1, 3, 31]))),
            "/c/": (
                "text/html",
                pages.page(
                    UNIT, "专题C", pages.trs_list(items("丙", [4, 8, 35]), pages.DATE_FORMATS["iso"], 0, 1), AS_OF
                ),
            ),
            # The list's API is gone (404): rendered, the list is still empty.
            "/e/": ("text/html", pages.page(UNIT, "专题E", pages.scripted_list("./api/gone.json"), AS_OF)),
            # The list's API never answers: the page never goes quiet.
            "/hang-api/": ("text/html", pages.page(UNIT, "专题D", pages.scripted_list(f"./api/{NEVER}.json"), AS_OF)),
            # A script in the head never finishes loading: the page never loads.
            "/hang-script/": (
                "text/html",
                pages.page(UNIT, "专题E", scripted, AS_OF, meta=f'<script src="/{NEVER}.js"></script>'),
            ),
        }

    @property
    def url(self) -> str:
        """Return the base URL."""
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def paths(self) -> list[str]:
        """Return the paths requested so far."""
        return [path for path, _ in self.log]


class BrowserSiteHandler(BaseHTTPRequestHandler):
    """Answer the site's files; paths with NEVER wait until the server stops."""

    server: BrowserSite

    def do_GET(self) -> None:
        self.server.log.append((self.path, self.headers.get("Sec-Fetch-Mode", "")))
        if NEVER in self.path:
            self.server.stopping.wait(120)
            return
        found = self.server.files.get(self.path.split("?")[0])
        status, (kind, text) = (200, found) if found else (404, ("text/plain", "not found"))
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture
def short_tmp():
    """A short TMPDIR for the crawl: Chromium cannot start when its profile's socket path passes 107 bytes."""
    path = Path(tempfile.mkdtemp(prefix="gfb-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def site():
    """The browser test site, served on 127.0.0.1 for one test."""
    server = BrowserSite()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()


def site_config(site: BrowserSite, columns: list[dict], **settings: object) -> dict:
    """Return a config of the site's columns (专题, judged monthly) with a few settings."""
    base = {"AUTOTHROTTLE_ENABLED": False, "RETRY_TIMES": 0, "GOVFRESH_BROWSER_TIMEOUT": 10}
    return {
        "settings": {**base, **settings},
        "sites": [
            {
                "name": UNIT,
                "url": site.url,
                "columns": [{"category": "thematic", **c, "url": site.url + c["url"]} for c in columns],
            }
        ],
    }


def check(config: dict, folder: Path, profile: Path) -> Run:
    """Run a real `govfresh check --format json` of the config as of AS_OF (TMPDIR: profile)."""
    path = write_config(folder / "sites.yaml", config)
    return run_govfresh("check", "--config", str(path), "--as-of", AS_OF.isoformat(), "--format", "json", tmp=profile)


def test_demo_javascript_column_is_read_in_a_real_browser(demo_portal, tmp_path, short_tmp):
    config = portal_config(demo_portal.url)
    county = config["sites"][0]
    county["columns"] = [c for c in county["columns"] if c["name"] in ("人事信息", "工作动态")]
    county["columns"][[c["name"] for c in county["columns"]].index("人事信息")]["render"] = "browser"
    config["sites"] = [county]
    path = write_config(tmp_path / "sites.yaml", config)
    started = time.monotonic()
    run = run_govfresh(
        "check", "--config", str(path), "--as-of", DEMO_AS_OF.isoformat(), "--format", "json", tmp=short_tmp
    )
    assert run.code == 0, run.stderr
    scripted = column(run.json(), county["name"], "人事信息")
    # Its list is filled from ./api/list.json (items 2 and 9 days old, repeated every 3 weeks back).
    assert (scripted["status"], scripted["latest"], scripted["error"]) == ("ok", "2026-11-21", None)
    assert scripted["items"] >= 2 and "/xian/rsxx/202611/t20261121_" in scripted["newest"]["url"]
    assert "/xian/rsxx/api/list.json" in demo_portal.requests  # fetched by the page's own script, in Chromium
    assert column(run.json(), county["name"], "工作动态")["status"] == "ok"
    assert time.monotonic() - started < 60
    assert chromium_processes(short_tmp) == []  # the crawl closed its browser


def test_only_browser_columns_are_rendered_and_the_browser_starts_once(site, tmp_path, short_tmp):
    columns = [
        {"name": "专题A", "url": "a/", "render": "browser"},
        {"name": "专题B", "url": "b/"},  # scripted too, but not opted in
        {"name": "专题C", "url": "c/"},
        {"name": "专题A2", "url": "a/?again", "render": "browser"},
        {"name": "专题E", "url": "e/", "render": "browser"},
    ]
    run = check(site_config(site, columns, LOG_LEVEL="INFO"), tmp_path, short_tmp)
    assert run.code == 0, run.stderr
    document = run.json()
    a = column(document, UNIT, "专题A")
    assert (a["status"], a["latest"], a["items"]) == ("ok", "2026-11-21", 4)
    assert column(document, UNIT, "专题A2")["latest"] == "2026-11-21"
    b = column(document, UNIT, "专题B")
    assert b["status"] == "error" and "JavaScript" in b["error"] and "render: browser" in b["error"]  # the hint
    gone = column(document, UNIT, "专题E")
    assert gone["status"] == "error" and "已用浏览器渲染，列表仍为空" in gone["error"]
    static = column(document, UNIT, "专题C")
    assert (static["status"], static["latest"]) == ("ok", "2026-11-19")
    # Only the browser runs scripts: A's API was fetched, B's never; A's page was a browser navigation, C's not.
    assert site.paths().count("/a/api/list.json") == 2 and "/b/api/list.json" not in site.paths()
    modes = dict(site.log)
    assert modes["/a/"] == "navigate" and modes["/b/"] == "" and modes["/c/"] == ""
    # One Playwright (shared by the http and https handlers) and one Chromium for the three browser columns.
    assert run.stderr.count("Starting download handler") == 1 and run.stderr.count("Launching browser") == 1
    assert chromium_processes(short_tmp) == []


def test_a_crawl_without_browser_columns_starts_no_browser(site, tmp_path, short_tmp):
    run = check(site_config(site, [{"name": "专题C", "url": "c/"}], LOG_LEVEL="INFO"), tmp_path, short_tmp)
    assert run.code == 0, run.stderr
    assert "scrapy-playwright" not in run.stderr and "Launching browser" not in run.stderr


@pytest.mark.parametrize("path", ["hang-api/", "hang-script/"])
def test_a_page_whose_scripts_never_finish_times_out_into_error(site, tmp_path, short_tmp, path):
    columns = [{"name": "专题D", "url": path, "render": "browser"}, {"name": "专题C", "url": "c/"}]
    started = time.monotonic()
    run = check(site_config(site, columns, GOVFRESH_BROWSER_TIMEOUT=2), tmp_path, short_tmp)
    elapsed = time.monotonic() - started
    assert run.code == 0, run.stderr  # an unreadable column is an error, not a violation
    hanging = column(run.json(), UNIT, "专题D")
    assert (hanging["status"], hanging["latest"]) == ("error", None)
    assert "浏览器渲染超时" in hanging["error"] and "2秒" in hanging["error"] and "timeout" in hanging["error"]
    assert column(run.json(), UNIT, "专题C")["status"] == "ok"
    assert elapsed < 30
    assert chromium_processes(short_tmp) == []  # closed after the error too


def test_without_chromium_a_browser_column_says_it_needs_one(site, tmp_path, short_tmp):
    columns = [{"name": "专题A", "url": "a/", "render": "browser"}, {"name": "专题C", "url": "c/"}]
    run = check(
        site_config(site, columns, GOVFRESH_BROWSER_PATH=str(tmp_path / "no-such-chromium")), tmp_path, short_tmp
    )
    assert run.code == 0, run.stderr
    a = column(run.json(), UNIT, "专题A")
    assert (a["status"], a["latest"]) == ("error", None)
    assert "needs a browser: install chromium" in a["error"] and "Chromium" in a["error"]
    assert [f["severity"] for f in a["findings"]] == ["error"]
    assert column(run.json(), UNIT, "专题C")["status"] == "ok"  # the other columns are read as usual
    assert "/a/" not in site.paths()


def test_sigterm_closes_the_browser(site, tmp_path, short_tmp):
    columns = [{"name": "专题D", "url": "hang-api/", "render": "browser"}, {"name": "专题C", "url": "c/"}]
    config = write_config(tmp_path / "sites.yaml", site_config(site, columns, GOVFRESH_BROWSER_TIMEOUT=6))
    crawl = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", "--config", str(config), "--db", str(tmp_path / "h.db")]
        + ["--at", "2026-11-23 02:00", "--progress", "off"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=browser_env(short_tmp),
    )
    deadline = time.monotonic() + 60
    while f"/hang-api/api/{NEVER}.json" not in site.paths() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert chromium_processes(short_tmp), "the browser should be rendering the hanging page"
    crawl.send_signal(signal.SIGTERM)
    out, err = crawl.communicate(timeout=60)
    assert crawl.returncode == 1 and "interrupted" in out, err
    assert chromium_processes(short_tmp) == []
    # The page in flight was let finish (here: its timeout) and stored, as for any SIGTERM.
    with sqlite3.connect(tmp_path / "h.db") as db:
        errors = [e for (e,) in db.execute("SELECT error FROM observations") if e]
    assert len(errors) == 1 and "浏览器渲染超时" in errors[0]


def test_render_is_validated_and_inherited_from_the_site(tmp_path, short_tmp):
    config = {
        "sites": [
            {
                "name": UNIT,
                "url": "http://127.0.0.1:9/",
                "render": "browser",
                "columns": [
                    {"name": "专题A", "url": "http://127.0.0.1:9/a/"},
                    {"name": "专题C", "url": "http://127.0.0.1:9/c/", "render": "static"},
                ],
            }
        ]
    }
    loaded = load_config(write_config(tmp_path / "sites.yaml", config))
    assert [c.options.get("render") for c in loaded.columns] == ["browser", "static"]
    config["sites"][0]["columns"][1]["render"] = "chrome"
    with pytest.raises(ConfigError, match=r"columns\[1\] \(专题C\): render 应为 browser.*'chrome'"):
        load_config(write_config(tmp_path / "bad.yaml", config))
    run = run_govfresh("check", "--config", str(tmp_path / "bad.yaml"), tmp=short_tmp)
    assert run.code == 2 and "render 应为 browser" in run.stderr


def test_without_scrapy_playwright_the_reason_says_what_to_install(monkeypatch):
    real = browser.importlib.util.find_spec
    monkeypatch.setattr(
        browser.importlib.util, "find_spec", lambda name, *a: None if name == "scrapy_playwright" else real(name, *a)
    )
    reason = browser.unavailable(Settings({"GOVFRESH_BROWSER_PATH": str(CHROMIUM)}))
    assert reason is not None and "needs a browser: install chromium" in reason and "govfresh[browser]" in reason
    monkeypatch.undo()
    assert browser.unavailable(Settings({"GOVFRESH_BROWSER_PATH": str(CHROMIUM)})) is None
