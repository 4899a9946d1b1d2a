"""`govfresh schedule`: run the nightly crawl (and, as they come, the reports) for years with APScheduler.

Every job runs a `govfresh` command in its own process: Scrapy's reactor starts once per process, and a
crash of one crawl cannot take the scheduler down. Missed runs (the machine asleep at 02:00) run once on
waking; a job never runs twice at once; SIGTERM stops the running crawl between columns and then exits.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobEvent
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

GOVFRESH = [sys.executable, "-m", "crawler"]


@dataclass(frozen=True)
class ScheduleContext:
    """What every job needs to know: the config, the database, the output folder."""

    config: str
    db: str
    out: str


@dataclass(frozen=True)
class Job:
    """A scheduled govfresh command: its name, when it runs, and the command line it runs."""

    name: str
    trigger: BaseTrigger
    command: Callable[[ScheduleContext], list[str]]


def default_jobs(tz: tzinfo, crawl_at: str = "02:00") -> list[Job]:
    """Return the standing jobs; a new report is one more line here."""
    hour, minute = (int(part) for part in crawl_at.split(":"))
    return [
        Job("nightly-crawl", CronTrigger(hour=hour, minute=minute, timezone=tz), crawl_command),
        Job("weekly-check", CronTrigger(day_of_week="mon", hour=7, minute=0, timezone=tz), weekly_command),
        Job("monthly-bulletin", CronTrigger(day=1, hour=8, minute=0, timezone=tz), monthly_command),
        Job("quarterly-evaluation", CronTrigger(month="1,4,7,10", day=1, hour=9, timezone=tz), quarterly_command),
    ]


def weekly_command(ctx: ScheduleContext) -> list[str]:
    """Return the command line of the Monday 周检查 (as of that Monday: the week just ended)."""
    return [*GOVFRESH, "report", "weekly", "--db", ctx.db, "--out", ctx.out]


def monthly_command(ctx: ScheduleContext) -> list[str]:
    """Return the command line of the 月通报 on the 1st (for the month just ended)."""
    return [*GOVFRESH, "report", "monthly", "--db", ctx.db, "--out", ctx.out]


def quarterly_command(ctx: ScheduleContext) -> list[str]:
    """Return the command line of the 季评估 at quarter start (for the quarter just ended)."""
    return [*GOVFRESH, "report", "quarterly", "--db", ctx.db, "--out", ctx.out]


def crawl_command(ctx: ScheduleContext) -> list[str]:
    """Return the command line of one crawl into the history database."""
    return [*GOVFRESH, "crawl", "--config", ctx.config, "--db", ctx.db, "--progress", "off"]


@dataclass
class Scheduler:
    """APScheduler running Jobs as child processes, logging one line per event to stderr."""

    ctx: ScheduleContext
    tz: tzinfo
    log: Callable[[str], None] = field(default=lambda line: print(line, file=sys.stderr, flush=True))

    def __post_init__(self) -> None:
        self.scheduler = BlockingScheduler(
            timezone=self.tz,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self.scheduler.add_listener(self._on_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
        self.children: dict[str, subprocess.Popen[str]] = {}
        self.stopping = threading.Event()
        logging.getLogger("apscheduler").setLevel(logging.ERROR)

    def add(self, job: Job, next_run_time: datetime | None = None) -> None:
        """Schedule a job (next_run_time: when its first run is due, e.g. in the past to replay a missed one)."""
        options: dict[str, Any] = {"next_run_time": next_run_time} if next_run_time else {}
        self.scheduler.add_job(self.run, job.trigger, args=[job], id=job.name, name=job.name, **options)

    def run(self, job: Job) -> None:
        """Run one job's command and log its start and end."""
        if self.stopping.is_set():
            return
        argv = job.command(self.ctx)
        shown = " ".join(["govfresh", *argv[len(GOVFRESH) :]] if argv[: len(GOVFRESH)] == GOVFRESH else argv)
        self.log(f"{self._now()} {job.name} started: {shown}")
        started = time.monotonic()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.children[job.name] = child
        if self.stopping.is_set():  # stop() came while the child was starting
            child.send_signal(signal.SIGTERM)
        out, err = child.communicate()
        del self.children[job.name]
        said = (out.strip() or err.strip()).splitlines()
        last = said[-1] if said else ""
        self.log(
            f"{self._now()} {job.name} finished (exit {child.returncode}) in {time.monotonic() - started:.1f} s: {last}"
        )

    def start(self, install_signals: bool = True) -> None:
        """Run until SIGTERM or SIGINT (or stop())."""
        if install_signals:
            signal.signal(signal.SIGTERM, self._on_signal)
            signal.signal(signal.SIGINT, self._on_signal)
        for job in self.scheduler.get_jobs():
            self.log(f"{self._now()} {job.name} scheduled, next run {job.next_run_time:%Y-%m-%d %H:%M:%S}")
        self.scheduler.start()
        self.log(f"{self._now()} scheduler stopped")

    def stop(self) -> None:
        """Stop: ask running crawls to stop between columns, wait for them, then leave the scheduler."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        self.log(f"{self._now()} stopping: {len(self.children)} running job(s) asked to finish their current columns")
        for child in list(self.children.values()):
            child.send_signal(signal.SIGTERM)
        self.scheduler.shutdown(wait=True)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        """Handle SIGTERM/SIGINT from the main thread."""
        threading.Thread(target=self.stop, daemon=True).start()

    def _on_event(self, event: JobEvent) -> None:
        """Log missed and skipped runs."""
        if event.code == EVENT_JOB_MAX_INSTANCES:
            self.log(f"{self._now()} {event.job_id} skipped: the previous run is still going")
        else:
            self.log(f"{self._now()} {event.job_id} missed its time {event.scheduled_run_time:%Y-%m-%d %H:%M}")

    def _now(self) -> str:
        """Return the log timestamp (the scheduler's own wall clock)."""
        return datetime.now(self.tz).strftime("%Y-%m-%d %H:%M:%S")


def validate_context(ctx: ScheduleContext) -> None:
    """Fail early on a config that cannot be read or an output folder that cannot be made."""
    from crawler.config import load_config

    load_config(ctx.config)
    Path(ctx.out).mkdir(parents=True, exist_ok=True)
