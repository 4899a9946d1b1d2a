"""One night's crawl split among worker processes through Redis (the optional `[distributed]` extra).

A coordinator (`govfresh crawl --redis URL`) holds the history database and its crawl lock, queues one job
per column in Redis and writes the results that come back into the database as one run; it is the only
writer. Workers (`govfresh worker --redis URL`, on any machine) take jobs with a reliable-queue pattern: a
job moves atomically from the queue into the worker's processing list, and leaves it only in the same atomic
step that pushes its result (or gives it back). A worker renews a lease while it lives; the coordinator takes
the jobs of a worker whose lease expired and queues them again. Each worker crawls its columns with the
ColumnSpider through scrapy-redis's scheduler and dupefilter. See docs/distributed.md.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import sqlite3
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import CloseSpider
from twisted.internet import task

from crawler.check import StoredCrawl, config_settings, recording_run
from crawler.config import ColumnSpec, Config
from crawler.errors import GovfreshError
from crawler.items import ColumnResult
from crawler.runner import REPEATING_LOGGERS, CrawlOutcome, build_settings
from crawler.spiders.column import ColumnSpider, ColumnState
from crawler.store import History
from rules import Ruleset, horizon, load_ruleset
from rules.model import Entry

PREFIX = "govfresh"
COORDINATOR_LEASE = 30.0  # seconds: workers stop when the coordinator has not renewed its key for this long
WORKER_LEASE = 30.0  # seconds: a worker that has not renewed its lease for this long is taken for dead
MAX_ATTEMPTS = 3  # a column whose worker was lost this many times is reported as an error, not queued again
POLL = 0.25  # seconds between looks at an empty queue

# A site (host) is crawled by one worker at a time, so its per-site limit holds across workers as in one process:
# `owners` maps a host to the worker holding columns of it, `owned:WORKER` counts that worker's columns per host.
# Lua helper: drop one held column of a host from the counts, freeing the host when it was the last.
UNOWN = """
local function unown(owners, owned, worker, host)
  if redis.call('HINCRBY', owned, host, -1) <= 0 then
    redis.call('HDEL', owned, host)
    if redis.call('HGET', owners, host) == worker then redis.call('HDEL', owners, host) end
  end
end
local function unown_all(owners, owned, worker)
  for _, host in ipairs(redis.call('HKEYS', owned)) do
    if redis.call('HGET', owners, host) == worker then redis.call('HDEL', owners, host) end
  end
  redis.call('DEL', owned)
end
"""
# Worker: take the first queued job whose site no other worker holds (looking at most ARGV[4] jobs deep) into
# the processing list, registered, with a fresh lease and the site claimed, in one step.
TAKE = """
for _, job in ipairs(redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1)) do
  local host = cjson.decode(job).host
  local owner = redis.call('HGET', KEYS[5], host)
  if not owner or owner == ARGV[1] then
    redis.call('LREM', KEYS[1], 1, job)
    redis.call('RPUSH', KEYS[2], job)
    redis.call('HSET', KEYS[5], host, ARGV[1])
    redis.call('HINCRBY', KEYS[6], host, 1)
    redis.call('SADD', KEYS[3], ARGV[1])
    redis.call('SET', KEYS[4], ARGV[2], 'PX', ARGV[3])
    return job
  end
end
return false
"""
# Worker: if the job is still held, remove it, push its result and release its site's claim, in one step.
RELEASE = (
    UNOWN
    + """
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  unown(KEYS[3], KEYS[4], ARGV[3], ARGV[4])
  return 1
end
return 0
"""
)
# Coordinator: if the worker's lease expired, take every job it held, free its sites and unregister it, in one step.
REAP = (
    UNOWN
    + """
if redis.call('EXISTS', KEYS[2]) == 1 then return false end
local held = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
unown_all(KEYS[4], KEYS[5], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
return held
"""
)
# Worker closing: give every job still held back to the head of the queue, free its sites, unregister, in one step.
GIVE_BACK = (
    UNOWN
    + """
local held = redis.call('LRANGE', KEYS[1], 0, -1)
for i = #held, 1, -1 do redis.call('LPUSH', KEYS[2], held[i]) end
redis.call('DEL', KEYS[1], KEYS[4])
unown_all(KEYS[5], KEYS[6], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
return #held
"""
)
TAKE_DEPTH = 1000  # queued jobs a worker looks through for a site no other worker holds


@dataclass(frozen=True)
class Keys:
    """The Redis keys of the distributed crawl, under one prefix."""

    prefix: str = PREFIX

    @property
    def coordinator(self) -> str:
        """Return the key holding the running coordinator's run token (with its lease)."""
        return f"{self.prefix}:coordinator"

    @property
    def run(self) -> str:
        """Return the hash describing the current run (token, day, settings, run id)."""
        return f"{self.prefix}:run"

    @property
    def jobs(self) -> str:
        """Return the list of queued column jobs."""
        return f"{self.prefix}:jobs"

    @property
    def results(self) -> str:
        """Return the list of finished columns waiting for the coordinator."""
        return f"{self.prefix}:results"

    @property
    def workers(self) -> str:
        """Return the set of workers that may hold jobs."""
        return f"{self.prefix}:workers"

    @property
    def known(self) -> str:
        """Return the set of article links whose details the history already holds."""
        return f"{self.prefix}:known"

    @property
    def dupefilter(self) -> str:
        """Return scrapy-redis's request fingerprint set, shared by the run's workers."""
        return f"{self.prefix}:dupefilter"

    @property
    def owners(self) -> str:
        """Return the hash of sites (hosts) held by a worker: host → worker."""
        return f"{self.prefix}:owners"

    def owned(self, worker: str) -> str:
        """Return the hash counting a worker's held columns per site (host)."""
        return f"{self.prefix}:owned:{worker}"

    def processing(self, worker: str) -> str:
        """Return the list of jobs a worker holds."""
        return f"{self.prefix}:processing:{worker}"

    def lease(self, worker: str) -> str:
        """Return the key a worker keeps alive while it lives."""
        return f"{self.prefix}:lease:{worker}"

    def requests(self, worker: str) -> str:
        """Return the prefix of a worker's scrapy-redis request queue (one list per site below it)."""
        return f"{self.prefix}:requests:{worker}"

    def worker_keys(self, client: Any, worker: str) -> list[str]:
        """Return every key a worker may have left: its processing list, lease and request lists."""
        requests = client.scan_iter(f"{self.requests(worker)}:*")
        return [self.processing(worker), self.lease(worker), self.owned(worker), *requests]


def connect(url: str) -> Any:
    """Return a Redis client for the URL (answering a PING), or raise GovfreshError saying why not."""
    try:
        import redis
    except ImportError:
        raise GovfreshError("分布式抓取需要 redis 和 scrapy-redis：pip install 'govfresh[distributed]'") from None
    try:
        client = redis.Redis.from_url(url, decode_responses=True, socket_timeout=30, socket_connect_timeout=10)
        client.ping()
    except ValueError as exc:
        raise GovfreshError(f"{url}: 不是Redis地址（如 redis://127.0.0.1:6379/0）: {exc}") from None
    except redis.RedisError as exc:
        raise GovfreshError(f"{url}: 无法连接Redis: {exc}") from None
    return client


def job_order(columns: list[ColumnSpec]) -> list[int]:
    """Return the column indices round-robin across hosts, so the columns in flight are on different sites."""
    by_host: dict[str, list[int]] = {}
    for index, spec in enumerate(columns):
        by_host.setdefault(urlsplit(spec.url).hostname or "", []).append(index)
    queues = list(by_host.values())
    order: list[int] = []
    for depth in range(max((len(q) for q in queues), default=0)):
        order.extend(q[depth] for q in queues if depth < len(q))
    return order


def job_payload(token: str, index: int, spec: ColumnSpec, ruleset: Ruleset, as_of: date) -> str:
    """Return a column's job as JSON: what a worker needs to crawl it (the rules' horizon and needs included)."""
    low = horizon(spec.category, ruleset, as_of)
    return json.dumps(
        {
            "run": token,
            "index": index,
            "site": spec.site,
            "name": spec.name,
            "url": spec.url,
            "host": urlsplit(spec.url).hostname or "",
            "category": spec.category,
            "robots": spec.robots,
            "horizon": low.isoformat() if low else None,
            "needs": sorted(ruleset.needs(spec.category)),
        },
        ensure_ascii=False,
    )


def _iso(day: date | None) -> str | None:
    """Return a date as ISO text, or None."""
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    """Return the date of ISO text, or None."""
    return date.fromisoformat(text) if text else None


def result_payload(token: str, index: int, worker: str, result: ColumnResult) -> str:
    """Return a finished column as JSON for the coordinator."""
    entries = [
        [e.title, e.url, _iso(e.published), e.pinned, e.date_source, e.source, _iso(e.event), list(e.forms)]
        for e in result.entries
    ]
    return json.dumps(
        {
            "run": token,
            "index": index,
            "worker": worker,
            "error": result.error,
            "covered_since": _iso(result.covered_since),
            "pages": result.pages,
            "final_url": result.final_url,
            "entries": entries,
        },
        ensure_ascii=False,
    )


def result_from_payload(data: dict[str, Any], spec: ColumnSpec) -> ColumnResult:
    """Return the ColumnResult a worker sent, for the coordinator's own copy of the column's spec."""
    entries = tuple(
        Entry(title, url, _day(published), bool(pinned), how, source, _day(event), tuple(forms))
        for title, url, published, pinned, how, source, event, forms in data["entries"]
    )
    return ColumnResult(
        int(data["index"]),
        spec,
        entries,
        data["error"],
        _day(data["covered_since"]),
        int(data["pages"]),
        data["final_url"],
    )


def _stderr(line: str) -> None:
    """Print a line on stderr."""
    print(line, file=sys.stderr, flush=True)


class Coordinator:
    """Queue a run's column jobs, requeue the jobs of lost workers, and write every result into the history."""

    def __init__(
        self,
        client: Any,
        keys: Keys,
        token: str,
        columns: list[ColumnSpec],
        progress: bool,
        say: Callable[[str], None] = _stderr,
    ) -> None:
        self.client, self.keys, self.token, self.columns = client, keys, token, columns
        self.progress, self.say = progress, say
        self.recorded: dict[int, ColumnResult] = {}
        self.attempts: dict[int, int] = {}
        self.pages = self.duplicates = self.unstored = self.requeued = 0
        self.reap_script = client.register_script(REAP)

    def claim(self) -> None:
        """Become the Redis's one coordinator, or raise GovfreshError when another is running."""
        if not self.client.set(self.keys.coordinator, self.token, nx=True, px=int(COORDINATOR_LEASE * 1000)):
            raise GovfreshError(f"Redis {self.keys.prefix}: 另一个协调进程正在运行分布式抓取，本次未运行")

    def renew(self) -> None:
        """Renew the coordinator's key; raise GovfreshError when Redis lost it (restarted, flushed)."""
        if not self.client.set(self.keys.coordinator, self.token, xx=True, px=int(COORDINATOR_LEASE * 1000)):
            raise GovfreshError("Redis 丢失了本次抓取的状态（重启或被清空），抓取中断")

    def publish(
        self, run_id: int, ruleset: Ruleset, as_of: date, settings: dict[str, object], known: list[str]
    ) -> None:
        """Clear what an earlier run left, describe this run and queue one job per column."""
        client, keys = self.client, self.keys
        stale = [keys.run, keys.jobs, keys.results, keys.known, keys.dupefilter, keys.workers, keys.owners]
        stale += client.scan_iter(f"{keys.prefix}:processing:*")
        stale += client.scan_iter(f"{keys.prefix}:owned:*")
        stale += client.scan_iter(f"{keys.prefix}:requests:*")
        client.delete(*stale)
        for start in range(0, len(known), 1000):
            client.sadd(keys.known, *known[start : start + 1000])
        jobs = [job_payload(self.token, i, self.columns[i], ruleset, as_of) for i in job_order(self.columns)]
        for start in range(0, len(jobs), 1000):
            client.rpush(keys.jobs, *jobs[start : start + 1000])
        client.hset(
            keys.run,
            mapping={
                "token": self.token,
                "run_id": run_id,
                "as_of": as_of.isoformat(),
                "settings": json.dumps(settings, ensure_ascii=False, default=str),
                "columns": len(self.columns),
            },
        )

    def collect(self, history: History, run_id: int, observed_at: datetime, timeout: float = 0.5) -> None:
        """Write the results waiting in Redis (after waiting up to `timeout` s for the first) into the history."""
        batch = self.client.lpop(self.keys.results, 500) or []
        if not batch:
            popped = self.client.blpop([self.keys.results], timeout=timeout)
            batch = [popped[1]] if popped else []
        for raw in batch:
            data = json.loads(raw)
            if data.get("run") != self.token:
                continue  # a straggler of an earlier run
            index = int(data["index"])
            if index in self.recorded:
                self.duplicates += 1  # cannot happen with the RELEASE step; kept as a guard
                continue
            self.store(history, run_id, result_from_payload(data, self.columns[index]), observed_at, data["worker"])

    def store(self, history: History, run_id: int, result: ColumnResult, observed_at: datetime, by: str) -> None:
        """Write one column's observation (its own transaction) and show progress."""
        try:
            history.record_column(run_id, result, observed_at)
        except sqlite3.Error as exc:
            self.unstored += 1
            self.say(f"govfresh: 无法写入 {result.spec.site} {result.spec.name}: {exc}")
        self.recorded[result.index] = result
        self.pages += result.pages
        if self.progress:
            status = f"error: {result.error}" if result.error else f"ok, {len(result.entries)} items"
            spec = result.spec
            self.say(f"[{len(self.recorded)}/{len(self.columns)}] {spec.site} {spec.name}: {status} ({by})")

    def reap(self, history: History, run_id: int, observed_at: datetime) -> None:
        """Queue again the jobs of every worker whose lease expired; report a column lost MAX_ATTEMPTS times."""
        keys = self.keys
        for worker in self.client.smembers(keys.workers):
            lists = [keys.processing(worker), keys.lease(worker), keys.workers, keys.owners, keys.owned(worker)]
            held = self.reap_script(keys=lists, args=[worker])
            if held is None:
                continue
            requests = list(self.client.scan_iter(f"{keys.requests(worker)}:*"))  # they died with its column state
            if requests:
                self.client.delete(*requests)
            again = []
            for raw in held:
                index = int(json.loads(raw)["index"])
                self.attempts[index] = self.attempts.get(index, 0) + 1
                if self.attempts[index] >= MAX_ATTEMPTS and index not in self.recorded:
                    error = f"抓取进程{MAX_ATTEMPTS}次在读取本栏目时失联（worker lost），本栏目未读完"
                    self.store(history, run_id, ColumnResult(index, self.columns[index], error=error), observed_at, "-")
                else:
                    again.append(raw)
            for raw in reversed(again):
                self.client.lpush(keys.jobs, raw)
            self.requeued += len(again)
            self.say(f"govfresh: worker {worker} 失联（lease expired），{len(again)} 个栏目重新排队")

    def finish(self) -> None:
        """Remove the run's keys: workers see the coordinator gone and stop (nothing to do if Redis is gone)."""
        import redis

        keys = self.keys
        try:
            if self.client.get(keys.coordinator) != self.token:
                return
            stale = [keys.run, keys.jobs, keys.results, keys.known, keys.dupefilter, keys.workers, keys.owners]
            for worker in self.client.smembers(keys.workers):
                stale += keys.worker_keys(self.client, worker)
            self.client.delete(*stale, keys.coordinator)
        except redis.RedisError as exc:
            self.say(f"govfresh: Redis: {exc}")


def crawl_distributed(
    config: Config,
    ruleset: Ruleset,
    db_path: str,
    observed_at: datetime,
    redis_url: str,
    progress: str = "off",
    prefix: str = PREFIX,
    say: Callable[[str], None] = _stderr,
) -> StoredCrawl:
    """Crawl every column of the config through Redis workers into the history database, as one run."""
    started = time.monotonic()
    client = connect(redis_url)
    import redis  # present: connect() succeeded

    redis_errors = redis.RedisError
    columns = config.columns
    coordinator = Coordinator(client, Keys(prefix), uuid.uuid4().hex, columns, progress != "off", say)
    coordinator.claim()
    reason = "finished"
    try:
        with recording_run(db_path, config, observed_at) as recording:
            history = History(db_path)
            try:
                known = [str(url) for url in recording.settings.get("GOVFRESH_KNOWN_DETAILS") or []]  # type: ignore[attr-defined]
                coordinator.publish(recording.run_id, ruleset, observed_at.date(), config_settings(config), known)
                say(f"govfresh: run {recording.run_id}: {len(columns)} 个栏目已排队，等待 govfresh worker --redis …")
                reaped = time.monotonic()
                try:
                    while len(coordinator.recorded) < len(columns):
                        coordinator.renew()
                        coordinator.collect(history, recording.run_id, observed_at)
                        if time.monotonic() - reaped >= 1.0:
                            coordinator.reap(history, recording.run_id, observed_at)
                            reaped = time.monotonic()
                except KeyboardInterrupt:
                    reason = "shutdown"
                except (GovfreshError, redis_errors) as exc:
                    say(f"govfresh: Redis: {exc}")
                    reason = "redis lost"
            finally:
                history.close()
            outcome = _outcome(coordinator, reason)
            recording.status = "complete" if outcome.complete else "interrupted"
    finally:
        coordinator.finish()
    return StoredCrawl(
        recording.run_id, recording.status, outcome, recording.interrupted_before, time.monotonic() - started
    )


def _outcome(coordinator: Coordinator, reason: str) -> CrawlOutcome:
    """Return the run's CrawlOutcome: one result per column in config order (unread ones as interrupted)."""
    missing = "抓取被中断，本栏目未读完（crawl interrupted）"
    results = [
        coordinator.recorded.get(i) or ColumnResult(i, spec, error=missing)
        for i, spec in enumerate(coordinator.columns)
    ]
    return CrawlOutcome(results, reason, coordinator.pages, coordinator.unstored)


class WorkerSpider(ColumnSpider):
    """The ColumnSpider fed by the run's job queue: it takes columns while it has room and pushes their results."""

    def __init__(
        self,
        client: Any,
        keys: Keys,
        token: str,
        worker: str,
        as_of: date,
        hold: int = 32,
        lease: float = WORKER_LEASE,
        **kwargs: Any,
    ) -> None:
        super().__init__(columns=[], ruleset=load_ruleset(), as_of=as_of, **kwargs)
        self.client, self.keys, self.token, self.worker = client, keys, token, worker
        self.hold, self.lease = hold, lease
        self.jobs: list[tuple[str, int, str]] = []  # per local column: its job as queued, config index, host
        self.held = self.taken = self.pushed = self.dropped = self.errors = self.given_back = 0
        self.take = client.register_script(TAKE)
        self.release = client.register_script(RELEASE)
        self.give_back = client.register_script(GIVE_BACK)
        self.heartbeat: task.LoopingCall | None = None
        self.holder = f"{socket.gethostname()} pid {os.getpid()}"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WorkerSpider:
        """Build the spider and hook its lease, its results and its closing."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, WorkerSpider)
        crawler.signals.connect(spider.opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(spider.closed_worker, signal=signals.spider_closed)
        return spider

    def opened(self, spider: scrapy.Spider) -> None:
        """Start renewing the lease."""
        self.heartbeat = task.LoopingCall(self.renew)
        self.heartbeat.start(self.lease / 3, now=True)

    def renew(self) -> None:
        """Renew the worker's lease and registration."""
        try:
            self.client.set(self.keys.lease(self.worker), self.holder, px=int(self.lease * 1000))
            self.client.sadd(self.keys.workers, self.worker)
        except Exception:  # Redis unreachable a moment: the next beat tries again
            self.logger.exception("lease renewal failed")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Take column jobs while fewer than `hold` columns are in flight, until the run ends."""
        keys = self.keys
        lists = [keys.jobs, keys.processing(self.worker), keys.workers, keys.lease(self.worker)]
        lists += [keys.owners, keys.owned(self.worker)]
        while True:
            if self.held < self.hold:
                raw = self.take(keys=lists, args=[self.worker, self.holder, int(self.lease * 1000), TAKE_DEPTH])
                if raw is not None:
                    request = self._column(raw)
                    if request is not None:
                        yield request
                    continue
            if self.client.get(keys.coordinator) != self.token:
                if self.held:
                    raise CloseSpider("coordinator gone")
                return
            await asyncio.sleep(POLL)

    def _column(self, raw: str) -> scrapy.Request | None:
        """Register a taken job as a column of this spider and return its first request."""
        job = json.loads(raw)
        if job.get("run") != self.token:  # a job of another run: not ours to crawl
            self.client.lrem(self.keys.processing(self.worker), 1, raw)
            return None
        spec = ColumnSpec(job["site"], job["name"], job["url"], job["category"], robots=bool(job["robots"]))
        state = ColumnState(spec, _day(job["horizon"]), needs=frozenset(job["needs"]))
        state.pending = 1
        self.states.append(state)
        self.jobs.append((raw, int(job["index"]), job["host"]))
        self.held += 1
        self.taken += 1
        return self._request(spec.url, self.parse_list, len(self.states) - 1, page=1)

    def item_scraped(self, item: Any, spider: scrapy.Spider) -> None:
        """Push a finished column's result, atomically with dropping its job (unless the job was taken away)."""
        if not isinstance(item, ColumnResult):
            return
        raw, index, host = self.jobs[item.index]
        payload = result_payload(self.token, index, self.worker, item)
        keys = [self.keys.processing(self.worker), self.keys.results, self.keys.owners, self.keys.owned(self.worker)]
        if self.release(keys=keys, args=[raw, payload, self.worker, host]):
            self.pushed += 1
            self.errors += bool(item.error)
        else:
            self.dropped += 1  # the lease had expired and the column went to another worker
        self.held -= 1
        self.states[item.index].items = []  # the column's entries are in Redis now

    def closed_worker(self, spider: scrapy.Spider, reason: str) -> None:
        """Stop the lease and give every unfinished job back to the queue for another worker."""
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        keys = self.keys
        if self.client.get(keys.coordinator) == self.token:
            lists = [keys.processing(self.worker), keys.jobs, keys.workers, keys.lease(self.worker)]
            lists += [keys.owners, keys.owned(self.worker)]
            self.given_back = int(self.give_back(keys=lists, args=[self.worker]))
        else:
            self.client.delete(*keys.worker_keys(self.client, self.worker))
            self.client.srem(keys.workers, self.worker)
        requests = list(self.client.scan_iter(f"{keys.requests(self.worker)}:*"))  # unfinished columns' requests
        if requests:
            self.client.delete(*requests)


@dataclass(frozen=True)
class WorkerOutcome:
    """What a worker did: its name, the run, columns pushed (with errors), results dropped, jobs given back, pages."""

    worker: str
    run_id: int
    columns: int
    errors: int
    dropped: int
    given_back: int
    pages: int
    finish_reason: str
    elapsed: float


def wait_for_run(client: Any, keys: Keys, wait: float) -> dict[str, str] | None:
    """Return the current run's description once a coordinator has published it, or None after `wait` s."""
    deadline = time.monotonic() + wait
    while True:
        token = client.get(keys.coordinator)
        run = client.hgetall(keys.run)
        if token and run.get("token") == token:
            return dict(run)
        if time.monotonic() >= deadline:
            return None
        time.sleep(POLL)


def worker_settings(run: dict[str, str], redis_url: str, keys: Keys, worker: str, extra: dict[str, object]) -> Any:
    """Return the worker's Scrapy settings: the run's config settings, scrapy-redis's scheduler and dupefilter."""
    overrides: dict[str, object] = {
        **json.loads(run["settings"]),
        **extra,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.redisqueue.SlotQueue",  # downloader-aware, as Scrapy's default
        "SCHEDULER_QUEUE_KEY": keys.requests(worker),
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # the dupefilter is the run's: the coordinator clears it at the end
        "REDIS_URL": redis_url,
        "GOVFRESH_DB": None,  # the coordinator is the one writer
        "GOVFRESH_PROGRESS": "off",
    }
    return build_settings(overrides, "distributed run settings")


def run_worker(
    redis_url: str,
    name: str | None = None,
    hold: int = 32,
    lease: float = WORKER_LEASE,
    wait: float = 600.0,
    extra: dict[str, object] | None = None,
    prefix: str = PREFIX,
) -> WorkerOutcome | None:
    """Crawl the current run's columns taken from Redis until the run ends; None when no run came within `wait` s."""
    started = time.monotonic()
    client = connect(redis_url)
    try:
        import scrapy_redis  # noqa: F401  (the workers' scheduler and dupefilter)
    except ImportError:
        raise GovfreshError("分布式抓取需要 scrapy-redis：pip install 'govfresh[distributed]'") from None
    keys = Keys(prefix)
    worker = name or f"{socket.gethostname()}:{os.getpid()}"
    run = wait_for_run(client, keys, wait)
    if run is None:
        return None
    known = sorted(client.smembers(keys.known))
    settings = worker_settings(run, redis_url, keys, worker, {**(extra or {}), "GOVFRESH_KNOWN_DETAILS": known})
    process = CrawlerProcess(settings)  # configures logging: quiet the loggers after it
    if settings.get("LOG_LEVEL") != "DEBUG":
        for logger in REPEATING_LOGGERS:
            logging.getLogger(logger).setLevel(logging.CRITICAL)
    crawler = process.create_crawler(WorkerSpider)
    process.crawl(
        crawler,
        client=client,
        keys=keys,
        token=run["token"],
        worker=worker,
        as_of=date.fromisoformat(run["as_of"]),
        hold=hold,
        lease=lease,
    )
    process.start()
    spider = crawler.spider
    assert isinstance(spider, WorkerSpider)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return WorkerOutcome(
        worker,
        int(run["run_id"]),
        spider.pushed,
        spider.errors,
        spider.dropped,
        spider.given_back,
        int(stats.get("response_received_count", 0)),
        str(stats.get("finish_reason", "unknown")),
        time.monotonic() - started,
    )
