"""The demo's history: the demo portal crawled on several simulated days, as a nightly crawl would have."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from crawler.demo.portal import DEMO_AS_OF, write_portal
from crawler.errors import GovfreshError

# Mondays of October and November up to the demo's day, and the 1st of each month: enough for a 周检查,
# the October 月通报 and the fourth quarter's 季评估 so far; and a Friday, so that an item back-dated into
# last week (it appears only on the demo's day) was missed by two crawls that had read that far.
DEMO_DAYS = sorted(
    {DEMO_AS_OF - timedelta(weeks=n) for n in range(1, 8)} | {date(2026, 10, 1), date(2026, 11, 1), date(2026, 11, 20)}
)


def child_env() -> dict[str, str]:
    """Return the environment of a child `python -m crawler`: this checkout importable, whatever the cwd."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), *sys.path])}


def crawl_demo_days(portal: Path, config: Path, db: Path, days: list[date] = DEMO_DAYS) -> None:
    """Rewrite the portal as it stood on each day and crawl it into db with `govfresh crawl --at`."""
    env = child_env()
    for day in days:
        write_portal(portal, day)
        argv = [
            sys.executable,
            "-m",
            "crawler",
            "crawl",
            "--config",
            str(config),
            "--db",
            str(db),
            "--at",
            f"{day} 02:00",
        ]
        done = subprocess.run([*argv, "--progress", "off"], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise GovfreshError(f"demo crawl of {day} failed: {(done.stderr or done.stdout).strip()[-300:]}")
