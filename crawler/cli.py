"""The `govfresh` command: a thin click layer over the library (time and I/O live here, not below)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click
import yaml

from crawler.errors import GovfreshError
from rules.ruleset import Ruleset, RulesetError

TIMEZONE = ZoneInfo("Asia/Shanghai")
EXIT_OK, EXIT_VIOLATION, EXIT_BAD_INPUT = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):
    """A calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        """Parse the date or fail with a readable message."""
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"日期应为 YYYY-MM-DD 格式（如 2026-11-23），收到 {value!r}", param, ctx)


class MomentParam(click.ParamType):
    """A moment written "YYYY-MM-DD HH:MM" (or a bare date, meaning 00:00), in Asia/Shanghai."""

    name = "YYYY-MM-DD HH:MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        """Parse the moment or fail with a readable message."""
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f'时间应为 "YYYY-MM-DD HH:MM" 格式（如 "2026-11-23 02:00"），收到 {value!r}', param, ctx)
        return moment if moment.tzinfo else moment.replace(tzinfo=TIMEZONE)


def now_in_china() -> datetime:
    """Return the current moment in Asia/Shanghai: the default for --at (the CLI is the only clock reader)."""
    return datetime.now(TIMEZONE).replace(microsecond=0)


def as_of_option(func: F) -> F:
    """Add --as-of (the day to judge; default today in Asia/Shanghai)."""
    return click.option(
        "--as-of",
        type=DateParam(),
        default=None,
        help="检查日期 the day to judge, YYYY-MM-DD (default: today, Asia/Shanghai).",
    )(func)


def ruleset_option(func: F) -> F:
    """Add --ruleset (a bundled name or a YAML path)."""
    return click.option("--ruleset", default=None, help="Ruleset: a bundled name (zwgk-2021) or a YAML file.")(func)


def config_option(func: F) -> F:
    """Add --config (the sites.yaml)."""
    return click.option(
        "--config", "config_path", required=True, type=click.Path(dir_okay=False), help="The sites.yaml to crawl."
    )(func)


def progress_option(func: F) -> F:
    """Add --progress (a bar at a terminal, one line per column otherwise)."""
    return click.option(
        "--progress",
        type=click.Choice(["auto", "bar", "lines", "off"]),
        default="auto",
        show_default=True,
        help="Progress on stderr: a bar at a terminal, plain lines when piped or under CI.",
    )(func)


def verbose_option(func: F) -> F:
    """Add -v/--verbose (Scrapy's log on stderr)."""
    return click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log on stderr.")(func)


def report_format_option(func: F) -> F:
    """Add --format (html, or the same tables as csv or xlsx)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["html", "csv", "xlsx"]),
        default="html",
        show_default=True,
        help="html (printable page, listed in index.html), or its tables as csv / an xlsx workbook.",
    )(func)


def crawl_settings(verbose: bool, progress: str) -> dict[str, object]:
    """Return the Scrapy settings the CLI options ask for."""
    settings: dict[str, object] = {"GOVFRESH_PROGRESS": progress}
    if verbose:
        settings["LOG_LEVEL"] = "INFO"
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="govfresh")
def cli() -> None:
    """govfresh: check that government website columns (栏目) are updated as the 政务公开 rules require."""


@cli.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="The sites.yaml to check.")
@click.option("--site", "site_url", metavar="URL", help="No config yet: discover this site's columns and check them.")
@as_of_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html", "junit", "github"]),
    default="text",
    show_default=True,
    help="text, the JSON contract, a printable html page, JUnit XML for CI test reporters, GitHub annotations.",
)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here, not stdout.")
@ruleset_option
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "error"]),
    multiple=True,
    help="Exit 1 on violations (always), and also on warnings or unreadable columns when named; repeatable.",
)
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="Also store the crawl in this history database.")
@click.option("--progress", type=click.Choice(["auto", "bar", "lines", "off"]), default="off", show_default=True)
@verbose_option
def check(
    config_path: str | None,
    site_url: str | None,
    as_of: date | None,
    fmt: str,
    output: str | None,
    ruleset: str | None,
    fail_on: tuple[str, ...],
    db_path: str | None,
    progress: str,
    verbose: bool,
) -> int:
    """Crawl every column of a config (or of a site found by discovery) and judge it against the rules.

    \b
    Exit status: 0 no violation (warnings and unreadable columns allowed unless --fail-on names them),
    1 at least one violation (or a status named by --fail-on), 2 bad input.
    Only the report goes to stdout; a summary with the time taken goes to stderr.
    """
    from crawler.check import config_ruleset, run_check, run_site_check
    from crawler.config import load_config
    from reports import render_html, render_json, render_text
    from reports.check import summary_line
    from reports.ci import fails, render_github, render_junit
    from rules import load_ruleset

    if (config_path is None) == (site_url is None):
        raise click.UsageError("请给出 --config FILE 或 --site URL 之一（one of --config or --site）")
    now = now_in_china()
    as_of = as_of or now.date()
    settings = crawl_settings(verbose, progress)
    if site_url is not None:
        if db_path:
            raise click.UsageError("--site 不与 --db 同用：先用 govfresh discover 生成配置，再 check --config --db")
        result = run_site_check(_site_url(site_url), load_ruleset(ruleset), as_of, settings)
    else:
        config = load_config(config_path)
        rules = config_ruleset(config, ruleset)
        observed_at = datetime.combine(as_of, now.time(), TIMEZONE)
        result = run_check(config, rules, as_of, settings, db_path, observed_at)
    renderers: dict[str, Callable[[Any], str]] = {
        "text": render_text,
        "json": render_json,
        "html": render_html,
        "junit": lambda r: render_junit(r, fail_on),
        "github": lambda r: render_github(r, fail_on),
    }
    _emit(renderers[fmt](result), output)
    if output or fmt != "text":
        click.echo(f"govfresh: {summary_line(result)}{f' → {output}' if output else ''}", err=True)
    return EXIT_VIOLATION if fails(result, fail_on) else EXIT_OK


def _site_url(value: str) -> str:
    """Return a site's URL from the command line (http:// added when no scheme is given), or fail readably."""
    from urllib.parse import urlsplit

    url = value.strip() if "://" in value else f"http://{value.strip()}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"应为网站地址，如 http://www.example.gov.cn/ ，收到 {value!r}")
    return url if parts.path else url + "/"


@cli.command()
@click.argument("url")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the sites.yaml here (default: stdout).")
@click.option("--ruleset", default="zwgk-2021", show_default=True, help="The ruleset the config names.")
@click.option(
    "--depth", type=click.IntRange(1, 6), default=3, show_default=True, help="Links to follow from the front page."
)
@click.option(
    "--max-pages", type=click.IntRange(1, 5000), default=400, show_default=True, help="Pages to read at most."
)
@verbose_option
def discover(url: str, output: str | None, ruleset: str, depth: int, max_pages: int, verbose: bool) -> int:
    """Propose a sites.yaml: the site's columns found from its front page, menus, column trees and sitemap.

    Each column gets its name (ColumnName meta, breadcrumb or link text), URL and a guessed category with a
    comment on how sure the guess is; columns that cannot be read (script-filled, errors) are marked.
    """
    from crawler.discover import render_config
    from crawler.runner import build_settings, discover_site
    from rules import load_ruleset

    load_ruleset(ruleset)  # a typo fails now, not when the config is used
    start = _site_url(url)
    now = now_in_china()
    overrides: dict[str, object] = {"GOVFRESH_DISCOVER_DEPTH": depth, "GOVFRESH_DISCOVER_MAX_PAGES": max_pages}
    settings = build_settings({**crawl_settings(verbose, "off"), **overrides})
    started = time.monotonic()
    discovery = discover_site(start, now.date(), settings)
    if discovery.error:
        raise GovfreshError(f"{start}: {discovery.error}")
    _emit(render_config(discovery, now.strftime("%Y-%m-%d %H:%M"), ruleset), output)
    click.echo(
        f"govfresh: 发现 {len(discovery.columns)} 个栏目（{discovery.unreadable} 个无法读取），"
        f"读取 {discovery.pages} 个页面，用时 {time.monotonic() - started:.1f} 秒{f' → {output}' if output else ''}",
        err=True,
    )
    return EXIT_OK


@cli.command()
@config_option
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="The history database (SQLite).")
@click.option("--at", type=MomentParam(), default=None, help="Observation time (default: now, Asia/Shanghai).")
@ruleset_option
@progress_option
@verbose_option
@click.option(
    "--redis",
    "redis_url",
    default=None,
    metavar="URL",
    help="Split the crawl among `govfresh worker` processes through this Redis (pip install 'govfresh[distributed]').",
)
def crawl(
    config_path: str,
    db_path: str,
    at: datetime | None,
    ruleset: str | None,
    progress: str,
    verbose: bool,
    redis_url: str | None = None,
) -> int:
    """Crawl every column once and store every observation in the history database.

    Exit status: 0 the crawl completed, 1 it was interrupted (what it read is kept), 2 bad input.
    """
    from crawler.check import config_ruleset, crawl_to_history
    from crawler.config import load_config

    config = load_config(config_path)
    rules = config_ruleset(config, ruleset)
    if redis_url:  # the coordinator of a distributed crawl: workers crawl, this process writes the history
        from crawler.distributed import crawl_distributed

        stored = crawl_distributed(config, rules, db_path, at or now_in_china(), redis_url, progress)
    else:
        stored = crawl_to_history(config, rules, db_path, at or now_in_china(), crawl_settings(verbose, progress))
    errors = sum(1 for r in stored.outcome.results if r.error)
    if stored.interrupted_before:
        click.echo(f"govfresh: 已将 {stored.interrupted_before} 个未完成的抓取标记为 interrupted", err=True)
    click.echo(
        f"run {stored.run_id} {stored.status}: {len(stored.outcome.results)} columns ({errors} errors), "
        f"{stored.outcome.pages} pages in {stored.elapsed:.1f} s → {db_path}"
    )
    return EXIT_OK if stored.status == "complete" else EXIT_VIOLATION


@cli.command()
@click.option("--redis", "redis_url", required=True, metavar="URL", help="The coordinator's Redis (crawl --redis).")
@click.option("--name", default=None, help="This worker's name in Redis and the coordinator's log (default host:pid).")
@click.option(
    "--columns", "hold", type=click.IntRange(min=1), default=32, show_default=True, help="Columns in flight at most."
)
@click.option(
    "--lease", type=click.FloatRange(min=0.5), default=30.0, show_default=True, help="Seconds until taken for dead."
)
@click.option(
    "--wait", type=click.FloatRange(min=0), default=600.0, show_default=True, help="Seconds to wait for a run."
)
@verbose_option
def worker(redis_url: str, name: str | None, hold: int, lease: float, wait: float, verbose: bool) -> int:
    """Crawl columns of the distributed run a coordinator (`govfresh crawl --redis URL`) queued, until it ends.

    Run any number, on any machines that reach the Redis and the sites. Exit status: 0 the run ended, 1 this
    worker was stopped (SIGTERM: its unfinished columns go back to the queue) or no run came within --wait,
    2 bad input (Redis unreachable, the [distributed] extra missing).
    """
    from crawler.distributed import run_worker

    done = run_worker(redis_url, name, hold, lease, wait, crawl_settings(verbose, "off"))
    if done is None:
        click.echo(f"govfresh: {wait:g} 秒内没有等到分布式抓取（先运行 govfresh crawl --redis {redis_url}）", err=True)
        return EXIT_VIOLATION
    click.echo(
        f"worker {done.worker}: run {done.run_id} {done.finish_reason}: {done.columns} columns ({done.errors} "
        f"errors), {done.pages} pages in {done.elapsed:.1f} s; {done.given_back} given back, {done.dropped} dropped"
    )
    return EXIT_OK if done.finish_reason == "finished" else EXIT_VIOLATION


@cli.command()
@config_option
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="The history database (SQLite).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the scheduled reports.")
@click.option("--crawl-at", default="02:00", show_default=True, help="Time of the nightly crawl, HH:MM Asia/Shanghai.")
@click.option(
    "--crawl-every", type=click.FloatRange(min=0.1), default=None, hidden=True, help="Testing: crawl every N s."
)
def schedule(config_path: str, db_path: str, out: str, crawl_at: str, crawl_every: float | None) -> int:
    """Run for years: the nightly crawl into the history database (reports join as they are built).

    Missed runs (machine asleep) run once on waking, never twice at once; SIGTERM stops between columns.
    """
    from apscheduler.triggers.interval import IntervalTrigger

    from crawler.schedule import Job, ScheduleContext, Scheduler, crawl_command, default_jobs, validate_context

    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", crawl_at):
        raise click.BadParameter("应为 HH:MM，如 02:00", param_hint="--crawl-at")
    ctx = ScheduleContext(config_path, db_path, out)
    validate_context(ctx)
    scheduler = Scheduler(ctx, TIMEZONE)
    if crawl_every:
        jobs = [Job("nightly-crawl", IntervalTrigger(seconds=crawl_every, timezone=TIMEZONE), crawl_command)]
    else:
        jobs = default_jobs(TIMEZONE, crawl_at)
    for job in jobs:
        scheduler.add(job, now_in_china() if crawl_every else None)
    scheduler.start()
    return EXIT_OK


@cli.command("rules")
@click.argument("name_or_path", metavar="[NAME|PATH]", required=False)
def rules_command(name_or_path: str | None) -> int:
    """Print a ruleset's rules in Chinese: what each checks, for which columns, and the clause it comes from.

    NAME is a bundled ruleset (zwgk-2021, the default; national-2019); PATH a YAML file, which may say
    `extends: zwgk-2021` and override single keys of its rules. A malformed ruleset exits 2 naming the rule.
    """
    from rules import load_ruleset
    from rules.describe import render_rules
    from rules.ruleset import bundled_names

    ruleset = load_ruleset(name_or_path)
    click.echo(render_rules(ruleset), nl=False)
    others = "、".join(name for name in bundled_names() if name != ruleset.name)
    click.echo(f"\n其他内置规则集：{others}（govfresh rules NAME 查看）")
    return EXIT_OK


@cli.group()
def report() -> None:
    """Write the reports inspectors read, from the history database: 周检查, 月通报, 季评估."""


@report.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="The history database (SQLite).")
@as_of_option
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the report and index.html.")
@ruleset_option
@click.option("--title", default="政府网站栏目更新情况周检查", show_default=True, help="The report's heading.")
@report_format_option
def weekly(db_path: str, as_of: date | None, out: str, ruleset: str | None, title: str, fmt: str) -> int:
    """周检查: every column judged on the week just ended, what must be fixed, what could not be read."""
    from crawler.store import load_history
    from reports.export import weekly_tables
    from reports.weekly import build_weekly, render_weekly, weekly_filename
    from rules import load_ruleset

    as_of = as_of or now_in_china().date()
    check = build_weekly(load_history(db_path), load_ruleset(ruleset), as_of)
    paths = write_report(
        Path(out), weekly_filename(as_of), fmt, lambda: render_weekly(check, title), lambda: weekly_tables(check)
    )
    summary = check.summary()
    click.echo(
        f"{' '.join(map(str, paths))} — {summary['units']} 个单位 {summary['columns']} 个栏目：合格{summary['ok']}，"
        f"警告{summary['warning']}，违规{summary['violation']}，无法读取{summary['error']}"
    )
    return EXIT_OK


class MonthParam(click.ParamType):
    """A month written YYYY-MM."""

    name = "YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        """Parse the month into its first day or fail with a readable message."""
        if isinstance(value, date):
            return value
        try:
            return datetime.strptime(str(value).strip(), "%Y-%m").date()
        except ValueError:
            self.fail(f"月份应为 YYYY-MM 格式（如 2026-10），收到 {value!r}", param, ctx)


@report.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="The history database (SQLite).")
@click.option("--month", type=MonthParam(), default=None, help="The month, YYYY-MM (default: the month just ended).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the report and index.html.")
@ruleset_option
@click.option("--area", default="全县", show_default=True, help="Who the bulletin covers, as in its title.")
@report_format_option
def monthly(db_path: str, month: date | None, out: str, ruleset: str | None, area: str, fmt: str) -> int:
    """月通报: units ranked by compliance, 通报批评, improved units, 6-month trend."""
    from crawler.store import load_history
    from reports.export import monthly_tables
    from reports.monthly import build_monthly, monthly_filename, previous_month, render_monthly
    from rules import load_ruleset

    month = month or previous_month(now_in_china().date().replace(day=1))
    bulletin = build_monthly(load_history(db_path), load_ruleset(ruleset), month)
    paths = write_report(
        Path(out),
        monthly_filename(month),
        fmt,
        lambda: render_monthly(bulletin, area),
        lambda: monthly_tables(bulletin),
    )
    totals = bulletin.totals()
    click.echo(
        f"{' '.join(map(str, paths))} — {totals['units']} 个单位，问题{totals['lapses']}个，"
        f"未能判断{totals['unobserved']}个栏目期次"
    )
    return EXIT_OK


@report.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="The history database (SQLite).")
@click.option("--quarter", default=None, help="The quarter, YYYY-Qn (default: the quarter just ended).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the report and index.html.")
@ruleset_option
@click.option("--scoring", default=None, help="Scoring table: a bundled name (zwgk-2021) or a YAML file.")
@click.option("--area", default="全县", show_default=True, help="Who the evaluation covers, as in its title.")
@report_format_option
def quarterly(
    db_path: str, quarter: str | None, out: str, ruleset: str | None, scoring: str | None, area: str, fmt: str
) -> int:
    """季评估: a score per unit from the scoring table (100 minus deductions), ranked, with the trend."""
    from crawler.store import load_history
    from reports.export import quarterly_tables
    from reports.quarterly import build_quarterly, quarterly_filename, render_quarterly
    from rules import load_ruleset
    from rules.scoring import load_scoring

    if quarter is None:
        today = now_in_china().date()
        year, number = (today.year, (today.month - 1) // 3) if today.month > 3 else (today.year - 1, 4)
    else:
        match = re.fullmatch(r"(\d{4})-Q([1-4])", quarter.strip())
        if match is None:
            raise click.BadParameter(f"应为 YYYY-Qn（如 2026-Q3），收到 {quarter!r}", param_hint="--quarter")
        year, number = int(match.group(1)), int(match.group(2))
    table = load_scoring(scoring)
    evaluation = build_quarterly(load_history(db_path), load_ruleset(ruleset), table, year, number)
    paths = write_report(
        Path(out),
        quarterly_filename(year, number),
        fmt,
        lambda: render_quarterly(evaluation, area),
        lambda: quarterly_tables(evaluation),
    )
    best = evaluation.ranked[0] if evaluation.units else None
    top = f"，第一名 {best.unit}" if best and best.score is not None else ""
    click.echo(f"{' '.join(map(str, paths))} — {len(evaluation.units)} 个单位{top}")
    return EXIT_OK


def write_report(
    folder: Path, filename: str, fmt: str, html: Callable[[], str], tables: Callable[[], list]
) -> list[Path]:
    """Write a report (html, csv files or an xlsx workbook) into folder; html also refreshes index.html."""
    from reports.export import to_csv, to_xlsx
    from reports.index import render_index

    stem = filename.removesuffix(".html")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if fmt == "html":
            written = {folder / filename: html().encode("utf-8")}
        elif fmt == "xlsx":
            written = {folder / f"{stem}.xlsx": to_xlsx(tables())}
        else:
            made = tables()
            written = {folder / (f"{stem}-{t.name}.csv" if len(made) > 1 else f"{stem}.csv"): to_csv(t) for t in made}
        for path, data in written.items():
            path.write_bytes(data)
        if fmt == "html":
            (folder / "index.html").write_text(render_index(sorted(p.name for p in folder.iterdir())), encoding="utf-8")
    except OSError as exc:
        raise GovfreshError(f"{folder}: 无法写入报告: {exc.strerror}") from None
    return [path.resolve() for path in written]


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="govfresh-demo",
    show_default=True,
    help="Folder for the reports.",
)
@click.option("--serve", is_flag=True, help="Keep serving the demo portal after the check (Ctrl-C to stop).")
def demo(out: str, serve: bool) -> int:
    """Serve the bundled demo portal on 127.0.0.1, crawl it over simulated days, check it and write the reports.

    Writes check.html / check.json (as of 2026-11-23, ruleset zwgk-2021), the same check against the national
    checklist (check-national-2019.html / .json), history.db, and the 周检查, the October 月通报 and the
    fourth quarter's 季评估 so far, with index.html.
    """
    from crawler.check import config_ruleset, run_check
    from crawler.config import parse_config
    from crawler.demo.history import DEMO_DAYS, crawl_demo_days
    from crawler.demo.portal import DEMO_AS_OF, portal_config, write_portal
    from crawler.demo.server import serve as serve_portal
    from crawler.demo.server import wait_forever
    from reports import render_html, render_json, render_text

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / "history.db"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)  # the demo's history is rebuilt each time
    with tempfile.TemporaryDirectory(prefix="govfresh-portal-") as portal_dir, serve_portal(Path(portal_dir)) as server:
        raw = portal_config(server.url)
        config_file = out_dir / "sites.yaml"
        config_file.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        config = parse_config(raw, str(config_file))
        click.echo(f"演示门户 demo portal: {server.url}  ({len(config.columns)} columns)", err=True)
        click.echo(f"crawling {len(DEMO_DAYS)} simulated days into {db} …", err=True)
        crawl_demo_days(Path(portal_dir), config_file, db)
        write_portal(Path(portal_dir), DEMO_AS_OF)
        rules = config_ruleset(config)
        observed = datetime.combine(DEMO_AS_OF, datetime.min.time(), TIMEZONE).replace(hour=2)
        result = run_check(config, rules, DEMO_AS_OF, db_path=str(db), observed_at=observed)
        html_path, json_path = out_dir / "check.html", out_dir / "check.json"
        html_path.write_text(render_html(result, "示例县政府网站栏目更新检查结果"), encoding="utf-8")
        json_path.write_text(render_json(result), encoding="utf-8")
        national_path = out_dir / "check-national-2019.html"
        check_demo(config_file, "national-2019", national_path)  # a crawl of its own: one reactor per process
        reports = [national_path.resolve(), *write_demo_reports(str(db), out_dir, rules)]
        click.echo(render_text(result))
        click.echo(f"HTML report: {html_path.resolve()}")
        click.echo(f"JSON report: {json_path.resolve()}")
        click.echo(f"Config:      {config_file.resolve()}")
        for path in reports:
            click.echo(f"Report:      {path}")
        if serve:
            click.echo(
                f"Serving {server.url} — try `govfresh crawl --config {config_file} --db history.db`; Ctrl-C to stop.",
                err=True,
            )
            wait_forever()
        else:
            click.echo("(the demo portal stops now; `govfresh demo --serve` keeps it up to try check/crawl on it)")
    return EXIT_OK


def check_demo(config_file: Path, ruleset: str, output: Path) -> None:
    """Check the demo portal against another ruleset in a child `govfresh check`, writing its HTML report."""
    from crawler.demo.history import child_env
    from crawler.demo.portal import DEMO_AS_OF
    from crawler.schedule import GOVFRESH

    argv = ["check", "--config", str(config_file), "--as-of", str(DEMO_AS_OF), "--ruleset", ruleset]
    done = subprocess.run(
        [*GOVFRESH, *argv, "--format", "html", "--output", str(output)], capture_output=True, text=True, env=child_env()
    )
    if done.returncode not in (EXIT_OK, EXIT_VIOLATION):
        raise GovfreshError(f"demo check with {ruleset} failed: {(done.stderr or done.stdout).strip()[-300:]}")


def write_demo_reports(db: str, out: Path, ruleset: Ruleset) -> list[Path]:
    """Write the demo's 周检查, 月通报 and 季评估 from its history."""
    from datetime import date as day

    from crawler.demo.portal import DEMO_AS_OF
    from crawler.store import load_history
    from reports.export import monthly_tables, quarterly_tables, weekly_tables
    from reports.monthly import build_monthly, monthly_filename, render_monthly
    from reports.quarterly import build_quarterly, quarterly_filename, render_quarterly
    from reports.weekly import build_weekly, render_weekly, weekly_filename
    from rules.scoring import load_scoring

    columns = load_history(db)
    check = build_weekly(columns, ruleset, DEMO_AS_OF)
    bulletin = build_monthly(columns, ruleset, day(2026, 10, 1))
    evaluation = build_quarterly(columns, ruleset, load_scoring(), 2026, 4)
    area = "示例县"
    return [
        *write_report(
            out,
            weekly_filename(DEMO_AS_OF),
            "html",
            lambda: render_weekly(check, "示例县政府网站栏目更新情况周检查"),
            lambda: weekly_tables(check),
        ),
        *write_report(
            out,
            monthly_filename(bulletin.month),
            "html",
            lambda: render_monthly(bulletin, area),
            lambda: monthly_tables(bulletin),
        ),
        *write_report(
            out,
            quarterly_filename(2026, 4),
            "html",
            lambda: render_quarterly(evaluation, area),
            lambda: quarterly_tables(evaluation),
        ),
        (out / "index.html").resolve(),
    ]


def _emit(text: str, output: str | None) -> None:
    """Write a report to a file, or to stdout."""
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise GovfreshError(f"{output}: 无法写入: {exc.strerror}") from None
    else:
        click.echo(text, nl=False)


def _terminate(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM before a crawl starts into an orderly interruption."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: user errors print one line on stderr and exit 2, never a traceback."""
    signal.signal(signal.SIGTERM, _terminate)  # until Scrapy installs its own graceful handlers
    try:
        code = cli.main(args=argv, prog_name="govfresh", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        click.echo(f"govfresh: 错误: {exc.format_message()}", err=True)
        code = EXIT_BAD_INPUT
    except (GovfreshError, RulesetError) as exc:
        click.echo(f"govfresh: 错误: {exc}", err=True)
        code = EXIT_BAD_INPUT
    except click.exceptions.Abort:
        click.echo("govfresh: 已中断 (interrupted)", err=True)
        code = 130
    except KeyboardInterrupt:
        click.echo("govfresh: 已中断 (interrupted)", err=True)
        code = 130
    sys.exit(code if isinstance(code, int) else EXIT_OK)
