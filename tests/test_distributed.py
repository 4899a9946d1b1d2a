"""The distributed crawl: a real redis-server, a coordinator and worker processes crawling the demo portal.

Each test starts its own redis-server on a free 127.0.0.1 port in a temp folder (no persistence) and stops it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli, write_config

from crawler.demo.portal import DEMO_AS_OF, portal_config, write_portal
from crawler.demo.server import PortalServer

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed")

AT = f"{DEMO_AS_OF} 02:00"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A redis-server of this test's own, on a free port, without persistence."""
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass
class Portal:
    """The demo portal served on three loopback hosts (a site is crawled by one worker at a time)."""

    servers: list[PortalServer]

    def config(self, slow: bool = False, **settings: object) -> dict:
        """Return its config with each unit on a host of its own; slow: every page answers after 0.4 s."""
        base = self.servers[0].url
        raw = portal_config(base)
        for n, site in enumerate(raw["sites"]):
            host = self.servers[n % len(self.servers)].url
            site["url"] = site["url"].replace(base, host, 1)
            for column in site["columns"]:
                column["url"] = column["url"].replace(base, f"{host}_slow/" if slow else host, 1)
        raw["settings"] = {**raw.get("settings", {}), **settings}
        return raw


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    """The demo portal as of its day on 127.0.0.1, .2 and .3; /_slow/… pages answer after 0.4 s."""
    root = tmp_path_factory.mktemp("distributed-portal")
    write_portal(root, DEMO_AS_OF)
    servers = [PortalServer(root, 0.4, host=f"127.0.0.{n}") for n in (1, 2, 3)]
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield Portal(servers)
    finally:
        for server in servers:
            server.stopping.set()
            server.shutdown()
            server.server_close()


def govfresh(*args: str) -> subprocess.Popen:
    """Start `govfresh ARGS` as its own process (text output captured)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


def finish(proc: subprocess.Popen, timeout: float = 60) -> tuple[int, str, str]:
    """Wait for a process; return its exit status, stdout and stderr."""
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def observations(db: Path) -> list[tuple]:
    """Every observation of the database with its column's URL, ordered by URL."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            """SELECT c.url, o.run_id, o.status, o.latest, o.items, o.error, o.pages, o.covered_since, o.final_url
               FROM observations o JOIN columns c ON c.id = o.column_id ORDER BY c.url"""
        ).fetchall()


def runs(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, status, columns_total FROM runs").fetchall()


def entries(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            """SELECT c.url, e.url, e.title, e.published, e.pinned, e.date_source, e.source, e.event, e.forms
               FROM entries e JOIN columns c ON c.id = e.column_id ORDER BY 1, 2"""
        ).fetchall()


def by_worker(stderr: str) -> dict[str, str]:
    """Return the worker that delivered each column, from the coordinator's progress lines."""
    found = re.findall(r"^\[\d+/\d+\] (.+): (?:ok|error).* \((\S+)\)$", stderr, flags=re.M)
    return dict(found)


def slow_config(portal: Portal, tmp_path: Path, **settings: int) -> tuple[Path, int]:
    """Write the portal's config with every page answering slowly (so a worker is stopped holding columns)."""
    raw = portal.config(slow=True, AUTOTHROTTLE_ENABLED=False, CONCURRENT_REQUESTS_PER_DOMAIN=4, **settings)
    return write_config(tmp_path / "sites.yaml", raw), sum(len(site["columns"]) for site in raw["sites"])


def wait_until_holding(client, db: Path, worker: str, delivered: int = 4, held: int = 2) -> None:
    """Wait until the worker has delivered some columns and holds others."""
    deadline = time.monotonic() + 30
    while True:
        assert time.monotonic() < deadline, f"{worker} never got going"
        try:
            done = len(observations(db)) if db.exists() else 0
        except sqlite3.Error:  # the coordinator is creating the tables
            done = 0
        if done >= delivered and client.llen(f"govfresh:processing:{worker}") >= held:
            return
        time.sleep(0.05)


def test_two_workers_observe_every_column_once_as_one_crawl_would(portal, redis_url, tmp_path):
    config = write_config(tmp_path / "sites.yaml", portal.config())
    single = run_cli(
        "crawl", "--config", str(config), "--db", str(tmp_path / "single.db"), "--at", AT, "--progress", "off"
    )
    assert single.code == 0, single.stderr

    for server in portal.servers:
        server.max_in_flight = 0
    workers = [  # two columns each: the first worker cannot hold every site (one worker per site at a time)
        govfresh("worker", "--redis", redis_url, "--name", name, "--columns", "2", "--wait", "30")
        for name in ("w1", "w2")
    ]
    db = tmp_path / "history.db"
    code, out, err = finish(
        govfresh(
            "crawl", "--config", str(config), "--db", str(db), "--at", AT, "--redis", redis_url, "--progress", "lines"
        )
    )
    done = [finish(w) for w in workers]
    assert code == 0, err
    columns = len(observations(tmp_path / "single.db"))
    assert re.match(rf"run 1 complete: {columns} columns \(\d+ errors\), \d+ pages", out), out
    assert runs(db) == [(1, "complete", columns)]
    # every column once, each as the single-process crawl saw it (entries and their article details included)
    assert observations(db) == observations(tmp_path / "single.db")
    assert len({row[0] for row in observations(db)}) == columns
    assert entries(db) == entries(tmp_path / "single.db")
    # both workers took part, and between them delivered every column once
    pushed = {}
    for worker_code, worker_out, worker_err in done:
        assert worker_code == 0, worker_err
        match = re.search(r"worker (\w+): run 1 finished: (\d+) columns", worker_out)
        assert match, worker_out
        pushed[match.group(1)] = int(match.group(2))
    assert sum(pushed.values()) == columns and min(pushed.values()) > 0, pushed
    delivered = by_worker(err)
    assert len(delivered) == columns and set(delivered.values()) == {"w1", "w2"}
    # a site never had more requests at once than the one-process crawl's per-site limit (2), though two crawled
    assert max(server.max_in_flight for server in portal.servers) <= 2


def test_killed_worker_loses_nothing_its_columns_go_to_the_other(portal, redis_url, tmp_path):
    import redis

    config, columns = slow_config(portal, tmp_path)
    db = tmp_path / "history.db"
    client = redis.Redis.from_url(redis_url, decode_responses=True)

    victim = govfresh(
        "worker", "--redis", redis_url, "--name", "w1", "--columns", "6", "--lease", "1.5", "--wait", "30"
    )
    coordinator = govfresh(
        "crawl", "--config", str(config), "--db", str(db), "--at", AT, "--redis", redis_url, "--progress", "lines"
    )
    survivor = None
    held: list[str] = []
    try:
        wait_until_holding(client, db, "w1")  # w1 alone delivers some columns, then dies holding others
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        held = client.lrange("govfresh:processing:w1", 0, -1)  # frozen: its holder is dead
        assert held, "w1 was killed holding no column"
        survivor = govfresh(
            "worker", "--redis", redis_url, "--name", "w2", "--columns", "6", "--lease", "1.5", "--wait", "30"
        )
        code, out, err = finish(coordinator)
        survivor_code, survivor_out, survivor_err = finish(survivor)
    finally:
        for proc in (victim, coordinator, survivor):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()

    assert code == 0, err
    assert survivor_code == 0, survivor_err
    assert f"run 1 complete: {columns} columns" in out, out
    assert f"worker w1 失联（lease expired），{len(held)} 个栏目重新排队" in err, err
    assert runs(db) == [(1, "complete", columns)]
    rows = observations(db)
    assert len(rows) == columns and len({row[0] for row in rows}) == columns  # each column once
    assert not [row for row in rows if row[5] and ("失联" in row[5] or "中断" in row[5])]
    # the columns w1 held when it died were crawled again, by w2, and nothing w1 had delivered was lost
    delivered = by_worker(err)
    assert len(delivered) == columns
    assert "w1" in delivered.values()
    lost = {(job["site"], job["name"]) for job in map(json.loads, held)}
    assert all(delivered[f"{site} {name}"] == "w2" for site, name in lost), (lost, delivered)
    assert sum(1 for by in delivered.values() if by == "w1") >= 4
    assert client.keys("govfresh:*") == []  # the coordinator cleaned up
    assert "w1" not in survivor_out and re.search(r"worker w2: run 1 finished: \d+ columns", survivor_out)


def test_second_coordinator_refused_and_sigterm_interrupts_the_run(portal, redis_url, tmp_path):
    import redis

    config = write_config(tmp_path / "sites.yaml", portal.config())
    first = govfresh("crawl", "--config", str(config), "--db", str(tmp_path / "a.db"), "--at", AT, "--redis", redis_url)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        deadline = time.monotonic() + 30
        while not client.llen("govfresh:jobs"):  # no worker: the jobs wait in the queue
            assert time.monotonic() < deadline and first.poll() is None, first.communicate()
            time.sleep(0.05)
        second = run_cli(
            "crawl", "--config", str(config), "--db", str(tmp_path / "b.db"), "--at", AT, "--redis", redis_url
        )
        assert second.code == 2
        assert "另一个协调进程正在运行分布式抓取" in second.stderr
        first.send_signal(signal.SIGTERM)
        code, out, err = finish(first, timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    assert code == 1, err
    assert re.match(r"run 1 interrupted: \d+ columns", out), out
    columns = len(yaml.safe_load(config.read_text(encoding="utf-8"))["sites"][0]["columns"])
    assert runs(tmp_path / "a.db")[0][:2] == (1, "interrupted") and observations(tmp_path / "a.db") == []
    assert columns and f"run 1 interrupted: {runs(tmp_path / 'a.db')[0][2]} columns" in out
    assert client.keys("govfresh:*") == []  # workers started now find no run


def test_worker_without_a_run_or_a_redis(redis_url):
    waited = run_cli("worker", "--redis", redis_url, "--wait", "0.3")
    assert waited.code == 1
    assert "没有等到分布式抓取" in waited.stderr
    unreachable = run_cli("worker", "--redis", f"redis://127.0.0.1:{free_port()}/0", "--wait", "0")
    assert unreachable.code == 2
    assert "无法连接Redis" in unreachable.stderr and "Traceback" not in unreachable.stderr
    bad = run_cli("worker", "--redis", "http://nowhere/", "--wait", "0")
    assert bad.code == 2 and "不是Redis地址" in bad.stderr


def test_stopped_worker_gives_its_columns_back_at_once(portal, redis_url, tmp_path):
    import redis

    # three downloads at once: of the six columns w1 holds, some still wait in its scheduler when it is stopped
    config, columns = slow_config(portal, tmp_path, CONCURRENT_REQUESTS=3)
    db = tmp_path / "history.db"
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    # a long lease: its columns can only come back through the worker's own give-back, not by expiry
    stopped = govfresh(
        "worker", "--redis", redis_url, "--name", "w1", "--columns", "6", "--lease", "60", "--wait", "30"
    )
    coordinator = govfresh(
        "crawl", "--config", str(config), "--db", str(db), "--at", AT, "--redis", redis_url, "--progress", "lines"
    )
    other = None
    try:
        wait_until_holding(client, db, "w1")
        stopped.send_signal(signal.SIGTERM)
        stopped_code, stopped_out, stopped_err = finish(stopped, timeout=30)
        assert client.llen("govfresh:processing:w1") == 0 and not client.exists("govfresh:lease:w1")
        other = govfresh("worker", "--redis", redis_url, "--name", "w2", "--columns", "6", "--wait", "30")
        code, out, err = finish(coordinator)
        other_code, _, other_err = finish(other)
    finally:
        for proc in (stopped, coordinator, other):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    assert stopped_code == 1, stopped_err
    match = re.search(r"worker w1: run 1 shutdown: (\d+) columns .*; (\d+) given back, 0 dropped", stopped_out)
    assert match and int(match.group(2)) > 0, stopped_out
    assert code == 0 and other_code == 0, (err, other_err)
    assert "失联" not in err  # nothing waited for a lease to expire
    rows = observations(db)
    assert runs(db) == [(1, "complete", columns)] and len({row[0] for row in rows}) == len(rows) == columns
    delivered = by_worker(err)
    assert sum(1 for by in delivered.values() if by == "w1") == int(match.group(1))


def test_a_site_is_held_by_one_worker_at_a_time(redis_url):
    import redis

    from crawler.distributed import GIVE_BACK, RELEASE, TAKE, Keys

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    keys = Keys("t")
    jobs = [json.dumps({"index": i, "host": host}) for i, host in enumerate("abab")]
    client.rpush(keys.jobs, *jobs)
    take, release, give_back = (client.register_script(script) for script in (TAKE, RELEASE, GIVE_BACK))

    def taken(worker: str) -> str | None:
        lists = [keys.jobs, keys.processing(worker), keys.workers, keys.lease(worker), keys.owners, keys.owned(worker)]
        return take(keys=lists, args=[worker, "test", 60_000, 1000])

    assert taken("w1") == jobs[0]  # site a is w1's now
    assert taken("w2") == jobs[1]  # w2 skips a: site b
    assert taken("w2") == jobs[3]  # and takes b's next column, leaving a's in the queue
    assert taken("w2") is None
    assert client.lrange(keys.jobs, 0, -1) == [jobs[2]]
    # w1 finishes its column of a: its result goes out, site a is free for anyone
    lists = [keys.processing("w1"), keys.results, keys.owners, keys.owned("w1")]
    assert release(keys=lists, args=[jobs[0], "result", "w1", "a"]) == 1
    assert release(keys=lists, args=[jobs[0], "again", "w1", "a"]) == 0  # not held any more: nothing pushed
    assert client.lrange(keys.results, 0, -1) == ["result"]
    assert taken("w2") == jobs[2]
    # w2 stops: its three columns go back to the head of the queue in order, and its sites are free
    lists = [keys.processing("w2"), keys.jobs, keys.workers, keys.lease("w2"), keys.owners, keys.owned("w2")]
    assert give_back(keys=lists, args=["w2"]) == 3
    assert client.lrange(keys.jobs, 0, -1) == [jobs[1], jobs[3], jobs[2]]
    assert client.hgetall(keys.owners) == {} and not client.exists(keys.owned("w2"), keys.processing("w2"))
    assert taken("w1") == jobs[1]
