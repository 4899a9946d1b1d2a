"""Every rule kind of both bundled rulesets on the crawled demo portal: the verdict, a phrase of the finding,
and the clause it cites. The pure arithmetic of each kind is tested in test_rulebook.py."""

from __future__ import annotations

import pytest
from conftest import column, run_cli, write_config

from crawler.demo.portal import DEMO_AS_OF, portal_config, write_portal
from crawler.demo.server import serve

XIAN, ZHEN, JYJ = "示例县人民政府", "示例镇人民政府", "示例县教育局"


def findings(col: dict, rule: str) -> list[dict]:
    return [f for f in col["findings"] if f["rule"] == rule]


@pytest.mark.parametrize(
    ("site", "name", "status"),
    [
        (XIAN, "首页", "ok"),
        (XIAN, "政府信息公开年报", "ok"),
        (XIAN, "财政预决算", "ok"),
        (XIAN, "重点任务执行情况", "ok"),
        (XIAN, "规范性文件", "ok"),
        (XIAN, "财政预决算领域基层政务公开标准目录", "ok"),
        (ZHEN, "通知公告", "ok"),  # its articles are the unit's own (ContentSource / 来源)
    ],
)
def test_columns_that_meet_their_rules(demo_check, site, name, status):
    assert column(demo_check, site, name)["status"] == status


def test_annual_report_late_and_missing(demo_check):
    (late,) = findings(column(demo_check, JYJ, "政府信息公开年报"), "annual-report")
    assert late["severity"] == "warning" and "2026-02-10" in late["message"] and "2026-01-31" in late["message"]
    (missing,) = findings(column(demo_check, ZHEN, "政府信息公开年报"), "annual-report")
    assert missing["severity"] == "violation" and "未发布2025年度信息" in missing["message"]
    assert "丰府办字〔2021〕10号" in missing["source"]


def test_budget_within_two_weeks_of_the_local_two_sessions(demo_check):
    budget = findings(column(demo_check, JYJ, "部门预决算"), "budget-after-lianghui")
    messages = " ".join(f["message"] for f in budget)
    assert [f["severity"] for f in budget] == ["violation", "violation"]
    assert "“预算”信息于2026-02-20发布，晚于2026-01-18后14日" in messages and "未发布“决算”信息" in messages


def test_quarterly_progress(demo_check):
    (lapse,) = findings(column(demo_check, ZHEN, "重点任务执行情况"), "quarterly-progress")
    assert lapse["severity"] == "violation" and "2026年第3季度" in lapse["message"]


def test_meeting_news_within_three_working_days_of_the_meeting_read_from_the_article(demo_check):
    col = column(demo_check, XIAN, "会议公开")
    late, unknown = findings(col, "meeting-3-workdays")
    assert late["severity"] == "violation" and "第20次常务会议" in late["message"] and "5个工作日" in late["message"]
    assert "第21次" not in late["message"]  # met on 11-18, published 11-19
    assert unknown["severity"] == "warning" and "未能从正文读取会议日期" in unknown["message"]
    assert "二（三）3" in late["source"]


def test_interpretations_paired_with_their_documents_and_the_yearly_shares(demo_check):
    col = column(demo_check, XIAN, "政策解读")
    (late,) = findings(col, "interpretation-3-workdays")
    assert late["severity"] == "violation" and "示例县农村人居环境整治提升方案" in late["message"]
    assert "养老服务补贴" not in late["message"]  # 2 working days after its document
    assert [f["severity"] for f in findings(col, "interpretation-diversified")] == ["warning"]  # 2025 met: 3 of 5
    (head,) = findings(col, "head-interprets")
    assert head["severity"] == "warning" and "即将超期" in head["message"]  # twice in 2025, once so far in 2026


def test_open_day_twice_a_year_warns_before_the_year_ends(demo_check):
    (finding,) = findings(column(demo_check, XIAN, "政府开放日"), "open-day-twice")
    assert finding["severity"] == "warning" and "还剩39天" in finding["message"]


def test_directory_areas_reported_once_for_the_unit(demo_check):
    (site,) = [s for s in demo_check["sites"] if s["site"] == XIAN]
    blank, missing = findings(site, "directory-26-areas")
    assert blank["severity"] == "violation" and "扶贫" in blank["message"]
    assert missing["severity"] == "warning" and "24个领域" in missing["message"]
    assert column(demo_check, XIAN, "扶贫领域基层政务公开标准目录")["status"] == "violation"
    assert [s["status"] for s in demo_check["sites"] if s["site"] != XIAN] == ["ok", "ok"]


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    # a portal of its own: the session's demo portal keeps a request log other tests assert on
    root = tmp_path_factory.mktemp("national-portal")
    write_portal(root, DEMO_AS_OF)
    with serve(root) as server:
        yield national_check(server, tmp_path_factory)


def national_check(server, tmp_path_factory):
    config = write_config(tmp_path_factory.mktemp("national") / "sites.yaml", portal_config(server.url))
    run = run_cli(
        "check", "--config", str(config), "--as-of", DEMO_AS_OF.isoformat(), "--ruleset", "national-2019",
        "--format", "json",
    )  # fmt: skip
    assert run.code == 1, run.stderr
    return run.json()


def test_national_checklist_on_the_demo(national):
    assert national["ruleset"] == "national-2019"
    (quiet,) = findings(column(national, ZHEN, "首页"), "homepage-2weeks")
    assert quiet["severity"] == "warning" and "即将超期" in quiet["message"] and "已11天未更新" in quiet["message"]
    assert column(national, XIAN, "首页")["status"] == "ok"
    (sites,) = [s for s in national["sites"] if s["site"] == XIAN]
    (blank,) = findings(sites, "veto-blank")
    assert blank["severity"] == "warning" and "预警" in blank["message"]  # 2 blank columns: below the veto at 5
    assert all(
        f["source"].startswith("《政府网站与政务新媒体检查指标》") for s in national["sites"] for f in s["findings"]
    )
