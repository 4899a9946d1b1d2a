"""`govfresh report monthly`: the 月通报 from a history of weekly crawls over September–November 2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import run_cli, write_config

from crawler.demo import pages
from crawler.demo.pages import DATE_FORMATS, Item
from crawler.demo.server import serve
from reports.monthly import week_checks

CRAWL_DAYS = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(9)] + [date(2026, 10, 1), date(2026, 11, 1)]


def write_list(folder, items, today, unit="甲镇人民政府"):
    folder.mkdir(parents=True, exist_ok=True)
    listed = [Item(t, d, f"./{d:%Y%m}/t{d:%Y%m%d}_{n}.html") for n, (t, d) in enumerate(items)]
    area = pages.trs_list(listed, DATE_FORMATS["iso"], 0, 1)
    (folder / "index.html").write_text(pages.page("县", "栏目", area, today), encoding="utf-8")
    for item in listed:  # the articles name their unit as 来源: its own (原创) items
        path = folder / item.href.removeprefix("./")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pages.article(unit, item.title, item.published, today, meta=False), encoding="utf-8")


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("monthly")
    root, db = tmp / "site", tmp / "history.db"
    with serve(root) as server:
        sites = [
            {"name": "甲镇人民政府", "columns": [{"name": "工作动态", "url": f"{server.url}a/gzdt/"}]},
            {
                "name": "乙局",
                "columns": [
                    {"name": "工作动态", "url": f"{server.url}b/gzdt/"},
                    {"name": "专题专栏", "url": f"{server.url}b/ztzl/"},
                    {"name": "便民服务", "url": f"{server.url}b/missing/", "category": "dynamic"},
                ],
            },
        ]
        config = write_config(tmp / "sites.yaml", {"sites": sites})
        fresh: list[tuple[str, date]] = []
        for day in sorted(CRAWL_DAYS):
            fresh.insert(0, (f"甲镇工作信息{day:%m%d}", day - timedelta(days=2)))  # something new every week
            write_list(root / "a" / "gzdt", fresh, day)
            stale = [("乙局年度工作会议", date(2026, 9, 2))]
            if day >= date(2026, 10, 19):
                stale.insert(0, ("乙局十月工作信息", date(2026, 10, 14)))  # one week of October met
            write_list(root / "b" / "gzdt", stale, day, "乙局")
            write_list(
                root / "b" / "ztzl", [("专题信息", date(2026, 10, 15))] if day >= date(2026, 10, 19) else [], day
            )
            run = run_cli("crawl", "--config", str(config), "--db", str(db), "--at", f"{day} 02:00")
            assert run.code == 0, run.stderr
    out = tmp / "reports"
    run = run_cli("report", "monthly", "--db", str(db), "--month", "2026-10", "--out", str(out))
    assert run.code == 0, run.stderr
    return out, run, (out / "monthly-2026-10.html").read_text(encoding="utf-8"), db


def test_weeks_of_a_month_are_those_ending_in_it():
    assert week_checks(date(2026, 10, 1)) == [
        date(2026, 10, 5),
        date(2026, 10, 12),
        date(2026, 10, 19),
        date(2026, 10, 26),
    ]
    assert week_checks(date(2026, 5, 1))[-1] == date(2026, 6, 1)  # May 31 is a Sunday


def test_title_totals_and_index(bulletin):
    out, run, page, _ = bulletin
    assert "关于2026年10月全县政府网站栏目更新情况的通报" in page
    assert "monthly-2026-10.html" in run.stdout
    assert 'href="monthly-2026-10.html"' in (out / "index.html").read_text(encoding="utf-8")
    # 2 dynamic columns read × 4 weeks; 3 month checks (thematic + blank rules); 便民服务 never read.
    assert "按周检查栏目8次，达到更新要求5次" in page
    assert "未能读取或未抓取" in page


def test_ranking_and_month_over_month(bulletin):
    _, _, page, _ = bulletin
    ranking = page.split("二、各单位更新合规率排名")[1].split("三、")[0]
    assert ranking.index("甲镇人民政府") < ranking.index("乙局")
    assert "100.0%" in ranking and "<svg" in ranking
    improved = page.split("五、进步单位")[1].split("六、")[0]
    assert "乙局" in improved and "甲镇" not in improved


def test_criticised_units_with_columns_and_dates(bulletin):
    _, _, page, _ = bulletin
    named = page.split("四、通报批评")[1].split("五、")[0]
    assert "乙局（3个问题）" in named and "甲镇" not in named
    assert "2026年10月5日" in named and "2026年10月26日" in named and "2026年10月19日" not in named
    assert "便民服务" not in named  # unreadable: never a lapse
    assert "专题专栏" not in named  # its October item (2026-10-15) meets the monthly rule


def test_trend_chart_has_six_months_with_gaps(bulletin):
    _, _, page, _ = bulletin
    trend = page.split("三、近6个月趋势")[1].split("四、")[0]
    for label in ("5月", "6月", "7月", "8月", "9月", "10月"):
        assert f">{label}<" in trend
    assert trend.count("<circle") == 2  # September and October have data
    assert "<script" not in page


def test_quarterly_scores_units_from_the_scoring_table(bulletin, tmp_path):
    _, _, _, db = bulletin
    run = run_cli("report", "quarterly", "--db", str(db), "--quarter", "2026-Q4", "--out", str(tmp_path))
    assert run.code == 0, run.stderr
    page = (tmp_path / "quarterly-2026-Q4.html").read_text(encoding="utf-8")
    assert "2026年第4季度全县政府网站栏目更新情况评估" in page
    ranking = page.split("二、得分排名")[1].split("三、")[0]
    assert ranking.index("甲镇人民政府") < ranking.index("乙局")
    assert "动态类栏目一周未更新，每栏目每周扣1分：4次，扣4分" in ranking and ">96<" in ranking
    assert "丰府办字〔2021〕10号" in page.split("一、评分办法")[1]
    assert 'href="quarterly-2026-Q4.html"' in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_quarterly_with_a_users_scoring_table(bulletin, tmp_path):
    _, _, _, db = bulletin
    table = tmp_path / "table.yaml"
    table.write_text(
        "base: 100\ndeductions:\n  - {rule: dynamic-weekly, points: 10, title: 每周扣10分}\n", encoding="utf-8"
    )
    run = run_cli(
        "report", "quarterly", "--db", str(db), "--quarter", "2026-Q4", "--out", str(tmp_path), "--scoring", str(table)
    )
    assert run.code == 0, run.stderr
    assert ">60<" in (tmp_path / "quarterly-2026-Q4.html").read_text(encoding="utf-8")
    table.write_text("deductions:\n  - {rule: dynamic-weekly, points: many}\n", encoding="utf-8")
    bad = run_cli(
        "report", "quarterly", "--db", str(db), "--quarter", "2026-Q4", "--out", str(tmp_path), "--scoring", str(table)
    )
    assert bad.code == 2 and "points" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    wrong = run_cli("report", "quarterly", "--db", str(db), "--quarter", "2026-Q5", "--out", str(tmp_path))
    assert wrong.code == 2 and "--quarter" in wrong.stderr


def test_the_same_tables_as_csv_and_xlsx(bulletin, tmp_path):
    import csv
    import io

    from openpyxl import load_workbook

    _, _, _, db = bulletin
    run = run_cli("report", "monthly", "--db", str(db), "--month", "2026-10", "--out", str(tmp_path), "--format", "csv")
    assert run.code == 0, run.stderr
    raw = (tmp_path / "monthly-2026-10-排名.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["排名", "单位", "合规率%"] and rows[1][:3] == ["1", "甲镇人民政府", "100.0"]
    lapses = list(csv.reader(io.StringIO((tmp_path / "monthly-2026-10-通报批评.csv").read_text(encoding="utf-8-sig"))))
    assert len(lapses) == 4 and {row[0] for row in lapses[1:]} == {"乙局"}
    run = run_cli(
        "report", "weekly", "--db", str(db), "--as-of", "2026-10-26", "--out", str(tmp_path), "--format", "xlsx"
    )
    assert run.code == 0, run.stderr
    book = load_workbook(tmp_path / "weekly-2026-W44.xlsx")
    sheet = book["周检查"]
    assert sheet["A1"].value == "单位" and sheet["A1"].font.bold
    statuses = {(row[0], row[1]): row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert statuses == {
        ("甲镇人民政府", "工作动态"): "合格",
        ("乙局", "工作动态"): "违规",
        ("乙局", "专题专栏"): "违规",
        ("乙局", "便民服务"): "无法读取",
    }
    assert not (tmp_path / "index.html").exists() or "xlsx" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_a_week_the_crawl_did_not_read_back_to_is_not_judged():
    from reports.monthly import score_month
    from rules import Entry, load_ruleset
    from rules.model import ColumnHistory, Observation, SeenEntry

    item = SeenEntry(Entry("十月信息", "http://x/1.html", date(2026, 10, 28)), date(2026, 11, 1), date(2026, 11, 1))
    # One crawl on 1 November that paged back only to 2026-10-19 (its rules needed no more).
    partly = Observation(date(2026, 11, 1), "ok", None, date(2026, 10, 19))
    column = ColumnHistory("县", "工作动态", "http://x/", "dynamic", (partly,), (item,))
    (score,) = score_month([column], load_ruleset(), date(2026, 10, 1))
    # The week of 10-19 was read in full and had no item: a lapse. The three weeks before, and the month
    # as a whole, were not read back far enough: not judged, never lapses.
    assert (score.weeks, score.weeks_met, score.unobserved) == (1, 0, 4)
    assert [lapse.checked for lapse in score.lapses] == [date(2026, 10, 26)]
