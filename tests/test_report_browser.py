"""Every report in a real headless Chromium: no console error, no request beyond the file itself, prints to PDF.

Needs Debian's chromium (/usr/bin/chromium, installed by .ci/run) and the playwright package (no browser
download: the system Chromium is driven). Skipped on a developer machine without them, failed under CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli, write_config

from crawler.demo.server import serve

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

if sync_playwright is None or not Path(CHROMIUM).exists():
    reason = "needs playwright and Debian's chromium (.ci/run installs both)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

REPORTS = [
    "check.html",
    "weekly-2026-W48.html",
    "monthly-2026-10.html",
    "quarterly-2026-Q4.html",
    "index.html",
    "hostile.html",
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The demo's reports, plus a check page whose crawled title is hostile HTML."""
    out = tmp_path_factory.mktemp("browser")
    run = run_cli("demo", "--out", str(out), cwd=out)
    assert run.code == 0, run.stderr
    site = out / "site" / "news"
    site.mkdir(parents=True)
    item = f'<li><a href="./202611/t20261120_1.html">{HOSTILE.replace("<", "&lt;")}</a><span>2026-11-20</span></li>'
    site.joinpath("index.html").write_text(
        f"<html><body><ul>{item}{item.replace('_1', '_2')}</ul></body></html>", encoding="utf-8"
    )
    with serve(out / "site") as server:
        config = write_config(
            out / "hostile.yaml",
            {"sites": [{"name": "测试县", "columns": [{"name": "动态", "url": f"{server.url}news/"}]}]},
        )
        run = run_cli(
            "check",
            "--config",
            str(config),
            "--as-of",
            "2026-11-23",
            "--format",
            "html",
            "--output",
            str(out / "hostile.html"),
        )
    assert run.code == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("name", REPORTS)
def test_report_loads_clean_offline_and_prints(browser, folder, name):
    url = (folder / name).resolve().as_uri()
    page = browser.new_page()
    requests, problems, dialogs = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="load")
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert problems == []
    assert dialogs == []  # nothing from a crawled page ran
    assert requests == [url]  # no CDN, no font, no image, no script: the file alone
    assert pdf.startswith(b"%PDF-") and b"/Type /Page" in pdf


def test_hostile_title_is_text_in_the_page(browser, folder):
    page = browser.new_page()
    page.goto((folder / "hostile.html").resolve().as_uri())
    assert HOSTILE in page.inner_text("body")
    assert page.locator("img").count() == 0
    page.close()


def test_weekly_prints_one_unit_per_page(browser, folder):
    page = browser.new_page()
    page.goto((folder / "weekly-2026-W48.html").resolve().as_uri())
    page.emulate_media(media="print")
    breaks = page.eval_on_selector_all("section.unit", "els => els.map(e => getComputedStyle(e).breakBefore)")
    page.close()
    assert len(breaks) == 3 and set(breaks) == {"page"}
