"""`govfresh check` on the demo portal: every page style and trap of real government CMS columns, crawled for real."""

from __future__ import annotations

from conftest import column

from rules.categories import CATEGORIES

XIAN, ZHEN, JYJ = "示例县人民政府", "示例镇人民政府", "示例县教育局"


def test_summary_counts_every_column(demo_check):
    assert demo_check["as_of"] == "2026-11-23"
    assert demo_check["ruleset"] == "zwgk-2021"
    assert demo_check["summary"] == {
        "columns": 66, "ok": 47, "warning": 3, "violation": 13, "error": 3, "site_violations": 1
    }  # fmt: skip
    # every category the rules know has at least one column
    assert {c["category"] for c in demo_check["columns"]} == set(CATEGORIES)


def test_trs_list_with_pinned_old_item_on_top(demo_check):
    col = column(demo_check, XIAN, "工作动态")
    assert (col["status"], col["latest"], col["category"]) == ("ok", "2026-11-20", "dynamic")
    assert col["category_guessed"] is True
    assert col["newest"]["url"].endswith("/xian/gzdt/202611/t20261120_0.html")


def test_paging_follows_only_as_far_as_the_rules_need(demo_check, demo_portal):
    requested = set(demo_portal.requests)
    # 工作动态: page 1 already reaches back before last week's Monday: no page 2.
    assert "/xian/gzdt/" in requested and "/xian/gzdt/index_1.html" not in requested
    # 部门动态: page 1 holds only this and last week's items, so page 2 is read; it reaches back far enough.
    assert "/xian/bmdt/index_1.html" in requested and "/xian/bmdt/index_2.html" not in requested
    assert column(demo_check, XIAN, "部门动态")["latest"] == "2026-11-23"


def test_date_formats_slash_dot_nopad_chinese_and_month_day(demo_check):
    assert column(demo_check, XIAN, "通知公告")["latest"] == "2026-11-18"  # 2026/11/18
    assert column(demo_check, XIAN, "图片新闻")["latest"] == "2026-11-17"  # 2026.11.17
    assert column(demo_check, JYJ, "通知公告")["latest"] == "2026-11-09"  # 2026-11-9
    assert column(demo_check, JYJ, "教育动态")["latest"] == "2026-11-21"  # 2026年11月21日 (GBK)
    thematic = column(demo_check, XIAN, "专题专栏")  # [11-10], [10-28], [10-09], [12-30] → 2025-12-30
    assert (thematic["status"], thematic["latest"], thematic["category"]) == ("ok", "2026-11-10", "thematic")


def test_stale_column_is_a_violation_despite_decoy_dates(demo_check):
    # The page also carries 今天是2026年11月23日, 网站更新时间：2026-11-23 and a 热点排行 sidebar dated 2026-11-22.
    col = column(demo_check, XIAN, "乡镇动态")
    assert (col["status"], col["latest"]) == ("violation", "2026-11-05")
    (finding,) = col["findings"]
    assert finding["rule"] == "dynamic-weekly" and finding["severity"] == "violation"
    assert "2026-11-16至2026-11-22" in finding["message"] and "18天" in finding["message"]


def test_table_is_judged_on_publication_not_written_date(demo_check):
    # 成文日期 of the newest row is 2026-11-18 (last week); its 发布日期 is 2026-11-12 (the week before).
    col = column(demo_check, XIAN, "政策文件")
    assert (col["status"], col["latest"]) == ("violation", "2026-11-12")


def test_dates_only_on_article_pages_are_read_there(demo_check, demo_portal):
    col = column(demo_check, XIAN, "政务要闻")
    assert (col["status"], col["latest"]) == ("ok", "2026-11-19")
    assert (
        "/xian/zwyw/content/t20261119_600.html" in demo_portal.requests
    )  # item links carry no date: the pages are read


def test_dates_only_in_item_urls(demo_check):
    col = column(demo_check, ZHEN, "通知公告")
    assert (col["status"], col["latest"]) == ("ok", "2026-11-17")


def test_hanweb_datastore_records(demo_check):
    col = column(demo_check, ZHEN, "乡镇动态")
    assert (col["status"], col["latest"], col["items"]) == ("ok", "2026-11-22", 20)  # 5 items, repeated 3 times back
    assert "/art/2026/11/22/" in col["newest"]["url"]


def test_gbk_page_with_charset_only_in_meta(demo_check):
    col = column(demo_check, JYJ, "教育动态")
    assert col["newest"]["title"] == "关于做好2月份安全生产检查工作的通知"  # decoded from GBK, not mojibake


def test_future_typo_date_is_ignored_and_warned(demo_check):
    col = column(demo_check, JYJ, "教育动态")
    assert (col["status"], col["latest"]) == ("warning", "2026-11-21")
    assert [f["rule"] for f in col["findings"]] == ["future-date"]
    assert "2027-11-23" in col["findings"][0]["message"]


def test_redirect_from_url_without_trailing_slash(demo_check, demo_portal):
    assert "/xian/tpxw" in demo_portal.requests and "/xian/tpxw/" in demo_portal.requests
    assert column(demo_check, XIAN, "图片新闻")["status"] == "ok"


def test_http_errors_are_errors_with_the_reason(demo_check):
    missing = column(demo_check, ZHEN, "便民服务")
    assert (missing["status"], missing["latest"]) == ("error", None)
    assert "404" in missing["error"]
    broken = column(demo_check, JYJ, "工作总结")
    assert broken["status"] == "error" and "500" in broken["error"]


def test_list_filled_by_javascript_is_an_error_never_blank(demo_check):
    col = column(demo_check, XIAN, "人事信息")
    assert (col["status"], col["latest"]) == ("error", None)
    assert "JavaScript" in col["error"]
    assert all(f["severity"] == "error" for f in col["findings"])


def test_truly_empty_column_is_a_blank_violation(demo_check):
    col = column(demo_check, XIAN, "专题报道")
    assert col["status"] == "violation"
    assert [f["rule"] for f in col["findings"]] == ["blank-column"]
    assert "空白栏目" in col["findings"][0]["message"]


def test_single_page_overview_columns(demo_check):
    meta = column(demo_check, XIAN, "县情概况")  # <meta name="PubDate" content="2026-02-15 09:00">
    assert (meta["status"], meta["latest"], meta["category"]) == ("ok", "2026-02-15", "overview")
    stale = column(demo_check, XIAN, "机构职能")  # 更新时间：2025-12-01, footer 网站更新时间：2026-11-23
    assert (stale["status"], stale["latest"]) == ("violation", "2025-12-01")
    assert stale["findings"][0]["rule"] == "overview-yearly"
    assert column(demo_check, ZHEN, "镇情概况")["latest"] == "2026-01-08"  # 发布日期：2026年01月08日
