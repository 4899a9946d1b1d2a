"""How far one machine goes: govfresh's nightly crawl of a generated portal at growing sizes, next to bare Scrapy.

    nice -n 10 .venv/bin/python bench/scale_bench.py             # 100, 250, 500 sites × 40 columns: ~20 min
    nice -n 10 .venv/bin/python bench/scale_bench.py --repeat 2  # the same twice, with spreads: ~35 min
    nice -n 10 .venv/bin/python bench/scale_bench.py --sites 20,50                # a quick look
    nice -n 10 .venv/bin/python bench/scale_bench.py --sites 100 --latency-ms 100 # with the web's round trip
    nice -n 10 .venv/bin/python bench/scale_bench.py --sites 20 --profile         # where the CPU goes (py-spy)

The portal is portal_bench's generator (TRS lists with paging, Hanweb, tables, single pages, lists dated on
their article pages), written once for the largest size, each site on its own loopback address. It is served
by bench/loopserver.py (asyncio, HTTP/1.1 keep-alive, in its own process) with real-sized chrome around
every page. The first night of each size (politeness off) builds its history; then a later night of each size
and politeness runs `govfresh crawl` (extraction, rules, SQLite) in a child process, and bench/bare_spider.py
downloads exactly the pages that crawl fetched (read from the server's request log) with the same politeness.
Each run reports pages/s, CPU per page, peak RSS, how busy the server was, and how much CPU other processes
took meanwhile (the machine is shared); a run still going after --timeout seconds is killed. Figures and how
to read them: docs/scale.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import loopserver  # noqa: E402
import portal_bench  # noqa: E402

NIGHT1, NIGHT2 = portal_bench.DAY1, portal_bench.DAY2
SPY_RATE = 200  # py-spy samples per second
WHO = {"first": "first night", "ours": "govfresh crawl", "bare": "bare Scrapy"}


@dataclass(frozen=True)
class Run:
    """One measured child process: who ran, on what, and what it cost."""

    who: str  # first (govfresh's first night), ours (a later night), bare
    sites: int
    mode: str
    pages: int
    wall: float
    cpu: float
    rss_mib: float
    server_cpu: float  # the server's CPU seconds during the run
    others_cpu: float  # CPU seconds of every other process on the machine during the run

    @property
    def rate(self) -> float:
        """Return pages per second (wall clock, start-up included)."""
        return self.pages / self.wall

    @property
    def cpu_ms(self) -> float:
        """Return CPU milliseconds per page."""
        return 1000 * self.cpu / self.pages


def busy_cpu() -> float:
    """Return the machine's busy CPU seconds so far (all cores, from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class Servers:
    """The server processes of the portal (sites split among them) and their request logs."""

    def __init__(self, root: Path, sites: int, port: int, procs: int, chrome_kb: int, latency_ms: int = 0) -> None:
        """Start the server processes and wait until each says it is listening."""
        self.port, self.procs = port, procs
        self.children = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "serve",
                    str(root),
                    str(sites),
                    str(port),
                    str(k),
                    str(procs),
                    str(chrome_kb),
                    str(latency_ms),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for k in range(procs)
        ]
        for child in self.children:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"

    def log(self) -> tuple[list[str], float]:
        """Return the URLs served since the last call and the servers' CPU seconds so far."""
        urls: list[str] = []
        cpu = 0.0
        for k in range(self.procs):
            lines, spent = loopserver.fetch_log(portal_bench.host(k), self.port)
            urls += [f"http://{host}:{self.port}{path}" for host, path in (line.split(" ", 1) for line in lines)]
            cpu += spent
        return urls, cpu

    def cpu_now(self) -> float:
        """Return the servers' CPU seconds so far (clearing their logs)."""
        return self.log()[1]

    def stop(self) -> None:
        """Stop the server processes."""
        for child in self.children:
            child.send_signal(signal.SIGTERM)
        for child in self.children:
            child.wait(timeout=30)


def serve_main(argv: list[str]) -> None:
    """Server process k of n: serve the sites whose number is k modulo n."""
    root, (sites, port, k, n, chrome_kb, latency_ms) = Path(argv[0]), (int(a) for a in argv[1:7])
    mine = [(portal_bench.host(s), root / f"s{s}") for s in range(sites) if s % n == k]
    asyncio.run(loopserver.serve(mine, port, chrome_kb, portal_bench.missing_page, latency_ms / 1000))


def config_slice(config: Path, low: int, out: Path) -> Path:
    """Write the config of the sites from number `low` on (the first night of a larger size adds only those)."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    data["sites"] = data["sites"][low:]
    out.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True), encoding="utf-8")
    return out


def server_alone(servers: Servers, urls: list[str], connections: int, seconds: float) -> str:
    """Load the servers alone (an asyncio client, keep-alive) and return a line with their throughput and cost."""
    pairs = []
    for url in urls:
        host, path = url.split("//", 1)[1].split("/", 1)
        pairs.append((host.split(":")[0], "/" + path))
    cpu_before = servers.cpu_now()
    pages, wall = loopserver.load(pairs, servers.port, connections, seconds)
    cpu = servers.cpu_now() - cpu_before
    servers.log()
    return (
        f"server alone ({servers.procs} process, {connections} keep-alive connections from one asyncio client): "
        f"{pages / wall:.0f} pages/s, server CPU {1e6 * cpu / pages:.0f} µs/page "
        f"(one core would serve {pages / cpu:.0f} pages/s)"
    )


def crawl_once(
    servers: Servers, config: Path, db: Path, night: date, run: tuple[int, str], timeout: float, who: str = "ours"
) -> tuple[Run, list[str]]:
    """Run `govfresh crawl` of a night into a database; return its Run and the URLs it fetched."""
    command = [sys.executable, "-m", "crawler", "crawl", "--config", str(config), "--db", str(db)]
    command += ["--at", f"{night} 02:00", "--progress", "off"]
    return _measured(who, command, servers, *run, timeout)


def bare_once(servers: Servers, urls: list[str], folder: Path, sites: int, mode: str, timeout: float) -> Run:
    """Download the same URLs with the bare spider and the same politeness; return its Run."""
    listing = folder / "urls.txt"
    listing.write_text("\n".join(urls), encoding="utf-8")
    command = [sys.executable, str(BENCH / "bare_spider.py"), str(listing), json.dumps(portal_bench.POLITENESS[mode])]
    run, fetched = _measured("bare", command, servers, sites, mode, timeout)
    if Counter(fetched) != Counter(urls):
        print(f"  ! the bare spider fetched {len(fetched)} pages, the crawl {len(urls)}", flush=True)
    return run


def _measured(
    who: str, command: list[str], servers: Servers, sites: int, mode: str, timeout: float
) -> tuple[Run, list[str]]:
    """Run a command with the servers' log cleared before; return its Run and the URLs it fetched."""
    _, server_before = servers.log()
    machine_before = busy_cpu()
    wall, cpu, rss, out, status = portal_bench.run_measured(command, timeout)
    machine = busy_cpu() - machine_before
    urls, server_after = servers.log()
    if status != 0:
        print(f"  ! {who} exited {status}: {out.strip().splitlines()[-1:] or ''}", flush=True)
    server = server_after - server_before
    return Run(who, sites, mode, len(urls), wall, cpu, rss, server, max(0.0, machine - cpu - server)), urls


def line(run: Run) -> str:
    """Return one measured line."""
    label = f"{run.sites} sites, {run.mode}, {WHO[run.who]}"
    return (
        f"{label:<34} {run.pages:>7} pages {run.wall:>7.1f} s {run.rate:>7.1f} pages/s "
        f"{run.cpu_ms:>5.2f} ms CPU/page  peak RSS {run.rss_mib:>6.1f} MiB  "
        f"server {100 * run.server_cpu / run.wall:>3.0f} % of a core  others {run.others_cpu / run.wall:>4.2f} cores"
    )


def spread(values: list[float], fmt: str = ".1f") -> str:
    """Return 'mean' or 'mean (min–max)' of measured values."""
    mean = statistics.fmean(values)
    if len(values) == 1:
        return f"{mean:{fmt}}"
    return f"{mean:{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def summary(runs: list[Run], sizes: list[int], modes: list[str], columns: int) -> None:
    """Print the table of means (and spreads) per size and politeness, and how each figure grows."""
    first = [r for r in runs if r.who == "first"]
    if first:
        print("\nfirst night (politeness off; each size's first night adds its sites to the previous size's history):")
        for r in first:
            print(
                f"  {r.sites:>4} sites {r.sites * columns:>6} columns {r.pages:>7} pages "
                f"{r.pages / (r.sites * columns):.1f}/column {r.rate:>6.1f} pages/s {r.cpu_ms:.2f} ms CPU/page "
                f"peak RSS {r.rss_mib:.0f} MiB"
            )
    print(
        "\na later night (mean of runs, (min–max) when repeated; share = govfresh ÷ bare Scrapy, "
        "by pages/s and by CPU per page):"
    )
    print(
        f"{'sites':>5} {'columns':>7} {'politeness':<10} {'pages':>6} | {'govfresh pages/s':>19} "
        f"{'CPU ms/page':>17} {'peak RSS MiB':>19} | {'bare pages/s':>19} {'CPU ms/page':>17} | "
        f"{'share pages/s':>13} {'share CPU':>13}"
    )
    for mode in modes:
        for n in sizes:
            ours = [r for r in runs if r.sites == n and r.mode == mode and r.who == "ours"]
            bare = [r for r in runs if r.sites == n and r.mode == mode and r.who == "bare"]
            if not ours or not bare:
                continue
            by_rate = [100 * o.rate / b.rate for o, b in zip(ours, bare, strict=False)]
            by_cpu = [100 * b.cpu_ms / o.cpu_ms for o, b in zip(ours, bare, strict=False)]
            print(
                f"{n:>5} {n * columns:>7} {mode:<10} {ours[0].pages:>6} | {spread([r.rate for r in ours]):>19} "
                f"{spread([r.cpu_ms for r in ours], '.2f'):>17} {spread([r.rss_mib for r in ours]):>19} | "
                f"{spread([r.rate for r in bare]):>19} {spread([r.cpu_ms for r in bare], '.2f'):>17} | "
                f"{spread(by_rate, '.0f'):>11} % {spread(by_cpu, '.0f'):>11} %"
            )
    for mode in modes:
        _growth(runs, sizes, mode, "ours", columns)


def _growth(runs: list[Run], sizes: list[int], mode: str, who: str, columns: int) -> None:
    """Print how pages/s, CPU per page and peak RSS change from the smallest to the largest size."""
    low, high = sizes[0], sizes[-1]
    a = [r for r in runs if r.sites == low and r.mode == mode and r.who == who]
    b = [r for r in runs if r.sites == high and r.mode == mode and r.who == who]
    if not a or not b or low == high:
        return
    rate = statistics.fmean(r.rate for r in b) / statistics.fmean(r.rate for r in a)
    cpu = statistics.fmean(r.cpu_ms for r in b) / statistics.fmean(r.cpu_ms for r in a)
    rss_a, rss_b = statistics.fmean(r.rss_mib for r in a), statistics.fmean(r.rss_mib for r in b)
    per_column = 1024 * (rss_b - rss_a) / ((high - low) * columns)
    print(
        f"  {WHO[who]}, politeness {mode}: {low} → {high} sites: pages/s ×{rate:.2f}, CPU per page ×{cpu:.2f}, "
        f"peak RSS {rss_a:.0f} → {rss_b:.0f} MiB ({per_column:.1f} KiB more per column)"
    )


def profile(config: Path, db: Path, out: Path, root: Path, sites: int, columns: int) -> None:
    """Sample govfresh's first night and a later night with py-spy; print where the main thread spends its time."""
    db.unlink(missing_ok=True)
    spy = Path(sys.executable).with_name("py-spy")
    for night in (NIGHT1, NIGHT2):
        if night == NIGHT2:
            portal_bench.day2_changes(root, sites, columns)
        raw = out.with_name(f"{out.stem}-{night}{out.suffix}")
        command = [str(spy), "record", "-r", str(SPY_RATE), "-f", "raw", "-o", str(raw), "--", sys.executable]
        command += ["-m", "crawler", "crawl", "--config", str(config), "--db", str(db), "--at", f"{night} 02:00"]
        subprocess.run([*command, "--progress", "off"], check=True, capture_output=True)
        print(f"\n{'first' if night == NIGHT1 else 'later'} night ({raw.name}):")
        print_profile(raw)


def print_profile(raw: Path, top: int = 25) -> None:
    """Print a py-spy raw profile: the main thread's time by layer, then govfresh's functions (inclusive)."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    layers: Counter[str] = Counter()
    total = 0
    for text in raw.read_text().splitlines():
        stack, _, count = text.rpartition(" ")
        if "crawl_columns" not in stack:  # the main thread's crawl (not start-up, not the DNS thread pool)
            continue
        samples = int(count)
        total += samples
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        for frame in set(frames):
            inclusive[frame] += samples
        own[frames[-1]] += samples
        layers[_layer(frames)] += samples
    print(f"py-spy, {total} samples of the crawl's main thread ({SPY_RATE}/s):")
    for layer, samples in layers.most_common():
        print(f"  {100 * samples / total:5.1f} %  {layer}")
    print("  where the time is spent (own %):")
    for frame, samples in own.most_common(12):
        print(f"  {100 * samples / total:5.1f} %  {frame}")
    print("  govfresh's functions (inclusive %, own %):")
    ours = [(f, n) for f, n in inclusive.most_common() if re.search(r"\((crawler|rules)/", f)]
    for frame, samples in ours[2 : top + 2]:  # past runner.crawl_columns and its caller
        print(f"  {100 * samples / total:5.1f} % {100 * own[frame] / total:5.1f} %  {frame}")


def _layer(frames: list[str]) -> str:
    """Return the layer of a sample: the innermost govfresh module under the crawl, else the innermost library."""
    for frame in reversed(frames):
        if "crawler/extract/" in frame:
            return "govfresh extraction (crawler/extract)"
        if "crawler/spiders/" in frame:
            return "govfresh spider (paging, following, results)"
        if re.search(r"crawler/(store|pipelines)\.py", frame):
            return "govfresh storage (pipeline, SQLite)"
        if re.search(r"\(rules/", frame):
            return "rules"
        if re.search(r"crawler/(middlewares|downloader|progress)\.py", frame):
            return "govfresh middlewares, downloader, progress"
    for frame in reversed(frames):
        for name in ("scrapy", "twisted", "asyncio", "lxml", "w3lib", "sqlite3"):
            if f"{name}/" in frame:
                return f"{name} (not under govfresh code)"
    return "other (selectors, sockets, stdlib)"


def main() -> None:
    """Build and serve the portal, measure every size and politeness, print the runs and the summary."""
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", default="100,250,500", help="Sizes to crawl, comma-separated (default 100,250,500).")
    parser.add_argument("--columns", type=int, default=40)
    parser.add_argument("--politeness", choices=["default", "off", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=1, help="Later nights of each size and politeness (default 1).")
    parser.add_argument("--chrome-kb", type=int, default=40, help="Chrome added to every page, KB (0: none).")
    parser.add_argument("--server-procs", type=int, default=1)
    parser.add_argument(
        "--latency-ms", type=int, default=0, help="Answer every request this late (the web's round trip; 0: none)."
    )
    parser.add_argument("--port", type=int, default=18180)
    parser.add_argument("--timeout", type=float, default=900, help="Kill a run still going after this many seconds.")
    parser.add_argument("--profile", action="store_true", help="Only profile one crawl of the first size (py-spy).")
    parser.add_argument("--profile-out", type=Path, help="Keep py-spy's raw samples (FILE-<night>.txt).")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sites.split(","))
    modes = ["default", "off"] if args.politeness == "both" else [args.politeness]
    largest = sizes[-1]
    with tempfile.TemporaryDirectory(prefix="govfresh-scale-") as tmp:
        folder = Path(tmp)
        root = folder / "portal"
        started = time.monotonic()
        urls = portal_bench.build_portal(root, largest, args.columns)
        print(
            f"portal: {largest} sites × {args.columns} columns = {largest * args.columns} columns, "
            f"each site on its own loopback address; written in {time.monotonic() - started:.0f} s; "
            f"pages padded with {args.chrome_kb} KB of chrome"
        )
        configs = {}
        for n in sizes:
            for mode in portal_bench.POLITENESS:
                path = portal_bench.config(root, n, args.columns, args.port, portal_bench.POLITENESS[mode])
                configs[n, mode] = path.rename(folder / f"sites-{n}-{mode}.yaml")
        servers = Servers(root, largest, args.port, args.server_procs, args.chrome_kb, args.latency_ms)
        try:
            if args.profile:
                out = args.profile_out or folder / "profile.txt"
                profile(configs[sizes[0], modes[-1]], folder / "profile.db", out, root, largest, args.columns)
                return
            sample = [u.format(port=args.port) for u in urls]
            print(server_alone(servers, sample * 3, 64, 20), flush=True)
            runs: list[Run] = []
            seeds: dict[int, Path] = {}
            done = 0
            for n in sizes:  # the first night, size by size: each size's history is where its later nights start
                seeds[n] = folder / f"night1-{n}.db"
                if done:
                    shutil.copyfile(seeds[sizes[sizes.index(n) - 1]], seeds[n])
                part = config_slice(configs[n, "off"], done, folder / f"sites-{done}-{n}.yaml")
                first, _ = crawl_once(servers, part, seeds[n], NIGHT1, (n - done, "off"), args.timeout, "first")
                size, observations = portal_bench.db_figures(seeds[n])  # checkpointed: one file to copy
                print(
                    f"{line(first)}  (sites {done}–{n - 1}; history {size / 1e6:.0f} MB, {observations} observations)",
                    flush=True,
                )
                runs.append(first)
                done = n
            changed = portal_bench.day2_changes(root, largest, args.columns)
            print(f"night 2: {changed} columns of the {largest} sites have a new item", flush=True)
            history = folder / "history.db"
            for _ in range(args.repeat):
                for n in sizes:
                    for mode in modes:
                        shutil.copyfile(seeds[n], history)
                        ours, fetched = crawl_once(servers, configs[n, mode], history, NIGHT2, (n, mode), args.timeout)
                        print(line(ours), flush=True)
                        bare = bare_once(servers, fetched, folder, n, mode, args.timeout)
                        print(line(bare), flush=True)
                        runs += [ours, bare]
            summary(runs, sizes, modes, args.columns)
            print(f"bench took {time.monotonic() - started:.0f} s")
        finally:
            servers.stop()


if __name__ == "__main__":
    main()
