"""Crawl a generated local portal (sites × columns, paging) with the real CLI and print speed, memory, size.

    .venv/bin/python bench/portal_bench.py                      # 100 sites × 50 columns, nightly crawl twice
    .venv/bin/python bench/portal_bench.py --sites 20 --columns 50 --quick-check   # 1,000-column `check`

Every site is served on its own loopback address (127.0.0.2, 127.0.0.3, …) by a separate server process,
so per-site politeness applies as on the real web and the server does not share the crawler's CPU.
The server's own throughput is measured first, to show it is not the bottleneck.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.demo import pages  # noqa: E402
from crawler.demo.pages import DATE_FORMATS, Item  # noqa: E402
from crawler.demo.portal import DemoColumn, write_column  # noqa: E402
from crawler.demo.server import PortalServer  # noqa: E402

DAY2 = date(2026, 11, 23)
DAY1 = DAY2 - timedelta(days=1)
PER_PAGE = 8
OTHER_STYLES = {6: "hanweb", 7: "table", 8: "single", 9: "links"}
POLITENESS = {
    "default": {},
    "off": {"CONCURRENT_REQUESTS": 64, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "AUTOTHROTTLE_ENABLED": False},
}


@dataclass(frozen=True)
class Measure:
    """One measured command: wall seconds, CPU seconds, peak RSS (MiB), pages fetched and its last line."""

    wall: float
    cpu: float
    rss_mib: float
    pages: int
    said: str


def host(site: int) -> str:
    """Return the loopback address serving a site."""
    return f"127.0.{2 + site // 250}.{2 + site % 250}"


def trs_items(column: int, day: date, new_item: bool) -> list[Item]:
    """Return a TRS column's 24 items: dense columns (two a day) need page 2 to cover last week."""
    step = 0.5 if column % 2 == 0 else 3
    items = [(day - timedelta(days=1 + int(n * step)), n) for n in range(24)]
    if new_item:
        items.insert(0, (day, 99))
    return [
        Item(f"第{column}栏目第{n}条工作信息标题示例", d, f"./{d:%Y%m}/t{d:%Y%m%d}_{column * 1000 + n}.html")
        for d, n in items
    ]


TRS_ARTICLE = re.compile(r"/c(\d+)/(\d{6})/t(\d{8})_(\d+)\.html$")


def missing_page(site_folder: Path, path: str) -> bytes | None:
    """Return a page the portal links to but has no file for in the site's folder, or None.

    TRS item links get their article made on request (the generator writes no TRS articles); Hanweb item
    links are site-absolute (/art/…), and write_column puts those articles in the portal's root folder.
    """
    match = TRS_ARTICLE.search(path)
    if match is None:
        shared = site_folder.parent / path.lstrip("/")
        return shared.read_bytes() if path.startswith("/art/") and shared.is_file() else None
    column, number = int(match.group(1)), int(match.group(4)) % 1000
    day = datetime.strptime(match.group(3), "%Y%m%d").date()
    title = f"第{column}栏目第{number}条工作信息标题示例"
    unit = f"单位{site_folder.name.removeprefix('s')}"
    return pages.article(unit, title, day, DAY1, meta=number % 2 == 0).encode("utf-8")


def write_trs(folder: Path, column: int, day: date, new_item: bool) -> None:
    """Write a TRS column's list pages (createPageHTML paging)."""
    items = trs_items(column, day, new_item)
    chunks = [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]
    folder.mkdir(parents=True, exist_ok=True)
    for index, chunk in enumerate(chunks):
        area = pages.trs_list(chunk, DATE_FORMATS["iso"], index, len(chunks))
        name = "index.html" if index == 0 else f"index_{index}.html"
        (folder / name).write_text(pages.page("示例单位", f"工作动态{column}", area, day), encoding="utf-8")


def build_portal(root: Path, sites: int, columns: int) -> list[str]:
    """Write the portal for day 1 and return the list-page URLs (for the server-only measurement)."""
    urls = []
    for site in range(sites):
        for column in range(columns):
            folder = root / f"s{site}" / f"c{column}"
            style = OTHER_STYLES.get(column % 10)
            if style is None:
                write_trs(folder, column, DAY1, new_item=False)
            else:
                stamp = '<meta name="PubDate" content="2026-02-15 09:00">' if style == "single" else ""
                spec = DemoColumn(
                    f"栏目{column}", f"c{column}", style, (1, 3, 8, 15), stamp=stamp, written_offsets=(0, -1, 0, 2)
                )
                write_column(folder, f"单位{site}", spec, DAY1, column)
            urls.append(f"http://{host(site)}:{{port}}/c{column}/")
    return urls


def day2_changes(root: Path, sites: int, columns: int) -> int:
    """Give every tenth TRS column a new item for day 2; return how many changed."""
    changed = 0
    for site in range(sites):
        for column in range(0, columns, 10):
            write_trs(root / f"s{site}" / f"c{column}", column, DAY2, new_item=True)
            changed += 1
    return changed


def config(root: Path, sites: int, columns: int, port: int, settings: dict[str, object]) -> Path:
    """Write the sites config of the portal."""
    names = {"hanweb": "乡镇动态", "table": "政策文件", "single": "县情概况", "links": "政务要闻"}
    data = {
        "settings": settings,
        "sites": [
            {
                "name": f"示例单位{site}",
                "url": f"http://{host(site)}:{port}/",
                "columns": [
                    {
                        "name": f"{names.get(OTHER_STYLES.get(c % 10, ''), '工作动态')}{c}",
                        "url": f"http://{host(site)}:{port}/c{c}/",
                    }
                    for c in range(columns)
                ],
            }
            for site in range(sites)
        ],
    }
    path = root.parent / f"sites-{len(settings)}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def serve_forever(root: Path, sites: int, port: int) -> None:
    """Server process: one threaded server per site on its own loopback address."""
    servers = [PortalServer(root / f"s{site}", host=host(site), port=port) for site in range(sites)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})


def server_only(urls: list[str], port: int, limit: int = 3000) -> float:
    """Return pages/s of the server alone, fetched by 32 threads (no crawler involved)."""
    chosen = [u.format(port=port) for u in urls[:limit]]

    def fetch(url: str) -> int:
        """Fetch one page and return its size."""
        with urllib.request.urlopen(url, timeout=10) as answer:
            return len(answer.read())

    started = time.monotonic()
    with ThreadPoolExecutor(32) as pool:
        list(pool.map(fetch, chosen))
    return len(chosen) / (time.monotonic() - started)


def run_measured(command: list[str], timeout: float | None = None) -> tuple[float, float, float, str, int]:
    """Run a child process; return its wall seconds, CPU seconds, peak RSS (MiB), stdout and exit status.

    A child still running after `timeout` seconds is killed (its status is then negative).
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    timer = threading.Timer(timeout, proc.kill) if timeout else None
    if timer is not None:
        timer.start()
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if timer is not None:
        timer.cancel()
    wall = time.monotonic() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out, os.waitstatus_to_exitcode(status)


def measure(argv: list[str]) -> Measure:
    """Run a govfresh command as a child process; return its wall time, CPU time and peak RSS."""
    wall, cpu, rss, out, status = run_measured([sys.executable, "-m", "crawler", *argv])
    said = out.strip().splitlines()[-1] if out.strip() else f"exit {status}"
    pages_said = [w for w in said.split(", ") if w.endswith("pages in") or " pages in " in w]
    pages = int(pages_said[0].split()[0]) if pages_said else 0
    return Measure(wall, cpu, rss, pages, said)


def db_figures(db: Path) -> tuple[int, int]:
    """Return (database bytes after a checkpoint, observations)."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        observations = conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    return db.stat().st_size, observations


def report(label: str, m: Measure) -> None:
    """Print one measured line."""
    per_page = 1000 * m.wall / m.pages if m.pages else float("nan")
    cpu_page = 1000 * m.cpu / m.pages if m.pages else float("nan")
    print(
        f"{label:<28} {m.pages:>7} pages {m.wall:>7.1f} s {m.pages / m.wall:>8.1f} pages/s "
        f"{per_page:>6.2f} ms/page {cpu_page:>6.2f} ms CPU/page  peak RSS {m.rss_mib:>6.1f} MiB"
    )


def main() -> None:
    """Build, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--politeness", choices=["default", "off", "both"], default="both")
    parser.add_argument("--quick-check", action="store_true", help="Only time one `govfresh check` (no database).")
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("serve", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_forever(Path(args.serve[1]), args.sites, args.port)
        return
    with tempfile.TemporaryDirectory(prefix="govfresh-bench-") as tmp:
        root = Path(tmp) / "portal"
        urls = build_portal(root, args.sites, args.columns)
        server = subprocess.Popen(
            [sys.executable, __file__, "--sites", str(args.sites), "--port", str(args.port), "serve", str(root)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None and server.stdout.readline().strip() == "ready"
            columns = args.sites * args.columns
            print(f"portal: {args.sites} sites × {args.columns} columns = {columns} columns on {args.sites} hosts")
            print(f"server alone (32 threads, separate process): {server_only(urls, args.port):.0f} pages/s")
            modes = ["default", "off"] if args.politeness == "both" else [args.politeness]
            if args.quick_check:
                for mode in modes:
                    path = config(root, args.sites, args.columns, args.port, POLITENESS[mode])
                    out = Path(tmp) / f"check-{mode}.json"
                    m = measure(
                        [
                            "check",
                            "--config",
                            str(path),
                            "--as-of",
                            DAY1.isoformat(),
                            "--format",
                            "json",
                            "--output",
                            str(out),
                        ]
                    )
                    fetched = json.loads(out.read_text(encoding="utf-8"))["pages_fetched"]
                    report(f"check, politeness {mode}", Measure(m.wall, m.cpu, m.rss_mib, fetched, m.said))
                return
            for mode in modes:
                if mode != modes[0]:
                    build_portal(root, args.sites, args.columns)  # back to day 1
                path = config(root, args.sites, args.columns, args.port, POLITENESS[mode])
                db = Path(tmp) / f"history-{mode}.db"
                first = measure(
                    ["crawl", "--config", str(path), "--db", str(db), "--at", f"{DAY1} 02:00", "--progress", "off"]
                )
                report(f"crawl day 1, politeness {mode}", first)
                changed = day2_changes(root, args.sites, args.columns)
                second = measure(
                    ["crawl", "--config", str(path), "--db", str(db), "--at", f"{DAY2} 02:00", "--progress", "off"]
                )
                report(f"crawl day 2 ({changed} new items)", second)
                size, observations = db_figures(db)
                with sqlite3.connect(db) as conn:
                    entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
                    errors = conn.execute("SELECT count(*) FROM observations WHERE status = 'error'").fetchone()[0]
                print(
                    f"  database after both runs: {size / 1e6:.1f} MB, {observations} observations "
                    f"({errors} errors), {entries} entries, {size / observations:.0f} bytes per observation"
                )
                print(f"  {first.said}\n  {second.said}")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
