"""Progress on stderr: a bar at a terminal, one plain line per column when piped or under CI."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO, run_cli, write_config

from crawler.demo.portal import DEMO_AS_OF, DemoColumn, write_column
from crawler.demo.server import serve


def small_config(tmp_path, server, slow=""):
    columns = [
        {"name": "工作动态", "url": f"{server.url}{slow}a/"},
        {"name": "便民服务", "url": f"{server.url}missing/"},
    ]
    return write_config(tmp_path / "sites.yaml", {"sites": [{"name": "测试县", "columns": columns}]})


def test_plain_lines_when_stderr_is_not_a_terminal(tmp_path):
    write_column(tmp_path / "site" / "a", "测试县", DemoColumn("工作动态", "a", "trs", (2,)), DEMO_AS_OF, 0)
    with serve(tmp_path / "site") as server:
        run = run_cli("crawl", "--config", str(small_config(tmp_path, server)), "--db", str(tmp_path / "h.db"))
    assert run.code == 0, run.stderr
    lines = sorted(run.stderr.strip().splitlines())
    assert lines == [
        "[1/2] 测试县 便民服务: error: HTTP 404 页面不存在",
        "[2/2] 测试县 工作动态: ok, 2 items",
    ] or lines == [
        "[1/2] 测试县 工作动态: ok, 2 items",
        "[2/2] 测试县 便民服务: error: HTTP 404 页面不存在",
    ]


def test_a_bar_at_a_terminal(tmp_path):
    write_column(tmp_path / "site" / "a", "测试县", DemoColumn("工作动态", "a", "trs", (2,)), DEMO_AS_OF, 0)
    with serve(tmp_path / "site", slow_seconds=0.5) as server:
        primary, secondary = os.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")} | {"PYTHONPATH": str(REPO)}
        argv = [sys.executable, "-m", "crawler", "crawl", "--config", str(small_config(tmp_path, server, "_slow/"))]
        proc = subprocess.run(
            [*argv, "--db", str(tmp_path / "h.db")],
            stderr=secondary,
            capture_output=False,
            stdout=subprocess.PIPE,
            env=env,
            timeout=60,
        )
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.close(primary)
    assert proc.returncode == 0
    text = shown.decode("utf-8", errors="replace")
    assert "/2 [" in text and "错误 1" in text and "\r" in text
    assert "[1/2]" not in text  # no plain lines at a terminal
