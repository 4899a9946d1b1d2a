"""Politeness towards government servers: User-Agent with a contact, robots.txt per site, retry backoff, caps."""

from __future__ import annotations

import pytest
from conftest import column, run_cli, write_config

from crawler.demo.portal import DEMO_AS_OF, DemoColumn, write_column
from crawler.demo.server import serve


@pytest.fixture(scope="module")
def polite_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("polite-site")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    write_column(root / "private", "县", DemoColumn("内部动态", "private", "trs", (3,)), DEMO_AS_OF, 1)
    busy = tuple([0] * 30)  # 30 items today: every page is newer than last week's Monday
    write_column(root / "busy", "县", DemoColumn("部门动态", "busy", "trs", busy), DEMO_AS_OF, 2)
    write_column(root / "big", "县", DemoColumn("工作动态", "big", "trs", (3, 4)), DEMO_AS_OF, 3)
    page = root / "big" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", "<p>" + "政务公开" * 5000 + "</p></body>"), encoding="utf-8"
    )
    with serve(root) as server:
        base = server.url
        config = {
            "contact": "https://www.example.gov.cn/govfresh-contact",
            "settings": {
                "RETRY_TIMES": 2,
                "RETRY_BACKOFF_BASE": 0.3,
                "GOVFRESH_MAX_PAGES": 2,
                "DOWNLOAD_MAXSIZE": 3000,
            },
            "sites": [
                {"name": "县", "robots": False, "columns": [{"name": "内部动态", "url": f"{base}private/"}]},
                {
                    "name": "县直",
                    "columns": [
                        {"name": "部门动态", "url": f"{base}busy/"},
                        {"name": "故障栏目", "url": f"{base}_status/503/x/", "category": "dynamic"},
                        {"name": "工作动态", "url": f"{base}big/"},
                    ],
                },
            ],
        }
        path = write_config(tmp_path_factory.mktemp("polite-config") / "sites.yaml", config)
        run = run_cli("check", "--config", str(path), "--as-of", "2026-11-23", "--format", "json")
        hits = list(server.hits)
    assert "Traceback" not in run.stderr
    return run.json(), hits


def test_user_agent_names_the_tool_and_the_contact(polite_run):
    _, hits = polite_run
    agents = {agent for _, _, agent in hits}
    assert agents == {
        "govfresh/0.1 (+https://www.example.gov.cn/govfresh-contact; government website freshness monitor)"
    }


def test_robots_can_be_switched_off_per_site(polite_run):
    document, hits = polite_run
    assert "/private/" in [path for _, path, _ in hits]
    assert column(document, "县", "内部动态")["status"] == "ok"


def test_server_errors_are_retried_with_growing_pauses(polite_run):
    document, hits = polite_run
    times = [t for t, path, _ in hits if path == "/_status/503/x/"]
    assert len(times) == 3  # the first try and two retries
    assert times[1] - times[0] >= 0.3 and times[2] - times[1] >= 0.6
    col = column(document, "县直", "故障栏目")
    assert col["status"] == "error" and "503" in col["error"]


def test_page_cap_turns_an_unjudgeable_list_into_an_error_not_a_violation(polite_run):
    document, hits = polite_run
    paths = [path for _, path, _ in hits]
    assert "/busy/index_1.html" in paths and "/busy/index_2.html" not in paths  # GOVFRESH_MAX_PAGES: 2
    col = column(document, "县直", "部门动态")
    assert col["status"] == "error"
    assert "列表只读到2026-11-23" in col["findings"][0]["message"]


def test_size_cap_on_pages(polite_run):
    document, _ = polite_run
    col = column(document, "县直", "工作动态")  # 60 KB, over DOWNLOAD_MAXSIZE: 3000
    assert col["status"] == "error" and col["latest"] is None
    assert "大小上限" in col["error"]


def test_at_most_two_requests_at_once_per_site(tmp_path):
    root = tmp_path / "site"
    for n in range(10):
        write_column(root / f"c{n}", "县", DemoColumn(f"动态{n}", f"c{n}", "trs", (2,)), DEMO_AS_OF, n)
    with serve(root, slow_seconds=0.2) as server:
        columns = [{"name": f"动态{n}", "url": f"{server.url}_slow/c{n}/"} for n in range(10)]
        config = write_config(tmp_path / "sites.yaml", {"sites": [{"name": "县", "columns": columns}]})
        run = run_cli("check", "--config", str(config), "--as-of", "2026-11-23")
        most = server.max_in_flight
    assert run.code == 0, run.stderr
    assert most == 2  # CONCURRENT_REQUESTS_PER_DOMAIN, kept by crawler.downloader.PoliteDownloader
