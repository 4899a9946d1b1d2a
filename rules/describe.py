"""A rule in words: what it asks, in Chinese, for `govfresh rules` and the reports' 检查依据."""

from __future__ import annotations

from rules.categories import CATEGORIES
from rules.ruleset import Rule, Ruleset

PERIOD_WORDS = {"week": "每自然周", "month": "每月", "quarter": "每季度", "year": "每年"}
EVENT_WORDS = {"config": "配置中的事件日期", "article": "正文所述会议日期", "document": "所解读文件的发布日期"}


def describe(rule: Rule) -> str:
    """Return what the rule checks, in one Chinese sentence built from its parameters."""
    p = rule.params
    if rule.kind == "periodic":
        if "rolling_days" in p:
            span = f"检查日前{p['rolling_days']}天内"
        elif p.get("months") or p.get("by_day"):
            months = "、".join(f"{m}月" for m in p.get("months") or []) or "每月"  # type: ignore[attr-defined]
            days = f"1日至{p['by_day']}日" if p.get("by_day") else ""
            span = months + days
        else:
            span = PERIOD_WORDS[str(p["period"])]
        what = "原创信息" if p.get("original") else "信息"
        match = f"（标题含：{p['match']}）" if p.get("match") else ""
        text = f"{span}至少{p['min_items']}条{what}{match}"
    elif rule.kind == "deadline":
        month, day = str(p["due"]).split("-")
        named = {"previous": "上年度", "current": "本年度"}.get(str(p.get("names_year")), "")
        match = f"标题含“{p['match']}”的{named}信息" if p.get("match") else "更新"
        text = f"每年{int(month)}月{int(day)}日前发布{match}"
    elif rule.kind == "after-event":
        unit = "个工作日" if p.get("working_days", True) else "日"
        words = f"，须含：{'、'.join(str(w).replace('|', '或') for w in p['match'])}" if p.get("match") else ""  # type: ignore[attr-defined]
        option = f"（{p['option']}）" if p.get("option") else ""
        text = f"{EVENT_WORDS[str(p['event'])]}{option}后{p['days']}{unit}内发布{words}"
    elif rule.kind == "share":
        forms = "、".join(p["markers"][:6])  # type: ignore[index]
        text = f"{PERIOD_WORDS[str(p['period'])]}多元化形式（{forms}等）占比不低于{float(p['min_share']):.0%}"  # type: ignore[arg-type]
    elif rule.kind == "presence":
        text = f"{len(p['areas'])}个领域各有目录栏目且不空白"  # type: ignore[arg-type]
    elif rule.kind == "site-count":
        warn = f"，达到{p['warn_at']}个预警" if p.get("warn_at") else ""
        text = f"全站违反 {'、'.join(p['count'])} 的栏目达到{p['threshold']}个即{_severity(rule)}{warn}"  # type: ignore[arg-type]
    elif rule.kind == "backdated":
        text = f"发布日期落在此前已抓取{p['min_misses']}次以上、当时未见该信息的时段内，提示疑似补发倒签"
    else:
        text = "栏目内没有任何信息即为空白栏目"
    if p.get("warn_days"):
        text += f"；期限前{p['warn_days']}天起提示即将超期"
    return text


def _severity(rule: Rule) -> str:
    """Return the rule's severity in Chinese."""
    return "违规（单项否决）" if rule.severity == "violation" else "警告"


def scope(rule: Rule) -> str:
    """Return which columns the rule applies to, in Chinese."""
    if rule.site_level and rule.kind == "site-count":
        return "全站"
    if "all" in rule.categories:
        return "所有栏目"
    return "、".join(CATEGORIES[c] for c in rule.categories)


def render_rules(ruleset: Ruleset) -> str:
    """Return every rule of a ruleset as text: id, title, scope, what it checks, its source."""
    extends = f"（扩展自 {ruleset.extends}）" if ruleset.extends else ""
    lines = [f"规则集 {ruleset.name}：{ruleset.title}{extends}，共{len(ruleset.rules)}条", ""]
    for rule in ruleset.rules:
        severity = "" if rule.severity == "violation" else "［仅警告］"
        lines.append(f"{rule.id}  {rule.title}{severity}")
        lines.append(f"    适用：{scope(rule)}")
        lines.append(f"    判定：{describe(rule)}")
        lines.append(f"    依据：{rule.source or '（未注明）'}")
    calendar = ruleset.calendar
    if calendar.holidays or calendar.workdays:
        lines.append(f"工作日历调整：放假{len(calendar.holidays)}天，调休上班{len(calendar.workdays)}天")
    return "\n".join(lines) + "\n"
