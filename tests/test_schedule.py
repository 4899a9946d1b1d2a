"""`govfresh schedule`: jobs as child processes, missed runs once, never twice at once, SIGTERM between columns."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.interval import IntervalTrigger
from conftest import REPO, run_cli, write_config

from crawler.demo.portal import DEMO_AS_OF, DemoColumn, write_column
from crawler.demo.server import serve
from crawler.schedule import Job, ScheduleContext, Scheduler

TZ = ZoneInfo("Asia/Shanghai")


def run_scheduler(scheduler: Scheduler, seconds: float) -> None:
    """Run a scheduler in a thread for a while, then stop it."""
    thread = threading.Thread(target=scheduler.start, kwargs={"install_signals": False})
    thread.start()
    time.sleep(seconds)
    scheduler.stop()
    thread.join(timeout=20)
    assert not thread.is_alive()


def recorder(path, sleep=0.0):
    """A job command that appends its start and end times to a file."""
    code = f"import time; f=open({str(path)!r},'a'); f.write(f'start {{time.time()}}\\n'); f.flush(); time.sleep({sleep}); f.write(f'end {{time.time()}}\\n')"
    return lambda ctx: [sys.executable, "-c", code]


def test_runs_missed_while_asleep_run_once_on_waking(tmp_path):
    lines: list[str] = []
    scheduler = Scheduler(ScheduleContext("c", "d", "o"), TZ, log=lines.append)
    marks = tmp_path / "runs.txt"
    daily = IntervalTrigger(days=1, timezone=TZ)
    scheduler.add(Job("nightly-crawl", daily, recorder(marks)), next_run_time=datetime.now(TZ) - timedelta(days=3))
    run_scheduler(scheduler, 2.0)
    assert marks.read_text().count("start") == 1
    assert any("finished (exit 0)" in line for line in lines)


def test_a_job_never_runs_twice_at_once(tmp_path):
    lines: list[str] = []
    scheduler = Scheduler(ScheduleContext("c", "d", "o"), TZ, log=lines.append)
    marks = tmp_path / "runs.txt"
    scheduler.add(
        Job("nightly-crawl", IntervalTrigger(seconds=0.3, timezone=TZ), recorder(marks, sleep=1.0)), datetime.now(TZ)
    )
    run_scheduler(scheduler, 2.6)
    events = [line.split() for line in marks.read_text().splitlines()]
    kinds = [kind for kind, _ in events]
    assert kinds[: len(kinds) // 2 * 2] == ["start", "end"] * (len(kinds) // 2)  # strictly one after another
    assert kinds.count("start") <= 3  # the last one may have been stopped by stop()
    assert any("skipped: the previous run is still going" in line for line in lines)


def test_schedule_command_crawls_and_stops_cleanly_on_sigterm(tmp_path):
    root = tmp_path / "site"
    for n in range(6):
        write_column(root / f"c{n}", "测试县", DemoColumn(f"动态{n}", f"c{n}", "trs", (2, 5)), DEMO_AS_OF, n)
    with serve(root, slow_seconds=0.3) as server:
        # thematic: list pages only (dynamic columns would also read articles for their 来源)
        columns = [{"name": f"动态{n}", "url": f"{server.url}_slow/c{n}/", "category": "thematic"} for n in range(6)]
        config = write_config(tmp_path / "sites.yaml", {"sites": [{"name": "测试县", "columns": columns}]})
        db = tmp_path / "history.db"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        argv = [sys.executable, "-m", "crawler", "schedule", "--config", str(config), "--db", str(db)]
        proc = subprocess.Popen(
            [*argv, "--out", str(tmp_path / "out"), "--crawl-every", "1.5"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        time.sleep(5.5)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    log = err.strip().splitlines()
    assert all(line[:4].isdigit() for line in log), log  # one timestamped line per event
    assert any("nightly-crawl started: govfresh crawl" in line for line in log)
    assert any("finished (exit 0)" in line and "complete" in line for line in log)
    assert log[-1].endswith("scheduler stopped")
    with sqlite3.connect(db) as conn:
        statuses = [s for (s,) in conn.execute("SELECT status FROM runs ORDER BY id")]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert "complete" in statuses and "running" not in statuses


def test_schedule_refuses_a_bad_config_at_once(tmp_path):
    run = run_cli(
        "schedule", "--config", str(tmp_path / "none.yaml"), "--db", str(tmp_path / "h.db"), "--out", str(tmp_path)
    )
    assert run.code == 2 and "none.yaml" in run.stderr
    bad_time = write_config(
        tmp_path / "s.yaml", {"sites": [{"name": "县", "columns": [{"name": "动态", "url": "http://127.0.0.1:9/"}]}]}
    )
    run = run_cli(
        "schedule",
        "--config",
        str(bad_time),
        "--db",
        str(tmp_path / "h.db"),
        "--out",
        str(tmp_path),
        "--crawl-at",
        "25:00",
    )
    assert run.code == 2 and "--crawl-at" in run.stderr
