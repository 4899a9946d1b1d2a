"""`govfresh check` as a library call: crawl a config's columns and judge them."""

from __future__ import annotations

import time
from datetime import date

from crawler.config import Config
from crawler.items import ColumnResult
from crawler.runner import build_settings, crawl_columns
from rules import ColumnSnapshot, Ruleset
from rules.check import judge_column
from rules.model import CheckResult, ColumnReport


def run_check(
    config: Config, ruleset: Ruleset, as_of: date, extra_settings: dict[str, object] | None = None
) -> CheckResult:
    """Crawl every column of the config and return the check's result."""
    settings = build_settings({**config.settings, **(extra_settings or {})}, f"{config.path}: settings")
    started = time.monotonic()
    results = crawl_columns(config.columns, ruleset, as_of, settings)
    reports = tuple(judge_result(result, ruleset, as_of) for result in results)
    return CheckResult(as_of, ruleset.name, reports, time.monotonic() - started)


def judge_result(result: ColumnResult, ruleset: Ruleset, as_of: date) -> ColumnReport:
    """Apply the rules to one crawled column."""
    spec = result.spec
    snapshot = ColumnSnapshot(spec.name, spec.url, spec.category, result.entries, result.covered_since, spec.options)
    return judge_column(spec.site, snapshot, ruleset, as_of, guessed=spec.guessed, error=result.error)
