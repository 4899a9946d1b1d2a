"""Article details (来源, meeting day, video/audio): extractors against decoys, and a real crawl into the history."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from conftest import run_cli, write_config

from crawler.config import ColumnSpec
from crawler.demo import pages
from crawler.demo.pages import DATE_FORMATS, Item
from crawler.demo.server import serve
from crawler.extract.article import article_event, article_forms, article_source
from crawler.extract.page import parse_html
from crawler.items import ColumnResult
from crawler.store import History, load_history
from rules.model import Entry

URL = "http://www.example.gov.cn/zwdt/202611/t20261119_2.html"
AS_OF = date(2026, 11, 23)
SHANGHAI = timezone(timedelta(hours=8))


def page(body: str, head: str = "") -> object:
    return parse_html(f"<html><head>{head}</head><body>{body}</body></html>", URL)


# ---- 来源 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "source"),
    [
        # the info bar's label, not the copyright notice that quotes one further down
        (
            '<div class="info">发布时间：2026-11-19 来源：示例县人民政府办公室</div>'
            "<div>凡本网注明“来源：示例县人民政府网”的作品，版权均属本网。</div>",
            "示例县人民政府办公室",
        ),
        # label and name in separate elements: <i>来源：</i> 名称
        ('<div class="info"><span><i>来源：</i>\n  山西日报\n</span><span>打印</span></div>', "山西日报"),
        # run-on info bars stop at the next label
        ('<div class="info">来源：县融媒体中心编辑：李四</div>', "县融媒体中心"),
        ('<div class="info">作者：张三来源：县委宣传部</div>', "县委宣传部"),
        # no info bar: the credit line that ends the text
        ("<p>" + "全县上下深入学习贯彻会议精神。" * 8 + "</p><p>（来源：县融媒体中心）</p>", "县融媒体中心"),
    ],
)
def test_source_from_the_info_bar(body, source):
    assert article_source(page(body)) == source


@pytest.mark.parametrize(
    "body",
    [
        '<div class="footer">主办单位：示例县人民政府 网站标识码：1234</div>',  # 主办单位 is not a 来源
        "<div>凡本网注明“来源：示例县人民政府网”的作品，版权均属本网。</div>",  # a copyright notice
        "<p>表1 全县规模以上工业增加值。数据来源：县统计局。</p>",  # a word of the text
        "<p>" + "全县上下深入学习贯彻会议精神，" * 8 + "（来源：人民日报）</p>",  # prose quoting another paper
        '<div class="info">信息来源：</div><p>' + "县政府召开常务会议，研究部署下一阶段重点工作。" * 2 + "</p>",
        '<div class="info">来源：</div>',  # a label the page's JavaScript would fill
    ],
)
def test_source_decoys_give_none(body):
    assert article_source(page(body)) is None


def test_source_meta_first_unless_clipped():
    meta = '<meta name="ContentSource" content="新华社">'
    assert article_source(page('<div class="info">来源：示例县发改委</div>', meta)) == "新华社"
    clipped = '<meta name="ContentSource" content="浙江">'  # a CMS that cut the field short
    assert article_source(page('<div class="info">来源：浙江监管局</div>', clipped)) == "浙江监管局"
    empty = '<meta name="ContentSource" content="  ">'
    assert article_source(page('<div class="info">来源：示例县发改委</div>', empty)) == "示例县发改委"


# ---- the meeting day --------------------------------------------------------------------------------------------


def meeting(*paragraphs: str, sidebar: str = "") -> object:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return page(f'<div class="article"><div class="TRS_Editor">{body}</div></div>{sidebar}')


def test_meeting_day_of_the_lead_not_of_a_related_item():
    sidebar = '<div class="list"><p>11月2日县政府召开第19次常务会议</p></div>'  # a related-news box with no class hint
    lead = "11月18日上午，县长主持召开县政府第21次常务会议，研究部署冬季安全生产工作。"
    text = meeting(lead, "会议听取了全县安全生产工作情况汇报。", sidebar=sidebar)
    assert article_event(text, date(2026, 11, 19)) == date(2026, 11, 18)
    assert (
        article_event(meeting("近日，县政府召开防汛工作专题会议，部署下一阶段工作任务。"), date(2026, 11, 19)) is None
    )


def test_a_date_deep_in_the_body_is_not_the_meeting():
    history = "2019年3月5日，县政府召开第一次常务会议，确定了这项工作的总体思路。"
    text = meeting(
        "会议指出，要抓紧抓实各项工作任务。", "会议强调，要压实责任。", "会议要求，各部门要加强协作。", history
    )
    assert article_event(text, date(2026, 11, 19)) is None


@pytest.mark.parametrize(
    ("lead", "published", "event"),
    [
        ("2026年11月18日上午，县政府召开第21次常务会议。", date(2026, 11, 19), date(2026, 11, 18)),
        ("12月31日，县政府举行新年团拜会。", date(2027, 1, 4), date(2026, 12, 31)),  # the year before
        ("11月18日，第十九届县人代会第三次会议开幕。", date(2026, 11, 18), date(2026, 11, 18)),  # the same day
        ("11月18日，全县降雨量达30毫米，为有气象记录以来同期最多。", date(2026, 11, 19), None),  # no meeting verb
        ("县政府定于11月30日召开全县经济工作会议。", date(2026, 11, 19), None),  # announced: after publication
        ("2026年11月25日，县政府召开第22次常务会议。", date(2026, 11, 19), None),  # a typo date after publication
    ],
)
def test_meeting_day_year_and_limits(lead, published, event):
    assert article_event(meeting(lead), published) == event


# ---- forms ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "forms"),
    [
        ('<div class="content"><video controls><source src="/media/a.mp4" type="video/mp4"></video></div>', ("视频",)),
        ('<div class="content"><embed src="/player/news.flv"></div>', ("视频",)),
        ('<object data="/swf/p.swf"><param name="movie" value="/media/a.flv"></object>', ("视频",)),
        ('<iframe src="https://player.bilibili.com/player.html?bvid=x"></iframe>', ("视频",)),
        ('<audio controls src="/media/talk.mp3"></audio><video src="/media/a.m3u8"></video>', ("视频", "音频")),
        ('<iframe src="/module/share/share.jsp"></iframe><embed src="/flash/banner.swf">', ()),  # no media file
        ('<div class="content"><p>视频解读</p></div>', ()),  # a word in the text: the rules read titles themselves
        ('<div class="side"><video src="/media/promo.mp4"></video></div>', ()),  # the sidebar's 视频新闻
    ],
)
def test_forms_of_the_article(body, forms):
    assert article_forms(page(body), URL) == forms


# ---- the history keeps details ----------------------------------------------------------------------------------


def test_details_are_kept_when_seen_again_without_and_updated_when_new(tmp_path):
    spec = ColumnSpec("测试县", "会议公开", "http://t/hy/", "meeting", options={"lianghui": [date(2026, 1, 20)]})
    history = History(tmp_path / "h.db")
    at = datetime(2026, 11, 20, 2, tzinfo=SHANGHAI)

    def record(day: int, entry: Entry) -> None:
        moment = at + timedelta(days=day)
        run = history.begin_run(moment, "sites.yaml", 1)
        history.record_column(run, ColumnResult(0, spec, (entry,)), moment)
        history.finish_run(run, moment)

    read = Entry(
        "县政府召开常务会议", "http://t/hy/1.html", date(2026, 11, 19), source="县政府办", event=date(2026, 11, 18)
    )
    record(0, read)
    bare = Entry("县政府召开常务会议", "http://t/hy/1.html", date(2026, 11, 19))  # listed again, article not read
    record(1, bare)
    (kept,) = history.entries_seen("http://t/hy/")
    assert (kept.source, kept.event, kept.forms) == ("县政府办", date(2026, 11, 18), ())
    newer = Entry("县政府召开常务会议", "http://t/hy/1.html", date(2026, 11, 19), source="新华社", forms=("视频",))
    record(2, newer)
    (updated,) = history.entries_seen("http://t/hy/")
    assert (updated.source, updated.event, updated.forms) == ("新华社", date(2026, 11, 18), ("视频",))
    assert history.detailed_urls() == ["http://t/hy/1.html"]
    history.close()


# ---- a real crawl ---------------------------------------------------------------------------------------------

RULESET = """\
name: details-test
title: 文章详情测试
rules:
  - id: originals-weekly
    kind: periodic
    categories: [dynamic]
    period: week
    min_items: 1
    original: true
    title: 动态类每周1篇原创
    source: 测试
  - id: meeting-days
    kind: after-event
    categories: [meeting]
    event: article
    days: 3
    lookback_days: 31
    title: 会后3个工作日内公开
    source: 测试
  - id: diversified
    kind: share
    categories: [interpretation]
    period: year
    min_share: 0.6
    title: 多元化解读不低于60%
    source: 测试
"""
UNIT = "示例县人民政府"


def write_column(folder, column: str, items: list[tuple[str, date, str, str | None]]) -> None:
    """Write a TRS list of (title, day, file, article HTML body or None for a missing page) and its articles."""
    folder.mkdir(parents=True, exist_ok=True)
    listed = [Item(title, day, name if "://" in name else f"./{name}") for title, day, name, _ in items]
    area = pages.trs_list(listed, DATE_FORMATS["iso"], 0, 1)
    (folder / "index.html").write_text(pages.page(UNIT, column, area, AS_OF), encoding="utf-8")
    for title, _, name, body in items:
        if body is not None:
            (folder / name).write_text(pages.page(UNIT, title, body, AS_OF), encoding="utf-8")


def article(title: str, day: date, content: str, source: str = "") -> str:
    """Return an article's main area: title, info bar (with 来源 when given), content."""
    info = f"发布时间：{day.isoformat()} 10:30" + (f"　来源：{source}" if source else "")
    return (
        f'<div class="article"><h1>{title}</h1><div class="info">{info}</div><div class="content">{content}</div></div>'
    )


@pytest.fixture
def details_site(tmp_path):
    """A unit's 工作动态, 会议公开 and 政策解读, with one meeting article on another host (a second server)."""
    other_root, root = tmp_path / "other", tmp_path / "site"
    d = date
    meeting20 = article("县政府召开第20次常务会议", d(2026, 11, 13), "<p>11月12日，县政府召开第20次常务会议。</p>")
    write_column(other_root / "hy", "会议公开", [("第20次常务会议", d(2026, 11, 13), "t20261113_1.html", meeting20)])
    with serve(other_root) as other:
        dynamic = [
            ("县政府办公室开展结对帮扶", d(2026, 11, 20), "t20261120_1.html",
             article("县政府办公室开展结对帮扶", d(2026, 11, 20), "<p>日前，县政府办公室开展结对帮扶活动。</p>",
                     "示例县人民政府办公室")),
            ("全国冬季农业生产工作会议召开", d(2026, 11, 19), "t20261119_2.html",
             article("全国冬季农业生产工作会议召开", d(2026, 11, 19), "<p>会议在北京召开。</p>", "新华社")),
            ("示例县召开安全生产视频会", d(2026, 11, 18), "t20261118_3.html",
             article("示例县召开安全生产视频会", d(2026, 11, 18), '<video src="./clip.mp4"></video>',
                     "示例县应急管理局")),
            ("页面已删除的信息", d(2026, 11, 17), "t20261117_4.html", None),  # 404
            ("超过抓取上限的信息", d(2026, 11, 16), "t20261116_5.html",
             article("超过抓取上限的信息", d(2026, 11, 16), "<p>正文</p>", "示例县人民政府")),
            ("上季度的信息", d(2026, 9, 1), "t20260901_6.html",
             article("上季度的信息", d(2026, 9, 1), "<p>正文</p>", "示例县人民政府")),
        ]  # fmt: skip
        write_column(root / "dt", "工作动态", dynamic)
        lead = "11月18日上午，县长主持召开县政府第21次常务会议，研究部署冬季安全生产工作。"
        meetings = [
            ("县政府召开第21次常务会议", d(2026, 11, 19), "t20261119_1.html",
             article("县政府召开第21次常务会议", d(2026, 11, 19), f"<p>{lead}</p>", "县政府办")),
            ("县政府召开第20次常务会议", d(2026, 11, 13), f"{other.url}hy/t20261113_1.html", None),
        ]  # fmt: skip
        write_column(root / "hy", "会议公开", meetings)
        interpretations = [
            ("【视频解读】《示例县促进就业若干措施》", d(2026, 11, 10), "t20261110_1.html",
             article("视频解读", d(2026, 11, 10), '<video controls><source src="/media/jd.mp4"></video>')),
            ("关于《示例县养老服务办法》的解读", d(2026, 11, 5), "t20261105_2.html",
             article("解读", d(2026, 11, 5), '<p>县民政局局长解读。</p><audio src="/media/jd.mp3"></audio>')),
            ("关于《示例县防汛预案》的解读", d(2026, 10, 20), "t20261020_3.html",
             article("解读", d(2026, 10, 20), "<p>文字解读。</p>")),
        ]  # fmt: skip
        write_column(root / "jd", "政策解读", interpretations)
        with serve(root) as server:
            server.other = other
            yield server


def details_config(tmp_path, server, lianghui: object) -> object:
    (tmp_path / "details.yaml").write_text(RULESET, encoding="utf-8")
    columns = [
        {"name": "工作动态", "url": f"{server.url}dt/", "category": "dynamic", "lianghui": lianghui},
        {"name": "会议公开", "url": f"{server.url}hy/", "category": "meeting"},
        {"name": "政策解读", "url": f"{server.url}jd/", "category": "interpretation"},
    ]
    data = {
        "ruleset": str(tmp_path / "details.yaml"),
        "settings": {"GOVFRESH_DETAIL_ARTICLES": 4},
        "sites": [{"name": UNIT, "aliases": ["县政府办"], "columns": columns}],
    }
    return write_config(tmp_path / "sites.yaml", data)


def details(db) -> dict[str, tuple]:
    with sqlite3.connect(db) as conn:
        return {
            url.rsplit("/", 1)[1]: (source, event, forms)
            for url, source, event, forms in conn.execute("SELECT url, source, event, forms FROM entries")
        }


def test_a_crawl_stores_the_details_the_rules_need(details_site, tmp_path):
    db = tmp_path / "history.db"
    config = details_config(tmp_path, details_site, [date(2026, 1, 20), date(2026, 2, 1)])
    run = run_cli("crawl", "--config", str(config), "--db", str(db), "--at", "2026-11-23 02:00")
    assert run.code == 0, run.stderr
    assert details(db) == {
        # 工作动态 (original: true): 来源 of the 4 newest items since last week's Monday
        "t20261120_1.html": ("示例县人民政府办公室", None, None),
        "t20261119_2.html": ("新华社", None, None),
        "t20261118_3.html": ("示例县应急管理局", None, None),  # its video is not asked for here
        "t20261117_4.html": (None, None, None),  # 404: unknown, and the column is still read
        "t20261116_5.html": (None, None, None),  # beyond GOVFRESH_DETAIL_ARTICLES
        "t20260901_6.html": (None, None, None),  # before the rules' horizon
        # 会议公开 (event: article): the meeting day, also from an article on another host
        "t20261119_1.html": (None, "2026-11-18", None),
        "t20261113_1.html": (None, "2026-11-12", None),
        # 政策解读 (share): the forms
        "t20261110_1.html": (None, None, "视频"),
        "t20261105_2.html": (None, None, "音频"),
        "t20261020_3.html": (None, None, None),
    }
    requested = set(details_site.requests)
    assert "/dt/t20261116_5.html" not in requested and "/dt/t20260901_6.html" not in requested
    assert "/hy/t20261113_1.html" in details_site.other.requests
    with sqlite3.connect(db) as conn:
        observed = dict(
            conn.execute(
                "SELECT c.name, o.status || ' ' || o.pages FROM observations o JOIN columns c ON c.id = o.column_id"
            )
        )
        options = conn.execute("SELECT options FROM columns WHERE name = '工作动态'").fetchone()[0]
    # pages: the list and the item pages read (not the 404)
    assert observed == {"工作动态": "ok 4", "会议公开": "ok 3", "政策解读": "ok 4"}
    assert '"lianghui": ["2026-01-20", "2026-02-01"]' in options and "县政府办" in options

    # The next night: known details are not read again, and stay; the config's options change.
    details_site.requests.clear()
    config = details_config(tmp_path, details_site, date(2026, 1, 25))
    again = run_cli("crawl", "--config", str(config), "--db", str(db), "--at", "2026-11-24 02:00")
    assert again.code == 0, again.stderr
    assert "/dt/t20261120_1.html" not in details_site.requests
    assert details(db)["t20261120_1.html"] == ("示例县人民政府办公室", None, None)
    assert details(db)["t20261119_1.html"] == (None, "2026-11-18", None)
    by_name = {c.name: c for c in load_history(db)}
    assert by_name["工作动态"].options["lianghui"] == date(2026, 1, 25)
    seen = {s.entry.url.rsplit("/", 1)[1]: s.entry for s in by_name["会议公开"].entries}
    assert seen["t20261119_1.html"].event == date(2026, 11, 18)
    jd = {s.entry.url.rsplit("/", 1)[1]: s.entry for s in by_name["政策解读"].entries}
    assert (jd["t20261110_1.html"].forms, jd["t20261020_3.html"].forms) == (("视频",), ())
    dt = {s.entry.url.rsplit("/", 1)[1]: s.entry for s in by_name["工作动态"].entries}
    assert dt["t20261119_2.html"].source == "新华社"
