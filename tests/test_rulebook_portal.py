"""Every rule of both bundled rulesets on the crawled demo portal: a column that meets it and one that does not,
with the verdict, a phrase of the finding and the clause it cites. The pure arithmetic of each kind is tested in
test_rule_kinds.py; back-dating needs the demo's history and is asserted in test_demo.py."""

from __future__ import annotations

import pytest
from conftest import column, run_cli, write_config

from crawler.demo.portal import DEMO_AS_OF, portal_config, write_portal
from crawler.demo.server import serve
from rules.ruleset import load_ruleset

XIAN, ZHEN, JYJ = "示例县人民政府", "示例镇人民政府", "示例县教育局"
ZWGK_SOURCE = "丰府办字〔2021〕10号"
NATIONAL_SOURCE = "《政府网站与政务新媒体检查指标》"


def findings(col: dict, rule: str) -> list[dict]:
    return [f for f in col["findings"] if f["rule"] == rule]


def site(document: dict, name: str) -> dict:
    (found,) = [s for s in document["sites"] if s["site"] == name]
    return found


# (unit, column, rule, severities of the rule's findings, a phrase of the first one): zwgk-2021 on the live crawl.
ZWGK = [
    # 动态类 weekly, originals only: the county's office publishes under its aliases; a stale column; reposts
    (XIAN, "工作动态", "dynamic-weekly", [], ""),  # 来源 示例县人民政府办公室 and 示例县政府
    (XIAN, "图片新闻", "dynamic-weekly", [], ""),  # 来源 示例县政府: the unit's own only through its aliases
    (XIAN, "乡镇动态", "dynamic-weekly", ["violation"], "2026-11-16至2026-11-22这一周未更新"),
    (ZHEN, "时政要闻", "dynamic-weekly", ["violation"], "这一周没有原创信息（仅有转载：人民网、新华社）"),
    (ZHEN, "通知公告", "dynamic-weekly", [], ""),  # its articles are the unit's own (ContentSource / 来源)
    (XIAN, "专题专栏", "thematic-monthly", [], ""),
    (JYJ, "教育专题", "thematic-monthly", ["violation"], "2026年10月未更新"),
    (XIAN, "县情概况", "overview-yearly", [], ""),
    (XIAN, "机构职能", "overview-yearly", ["violation"], "截至2026-03-31未发布2026年更新"),
    (XIAN, "政府信息公开年报", "annual-report", [], ""),  # 2025's report on 2026-01-20
    (JYJ, "政府信息公开年报", "annual-report", ["warning"], "2025年度信息于2026-02-10发布"),
    (ZHEN, "政府信息公开年报", "annual-report", ["violation"], "截至2026-01-31未发布2025年度信息"),
    (XIAN, "财政预决算", "budget-after-lianghui", [], ""),  # 预算 01-25, 决算 01-28 after the 两会 of 01-18
    (JYJ, "部门预决算", "budget-after-lianghui", ["violation", "violation"], "“预算”信息于2026-02-20发布"),
    (XIAN, "重点任务执行情况", "quarterly-progress", [], ""),
    (ZHEN, "重点任务执行情况", "quarterly-progress", ["violation"], "2026年第3季度未更新"),
    (ZHEN, "会议公开", "meeting-3-workdays", [], ""),  # met 11-16 and 11-03, published the next working day
    (XIAN, "会议公开", "meeting-3-workdays", ["violation", "warning"], "《县政府召开第20次常务会议》"),
    (JYJ, "政策解读", "interpretation-3-workdays", [], ""),  # 图解 2 working days after its 办法
    (XIAN, "政策解读", "interpretation-3-workdays", ["violation"], "《示例县农村人居环境整治提升方案》"),
    (JYJ, "政策解读", "interpretation-diversified", [], ""),  # 图解, 问答, a video: 3 of 3 this year
    (XIAN, "政策解读", "interpretation-diversified", ["warning"], "即将超期：本年度截至目前多元化形式1/3条（33%）"),
    (JYJ, "政策解读", "head-interprets", [], ""),  # the 局长 twice this year
    (XIAN, "政策解读", "head-interprets", ["warning"], "即将超期：本年度仅更新1条"),
    (ZHEN, "政府开放日", "open-day-twice", [], ""),
    (XIAN, "政府开放日", "open-day-twice", ["warning"], "即将超期：本年度仅更新1条（需2条信息），距期限还剩39天"),
    (XIAN, "财政预决算领域基层政务公开标准目录", "blank-column", [], ""),
    (XIAN, "扶贫领域基层政务公开标准目录", "blank-column", ["violation"], "空白栏目"),
    (XIAN, "专题报道", "blank-column", ["violation"], "空白栏目"),
]


@pytest.mark.parametrize(("unit", "name", "rule", "severities", "phrase"), ZWGK)
def test_zwgk_rule_on_the_demo(demo_check, unit, name, rule, severities, phrase):
    col = column(demo_check, unit, name)
    found = findings(col, rule)
    assert [f["severity"] for f in found] == severities, found
    if severities:
        assert phrase in found[0]["message"]
        assert found[0]["source"]
    else:
        assert col["status"] == "ok", col["findings"]


def test_the_clauses_cited(demo_check):
    (lapse,) = findings(column(demo_check, ZHEN, "政府信息公开年报"), "annual-report")
    assert ZWGK_SOURCE in lapse["source"]
    late, _ = findings(column(demo_check, XIAN, "会议公开"), "meeting-3-workdays")
    assert "二（三）3" in late["source"]


def test_budget_within_two_weeks_of_the_local_two_sessions(demo_check):
    budget = findings(column(demo_check, JYJ, "部门预决算"), "budget-after-lianghui")
    messages = " ".join(f["message"] for f in budget)
    assert "“预算”信息于2026-02-20发布，晚于2026-01-18后14日" in messages and "未发布“决算”信息" in messages


def test_meeting_news_within_three_working_days_of_the_meeting_read_from_the_article(demo_check):
    late, unknown = findings(column(demo_check, XIAN, "会议公开"), "meeting-3-workdays")
    assert "2026-10-30召开，2026-11-06发布，相隔5个工作日" in late["message"]
    assert "第21次" not in late["message"]  # met on 11-18, published 11-19
    assert unknown["severity"] == "warning" and "1条信息未能从正文读取会议日期" in unknown["message"]


def test_interpretations_paired_with_their_documents(demo_check):
    (late,) = findings(column(demo_check, XIAN, "政策解读"), "interpretation-3-workdays")
    assert "文件2026-10-15发布，解读2026-10-26发布，相隔7个工作日" in late["message"]
    assert "养老服务补贴" not in late["message"]  # 2 working days after its document
    # 2025 is judged too (its items are on the list's first page): 3 of 5 diversified, one by its video only
    (share,) = findings(column(demo_check, XIAN, "政策解读"), "interpretation-diversified")
    assert "本年度截至目前" in share["message"]


def test_directory_areas_reported_once_for_the_unit(demo_check):
    blank, missing = findings(site(demo_check, XIAN), "directory-26-areas")
    assert blank["severity"] == "violation" and blank["message"] == "1个领域的目录栏目空白：扶贫"
    assert missing["severity"] == "warning" and "配置中没有2个领域的目录栏目" in missing["message"]
    assert "食品药品监管" in missing["message"] and "税收管理" in missing["message"]
    directories = [c for c in demo_check["columns"] if c["category"] == "directory"]
    assert len(directories) == 24 and {c["site"] for c in directories} == {XIAN}
    assert [c["name"] for c in directories if c["status"] != "ok"] == ["扶贫领域基层政务公开标准目录"]
    assert site(demo_check, ZHEN)["status"] == site(demo_check, JYJ)["status"] == "ok"  # no directory columns


def test_homepages_are_the_units_front_pages(demo_check):
    for unit, path, latest in ((XIAN, "xian", "2026-11-23"), (ZHEN, "zhen", "2026-11-12"), (JYJ, "jyj", "2026-11-06")):
        home = column(demo_check, unit, "首页")
        assert home["url"].endswith(f"/{path}/") and home["category"] == "homepage"
        assert (home["status"], home["latest"]) == ("ok", latest)  # zwgk-2021 only asks it not to be blank
        assert home["items"] == 7  # the 要闻动态 box, not the 通知公告 box beside it


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    # a portal of its own: the session's demo portal keeps a request log other tests assert on
    root = tmp_path_factory.mktemp("national-portal")
    write_portal(root, DEMO_AS_OF)
    with serve(root) as server:
        config = write_config(tmp_path_factory.mktemp("national") / "sites.yaml", portal_config(server.url))
        run = run_cli(
            "check", "--config", str(config), "--as-of", DEMO_AS_OF.isoformat(), "--ruleset", "national-2019",
            "--format", "json",
        )  # fmt: skip
    assert run.code == 1, run.stderr
    return run.json()


NATIONAL = [
    (XIAN, "首页", "homepage-2weeks", [], ""),
    (ZHEN, "首页", "homepage-2weeks", ["warning"], "即将超期：最新一条发布于2026-11-12，已11天未更新"),
    (JYJ, "首页", "homepage-2weeks", ["violation"], "已17天未更新"),
    (XIAN, "工作动态", "dynamic-2weeks", [], ""),
    (XIAN, "政策文件", "dynamic-2weeks", ["warning"], "即将超期"),
    (XIAN, "乡镇动态", "dynamic-2weeks", ["violation"], "近14天（2026-11-09至2026-11-23）未更新"),
    (XIAN, "规范性文件", "notice-policy-6months", [], ""),
    (ZHEN, "政策文件", "notice-policy-6months", ["violation"], "近180天（2026-05-27至2026-11-23）未更新"),
    (ZHEN, "人事任免", "personnel-1year", [], ""),
    (JYJ, "人事信息", "personnel-1year", ["violation"], "已421天未更新"),
    (XIAN, "政府信息公开年报", "long-stale-1year", [], ""),
    (XIAN, "机构职能", "long-stale-1year", ["warning"], "即将超期"),
    (ZHEN, "政府信息公开年报", "long-stale-1year", ["violation"], "近365天（2025-11-23至2026-11-23）未更新"),
    (XIAN, "救灾领域基层政务公开标准目录", "long-stale-1year", ["violation"], "已510天未更新"),
    (XIAN, "专题报道", "blank-column", ["violation"], "空白栏目"),
]


@pytest.mark.parametrize(("ruleset", "table"), [("zwgk-2021", ZWGK), ("national-2019", NATIONAL)])
def test_every_column_rule_has_a_column_that_meets_it_and_one_that_does_not(ruleset, table):
    rules = load_ruleset(ruleset)
    column_rules = {r.id for r in rules.rules if not r.site_level and r.kind != "backdated"}  # back-dating: history
    met = {rule for _, _, rule, severities, _ in table if not severities}
    missed = {rule for _, _, rule, severities, _ in table if severities}
    assert met | {"blank-column"} == missed == column_rules  # every column is an example of not being blank


@pytest.mark.parametrize(("unit", "name", "rule", "severities", "phrase"), NATIONAL)
def test_national_rule_on_the_demo(national, unit, name, rule, severities, phrase):
    col = column(national, unit, name)
    found = findings(col, rule)
    assert [f["severity"] for f in found] == severities, found
    if severities:
        assert phrase in found[0]["message"] and found[0]["source"]
    else:
        assert col["status"] == "ok", col["findings"]


def test_national_single_veto_counts_per_unit(national):
    assert national["ruleset"] == "national-2019"
    assert [(s["site"], s["status"]) for s in national["sites"]] == [
        (XIAN, "warning"),
        (ZHEN, "ok"),
        (JYJ, "violation"),
    ]
    # the county: 2 blank columns and 6 directories a year old, both below their veto (预警)
    (blank,) = findings(site(national, XIAN), "veto-blank")
    assert blank["severity"] == "warning"
    assert "预警：已有2个栏目（达到5个即单项否决）：专题报道、扶贫领域基层政务公开标准目录" in blank["message"]
    (stale,) = findings(site(national, XIAN), "veto-long-stale")
    assert stale["severity"] == "warning" and "预警：已有6个栏目（达到10个即单项否决）" in stale["message"]
    assert "户籍管理领域基层政务公开标准目录" in stale["message"]
    # the bureau: a homepage 17 days old is a single veto
    (veto,) = findings(site(national, JYJ), "veto-homepage")
    assert veto["severity"] == "violation" and "1个栏目（达到1个即单项否决）：首页" in veto["message"]
    assert not findings(site(national, ZHEN), "veto-homepage")  # quiet 11 days: the column's early warning only
    assert national["summary"]["site_violations"] == 1
    assert all(f["source"].startswith(NATIONAL_SOURCE) for s in national["sites"] for f in s["findings"])
