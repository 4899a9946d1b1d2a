"""Every report in a real headless Chromium: no console error, no request beyond the file itself, prints to PDF.

Needs Debian's chromium (/usr/bin/chromium, installed by .ci/run) and the playwright package from the `test`
extra; playwright drives the system Chromium, no browser is downloaded. Without them the module is skipped on a
developer's machine, and fails under CI (the CI variable set), where .ci/run installs both.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import run_cli, write_config

from crawler.demo.server import serve

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
CRAWL_DAYS = ["2026-10-05", "2026-10-26", "2026-11-23"]
UNITS = ["甲镇人民政府", "乙局", "丙乡人民政府"]
WEEKLY, MONTHLY, QUARTERLY = "weekly-2026-W48.html", "monthly-2026-10.html", "quarterly-2026-Q4.html"
PAGES = ["check.html", WEEKLY, MONTHLY, QUARTERLY, "index.html"]


def write_list(folder: Path, items: list[tuple[str, date]]) -> None:
    """A plain column list page: one <li> per item, its title escaped as a real site would."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = "".join(
        f'<li><a href="./{d:%Y%m}/t{d:%Y%m%d}_{n}.html">{html.escape(t)}</a><span>{d.isoformat()}</span></li>'
        for n, (t, d) in enumerate(items)
    )
    page = f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>栏目</title></head><body><ul>{lines}</ul></body></html>'
    (folder / "index.html").write_text(page, encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Weekly, monthly (and quarterly, when the command exists) reports, index and a check page, in one folder.

    Built by real crawls over three simulated days; one crawled title is hostile HTML.
    """
    tmp = tmp_path_factory.mktemp("browser")
    root, db, out = tmp / "site", tmp / "history.db", tmp / "reports"
    old = ("年度工作会议", date(2026, 9, 2))
    with serve(root) as server:
        sites = [
            {"name": UNITS[0], "columns": [{"name": "工作动态", "url": f"{server.url}a/gzdt/"}]},
            {
                "name": UNITS[1],
                "columns": [
                    {"name": "工作动态", "url": f"{server.url}b/gzdt/"},
                    {"name": "通知公告", "url": f"{server.url}b/tzgg/"},
                ],
            },
            {
                "name": UNITS[2],
                "columns": [{"name": "便民服务", "url": f"{server.url}c/missing/", "category": "dynamic"}],
            },
        ]
        config = write_config(tmp / "sites.yaml", {"sites": sites})
        out.mkdir()
        check = ["--as-of", CRAWL_DAYS[-1], "--format", "html", "--output", str(out / "check.html")]
        for day in CRAWL_DAYS:
            today = date.fromisoformat(day)
            write_list(root / "a" / "gzdt", [(f"甲镇工作信息{today:%m%d}", today - timedelta(days=1)), old])
            write_list(root / "b" / "gzdt", [old, ("乙局上半年工作总结", date(2026, 7, 1))])
            write_list(root / "b" / "tzgg", [(HOSTILE, date(2026, 11, 17)), old] if day == CRAWL_DAYS[-1] else [old])
            crawl = ["--config", str(config), "--db", str(db), "--at", f"{day} 02:00"]
            if day != CRAWL_DAYS[-1]:
                run = run_cli("crawl", *crawl)
            else:  # the last day's crawl and the check of the same pages, side by side (each takes seconds)
                with ThreadPoolExecutor(2) as pool:
                    checked = pool.submit(run_cli, "check", "--config", str(config), *check)
                    run = run_cli("crawl", *crawl)
                    assert checked.result().code in (0, 1), checked.result().stderr  # 1: violations found
            assert run.code == 0, run.stderr
    reports = [("weekly", "--as-of", "2026-11-23"), ("monthly", "--month", "2026-10")]
    if run_cli("report", "quarterly", "--help").code == 0:
        reports.append(("quarterly", "--quarter", "2026-Q4"))
    for kind, option, value in reports:
        run = run_cli("report", kind, "--db", str(db), option, value, "--out", str(out))
        assert run.code == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    """One headless system Chromium for the module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM.exists():
        reason = f"needs the playwright package and Debian's chromium at {CHROMIUM} (.ci/run installs both)"
        if os.environ.get("CI"):
            pytest.fail(f"CI: {reason}", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened from its file:// URL, with everything it asked for and everything that went wrong."""

    def __init__(self, browser, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.context = browser.new_context()
        # Nothing may leave the machine: a request to anything but a file is recorded, then aborted.
        self.context.route(re.compile(r"^(?!file:)"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url, wait_until="load")

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location
            self.errors.append(f"console.error at {where.get('url')}:{where.get('lineNumber')}: {message.text}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, folder):
    opened: list[Visit] = []

    def open_page(name: str) -> Visit:
        if not (folder / name).exists():
            pytest.skip(f"{name} not written (no `govfresh report quarterly` in this version)")
        opened.append(Visit(browser, folder / name))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


def pdf_pages(pdf: bytes) -> int:
    """Count the page objects of a PDF (not the /Pages tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("name", PAGES)
def test_report_loads_clean_offline_and_prints(visit, name):
    page = visit(name)
    pdf = page.page.pdf(format="A4", print_background=True)
    assert page.errors == []
    assert page.dialogs == []  # nothing from a crawled page ran
    assert page.requests == [page.url]  # no CDN, font, image, script or other file: the file alone
    assert pdf.startswith(b"%PDF-") and pdf_pages(pdf) >= 1


@pytest.mark.parametrize("name", ["check.html", WEEKLY])
def test_hostile_title_is_shown_as_text(visit, name):
    page = visit(name)
    assert HOSTILE in page.page.inner_text("body")
    assert page.page.locator("script").count() == 0 and page.page.locator("img").count() == 0


def test_weekly_prints_each_unit_on_its_own_page(visit):
    page = visit(WEEKLY)
    page.page.emulate_media(media="print")
    units = page.page.eval_on_selector_all(
        "section.unit", "els => els.map(e => [e.querySelector('h2').textContent, getComputedStyle(e).breakBefore])"
    )
    assert sorted(units) == sorted([unit, "page"] for unit in UNITS)
    pdf = page.page.pdf(format="A4", print_background=True)
    assert pdf_pages(pdf) >= 1 + len(UNITS)  # the summary, then a page (or more) per unit


def test_printed_chinese_uses_a_cjk_font(visit):
    """The PDF embeds a font of the pages' font stack, so Chinese is not printed as empty boxes."""
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True).stdout if shutil.which("fc-list") else b""
    if not fonts and not os.environ.get("CI"):
        pytest.skip("no CJK font installed (.ci/run installs fonts-wqy-zenhei)")
    pdf = visit(WEEKLY).page.pdf(format="A4", print_background=True)
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+(WenQuanYi|NotoSansCJK|NotoSerifCJK|SourceHanSans)", pdf)
