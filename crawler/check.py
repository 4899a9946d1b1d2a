"""`govfresh check` and `govfresh crawl` as library calls: crawl a config's columns, store them, judge them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

import yaml

import crawler.settings as govfresh_settings
from crawler.config import ColumnSpec, Config, parse_config
from crawler.discover import Discovery, render_config
from crawler.items import ColumnResult
from crawler.runner import CrawlOutcome, build_settings, crawl_columns, discover_and_crawl
from crawler.store import CrawlLock, History
from rules import ColumnSnapshot, Ruleset, load_ruleset
from rules.check import ColumnInput, judge_all
from rules.model import CheckResult, ColumnHistory, Entry


def config_ruleset(config: Config, name_or_path: str | None = None) -> Ruleset:
    """Load the ruleset a config (or --ruleset) names, with the config's working-day calendar overrides."""
    ruleset = load_ruleset(name_or_path or config.ruleset)
    return ruleset.with_calendar(config.calendar.get("holidays", ()), config.calendar.get("workdays", ()))


def config_settings(config: Config) -> dict[str, object]:
    """Return the Scrapy settings a config asks for: its `settings:` and a User-Agent naming its `contact:`."""
    settings: dict[str, object] = {}
    if config.contact:
        settings["USER_AGENT"] = govfresh_settings.USER_AGENT_TEMPLATE.format(contact=config.contact)
    return {**settings, **config.settings}


@dataclass(frozen=True)
class StoredCrawl:
    """A crawl written to the history database."""

    run_id: int
    status: str
    outcome: CrawlOutcome
    interrupted_before: int
    elapsed: float


@dataclass
class Recording:
    """A run being written: its id, the runs found interrupted, the HistoryPipeline's settings, its outcome."""

    run_id: int
    interrupted_before: int
    settings: dict[str, object]
    status: str = "interrupted"


@contextmanager
def recording_run(db_path: str, config: Config, observed_at: datetime) -> Iterator[Recording]:
    """Hold the crawl lock and a `running` run for the duration of a crawl, then close the run.

    A second crawl of the same database is refused at once (CrawlLocked); runs left `running` by a dead crawl
    are marked `interrupted`. The run ends with the status the block set, `interrupted` if it raised (a
    SIGTERM or Ctrl-C before Scrapy took over the signals). Its finish time is the observation time plus
    the crawl's duration, so replayed days (--at) stay consistent.
    """
    lock = CrawlLock(db_path)
    lock.acquire()  # before opening: even a schema migration is a write
    started = time.monotonic()
    try:
        history = History(db_path)
        try:
            interrupted = history.mark_interrupted()
            run_id = history.begin_run(observed_at, config.path, len(config.columns))
            settings = {
                "GOVFRESH_DB": db_path,
                "GOVFRESH_RUN_ID": run_id,
                "GOVFRESH_OBSERVED_AT": observed_at.isoformat(),
                "GOVFRESH_KNOWN_DETAILS": history.detailed_urls(),  # articles read before are not read again
            }
            recording = Recording(run_id, interrupted, settings)
            try:
                yield recording
            finally:
                finished_at = observed_at + timedelta(seconds=round(time.monotonic() - started))
                history.finish_run(run_id, finished_at, recording.status)
        finally:
            history.close()
    finally:
        lock.release()


def crawl_to_history(
    config: Config, ruleset: Ruleset, db_path: str, observed_at: datetime, extra: dict[str, object] | None = None
) -> StoredCrawl:
    """Crawl every column of the config into the history database (`govfresh crawl`)."""
    started = time.monotonic()
    with recording_run(db_path, config, observed_at) as recording:
        overrides = {**config_settings(config), **(extra or {}), **recording.settings}
        outcome = crawl_columns(
            config.columns, ruleset, observed_at.date(), build_settings(overrides, f"{config.path}: settings")
        )
        recording.status = "complete" if outcome.complete else "interrupted"
    return StoredCrawl(
        recording.run_id, recording.status, outcome, recording.interrupted_before, time.monotonic() - started
    )


def run_check(
    config: Config,
    ruleset: Ruleset,
    as_of: date,
    extra_settings: dict[str, object] | None = None,
    db_path: str | None = None,
    observed_at: datetime | None = None,
) -> CheckResult:
    """Crawl every column of the config and judge it; with a database, store the crawl and judge with history."""
    started = time.monotonic()
    if db_path is None:
        settings = build_settings({**config_settings(config), **(extra_settings or {})}, f"{config.path}: settings")
        outcome = crawl_columns(config.columns, ruleset, as_of, settings)
        inputs = [column_input(result) for result in outcome.results]
    else:
        at = observed_at or datetime.combine(as_of, datetime.min.time())
        stored = crawl_to_history(config, ruleset, db_path, at, extra_settings)
        outcome = stored.outcome
        history = History(db_path)
        try:
            known = {column.url: column for column in history.columns_history()}
            inputs = [
                column_input(r, history.entries_seen(r.spec.url, seen_by=as_of), known.get(r.spec.url))
                for r in outcome.results
            ]
        finally:
            history.close()
    columns, sites = judge_all(inputs, ruleset, as_of)
    return CheckResult(as_of, ruleset.name, columns, time.monotonic() - started, outcome.pages, sites)


def run_site_check(
    start_url: str, ruleset: Ruleset, as_of: date, extra_settings: dict[str, object] | None = None
) -> CheckResult:
    """Discover a site's columns and check them in one go (`govfresh check --site`); a dead site is an error."""
    started = time.monotonic()
    settings = build_settings(extra_settings or {})
    found: list[Config] = []

    def columns_of(discovery: Discovery) -> tuple[list[ColumnSpec], Ruleset]:
        if discovery.error is None and discovery.columns:
            text = render_config(discovery, as_of.isoformat(), ruleset.name)
            found.append(parse_config(yaml.safe_load(text), f"{start_url}（自动发现）"))
        return (found[0].columns if found else []), ruleset

    discovery, outcome = discover_and_crawl(start_url, as_of, settings, columns_of)
    if outcome is None or not found:
        reason = discovery.error or "未发现任何栏目"
        site = discovery.site_name if discovery.error is None else (urlsplit(start_url).hostname or start_url)
        snapshot = ColumnSnapshot("首页", start_url, "homepage", ())
        inputs = [ColumnInput(site, snapshot, error=reason)]
        pages = discovery.pages
    else:
        inputs = [column_input(result) for result in outcome.results]
        pages = discovery.pages + outcome.pages
    columns, sites = judge_all(inputs, ruleset, as_of)
    return CheckResult(as_of, ruleset.name, columns, time.monotonic() - started, pages, sites)


def _with_details(entry: Entry, stored: Entry | None) -> Entry:
    """Return the entry with the article details the history holds where this crawl did not read them."""
    if stored is None:
        return entry
    return replace(
        entry,
        source=entry.source or stored.source,
        event=entry.event or stored.event,
        forms=entry.forms or stored.forms,
    )


def column_input(
    result: ColumnResult, seen_before: list[Entry] | None = None, history: ColumnHistory | None = None
) -> ColumnInput:
    """Return one crawled column for the rules; entries seen in earlier crawls count too (removed items included)."""
    spec = result.spec
    entries = result.entries
    if seen_before and result.error is None:
        known = {e.url: e for e in seen_before}
        entries = tuple(_with_details(e, known.get(e.url)) for e in entries)
        current = {e.url for e in entries}
        entries = entries + tuple(e for e in seen_before if e.url not in current)
    snapshot = ColumnSnapshot(
        spec.name, spec.url, spec.category, entries, result.covered_since, spec.options, history=history
    )
    return ColumnInput(spec.site, snapshot, spec.guessed, result.error)
