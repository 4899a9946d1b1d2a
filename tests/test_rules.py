"""The rules as pure functions: (entries, ruleset, as_of) → verdict; rulesets as validated YAML data."""

from __future__ import annotations

from datetime import date

import pytest

from rules import ColumnSnapshot, Entry, RulesetError, evaluate, guess_category, horizon, load_ruleset
from rules.ruleset import parse_ruleset

RULES = load_ruleset("zwgk-2021")
MONDAY = date(2026, 11, 23)


def snapshot(category, *days, covered_since=None):
    entries = tuple(Entry(f"第{i}条", f"http://x/{i}.html", d, source="本站") for i, d in enumerate(days))
    return ColumnSnapshot("栏目", "http://x/", category, entries, covered_since)


def verdict(category, *days, as_of=MONDAY, covered_since=None):
    return evaluate(snapshot(category, *days, covered_since=covered_since), RULES, as_of)


@pytest.mark.parametrize(
    ("as_of", "published", "status"),
    [
        (date(2026, 11, 23), date(2026, 11, 16), "ok"),  # Monday of last week
        (date(2026, 11, 23), date(2026, 11, 22), "ok"),  # Sunday of last week
        (date(2026, 11, 23), date(2026, 11, 15), "violation"),  # the week before
        (date(2026, 11, 23), date(2026, 11, 23), "violation"),  # this week only: last week is still empty
        (date(2026, 11, 18), date(2026, 11, 11), "ok"),  # Wednesday: this week still running, last week had one
        (date(2026, 11, 22), date(2026, 11, 12), "warning"),  # Sunday and nothing yet this week: 即将超期
        (date(2026, 11, 30), date(2026, 11, 23), "ok"),
    ],
)
def test_dynamic_needs_an_item_in_the_last_complete_natural_week(as_of, published, status):
    assert verdict("dynamic", published, as_of=as_of).status == status


def test_dynamic_violation_message_names_the_week_and_the_delay():
    (finding,) = verdict("dynamic", date(2026, 11, 10)).findings
    assert finding.rule == "dynamic-weekly"
    assert "2026-11-16至2026-11-22" in finding.message and "13天" in finding.message
    assert "丰府办字〔2021〕10号" in finding.source


@pytest.mark.parametrize(
    ("as_of", "published", "status"),
    [
        (date(2026, 11, 23), date(2026, 10, 1), "ok"),
        (date(2026, 11, 23), date(2026, 10, 31), "ok"),
        (date(2026, 11, 23), date(2026, 9, 30), "violation"),
        (date(2026, 11, 23), date(2026, 11, 2), "violation"),  # November is still running
        (date(2026, 1, 5), date(2025, 12, 20), "ok"),  # across the year
    ],
)
def test_thematic_needs_an_item_in_the_last_complete_month(as_of, published, status):
    assert verdict("thematic", published, as_of=as_of).status == status


@pytest.mark.parametrize(
    ("as_of", "published", "status"),
    [
        (date(2026, 2, 15), date(2025, 12, 1), "ok"),  # before the due date: not yet a violation
        (date(2026, 3, 15), date(2025, 12, 1), "warning"),  # …but within a month of it: 即将超期
        (date(2026, 4, 1), date(2025, 12, 1), "violation"),
        (date(2026, 4, 1), date(2026, 1, 10), "ok"),
        (date(2026, 11, 23), date(2026, 3, 31), "ok"),
        (date(2026, 11, 23), date(2026, 5, 6), "warning"),  # updated, but late
    ],
)
def test_overview_updated_at_the_start_of_the_year(as_of, published, status):
    assert verdict("overview", published, as_of=as_of).status == status


def test_blank_column_is_a_violation_whatever_its_category():
    for category in ("dynamic", "overview", "other"):
        result = verdict(category)
        assert result.status == "violation"
        assert [f.rule for f in result.findings] == ["blank-column"]


def test_future_dates_are_warned_and_not_latest():
    result = verdict("dynamic", date(2027, 11, 18), date(2026, 11, 20))
    assert result.latest == date(2026, 11, 20)
    assert result.status == "warning"
    assert [f.rule for f in result.findings] == ["future-date"]


def test_a_list_not_read_far_enough_is_an_error_not_a_violation():
    result = verdict("dynamic", date(2026, 11, 23), covered_since=date(2026, 11, 23))
    assert result.status == "error"
    assert "翻页" in result.findings[0].message


def test_horizon_is_the_earliest_day_the_rules_look_at():
    assert horizon("dynamic", RULES, MONDAY) == date(2026, 11, 16)
    assert horizon("thematic", RULES, MONDAY) == date(2026, 10, 1)
    assert horizon("overview", RULES, MONDAY) == date(2026, 1, 1)
    assert horizon("other", RULES, MONDAY) is None


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("工作动态", "dynamic"),
        ("乡镇动态", "dynamic"),
        ("通知公告", "dynamic"),
        ("图片新闻", "dynamic"),
        ("专题专栏", "thematic"),
        ("县情概况", "overview"),
        ("机构职能", "overview"),
        ("领导信息", "overview"),
        ("政府信息公开工作年度报告", "annual-report"),
        ("财政预决算", "budget"),
        ("政策解读", "interpretation"),
        ("政府开放日", "open-day"),
        ("首页", "homepage"),
        ("网站首页", "homepage"),
        ("便民服务", None),
    ],
)
def test_category_is_guessed_from_the_name(name, category):
    assert guess_category(name) == category


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ({"kind": "periodic", "categories": ["dynamic"], "period": "week", "min_items": 1}, "missing 'id'"),
        ({"id": "r", "kind": "sometimes", "categories": ["dynamic"]}, "unknown kind"),
        ({"id": "r", "kind": "periodic", "categories": ["dynamic"], "period": "fortnight", "min_items": 1}, "period"),
        ({"id": "r", "kind": "periodic", "categories": ["dynamic"], "period": "week", "min_items": 0}, "min_items"),
        (
            {"id": "r", "kind": "periodic", "categories": ["weekly"], "period": "week", "min_items": 1},
            "unknown category",
        ),
        ({"id": "r", "kind": "yearly-update", "categories": ["overview"], "due": "31-03"}, "MM-DD"),
    ],
)
def test_malformed_rules_say_which_rule_and_what(rule, fragment):
    with pytest.raises(RulesetError, match=fragment) as info:
        parse_ruleset({"rules": [rule]}, "my.yaml")
    assert "my.yaml, rule 1" in str(info.value)


def test_unknown_ruleset_name():
    with pytest.raises(RulesetError, match="zwgk-2021"):
        load_ruleset("zwgk-1999")


def test_a_reading_older_than_the_period_cannot_prove_it_empty():
    entries = (Entry("旧信息", "http://x/1.html", date(2026, 11, 2), source="本站"),)
    stale_reading = ColumnSnapshot("栏目", "http://x/", "dynamic", entries, observed=date(2026, 11, 10))
    result = evaluate(stale_reading, RULES, MONDAY)  # last read on 11-10: the week of 11-16 was never seen
    assert result.status == "error" and "2026-11-10" in result.findings[0].message
    fresh_reading = ColumnSnapshot("栏目", "http://x/", "dynamic", entries, observed=date(2026, 11, 23))
    assert evaluate(fresh_reading, RULES, MONDAY).status == "violation"
