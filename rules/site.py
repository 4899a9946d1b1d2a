"""Site-level rules: counts over a unit's columns (the national single-veto thresholds) and required columns."""

from __future__ import annotations

from collections.abc import Callable

from rules.model import ColumnReport, Finding, SiteReport, worst
from rules.ruleset import Rule, Ruleset

MAX_NAMED = 10


def judge_site(site: str, reports: list[ColumnReport], ruleset: Ruleset) -> SiteReport:
    """Apply the ruleset's site-level rules to one unit's judged columns."""
    findings = [f for rule in ruleset.site_rules for f in SITE_KINDS[rule.kind](rule, reports, ruleset)]
    return SiteReport(site, worst([f.severity for f in findings]), tuple(findings))


def _names(reports: list[ColumnReport]) -> str:
    """Return the columns' names, the first few of them."""
    names = "、".join(r.name for r in reports[:MAX_NAMED])
    return names + (f"等{len(reports)}个" if len(reports) > MAX_NAMED else "")


def _site_count(rule: Rule, reports: list[ColumnReport], ruleset: Ruleset) -> list[Finding]:
    """Columns violating any of the counted rules, against the threshold (单项否决) and an early-warning level.

    Columns those rules would judge but could not (unreadable, or the rule undecided) are left out, and said to be.
    """
    counted = set(rule.params["count"])  # type: ignore[call-overload]
    judged_by = [r for r in ruleset.rules if r.id in counted]
    hits = [r for r in reports if any(f.rule in counted and f.severity == "violation" for f in r.findings)]
    undecided = [
        r
        for r in reports
        if any(c.applies_to(r.category) for c in judged_by)
        and (r.status == "error" or any(f.rule in counted and f.severity == "error" for f in r.findings))
    ]
    threshold = int(rule.params["threshold"])  # type: ignore[call-overload]
    warn_at = rule.params.get("warn_at")
    unread = f"；另有{len(undecided)}个栏目无法判断，未计入" if undecided else ""
    if len(hits) >= threshold:
        message = f"{len(hits)}个栏目（达到{threshold}个即单项否决）：{_names(hits)}{unread}"
        return [Finding(rule.id, rule.severity, message, rule.source)]
    if isinstance(warn_at, int) and len(hits) >= warn_at:
        message = f"预警：已有{len(hits)}个栏目（达到{threshold}个即单项否决）：{_names(hits)}{unread}"
        return [Finding(rule.id, "warning", message, rule.source)]
    return []


def _presence(rule: Rule, reports: list[ColumnReport], ruleset: Ruleset) -> list[Finding]:
    """Each listed area has its column (by name or `area:` option) and it is not blank; only for units having any."""
    columns = [r for r in reports if rule.applies_to(r.category)]
    if not columns:
        return []
    blank: list[str] = []
    missing: list[str] = []
    unread: list[str] = []
    for area in rule.params["areas"]:  # type: ignore[attr-defined]
        mine = [r for r in columns if area in r.name or r.options.get("area") == area]
        if not mine:
            missing.append(area)
        elif all(r.status == "error" for r in mine):
            unread.append(area)
        elif all(r.items == 0 for r in mine if r.status != "error"):
            blank.append(area)
    findings = []
    if blank:
        findings.append(
            Finding(rule.id, rule.severity, f"{len(blank)}个领域的目录栏目空白：{'、'.join(blank)}", rule.source)
        )
    if missing:
        told = f"配置中没有{len(missing)}个领域的目录栏目，请核对网站是否设置：{'、'.join(missing)}"
        findings.append(Finding(rule.id, "warning", told, rule.source))
    if unread:
        findings.append(
            Finding(rule.id, "warning", f"{len(unread)}个领域的目录栏目无法读取：{'、'.join(unread)}", rule.source)
        )
    return findings


SITE_KINDS: dict[str, Callable[[Rule, list[ColumnReport], Ruleset], list[Finding]]] = {
    "site-count": _site_count,
    "presence": _presence,
}
