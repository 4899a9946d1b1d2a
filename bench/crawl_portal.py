"""Crawl a generated portal of 1,000+ columns with the real `govfresh check` CLI: wall time, pages/s, CPU, RSS.

    .venv/bin/python bench/crawl_portal.py                  # 50 sites × 20 columns, fast server
    .venv/bin/python bench/crawl_portal.py --quick          # 5 sites × 10 columns: a smoke test
    .venv/bin/python bench/crawl_portal.py --server demo    # crawl the stdlib server of crawler/demo instead

Each site is served on its own loopback address (127.0.0.2, 127.0.0.3 …), so Scrapy's per-domain
concurrency applies per site as on the real web. The pages come from crawler.demo.portal's writers;
the server runs in a separate process and counts what it serves. Both servers are measured alone first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import mimetypes
import os
import re
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing import Array
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import psutil
import yaml

from crawler.demo.portal import DemoColumn, DemoSite, portal_config, write_portal
from crawler.demo.server import ERROR_PREFIX, PortalHandler, PortalServer

REPO = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 23)
BROKEN_STYLES = ("missing", "status500", "scripted")  # columns that must come out as `error`
STATUSES = ("ok", "warning", "violation", "error")
# Settings of the two crawls (on top of crawler/settings.py); the retry pair is portal_config's own.
RETRIES = {"RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0.2}
POLITE: dict[str, object] = {**RETRIES}
UNTHROTTLED: dict[str, object] = {**RETRIES, "CONCURRENT_REQUESTS": 64, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}
UNIT_KINDS = ("县人民政府", "镇人民政府", "县教育局", "县卫生健康委员会", "县财政局")
# What the server counts, by kind of path and by status.
COUNTERS = ("requests", "robots", "list", "next", "article", "other", "s2xx", "s3xx", "s404", "s5xx", "sother")
INDEX_N = re.compile(r"index_\d+\.html")


# --- the portal ------------------------------------------------------------------------------------------


def spaced(start: int, step: float, count: int) -> tuple[int, ...]:
    """Return `count` item ages (days before as_of) from start, one every `step` days."""
    return tuple(start + int(i * step) for i in range(count))


def regular_columns(site: int, path: str) -> list[DemoColumn]:
    """Return a site's ordinary columns: mostly TRS lists with paging, then Hanweb, tables, single pages, links."""
    shift = (site * 7) % 12  # 0–11 days: some columns of some sites are stale (violations), as in real life
    small = site % 3  # 0–2 days: how many list pages the dense columns need varies
    year = 2026 if site % 3 else 2025
    return [
        DemoColumn("工作动态", "gzdt", "trs", spaced(small, 0.5, 40), pinned_ages=(400,)),
        DemoColumn("基层动态", f"col/col{1000 + site}", "hanweb", spaced(shift // 2, 3, 12)),
        DemoColumn("通知公告", "tzgg", "trs", spaced(shift, 2.5, 24), date_format="slash"),
        DemoColumn("政策文件", "zcwj", "table", (11, 19, 40, 60), category="dynamic", written_offsets=(-6, 0, 2, 0)),
        DemoColumn("县情概况", "xqgk", "single", stamp=f'<meta name="PubDate" content="{year}-02-15 09:00">'),
        DemoColumn("政务要闻", "zwyw", "links", spaced(shift // 3, 4, 10)),
        DemoColumn("公示公告", "gsgg", "trs", spaced(shift, 3, 12), date_format="cn", charset="gb2312"),
        DemoColumn("部门动态", "bmdt", "trs", spaced(small, 1 / 3, 90)),
        DemoColumn("图片新闻", "tpxw", "trs", spaced(shift, 4, 20), date_format="dot", config_url=f"{path}/tpxw"),
        DemoColumn("专题专栏", "ztzl", "trs", spaced(small * 3, 4, 40), date_format="monthday"),
        DemoColumn("乡镇动态", "xzdt", "trs", spaced(shift + 2, 3, 16), sidebar=True),
        DemoColumn("机构职能", "jgzn", "single", stamp=f"更新时间：{year}-0{1 + site % 5}-01"),
        DemoColumn("便民信息", f"col/col{2000 + site}", "hanweb", spaced(small, 2, 15)),
        DemoColumn("会议公开", "hygk", "table", (3, 30, 90), written_offsets=(-2, -1, 0)),
        DemoColumn("专题报道", "ztbd", "links", spaced(small * 5, 20, 8)),
        DemoColumn("政策解读", "zcjd", "trs", spaced(shift, 6, 20), date_format="nopad"),
        DemoColumn("人事信息", "rsxx", "trs", spaced(shift, 10, 12)),
        DemoColumn("信息发布", "xxfb", "url", spaced(shift // 2, 2, 9)),
        DemoColumn("工作简报", "gzjb", "trs", spaced(small + 1, 0.5, 30), sidebar=True),
    ]


def special_column(site: int) -> DemoColumn:
    """Return a site's last column: broken on purpose (404, 500, JavaScript-only list) or blank."""
    return (
        DemoColumn("便民服务", "bmfw", "missing"),
        DemoColumn("工作总结", "gzzj", "status500"),
        DemoColumn("人事任免", "rsrm", "scripted", (2, 9)),
        DemoColumn("专题报道（空）", "ztkb", "blank"),
    )[site % 4]


def build_sites(sites: int, columns: int) -> tuple[DemoSite, ...]:
    """Return the generated portal: `sites` units of `columns` columns each (the last one broken or blank)."""
    built = []
    for index in range(sites):
        path = f"s{index + 1:03d}"
        regular = regular_columns(index, path)
        chosen = []
        for n in range(columns - 1):
            column = regular[n % len(regular)]
            if n >= len(regular):  # more columns than recipes: the same styles again, under new names
                copy = n // len(regular) + 1
                config_url = f"{column.config_url}{copy}" if column.config_url else None
                column = replace(
                    column, name=f"{column.name}{copy}", path=f"{column.path}{copy}", config_url=config_url
                )
            chosen.append(column)
        chosen.append(special_column(index))
        built.append(DemoSite(f"示例{index + 1:03d}{UNIT_KINDS[index % len(UNIT_KINDS)]}", path, tuple(chosen)))
    return tuple(built)


def site_host(index: int) -> str:
    """Return the loopback address of site `index`: 127.0.0.2, 127.0.0.3 … then 127.0.1.2 … (never 127.0.0.1)."""
    return f"127.0.{index // 250}.{2 + index % 250}"


def sites_config(sites: tuple[DemoSite, ...], bases: Sequence[str], settings: dict[str, object]) -> dict[str, Any]:
    """Return the sites config: portal_config's entries, each site at its own base URL, with these settings."""
    entries = [portal_config(base, (site,))["sites"][0] for site, base in zip(sites, bases, strict=True)]
    return {"ruleset": "zwgk-2021", "settings": settings, "sites": entries}


def expected_errors(config: dict[str, Any], sites: tuple[DemoSite, ...]) -> set[str]:
    """Return the URLs of the columns broken on purpose."""
    urls = set()
    for site, entry in zip(sites, config["sites"], strict=True):
        for column, column_entry in zip(site.columns, entry["columns"], strict=True):
            if column.style in BROKEN_STYLES:
                urls.add(column_entry["url"])
    return urls


# --- the servers (run in their own process: `crawl_portal.py serve …`) -------------------------------------


def classify(path: str) -> str:
    """Return the counter of a requested path: robots, list (page 1), next (page 2+), article or other."""
    path = path.split("?", 1)[0]
    name = path.rsplit("/", 1)[-1]
    if path == "/robots.txt":
        return "robots"
    if path.startswith(ERROR_PREFIX) or path.endswith("/") or "." not in name:
        return "list"
    if INDEX_N.fullmatch(name):
        return "next"
    return "article" if name.endswith(".html") else "other"


def status_counter(code: int) -> str:
    """Return the counter of an HTTP status."""
    if code == 404:
        return "s404"
    return {2: "s2xx", 3: "s3xx", 5: "s5xx"}.get(code // 100, "sother")


class SharedCounts:
    """Request counters in shared memory, one row per worker process (no locking: each row has one writer)."""

    def __init__(self, workers: int) -> None:
        self.array = Array("q", workers * len(COUNTERS), lock=False)
        self.row = 0

    def add(self, path: str, code: int) -> None:
        """Count one answered request."""
        base = self.row * len(COUNTERS)
        for name in ("requests", classify(path), status_counter(code)):
            self.array[base + COUNTERS.index(name)] += 1

    def totals(self) -> dict[str, int]:
        """Return the counters summed over the workers."""
        width = len(COUNTERS)
        rows = len(self.array) // width
        return {name: sum(self.array[r * width + i] for r in range(rows)) for i, name in enumerate(COUNTERS)}


class PageStore:
    """Every file of the portal in memory, each with its whole HTTP response ready to send."""

    def __init__(self, root: Path) -> None:
        self.responses: dict[str, tuple[int, bytes]] = {}
        self.dirs: set[str] = set()
        for path in root.rglob("*"):
            url = "/" + path.relative_to(root).as_posix()
            if path.is_dir():
                self.dirs.add(url + "/")
                continue
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.responses[url] = (200, response(200, path.read_bytes(), f"Content-Type: {kind}\r\n"))
            if path.name == "index.html":
                self.responses[url[: -len("index.html")]] = self.responses[url]

    def answer(self, target: str) -> tuple[int, bytes]:
        """Return the status and bytes answering a GET, as crawler.demo.server would (301 for directories)."""
        path = unquote(target.split("?", 1)[0].split("#", 1)[0])
        if path.startswith(ERROR_PREFIX):
            code = int(path[len(ERROR_PREFIX) :].split("/", 1)[0] or 500)
            return code, response(code, b"<html><body>error</body></html>", "Content-Type: text/html\r\n")
        found = self.responses.get(path)
        if found is not None:
            return found
        if path + "/" in self.dirs:
            return 301, response(301, b"", f"Location: {path}/\r\n")
        return 404, response(404, b"<html><body>404 Not Found</body></html>", "Content-Type: text/html\r\n")


def response(code: int, body: bytes, headers: str) -> bytes:
    """Return a whole HTTP/1.1 response."""
    reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}.get(code, "Error")
    head = f"HTTP/1.1 {code} {reason}\r\n{headers}Content-Length: {len(body)}\r\nCache-Control: no-store\r\n\r\n"
    return head.encode("latin-1") + body


class FastProtocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive, GET only, answers from the PageStore."""

    def __init__(self, store: PageStore, counts: SharedCounts) -> None:
        self.store, self.counts = store, counts
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport."""
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        """Answer every complete request in the buffer."""
        self.buffer += data
        while self.transport is not None and (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            line, _, headers = head.partition(b"\r\n")
            parts = line.decode("latin-1").split()
            if len(parts) != 3:
                self.transport.close()
                return
            code, data_out = self.store.answer(parts[1])
            self.counts.add(parts[1], code)
            lower = headers.lower()
            close = b"connection: close" in lower or (parts[2] == "HTTP/1.0" and b"keep-alive" not in lower)
            self.transport.write(data_out if parts[0] != "HEAD" else data_out.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n")
            if close:
                self.transport.close()
                return


def run_fast_worker(sockets: list[Any], store: PageStore, counts: SharedCounts, parent: int) -> None:
    """Serve the listening sockets with asyncio until the parent process goes away."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for sock in sockets:
            await loop.create_server(partial(FastProtocol, store, counts), sock=sock, backlog=1024)
        while os.getppid() == parent:
            await asyncio.sleep(0.5)

    asyncio.run(main())


class BenchPortalServer(PortalServer):
    """crawler.demo.server's PortalServer (same handler, threads and 301s) bound to a given loopback address."""

    def __init__(self, host: str, directory: Path, counts: Counter[str], lock: threading.Lock) -> None:
        handler = partial(CountingHandler, directory=str(directory))
        ThreadingHTTPServer.__init__(self, (host, 0), handler)
        self.slow_seconds = 5.0
        self.stopping = threading.Event()
        self.requests: list[str] = []
        self.hits: list[tuple[float, str, str]] = []
        self._lock = lock
        self.counts = counts


class CountingHandler(PortalHandler):
    """The demo portal's handler, counting each answer by path kind and status."""

    server: BenchPortalServer

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Count the answered request (the demo handler logs nothing)."""
        status = int(code) if isinstance(code, int) else 0
        with self.server._lock:
            for name in ("requests", classify(self.path), status_counter(status)):
                self.server.counts[name] += 1


def serve_main(argv: Sequence[str]) -> int:
    """Serve a portal folder on one loopback address per site; print the URLs as JSON; stop on SIGTERM."""
    parser = argparse.ArgumentParser(prog="crawl_portal.py serve")
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--sites", required=True, type=int)
    parser.add_argument("--kind", choices=("fast", "demo"), default="fast")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    hosts = [site_host(i) for i in range(args.sites)]
    if args.kind == "demo":
        counts: Counter[str] = Counter()
        lock = threading.Lock()
        servers = [BenchPortalServer(host, args.root, counts, lock) for host in hosts]
        for server in servers:
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        urls = [f"http://{s.server_address[0]}:{s.server_address[1]}/" for s in servers]
        stats: Callable[[], dict[str, int]] = lambda: {name: counts[name] for name in COUNTERS}  # noqa: E731
    else:
        import socket

        store = PageStore(args.root)
        shared = SharedCounts(args.workers)
        sockets = []
        for host in hosts:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, 0))
            sock.listen(1024)
            sock.setblocking(False)
            sockets.append(sock)
        urls = [f"http://{s.getsockname()[0]}:{s.getsockname()[1]}/" for s in sockets]
        parent = os.getpid()
        for row in range(args.workers):
            if os.fork() == 0:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                shared.row = row
                run_fast_worker(sockets, store, shared, parent)
                os._exit(0)
        stats = shared.totals
    control = ThreadingHTTPServer(("127.0.0.1", 0), partial(StatsHandler, stats))
    threading.Thread(target=control.serve_forever, daemon=True).start()
    print(json.dumps({"control": f"http://127.0.0.1:{control.server_address[1]}/", "sites": urls}), flush=True)
    while True:
        time.sleep(3600)


class StatsHandler(BaseHTTPRequestHandler):
    """Answer GET /stats with the server's counters as JSON."""

    def __init__(self, stats: Callable[[], dict[str, int]], *args: Any, **kwargs: Any) -> None:
        self.stats = stats
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        """Send the counters."""
        body = json.dumps(self.stats()).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


@dataclass
class ServerProcess:
    """A running server process: its URLs, and how to read its counters and CPU time."""

    kind: str
    process: subprocess.Popen[str]
    control: str
    sites: list[str]

    def stats(self) -> dict[str, int]:
        """Return the server's counters."""
        with urllib.request.urlopen(self.control + "stats", timeout=10) as answer:
            return json.loads(answer.read())

    def cpu(self) -> float:
        """Return the CPU seconds used so far by the server process and its workers."""
        main = psutil.Process(self.process.pid)
        total = 0.0
        for proc in [main, *main.children(recursive=True)]:
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total


@contextmanager
def server_process(kind: str, root: Path, sites: int, workers: int = 1) -> Iterator[ServerProcess]:
    """Run `crawl_portal.py serve` in a subprocess for the duration of the block."""
    command = [sys.executable, str(Path(__file__).resolve()), "serve", "--root", str(root), "--sites", str(sites)]
    command += ["--kind", kind, "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {kind} server did not start (exit {process.wait()})")
        info = json.loads(line)
        yield ServerProcess(kind, process, info["control"], info["sites"])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the server alone: a keep-alive asyncio client ---------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    """What the load client fetched: requests, seconds, statuses, and its own CPU seconds."""

    requests: int
    seconds: float
    statuses: dict[int, int]
    client_cpu: float
    server_cpu: float

    @property
    def rate(self) -> float:
        """Return requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


async def fetch_paths(host: str, port: int, paths: list[str], statuses: Counter[int]) -> None:
    """GET each path in turn on one connection (kept alive when the server allows), counting statuses."""
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    for path in paths:
        if writer is None or reader is None:
            reader, writer = await asyncio.open_connection(host, port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: bench\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines if h)}
        statuses[int(status_line.split()[1])] += 1
        length = headers.get("content-length")
        if length is not None:
            await reader.readexactly(int(length))
        else:
            await reader.read()
        keep = status_line.startswith("HTTP/1.1") and headers.get("connection", "").lower() != "close"
        if not keep or length is None:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def load_targets(root: Path, sites: tuple[DemoSite, ...], bases: list[str], config: dict[str, Any]) -> list[str]:
    """Return every URL of the portal: each site's files on its own host, plus every column URL as configured."""
    urls = []
    for site, base, entry in zip(sites, bases, config["sites"], strict=True):
        for path in sorted((root / site.path).rglob("*")):
            if path.is_file():
                urls.append(base + path.relative_to(root).as_posix())
        urls += [column["url"] for column in entry["columns"]]
    return urls


def load_test(server: ServerProcess, urls: list[str], per_host: int) -> LoadResult:
    """Fetch every URL once with `per_host` keep-alive connections per site host; time it."""
    by_host: dict[tuple[str, int], list[str]] = {}
    for url in urls:
        parts = urlsplit(url)
        by_host.setdefault((parts.hostname or "", parts.port or 80), []).append(parts.path or "/")
    statuses: Counter[int] = Counter()

    async def run() -> None:
        jobs = [
            fetch_paths(host, port, paths[n::per_host], statuses)
            for (host, port), paths in by_host.items()
            for n in range(per_host)
        ]
        await asyncio.gather(*jobs)

    cpu_before, server_before = time.process_time(), server.cpu()
    started = time.perf_counter()
    asyncio.run(run())
    seconds = time.perf_counter() - started
    return LoadResult(
        sum(statuses.values()),
        seconds,
        dict(sorted(statuses.items())),
        time.process_time() - cpu_before,
        server.cpu() - server_before,
    )


# --- the crawls ------------------------------------------------------------------------------------------


@dataclass
class CrawlRun:
    """One `govfresh check` run: its command, exit code, times, peak RSS, the server's counts, the report."""

    label: str
    command: list[str]
    exit_code: int
    wall: float
    cpu_user: float
    cpu_system: float
    peak_rss_mb: float
    server_cpu: float
    served: dict[str, int]
    report: dict[str, Any] = field(default_factory=dict)
    stderr: str = ""

    @property
    def pages(self) -> int:
        """Return the requests the server answered during the run."""
        return self.served.get("requests", 0)

    @property
    def cpu(self) -> float:
        """Return the crawler's CPU seconds (user + system)."""
        return self.cpu_user + self.cpu_system


def govfresh_command(config: Path, output: Path) -> list[str]:
    """Return the `govfresh check` command line."""
    script = Path(sys.executable).parent / "govfresh"
    head = [str(script)] if script.exists() else [sys.executable, "-m", "crawler"]
    return [*head, "check", "--config", str(config), "--as-of", AS_OF.isoformat(), "--format", "json"] + [
        "--output",
        str(output),
    ]


def run_crawl(label: str, command: list[str], server: ServerProcess, timeout: float) -> CrawlRun:
    """Run the CLI as a child process; measure wall time, its own rusage (wait4) and the server's counts."""
    before, server_cpu = server.stats(), server.cpu()
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, cwd=REPO)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
            time.sleep(0.01)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    after = server.stats()
    served = {name: after[name] - before.get(name, 0) for name in COUNTERS}
    output = Path(command[command.index("--output") + 1])
    report = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {}
    return CrawlRun(
        label,
        command,
        process.returncode,
        wall,
        usage.ru_utime,
        usage.ru_stime,
        usage.ru_maxrss / 1024,
        server.cpu() - server_cpu,
        served,
        report,
        stderr,
    )


def check_run(run: CrawlRun, columns: int, broken: set[str], retries: int) -> list[str]:
    """Return what is wrong with a run's results (empty when they make sense)."""
    problems = []
    if run.exit_code not in (0, 1):
        problems.append(f"{run.label}: exit code {run.exit_code}: {run.stderr.strip()[-500:]}")
    reported = run.report.get("columns", [])
    if len(reported) != columns:
        problems.append(f"{run.label}: {len(reported)} columns in the report, {columns} configured")
    unknown = [c["url"] for c in reported if c.get("status") not in STATUSES]
    if unknown:
        problems.append(f"{run.label}: columns without a status: {unknown[:5]}")
    errors = {c["url"] for c in reported if c.get("status") == "error"}
    if errors != broken:
        extra = sorted(errors - broken)[:5]
        missing = sorted(broken - errors)[:5]
        problems.append(f"{run.label}: unexpected error columns {extra}; broken columns not in error {missing}")
    if columns >= 20 and not run.served.get("next"):
        problems.append(f"{run.label}: no column read a page 2 (paging never exercised)")
    five_hundreds = sum(1 for url in broken if ERROR_PREFIX in url) * (1 + retries)
    if run.served.get("s5xx", 0) != five_hundreds:
        problems.append(f"{run.label}: server answered {run.served.get('s5xx')} 5xx, expected {five_hundreds}")
    return problems


def same_verdicts(first: CrawlRun, second: CrawlRun) -> list[str]:
    """Return the columns whose status, latest date or item count differ between two runs."""

    def key(run: CrawlRun) -> dict[tuple[str, str], tuple[object, ...]]:
        return {(c["site"], c["name"]): (c["status"], c["latest"], c["items"]) for c in run.report.get("columns", [])}

    a, b = key(first), key(second)
    return [f"{k[0]} {k[1]}: {a.get(k)} vs {b.get(k)}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


# --- output ----------------------------------------------------------------------------------------------


def table(runs: list[CrawlRun]) -> str:
    """Return the figures of the runs as a compact table."""
    width = max(len(r.label) for r in runs)
    head = (
        f"{'run':<{width}} {'wall s':>7} {'pages':>6} {'pages/s':>8} {'ms/page':>8} {'cpu s':>6} "
        f"{'cpu ms/pg':>9} {'peak RSS':>9} {'srv cpu s':>9} {'exit':>4}"
    )
    lines = [head, "-" * len(head)]
    for r in runs:
        rate = r.pages / r.wall if r.wall else 0.0
        per = 1000 * r.wall / r.pages if r.pages else 0.0
        cpu_per = 1000 * r.cpu / r.pages if r.pages else 0.0
        lines.append(
            f"{r.label:<{width}} {r.wall:>7.2f} {r.pages:>6} {rate:>8.1f} {per:>8.2f} {r.cpu:>6.2f} "
            f"{cpu_per:>9.2f} {r.peak_rss_mb:>6.0f} MB {r.server_cpu:>9.2f} {r.exit_code:>4}"
        )
    return "\n".join(lines)


def served_line(run: CrawlRun) -> str:
    """Return what the server answered during a run, by kind of page and status."""
    s = run.served
    return (
        f"{run.label}: robots {s['robots']}, list p1 {s['list']}, list p2+ {s['next']}, articles {s['article']}, "
        f"other {s['other']} | 2xx {s['s2xx']}, 301 {s['s3xx']}, 404 {s['s404']}, 5xx {s['s5xx']}"
    )


def summary_counts(run: CrawlRun) -> str:
    """Return the report's summary as one line."""
    s = run.report.get("summary", {})
    return ", ".join(f"{k} {s.get(k, 0)}" for k in ("columns", *STATUSES))


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, serve and crawl the portal under both politeness settings; print the figures; exit 1 on a bad run."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:
        return serve_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=50, help="sites (units), each on its own loopback address")
    parser.add_argument("--columns", type=int, default=20, help="columns per site")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 5 sites × 10 columns")
    parser.add_argument("--server", choices=("fast", "demo"), default="fast", help="server the crawls read from")
    parser.add_argument("--workers", type=int, default=1, help="processes of the fast server")
    parser.add_argument("--no-server-check", action="store_true", help="skip measuring the servers alone")
    parser.add_argument("--per-host", type=int, default=4, help="connections per site of the load client")
    parser.add_argument("--workdir", type=Path, help="keep the portal, configs and reports here (default: temp)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a crawl is killed")
    parser.add_argument("--profile", action="store_true", help="also run the last crawl under cProfile")
    parser.add_argument("--repeat", type=int, default=1, help="run each full crawl N times, report the median")
    parser.add_argument(
        "--try-setting",
        type=setting,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="add a crawl: unthrottled plus this Scrapy setting (repeatable), e.g. CONCURRENT_ITEMS=4",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sites, args.columns = 5, 10
    if args.sites < 1 or args.columns < 1 or args.sites > 250 * 256:
        parser.error("--sites and --columns must be at least 1")
    with tempfile.TemporaryDirectory(prefix="govfresh-bench-") as temp:
        work = args.workdir or Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        return bench(args, work, [sys.executable, "bench/crawl_portal.py", *argv])


def bench(args: argparse.Namespace, work: Path, reproduce: list[str]) -> int:
    """Run the whole benchmark in the work folder."""
    root = work / "portal"
    sites = build_sites(args.sites, args.columns)
    started = time.perf_counter()
    write_portal(root, AS_OF, sites)
    files = sum(1 for p in root.rglob("*") if p.is_file())
    print(
        f"portal: {args.sites} sites × {args.columns} columns = {args.sites * args.columns} columns, "
        f"{files} files, written in {time.perf_counter() - started:.1f} s → {root}"
    )
    styles = Counter(c.style for s in sites for c in s.columns)
    print("styles: " + ", ".join(f"{k} {v}" for k, v in styles.most_common()))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {sys.platform}")
    if not args.no_server_check:
        servers_alone(args, root, sites)
    runs: list[CrawlRun] = []
    problems: list[str] = []
    with server_process(args.server, root, args.sites, args.workers) as server:
        base = server.sites
        probe = (DemoSite("启动开销", "s001", (DemoColumn("县情概况", "xqgk", "single"),)),)
        tried = {**UNTHROTTLED, **dict(args.try_setting)}
        plan: list[tuple[str, dict[str, Any], bool]] = [
            ("startup (1 column)", sites_config(probe, base[:1], POLITE), False),
            (f"polite ({_concurrency(POLITE)})", sites_config(sites, base, POLITE), True),
            (f"unthrottled ({_concurrency(UNTHROTTLED)})", sites_config(sites, base, UNTHROTTLED), True),
        ]
        if args.try_setting:
            label = "unthrottled + " + ", ".join(f"{k}={v}" for k, v in args.try_setting)
            plan.append((label, sites_config(sites, base, tried), True))
        broken = expected_errors(sites_config(sites, base, POLITE), sites)
        for n, (label, config, checked) in enumerate(plan):
            path = work / f"sites-{n}.yaml"
            path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
            command = govfresh_command(path, work / f"check-{n}.json")
            repeats = [run_crawl(label, command, server, args.timeout) for _ in range(args.repeat if checked else 1)]
            run = sorted(repeats, key=lambda r: r.wall)[len(repeats) // 2]  # the median run by wall time
            runs.append(run)
            if checked:
                for each in repeats:
                    problems += check_run(each, args.sites * args.columns, broken, int(RETRIES["RETRY_TIMES"]))
        checked_runs = [r for (_, _, checked), r in zip(plan, runs, strict=True) if checked]
        for other in checked_runs[1:]:
            differ = same_verdicts(checked_runs[0], other)
            if differ:
                problems.append(f"{other.label} disagrees with the polite run on {len(differ)} columns: {differ[:5]}")
        if args.profile:
            profile_crawl(runs[-1].command, work)
    repeat = f", median of {args.repeat} runs" if args.repeat > 1 else ""
    print(
        f"\ncrawls of the `{args.server}` server by `govfresh check` (child process; CPU, peak RSS by wait4{repeat}):"
    )
    print(table(runs))
    for run in checked_runs:
        print(served_line(run))
    print("report: " + summary_counts(runs[-1]) + f"; broken on purpose: {len(broken)}")
    if problems:
        print("\nPROBLEMS:")
        print("\n".join(f"  {p}" for p in problems))
    else:
        print("checks: every column has a status; error columns = the broken ones; paging used; settings agree")
    print("\nreproduce:  " + shlex.join(reproduce))
    if not args.workdir:
        print("  (the files below are in a temporary folder removed at exit: add --workdir DIR to keep them)")
    for run in checked_runs:
        print(f"  {run.label}: " + shlex.join(run.command))
    return 1 if problems else 0


def servers_alone(args: argparse.Namespace, root: Path, sites: tuple[DemoSite, ...]) -> None:
    """Measure each server alone: every file and every column URL once, by a keep-alive asyncio client."""
    print(f"\nservers alone (asyncio client, {args.per_host} connections per site; every file + column URL once):")
    for kind in ("demo", "fast"):
        with server_process(kind, root, args.sites, args.workers if kind == "fast" else 1) as server:
            config = sites_config(sites, server.sites, POLITE)
            result = load_test(server, load_targets(root, sites, server.sites, config), args.per_host)
        name = "crawler.demo.server (stdlib, threads)" if kind == "demo" else f"fast asyncio × {args.workers}"
        print(
            f"  {name:<38} {result.requests} requests in {result.seconds:.2f} s = {result.rate:,.0f} pages/s; "
            f"server CPU {result.server_cpu:.2f} s ({100 * result.server_cpu / result.seconds:.0f}% of a core), "
            f"client CPU {result.client_cpu:.2f} s; statuses {result.statuses}"
        )


def setting(text: str) -> tuple[str, object]:
    """Parse NAME=VALUE (the value read as YAML: 4, false, 0.5)."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name.strip(), yaml.safe_load(value)


def _concurrency(settings: dict[str, object]) -> str:
    """Return a run's concurrency as 'N/site, M total'."""
    per = settings.get("CONCURRENT_REQUESTS_PER_DOMAIN", 2)
    total = settings.get("CONCURRENT_REQUESTS", 32)
    return f"{per}/site, {total} all"


def profile_crawl(command: list[str], work: Path) -> None:
    """Run a crawl under cProfile and print its top functions by own and cumulative time."""
    import pstats

    stats_file = work / "crawl.prof"
    profiled = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "crawler", *command[1:]]
    subprocess.run(profiled, cwd=REPO, stdout=subprocess.DEVNULL, check=False)
    print(f"\nprofile of the unthrottled crawl (cProfile, {stats_file}):")
    stats = pstats.Stats(str(stats_file), stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(25)


def raise_file_limit() -> None:
    """Allow as many open files as the hard limit does (thousands of connections to many hosts)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


if __name__ == "__main__":
    raise_file_limit()
    sys.exit(main())
