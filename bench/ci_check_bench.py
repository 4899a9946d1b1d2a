"""Time `govfresh check` of one 50-column site at the default politeness, its server slowed to real latency.

    .venv/bin/python bench/ci_check_bench.py                 # every request answered after 200 ms
    .venv/bin/python bench/ci_check_bench.py --latency 0.5 --columns 60

The site is bench/portal_bench.py's generated one (TRS columns with paging, Hanweb, tables, single pages,
undated links), served on its own loopback address; the check runs with no setting changed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import portal_bench  # noqa: E402

from crawler.demo.server import PortalHandler, PortalServer  # noqa: E402


class SlowHandler(PortalHandler):
    """Answer every request after the server's latency, like a distant government server."""

    def do_GET(self) -> None:
        """Wait, then answer."""
        time.sleep(self.server.latency)  # type: ignore[attr-defined]
        super().do_GET()


def main() -> None:
    """Build the site, serve it slowly, time one check, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.2, help="Seconds before each answer.")
    parser.add_argument("--port", type=int, default=18333)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govfresh-ci-bench-") as tmp:
        root = Path(tmp) / "portal"
        portal_bench.build_portal(root, 1, args.columns)
        server = PortalServer(root / "s0", host=portal_bench.host(0), port=args.port)
        server.RequestHandlerClass = partial(SlowHandler, directory=str(root / "s0"))
        server.latency = args.latency  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        config = portal_bench.config(root, 1, args.columns, args.port, {})
        out = Path(tmp) / "check.json"
        argv = ["check", "--config", str(config), "--as-of", portal_bench.DAY1.isoformat(), "--format", "json"]
        m = portal_bench.measure([*argv, "--output", str(out)])
        pages = json.loads(out.read_text(encoding="utf-8"))["pages_fetched"]
        server.shutdown()
    print(f"one site, {args.columns} columns, {args.latency * 1000:.0f} ms per answer, default politeness:")
    portal_bench.report("check", portal_bench.Measure(m.wall, m.cpu, m.rss_mib, pages, m.said))


if __name__ == "__main__":
    main()
