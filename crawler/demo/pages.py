"""HTML of column and article pages in the styles of real government CMSs (TRS, Hanweb, static, scripted)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import quote

DateFormat = Callable[[date], str]

DATE_FORMATS: dict[str, DateFormat] = {
    "iso": lambda d: d.isoformat(),
    "slash": lambda d: d.strftime("%Y/%m/%d"),
    "dot": lambda d: d.strftime("%Y.%m.%d"),
    "nopad": lambda d: f"{d.year}-{d.month}-{d.day}",
    "cn": lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日",
    "monthday": lambda d: f"[{d.month:02d}-{d.day:02d}]",
    "none": lambda d: "",
}


@dataclass(frozen=True)
class Item:
    """A list item: its title, publication date, link (relative to the list page), pinned or not."""

    title: str
    published: date
    href: str
    pinned: bool = False
    text: str = ""  # its article's first paragraph (default: generated)
    video: bool = False  # its article carries a video
    source: str = ""  # its article's 来源 (default: the column's, else the unit)


def cn_date(day: date) -> str:
    """Return a date as 2026年11月23日."""
    return f"{day.year}年{day.month}月{day.day}日"


def page(site: str, column: str, body: str, today: date, *, charset: str = "utf-8", meta: str = "") -> str:
    """Wrap a main area in a portal's chrome: header with today's date, navigation, footer with decoy dates."""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{escape(column)}_{escape(site)}</title>
<meta name="SiteName" content="{escape(site)}"><meta name="ColumnName" content="{escape(column)}">{meta}
</head><body>
<div class="header"><span class="today">今天是{cn_date(today)}</span> <a href="/">网站首页</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="../">政务公开</a></li>
<li><a href="../">政务服务</a></li><li><a href="../">互动交流</a></li></ul></div>
<div class="main">
{"" if column == "首页" else f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; {escape(column)}</div>'}
{body}
</div>
<div class="footer"><p>主办：{escape(site)}　网站更新时间：{today.isoformat()} 09:00</p>
<p>Copyright &copy; {today.year} {escape(site)} 版权所有</p></div>
</body></html>
"""


def item_li(item: Item, fmt: DateFormat) -> str:
    """Return a TRS-style list item: the link, then the date in a span."""
    mark = "<em>[置顶]</em>" if item.pinned else ""
    shown = fmt(item.published)
    span = f"<span>{escape(shown)}</span>" if shown else ""
    return f'<li>{mark}<a href="{escape(item.href)}" title="{escape(item.title)}">{escape(item.title)}</a>{span}</li>'


def trs_list(items: list[Item], fmt: DateFormat, page_index: int, pages: int) -> str:
    """Return a TRS list area with its createPageHTML pager."""
    lis = "\n".join(item_li(i, fmt) for i in items)
    return f"""<div class="list"><ul class="news-list">
{lis}
</ul></div>
<div class="page"><script type="text/javascript">
createPageHTML({pages}, {page_index}, "index", "html");
</script></div>"""


def sidebar(title: str, items: list[Item]) -> str:
    """Return a sidebar of another column (热点排行 …) whose dates must be ignored."""
    lis = "\n".join(item_li(i, DATE_FORMATS["iso"]) for i in items)
    return f'<div class="right-box"><h3>{escape(title)}</h3><ul>{lis}</ul></div>'


def hanweb_list(items: list[Item], total: int) -> str:
    """Return a Hanweb list: items as CDATA records of a datastore script, rendered by JavaScript."""
    records = "\n".join(f"<record><![CDATA[\n{item_li(i, DATE_FORMATS['iso'])}\n]]></record>" for i in items)
    return f"""<div id="div1234" class="default_pgContainer"></div>
<script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=1234">下一组</a>]]></nextgroup>
<recordset>
{records}
</recordset><totalrecord>{total}</totalrecord><totalpage>1</totalpage></datastore></script>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>"""


def hanweb_paged_list(items: list[Item], total: int, form: dict[str, str], per_page: int, group_size: int) -> str:
    """Return a Hanweb list of which only the first group is on the page; jpage POSTs dataproxy.jsp for the rest.

    form: the column's dataproxy form (webid, columnid, unitid, webname …), in the nextgroup link and jpage call.
    """
    records = "\n".join(f"<record><![CDATA[\n{item_li(i, DATE_FORMATS['iso'])}\n]]></record>" for i in items)
    query = "&".join(f"{key}={quote(quote(value))}" for key, value in form.items())  # webname: encoded twice
    params = ", ".join(f"{key}: {value if value.isdigit() else repr(value)}" for key, value in form.items())
    column = escape(form.get("columnid", ""))
    return f"""<div id="div{column}" class="default_pgContainer"></div>
<script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&{query}"></a>]]></nextgroup>
<recordset>
{records}
</recordset><totalrecord>{total}</totalrecord><totalpage>{-(-total // per_page)}</totalpage></datastore></script>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
<script type="text/javascript">
$(document).ready(function () {{
  $("#div{column}").jpage({{
    dataStore: $("#div{column}").next("script").text(),
    proxyUrl: "/module/web/jpage/dataproxy.jsp",
    perPage: {per_page}, totalRecord: {total}, groupSize: {group_size}, barPosition: "bottom",
    ajaxParam: {{{params}}}
  }});
}});
</script>"""


def hanweb_group(items: list[Item], total: int, per_page: int) -> str:
    """Return what dataproxy.jsp answers for one group of records: an XML datastore."""
    records = "\n".join(f"<record><![CDATA[\n{item_li(i, DATE_FORMATS['iso'])}\n]]></record>" for i in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<datastore><totalrecord>{total}</totalrecord><totalpage>{-(-total // per_page)}</totalpage><recordset>
{records}
</recordset></datastore>"""


def table_list(rows: list[tuple[Item, date]]) -> str:
    """Return a 信息公开 table with both 成文日期 and 发布日期 (the item's date is the publication)."""
    trs = "\n".join(
        f'<tr><td><a href="{escape(i.href)}">{escape(i.title)}</a></td><td>〔2026〕{n + 1}号</td>'
        f"<td>{written.isoformat()}</td><td>{i.published.isoformat()}</td></tr>"
        for n, (i, written) in enumerate(rows)
    )
    return f"""<table class="xxgk-table"><tr><th>标题</th><th>文号</th><th>成文日期</th><th>发布日期</th></tr>
{trs}
</table>"""


def scripted_list(api: str) -> str:
    """Return a list area that only JavaScript fills, from a JSON API."""
    return f"""<ul id="news-list" class="news-list"></ul>
<script>
fetch("{escape(api)}").then(function (r) {{ return r.json(); }}).then(function (data) {{
  var ul = document.getElementById("news-list");
  data.items.forEach(function (it) {{
    var li = document.createElement("li");
    li.innerHTML = '<a href="' + it.url + '">' + it.title + '</a><span>' + it.date + '</span>';
    ul.appendChild(li);
  }});
}});
</script>"""


def api_json(items: list[Item]) -> str:
    """Return the JSON that a scripted list loads."""
    data = {"items": [{"title": i.title, "url": i.href, "date": i.published.isoformat()} for i in items]}
    return json.dumps(data, ensure_ascii=False)


def home_page(site: str, news: list[Item], notices: list[Item]) -> str:
    """Return a unit's front page: a 要闻动态 box with the newest items, a 通知公告 box, service links."""
    iso = DATE_FORMATS["iso"]
    news_lis = "\n".join(item_li(i, iso) for i in news)
    notice_lis = "\n".join(item_li(i, DATE_FORMATS["monthday"]) for i in notices)
    return f"""<div class="index-banner"><img src="./images/banner.jpg" alt="{escape(site)}"></div>
<div class="index-news">
<div class="news-box"><div class="box-title"><h2>要闻动态</h2><a class="more" href="./gzdt/">更多&gt;&gt;</a></div>
<ul class="news-list">
{news_lis}
</ul></div>
<div class="notice-box"><div class="box-title"><h2>通知公告</h2><a class="more" href="./tzgg/">更多&gt;&gt;</a></div>
<ul class="notice-list">
{notice_lis}
</ul></div>
</div>
<div class="index-service"><h2>办事服务</h2><ul class="service-links">
<li><a href="./bmfw/">便民服务</a></li><li><a href="./zwgk/">政务公开</a></li><li><a href="./hdjl/">互动交流</a></li>
</ul></div>"""


def column_tree(columns: list[tuple[str, str, str]]) -> str:
    """Return a 政府信息公开 page's column tree: (section, column name, link) grouped under section headings."""
    sections: dict[str, list[str]] = {}
    for section, name, href in columns:
        sections.setdefault(section, []).append(f'<li><a href="{escape(href)}">{escape(name)}</a></li>')
    groups = "\n".join(
        f'<li class="tree-node"><span>{escape(section)}</span><ul class="tree-children">{"".join(links)}</ul></li>'
        for section, links in sections.items()
    )
    return f"""<div class="xxgk-tree"><h2>信息公开目录</h2><ul class="tree">
{groups}
</ul></div>
<div class="xxgk-links"><a href="../sitemap/">网站地图</a> <a href="../lxwm/">联系我们</a></div>"""


def blank_list() -> str:
    """Return the list area of a column that has no information."""
    return '<div class="list"><ul class="news-list"></ul><p class="empty">暂无信息</p></div>'


def single_page(title: str, text: str, stamp: str) -> str:
    """Return a single-page column (县情概况, 机构职能): content with its own date line."""
    return f"""<div class="article"><h1>{escape(title)}</h1>
<div class="info">{stamp}</div>
<div class="content"><p>{escape(text)}</p></div></div>"""


def article(
    site: str,
    title: str,
    published: date,
    today: date,
    *,
    meta: bool,
    source: str | None = None,
    text: str | None = None,
    video: bool = False,
    charset: str = "utf-8",
) -> str:
    """Return an article page: its date in a PubDate meta tag (with ContentSource) or else in the info line."""
    source = source or site
    head = (
        f'<meta name="PubDate" content="{published.isoformat()} 10:30">'
        f'<meta name="ContentSource" content="{escape(source)}">'
        if meta
        else ""
    )
    byline = f"来源：{escape(source)}" if meta else f"发布时间：{published.isoformat()} 10:30　来源：{escape(source)}"
    text = text or f"{title}。今天是{cn_date(today)}，会议于{published.month}月{published.day}日召开。"
    player = '<video controls src="./media/clip.mp4"></video>' if video else ""
    body = f"""<div class="article"><h1>{escape(title)}</h1><div class="info">{byline}</div>
<div class="content"><p>{escape(text)}</p>{player}</div></div>"""
    return page(site, title, body, today, meta=head, charset=charset)
