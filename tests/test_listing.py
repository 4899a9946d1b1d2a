"""Column pages → items: TRS and Hanweb lists, pagers, tables, sidebars, scripted and single pages, charsets."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.extract import decode_html, extract_listing, parse_html

AS_OF = date(2026, 11, 23)
SITE = "http://www.example.gov.cn"
COLUMN = f"{SITE}/zwgk/tzgg/index.html"


def listing(html, url=COLUMN, as_of=AS_OF):
    return extract_listing(parse_html(html, url), url, as_of)


def page(body, head="<title>通知公告</title>"):
    return f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


NAV = """
<div class="nav"><ul>
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
  <li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li>
</ul></div>
"""

TRS_ITEMS = """
<ul class="list">
  <li><a href="./202611/t20261118_4411.html" title="关于开展冬季安全生产大检查的通知">
      关于开展冬季安全生产大检查的通知</a> <span>2026-11-18</span></li>
  <li><a href="./202611/t20261110_4398.html">关于公布第二批乡村振兴示范村名单的公告</a><span>2026-11-10</span></li>
  <li><a href="./202610/t20261030_4350.html">关于做好今冬明春森林防火工作的通知</a><span>2026-10-30</span></li>
</ul>
"""


def trs_page(pager):
    return page(f'{NAV}<div class="main">{TRS_ITEMS}<div class="page"><script>{pager}</script></div></div>')


# --- TRS lists and pagers -----------------------------------------------------------------------------------


def test_trs_list_items_and_next_page():
    result = listing(trs_page('createPageHTML(3, 0, "index", "html");'))
    assert result.kind == "list"
    assert [(i.title, i.published) for i in result.items] == [
        ("关于开展冬季安全生产大检查的通知", date(2026, 11, 18)),
        ("关于公布第二批乡村振兴示范村名单的公告", date(2026, 11, 10)),
        ("关于做好今冬明春森林防火工作的通知", date(2026, 10, 30)),
    ]
    assert result.items[0].url == f"{SITE}/zwgk/tzgg/202611/t20261118_4411.html"
    assert all(i.date_source == "list" and not i.pinned for i in result.items)
    assert result.next_page == f"{SITE}/zwgk/tzgg/index_1.html"


def test_trs_middle_page_points_to_the_following_one():
    result = listing(trs_page('createPageHTML(3, 1, "index", "html");'), url=f"{SITE}/zwgk/tzgg/index_1.html")
    assert result.next_page == f"{SITE}/zwgk/tzgg/index_2.html"


def test_trs_last_page_has_no_next_page():
    result = listing(trs_page('createPageHTML(3, 2, "index", "html");'), url=f"{SITE}/zwgk/tzgg/index_2.html")
    assert result.kind == "list"
    assert result.next_page is None


def test_trs_single_page_has_no_next_page():
    assert listing(trs_page("createPageHTML(1, 0, 'index', 'shtml');")).next_page is None


def test_trs_six_argument_pager():
    pager = "var pageCount = 12; createPageHTML('page_div', 12, 0, 'index', 'shtml', 230);"
    result = listing(trs_page(pager), url=f"{SITE}/zwgk/tzgg/index.shtml")
    assert result.next_page == f"{SITE}/zwgk/tzgg/index_1.shtml"
    result = listing(trs_page(pager.replace("12, 0,", "12, 11,")), url=f"{SITE}/zwgk/tzgg/index_11.shtml")
    assert result.next_page is None


def test_next_page_link():
    pager = """<div class="pagination"><a href="list_1.html">首页</a><a href="javascript:;">上一页</a>
        <span>1/9</span><a href="list_2.html">下一页</a><a href="list_9.html">尾页</a></div>"""
    result = listing(page(f'<div class="main">{TRS_ITEMS}{pager}</div>'), url=f"{SITE}/zwgk/tzgg/list_1.html")
    assert result.kind == "list"
    assert result.next_page == f"{SITE}/zwgk/tzgg/list_2.html"


def test_next_page_link_on_the_last_page():
    pager = """<div class="pagination"><a href="list_8.html">上一页</a><a href="javascript:void(0)">下一页</a></div>"""
    result = listing(page(f'<div class="main">{TRS_ITEMS}{pager}</div>'), url=f"{SITE}/zwgk/tzgg/list_9.html")
    assert result.next_page is None


def test_next_page_link_to_itself_is_not_a_next_page():
    pager = """<div class="pagination"><a href="list_8.html">上一页</a><a href="list_9.html">下一页</a></div>"""
    result = listing(page(f'<div class="main">{TRS_ITEMS}{pager}</div>'), url=f"{SITE}/zwgk/tzgg/list_9.html")
    assert result.next_page is None


# --- Hanweb datastore ----------------------------------------------------------------------------------------


def hanweb_page(total, count):
    records = "".join(
        f'<record><![CDATA[\n<li><a href="/art/2026/11/{18 - n}/art_4521_{9000 - n}.html" target="_blank" '
        f'title="县政府办公室关于第{n + 1}批项目的公示">县政府办公室关于第{n + 1}批项目的公示</a>'
        f"<span>2026-11-{18 - n:02d}</span></li>]]></record>\n"
        for n in range(count)
    )
    script = (
        '<script type="text/xml"><datastore><column><![CDATA[通知公告]]></column>'
        f"<totalrecord>{total}</totalrecord><totalpage>{-(-total // 15)}</totalpage>"
        f"<recordset>\n{records}</recordset></datastore></script>"
    )
    return page(f'{NAV}<div class="main"><div id="4521">{script}</div></div>')


def test_hanweb_datastore_records():
    result = listing(hanweb_page(total=3, count=3), url=f"{SITE}/col/col4521/index.html")
    assert result.kind == "list"
    assert [i.published for i in result.items] == [date(2026, 11, 18), date(2026, 11, 17), date(2026, 11, 16)]
    assert result.items[0].title == "县政府办公室关于第1批项目的公示"
    assert result.items[0].url == f"{SITE}/art/2026/11/18/art_4521_9000.html"
    assert result.truncated is False


def test_hanweb_datastore_with_more_records_than_shown_is_truncated():
    result = listing(hanweb_page(total=120, count=5), url=f"{SITE}/col/col4521/index.html")
    assert result.kind == "list"
    assert len(result.items) == 5
    assert result.truncated is True


def test_hanweb_empty_datastore_is_blank():
    html = page(
        '<div id="4521"><script type="text/xml"><datastore><totalrecord>0</totalrecord>'
        "<recordset></recordset></datastore></script></div>"
    )
    assert listing(html, url=f"{SITE}/col/col4521/index.html").kind == "blank"


# --- Dates in lists ------------------------------------------------------------------------------------------


def test_month_day_dates_take_the_year_from_as_of():
    html = page(f"""{NAV}<div class="main"><ul class="news">
      <li><a href="./content_3101.html">全县冬季征兵工作动员部署会召开</a><span>[11-18]</span></li>
      <li><a href="./content_3100.html">县领导督导检查安全生产工作</a><span>[11-02]</span></li>
      <li><a href="./content_3090.html">元旦期间市场供应情况平稳有序</a><span>[12-30]</span></li>
    </ul></div>""")
    result = listing(html)
    assert result.kind == "list"
    assert [i.published for i in result.items] == [date(2026, 11, 18), date(2026, 11, 2), date(2025, 12, 30)]


def test_month_day_in_text_after_the_link():
    html = page(f"""{NAV}<div class="main"><ul class="news">
      <li><a href="./content_3101.html">全县冬季征兵工作动员部署会召开</a>11-18</li>
      <li><a href="./content_3100.html">县领导督导检查安全生产工作</a> (11/02)</li>
      <li><a href="./content_3090.html">元旦期间市场供应情况平稳有序</a>12月30日</li>
    </ul></div>""")
    result = listing(html)
    assert result.kind == "list"
    assert [i.published for i in result.items] == [date(2026, 11, 18), date(2026, 11, 2), date(2025, 12, 30)]


def test_full_dates_in_brackets_and_chinese_form():
    html = page(f"""{NAV}<div class="main"><ul>
      <li><span>[2026-11-18]</span><a href="./content_3101.html">关于进一步加强城市燃气安全管理的通知</a></li>
      <li><a href="./content_3100.html">关于2026年度部门预算公开的说明</a><em>2026年11月5日</em></li>
    </ul></div>""")
    result = listing(html)
    assert [i.published for i in result.items] == [date(2026, 11, 18), date(2026, 11, 5)]
    assert result.items[1].title == "关于2026年度部门预算公开的说明"


def test_year_in_a_title_is_not_the_items_date():
    html = page(f"""{NAV}<div class="main"><ul>
      <li><a href="./content_3101.html">2026年11月18日全市重点工作调度会召开</a><span>2026-11-20</span></li>
      <li><a href="./content_3100.html">关于赣府字〔2020〕8号文件的补充通知</a><span>2026-11-10</span></li>
    </ul></div>""")
    result = listing(html)
    assert [i.published for i in result.items] == [date(2026, 11, 20), date(2026, 11, 10)]


def test_undated_article_links_are_links():
    html = page(f"""{NAV}<div class="main"><ul class="list">
      <li><a href="./content_3101.html">县人民政府关于调整部分行政事业性收费标准的通知</a></li>
      <li><a href="./content_3100.html">县人民政府办公室关于印发安全生产工作要点的通知</a></li>
      <li><a href="./content_3099.html">县人民政府关于公布县级行政许可事项清单的决定</a></li>
      <li><a href="./content_3098.html">县人民政府办公室关于做好防汛抗旱工作的通知</a></li>
    </ul></div>""")
    result = listing(html)
    assert result.kind == "links"
    assert len(result.items) == 4
    assert all(i.published is None for i in result.items)
    assert result.items[0].url == f"{SITE}/zwgk/tzgg/content_3101.html"


def test_menu_of_short_links_is_not_a_list():
    html = page(f"""{NAV}<div class="main"><p>本栏目介绍县人民政府的机构设置和主要职责。</p>
      <ul><li><a href="./jgzn.html">机构职能</a></li><li><a href="./ldxx.html">领导信息</a></li>
      <li><a href="./nsjg.html">内设机构</a></li></ul></div>""")
    assert listing(html).kind == "none"


def test_table_uses_the_published_column_not_the_written_one():
    html = page(f"""{NAV}<div class="main"><table class="xxgk">
      <tr><th>序号</th><th>标题</th><th>文号</th><th>成文日期</th><th>发布日期</th></tr>
      <tr><td>1</td><td><a href="./content_501.html">县人民政府关于印发冬春农田水利建设方案的通知</a></td>
          <td>县府发〔2026〕30号</td><td>2026-10-29</td><td>2026-11-18</td></tr>
      <tr><td>2</td><td><a href="./content_500.html">县人民政府关于表彰全县安全生产先进单位的决定</a></td>
          <td>县府发〔2026〕29号</td><td>2026-10-12</td><td>2026-11-03</td></tr>
    </table></div>""")
    result = listing(html)
    assert result.kind == "list"
    assert [i.published for i in result.items] == [date(2026, 11, 18), date(2026, 11, 3)]


def test_table_with_published_column_before_written_column():
    html = page(f"""{NAV}<div class="main"><table>
      <tbody>
      <tr><td>标题</td><td>发布时间</td><td>成文时间</td></tr>
      <tr><td><a href="./content_501.html">县人民政府关于印发冬春农田水利建设方案的通知</a></td>
          <td>2026-11-18</td><td>2026-10-29</td></tr>
      <tr><td><a href="./content_500.html">县人民政府关于表彰全县安全生产先进单位的决定</a></td>
          <td>2026-11-03</td><td>2026-10-12</td></tr>
      </tbody>
    </table></div>""")
    result = listing(html)
    assert [i.published for i in result.items] == [date(2026, 11, 18), date(2026, 11, 3)]


def test_table_with_an_empty_published_cell_never_takes_the_written_date():
    html = page(f"""{NAV}<div class="main"><table>
      <thead><tr><th>标题</th><th>成文日期</th><th>发布日期</th></tr></thead>
      <tbody>
      <tr><td><a href="./content_501.html">县人民政府关于印发冬春农田水利建设方案的通知</a></td>
          <td>2026-10-29</td><td></td></tr>
      <tr><td><a href="./content_500.html">县人民政府关于表彰全县安全生产先进单位的决定</a></td>
          <td>2026-10-12</td><td>2026-11-03</td></tr>
      </tbody>
    </table></div>""")
    result = listing(html)
    assert result.kind == "list"
    assert [i.published for i in result.items] == [None, date(2026, 11, 3)]


def test_table_with_only_a_written_date_column_is_undated():
    rows = "".join(
        f"""<tr><td><a href="./content_{n}.html">县人民政府关于印发第{n}号专项工作实施方案的通知</a></td>
          <td>县政府办公室</td><td>2026-10-{n:02d}</td></tr>"""
        for n in (20, 12, 5)
    )
    html = page(f"""{NAV}<div class="main"><table>
      <tr><th>标题</th><th>发布机构</th><th>成文日期</th></tr>{rows}</table></div>""")
    result = listing(html)
    assert result.kind == "links"
    assert [i.published for i in result.items] == [None, None, None]


def test_pinned_old_item_on_top():
    html = page(f"""{NAV}<div class="main"><ul class="list">
      <li class="top"><a href="./content_100.html"><span class="zd">[置顶]</span>县政府信息公开指南（2024年修订）</a>
          <span>2024-03-01</span></li>
      <li><a href="./content_3101.html">县人民政府关于调整部分行政事业性收费标准的通知</a><span>2026-11-18</span></li>
      <li><a href="./content_3100.html">县人民政府办公室关于印发安全生产工作要点的通知</a><span>2026-11-12</span></li>
    </ul></div>""")
    result = listing(html)
    assert result.kind == "list"
    assert [(i.pinned, i.published) for i in result.items] == [
        (True, date(2024, 3, 1)),
        (False, date(2026, 11, 18)),
        (False, date(2026, 11, 12)),
    ]
    assert "置顶" not in result.items[0].title
    assert result.items[0].title.startswith("县政府信息公开指南")


def test_pinned_marked_by_an_image():
    html = page(f"""{NAV}<div class="main"><ul class="list">
      <li><img src="/images/zhiding.gif" alt=""><a href="./content_100.html">县政府信息公开指南（2024年修订）</a>
          <span>2024-03-01</span></li>
      <li><a href="./content_3101.html">县人民政府关于调整部分行政事业性收费标准的通知</a><span>2026-11-18</span></li>
    </ul></div>""")
    assert [i.pinned for i in listing(html).items] == [True, False]


HOT_SIDEBAR = """
<div class="right">
  <div class="bt"><h3>热点排行</h3></div>
  <ul>
    <li><a href="/zwgk/gzdt/content_9001.html">全市经济运行情况新闻发布会召开</a><span>2026-11-22</span></li>
    <li><a href="/zwgk/gzdt/content_9002.html">冬季取暖用气保障工作有序推进</a><span>2026-11-21</span></li>
    <li><a href="/zwgk/gzdt/content_9003.html">全市文明城市创建工作推进会召开</a><span>2026-11-21</span></li>
    <li><a href="/zwgk/gzdt/content_9004.html">市领导调研重点项目建设情况</a><span>2026-11-20</span></li>
    <li><a href="/zwgk/gzdt/content_9005.html">全市冬季农业生产现场会召开</a><span>2026-11-20</span></li>
  </ul>
</div>
"""


def test_hot_sidebar_with_later_dates_is_ignored():
    html = page(f"""{NAV}<div class="wrap"><div class="left"><div class="title">通知公告</div>
      <ul class="list">
        <li><a href="./content_3101.html">县人民政府关于调整部分行政事业性收费标准的通知</a><span>2026-11-10</span></li>
        <li><a href="./content_3100.html">县人民政府办公室关于印发安全生产工作要点的通知</a><span>2026-11-02</span></li>
        <li><a href="./content_3099.html">县人民政府关于公布县级行政许可事项清单的决定</a><span>2026-10-21</span></li>
      </ul></div>{HOT_SIDEBAR}</div>""")
    result = listing(html)
    assert result.kind == "list"
    assert [i.published for i in result.items] == [date(2026, 11, 10), date(2026, 11, 2), date(2026, 10, 21)]
    assert all("/tzgg/" in i.url for i in result.items)


def test_header_and_footer_dates_are_not_items():
    html = page(f"""
      <div class="topbar"><span>今天是2026年11月23日 星期一</span>
        <a href="/wza/">无障碍</a><a href="/en/">English</a></div>
      <div id="tb"><ul><li>今天是2026年11月23日 星期一</li><li><a href="/login.html">登录</a></li>
        <li><a href="/reg.html">注册</a></li></ul></div>
      {NAV}
      <div class="main">{TRS_ITEMS}</div>
      <div id="ft">
        <p>网站更新时间：2026-11-23 <a href="/sitemap.html">网站地图</a></p>
        <p>主办：县人民政府办公室 <a href="/contact.html">联系我们</a> 电话：0797-1234567</p>
      </div>""")
    result = listing(html)
    assert result.kind == "list"
    assert [i.published for i in result.items] == [date(2026, 11, 18), date(2026, 11, 10), date(2026, 10, 30)]


def test_list_split_in_two_blocks():
    block = """<ul class="list">
      <li><a href="./content_{a}.html">县人民政府关于第{a}号事项办理情况的公告</a><span>2026-11-{a:02d}</span></li>
      <li><a href="./content_{b}.html">县人民政府关于第{b}号事项办理情况的公告</a><span>2026-11-{b:02d}</span></li>
      <li><a href="./content_{c}.html">县人民政府关于第{c}号事项办理情况的公告</a><span>2026-11-{c:02d}</span></li>
    </ul>"""
    html = page(f"""{NAV}<div class="main">{block.format(a=20, b=19, c=18)}<div class="line"></div>
      {block.format(a=12, b=11, c=10)}</div>""")
    result = listing(html)
    assert result.kind == "list"
    assert [i.published.day for i in result.items] == [20, 19, 18, 12, 11, 10]


def test_item_dates_only_in_urls():
    html = page(f"""{NAV}<div class="main"><ul class="list">
      <li><a href="/art/2026/11/18/art_4521_9000.html">县人民政府关于调整部分行政事业性收费标准的通知</a></li>
      <li><a href="/art/2026/11/9/art_4521_8990.html">县人民政府办公室关于印发安全生产工作要点的通知</a></li>
      <li><a href="./202610/t20261030_4350.html">县人民政府关于公布县级行政许可事项清单的决定</a></li>
    </ul></div>""")
    result = listing(html)
    assert result.kind == "list"
    assert [(i.published, i.date_source) for i in result.items] == [
        (date(2026, 11, 18), "url"),
        (date(2026, 11, 9), "url"),
        (date(2026, 10, 30), "url"),
    ]


def test_list_date_wins_over_url_date():
    html = page(f"""{NAV}<div class="main"><ul class="list">
      <li><a href="./202611/t20261101_1.html">县人民政府关于调整收费标准的通知</a><span>2026-11-03</span></li>
      <li><a href="./202610/t20261030_2.html">县人民政府关于公布行政许可事项清单的决定</a><span>2026-10-30</span></li>
    </ul></div>""")
    result = listing(html)
    assert [(i.published, i.date_source) for i in result.items] == [
        (date(2026, 11, 3), "list"),
        (date(2026, 10, 30), "list"),
    ]


# --- Script data ---------------------------------------------------------------------------------------------


def test_embedded_json_list():
    script = r"""
      var listData = { total: 2, articleList: [
        {"title":"县人民政府关于调整部分行政事业性收费标准的通知","pubDate":"2026-11-18 10:00",
         "urls":"{\"pc\":\"/a/1.html\",\"h5\":\"/m/a/1.html\"}"},
        {"title":"<b>县人民政府</b>办公室关于印发安全生产工作要点的通知","pubDate":"2026-11-12 09:00",
         "urls":"{\"pc\":\"/a/2.html\"}","topStatus":0}
      ] };
      render(listData);
    """
    html = page(f'{NAV}<div class="main"><div id="app"></div><script>{script}</script></div>')
    result = listing(html)
    assert result.kind == "list"
    assert [(i.title, i.url, i.published, i.date_source) for i in result.items] == [
        ("县人民政府关于调整部分行政事业性收费标准的通知", f"{SITE}/a/1.html", date(2026, 11, 18), "script"),
        ("县人民政府办公室关于印发安全生产工作要点的通知", f"{SITE}/a/2.html", date(2026, 11, 12), "script"),
    ]
    assert not any(i.pinned for i in result.items)


# --- Pages without a static list -----------------------------------------------------------------------------

SCRIPTED_BODY = f"""{NAV}
<div class="main"><div class="title">通知公告</div><ul id="list"></ul><div id="pager"></div></div>
<script>
  $.ajax({{ url: "/api/content/list", data: {{ columnId: 1234, page: 1 }}, dataType: "json",
    success: function (res) {{ renderList(res.data); }} }});
</script>
"""


def test_list_filled_by_javascript_is_scripted():
    result = listing(page(SCRIPTED_BODY))
    assert result.kind == "scripted"
    assert result.items == []
    assert result.reason


def test_list_filled_by_fetch_is_scripted():
    body = f"""{NAV}<div class="main"><table class="list-table"><tbody id="tbody"></tbody></table></div>
      <script>fetch('/api/list?channel=tzgg').then(r => r.json()).then(fill);</script>"""
    assert listing(page(body)).kind == "scripted"


def test_scripted_page_with_a_hot_sidebar_is_still_scripted():
    result = listing(page(f'<div class="wrap">{SCRIPTED_BODY}{HOT_SIDEBAR}</div>'))
    assert result.kind == "scripted"
    assert result.items == []


def test_blank_column():
    body = f"""{NAV}<div class="main"><div class="title">通知公告</div><ul class="list"></ul>
      <p class="empty">暂无信息</p></div><div id="ft"><p>网站更新时间：2026-11-23</p></div>"""
    result = listing(page(body))
    assert result.kind == "blank"
    assert result.items == []


def test_single_page_dated_by_pubdate_meta():
    head = """<title>机构概况</title><meta name="ArticleTitle" content="县人民政府机构概况">
      <meta name="PubDate" content="2026-02-15 10:00"><meta name="ContentSource" content="县人民政府办公室">"""
    body = f"""{NAV}<div class="main"><h1>县人民政府机构概况</h1>
      <p>县人民政府是县级国家行政机关，设办公室和组成部门二十二个。</p>
      <p>咨询电话：0797-1234567，邮编：341000。</p></div>
      <div id="ft"><p>网站更新时间：2026-11-20</p></div>"""
    result = listing(page(body, head), url=f"{SITE}/zwgk/jggk/index.html")
    assert result.kind == "page"
    assert len(result.items) == 1
    item = result.items[0]
    assert (item.title, item.url, item.published, item.date_source) == (
        "县人民政府机构概况",
        f"{SITE}/zwgk/jggk/index.html",
        date(2026, 2, 15),
        "meta",
    )


def test_single_page_dated_by_its_update_line_not_the_site_footer():
    body = f"""{NAV}<div class="main"><h1>县情简介</h1><div class="info">更新时间：2026-01-05</div>
      <p>本县位于省境南部，总面积2026.5平方公里，辖8镇3乡。</p></div>
      <div class="copy"><p>网站更新时间：2026-11-20</p><p>今天是2026年11月23日</p></div>"""
    result = listing(page(body, "<title>县情简介</title>"), url=f"{SITE}/zjxx/xqjj/index.html")
    assert result.kind == "page"
    assert result.items[0].published == date(2026, 1, 5)
    assert result.items[0].title == "县情简介"


def test_page_with_only_site_wide_dates_is_none():
    body = f"""{NAV}<div class="main"><h1>县情简介</h1><p>本县位于省境南部，辖8镇3乡。</p></div>
      <div id="tb">今天是2026年11月23日</div><div class="copy"><p>网站更新时间：2026-11-20</p></div>"""
    result = listing(page(body, "<title>县情简介</title>"), url=f"{SITE}/zjxx/xqjj/index.html")
    assert result.kind == "none"
    assert result.items == []


def test_empty_page_is_none():
    assert listing("").kind == "none"


# --- Charsets ------------------------------------------------------------------------------------------------

GB_HTML = '<html><head><meta charset="gb2312"><title>通知公告</title></head><body><p>朱镕基 关于通知</p></body></html>'


def test_gbk_bytes_declared_gb2312():
    body = GB_HTML.encode("gbk")  # 镕 is GBK, not GB2312
    assert decode_html(body, "gb2312") == GB_HTML
    assert decode_html(body, "GB2312") == GB_HTML
    assert decode_html(body, "gbk") == GB_HTML


def test_utf8_bytes_declaring_gb2312_decode_as_utf8():
    assert decode_html(GB_HTML.encode("utf-8"), "gb2312") == GB_HTML


@pytest.mark.parametrize("declared", [None, "utf-8", "UTF-8", "x-unknown-charset"])
def test_utf8_bytes(declared):
    assert decode_html(GB_HTML.encode("utf-8"), declared) == GB_HTML


def test_gbk_page_end_to_end():
    html = page(f'<div class="main">{TRS_ITEMS}</div>').replace('charset="utf-8"', 'charset="gbk"')
    text = decode_html(html.encode("gbk"), "gbk")
    result = listing(text)
    assert result.items[0].title == "关于开展冬季安全生产大检查的通知"
    assert result.items[0].published == date(2026, 11, 18)


def test_scripted_page_with_an_unlabelled_widget_of_other_columns_is_not_read_as_the_list():
    url = "http://www.example.gov.cn/xxgk/rsxx/"
    html = """<html><body><ul id="list"></ul>
    <script>$.ajax({url: "/api/rsxx.json", success: function (d) { render(d); }});</script>
    <div class="box"><ul>
      <li><a href="/xwzx/zwdt/202611/t20261122_1.html">县政府召开常务会议研究部署重点工作</a><span>2026-11-22</span></li>
      <li><a href="/xwzx/zwdt/202611/t20261121_2.html">县长带队督导秋冬季森林防火工作</a><span>2026-11-21</span></li>
    </ul></div></body></html>"""
    listing = extract_listing(parse_html(html, url), url, date(2026, 11, 23))
    assert listing.kind == "scripted"


def test_next_page_link_with_arrows():
    url = "http://www.example.gov.cn/zwdt/index.html"
    html = """<html><body><ul>
      <li><a href="./202611/t20261120_1.html">县政府召开常务会议研究部署重点工作</a><span>2026-11-20</span></li>
      <li><a href="./202611/t20261119_2.html">县长带队督导秋冬季森林防火工作</a><span>2026-11-19</span></li>
    </ul><div class="pager"><a href="index_1.html">下一页 &gt;&gt;</a><a href="index_9.html">尾页</a></div></body></html>"""
    listing = extract_listing(parse_html(html, url), url, date(2026, 11, 23))
    assert listing.next_page == "http://www.example.gov.cn/zwdt/index_1.html"


def test_hanweb_records_without_li_wrappers_keep_their_span_dates():
    url = "http://www.example.gov.cn/col/col1234/index.html"
    records = "".join(
        f'<record><![CDATA[<a href="/art/2026/10/{d}/art_1234_{d}.html">标题标题标题{d}</a><span>2026-11-{d}</span>]]></record>'
        for d in (18, 17)
    )
    html = f'<html><body><script type="text/xml"><datastore><recordset>{records}</recordset></datastore></script></body></html>'
    listing = extract_listing(parse_html(html, url), url, date(2026, 11, 23))
    assert listing.kind == "list"
    assert [(i.published, i.date_source) for i in listing.items] == [
        (date(2026, 11, 18), "list"),
        (date(2026, 11, 17), "list"),
    ]
