"""Judge one column's entries against a ruleset on a given day: pure functions, one per rule kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rules.model import ColumnSnapshot, Entry, Finding, Verdict, worst
from rules.periods import last_complete_period, period_label
from rules.ruleset import Rule, Ruleset

FUTURE_RULE = "future-date"


def horizon(category: str, ruleset: Ruleset, as_of: date) -> date | None:
    """Return the earliest publication date the category's rules look at (None: the newest item is enough)."""
    starts: list[date] = []
    for rule in ruleset.for_category(category):
        if rule.kind == "periodic":
            starts.append(last_complete_period(str(rule.params["period"]), as_of)[0])
        elif rule.kind == "yearly-update":
            starts.append(date(as_of.year, 1, 1))
    return min(starts, default=None)


def evaluate(column: ColumnSnapshot, ruleset: Ruleset, as_of: date) -> Verdict:
    """Apply every rule for the column's category and return its verdict."""
    dated = [e for e in column.entries if e.published is not None]
    future = [e for e in dated if e.published > as_of]  # type: ignore[operator]
    current = [e for e in dated if e.published <= as_of]  # type: ignore[operator]
    latest = max((e.published for e in current), default=None)  # type: ignore[type-var]
    findings: list[Finding] = []
    if future:
        shown = "；".join(f"{e.title}（{e.published}）" for e in future[:3])
        findings.append(
            Finding(
                FUTURE_RULE,
                "warning",
                f"{len(future)}条信息的发布日期晚于检查日期{as_of}，疑为录入错误，未计入最新日期：{shown}",
            )
        )
    for rule in ruleset.for_category(column.category):
        finding = KINDS[rule.kind](rule, column, current, latest, as_of)
        if finding is not None:
            findings.append(finding)
    return Verdict(worst([f.severity for f in findings]), latest, tuple(findings))


def _blank(
    rule: Rule, column: ColumnSnapshot, current: list[Entry], latest: date | None, as_of: date
) -> Finding | None:
    """A column without any item is a 空白栏目."""
    if column.entries:
        return None
    return Finding(rule.id, "violation", "栏目内没有任何信息（空白栏目）", rule.source)


def _periodic(
    rule: Rule, column: ColumnSnapshot, current: list[Entry], latest: date | None, as_of: date
) -> Finding | None:
    """At least min_items items published in the last complete natural week or month."""
    if not column.entries:
        return None
    period = str(rule.params["period"])
    need = int(rule.params["min_items"])  # type: ignore[call-overload]
    first, last = last_complete_period(period, as_of)
    count = sum(1 for e in current if first <= e.published <= last)  # type: ignore[operator]
    if count >= need:
        return None
    label = period_label(period, first, last)
    if column.observed is not None and column.observed <= last:
        return Finding(
            rule.id,
            "error",
            f"最近一次读取在{column.observed}，早于{label}结束，无法判断（抓取是否中断？）",
            rule.source,
        )
    if column.covered_since is not None and column.covered_since > first:
        return Finding(
            rule.id,
            "error",
            f"列表只读到{column.covered_since}，无法判断{label}是否更新（可调大翻页上限）",
            rule.source,
        )
    since = f"最新一条发布于{latest}，已{(as_of - latest).days}天未更新" if latest else "没有早于检查日期的信息"
    shortfall = "未更新" if count == 0 else f"仅更新{count}条，少于{need}条"
    return Finding(rule.id, "violation", f"{label}{shortfall}：{since}", rule.source)


def _yearly_update(
    rule: Rule, column: ColumnSnapshot, current: list[Entry], latest: date | None, as_of: date
) -> Finding | None:
    """Updated on or after 1 January of as_of's year, by the due date (MM-DD)."""
    if not column.entries:
        return None
    month, day = (int(part) for part in str(rule.params["due"]).split("-"))
    year_start, due = date(as_of.year, 1, 1), date(as_of.year, month, day)
    if latest is not None and latest >= year_start:
        if latest > due:
            return Finding(rule.id, "warning", f"{as_of.year}年于{latest}更新，晚于截止日期{due}", rule.source)
        return None
    if as_of <= due:
        return None
    shown = f"最新一条发布于{latest}" if latest else "没有早于检查日期的信息"
    return Finding(rule.id, "violation", f"{as_of.year}年截至{due}未更新：{shown}", rule.source)


RuleFunction = Callable[[Rule, ColumnSnapshot, list[Entry], "date | None", date], "Finding | None"]
KINDS: dict[str, RuleFunction] = {
    "blank": _blank,
    "periodic": _periodic,
    "yearly-update": _yearly_update,
}
