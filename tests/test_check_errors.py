"""Columns that cannot be read: status `error` with a readable reason, and the other columns still checked."""

from __future__ import annotations

import socket

import pytest
from conftest import column, run_cli, write_config

from crawler.demo.portal import DEMO_AS_OF, DemoColumn, write_column
from crawler.demo.server import serve


def closed_port() -> int:
    """Return a loopback port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def broken_check(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken-site")
    write_column(root / "good", "测试单位", DemoColumn("工作动态", "good", "trs", (3, 9)), DEMO_AS_OF, 1)
    (root / "garbage").mkdir()
    (root / "garbage" / "index.html").write_bytes(bytes(range(256)) * 40)
    (root / "pdf").mkdir()
    (root / "pdf" / "index.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    write_column(root / "private", "测试单位", DemoColumn("内部动态", "private", "trs", (3,)), DEMO_AS_OF, 2)
    (root / "empty").mkdir()
    (root / "empty" / "index.html").write_bytes(b"  \n ")
    (root / "nolist").mkdir()
    (root / "nolist" / "index.html").write_text("<html><body><p>欢迎访问</p></body></html>", encoding="utf-8")
    with serve(root, slow_seconds=4) as server:
        base = server.url
        config = {
            "settings": {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 0},
            "sites": [
                {
                    "name": "测试单位",
                    "url": base,
                    "columns": [
                        {"name": "工作动态", "url": f"{base}good/"},
                        {"name": "拒绝连接", "url": f"http://127.0.0.1:{closed_port()}/news/", "category": "dynamic"},
                        {"name": "超时栏目", "url": f"{base}_slow/good/", "category": "dynamic"},
                        {"name": "乱码页面", "url": f"{base}garbage/", "category": "dynamic"},
                        {"name": "PDF文件", "url": f"{base}pdf/index.pdf", "category": "dynamic"},
                        {"name": "无列表页", "url": f"{base}nolist/", "category": "dynamic"},
                        {"name": "空白页面", "url": f"{base}empty/", "category": "dynamic"},
                        {"name": "内部动态", "url": f"{base}private/", "category": "dynamic"},
                    ],
                }
            ],
        }
        path = write_config(tmp_path_factory.mktemp("broken-config") / "sites.yaml", config)
        run = run_cli("check", "--config", str(path), "--as-of", "2026-11-23", "--format", "json")
    assert "Traceback" not in run.stderr
    return run


def test_good_column_is_checked_despite_broken_ones(broken_check):
    assert broken_check.code == 0  # errors are not violations
    good = column(broken_check.json(), "测试单位", "工作动态")
    assert (good["status"], good["latest"]) == ("ok", "2026-11-20")


def test_connection_refused(broken_check):
    col = column(broken_check.json(), "测试单位", "拒绝连接")
    assert col["status"] == "error" and "connection refused" in col["error"]


def test_timeout(broken_check):
    col = column(broken_check.json(), "测试单位", "超时栏目")
    assert col["status"] == "error" and "timeout" in col["error"]


def test_garbage_bytes_and_pages_without_a_list_are_errors_not_blank(broken_check):
    document = broken_check.json()
    for name in ("乱码页面", "无列表页", "空白页面"):
        col = column(document, "测试单位", name)
        assert (col["status"], col["latest"]) == ("error", None), name
        assert not any(f["rule"] == "blank-column" for f in col["findings"])


def test_non_html_is_an_error(broken_check):
    col = column(broken_check.json(), "测试单位", "PDF文件")
    assert col["status"] == "error" and "不是网页" in col["error"]


def test_robots_txt_is_obeyed(broken_check):
    col = column(broken_check.json(), "测试单位", "内部动态")
    assert col["status"] == "error" and "robots.txt" in col["error"]


def test_summary_counts_errors_apart(broken_check):
    assert broken_check.json()["summary"] == {
        "columns": 8,
        "ok": 1,
        "warning": 0,
        "violation": 0,
        "error": 7,
        "site_violations": 0,
    }
