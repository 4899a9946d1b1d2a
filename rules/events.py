"""After-event rules: items due N (working) days after a date in the config, a meeting read from the article,
or the document an interpretation names."""

from __future__ import annotations

import re
from datetime import date, timedelta

from rules.judging import MAX_LISTED, Judging, normal
from rules.model import Entry, Finding
from rules.workdays import CalendarGap

# A document named in an interpretation's title: 关于《…》的解读, 《…》解读, 解读《…》.
_QUOTED = re.compile(r"《([^《》]{4,80})》")


def after_event(j: Judging) -> list[Finding]:
    """Items within N (working) days after an event: a date in the config, a meeting in the text, a document.

    A day the working-day calendar does not know leaves undecided only what needs it: the config date's
    deadline, or each item on its own (the others are still judged).
    """
    event = str(j.rule.params["event"])
    if event == "config":
        try:
            return _after_config_date(j)
        except CalendarGap as gap:
            return [j.finding(f"无法判断：{gap}", "warning")]
    if event == "article":
        return _after_article_event(j)
    return _after_document(j)


def _deadline_after(j: Judging, day: date) -> date:
    """Return the last day allowed after an event on day (N working or calendar days)."""
    days = int(j.rule.params["days"])  # type: ignore[call-overload]
    if j.rule.params.get("working_days", True):
        return j.context.calendar.add_working_days(day, days)
    return day + timedelta(days=days)


def _lag(j: Judging, start: date, end: date) -> int:
    """Return the (working) days from start to end."""
    if j.rule.params.get("working_days", True):
        return j.context.calendar.working_days_between(start, end)
    return (end - start).days


def _days_word(j: Judging) -> str:
    """Return '3个工作日' or '14日' for the rule's allowance."""
    return f"{j.rule.params['days']}{'个工作日' if j.rule.params.get('working_days', True) else '日'}"


def _after_config_date(j: Judging) -> list[Finding]:
    """Each `match` word needs an item published within the allowance after the event date in the options."""
    option = str(j.rule.params["option"])
    raw = j.column.options.get(option)
    days = sorted(d for d in (raw if isinstance(raw, list) else [raw]) if isinstance(d, date) and d <= j.as_of)
    if not days:
        if raw is None:
            return [j.finding(f"配置中没有事件日期（{option}），无法判断", "warning")]
        return []
    event = days[-1]
    deadline = _deadline_after(j, event)
    findings: list[Finding] = []
    for word in j.rule.params.get("match") or [""]:  # type: ignore[union-attr]
        alternatives = str(word).split("|")  # 预算|预决算: a title with either answers the word
        found = sorted(
            (e for e in j.current if any(a in e.title for a in alternatives) and e.published >= event),  # type: ignore[operator]
            key=lambda e: e.published,  # type: ignore[arg-type,return-value]
        )
        what = f"“{alternatives[0]}”信息" if word else "信息"
        if found and found[0].published > deadline:  # type: ignore[operator]
            late = found[0]
            findings.append(j.finding(f"{what}于{late.published}发布，晚于{event}后{_days_word(j)}（{deadline}）"))
        elif not found and j.as_of > deadline:
            if j.unobserved(deadline):
                findings.append(
                    j.finding(
                        f"最近一次读取在{j.column.observed}，早于期限{deadline}结束，无法判断是否发布{what}"
                        "（抓取是否中断？）",
                        "error",
                    )
                )
            elif j.uncovered(event):
                findings.append(
                    j.finding(f"列表只读到{j.column.covered_since}，无法判断{event}后是否发布{what}", "error")
                )
            else:
                findings.append(j.finding(f"{event}后{_days_word(j)}内（{deadline}前）未发布{what}"))
        elif not found:
            warn = j.rule.params.get("warn_days")
            left = (deadline - j.as_of).days + 1
            if isinstance(warn, int) and left <= warn:
                findings.append(j.finding(f"即将超期：尚未发布{what}，距期限{deadline}还剩{left}天", "warning"))
    return findings


def _recent(j: Judging) -> list[Entry]:
    """Return the items published within the rule's look-back span."""
    since = j.as_of - timedelta(days=int(j.rule.params["lookback_days"]))  # type: ignore[call-overload]
    return [e for e in j.matching() if e.published >= since]  # type: ignore[operator]


def _after_article_event(j: Judging) -> list[Finding]:
    """Meeting news within N working days after the meeting day read from the article's text."""
    dated = [(e, e.event, f"{e.event}召开，{e.published}发布") for e in _recent(j) if e.event is not None]
    undated = sum(1 for e in _recent(j) if e.event is None)
    return _lateness(j, dated, "会后超过", undated, "信息未能从正文读取会议日期，无法判断是否及时发布")


def _lateness(
    j: Judging, dated: list[tuple[Entry, date, str]], late_words: str, undecided: int, undecided_words: str
) -> list[Finding]:
    """Return a violation naming the items published later than allowed after their event, a warning
    counting the items whose event could not be found, and one naming the items the calendar cannot count."""
    late = []
    gaps: dict[str, list[str]] = {}  # the calendar's gap → the items it leaves undecided
    for entry, start, told in dated:
        try:
            lag = _lag(j, start, entry.published)  # type: ignore[arg-type]
        except CalendarGap as gap:
            gaps.setdefault(str(gap), []).append(f"《{entry.title}》（{told}）")
            continue
        if lag > int(j.rule.params["days"]):  # type: ignore[call-overload]
            late.append(f"《{entry.title}》（{told}，相隔{lag}个工作日）")
    findings = []
    if late:
        findings.append(j.finding(f"{len(late)}条{late_words}{_days_word(j)}发布：{'；'.join(late[:MAX_LISTED])}"))
    if undecided:
        findings.append(j.finding(f"{undecided}条{undecided_words}", "warning"))
    for gap, items in gaps.items():
        named = "；".join(items[:MAX_LISTED])
        findings.append(j.finding(f"无法判断{len(items)}条是否及时（{named}）：{gap}", "warning"))
    return findings


def _after_document(j: Judging) -> list[Finding]:
    """An interpretation within N working days after the document it names (关于《…》的解读 ↔ the document)."""
    recent = [(e, _QUOTED.search(e.title)) for e in _recent(j)]
    named = [(e, normal(m.group(1))) for e, m in recent if m]
    if not named:
        return []
    paired = j.column.options.get("pairs_with")
    documents = [
        c
        for c in j.context.columns
        if c.url not in j.context.unread and (paired in (c.name, c.url) if paired else c.category == "documents")
    ]
    if not documents:
        where = f"配置的 pairs_with: {paired}" if paired else "本单位的政策文件（documents）栏目"
        return [j.finding(f"未找到{where}，无法判断解读是否在文件发布后{_days_word(j)}内发布", "warning")]
    issued = [(normal(e.title), e) for c in documents for e in c.entries if e.published is not None]
    dated: list[tuple[Entry, date, str]] = []
    unmatched = 0
    for entry, name in named:
        docs = [doc for title, doc in issued if name and (name in title or title in name) and len(title) >= 4]
        if not docs:
            unmatched += 1
            continue
        doc = min(docs, key=lambda d: d.published)  # type: ignore[arg-type,return-value]
        dated.append((entry, doc.published, f"文件{doc.published}发布，解读{entry.published}发布"))  # type: ignore[arg-type]
    return _lateness(j, dated, "解读晚于文件印发后", unmatched, "解读未在文件栏目中找到对应文件，无法判断是否及时")
