"""Each rule kind on pure data: (entries, options, history, calendar) → findings, every violation citing its source."""

from __future__ import annotations

from datetime import date

import pytest

from rules import ColumnSnapshot, Entry, evaluate, load_ruleset
from rules.check import ColumnInput, covered_since, judge_all
from rules.engine import Context
from rules.model import ColumnHistory, Observation, SeenEntry

ZWGK, NATIONAL = load_ruleset("zwgk-2021"), load_ruleset("national-2019")
MONDAY = date(2026, 11, 23)


def col(category, *entries, name="栏目", url="http://x/", covered=None, history=None, **options):
    return ColumnSnapshot(name, url, category, tuple(entries), covered, options, history=history)


def item(title, day, **details):
    return Entry(title, f"http://x/{title}-{day}.html", day, **details)


def by_rule(verdict, rule):
    found = [f for f in verdict.findings if f.rule == rule]
    assert all(f.source for f in found if f.severity == "violation")
    return found


@pytest.mark.parametrize(
    ("sources", "severity"),
    [
        (("示例县人民政府办公室",), None),  # the unit's own office: an alias by containment
        (("本站",), None),
        (("新华社",), "violation"),  # a repost only
        ((None,), "warning"),  # the source could not be read: never a violation
    ],
)
def test_original_items(sources, severity):
    entries = [item(f"信息{n}", date(2026, 11, 18), source=s) for n, s in enumerate(sources)]
    found = by_rule(evaluate(col("dynamic", *entries, aliases=["示例县人民政府"]), ZWGK, MONDAY), "dynamic-weekly")
    assert [f.severity for f in found] == ([severity] if severity else [])


@pytest.mark.parametrize(
    ("idle", "severity"), [(9, None), (10, "warning"), (14, "warning"), (15, "violation")]
)  # fmt: skip
def test_national_two_weeks_inclusive_with_an_early_warning(idle, severity):
    entry = item("要闻", date.fromordinal(MONDAY.toordinal() - idle))
    found = by_rule(evaluate(col("homepage", entry), NATIONAL, MONDAY), "homepage-2weeks")
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_budget_after_the_two_sessions():
    on_time = [item("2026年本级财政预算", date(2026, 1, 25)), item("2025年本级财政决算", date(2026, 1, 28))]
    assert (
        by_rule(evaluate(col("budget", *on_time, lianghui=date(2026, 1, 18)), ZWGK, MONDAY), "budget-after-lianghui")
        == []
    )
    late = by_rule(
        evaluate(col("budget", on_time[0], lianghui=[date(2025, 1, 20), date(2026, 1, 5)]), ZWGK, MONDAY),
        "budget-after-lianghui",
    )
    assert [f.severity for f in late] == ["violation", "violation"] and "2026-01-19" in late[0].message
    unknown = by_rule(evaluate(col("budget", *on_time), ZWGK, MONDAY), "budget-after-lianghui")
    assert [f.severity for f in unknown] == ["warning"] and "lianghui" in unknown[0].message


def test_meeting_days_counted_in_working_days_and_the_2027_gap_is_a_warning():
    entries = [
        item("第21次常务会议", date(2026, 11, 19), event=date(2026, 11, 18)),
        item("国庆前常务会议", date(2026, 10, 10), event=date(2026, 9, 30)),  # 3rd working day after the holiday
        item("第20次常务会议", date(2026, 11, 6), event=date(2026, 10, 30)),  # 5 working days
    ]
    found = by_rule(evaluate(col("meeting", *entries), ZWGK, MONDAY), "meeting-3-workdays")
    assert [f.severity for f in found] == ["violation"] and "第20次" in found[0].message
    assert "国庆前" not in found[0].message
    new_year = [item("年末常务会议", date(2027, 1, 6), event=date(2026, 12, 30))]
    gap = by_rule(evaluate(col("meeting", *new_year), ZWGK, date(2027, 1, 8)), "meeting-3-workdays")
    assert [f.severity for f in gap] == ["warning"] and "2027" in gap[0].message


def test_interpretation_paired_with_its_document():
    documents = col(
        "documents",
        item("关于印发《示例县养老服务补贴实施办法》的通知", date(2026, 11, 2)),
        name="文件",
        url="http://x/d/",
    )
    interpretations = col(
        "interpretation",
        item("关于《示例县养老服务补贴实施办法》的解读", date(2026, 11, 10)),  # 6 working days
        item("关于《某个不存在的办法》的解读", date(2026, 11, 10)),
    )
    verdict = evaluate(interpretations, ZWGK, MONDAY, Context("县", (documents, interpretations), ZWGK.calendar))
    late, unmatched = by_rule(verdict, "interpretation-3-workdays")
    assert late.severity == "violation" and "6个工作日" in late.message
    assert unmatched.severity == "warning"
    alone = by_rule(evaluate(interpretations, ZWGK, MONDAY), "interpretation-3-workdays")
    assert [f.severity for f in alone] == ["warning"]  # no documents column to pair with: cannot decide


def test_share_of_diversified_interpretations():
    last_year = [
        item("图解：办法", date(2025, 3, 1)),
        item("问答：政策", date(2025, 4, 1)),
        item("办法解读", date(2025, 5, 1)),
    ]
    assert by_rule(evaluate(col("interpretation", *last_year), ZWGK, MONDAY), "interpretation-diversified") == []
    plain = [
        item("办法解读", date(2025, 3, 1)),
        item("政策解读", date(2025, 4, 1)),
        item("视频", date(2025, 5, 1), forms=()),
    ]
    found = by_rule(evaluate(col("interpretation", *plain), ZWGK, MONDAY), "interpretation-diversified")
    assert [f.severity for f in found] == ["violation"] and "33%" in found[0].message


def history(observations, entries):
    return ColumnHistory("县", "栏目", "http://x/", "dynamic", tuple(observations), tuple(entries))


def test_back_dated_item_needs_two_readings_that_reached_past_its_date():
    late = SeenEntry(item("补发的信息", date(2026, 11, 10)), date(2026, 11, 20), date(2026, 11, 23))
    read = [Observation(date(2026, 11, d), "ok", None, date(2026, 11, 1)) for d in (13, 16, 20)]
    flagged = evaluate(col("dynamic", late.entry, history=history(read, [late])), ZWGK, MONDAY)
    assert [f.severity for f in by_rule(flagged, "backdated")] == ["warning"]
    shallow = [Observation(date(2026, 11, d), "ok", None, date(2026, 11, 12)) for d in (13, 16, 20)]
    assert (
        by_rule(evaluate(col("dynamic", late.entry, history=history(shallow, [late])), ZWGK, MONDAY), "backdated") == []
    )
    once = read[1:]
    assert by_rule(evaluate(col("dynamic", late.entry, history=history(once, [late])), ZWGK, MONDAY), "backdated") == []


def test_nightly_readings_chain_their_coverage_until_a_gap():
    nightly = [Observation(date(2026, 11, d), "ok", None, date(2026, 11, d - 2)) for d in (10, 11, 12, 20, 21)]
    assert covered_since(history(nightly, []), MONDAY) == date(2026, 11, 18)  # 11-12 … 11-18 never read
    assert covered_since(history(nightly[:3], []), MONDAY) == date(2026, 11, 8)


def test_site_counts_are_judged_once_per_unit_and_skip_unreadable_columns():
    stale = [
        ColumnInput("县", col("dynamic", item("旧", date(2026, 9, 1)), name=f"动态{n}", url=f"http://x/{n}/"))
        for n in range(5)
    ]
    unread = ColumnInput("县", col("dynamic", name="坏", url="http://x/bad/"), error="HTTP 500")
    _, (site,) = judge_all([*stale, unread], NATIONAL, MONDAY)
    (veto,) = [f for f in site.findings if f.rule == "veto-stale-columns"]
    assert site.status == "violation" and "5个栏目" in veto.message and "1个栏目无法判断" in veto.message
    _, (early,) = judge_all(stale[:3], NATIONAL, MONDAY)
    assert [f.severity for f in early.findings] == ["warning"]


def test_a_group_is_met_by_any_sub_column():
    one = col("thematic", item("专题信息", date(2026, 10, 15)), name="子栏目一", url="http://x/1/", group="乡村振兴")
    two = col("thematic", item("旧信息", date(2026, 5, 1)), name="子栏目二", url="http://x/2/", group="乡村振兴")
    reports, _ = judge_all([ColumnInput("县", one), ColumnInput("县", two)], ZWGK, MONDAY)
    assert [r.status for r in reports] == ["ok", "ok"]
    broken = ColumnInput("县", col("thematic", name="子栏目三", url="http://x/3/", group="乡村振兴"), error="HTTP 404")
    lonely = col("thematic", item("旧信息", date(2026, 5, 1)), name="子栏目二", url="http://x/2/", group="乡村振兴")
    reports, _ = judge_all([ColumnInput("县", lonely), broken], ZWGK, MONDAY)
    assert reports[0].status == "error" and "子栏目三无法读取" in reports[0].findings[0].message


def test_site_counts_leave_out_only_the_columns_their_rules_would_judge():
    homepage = ColumnInput("局", col("homepage", item("旧", date(2026, 11, 1)), name="首页", url="http://x/home/"))
    broken = ColumnInput("局", col("dynamic", name="工作总结", url="http://x/bad/"), error="HTTP 500")
    _, (site,) = judge_all([homepage, broken], NATIONAL, MONDAY)
    (veto,) = [f for f in site.findings if f.rule == "veto-homepage"]
    assert veto.severity == "violation" and "无法判断" not in veto.message  # a dynamic column is not a homepage


def test_a_missed_week_names_the_newest_item_that_would_have_counted():
    entries = [
        item("转载", date(2026, 11, 22), source="新华社"),
        item("原创", date(2026, 11, 14), source="本站"),
        item("本周原创", date(2026, 11, 23), source="本站"),
    ]
    (finding,) = by_rule(evaluate(col("dynamic", *entries), ZWGK, MONDAY), "dynamic-weekly")
    assert "仅有转载：新华社" in finding.message and "最新一条发布于2026-11-14，已9天未更新" in finding.message
