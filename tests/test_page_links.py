"""Links are resolved when read, not all at parse time: every read gives what make_links_absolute gave."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from crawler.demo.portal import write_portal
from crawler.extract import decode_html, extract_listing, parse_html
from crawler.extract.article import article_date, article_event, article_forms, article_source
from crawler.extract.page import LINK_ATTRIBUTES, resolved_link

URL = "http://www.example.gov.cn/col/col12/index.html"
AS_OF = date(2026, 11, 23)
HREFS = [
    "",
    "  ",
    "#",
    "#top",
    "?page=2",
    "../up.html",
    "/abs.html",
    "//cdn.example.org/x.html",
    "http://other.example.gov.cn/y.html",
    "HTTPS://Upper.example.gov.cn/Z.html",
    "javascript:void(0)",
    "JavaScript:go()",
    "mailto:office@example.gov.cn",
    "tel:12345",
    "  ./spaced/t20261118_1.html  ",
    "202611/t20261118_2.html?x=1#frag",
    "data:text/html,hi",
]
BASES = [
    "",
    '<base href="http://cdn.example.org/sub/dir/">',
    '<base href="/root/">',
    '<base href="sub/">',
    '<base href="http://first.example.org/"><base href="http://second.example.org/a/">',
    '<base target="_blank">',
    '<base href="">',
]


def links_page(base: str, bad: bool = False) -> str:
    """Return a page with every kind of link lxml resolves, under a given <base>."""
    anchors = "".join(f'<li><a href="{h}">第{n}条</a><img src="{h}" alt="i"></li>' for n, h in enumerate(HREFS))
    if bad:
        anchors += '<li><a href="http://[broken">坏链接</a></li>'
    media = (
        '<iframe src="../player.html?v=1.mp4"></iframe><embed src="clip.flv">'
        '<object data="movie.swf"><param name="movie" value="m.flv"><param name="src" value="s.flv" valuetype="REF">'
        '<param name="x" src="p.mp3"></object><video src=""><source src="v/a.mp4"></video><audio src="./"></audio>'
    )
    return f"<html><head>{base}<title>t</title></head><body><ul>{anchors}</ul>{media}<a>无链接</a></body></html>"


def old_tree(text: str, url: str):
    """Return the tree as parse_html made it before: every link made absolute at once."""
    root = parse_html(text)
    root.make_links_absolute(url, resolve_base_href=True, handle_failures="ignore")
    return root


def attributes(element) -> list[str]:
    """Return the attributes of an element that may hold a link."""
    return sorted(a for a in element.attrib if a in LINK_ATTRIBUTES or a == "value")


@pytest.mark.parametrize("base", BASES)
def test_every_link_reads_as_make_links_absolute_wrote_it(base):
    text = links_page(base)
    old = [e for e in old_tree(text, URL).iter() if isinstance(e.tag, str) and e.tag != "base"]
    new = [e for e in parse_html(text, URL).iter() if isinstance(e.tag, str) and e.tag != "base"]
    assert [e.tag for e in old] == [e.tag for e in new]
    compared = 0
    for before, now in zip(old, new, strict=True):
        for name in attributes(now):
            assert resolved_link(now, name) == before.get(name), (now.tag, name, now.get(name))
            compared += 1
    assert compared > 2 * len(HREFS)


def test_a_relative_base_href_resolves_against_the_page_as_in_a_browser():
    """Changed edge: a relative <base href> is resolved against the page first.

    make_links_absolute joined links to the relative base first, then to the page, so <base href="../">
    with "../up.html" gave /col/col12/up.html (two folders up from "../" read as one).
    """
    root = parse_html(links_page('<base href="../">'), URL)
    anchor = next(a for a in root.iter("a") if a.get("href") == "../up.html")
    assert resolved_link(anchor) == "http://www.example.gov.cn/up.html"  # base /col/, then one folder up
    image = next(i for i in root.iter("img") if i.get("src") == "/abs.html")
    assert resolved_link(image, "src") == "http://www.example.gov.cn/abs.html"


def test_a_tree_without_a_url_keeps_its_links_as_written():
    root = parse_html(links_page('<base href="http://cdn.example.org/">'))
    anchor = next(a for a in root.iter("a") if a.get("href") == "../up.html")
    assert resolved_link(anchor) == "../up.html"
    assert resolved_link(anchor, "title") is None


def test_a_malformed_link_is_kept_as_written_and_breaks_nothing():
    """make_links_absolute raised on it under a <base href> (the page then failed to parse); now it stays as is."""
    root = parse_html(links_page('<base href="http://cdn.example.org/">', bad=True), URL)
    anchor = next(a for a in root.iter("a") if "broken" in (a.get("href") or ""))
    assert resolved_link(anchor) == "http://[broken"
    assert extract_listing(root, URL, AS_OF).kind in ("links", "list", "none")


def test_items_and_next_page_resolve_against_base_href():
    html = """<html><head><base href="http://cdn.example.org/news/"></head><body>
    <ul class="list"><li><a href="202611/t20261118_1.html">第一条新闻标题示例文字</a><span>2026-11-18</span></li>
    <li><a href="/other/t20261117_2.html">第二条新闻标题示例文字</a><span>2026-11-17</span></li></ul>
    <a href="index_1.html">下一页</a></body></html>"""
    listing = extract_listing(parse_html(html, URL), URL, AS_OF)
    assert [i.url for i in listing.items] == [
        "http://cdn.example.org/news/202611/t20261118_1.html",
        "http://cdn.example.org/other/t20261117_2.html",
    ]
    assert listing.next_page == "http://cdn.example.org/news/index_1.html"


def test_script_data_links_resolve_against_the_page_not_base_href():
    """As before: links in a script's JSON records are joined to the page's own URL."""
    records = [{"title": "关于开展专项检查的通知", "pubDate": "2026-11-18", "url": "./202611/t20261118_9.html"}]
    html = (
        '<html><head><base href="http://cdn.example.org/x/"></head><body><div id="list"></div>'
        f"<script>var articleList = {json.dumps(records, ensure_ascii=False)};</script></body></html>"
    )
    listing = extract_listing(parse_html(html, URL), URL, AS_OF)
    assert [i.url for i in listing.items] == ["http://www.example.gov.cn/col/col12/202611/t20261118_9.html"]


def test_empty_and_fragment_links_of_a_page_count_as_links_to_it():
    """A resolved "" or "#" is the page's own address: a link (as when every link was made absolute)."""
    html = """<html><body><ul><li><a href="#">第一条新闻标题示例文字</a><span>2026-11-18</span></li>
    <li><a href="">第二条新闻标题示例文字</a><span>2026-11-17</span></li></ul></body></html>"""
    with_url = extract_listing(parse_html(html, URL), URL, AS_OF)
    assert [i.url for i in with_url.items] == [URL, URL]
    assert extract_listing(parse_html(html), URL, AS_OF).items == []  # no URL: no page to lead to


def test_script_arrays_are_found_as_the_pattern_found_them():
    """_array_starts yields exactly the ends of SCRIPT_ARRAY's matches."""
    from crawler.extract.listing import SCRIPT_ARRAY, _array_starts

    texts = [
        'var list = [{"title": "a"}]; data: [ { }]; "k" :[{}] x=[[{]] $a=\n\t[{',
        "foo = bar [{ }]; arr=[1,{}]; ok: [\n{ } ]; 名单=[{}] ²=[{}] _: [{",
        "[{ at start }] =[{ no name }] a = b = [{}]",
    ]
    for text in texts:
        assert list(_array_starts(text)) == [m.end() for m in SCRIPT_ARRAY.finditer(text)]


def compare_pages(pages: list[tuple[str, str]]) -> int:
    """Assert that every page extracts the same from the old tree and the new one; return how many compared."""
    for url, text in pages:
        old, new = old_tree(text, url), parse_html(text, url)
        assert extract_listing(new, url, AS_OF) == extract_listing(old, url, AS_OF), url
        assert article_date(new, url) == article_date(old, url), url
        assert article_source(new) == article_source(old), url
        assert article_forms(new, url) == article_forms(old, url), url
        assert article_event(new, AS_OF) == article_event(old, AS_OF), url
    return len(pages)


def test_demo_portal_pages_extract_as_before(tmp_path):
    write_portal(tmp_path)
    pages = [
        (f"http://127.0.0.1:8000/{p.relative_to(tmp_path).as_posix()}", decode_html(p.read_bytes(), None))
        for p in sorted(tmp_path.rglob("*.html"))
    ]
    assert compare_pages(pages) > 100


def test_real_pages_extract_as_before():
    folder = Path(os.environ.get("GOVFRESH_REALPAGES") or Path(__file__).resolve().parents[2] / "shared" / "realpages")
    if not (folder / "labels.json").is_file():
        pytest.skip("no labelled real pages")
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    pages = []
    for label in labels:
        body = (folder / label["file"]).read_bytes()
        site = label.get("site") or "www.example.gov.cn"
        pages.append((f"http://{site}/{label['file']}", decode_html(body, None)))
    assert compare_pages(pages) == len(labels)
