"""From a crawled column to its report line: the rules applied, unreadable columns kept apart as errors."""

from __future__ import annotations

from datetime import date

from rules.engine import evaluate
from rules.model import ColumnHistory, ColumnReport, ColumnSnapshot, Entry, Finding
from rules.ruleset import Ruleset

UNREADABLE_RULE = "unreadable"


def judge_column(
    site: str,
    column: ColumnSnapshot,
    ruleset: Ruleset,
    as_of: date,
    *,
    guessed: bool = False,
    error: str | None = None,
) -> ColumnReport:
    """Judge one column; a column that could not be read is an error, never blank or overdue."""
    if error is not None:
        finding = Finding(UNREADABLE_RULE, "error", f"无法读取栏目：{error}")
        return ColumnReport(
            site, column.name, column.url, column.category, guessed, "error", None, (finding,), error=error
        )
    verdict = evaluate(column, ruleset, as_of)
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
    )


def judge_history(column: ColumnHistory, ruleset: Ruleset, as_of: date) -> ColumnReport:
    """Judge a column from the history as it stood on as_of: its last reading, and every entry seen by then."""
    observation, entries = column.as_of(as_of)
    covered = observation.covered_since if observation else None
    observed = observation.observed if observation else None
    snapshot = ColumnSnapshot(column.name, column.url, column.category, entries, covered, observed=observed)
    if observation is None:
        return judge_column(column.site, snapshot, ruleset, as_of, error="检查日期前没有抓取记录")
    if observation.status == "error":
        reason = f"{observation.error or '无法读取'}（{observation.observed}抓取）"
        return judge_column(column.site, snapshot, ruleset, as_of, error=reason)
    return judge_column(column.site, snapshot, ruleset, as_of)
