"""The HTML report escapes everything that came from a crawled page."""

from __future__ import annotations

from conftest import run_cli, write_config

from crawler.demo.server import serve

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_hostile_titles_are_shown_as_text(tmp_path):
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    item = f'<li><a href="./202611/t20261120_1.html">{HOSTILE.replace("<", "&lt;")}</a><span>2026-11-20</span></li>'
    second = '<li><a href="./202611/t20261119_2.html">第二条信息标题</a><span>2026-11-19</span></li>'
    (site / "news" / "index.html").write_text(f"<html><body><ul>{item}{second}</ul></body></html>", encoding="utf-8")
    with serve(site) as server:
        config = write_config(
            tmp_path / "sites.yaml",
            {
                "sites": [
                    {
                        "name": "测试<marquee>单位</marquee>",
                        "columns": [{"name": "工作动态", "url": f"{server.url}news/"}],
                    }
                ]
            },
        )
        out = tmp_path / "check.html"
        run = run_cli(
            "check", "--config", str(config), "--as-of", "2026-11-23", "--format", "html", "--output", str(out)
        )
    assert run.code == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page and "<marquee>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "测试&lt;marquee&gt;单位&lt;/marquee&gt;" in page
