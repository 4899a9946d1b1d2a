"""Article details the rules need: 来源 (originals), the meeting day in the text, video and audio."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.extract.article import article_event, article_forms, article_source
from crawler.extract.page import parse_html

URL = "http://www.example.gov.cn/art/2026/11/19/art_1_2.html"


def page(body: str, head: str = "") -> object:
    return parse_html(f"<html><head>{head}</head><body>{body}</body></html>", URL)


@pytest.mark.parametrize(
    ("head", "body", "source"),
    [
        ('<meta name="ContentSource" content="示例县人民政府办公室">', "<p>来源：新华社</p>", "示例县人民政府办公室"),
        ("", '<div class="info">发布时间：2026-11-19　来源：示例县发改委　浏览次数：12</div>', "示例县发改委"),
        ("", '<div class="info">信息来源：县政府办作者：张三</div>', "县政府办"),
        ('<meta name="ContentSource" content="">', '<div class="info">文章来源：新华社</div>', "新华社"),
        ("", '<div class="info">发布时间：2026-11-19</div><div class="footer">主办单位：示例县人民政府</div>', None),
    ],
)
def test_article_source(head, body, source):
    assert article_source(page(body, head)) == source


@pytest.mark.parametrize(
    ("text", "published", "event"),
    [
        ("11月18日上午，县长主持召开县政府第21次常务会议。", date(2026, 11, 19), date(2026, 11, 18)),
        ("2026年10月30日，县政府召开第20次常务会议。", date(2026, 11, 6), date(2026, 10, 30)),
        ("12月30日，县政府召开常务会议。", date(2027, 1, 5), date(2026, 12, 30)),  # the year inferred backwards
        ("今天是2026年11月23日，会议于11月18日召开。", date(2026, 11, 19), date(2026, 11, 18)),  # 今天是 skipped
        ("近日，县政府召开防汛工作专题会。", date(2026, 11, 12), None),
        (
            "11月25日将召开全县大会。",
            date(2026, 11, 19),
            None,
        ),  # announced for later: after publication, and no year back
        ("11月18日，全县降雨量达30毫米；县政府召开会议部署。", date(2026, 11, 19), None),  # the verb is too far
    ],
)
def test_meeting_day_from_the_text(text, published, event):
    assert article_event(page(f"<div class='content'><p>{text}</p></div>"), published) == event


@pytest.mark.parametrize(
    ("body", "forms"),
    [
        ('<video controls src="/media/a.mp4"></video>', ("视频",)),
        ('<video><source src="clip.webm"></video>', ("视频",)),
        ('<iframe src="https://v.qq.com/txp/iframe/player.html?vid=x"></iframe>', ("视频",)),
        ('<audio src="talk.mp3"></audio>', ("音频",)),
        ('<video src="" ng-show="x"></video><iframe src="/module/visitcount/visit.jsp"></iframe>', ()),
    ],
)
def test_media_forms(body, forms):
    assert article_forms(page(body), URL) == forms
