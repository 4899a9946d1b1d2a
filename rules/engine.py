"""Judge one column's entries against a ruleset on a given day: pure functions, one per rule kind.

Every kind returns findings that cite the rule's source. A rule that cannot decide (the list was not read far
enough, a date the calendar does not know, a source that could not be read) says so as `error` or `warning`
with the reason; it never guesses a violation.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import replace as dc_replace
from datetime import date, timedelta

from rules.events import after_event
from rules.judging import MAX_LISTED, PUNCT, Context, Judging, normal, since
from rules.model import ColumnSnapshot, Entry, Finding, Verdict, worst
from rules.periods import Window, due_windows, last_complete_period, period_label, period_of
from rules.ruleset import DEFAULT_FORMS, Rule, Ruleset

FUTURE_RULE = "future-date"
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年")
# Sources that say the item is the site's own (本站原创).
_OWN_SOURCE = re.compile(r"^(本站|本网|原创|本单位)")
# A reading counts for a rolling span (which ends on as_of itself) when made on as_of or the day before
# (nightly crawls judged the next morning); an older one cannot tell whether the span is still empty.
ROLLING_READ_SLACK = timedelta(days=1)


def horizon(category: str, ruleset: Ruleset, as_of: date) -> date | None:
    """Return the earliest publication date the category's rules look at (None: the newest item is enough)."""
    starts: list[date] = []
    for rule in ruleset.for_category(category):
        params = rule.params
        if rule.kind == "periodic" and "rolling_days" in params:
            starts.append(as_of - timedelta(days=int(params["rolling_days"])))  # type: ignore[call-overload]
        elif rule.kind == "periodic" and (params.get("months") or params.get("by_day")):
            starts.append(_due_windows(rule, as_of)[0].first)
        elif rule.kind in ("periodic", "share"):
            starts.append(last_complete_period(str(params["period"]), as_of)[0])
        elif rule.kind == "deadline":
            starts.append(date(as_of.year, 1, 1))
        elif rule.kind == "after-event":
            starts.append(as_of - timedelta(days=int(params["lookback_days"])))  # type: ignore[call-overload]
    return min(starts, default=None)


def evaluate(column: ColumnSnapshot, ruleset: Ruleset, as_of: date, context: Context | None = None) -> Verdict:
    """Apply every rule for the column's category and return its verdict."""
    context = context or Context(calendar=ruleset.calendar)
    dated = [e for e in column.entries if e.published is not None]
    future = [e for e in dated if e.published > as_of]  # type: ignore[operator]
    current = tuple(e for e in dated if e.published <= as_of)  # type: ignore[operator]
    latest = max((e.published for e in current), default=None)  # type: ignore[type-var]
    findings: list[Finding] = []
    if future:
        shown = "；".join(f"{e.title}（{e.published}）" for e in future[:MAX_LISTED])
        findings.append(
            Finding(
                FUTURE_RULE,
                "warning",
                f"{len(future)}条信息的发布日期晚于检查日期{as_of}，疑为录入错误，未计入最新日期：{shown}",
            )
        )
    judged = _grouped(column, context)
    if judged is not column:
        current = tuple(e for e in judged.entries if e.published is not None and e.published <= as_of)  # type: ignore[operator]
    for rule in ruleset.for_category(column.category):
        if rule.kind == "blank":
            findings.extend(_blank(Judging(rule, column, as_of, current, context)))
        elif judged.entries:
            found = KINDS[rule.kind](Judging(rule, judged, as_of, current, context))
            findings.extend(found if judged is column else _group_findings(column, found, context))
    return Verdict(worst([f.severity for f in findings]), latest, tuple(findings))


def _group_findings(column: ColumnSnapshot, found: list[Finding], context: Context) -> list[Finding]:
    """Say a finding was judged over the whole group; a violation with an unreadable sub-column is undecided."""
    group = column.options["group"]
    unread = [c.name for c in context.columns if c.options.get("group") == group and c.url in context.unread]
    note = f"（按专题“{group}”各子栏目合并判断）"
    if not unread:
        return [dc_replace(f, message=f.message + note) for f in found]
    told = f"（专题“{group}”的子栏目{'、'.join(unread)}无法读取，无法确认）"
    return [
        dc_replace(f, severity="error", message=f.message + told) if f.severity == "violation" else f for f in found
    ]


def _grouped(column: ColumnSnapshot, context: Context) -> ColumnSnapshot:
    """Return the column with its group's other sub-columns' entries: a 专题 is met by any of its sub-columns."""
    group = column.options.get("group")
    if not group:
        return column
    peers = [
        c
        for c in context.columns
        if c.options.get("group") == group and c.url != column.url and c.url not in context.unread
    ]
    if not peers and not any(c.options.get("group") == group for c in context.columns if c.url in context.unread):
        return column
    entries = {e.url: e for c in (column, *peers) for e in c.entries}
    reaches = [c.covered_since for c in (column, *peers) if c.covered_since is not None]
    return dc_replace(column, entries=tuple(entries.values()), covered_since=max(reaches, default=None))


def _blank(j: Judging) -> list[Finding]:
    """A column without any item is a 空白栏目."""
    return [] if j.column.entries else [j.finding("栏目内没有任何信息（空白栏目）")]


def _count(j: Judging, items: list[Entry], window: Window) -> tuple[int, int, list[str]]:
    """Return (items that count, items of unknown source, sources of reposts) in the window.

    With `original: true` only the unit's own items count (来源 is the unit or one of its aliases); an item
    whose source could not be read is counted apart, never as a repost.
    """
    inside = [e for e in items if e.published in window]
    if not j.rule.params.get("original"):
        return len(inside), 0, []
    aliases = _aliases(j)
    own = unknown = 0
    reposts: list[str] = []
    for entry in inside:
        if not _known(entry.source):
            unknown += 1
        elif _is_own(entry.source, aliases):
            own += 1
        else:
            reposts.append(entry.source)
    return own, unknown, reposts


def _aliases(j: Judging) -> list[str]:
    """Return the names that mark an item as the unit's own: the config's aliases (with its name), else the site."""
    return [str(a) for a in j.column.options.get("aliases", []) or [j.context.site] if a]  # type: ignore[union-attr]


def _counting(j: Judging, items: list[Entry]) -> list[Entry]:
    """Return the items that may count for the rule: with `original: true`, all but known reposts."""
    if not j.rule.params.get("original"):
        return items
    aliases = _aliases(j)
    return [e for e in items if not _known(e.source) or _is_own(e.source, aliases)]  # type: ignore[arg-type]


def _known(source: str | None) -> bool:
    """Return True when an item's 来源 was read and says something (not empty, not punctuation only)."""
    return source is not None and bool(PUNCT.sub("", source))


def _is_own(source: str, aliases: list[str]) -> bool:
    """Return True when an item's 来源 names the unit itself (or one of its aliases); an empty one never does."""
    source = PUNCT.sub("", source)
    if not source:
        return False
    if _OWN_SOURCE.match(source):
        return True
    return any(alias and (alias in source or source in alias) for alias in (PUNCT.sub("", a) for a in aliases))


def _shortfall(j: Judging, window: Window, label: str, stale: date | None = None) -> list[Finding]:
    """Judge a window against min_items: met, cannot judge (error), source unknown (warning), or missed.

    A last reading made on or before `stale` (default: the window's last day) cannot tell the window empty.
    """
    need = int(j.rule.params["min_items"])  # type: ignore[call-overload]
    items = j.matching()
    counted, unknown, reposts = _count(j, items, window)
    if counted >= need:
        return []
    if j.unobserved(window.last if stale is None else stale):
        return [j.finding(f"最近一次读取在{j.column.observed}，早于{label}结束，无法判断（抓取是否中断？）", "error")]
    if j.uncovered(window.first):
        reach = f"列表只读到{j.column.covered_since}，无法判断{label}是否更新（可调大翻页上限）"
        severity = "error" if (window.last - window.first).days < 40 else "warning"
        return [j.finding(reach, severity)]
    what = "原创信息" if j.rule.params.get("original") else "信息"
    if counted + unknown >= need:
        return [j.finding(f"{label}有{unknown}条信息的来源未能读取，无法确认是否为{what}", "warning")]
    if counted == 0 and not reposts:
        shortfall = "未更新"
    elif counted == 0:
        shortfall = f"没有{what}（仅有转载：{'、'.join(sorted(set(reposts))[:MAX_LISTED])}）"
    else:
        shortfall = f"仅更新{counted}条{what}，少于{need}条"
    # the newest item that would have counted, up to the period's end: not a later item, not a repost
    before = [e.published for e in _counting(j, items) if e.published <= window.last]  # type: ignore[operator]
    return [j.finding(f"{label}{shortfall}：{since(max(before, default=None), j.as_of)}")]  # type: ignore[type-var]


def _early(j: Judging, window: Window | None, label: str) -> list[Finding]:
    """Warn (即将超期) when the running window still lacks its items and few days are left."""
    warn = j.rule.params.get("warn_days")
    if window is None or not isinstance(warn, int) or window.days_left(j.as_of) > warn:
        return []
    need = int(j.rule.params["min_items"])  # type: ignore[call-overload]
    counted, unknown, _ = _count(j, j.matching(), window)
    if counted >= need or counted + unknown >= need:
        return []
    left = window.days_left(j.as_of)
    have = "尚无更新" if counted == 0 else f"仅更新{counted}条"
    what = "符合要求的信息" if "match" in j.rule.params else ("原创信息" if j.rule.params.get("original") else "信息")
    return [j.finding(f"即将超期：{label}{have}（需{need}条{what}），距期限还剩{left}天", "warning")]


def _due_windows(rule: Rule, as_of: date) -> tuple[Window, Window | None]:
    """Return a calendar rule's last ended and current due window."""
    months = tuple(rule.params.get("months") or ())  # type: ignore[call-overload]
    return due_windows(as_of, months, rule.params.get("by_day"))  # type: ignore[arg-type]


def _periodic(j: Judging) -> list[Finding]:
    """At least min_items items per natural period, per due window (每月初), or within the last N days."""
    params = j.rule.params
    if "rolling_days" in params:
        span = int(params["rolling_days"])  # type: ignore[call-overload]
        window = Window(j.as_of - timedelta(days=span), j.as_of)
        label = f"近{span}天（{window.first}至{j.as_of}）"
        missed = _shortfall(j, window, label, j.as_of - ROLLING_READ_SLACK - timedelta(days=1))
        if missed:
            return missed
        # the span runs out when the min_items-th newest item that counts (not a repost) leaves it
        need = int(params["min_items"])  # type: ignore[call-overload]
        counting = sorted((e.published for e in _counting(j, j.matching())), reverse=True)  # type: ignore[type-var]
        newest: date = counting[need - 1] if len(counting) >= need else j.as_of  # type: ignore[assignment]
        left = span - (j.as_of - newest).days  # days after today before the span runs out
        warn = params.get("warn_days")
        if isinstance(warn, int) and left <= warn:
            which = ("最新一条" if need == 1 else f"第{need}新的一条") + ("原创信息" if params.get("original") else "")
            quiet = f"{which}发布于{newest}，已{(j.as_of - newest).days}天未更新"
            return [j.finding(f"即将超期：{quiet}，再过{left + 1}天未更新即超过{span}天", "warning")]
        return []
    if params.get("months") or params.get("by_day"):
        ended, running = _due_windows(j.rule, j.as_of)
        ended_label = period_label("month", ended.first, ended.last)
        running_label = period_label("month", running.first, running.last) if running else ""
    else:
        period = str(params["period"])
        ended = Window(*last_complete_period(period, j.as_of))
        running = period_of(period, j.as_of)
        ended_label, running_label = period_label(period, ended.first, ended.last), f"本{_unit(period)}"
    return _shortfall(j, ended, ended_label) + _early(j, running, running_label)


def _unit(period: str) -> str:
    """Return the Chinese word for a period (周, 月, 季度, 年度)."""
    return {"week": "周", "month": "月", "quarter": "季度", "year": "年度"}[period]


def _deadline(j: Judging) -> list[Finding]:
    """A (named) item each year by a due date: e.g. last year's 年度报告 by 31 January, 概况 by the end of March."""
    year_start, due = date(j.as_of.year, 1, 1), due_day(str(j.rule.params["due"]), j.as_of.year)
    named = {"previous": j.as_of.year - 1, "current": j.as_of.year}.get(str(j.rule.params.get("names_year")))
    found = sorted((e for e in j.matching() if _this_round(e, year_start, named)), key=lambda e: e.published)  # type: ignore[arg-type,return-value]
    what = f"{named}年度信息" if named else f"{j.as_of.year}年更新"
    if found:
        first = found[0]
        if first.published > due:  # type: ignore[operator]
            return [j.finding(f"{what}于{first.published}发布（{first.title}），晚于截止日期{due}", "warning")]
        return []
    if j.as_of <= due:
        warn = j.rule.params.get("warn_days")
        left = (due - j.as_of).days + 1
        if isinstance(warn, int) and left <= warn:
            return [j.finding(f"即将超期：尚未发布{what}，距截止日期{due}还剩{left}天", "warning")]
        return []
    if j.unobserved(due):
        told = f"最近一次读取在{j.column.observed}，早于截止日期{due}结束，无法判断是否已发布{what}（抓取是否中断？）"
        return [j.finding(told, "error")]
    if j.uncovered(year_start):
        return [j.finding(f"列表只读到{j.column.covered_since}，无法判断{j.as_of.year}年是否已发布", "error")]
    latest = max((e.published for e in j.current), default=None)  # type: ignore[type-var]
    return [j.finding(f"截至{due}未发布{what}：{since(latest, j.as_of)}")]


def due_day(due: str, year: int) -> date:
    """Return a MM-DD due day in the year; 02-29 is the last day of February in a common year."""
    month, day = (int(part) for part in due.split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _this_round(entry: Entry, year_start: date, named: int | None) -> bool:
    """Return True when an entry answers this year's deadline: published this year, naming the right year."""
    years = {int(y) for y in _YEAR_IN_TITLE.findall(entry.title)}
    if named is not None and years:
        return named in years and entry.published >= date(named, 1, 1)  # type: ignore[operator]
    return entry.published >= year_start  # type: ignore[operator]


def _share(j: Judging) -> list[Finding]:
    """At least min_share of the items of a period in diversified forms (图解, 视频, 动漫, 问答 …)."""
    period = str(j.rule.params["period"])
    need = float(j.rule.params["min_share"])  # type: ignore[arg-type]
    markers = tuple(j.rule.params.get("markers") or DEFAULT_FORMS)  # type: ignore[arg-type]
    findings = []
    ended = Window(*last_complete_period(period, j.as_of))
    running = period_of(period, j.as_of)
    windows = (
        (ended, period_label(period, ended.first, ended.last), False),
        (running, f"本{_unit(period)}截至目前", True),
    )
    for window, label, is_running in windows:
        items = [e for e in j.current if e.published in window]
        if not items:
            continue
        diverse = sum(1 for e in items if e.forms or any(m in e.title for m in markers))
        share = diverse / len(items)
        if share >= need:
            continue
        said = f"{label}多元化形式{diverse}/{len(items)}条（{share:.0%}），低于{need:.0%}"
        warn = j.rule.params.get("warn_days")
        if is_running:
            if isinstance(warn, int) and window.days_left(j.as_of) <= warn:
                findings.append(j.finding(f"即将超期：{said}", "warning"))
        elif j.uncovered(window.first):
            findings.append(
                j.finding(f"列表只读到{j.column.covered_since}，无法统计{label}的多元化解读占比", "warning")
            )
        else:
            findings.append(j.finding(said))
    return findings


def _backdated(j: Judging) -> list[Finding]:
    """Items whose date falls in a span earlier crawls had read without them (补发/倒签): judged by history.

    An item counts as seen before when an entry with the same title and date was (a CMS that changed its
    links); a reading counts as a miss only when it came two days or more after the claimed date and had
    read the list back past that date.
    """
    history = j.column.history
    if history is None:
        return []
    need = int(j.rule.params["min_misses"])  # type: ignore[call-overload]
    earliest: dict[tuple[str, date | None], date] = {}
    for seen in history.entries:
        key = (normal(seen.entry.title), seen.entry.published)
        earliest[key] = min(earliest.get(key, seen.first_seen), seen.first_seen)
    flagged: list[str] = []
    for seen in history.entries:
        claimed = seen.entry.published
        first_seen = earliest[(normal(seen.entry.title), claimed)]
        if claimed is None or claimed > j.as_of or first_seen > j.as_of or first_seen != seen.first_seen:
            continue
        misses = [
            o
            for o in history.observations
            if o.status == "ok"
            and claimed + timedelta(days=1) < o.observed < first_seen
            and (o.covered_since is None or o.covered_since < claimed)  # that day's items all read, not just some
        ]
        if len(misses) >= need:
            flagged.append(
                f"《{seen.entry.title}》（标注{claimed}发布，{first_seen}才首次出现，此前{len(misses)}次抓取均未见）"
            )
    if not flagged:
        return []
    return [j.finding(f"疑似补发或倒签发稿日期{len(flagged)}条：{'；'.join(flagged[:MAX_LISTED])}", "warning")]


KINDS: dict[str, Callable[[Judging], list[Finding]]] = {
    "blank": _blank,
    "periodic": _periodic,
    "deadline": _deadline,
    "after-event": after_event,
    "share": _share,
    "backdated": _backdated,
}
