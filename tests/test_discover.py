"""`govfresh discover`: a real crawl of local sites proposes their columns as a sites.yaml that check reads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from test_check_errors import closed_port

from crawler.config import load_config
from crawler.demo.pages import DATE_FORMATS, Item, page, trs_list
from crawler.demo.portal import DEMO_AS_OF, portal_config
from crawler.demo.server import serve
from crawler.discover import Discovery, Proposal, canonical_url, in_scope, is_followable, render_config

SITE = "测试县人民政府"


def _items(prefix: str, count: int, first: int = 0) -> list[Item]:
    """Return dated TRS items of a column, newest first, one every two days from 2026-11-20."""
    from datetime import timedelta

    days = [DEMO_AS_OF - timedelta(days=3 + 2 * n) for n in range(first, first + count)]
    return [Item(f"{prefix}第{n + 1}条信息发布", d, f"./{d:%Y%m}/t{d:%Y%m%d}_{n}.html") for n, d in enumerate(days)]


def _write(path: Path, text: str, charset: str = "utf-8") -> None:
    """Write a page (GB2312 pages as GBK bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("gbk" if charset.startswith("gb") else charset))


def _list_page(name: str, items: list[Item], index: int = 0, pages: int = 1, charset: str = "utf-8") -> str:
    """Return a TRS column page with its ColumnName meta."""
    return page(SITE, name, trs_list(items, DATE_FORMATS["iso"], index, pages), DEMO_AS_OF, charset=charset)


def write_trap_site(root: Path) -> None:
    """Write a site with the traps of real portals: previews, trees in scripts, chrome, paging, GBK, a sitemap."""
    site = root / "site"
    gzdt, tzgg = _items("工作动态", 10), _items("通知公告", 6)
    home = f"""<div class="nav"><a href="./">首页</a> <a href="./zwgk/">政务公开</a> <a href="./xwzx/">新闻中心</a>
<a href="./hdjl/">互动交流</a> <a href="./wzdt/">网站地图</a> <a href="http://www.gov.cn/">中国政府网</a></div>
<div class="news"><h2>要闻</h2>{
        trs_list([Item(i.title, i.published, "xwzx/gzdt/" + i.href[2:]) for i in gzdt[:5]], DATE_FORMATS["iso"], 0, 1)
    }<a href="./xwzx/gzdt/index.html">更多&gt;&gt;</a></div>"""
    _write(site / "index.html", page(SITE, "首页", home, DEMO_AS_OF))
    previews = "".join(
        f'<div class="box"><h3>{name}</h3>'
        f"{trs_list([Item(i.title, i.published, f'./{path}/' + i.href[2:]) for i in items[:5]], DATE_FORMATS['iso'], 0, 1)}"
        f'<a href="./{path}/">更多</a></div>'
        for name, path, items in (("工作动态", "gzdt", gzdt), ("通知公告", "tzgg", tzgg))
    )
    _write(site / "xwzx" / "index.html", page(SITE, "新闻中心", previews, DEMO_AS_OF))
    _write(site / "xwzx" / "gzdt" / "index.html", _list_page("工作动态", gzdt[:8], 0, 2))
    _write(site / "xwzx" / "gzdt" / "index_1.html", _list_page("工作动态", gzdt[8:], 1, 2))
    _write(site / "xwzx" / "tzgg" / "index.html", _list_page("通知公告", tzgg, charset="gb2312"), "gb2312")
    tree = """<script>var tree = [{name: "政策文件", url: "./zcwj/"}, {name: "人事信息", url: "./rsxx/"},
{"name": "财政预决算", "url": "./czyjs/"}];</script>
<ul class="tree"><li><a href="./xqgk/">县情概况</a></li><li><a href="./ldxx/">领导信息</a></li>
<li><a href="./zcwj/index.html">政策文件</a></li></ul>"""
    _write(site / "zwgk" / "index.html", page(SITE, "政府信息公开", tree, DEMO_AS_OF))
    _write(site / "zwgk" / "zcwj" / "index.html", _list_page("政策文件", _items("政策文件", 4)))
    scripted = '<ul id="list"></ul><script>fetch("./api.json").then(r => r.json());</script>'
    _write(site / "zwgk" / "rsxx" / "index.html", page(SITE, "人事信息", scripted, DEMO_AS_OF))
    single = '<div class="article"><h1>县情概况</h1><div class="info">发布日期：2026-01-08</div><p>概况。</p></div>'
    _write(site / "zwgk" / "xqgk" / "index.html", page(SITE, "县情概况", single, DEMO_AS_OF))
    _write(site / "zwgk" / "ldxx" / "index.html", page(SITE, "领导信息", "<p>县长：某某</p>", DEMO_AS_OF))
    _write(site / "ztzl" / "index.html", _list_page("专题专栏", _items("专题", 3)))
    chrome = "".join(f'<a href="../{p}/">{n}</a>' for n, p in (("工作动态", "xwzx/gzdt"), ("专题专栏", "ztzl")))
    _write(site / "wzdt" / "index.html", page(SITE, "网站地图", chrome, DEMO_AS_OF))
    for column, items in (("gzdt", gzdt), ("tzgg", tzgg)):
        for item in items:
            _write(site / "xwzx" / column / item.href[2:], page(SITE, item.title, "<p>正文</p>", DEMO_AS_OF))
    sitemap = "<urlset><url><loc>{b}site/ztzl/</loc></url><url><loc>{b}site/xwzx/gzdt/202611/t20261120_0.html</loc></url></urlset>"
    (root / "sitemap.xml.tmpl").write_text(sitemap, encoding="utf-8")


@pytest.fixture(scope="module")
def trap_site(tmp_path_factory):
    """The trap site served on 127.0.0.1 and its discovered config."""
    root = tmp_path_factory.mktemp("trap-site")
    write_trap_site(root)
    with serve(root) as server:
        template = (root / "sitemap.xml.tmpl").read_text(encoding="utf-8")
        (root / "sitemap.xml").write_text(template.format(b=server.url), encoding="utf-8")
        output = tmp_path_factory.mktemp("trap-out") / "sites.yaml"
        run = run_cli("discover", f"{server.url}site/", "--output", str(output))
        yield server, run, output, list(server.requests)  # what discovery alone asked for


def _columns(output: Path) -> dict[str, dict]:
    """Return the discovered columns by their path under the site."""
    data = yaml.safe_load(output.read_text(encoding="utf-8"))
    return {c["url"].split("/site/", 1)[1]: c for c in data["sites"][0]["columns"]}


def test_discover_proposes_the_columns_and_only_them(trap_site):
    _, run, output, _ = trap_site
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""  # the config went to the file
    found = _columns(output)
    assert {canonical_url("http://x/" + p) for p in found} == {
        canonical_url("http://x/" + p)
        for p in (
            "",
            "xwzx/gzdt/",
            "xwzx/tzgg/",
            "zwgk/zcwj/",
            "zwgk/rsxx/",
            "zwgk/czyjs/",
            "zwgk/xqgk/",
            "zwgk/ldxx/",
            "ztzl/",
        )
    }, found.keys()


def test_discovered_names_categories_and_gbk(trap_site):
    found = {c["name"]: c for c in _columns(trap_site[2]).values()}
    assert found["首页"]["category"] == "homepage"
    assert found["工作动态"]["category"] == "dynamic"
    assert found["通知公告"]["category"] == "dynamic"  # a GB2312 page: its name read right
    assert found["政策文件"]["category"] == "documents"  # from a column tree in a script
    assert found["县情概况"]["category"] == "overview"
    assert found["专题专栏"]["category"] == "thematic"  # only in sitemap.xml, named by its ColumnName meta


def test_unreadable_columns_are_marked(trap_site):
    text = trap_site[2].read_text(encoding="utf-8")
    blocks = {block.split("\n", 1)[0]: block for block in text.split("      - name: ")[1:]}
    assert "JavaScript" in blocks["人事信息"] and "render: browser" in blocks["人事信息"]
    assert "无法读取：HTTP 404" in blocks["财政预决算"]
    assert "未找到信息列表或发布日期" in blocks["领导信息"]
    assert "把握较大" in blocks["工作动态"]


def test_discovered_config_loads_and_checks(trap_site, tmp_path):
    output = trap_site[2]
    config = load_config(output)
    assert config.ruleset == "zwgk-2021"
    assert config.sites[0].name == SITE
    run = run_cli("check", "--config", str(output), "--as-of", "2026-11-23", "--format", "json")
    assert run.code in (0, 1), run.stderr
    statuses = {c["name"]: c["status"] for c in run.json()["columns"]}
    assert statuses["工作动态"] in ("ok", "warning")
    assert statuses["人事信息"] == "error" and statuses["财政预决算"] == "error"


def test_discover_never_requests_articles_or_further_list_pages(trap_site):
    paths = trap_site[3]
    assert "/site/zwgk/" in paths
    assert not any("/t2026" in p for p in paths)  # item pages are not read during discovery
    assert not any(p.endswith("index_1.html") for p in paths)  # nor a list's further pages


def test_demo_portal_discovery_finds_its_columns(demo_portal, tmp_path):
    truth = portal_config(demo_portal.url)
    found_all, real_all = 0, 0
    for site in truth["sites"]:
        output = tmp_path / f"{site['name']}.yaml"
        run = run_cli("discover", site["url"], "--output", str(output))
        assert run.code == 0, run.stderr
        proposed = {canonical_url(c["url"]) for c in yaml.safe_load(output.read_text("utf-8"))["sites"][0]["columns"]}
        real = {canonical_url(c["url"]) for c in site["columns"]}
        assert proposed <= real | {canonical_url(site["url"])}, proposed - real  # nothing that is not a column
        found_all += len(proposed & real)
        real_all += len(real)
    assert found_all >= real_all - 1  # the zhen 便民服务 link answers 404 under a name that is no column category


def test_unreachable_site_is_one_readable_line(tmp_path):
    run = run_cli("discover", f"http://127.0.0.1:{closed_port()}/", "--output", str(tmp_path / "x.yaml"))
    assert run.code == 2
    assert "Traceback" not in run.stderr
    assert "起始页无法读取" in run.stderr and "连接被拒绝" in run.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_bad_url_is_refused():
    run = run_cli("discover", "ftp://example/")
    assert run.code == 2 and "应为网站地址" in run.stderr


def test_unit_rules_of_urls():
    assert canonical_url("HTTP://Www.X.gov.cn:80/gzdt/index.html#top") == "http://www.x.gov.cn/gzdt"
    assert canonical_url("http://x.gov.cn/gzdt/") == canonical_url("http://x.gov.cn/gzdt")
    assert in_scope("http://xxgk.x.gov.cn/col/", "http://www.x.gov.cn/")
    assert not in_scope("http://www.gov.cn/", "http://www.x.gov.cn/")
    assert not in_scope("http://127.0.0.1:8000/other/", "http://127.0.0.1:8000/site/")
    assert not is_followable("http://x.gov.cn/gzdt/202611/t20261120_1.html")
    assert not is_followable("http://x.gov.cn/art/2026/11/20/art_1_2.html")
    assert not is_followable("http://x.gov.cn/gzdt/index_2.html")
    assert not is_followable("http://x.gov.cn/files/a.pdf")
    assert is_followable("http://x.gov.cn/col/col1234/index.html")


def test_rendered_config_quotes_what_yaml_needs():
    tricky = Proposal("专题: 扫黑除恶 #1", "http://x.gov.cn/a?b=1&c=2", "thematic", "按名称推断", True, None, 3)
    broken = Proposal("人事信息", "http://x.gov.cn/rsxx/", "personnel", "按名称推断", False, "无法读取：HTTP 500")
    text = render_config(Discovery("http://x.gov.cn/", "某县: 人民政府", (tricky, broken), 5), "2026-11-23 10:00")
    data = yaml.safe_load(text)
    site = data["sites"][0]
    assert site["name"] == "某县: 人民政府"
    assert [c["name"] for c in site["columns"]] == ["专题: 扫黑除恶 #1", "人事信息"]
    assert site["columns"][0]["url"] == "http://x.gov.cn/a?b=1&c=2"
    assert "# 无法读取：HTTP 500" in text
