"""Hanweb (大汉) columns whose older records come in groups POSTed to dataproxy.jsp: followed as far as the rules need."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import column, run_cli, write_config

from crawler.demo import pages
from crawler.demo.pages import Item
from crawler.extract import extract_listing, parse_html
from crawler.extract.hanweb import find_pager, group_document, group_request, has_group

UNIT = "示例县人民政府"
AS_OF = date(2026, 11, 27)  # a Friday: the week judged is 2026-11-16 to 2026-11-22
PER_PAGE, GROUP_SIZE = 5, 3  # 15 records per group
GROUP = PER_PAGE * GROUP_SIZE
PROXY = "/module/web/jpage/dataproxy.jsp"


def form_for(column_id: int) -> dict[str, str]:
    """The dataproxy form of a column, as the page carries it."""
    return {
        "col": "1",
        "appid": "1",
        "webid": "3",
        "path": "/",
        "columnid": str(column_id),
        "sourceContentType": "1",
        "unitid": "41618",
        "webname": UNIT,
        "permissiontype": "0",
    }


def dated_items(column_id: int, days: list[date]) -> list[Item]:
    """Items on these days, with Hanweb article links (/art/YYYY/MM/DD/art_COL_N.html)."""
    return [
        Item(f"{UNIT}召开第{n + 1}次专题会议", day, f"/art/{day:%Y/%m/%d}/art_{column_id}_{n}.html")
        for n, day in enumerate(days)
    ]


def this_week_then(back_from: date) -> list[date]:
    """50 days: the first group (15 records, three a day) all in this week, then one a day from back_from on."""
    first = [AS_OF - timedelta(days=n // 3) for n in range(GROUP)]
    return first + [back_from - timedelta(days=n) for n in range(50 - GROUP)]


class HanwebSite(ThreadingHTTPServer):
    """A Hanweb site on 127.0.0.1: column pages with the first group, dataproxy.jsp answering POSTs, articles."""

    daemon_threads = True

    def __init__(self, columns: dict[int, list[Item]]) -> None:
        super().__init__(("127.0.0.1", 0), HanwebHandler)
        self.columns = columns
        self.posts: list[tuple[str, dict[str, str]]] = []
        self.gets: list[str] = []

    @property
    def url(self) -> str:
        """Return the base URL."""
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def column_page(self, column_id: int) -> str:
        """Return the column page: its first group of records in the datastore."""
        items = self.columns[column_id]
        area = pages.hanweb_paged_list(items[:GROUP], len(items), form_for(column_id), PER_PAGE, GROUP_SIZE)
        return pages.page(UNIT, f"栏目{column_id}", area, AS_OF)

    def article(self, path: str) -> str | None:
        """Return the article page of an item link, or None."""
        for items in self.columns.values():
            for item in items:
                if item.href == path:
                    return pages.article(UNIT, item.title, item.published, AS_OF, meta=True)
        return None


class HanwebHandler(BaseHTTPRequestHandler):
    """GET column pages and articles; POST dataproxy.jsp?startrecord=…&endrecord=…&perpage=… with the form."""

    server: HanwebSite

    def do_GET(self) -> None:
        self.server.gets.append(self.path)
        if self.path.startswith("/col/col") and self.path.endswith("/index.html"):
            column_id = int(self.path.split("/")[2][3:])
            self._answer(200, self.server.column_page(column_id), "text/html; charset=UTF-8")
            return
        article = self.server.article(self.path)
        if article is None:
            self._answer(404, "not found", "text/plain")
        else:
            self._answer(200, article, "text/html; charset=UTF-8")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
        self.server.posts.append((self.path, form))
        parts = urlsplit(self.path)
        query = {k: int(v[0]) for k, v in parse_qs(parts.query).items()}
        items = self.server.columns.get(int(form.get("columnid", 0)))
        if parts.path != PROXY or items is None:
            self._answer(404, "not found", "text/plain")
            return
        group = items[query["startrecord"] - 1 : query["endrecord"]]
        self._answer(200, pages.hanweb_group(group, len(items), query["perpage"]), "text/xml;charset=UTF-8")

    def _answer(self, status: int, text: str, content_type: str) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture
def hanweb_site():
    """Three Hanweb columns: last week only in the second group (1001), nowhere (1002), in the first (1003)."""
    columns = {
        1001: dated_items(1001, this_week_then(date(2026, 11, 20))),
        1002: dated_items(1002, this_week_then(date(2026, 11, 13))),
        1003: dated_items(1003, [AS_OF - timedelta(days=n) for n in range(50)]),
    }
    server = HanwebSite(columns)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def check(site: HanwebSite, tmp_path, column_ids: list[int]) -> dict:
    """Run a real `govfresh check` of the columns as of AS_OF and return its JSON."""
    config = {
        # Every item of the judged week has its 来源 read (the newest 8 are all of this week).
        "settings": {"AUTOTHROTTLE_ENABLED": False, "RETRY_TIMES": 0, "GOVFRESH_DETAIL_ARTICLES": 30},
        "sites": [
            {
                "name": UNIT,
                "url": site.url,
                "columns": [
                    {"name": f"栏目{c}", "url": f"{site.url}col/col{c}/index.html", "category": "dynamic"}
                    for c in column_ids
                ],
            }
        ],
    }
    path = write_config(tmp_path / "sites.yaml", config)
    run = run_cli("check", "--config", str(path), "--as-of", AS_OF.isoformat(), "--format", "json")
    assert run.code in (0, 1), run.stderr
    return run.json()


def starts(site: HanwebSite, column_id: int) -> list[str]:
    """Return the startrecord of every dataproxy.jsp POST made for a column."""
    return [
        parse_qs(urlsplit(path).query)["startrecord"][0]
        for path, form in site.posts
        if form.get("columnid") == str(column_id)
    ]


def test_second_group_is_posted_when_the_first_lacks_last_week(hanweb_site, tmp_path):
    document = check(hanweb_site, tmp_path, [1001])
    col = column(document, UNIT, "栏目1001")
    assert (col["status"], col["latest"]) == ("ok", "2026-11-27"), col["findings"]
    assert col["items"] == 2 * GROUP  # the page's group and the second one, no more
    # Followed as far as needed: group 2 (records 16–30) reaches before 2026-11-16, so group 3 is not asked for.
    assert starts(hanweb_site, 1001) == ["16"]
    path, form = hanweb_site.posts[0]
    assert path == f"{PROXY}?startrecord=16&endrecord=30&perpage={PER_PAGE}"
    assert form == form_for(1001)  # webname decoded from the twice-encoded nextgroup link: 示例县人民政府


def test_a_week_missing_from_both_groups_is_a_violation(hanweb_site, tmp_path):
    document = check(hanweb_site, tmp_path, [1002])
    col = column(document, UNIT, "栏目1002")
    assert col["status"] == "violation"
    weekly = [f for f in col["findings"] if f["rule"] == "dynamic-weekly"]
    assert weekly and "2026-11-16至2026-11-22" in weekly[0]["message"]
    assert "2026-11-13" in weekly[0]["message"]  # the newest item before the week, read from the second group
    assert starts(hanweb_site, 1002) == ["16"]


def test_no_post_when_the_first_group_reaches_back_far_enough(hanweb_site, tmp_path):
    document = check(hanweb_site, tmp_path, [1003])
    assert column(document, UNIT, "栏目1003")["status"] == "ok"
    assert starts(hanweb_site, 1003) == []


def test_pager_read_from_the_datastore_and_the_jpage_call():
    items = dated_items(7, [date(2026, 11, 20)] * GROUP)
    html = pages.page(UNIT, "栏目", pages.hanweb_paged_list(items, 50, form_for(7), PER_PAGE, GROUP_SIZE), AS_OF)
    root = parse_html(html, "http://www.example.gov.cn/col/col7/index.html")
    pager = find_pager([s.text or "" for s in root.iter("script")], "http://www.example.gov.cn/col/col7/index.html")
    assert pager is not None
    assert (pager.proxy, pager.per_page, pager.group, pager.total) == (f"http://www.example.gov.cn{PROXY}", 5, 15, 50)
    assert dict(pager.form) == form_for(7)
    assert [has_group(pager, n) for n in (1, 2, 4, 5)] == [True, True, True, False]  # 50 records: 4 groups
    assert group_request(pager, 4) == (
        f"http://www.example.gov.cn{PROXY}?startrecord=46&endrecord=50&perpage=5",
        form_for(7),
    )


def test_pager_from_a_nextgroup_link_alone_uses_jpage_defaults():
    # As many real sites write it: no jpage parameters in the page, the form only in the nextgroup link.
    script = (
        '<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=28&path=/'
        '&columnid=4296&unitid=31227&webname=%25E5%25A4%25A7%25E8%25BF%259E&permissiontype=0"></a>]]></nextgroup>'
        "<recordset>"
        + "".join(f"<record><![CDATA[<li><a href='/art/{n}.html'>x</a></li>]]></record>" for n in range(45))
        + "</recordset><totalrecord>120</totalrecord></datastore>"
    )
    pager = find_pager([script], "https://swj.example.gov.cn/col/col4296/index.html")
    assert pager is not None
    form = dict(pager.form)
    assert form["webname"] == "大连" and form["columnid"] == "4296" and form["unitid"] == "31227"
    assert (form["col"], form["appid"], form["sourceContentType"], form["permissiontype"]) == ("1", "1", "1", "0")
    assert (pager.per_page, pager.group, pager.total) == (15, 45, 120)
    assert group_request(pager, 2)[0].endswith("dataproxy.jsp?startrecord=46&endrecord=90&perpage=15")


def test_a_page_without_a_column_form_has_no_pager():
    assert find_pager(["<datastore><recordset></recordset></datastore>"], "http://x.gov.cn/") is None
    assert find_pager(["var a = 1;"], "http://x.gov.cn/") is None


def test_a_group_answer_reads_like_the_first_group():
    items = dated_items(9, [date(2026, 11, 13), date(2026, 11, 12)])
    text = group_document(pages.hanweb_group(items, 50, PER_PAGE))
    proxy = "http://x.gov.cn/module/web/jpage/dataproxy.jsp"
    listing = extract_listing(parse_html(text, proxy), proxy, AS_OF)
    assert listing.kind == "list"
    assert [i.published for i in listing.items] == [date(2026, 11, 13), date(2026, 11, 12)]
    assert listing.items[0].url == "http://x.gov.cn/art/2026/11/13/art_9_0.html"
