"""From crawled columns to report lines: the rules applied per column and per unit, unreadable columns kept apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.engine import Context, evaluate
from rules.model import ColumnHistory, ColumnReport, ColumnSnapshot, Entry, Finding, SiteReport
from rules.ruleset import Ruleset
from rules.site import judge_site

UNREADABLE_RULE = "unreadable"


@dataclass(frozen=True)
class ColumnInput:
    """A column as read: its unit, what the crawl (or the history) saw, and the reason when it could not be read."""

    site: str
    snapshot: ColumnSnapshot
    guessed: bool = False
    error: str | None = None


def judge_column(
    site: str,
    column: ColumnSnapshot,
    ruleset: Ruleset,
    as_of: date,
    *,
    guessed: bool = False,
    error: str | None = None,
    context: Context | None = None,
) -> ColumnReport:
    """Judge one column; a column that could not be read is an error, never blank or overdue."""
    if error is not None:
        finding = Finding(UNREADABLE_RULE, "error", f"无法读取栏目：{error}")
        return ColumnReport(
            site, column.name, column.url, column.category, guessed, "error", None, (finding,), error=error,
            options=column.options,
        )  # fmt: skip
    verdict = evaluate(column, ruleset, as_of, context or Context(site, (column,), ruleset.calendar))
    current = [e for e in column.entries if e.published is not None and e.published <= as_of]
    newest: Entry | None = max(current, key=lambda e: e.published, default=None)  # type: ignore[arg-type,return-value]
    return ColumnReport(
        site,
        column.name,
        column.url,
        column.category,
        guessed,
        verdict.status,
        verdict.latest,
        verdict.findings,
        items=len(column.entries),
        newest=newest,
        options=column.options,
    )


def judge_all(
    columns: list[ColumnInput], ruleset: Ruleset, as_of: date
) -> tuple[tuple[ColumnReport, ...], tuple[SiteReport, ...]]:
    """Judge every column with its unit's other columns in view, then each unit's site-level rules."""
    units: dict[str, list[ColumnInput]] = {}
    for column in columns:
        units.setdefault(column.site, []).append(column)
    reports: dict[int, ColumnReport] = {}
    sites: list[SiteReport] = []
    for site, inputs in units.items():
        unread = frozenset(c.snapshot.url for c in inputs if c.error is not None)
        context = Context(site, tuple(c.snapshot for c in inputs), ruleset.calendar, unread)
        mine = []
        for column in inputs:
            report = judge_column(
                site, column.snapshot, ruleset, as_of, guessed=column.guessed, error=column.error, context=context
            )
            reports[id(column)] = report
            mine.append(report)
        sites.append(judge_site(site, mine, ruleset))
    return tuple(reports[id(c)] for c in columns), tuple(sites)


def history_input(column: ColumnHistory, as_of: date) -> ColumnInput:
    """Return a column as the history stood on as_of: its last reading, and every entry seen by then."""
    observation, entries = column.as_of(as_of)
    snapshot = ColumnSnapshot(
        column.name,
        column.url,
        column.category,
        entries,
        covered_since(column, as_of),
        column.options,
        observation.observed if observation else None,
        column,
    )
    if observation is None:
        return ColumnInput(column.site, snapshot, error="检查日期前没有抓取记录")
    if observation.status == "error":
        return ColumnInput(
            column.site, snapshot, error=f"{observation.error or '无法读取'}（{observation.observed}抓取）"
        )
    return ColumnInput(column.site, snapshot)


def covered_since(column: ColumnHistory, as_of: date) -> date | None:
    """Return how far back the readings up to as_of saw every item, chaining overlapping readings.

    Each successful reading saw the list from its covered_since up to its day; readings whose spans touch
    join up, so nightly crawls that each read one page still cover the weeks they span together.
    """
    readings = [o for o in column.observations if o.observed <= as_of and o.status == "ok"]
    if not readings:
        return None
    reach = readings[-1].covered_since
    for earlier in reversed(readings[:-1]):
        if reach is None:
            return None
        if earlier.observed < reach:  # a gap: items published between the two readings may never have been seen
            break
        reach = earlier.covered_since if earlier.covered_since is None else min(reach, earlier.covered_since)
    return reach


def judge_histories(
    columns: list[ColumnHistory], ruleset: Ruleset, as_of: date
) -> tuple[tuple[ColumnReport, ...], tuple[SiteReport, ...]]:
    """Judge every column of the history as it stood on as_of, unit by unit, with the site-level rules."""
    return judge_all([history_input(c, as_of) for c in columns], ruleset, as_of)
