"""Time one night's crawl of a generated portal: one process, then a coordinator with 1, 2, … workers (Redis).

    .venv/bin/python bench/distributed_bench.py                          # 100 sites × 20 columns, no latency
    .venv/bin/python bench/distributed_bench.py --latency 0.2            # every page answers after 200 ms

The portal is bench/portal_bench.py's (every site on its own loopback address, served by a separate process);
a redis-server is started on a free port. Each crawl writes a fresh database; the figures are wall time,
CPU of all govfresh processes, and how many columns each worker delivered. Needs redis-server and the
[distributed] extra.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from portal_bench import DAY1, POLITENESS, build_portal, config, host  # noqa: E402

from crawler.demo.server import PortalServer  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_forever(root: Path, sites: int, port: int, latency: float) -> None:
    """Server process: one threaded server per site; /_slow/… pages answer after `latency` s."""
    servers = [PortalServer(root / f"s{site}", latency, host=host(site), port=port) for site in range(sites)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    wanted = {signal.SIGTERM, signal.SIGINT, signal.SIGUSR1}
    signal.pthread_sigmask(signal.SIG_BLOCK, wanted)  # taken by sigwait, not by their default actions
    print("ready", flush=True)
    while signal.sigwait(wanted) == signal.SIGUSR1:
        print(max(server.max_in_flight for server in servers), flush=True)  # the most requests one site saw at once
        for server in servers:
            server.max_in_flight = 0


def govfresh(*args: str) -> subprocess.Popen:
    """Start a govfresh process (stdout captured, stderr dropped)."""
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV
    )


def reap(proc: subprocess.Popen) -> tuple[str, float]:
    """Wait for a process; return its last stdout line and its CPU seconds."""
    assert proc.stdout is not None
    out = proc.stdout.read().strip()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped here
    return (out.splitlines()[-1] if out else ""), usage.ru_utime + usage.ru_stime


def observed(db: Path) -> tuple[int, int, int]:
    """Return the observations, distinct columns and pages (lists and articles, robots.txt not counted) of the run."""
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*), count(DISTINCT column_id), sum(pages) FROM observations").fetchone()


def crawl(path: Path, db: Path, redis_url: str | None, workers: int, hold: int, server: subprocess.Popen) -> None:
    """Run one crawl (one process, or a coordinator with workers) and print its figures."""
    started = time.monotonic()
    helpers = [
        govfresh("worker", "--redis", redis_url, "--name", f"w{n + 1}", "--columns", str(hold), "--wait", "60")
        for n in range(workers)
        if redis_url
    ]
    extra = ["--redis", redis_url] if redis_url else []
    _, cpu = reap(govfresh("crawl", "--config", str(path), "--db", str(db), "--at", f"{DAY1} 02:00", *extra))
    wall = time.monotonic() - started
    coordinator_cpu = cpu
    shares = []
    for helper in helpers:
        line, helper_cpu = reap(helper)
        cpu += helper_cpu
        match = re.search(r"(\d+) columns", line)
        shares.append(match.group(1) if match else "?")
    count, distinct, pages = observed(db)
    assert server.stdout is not None
    server.send_signal(signal.SIGUSR1)
    per_site = server.stdout.readline().strip()
    label = f"coordinator + {workers} worker{'s' if workers > 1 else ''}" if redis_url else "one process (crawl)"
    print(
        f"{label:<28} {wall:>6.1f} s {pages / wall:>7.1f} pages/s  CPU {cpu:>6.1f} s "
        f"({1000 * cpu / max(pages, 1):.2f} ms/page)  observations {count} ({distinct} columns)  "
        f"most at once on a site {per_site}"
        + (f"  columns per worker {'/'.join(shares)}, coordinator CPU {coordinator_cpu:.1f} s" if shares else "")
    )


def main() -> None:
    """Build, serve, start Redis, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.0, help="Seconds before each page answers.")
    parser.add_argument("--workers", default="1,2", help="Worker counts to time, comma-separated.")
    parser.add_argument("--hold", type=int, default=32, help="govfresh worker --columns.")
    parser.add_argument("--politeness", choices=sorted(POLITENESS), default="default")
    parser.add_argument("--setting", action="append", default=[], help="A Scrapy setting for every crawl: NAME=VALUE.")
    parser.add_argument("--port", type=int, default=18090)
    parser.add_argument("serve", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_forever(Path(args.serve[1]), args.sites, args.port, args.latency)
        return
    with tempfile.TemporaryDirectory(prefix="govfresh-dbench-") as tmp:
        root = Path(tmp) / "portal"
        build_portal(root, args.sites, args.columns)
        settings = dict(POLITENESS[args.politeness])
        for setting in args.setting:
            name, value = setting.split("=", 1)
            settings[name] = yaml.safe_load(value)
        path = config(root, args.sites, args.columns, args.port, settings)
        if args.latency:
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"(:\d+/)(c\d+/)", r"\1_slow/\2", text), encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, __file__, "--sites", str(args.sites), "--port", str(args.port)]
            + ["--latency", str(args.latency), "serve", str(root)],
            stdout=subprocess.PIPE,
            text=True,
        )
        redis_port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", tmp],
            stdout=subprocess.DEVNULL,
        )
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        try:
            assert server.stdout is not None and server.stdout.readline().strip() == "ready"
            time.sleep(0.5)  # redis-server up
            print(
                f"portal: {args.sites} sites × {args.columns} columns = {args.sites * args.columns} columns, "
                f"latency {args.latency * 1000:.0f} ms, politeness {args.politeness}, {os.cpu_count()} CPUs"
            )
            crawl(path, Path(tmp) / "single.db", None, 0, args.hold, server)
            for count in (int(n) for n in args.workers.split(",")):
                crawl(path, Path(tmp) / f"workers-{count}.db", redis_url, count, args.hold, server)
        finally:
            for proc in (server, redis):
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=10)


if __name__ == "__main__":
    main()
