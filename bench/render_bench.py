"""Time the reports over a large history: 100 units × 50 columns, crawled for six months.

    .venv/bin/python bench/render_bench.py [--units 100] [--columns 50] [--days 183]

The crawls are on every Monday and every 1st of a month (what the reports judge on); a daily crawl adds
observations that the reports read past, not work they do.
The history is written through the real store (History.record_column, as the crawl pipeline does) without
crawling, then loaded and rendered as the `report` commands do. Prints seconds and peak RSS per step.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.config import ColumnSpec  # noqa: E402
from crawler.items import ColumnResult  # noqa: E402
from crawler.store import History, load_history  # noqa: E402
from reports.monthly import build_monthly, render_monthly  # noqa: E402
from reports.quarterly import build_quarterly, render_quarterly  # noqa: E402
from reports.weekly import build_weekly, render_weekly  # noqa: E402
from rules import Entry, load_ruleset  # noqa: E402
from rules.scoring import load_scoring  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
END = date(2026, 11, 1)
CATEGORIES = ("dynamic",) * 7 + ("thematic", "overview", "documents")


def build_history(db: Path, units: int, columns: int, days: int) -> None:
    """Write crawls on Mondays and 1sts over `days` days ending on END; columns publish at random rates."""
    rng = random.Random(7)
    history = History(db)
    specs = [
        ColumnSpec(f"示例单位{u}", f"栏目{c}", f"http://u{u}.example.gov.cn/c{c}/", CATEGORIES[c % len(CATEGORIES)])
        for u in range(units)
        for c in range(columns)
    ]
    rates = [rng.choice((0.05, 0.2, 0.5, 1.0)) for _ in specs]
    published: list[list[Entry]] = [[] for _ in specs]
    for n in range(days):
        day = END - timedelta(days=days - 1 - n)
        for i, spec in enumerate(specs):
            if rng.random() < rates[i]:
                published[i].insert(0, Entry(f"{spec.name}第{n}条信息", f"{spec.url}{n}.html", day - timedelta(days=1)))
        if day.weekday() != 0 and day.day != 1:
            continue
        run = history.begin_run(datetime.combine(day, datetime.min.time(), TZ).replace(hour=2), "bench", len(specs))
        for i, spec in enumerate(specs):
            result = ColumnResult(i, spec, tuple(published[i][:20]), None, None, 1, spec.url)
            history.record_column(run, result, datetime.combine(day, datetime.min.time(), TZ).replace(hour=2))
        history.finish_run(run, datetime.combine(day, datetime.min.time(), TZ).replace(hour=3))
    history.close()


def step(label: str, started: float) -> float:
    """Print a step's time and the peak RSS so far; return now."""
    now = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<44} {now - started:>7.2f} s   peak RSS {rss:>7.1f} MiB", flush=True)
    return now


def main() -> None:
    """Build the history, then time loading and each report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--days", type=int, default=183)
    args = parser.parse_args()
    rules, scoring = load_ruleset(), load_scoring()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "history.db"
        t = time.perf_counter()
        build_history(db, args.units, args.columns, args.days)
        size = db.stat().st_size / 1e6
        print(f"history: {args.units} units × {args.columns} columns over {args.days} days, {size:.0f} MB")
        t = step("write the history (not part of a report)", t)
        columns = load_history(db)
        t = step("load the history", t)
        html = render_weekly(build_weekly(columns, rules, END + timedelta(days=1)), "周检查")
        t = step(f"周检查 ({len(html) / 1e6:.1f} MB of HTML)", t)
        html = render_monthly(build_monthly(columns, rules, date(2026, 10, 1)), "全县")
        t = step(f"月通报 for 2026-10 with 6-month trend ({len(html) / 1e6:.1f} MB)", t)
        html = render_quarterly(build_quarterly(columns, rules, scoring, 2026, 3), "全县")
        step(f"季评估 for 2026-Q3 ({len(html) / 1e6:.1f} MB)", t)


if __name__ == "__main__":
    main()
