"""`govfresh report weekly`: the 周检查 from a history built by real crawls over simulated days."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import run_cli, write_config

from crawler.demo import pages
from crawler.demo.pages import DATE_FORMATS, Item
from crawler.demo.portal import DEMO_AS_OF
from crawler.demo.server import serve

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def write_list(folder, items):
    folder.mkdir(parents=True, exist_ok=True)
    area = pages.trs_list([Item(t, d, h) for t, d, h in items], DATE_FORMATS["iso"], 0, 1)
    (folder / "index.html").write_text(pages.page("县", "动态", area, DEMO_AS_OF), encoding="utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Three simulated days of crawls: 2026-11-18, 2026-11-20, 2026-11-23."""
    tmp = tmp_path_factory.mktemp("weekly")
    root = tmp / "site"
    removed = ("县政府召开常务会议", date(2026, 11, 17), "./202611/t20261117_1.html")
    old = ("以前的信息", date(2026, 10, 9), "./202610/t20261009_2.html")
    write_list(root / "gzdt", [removed, old])
    write_list(root / "xzdt", [("乡镇信息", date(2026, 11, 2), "./202611/t20261102_3.html")])
    write_list(root / "bmdt", [(HOSTILE, date(2026, 11, 19), "./202611/t20261119_4.html")])
    db = tmp / "history.db"
    with serve(root) as server:
        columns = [
            {"name": "工作动态", "url": f"{server.url}gzdt/"},
            {"name": "乡镇动态", "url": f"{server.url}xzdt/"},
            {"name": "部门动态", "url": f"{server.url}bmdt/"},
            {"name": "便民服务", "url": f"{server.url}missing/", "category": "dynamic"},
        ]
        config = write_config(tmp / "sites.yaml", {"sites": [{"name": "示例县人民政府", "columns": columns}]})
        for day in ("2026-11-18", "2026-11-20", "2026-11-23"):
            if day == "2026-11-20":
                write_list(root / "gzdt", [old])  # the unit removed last week's item
            run = run_cli("crawl", "--config", str(config), "--db", str(db), "--at", f"{day} 02:00")
            assert run.code == 0, run.stderr
    return tmp, db


def weekly(tmp, db, as_of="2026-11-23"):
    out = tmp / "reports"
    run = run_cli("report", "weekly", "--db", str(db), "--as-of", as_of, "--out", str(out))
    assert run.code == 0, run.stderr
    return out, run


def test_report_and_index_are_written(history):
    out, run = weekly(*history)
    assert "weekly-2026-W48.html" in run.stdout and "违规1" in run.stdout and "无法读取1" in run.stdout
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="weekly-2026-W48.html"' in index and "2026年第48周" in index


def test_sections_of_the_weekly_check(history):
    out, _ = weekly(*history)
    page = (out / "weekly-2026-W48.html").read_text(encoding="utf-8")
    assert "检查周期：2026年11月16日至2026年11月22日" in page
    to_fix = page.split("<h2>本周需整改</h2>")[1].split("<h2>")[0]
    assert "乡镇动态" in to_fix and "丰府办字〔2021〕10号" in to_fix and "已21天未更新" in to_fix
    assert "工作动态" not in to_fix  # its item of 2026-11-17 was removed later: the history still counts it
    assert "便民服务" not in to_fix  # unreadable is never a violation
    unreadable = page.split("无法读取或无法判断的栏目（不计入违规）</h2>")[1]
    assert "便民服务" in unreadable and "HTTP 404" in unreadable and "2026-11-23抓取" in unreadable


def test_crawled_text_is_escaped(history):
    out, _ = weekly(*history)
    page = (out / "weekly-2026-W48.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_week_before_any_crawl_says_so(history):
    tmp, db = history
    out, _ = weekly(tmp, db, "2026-11-09")
    page = (out / "weekly-2026-W46.html").read_text(encoding="utf-8")
    assert page.count("检查日期前没有抓取记录") == 4
    assert "本周没有需要整改的栏目" in page


def test_missing_database_is_refused(tmp_path):
    run = run_cli(
        "report", "weekly", "--db", str(tmp_path / "none.db"), "--as-of", "2026-11-23", "--out", str(tmp_path)
    )
    assert run.code == 2 and len(run.stderr.strip().splitlines()) == 1 and "none.db" in run.stderr
    assert not (tmp_path / "none.db").exists()


def test_a_week_after_the_crawls_stopped_is_unreadable_not_overdue(history):
    tmp, db = history
    out, run = weekly(tmp, db, "2026-11-30")  # the last crawl was on 2026-11-23: the week of 11-23 was never read
    page = (out / "weekly-2026-W49.html").read_text(encoding="utf-8")
    assert "本周没有需要整改的栏目" in page
    assert page.count("最近一次读取在2026-11-23") >= 3
    assert "违规0" in run.stdout
