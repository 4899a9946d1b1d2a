"""Every rule kind on pure data, edge by edge: a wrong date in a bulletin names a unit in public for nothing.

Column rules go through rules.engine.evaluate (with a Context for the unit, its other columns and the calendar),
site rules through rules.check.judge_all; the bundled rulesets are used as shipped, and small rulesets are built
with parse_ruleset where one parameter has to be isolated. Every finding of a rule must cite the rule's source.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from itertools import count
from pathlib import Path

import pytest
import yaml

from rules import ColumnSnapshot, Entry, RulesetError, evaluate, load_ruleset
from rules.check import ColumnInput, covered_since, history_input, judge_all, judge_histories
from rules.describe import render_rules
from rules.engine import Context
from rules.model import ColumnHistory, Finding, Observation, SeenEntry, Verdict
from rules.ruleset import Rule, Ruleset, parse_ruleset
from rules.site import judge_site

ZWGK, NATIONAL = load_ruleset("zwgk-2021"), load_ruleset("national-2019")
MONDAY = date(2026, 11, 23)
SOURCE = "《某县2026年政务公开工作要点》三（一）"
_urls = count()


def rule_of(ruleset: Ruleset, rule_id: str) -> Rule:
    (rule,) = [r for r in ruleset.rules if r.id == rule_id]
    return rule


def one_rule(**params: object) -> Ruleset:
    """A ruleset of one rule 'r' (its source SOURCE) with the given kind and parameters."""
    return parse_ruleset(
        {"name": "t", "rules": [{"id": "r", "title": "测试规则", "source": SOURCE, **params}]}, "t.yaml"
    )


def item(title: str, day: date | None, **details: object) -> Entry:
    return Entry(title, f"http://x/a/{next(_urls)}.html", day, **details)  # type: ignore[arg-type]


def own(day: date, title: str = "本单位信息") -> Entry:
    return item(title, day, source="本站")


def col(category: str, *entries: Entry, name: str = "栏目", url: str = "http://x/", covered: date | None = None,
        observed: date | None = None, history: ColumnHistory | None = None, **options: object) -> ColumnSnapshot:  # fmt: skip
    return ColumnSnapshot(name, url, category, tuple(entries), covered, dict(options), observed, history)


def cited(findings: tuple[Finding, ...] | list[Finding], rule: Rule) -> list[Finding]:
    """The rule's findings, each checked to cite the rule's source (a violation above all)."""
    mine = [f for f in findings if f.rule == rule.id]
    for finding in mine:
        assert finding.source == rule.source and finding.source, finding
    return mine


def judge(column: ColumnSnapshot, ruleset: Ruleset, rule_id: str, as_of: date = MONDAY,
          context: Context | None = None) -> list[Finding]:  # fmt: skip
    """The findings of one rule of the ruleset on the column."""
    verdict: Verdict = evaluate(column, ruleset, as_of, context)
    return cited(verdict.findings, rule_of(ruleset, rule_id))


def severities(findings: list[Finding]) -> list[str]:
    return [f.severity for f in findings]


# ============================================================================================================
# periodic: natural periods
# ============================================================================================================


@pytest.mark.parametrize(
    ("period", "as_of", "published", "expected"),
    [
        ("week", MONDAY, date(2026, 11, 16), []),  # Monday of the week just ended
        ("week", MONDAY, date(2026, 11, 22), []),  # its Sunday
        ("week", MONDAY, date(2026, 11, 15), ["violation"]),  # the Sunday before
        ("week", MONDAY, date(2026, 11, 23), ["violation"]),  # today only: last week stays empty
        ("week", date(2026, 11, 29), date(2026, 11, 22), []),  # Sunday: its own week still runs
        ("week", date(2026, 11, 29), date(2026, 11, 15), ["violation"]),
        ("week", date(2026, 1, 5), date(2025, 12, 29), []),  # the week across the new year
        ("month", date(2026, 11, 1), date(2026, 10, 1), []),
        ("month", date(2026, 11, 1), date(2026, 10, 31), []),
        ("month", date(2026, 11, 1), date(2026, 9, 30), ["violation"]),
        ("month", date(2026, 11, 30), date(2026, 11, 1), ["violation"]),  # November still running: October empty
        ("month", date(2024, 3, 1), date(2024, 2, 29), []),  # leap day
        ("month", date(2026, 1, 1), date(2025, 12, 31), []),
        ("quarter", date(2026, 1, 1), date(2025, 10, 1), []),
        ("quarter", date(2026, 1, 1), date(2025, 12, 31), []),
        ("quarter", date(2026, 1, 1), date(2025, 9, 30), ["violation"]),
        ("quarter", date(2026, 3, 31), date(2026, 1, 1), ["violation"]),
        ("year", date(2026, 1, 1), date(2025, 1, 1), []),
        ("year", date(2026, 12, 31), date(2025, 12, 31), []),
        ("year", date(2026, 1, 1), date(2024, 12, 31), ["violation"]),
        ("year", date(2026, 12, 31), date(2026, 6, 1), ["violation"]),
    ],
)
def test_natural_periods(period, as_of, published, expected):
    ruleset = one_rule(kind="periodic", categories=["dynamic"], period=period)
    assert severities(judge(col("dynamic", item("信息", published)), ruleset, "r", as_of)) == expected


def test_a_missed_period_names_the_period_and_the_quiet_days():
    (finding,) = judge(col("dynamic", own(date(2026, 11, 10))), ZWGK, "dynamic-weekly")
    assert "2026-11-16至2026-11-22这一周" in finding.message and "2026-11-10" in finding.message
    assert "13天" in finding.message
    ruleset = one_rule(kind="periodic", categories=["quarterly"], period="quarter")
    (finding,) = judge(col("quarterly", item("进展", date(2026, 5, 1))), ruleset, "r")
    assert "2026年第3季度" in finding.message and finding.source == SOURCE


def test_min_items_counts_the_items_of_the_period():
    ruleset = one_rule(kind="periodic", categories=["dynamic"], period="month", min_items=2)
    (short,) = judge(col("dynamic", item("一", date(2026, 10, 3))), ruleset, "r")
    assert short.severity == "violation" and "仅更新1条信息，少于2条" in short.message
    enough = col("dynamic", item("一", date(2026, 10, 3)), item("二", date(2026, 10, 30)))
    assert judge(enough, ruleset, "r") == []


def test_items_without_a_date_or_after_as_of_do_not_count():
    ruleset = one_rule(kind="periodic", categories=["dynamic"], period="week")
    undated = col("dynamic", item("无日期", None), item("旧", date(2026, 11, 2)))
    assert severities(judge(undated, ruleset, "r")) == ["violation"]
    future = evaluate(col("dynamic", item("未来", date(2026, 11, 30)), item("旧", date(2026, 11, 2))), ruleset, MONDAY)
    assert future.latest == date(2026, 11, 2) and "violation" in severities(list(future.findings))


# ============================================================================================================
# periodic: rolling spans (national), inclusive edges and early warnings
# ============================================================================================================


@pytest.mark.parametrize(
    ("span", "idle", "expected"),
    [(14, 0, []), (14, 14, []), (14, 15, ["violation"]), (180, 180, []), (180, 181, ["violation"]),
     (365, 365, []), (365, 366, ["violation"])],
)  # fmt: skip
def test_rolling_spans_include_their_first_day(span, idle, expected):
    ruleset = one_rule(kind="periodic", categories=["dynamic"], rolling_days=span)
    column = col("dynamic", item("信息", MONDAY - timedelta(days=idle)))
    assert severities(judge(column, ruleset, "r")) == expected


@pytest.mark.parametrize(
    ("category", "rule_id", "idle", "expected"),
    [
        ("homepage", "homepage-2weeks", 9, []),
        ("homepage", "homepage-2weeks", 10, ["warning"]),  # quiet 10 of 14 days: 即将超期
        ("homepage", "homepage-2weeks", 14, ["warning"]),  # the last day still within the span
        ("homepage", "homepage-2weeks", 15, ["violation"]),
        ("dynamic", "dynamic-2weeks", 15, ["violation"]),
        ("documents", "notice-policy-6months", 159, []),
        ("documents", "notice-policy-6months", 160, ["warning"]),
        ("documents", "notice-policy-6months", 180, ["warning"]),
        ("documents", "notice-policy-6months", 181, ["violation"]),
        ("personnel", "personnel-1year", 365, ["warning"]),
        ("personnel", "personnel-1year", 366, ["violation"]),
        ("thematic", "long-stale-1year", 366, ["violation"]),
        ("overview", "long-stale-1year", 300, []),
    ],
)
def test_national_spans(category, rule_id, idle, expected):
    column = col(category, item("信息", MONDAY - timedelta(days=idle)))
    found = judge(column, NATIONAL, rule_id)
    assert severities(found) == expected
    if expected == ["warning"]:
        assert "即将超期" in found[0].message
    if expected == ["violation"]:
        assert f"已{idle}天未更新" in found[0].message


# ============================================================================================================
# periodic: match, original
# ============================================================================================================


def test_match_counts_only_matching_titles():
    ruleset = one_rule(kind="periodic", categories=["dynamic"], period="month", match="通知|公告")
    assert severities(judge(col("dynamic", item("工作动态", date(2026, 10, 5))), ruleset, "r")) == ["violation"]
    assert judge(col("dynamic", item("关于停水的通知", date(2026, 10, 5))), ruleset, "r") == []


def test_the_head_interprets_twice_a_year():
    twice = col("interpretation", item("县长解读《办法》", date(2025, 3, 1)), item("局长解读政策", date(2025, 9, 1)))
    assert judge(twice, ZWGK, "head-interprets", date(2026, 3, 1)) == []
    once = col("interpretation", item("县长解读《办法》", date(2025, 3, 1)), item("科室解读政策", date(2025, 9, 1)))
    (finding,) = judge(once, ZWGK, "head-interprets", date(2026, 3, 1))
    assert finding.severity == "violation" and "2025年" in finding.message


@pytest.mark.parametrize(
    ("sources", "aliases", "site", "expected"),
    [
        (["本站"], [], "", []),
        (["本网讯"], [], "", []),
        (["原创"], [], "", []),
        (["示例县人民政府办公室"], ["示例县人民政府"], "", []),  # an alias by containment
        (["县政府办"], ["县政府办"], "", []),
        (["示例县人民政府"], [], "示例县人民政府", []),  # no aliases: the unit's own name
        (["示例县人民政府"], [], "", ["violation"]),  # …which a column judged without its unit cannot know
        (["新华社"], ["示例县人民政府"], "", ["violation"]),  # a repost only
        (["新华社", "人民网"], ["示例县人民政府"], "", ["violation"]),
        ([None], ["示例县人民政府"], "", ["warning"]),  # source unknown: never a violation
        (["新华社", None], ["示例县人民政府"], "", ["warning"]),
        (["新华社", "本站"], ["示例县人民政府"], "", []),
    ],
)
def test_original_items(sources, aliases, site, expected):
    entries = [item(f"信息{n}", date(2026, 11, 18), source=s) for n, s in enumerate(sources)]
    options = {"aliases": aliases} if aliases else {}
    column = col("dynamic", *entries, **options)
    found = judge(column, ZWGK, "dynamic-weekly", context=Context(site, (column,), ZWGK.calendar))
    assert severities(found) == expected
    if expected == ["violation"] and sources[0] == "新华社":
        assert "仅有转载" in found[0].message and "新华社" in found[0].message
    if expected == ["warning"]:
        assert "来源未能读取" in found[0].message


def test_a_missed_week_names_the_newest_own_item_not_a_repost():
    entries = [own(date(2026, 11, 12)), item("转载", date(2026, 11, 20), source="新华社")]
    (finding,) = judge(col("dynamic", *entries), ZWGK, "dynamic-weekly")
    assert "最新一条发布于2026-11-12" in finding.message


def test_a_punctuation_only_source_is_not_the_units_own():
    column = col("dynamic", item("信息", date(2026, 11, 18), source="-"), aliases=["示例县人民政府"])
    assert severities(judge(column, ZWGK, "dynamic-weekly")) != []


@pytest.mark.parametrize("source", ["-", "—", "：", " （） "])
def test_a_punctuation_only_source_is_unknown_never_a_repost(source):
    column = col("dynamic", item("信息", date(2026, 11, 18), source=source), aliases=["示例县人民政府"])
    (finding,) = judge(column, ZWGK, "dynamic-weekly")
    assert finding.severity == "warning" and "来源未能读取" in finding.message


# ============================================================================================================
# periodic: due windows (每月初, 每年2月和9月)
# ============================================================================================================


@pytest.mark.parametrize(
    ("as_of", "published", "expected"),
    [
        (date(2026, 11, 15), date(2026, 11, 5), []),  # in this month's 1st–10th, which has ended
        (date(2026, 11, 15), date(2026, 11, 10), []),
        (date(2026, 11, 15), date(2026, 11, 11), ["violation"]),  # after the 10th does not count
        (date(2026, 11, 15), date(2026, 10, 5), ["violation"]),  # last month's window is not this one
        (date(2026, 11, 5), date(2026, 10, 5), []),  # this month's window still runs
        (date(2026, 11, 5), date(2026, 10, 20), ["violation"]),
    ],
)
def test_by_day_windows(as_of, published, expected):
    ruleset = one_rule(kind="periodic", categories=["dynamic"], period="month", by_day=10)
    assert severities(judge(col("dynamic", item("通知", published)), ruleset, "r", as_of)) == expected


@pytest.mark.parametrize(
    ("as_of", "published", "expected"),
    [
        (MONDAY, date(2026, 9, 15), []),
        (MONDAY, date(2026, 10, 1), ["violation"]),  # September's window was empty
        (MONDAY, date(2026, 2, 10), ["violation"]),  # February's does not answer for September
        (date(2026, 2, 20), date(2025, 9, 30), []),  # February still running: September 2025 judged
        (date(2026, 3, 1), date(2025, 9, 30), ["violation"]),
        (date(2026, 3, 1), date(2026, 2, 28), []),
    ],
)
def test_listed_months(as_of, published, expected):
    ruleset = one_rule(kind="periodic", categories=["dynamic"], period="month", months=[2, 9])
    found = judge(col("dynamic", item("信息", published)), ruleset, "r", as_of)
    assert severities(found) == expected
    if expected:
        assert "年9月" in found[0].message or "年2月" in found[0].message


def test_a_running_due_window_warns_when_few_days_are_left():
    ruleset = one_rule(kind="periodic", categories=["dynamic"], period="month", by_day=10, warn_days=3)
    column = col("dynamic", item("上月", date(2026, 10, 2)))
    (early,) = judge(column, ruleset, "r", date(2026, 11, 8))
    assert early.severity == "warning" and "即将超期" in early.message and "还剩3天" in early.message
    assert judge(column, ruleset, "r", date(2026, 11, 7)) == []


# ============================================================================================================
# periodic: early warnings of natural periods
# ============================================================================================================


@pytest.mark.parametrize(
    ("as_of", "this_week", "expected"),
    [
        (date(2026, 11, 25), [], []),  # Wednesday: 5 days left
        (date(2026, 11, 26), [], ["warning"]),  # Thursday: 4 days left
        (date(2026, 11, 29), [], ["warning"]),  # Sunday: the last day
        (date(2026, 11, 26), [own(date(2026, 11, 24))], []),
        (date(2026, 11, 26), [item("转载", date(2026, 11, 24), source="新华社")], ["warning"]),
        (date(2026, 11, 26), [item("来源不明", date(2026, 11, 24))], []),  # might be original: no warning
    ],
)
def test_an_empty_week_warns_from_thursday(as_of, this_week, expected):
    column = col("dynamic", own(date(2026, 11, 18)), *this_week)  # last week had its item
    found = judge(column, ZWGK, "dynamic-weekly", as_of)
    assert severities(found) == expected
    if expected:
        left = (date(2026, 11, 29) - as_of).days + 1
        assert "即将超期" in found[0].message and f"还剩{left}天" in found[0].message


def test_a_thematic_month_warns_in_its_last_week():
    column = col("thematic", item("专题", date(2026, 10, 20)))
    assert judge(column, ZWGK, "thematic-monthly", date(2026, 11, 23)) == []  # 8 days left
    (early,) = judge(column, ZWGK, "thematic-monthly", date(2026, 11, 24))  # 7 days left
    assert early.severity == "warning" and "本月" in early.message


def test_a_missed_period_and_an_early_warning_together():
    found = judge(col("dynamic", own(date(2026, 11, 2))), ZWGK, "dynamic-weekly", date(2026, 11, 27))
    assert severities(found) == ["violation", "warning"]


def test_a_rolling_early_warning_counts_only_items_that_count():
    ruleset = one_rule(kind="periodic", categories=["dynamic"], rolling_days=14, original=True, warn_days=4)
    column = col("dynamic", own(date(2026, 11, 11)), item("转载", date(2026, 11, 22), source="新华社"))
    # the only own item is 12 days old: it leaves the span in 3 days, as without the repost
    assert severities(judge(column, ruleset, "r")) == ["warning"]


def test_a_rolling_early_warning_waits_for_the_min_items_th_newest():
    ruleset = one_rule(kind="periodic", categories=["dynamic"], rolling_days=14, min_items=2, warn_days=4)
    column = col("dynamic", item("新", date(2026, 11, 22)), item("旧", date(2026, 11, 11)))
    (early,) = judge(column, ruleset, "r")  # the 2nd newest (11-11) leaves the span first
    assert early.severity == "warning" and "2026-11-11" in early.message
    fresh = col("dynamic", item("新", date(2026, 11, 22)), item("次新", date(2026, 11, 20)))
    assert judge(fresh, ruleset, "r") == []


# ============================================================================================================
# periodic: a list not read far enough, a reading older than the period
# ============================================================================================================


@pytest.mark.parametrize(
    ("category", "rule_id", "as_of", "covered", "entries", "expected"),
    [
        ("dynamic", "dynamic-weekly", MONDAY, date(2026, 11, 17), [own(MONDAY)], "error"),  # week
        ("dynamic", "dynamic-weekly", MONDAY, date(2026, 11, 16), [own(MONDAY)], "violation"),  # read to its start
        ("thematic", "thematic-monthly", MONDAY, date(2026, 10, 2), [item("新", date(2026, 11, 5))], "error"),
        ("quarterly", "quarterly-progress", MONDAY, date(2026, 7, 15), [item("新", date(2026, 11, 1))], "warning"),
        ("open-day", "open-day-twice", date(2026, 3, 1), date(2025, 6, 1), [item("开放日", date(2025, 7, 1))], "warning"),
    ],
)  # fmt: skip
def test_a_list_not_read_far_enough(category, rule_id, as_of, covered, entries, expected):
    found = judge(col(category, *entries, covered=covered), ZWGK, rule_id, as_of)
    assert severities(found) == [expected]
    if expected != "violation":
        assert str(covered) in found[0].message


def test_enough_items_need_no_deeper_reading():
    column = col("dynamic", own(date(2026, 11, 20)), covered=date(2026, 11, 20))
    assert judge(column, ZWGK, "dynamic-weekly") == []


@pytest.mark.parametrize(
    ("observed", "expected"),
    [(date(2026, 11, 10), "error"), (date(2026, 11, 22), "error"), (date(2026, 11, 23), "violation")],
)
def test_a_reading_older_than_the_period_cannot_prove_it_empty(observed, expected):
    column = col("dynamic", own(date(2026, 11, 2)), observed=observed)
    found = judge(column, ZWGK, "dynamic-weekly")
    assert severities(found) == [expected]
    if expected == "error":
        assert str(observed) in found[0].message


def test_a_national_rolling_span_read_on_the_day_itself_is_judged():
    homepage = ColumnHistory(
        "县", "首页", "http://x/", "homepage", (Observation(MONDAY, "ok"),),
        (SeenEntry(item("旧要闻", date(2026, 11, 1)), date(2026, 11, 1), MONDAY),),
    )  # fmt: skip
    (report,), (site,) = judge_histories([homepage], NATIONAL, MONDAY)
    assert report.status == "violation"
    assert site.status == "violation"


@pytest.mark.parametrize(
    ("observed", "expected"),
    [(MONDAY, "violation"), (MONDAY - timedelta(days=1), "violation"), (MONDAY - timedelta(days=2), "error")],
)
def test_a_rolling_span_counts_a_reading_of_the_day_or_the_day_before(observed, expected):
    column = col("homepage", item("旧要闻", date(2026, 11, 1)), observed=observed)
    found = judge(column, NATIONAL, "homepage-2weeks")
    assert severities(found) == [expected]
    if expected == "error":
        assert str(observed) in found[0].message


# ============================================================================================================
# deadline
# ============================================================================================================

REPORT_2025 = "示例县人民政府2025年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("as_of", "entries", "expected"),
    [
        (date(2026, 2, 15), [item(REPORT_2025, date(2026, 1, 20))], []),
        (date(2026, 2, 15), [item(REPORT_2025, date(2026, 1, 31))], []),  # on the due day
        (date(2026, 2, 15), [item(REPORT_2025, date(2026, 2, 10))], ["warning"]),  # published, late
        (date(2026, 2, 15), [], ["violation"]),
        (date(2026, 2, 1), [], ["violation"]),  # the day after the due day
        (date(2026, 1, 31), [], ["warning"]),  # due today: 即将超期
        (date(2026, 1, 18), [], ["warning"]),  # 14 days left
        (date(2026, 1, 17), [], []),  # 15 days left
        (date(2026, 2, 15), [item("示例县人民政府2024年政府信息公开工作年度报告", date(2026, 1, 10))], ["violation"]),
        (date(2026, 2, 15), [item("2024年政府信息公开工作年度报告", date(2025, 1, 20))], ["violation"]),
        (date(2026, 2, 15), [item("政府信息公开工作年度报告", date(2026, 1, 15))], []),  # no year named
        (date(2026, 2, 15), [item("2026年政务公开工作要点", date(2026, 1, 15))], ["violation"]),  # no match
        (MONDAY, [item(REPORT_2025, date(2026, 1, 20))], []),
    ],
)
def test_annual_report_of_last_year_by_31_january(as_of, entries, expected):
    older = item("2024年政府信息公开工作年度报告", date(2025, 1, 20))
    found = judge(col("annual-report", older, *entries), ZWGK, "annual-report", as_of)
    assert severities(found) == expected
    if expected == ["violation"]:
        assert "2025年度" in found[0].message and "2026-01-31" in found[0].message
    if expected == ["warning"] and entries:
        assert "晚于截止日期2026-01-31" in found[0].message and "2026-02-10" in found[0].message


def test_an_annual_report_list_not_read_back_to_january_cannot_tell():
    column = col("annual-report", item("通知", date(2026, 3, 5)), covered=date(2026, 3, 1))
    assert severities(judge(column, ZWGK, "annual-report", date(2026, 3, 10))) == ["error"]


@pytest.mark.parametrize(
    ("as_of", "published", "expected"),
    [
        (date(2026, 4, 1), date(2026, 1, 10), []),
        (date(2026, 4, 1), date(2026, 3, 31), []),
        (date(2026, 4, 1), date(2025, 12, 1), ["violation"]),
        (date(2026, 3, 31), date(2025, 12, 1), ["warning"]),
        (date(2026, 3, 1), date(2025, 12, 1), ["warning"]),  # 31 days left
        (date(2026, 2, 28), date(2025, 12, 1), []),  # 32 days left
        (MONDAY, date(2026, 5, 6), ["warning"]),  # updated, but after the due day
    ],
)
def test_overview_by_31_march(as_of, published, expected):
    assert severities(judge(col("overview", item("县情概况", published)), ZWGK, "overview-yearly", as_of)) == expected


def test_names_year_current():
    ruleset = one_rule(kind="deadline", categories=["overview"], due="06-30", match="计划", names_year="current")
    assert judge(col("overview", item("2026年工作计划", date(2026, 3, 1))), ruleset, "r", MONDAY) == []
    (missed,) = judge(col("overview", item("2025年工作计划", date(2026, 3, 1))), ruleset, "r", MONDAY)
    assert missed.severity == "violation" and "2026年度" in missed.message and missed.source == SOURCE


def test_a_deadline_is_not_missed_on_a_reading_before_the_due_day():
    column = col("annual-report", item("2024年政府信息公开工作年度报告", date(2025, 1, 20)), observed=date(2026, 1, 10))
    assert "violation" not in severities(judge(column, ZWGK, "annual-report", date(2026, 2, 15)))


@pytest.mark.parametrize(
    ("observed", "expected"),
    [(date(2026, 1, 10), "error"), (date(2026, 1, 31), "error"), (date(2026, 2, 1), "violation")],
)
def test_a_deadline_is_missed_only_on_a_reading_after_the_due_day(observed, expected):
    column = col("annual-report", item("2024年政府信息公开工作年度报告", date(2025, 1, 20)), observed=observed)
    found = judge(column, ZWGK, "annual-report", date(2026, 2, 15))
    assert severities(found) == [expected]
    if expected == "error":
        assert str(observed) in found[0].message and "2026-01-31" in found[0].message


@pytest.mark.parametrize("due", ["02-30", "04-31", "02-29"])
def test_an_impossible_due_day_is_refused_at_load_or_judged(due):
    try:
        ruleset = one_rule(kind="deadline", categories=["overview"], due=due)
    except RulesetError as exc:
        assert "r" in str(exc) and "due" in str(exc)
        return
    evaluate(col("overview", item("概况", date(2026, 1, 5))), ruleset, MONDAY)  # must not raise


@pytest.mark.parametrize("due", ["02-30", "04-31", "06-31", "11-31"])
def test_a_day_no_month_has_names_the_file_the_rule_and_the_key(tmp_path, due):
    rule = f'  - id: odd-day\n    kind: deadline\n    categories: [overview]\n    due: "{due}"\n'
    path = write(tmp_path, "odd.yaml", "extends: zwgk-2021\nrules:\n" + rule)
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert path in str(info.value) and "odd-day" in str(info.value) and "'due'" in str(info.value)


@pytest.mark.parametrize(
    ("as_of", "published", "expected"),
    [
        (date(2026, 3, 1), date(2026, 2, 28), []),  # common year: 02-29 is 02-28
        (date(2026, 3, 1), None, ["violation"]),
        (date(2026, 2, 28), None, ["warning"]),  # due today
        (date(2028, 2, 29), None, ["warning"]),  # leap year: due on the 29th itself
        (date(2028, 3, 1), date(2028, 2, 29), []),
    ],
)
def test_a_leap_day_due_is_the_last_day_of_february(as_of, published, expected):
    ruleset = one_rule(kind="deadline", categories=["overview"], due="02-29", warn_days=1)
    entries = [item("概况", published)] if published else [item("旧概况", date(2025, 6, 1))]
    found = judge(col("overview", *entries), ruleset, "r", as_of)
    assert severities(found) == expected
    if expected == ["violation"]:
        assert "2026-02-28" in found[0].message


# ============================================================================================================
# after-event: a date in the config (财政预决算 after the 两会)
# ============================================================================================================

LIANGHUI = date(2026, 1, 18)  # 14 calendar days: items by 2026-02-01


@pytest.mark.parametrize(
    ("as_of", "entries", "expected"),
    [
        (MONDAY, [item("2026年本级财政预算", date(2026, 1, 25)), item("2025年本级财政决算", date(2026, 2, 1))], []),
        (MONDAY, [item("2026年本级财政预算", date(2026, 1, 18)), item("2025年本级财政决算", date(2026, 1, 18))], []),
        (MONDAY, [item("2026年本级财政预算", date(2026, 1, 25)), item("2025年本级财政决算", date(2026, 2, 2))],
         ["violation"]),
        (date(2026, 2, 2), [], ["violation", "violation"]),  # one per word: 预算, 决算
        (date(2026, 2, 1), [], ["warning", "warning"]),  # due today
        (date(2026, 1, 28), [], ["warning", "warning"]),  # 5 days left
        (date(2026, 1, 27), [], []),  # 6 days left
        (MONDAY, [item("2026年预算", date(2025, 12, 20)), item("2025年决算", date(2025, 12, 20))],
         ["violation", "violation"]),  # before the 两会: they do not answer it
    ],
)  # fmt: skip
def test_budget_within_two_weeks_after_the_two_sessions(as_of, entries, expected):
    found = judge(col("budget", item("旧", date(2025, 6, 1)), *entries, lianghui=LIANGHUI), ZWGK,
                  "budget-after-lianghui", as_of)  # fmt: skip
    assert severities(found) == expected
    if expected == ["violation"]:
        assert "决算" in found[0].message and "2026-02-02" in found[0].message and "2026-02-01" in found[0].message
    if len(expected) == 2:
        assert "“预算”" in found[0].message and "“决算”" in found[1].message


def test_the_latest_two_sessions_on_or_before_as_of_is_judged():
    entries = [item("2025年预算", date(2025, 1, 25)), item("2024年决算", date(2025, 1, 30))]
    both = col("budget", *entries, lianghui=[date(2025, 1, 20), LIANGHUI])
    assert judge(both, ZWGK, "budget-after-lianghui", date(2026, 1, 10)) == []  # 2026's are yet to come
    found = judge(both, ZWGK, "budget-after-lianghui", MONDAY)
    assert severities(found) == ["violation", "violation"] and all("2026-01-18" in f.message for f in found)


def test_two_sessions_after_as_of_or_not_configured():
    later = col("budget", item("2025年预算", date(2025, 1, 25)), lianghui=date(2026, 12, 1))
    assert judge(later, ZWGK, "budget-after-lianghui") == []
    (unknown,) = judge(col("budget", item("2026年预算", date(2026, 1, 25))), ZWGK, "budget-after-lianghui")
    assert unknown.severity == "warning" and "lianghui" in unknown.message


def test_a_budget_list_not_read_back_to_the_two_sessions_cannot_tell():
    column = col("budget", item("公告", date(2026, 3, 5)), covered=date(2026, 3, 1), lianghui=LIANGHUI)
    assert severities(judge(column, ZWGK, "budget-after-lianghui")) == ["error", "error"]


def test_a_budget_is_not_missed_on_a_reading_before_the_deadline():
    column = col("budget", item("2025年预算", date(2025, 1, 25)), observed=date(2026, 1, 20), lianghui=LIANGHUI)
    assert "violation" not in severities(judge(column, ZWGK, "budget-after-lianghui"))


@pytest.mark.parametrize(
    ("observed", "expected"),
    [(date(2026, 1, 20), ["error", "error"]), (date(2026, 2, 1), ["error", "error"]),
     (date(2026, 2, 2), ["violation", "violation"])],
)  # fmt: skip
def test_a_budget_is_missed_only_on_a_reading_after_the_deadline(observed, expected):
    column = col("budget", item("2025年预算", date(2025, 1, 25)), observed=observed, lianghui=LIANGHUI)
    found = judge(column, ZWGK, "budget-after-lianghui")
    assert severities(found) == expected
    if "error" in expected:
        assert str(observed) in found[0].message and "2026-02-01" in found[0].message


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        (["2026年部门预决算公开"], []),  # 预决算 answers both 预算 and 决算
        (["关于2026年度部门预算公开的说明", "2025年部门决算公开"], []),
        (["2026年部门预算公开"], ["violation"]),  # no 决算
        (["2025年部门决算公开"], ["violation"]),  # no 预算
    ],
)
def test_a_budget_title_with_yujuesuan_answers_both_words(titles, expected):
    entries = [item(t, date(2026, 1, 25)) for t in titles]
    found = judge(col("budget", item("旧", date(2025, 6, 1)), *entries, lianghui=LIANGHUI), ZWGK,
                  "budget-after-lianghui")  # fmt: skip
    assert severities(found) == expected
    if expected:
        assert ("“决算”" if "预算" in titles[0] else "“预算”") in found[0].message


def test_an_empty_alternative_in_a_match_word_is_refused():
    with pytest.raises(RulesetError, match="match"):
        one_rule(kind="after-event", categories=["budget"], event="config", option="d", days=3, match=["预算|"])


def test_working_days_after_a_config_date():
    ruleset = one_rule(kind="after-event", categories=["budget"], event="config", option="meeting", days=3)
    column = col("budget", item("会后公告", date(2026, 10, 9)), meeting=date(2026, 9, 30))
    assert judge(column, ruleset, "r", date(2026, 10, 20)) == []  # 10-08, 10-09: two working days
    late = col("budget", item("会后公告", date(2026, 10, 12)), meeting=date(2026, 9, 30))
    (finding,) = judge(late, ruleset, "r", date(2026, 10, 20))
    assert finding.severity == "violation" and "2026-10-10" in finding.message and finding.source == SOURCE


# ============================================================================================================
# after-event: the meeting day read from the article (会议公开, 3 working days)
# ============================================================================================================


@pytest.mark.parametrize(
    ("event", "published", "as_of", "expected"),
    [
        (date(2026, 11, 19), date(2026, 11, 24), date(2026, 11, 26), []),  # Thu → Fri, Mon, Tue
        (date(2026, 11, 19), date(2026, 11, 25), date(2026, 11, 26), ["violation"]),  # the 4th working day
        (date(2026, 11, 20), date(2026, 11, 22), date(2026, 11, 26), []),  # Fri → the weekend
        (date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 20), []),  # 1st working day after National Day
        (date(2026, 9, 30), date(2026, 10, 9), date(2026, 10, 20), []),  # 2nd
        (date(2026, 9, 30), date(2026, 10, 10), date(2026, 10, 20), []),  # 3rd: the make-up Saturday
        (date(2026, 9, 30), date(2026, 10, 12), date(2026, 10, 20), ["violation"]),  # 4th
        (date(2026, 2, 13), date(2026, 2, 25), date(2026, 3, 1), []),  # 02-14 (补班), 02-24, 02-25
        (date(2026, 2, 13), date(2026, 2, 26), date(2026, 3, 1), ["violation"]),
        (date(2026, 11, 19), date(2026, 11, 18), date(2026, 11, 26), []),  # published the day before: not late
    ],
)
def test_meeting_news_within_three_working_days(event, published, as_of, expected):
    column = col("meeting", item("县政府第20次常务会议", published, event=event))
    found = judge(column, ZWGK, "meeting-3-workdays", as_of)
    assert severities(found) == expected
    if expected:
        assert "《县政府第20次常务会议》" in found[0].message and "4个工作日" in found[0].message


def test_a_meeting_without_a_readable_day_is_a_warning():
    column = col("meeting", item("常务会议", date(2026, 11, 20)), item("另一次会议", date(2026, 11, 18)))
    (finding,) = judge(column, ZWGK, "meeting-3-workdays")
    assert finding.severity == "warning" and "2条" in finding.message


def test_meetings_older_than_the_look_back_are_not_judged_again():
    column = col("meeting", item("九月会议", date(2026, 9, 30), event=date(2026, 9, 1)))
    assert judge(column, ZWGK, "meeting-3-workdays") == []
    assert severities(judge(column, ZWGK, "meeting-3-workdays", date(2026, 10, 20))) == ["violation"]


def test_a_meeting_across_the_2027_gap_is_a_warning_never_a_violation():
    column = col("meeting", item("年末常务会议", date(2027, 1, 6), event=date(2026, 12, 30)))
    for as_of in (date(2027, 1, 6), date(2027, 1, 8), date(2027, 1, 31)):
        (finding,) = judge(column, ZWGK, "meeting-3-workdays", as_of)
        assert finding.severity == "warning" and "2027" in finding.message


def test_a_ruleset_calendar_fills_the_2027_gap():
    calendar = {"holidays": [date(2027, 1, 1)], "workdays": []}
    data = {
        "name": "t",
        "calendar": calendar,
        "rules": [r for r in _bundled_rules("zwgk-2021") if r["id"] == "meeting-3-workdays"],
    }
    ruleset = parse_ruleset(data, "t.yaml")
    in_time = col("meeting", item("年末常务会议", date(2027, 1, 5), event=date(2026, 12, 30)))  # 12-31, 01-04, 01-05
    assert judge(in_time, ruleset, "meeting-3-workdays", date(2027, 1, 8)) == []
    late = col("meeting", item("年末常务会议", date(2027, 1, 6), event=date(2026, 12, 30)))
    assert severities(judge(late, ruleset, "meeting-3-workdays", date(2027, 1, 8))) == ["violation"]


def test_the_gap_of_one_meeting_does_not_hide_another_late_meeting():
    column = col(
        "meeting",
        item("十二月常务会议", date(2026, 12, 20), event=date(2026, 12, 10)),  # 6 working days: late for sure
        item("年末常务会议", date(2027, 1, 6), event=date(2026, 12, 30)),
    )
    assert sorted(severities(judge(column, ZWGK, "meeting-3-workdays", date(2027, 1, 8)))) == ["violation", "warning"]
    found = judge(column, ZWGK, "meeting-3-workdays", date(2027, 1, 8))
    (late,) = [f for f in found if f.severity == "violation"]
    (gap,) = [f for f in found if f.severity == "warning"]
    assert "十二月常务会议" in late.message and "年末常务会议" not in late.message
    assert "年末常务会议" in gap.message and "2027" in gap.message


# ============================================================================================================
# after-event: the document an interpretation names (政策解读 ↔ 政策文件)
# ============================================================================================================

DOC = "关于印发《示例县养老服务补贴实施办法》的通知"
READING = "关于《示例县养老服务补贴实施办法》的解读"


def interpret(published: date, as_of: date = MONDAY, doc_day: date = date(2026, 11, 16), **options: object) -> list[Finding]:  # fmt: skip
    documents = col("documents", item(DOC, doc_day), name="政策文件", url="http://x/docs/")
    readings = col("interpretation", item(READING, published), name="政策解读", url="http://x/jd/", **options)
    return judge(
        readings, ZWGK, "interpretation-3-workdays", as_of, Context("县", (documents, readings), ZWGK.calendar)
    )


@pytest.mark.parametrize(
    ("published", "doc_day", "as_of", "expected"),
    [
        (date(2026, 11, 19), date(2026, 11, 16), MONDAY, []),  # Mon → Thu: 3 working days
        (date(2026, 11, 16), date(2026, 11, 16), MONDAY, []),  # the same day
        (date(2026, 11, 20), date(2026, 11, 16), MONDAY, ["violation"]),  # Friday: 4
        (date(2026, 10, 9), date(2026, 9, 30), date(2026, 10, 20), []),  # across National Day
        (date(2026, 10, 12), date(2026, 9, 30), date(2026, 10, 20), ["violation"]),
    ],
)
def test_interpretation_within_three_working_days_of_its_document(published, doc_day, as_of, expected):
    found = interpret(published, as_of, doc_day)
    assert severities(found) == expected
    if expected:
        assert "示例县养老服务补贴实施办法" in found[0].message and "4个工作日" in found[0].message


def test_an_interpretation_without_its_document_is_a_warning():
    documents = col("documents", item("关于另一件事的通知", date(2026, 11, 16)), name="政策文件", url="http://x/d/")
    readings = col("interpretation", item(READING, date(2026, 11, 19)), url="http://x/jd/")
    context = Context("县", (documents, readings), ZWGK.calendar)
    (finding,) = judge(readings, ZWGK, "interpretation-3-workdays", MONDAY, context)
    assert finding.severity == "warning" and "1条" in finding.message


def test_no_documents_column_to_pair_with_is_a_warning():
    readings = col("interpretation", item(READING, date(2026, 11, 19)))
    (alone,) = judge(readings, ZWGK, "interpretation-3-workdays")
    assert alone.severity == "warning" and "documents" in alone.message
    documents = col("documents", item(DOC, date(2026, 11, 16)), url="http://x/docs/")
    unread = Context("县", (documents, readings), ZWGK.calendar, frozenset({"http://x/docs/"}))
    assert severities(judge(readings, ZWGK, "interpretation-3-workdays", MONDAY, unread)) == ["warning"]


def test_pairs_with_names_the_documents_column():
    library = col("other", item(DOC, date(2026, 11, 16)), name="文件库", url="http://x/lib/")
    readings = col("interpretation", item(READING, date(2026, 11, 20)), url="http://x/jd/", pairs_with="文件库")
    context = Context("县", (library, readings), ZWGK.calendar)
    assert severities(judge(readings, ZWGK, "interpretation-3-workdays", MONDAY, context)) == ["violation"]
    by_url = col("interpretation", item(READING, date(2026, 11, 19)), url="http://x/jd/", pairs_with="http://x/lib/")
    assert judge(by_url, ZWGK, "interpretation-3-workdays", MONDAY, Context("县", (library, by_url))) == []
    elsewhere = col("interpretation", item(READING, date(2026, 11, 19)), url="http://x/jd/", pairs_with="不存在")
    (finding,) = judge(elsewhere, ZWGK, "interpretation-3-workdays", MONDAY, Context("县", (library, elsewhere)))
    assert finding.severity == "warning" and "pairs_with" in finding.message


def test_titles_naming_no_document_are_not_judged():
    readings = col("interpretation", item("一图读懂养老补贴", date(2026, 11, 20)))
    assert judge(readings, ZWGK, "interpretation-3-workdays") == []


# ============================================================================================================
# share: diversified interpretations (多元化解读 ≥ 60 %)
# ============================================================================================================


def year_2025(*titles: str, forms: dict[int, tuple[str, ...]] | None = None) -> list[Entry]:
    forms = forms or {}
    return [item(t, date(2025, 2 + n, 1), forms=forms.get(n, ())) for n, t in enumerate(titles)]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (year_2025("图解：办法", "视频解读", "问答：政策", "办法解读", "政策解读"), []),  # 3/5 = 60 %
        (year_2025("图解：办法", "视频解读", "办法解读", "政策解读", "通知解读"), ["violation"]),  # 2/5
        (year_2025("图解：办法", "视频解读", "办法解读", "政策解读", "通知解读", forms={2: ("视频",)}), []),
        (year_2025("一图读懂", "H5：政策", "动漫解读", "办法解读"), []),
    ],
)
def test_diversified_share_of_the_last_complete_year(entries, expected):
    found = judge(col("interpretation", *entries), ZWGK, "interpretation-diversified", date(2026, 3, 1))
    assert severities(found) == expected
    if expected:
        assert "2025年" in found[0].message and "2/5" in found[0].message and "40%" in found[0].message


def test_the_running_year_below_the_share_warns_near_its_end():
    entries = [*year_2025("图解", "视频", "问答"), item("解读一", date(2026, 2, 1)), item("解读二", date(2026, 4, 1)),
               item("图解", date(2026, 5, 1))]  # fmt: skip
    (early,) = judge(col("interpretation", *entries), ZWGK, "interpretation-diversified", MONDAY)
    assert early.severity == "warning" and "即将超期" in early.message and "1/3" in early.message
    assert judge(col("interpretation", *entries), ZWGK, "interpretation-diversified", date(2026, 6, 1)) == []


def test_a_share_over_a_list_not_read_back_to_the_year_start_is_a_warning():
    entries = year_2025("x", "x", "x", "x", "x")[3:]  # May and June 2025, plain
    column = col("interpretation", *entries, item("图解", date(2025, 8, 1)), covered=date(2025, 6, 1))
    found = judge(column, ZWGK, "interpretation-diversified", date(2026, 3, 1))
    assert severities(found) == ["warning"] and "2025-06-01" in found[0].message


def test_share_markers_of_a_ruleset():
    ruleset = one_rule(kind="share", categories=["interpretation"], min_share=0.5, markers=["漫画"])
    assert judge(col("interpretation", *year_2025("漫画", "图解")), ruleset, "r", date(2026, 3, 1)) == []
    found = judge(col("interpretation", *year_2025("图解", "视频")), ruleset, "r", date(2026, 3, 1))
    assert severities(found) == ["violation"] and found[0].source == SOURCE


# ============================================================================================================
# blank, site counts (national single veto), presence
# ============================================================================================================


def test_a_blank_column_is_a_violation_citing_its_source():
    for ruleset in (ZWGK, NATIONAL):
        verdict = evaluate(col("other"), ruleset, MONDAY)
        assert severities(cited(verdict.findings, rule_of(ruleset, "blank-column"))) == ["violation"]
        assert verdict.status == "violation"


def unit(*columns: ColumnInput, ruleset: Ruleset = NATIONAL):
    reports, (site,) = judge_all(list(columns), ruleset, MONDAY)
    for finding in site.findings:  # every site finding cites its rule
        assert finding.source == rule_of(ruleset, finding.rule).source
    return reports, site


def stale(category: str, n: int, idle: int) -> list[ColumnInput]:
    day = MONDAY - timedelta(days=idle)
    return [ColumnInput("县", col(category, item("旧", day), name=f"{category}{k}", url=f"http://x/{category}/{k}/"))
            for k in range(n)]  # fmt: skip


def fresh(category: str, n: int) -> list[ColumnInput]:
    return [ColumnInput("县", col(category, item("新", MONDAY), name=f"新{category}{k}", url=f"http://x/f{category}/{k}/"))
            for k in range(n)]  # fmt: skip


def test_five_stale_dynamic_and_documents_columns_are_a_single_veto():
    reports, site = unit(*stale("dynamic", 3, 15), *stale("documents", 2, 181), *fresh("dynamic", 4))
    (veto,) = [f for f in site.findings if f.rule == "veto-stale-columns"]
    assert veto.severity == "violation" and site.status == "violation"
    assert "5个栏目" in veto.message and "单项否决" in veto.message
    assert sum(r.status == "violation" for r in reports) == 5


def test_three_stale_columns_are_an_early_warning():
    _, site = unit(*stale("dynamic", 2, 15), *stale("documents", 1, 181), *stale("documents", 3, 179))
    (early,) = [f for f in site.findings if f.rule == "veto-stale-columns"]
    assert early.severity == "warning" and "预警" in early.message and "3个栏目" in early.message
    _, quiet = unit(*stale("dynamic", 2, 15), *fresh("dynamic", 3))
    assert not [f for f in quiet.findings if f.rule == "veto-stale-columns"]


def test_unreadable_columns_are_not_counted_and_are_said():
    broken = [
        ColumnInput("县", col("dynamic", name=f"坏{k}", url=f"http://x/bad/{k}/"), error="HTTP 500") for k in range(2)
    ]
    other = ColumnInput("县", col("other", name="便民", url="http://x/other/"), error="HTTP 404")
    reports, site = unit(*stale("dynamic", 4, 15), *broken, other)
    (veto,) = [f for f in site.findings if f.rule == "veto-stale-columns"]
    assert veto.severity == "warning" and "4个栏目" in veto.message  # 4 + 2 unread: not 6, not a veto
    assert "另有2个栏目无法判断，未计入" in veto.message  # the 'other' column is no concern of this rule
    assert [r.status for r in reports[4:]] == ["error", "error", "error"]


def test_blank_columns_counted_at_the_site():
    blanks = [ColumnInput("县", col("other", name=f"空{k}", url=f"http://x/blank/{k}/")) for k in range(5)]
    _, two = unit(*blanks[:2])
    (early,) = [f for f in two.findings if f.rule == "veto-blank"]
    assert early.severity == "warning" and "预警" in early.message
    _, five = unit(*blanks)
    (veto,) = [f for f in five.findings if f.rule == "veto-blank"]
    assert veto.severity == "violation"
    _, one = unit(blanks[0])
    assert not [f for f in one.findings if f.rule == "veto-blank"]


@pytest.mark.parametrize(("idle", "expected"), [(14, []), (15, ["violation"])])
def test_a_stale_homepage_is_a_single_veto(idle, expected):
    home = ColumnInput("县", col("homepage", item("要闻", MONDAY - timedelta(days=idle)), name="首页", url="http://x/"))
    _, site = unit(home, *fresh("dynamic", 2))
    assert severities([f for f in site.findings if f.rule == "veto-homepage"]) == expected


def test_site_rules_are_judged_per_unit():
    a = stale("dynamic", 3, 15)
    b = [ColumnInput("乡", c.snapshot) for c in stale("dynamic", 2, 15)]
    _, sites = judge_all([*a, *b], NATIONAL, MONDAY)
    assert [(s.site, s.status) for s in sites] == [("县", "warning"), ("乡", "ok")]
    assert judge_site("县", [], NATIONAL).status == "ok"


AREAS: list[str] = list(rule_of(ZWGK, "directory-26-areas").params["areas"])  # type: ignore[call-overload]


def directory(skip: str = "", blank: str = "", unread: str = "") -> list[ColumnInput]:
    inputs = []
    for n, area in enumerate(AREAS):
        if area == skip:
            continue
        entries = () if area == blank else (item(f"{area}目录", date(2026, 3, 1)),)
        snapshot = col("directory", *entries, name=f"{area}领域", url=f"http://x/ml/{n}/")
        inputs.append(ColumnInput("县", snapshot, error="HTTP 404" if area == unread else None))
    return inputs


def test_the_26_directory_areas():
    rule = rule_of(ZWGK, "directory-26-areas")
    _, site = unit(*directory(), ruleset=ZWGK)
    assert site.status == "ok" and site.findings == ()
    _, blank = unit(*directory(blank="扶贫"), ruleset=ZWGK)
    (finding,) = cited(blank.findings, rule)
    assert finding.severity == "violation" and "扶贫" in finding.message
    _, missing = unit(*directory(skip="救灾"), ruleset=ZWGK)
    (finding,) = cited(missing.findings, rule)
    assert finding.severity == "warning" and "救灾" in finding.message and "配置中没有" in finding.message
    _, unread = unit(*directory(unread="就业"), ruleset=ZWGK)
    (finding,) = cited(unread.findings, rule)
    assert finding.severity == "warning" and "就业" in finding.message and "无法读取" in finding.message


def test_a_directory_area_named_by_option_and_units_without_a_directory():
    inputs = directory(skip="扶贫")
    aside = col("directory", item("目录", date(2026, 3, 1)), name="乡村振兴目录", url="http://x/ml/x/", area="扶贫")
    _, site = unit(*inputs, ColumnInput("县", aside), ruleset=ZWGK)
    assert site.findings == ()
    _, none = unit(*fresh("dynamic", 1), ruleset=ZWGK)
    assert not [f for f in none.findings if f.rule == "directory-26-areas"]


# ============================================================================================================
# backdated (补发/倒签), judged from the history
# ============================================================================================================

CLAIMED = date(2026, 11, 10)


def backdated(observations: list[Observation], *, first_seen: date = date(2026, 11, 20), ruleset: Ruleset = ZWGK,
              also: tuple[SeenEntry, ...] = ()) -> list[Finding]:  # fmt: skip
    late = SeenEntry(item("补发的信息", CLAIMED, source="本站"), first_seen, MONDAY)
    history = ColumnHistory("县", "栏目", "http://x/", "dynamic", tuple(observations), (*also, late))
    column = col("dynamic", *(s.entry for s in (*also, late)), history=history)
    rule_id = "backdated" if ruleset is ZWGK else "r"
    return judge(column, ruleset, rule_id)


def reading(day: int, covered: date | None = date(2026, 11, 1), status: str = "ok") -> Observation:
    return Observation(date(2026, 11, day), status, None if status == "ok" else "HTTP 500", covered)


def test_an_item_dated_into_a_span_two_readings_saw_without_it_is_flagged():
    (finding,) = backdated([reading(13), reading(16), reading(20)])
    assert finding.severity == "warning" and "《补发的信息》" in finding.message
    assert "2026-11-10" in finding.message and "2026-11-20" in finding.message and "2次" in finding.message
    (whole,) = backdated([reading(12, None), reading(16, None)])  # readings of the whole list count too
    assert whole.severity == "warning"


@pytest.mark.parametrize(
    "observations",
    [
        [reading(13, date(2026, 11, 12)), reading(16, date(2026, 11, 14))],  # not read back to 11-10
        [reading(13, CLAIMED), reading(16, CLAIMED)],  # read back to 11-10, perhaps not all of that day
        [reading(13, status="error"), reading(16, status="error")],  # could not be read
        [reading(13, status="error"), reading(16)],
        [reading(16)],  # one reading only
        [reading(11), reading(16)],  # 11-11: a day after the claimed date is too soon to call a miss
        [reading(20), reading(21)],  # on or after first seen: these saw it
        [],
    ],
)
def test_backdating_needs_two_full_readings_that_missed_it(observations):
    assert backdated(observations) == []


def test_an_item_seen_before_under_another_link_is_not_backdated():
    earlier = SeenEntry(item("补发的信息", CLAIMED, source="本站"), date(2026, 11, 10), date(2026, 11, 19))
    assert backdated([reading(13), reading(16)], also=(earlier,)) == []


def test_min_misses_of_a_ruleset():
    ruleset = one_rule(kind="backdated", categories=["all"], min_misses=3)
    assert backdated([reading(13), reading(16)], ruleset=ruleset) == []
    (finding,) = backdated([reading(12), reading(13), reading(16)], ruleset=ruleset)
    assert finding.severity == "warning" and finding.source == SOURCE  # a suspicion, whatever the rule's severity


def test_backdating_is_never_judged_without_history():
    assert judge(col("dynamic", own(CLAIMED)), ZWGK, "backdated") == []


# ============================================================================================================
# coverage of chained nightly readings
# ============================================================================================================


def history(*observations: Observation) -> ColumnHistory:
    return ColumnHistory("县", "栏目", "http://x/", "dynamic", observations, ())


@pytest.mark.parametrize(
    ("observations", "expected"),
    [
        ([reading(20, date(2026, 11, 18))], date(2026, 11, 18)),
        ([reading(19, date(2026, 11, 15)), reading(20, date(2026, 11, 18))], date(2026, 11, 15)),  # overlap
        ([reading(18, date(2026, 11, 15)), reading(20, date(2026, 11, 18))], date(2026, 11, 15)),  # touch
        ([reading(17, date(2026, 11, 15)), reading(20, date(2026, 11, 18))], date(2026, 11, 18)),  # a gap
        ([reading(d, date(2026, 11, d - 1)) for d in range(10, 21)], date(2026, 11, 9)),  # eleven nights
        ([reading(10, date(2026, 11, 9)), reading(11, date(2026, 11, 10)), reading(13, date(2026, 11, 12)),
          reading(14, date(2026, 11, 13))], date(2026, 11, 12)),  # a missed night breaks the chain
        ([reading(12, date(2026, 11, 5)), reading(15, status="error"), reading(20, date(2026, 11, 12))],
         date(2026, 11, 5)),  # a failed reading in between neither helps nor breaks
        ([reading(12, None), reading(20, date(2026, 11, 12))], None),  # joined to a whole-list reading
        ([reading(20, None)], None),
        ([reading(12, date(2026, 11, 5)), reading(20, date(2026, 11, 12)), reading(25, date(2026, 11, 25))],
         date(2026, 11, 5)),  # a reading after as_of is not used
        ([reading(20, status="error")], None),
    ],
)  # fmt: skip
def test_nightly_readings_chain_until_a_gap(observations, expected):
    assert covered_since(history(*observations), MONDAY) == expected


def test_a_history_check_uses_the_last_reading_on_or_before_as_of():
    entries = (SeenEntry(own(date(2026, 11, 18)), date(2026, 11, 18), MONDAY),)
    column = ColumnHistory(
        "县", "栏目", "http://x/", "dynamic", (reading(19, date(2026, 11, 15)), reading(23)), entries
    )
    snapshot = history_input(column, MONDAY).snapshot
    assert snapshot.observed == MONDAY and snapshot.covered_since == date(2026, 11, 1) and snapshot.history is column
    failed = ColumnHistory("县", "栏目", "http://x/", "dynamic", (reading(19), reading(23, status="error")), entries)
    assert "HTTP 500" in (history_input(failed, MONDAY).error or "")
    assert history_input(failed, date(2026, 11, 18)).error == "检查日期前没有抓取记录"


# ============================================================================================================
# ruleset loading
# ============================================================================================================


def _bundled_rules(name: str) -> list[dict]:
    return yaml.safe_load((resources.files("rules") / "rulesets" / f"{name}.yaml").read_text("utf-8"))["rules"]


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, "utf-8")
    return str(path)


COUNTY = """\
extends: zwgk-2021
name: 某县2026
disable: [head-interprets]
calendar:
  holidays: [2027-01-01]
rules:
  - id: overview-yearly
    due: "02-28"
  - id: notices-monthly
    kind: periodic
    categories: [dynamic]
    period: month
    by_day: 10
    match: 通知|公告
    title: 通知公告每月上旬至少更新1条
    source: 《某县2026年政务公开工作要点》三（一）
"""


def test_extends_overrides_disables_and_appends(tmp_path):
    county = load_ruleset(write(tmp_path, "county.yaml", COUNTY))
    base = [r.id for r in ZWGK.rules]
    assert [r.id for r in county.rules] == [i for i in base if i != "head-interprets"] + ["notices-monthly"]
    overview = rule_of(county, "overview-yearly")
    assert overview.params["due"] == "02-28"
    assert overview.params["warn_days"] == 31 and overview.source == rule_of(ZWGK, "overview-yearly").source
    assert county.name == "某县2026" and county.extends == "zwgk-2021"
    assert county.calendar.covers(2027) and not county.calendar.is_workday(date(2027, 1, 1))
    # the override judges: an overview of 2026-03-10 is now late
    (late,) = judge(col("overview", item("概况", date(2026, 3, 10))), county, "overview-yearly")
    assert late.severity == "warning" and "2026-02-28" in late.message
    assert len(ZWGK.rules) == 14 and rule_of(ZWGK, "overview-yearly").params["due"] == "03-31"  # bundled intact


@pytest.mark.parametrize(
    "rule",
    ["  - id: thematic-monthly\n    min_item: 1\n",
     "  - id: new-rule\n    kind: periodic\n    categories: [dynamic]\n    period: week\n    min_item: 1\n"],
)  # fmt: skip
def test_a_bad_key_names_the_file_the_rule_and_the_key(tmp_path, rule):
    path = write(tmp_path, "bad.yaml", "extends: zwgk-2021\nrules:\n" + rule)
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    message = str(info.value)
    rule_id = rule.split("id: ")[1].split("\n")[0]
    assert path in message and rule_id in message and "min_item" in message


def test_disable_must_name_a_rule_of_the_base(tmp_path):
    path = write(tmp_path, "d.yaml", "extends: zwgk-2021\ndisable: [no-such-rule]\nrules: []\n")
    with pytest.raises(RulesetError, match="no-such-rule"):
        load_ruleset(path)


def test_an_extends_cycle_is_refused(tmp_path):
    a = write(tmp_path, "a.yaml", "extends: b.yaml\nrules: []\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\nrules: []\n")
    with pytest.raises(RulesetError, match="extends itself"):
        load_ruleset(a)
    itself = write(tmp_path, "self.yaml", "extends: self.yaml\nrules: []\n")
    with pytest.raises(RulesetError, match="extends itself"):
        load_ruleset(itself)


def test_an_extends_cycle_through_a_differently_spelled_path_is_refused(tmp_path):
    folder = tmp_path / "dir"
    folder.mkdir()
    path = write(folder, "self.yaml", "extends: ../dir/self.yaml\nrules: []\n")
    with pytest.raises(RulesetError, match="extends itself"):
        load_ruleset(path)
    with pytest.raises(RulesetError, match="extends itself"):
        load_ruleset(str(folder / ".." / "dir" / "self.yaml"))


def test_a_file_extending_a_file_merges_calendars(tmp_path):
    write(tmp_path, "base.yaml", "extends: national-2019\ncalendar:\n  holidays: [2027-01-01]\nrules: []\n")
    child = load_ruleset(
        write(tmp_path, "child.yaml", "extends: base.yaml\ncalendar:\n  workdays: [2027-01-09]\nrules: []\n")
    )
    assert not child.calendar.is_workday(date(2027, 1, 1)) and child.calendar.is_workday(date(2027, 1, 9))
    assert [r.id for r in child.rules] == [r.id for r in NATIONAL.rules]


@pytest.mark.parametrize(
    "calendar",
    [{"holidays": ["2027-01-01"]}, {"holidays": "2027-01-01"}, {"days_off": [date(2027, 1, 1)]}, ["2027-01-01"]],
)
def test_a_bad_calendar_is_refused(calendar):
    with pytest.raises(RulesetError, match="calendar"):
        parse_ruleset({"rules": [], "calendar": calendar}, "t.yaml")


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ({"kind": "periodic", "categories": ["dynamic"], "period": "week", "rolling_days": 14}, "either"),
        ({"kind": "periodic", "categories": ["dynamic"], "period": "week", "by_day": 10}, "period: month"),
        ({"kind": "periodic", "categories": ["dynamic"], "period": "month", "months": [13]}, "months"),
        ({"kind": "periodic", "categories": ["dynamic"], "period": "month", "by_day": 31}, "by_day"),
        ({"kind": "periodic", "categories": ["dynamic"], "period": "week", "match": "(["}, "regular expression"),
        ({"kind": "periodic", "categories": ["dynamic"], "period": "week", "original": "yes"}, "true or false"),
        ({"kind": "after-event", "categories": ["budget"], "event": "config", "days": 14}, "option"),
        ({"kind": "after-event", "categories": ["budget"], "event": "email", "days": 14}, "event"),
        ({"kind": "share", "categories": ["interpretation"], "min_share": 60}, "min_share"),
        ({"kind": "site-count", "count": ["nothing"], "threshold": 5}, "nothing"),
        ({"kind": "deadline", "categories": ["overview"], "due": "3-31"}, "MM-DD"),
        ({"kind": "periodic", "categories": ["dynamic"], "period": "week", "severity": "fatal"}, "severity"),
    ],
)
def test_bad_rules_name_the_file_and_the_rule(rule, fragment):
    with pytest.raises(RulesetError, match=fragment) as info:
        parse_ruleset({"rules": [{"id": "bad-rule", **rule}]}, "t.yaml")
    assert "t.yaml" in str(info.value) and "bad-rule" in str(info.value)


# ============================================================================================================
# the rules in words
# ============================================================================================================


@pytest.mark.parametrize("ruleset", [ZWGK, NATIONAL], ids=["zwgk-2021", "national-2019"])
def test_render_rules_mentions_every_rule_and_its_source(ruleset):
    text = render_rules(ruleset)
    for rule in ruleset.rules:
        assert rule.id in text and rule.source in text and rule.source
    assert f"共{len(ruleset.rules)}条" in text
