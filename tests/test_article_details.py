"""Article details (来源, meeting day, video/audio): extractors against decoys, and a real crawl into the history."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from crawler.config import ColumnSpec
from crawler.extract.article import article_event, article_forms, article_source
from crawler.extract.page import parse_html
from crawler.items import ColumnResult
from crawler.store import History
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
