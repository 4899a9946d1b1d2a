"""The publication date of one page (an article or a single-page column), from meta tags, labels or URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.dates import find_dates, published_dates, url_date
from crawler.extract.page import resolved_link

# Meta tags that carry the publication date (政府网站发展指引's PubDate and common equivalents).
# Generation times (Maketime, HtmlGenerateTime, lastmodifiedtime) are deliberately absent.
PUBLISHED_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "publishtime", "pub_date")

# Labelled dates in visible text, best first. A page's own "网站更新时间" (site-wide) is excluded.
LABEL_TIERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("label", re.compile(r"(发布时间|发布日期|发文日期|公开日期|发稿时间|发表[时日][间期]|发布于)\s*[:：]?\s*$")),
    ("updated", re.compile(r"(?<!网站)(?<!本站)(?<!页面)(?<!系统)(更新时间|更新日期|更新于|修订日期)\s*[:：]?\s*$")),
    ("label", re.compile(r"(?:^|[^\u4e00-\u9fff])(时间|日期)\s*[:：]\s*$")),
)
# A short line that names the source or author next to an unlabelled date: "2005年08月16日 来源：新华网",
# or the info bar's print/share buttons: "2022-02-11 09:52 打印本页".
BYLINE = re.compile(r"来源|作者|编辑|浏览|点击|字号|字体|阅读|打印|分享")
BYLINE_MAX_CHARS = 80
# Parts of a page whose dates are never the page's own: chrome, sidebars, footers.
DECOY_AREA = re.compile(
    r"foot|copyright|header|\bhead|nav|menu|side|hot|rank|paihang|related|xgxx|xgwz|tuijian|bottom", re.I
)
SKIP_TAGS = {"script", "style", "noscript", "template", "select", "option"}


@dataclass(frozen=True)
class PageDate:
    """A page's publication date and where it was read from (meta, label, updated, url, byline)."""

    published: date
    source: str


def article_date(root: HtmlElement, url: str) -> PageDate | None:
    """Return the page's publication date, or None when the page does not say it clearly."""
    meta = _meta_date(root)
    if meta is not None:
        return PageDate(meta, "meta")
    text = _visible_text(root)
    for source, label in LABEL_TIERS:
        for day, start, _ in find_dates(text):
            if label.search(text[max(0, start - 12) : start]):
                return PageDate(day, source)
    from_url = url_date(url)
    if from_url is not None:
        return PageDate(from_url, "url")
    byline = _byline_date(root)
    if byline is not None:
        return PageDate(byline, "byline")
    return None


def _meta_date(root: HtmlElement) -> date | None:
    """Return the date of the first publication meta tag that holds one."""
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        if name in PUBLISHED_META:
            dates = find_dates(meta.get("content") or "")
            if dates:
                return dates[0][0]
    return None


def _in_decoy_area(element: HtmlElement) -> bool:
    """Return True when the element or an ancestor is page chrome (header, footer, sidebar, navigation)."""
    node: HtmlElement | None = element
    while node is not None and node.tag not in ("body", "html"):
        if _is_chrome(node):
            return True
        node = node.getparent()
    return False


def _is_chrome(node: HtmlElement) -> bool:
    """Return True for an element that is page chrome itself: its tag, or an id or class that says so."""
    if node.tag in ("header", "footer", "nav", "aside"):
        return True
    marker = f"{node.get('id') or ''} {node.get('class') or ''}"
    return bool(marker.strip() and DECOY_AREA.search(marker))


def _visible_text(root: HtmlElement) -> str:
    """Return the body's text outside scripts and page chrome, one whitespace-collapsed block per line.

    In document order, an element's text then its tail (as iter() gives them); a chrome element's subtree
    gives no text at all, so it is skipped whole (walking every element up to its ancestors was 8 % of a
    crawl's CPU).
    """
    body = root.find("body")
    parts: list[str] = []
    walker = etree.iterwalk(body if body is not None else root, events=("start",))
    for _, element in walker:
        tag = element.tag
        if not isinstance(tag, str):
            continue
        chrome = tag not in ("body", "html") and _is_chrome(element)
        if tag not in SKIP_TAGS:
            if not chrome and element.text and element.text.strip():
                parts.append(" ".join(element.text.split()))
            parent = element.getparent()  # never chrome: chrome subtrees are not entered
            if element.tail and element.tail.strip() and parent is not None and parent.tag not in SKIP_TAGS:
                parts.append(" ".join(element.tail.split()))
        if chrome:
            walker.skip_subtree()
    return "\n".join(parts)


def _byline_date(root: HtmlElement) -> date | None:
    """Return an unlabelled date from a short byline that also names a source or author."""
    for element in root.iter("p", "div", "span", "td", "font", "li"):
        text = " ".join(element.text_content().split())
        if len(text) > BYLINE_MAX_CHARS or not BYLINE.search(text) or _in_decoy_area(element):
            continue
        dates = published_dates(text)
        if dates:
            return dates[0]
    return None


# The source line of an article's info bar: 来源：示例县人民政府办公室 (also 信息来源, 文章来源, 稿件来源, 转载来源).
# The value stops at whitespace, separators, quotes and sentence punctuation; it may sit on the next line.
SOURCE_CHAR = r"[^\s|｜/:：“”\"「」『』，,。；;！!？?]"
SOURCE_LABEL = re.compile(rf"(?:信息|文章|稿件|新闻|转载|内容)?来源\s*[:：]\s*({SOURCE_CHAR}{{0,40}})")
SOURCE_NAME = re.compile(rf"{SOURCE_CHAR}{{2,40}}")
# Words that end a source when the info bar runs on without spaces: 来源：县政府办作者：…
SOURCE_STOP = re.compile(r"(作者|编辑|责任编辑|发布|时间|日期|浏览|点击|阅读|字号|打印|分享|【|\[|（来源).*$")
# Before a label: a quote opens a copyright notice (注明“来源：本网”);
# other labels make an info bar (作者：张三来源：…).
SOURCE_QUOTED = re.compile(r"[“\"‘'「『《]\s*$")
INFO_LABEL = re.compile(r"(作者|编辑|时间|日期|发布|浏览|点击)\s*[:：]")
SOURCE_MAX_OFFSET = 40  # a label further into a longer line is prose quoting a source, not the info bar
SOURCE_LINE_MAX = 80
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# A day in an article's text followed closely by a meeting verb: "11月18日，县政府召开第21次常务会议".
EVENT_DAY = re.compile(r"(?:(20\d\d)\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:[上下]午|晚上?)?")
NOT_EVENT = re.compile(r"今天是|今日是|今天|更新|发布|时间")
EVENT_VERB = re.compile(r"召开|举行|主持召开|开幕|会议")
EVENT_REACH = 30
EVENT_PARAGRAPHS = 3  # the meeting day is told in the lead: the body's first paragraphs
EVENT_MIN_BODY_CHARS = 30  # paragraphs shorter than this in all are not the body: read the visible text instead
YEAR_WRAP_DAYS = 180  # a month-day this far after publication is last year's; nearer, an announced future day
# Media on an article page that make it a diversified (多元化) item.
VIDEO_SRC = re.compile(r"\.(mp4|m3u8|flv|webm|mov)(\?|$)|v\.qq\.com|youku|bilibili|ixigua", re.I)
AUDIO_SRC = re.compile(r"\.(mp3|m4a|aac|wav|ogg)(\?|$)", re.I)
MEDIA_PARAMS = {"src", "movie", "url", "file", "filename"}  # <object><param name="movie" value="…flv"> players


def article_source(root: HtmlElement) -> str | None:
    """Return the article's source (ContentSource meta, else the 来源： label of its info bar), or None."""
    meta = None
    for element in root.iter("meta"):
        if (element.get("name") or "").strip().lower() == "contentsource":
            meta = " ".join((element.get("content") or "").split()) or None
            break
    label = _source_label(_visible_text(root).splitlines())
    if meta and label and label != meta and label.startswith(meta):  # a clipped meta: 浙江 for 浙江监管局
        return label
    return meta or label


def _source_label(lines: list[str]) -> str | None:
    """Return the value of the first 来源： label in an info bar or a credit line of these text lines."""
    for number, line in enumerate(lines):
        for match in SOURCE_LABEL.finditer(line):
            before = line[: match.start()]
            if SOURCE_QUOTED.search(before) or (match.start() > SOURCE_MAX_OFFSET and len(line) > SOURCE_LINE_MAX):
                continue
            if before and _CJK_CHAR.match(before[-1]) and not INFO_LABEL.search(before):
                continue  # 数据来源：, 资金来源： … are words of the text, not a label
            value = match.group(1)
            if not value and line[match.end() :].strip() == "" and number + 1 < len(lines):
                value = _next_line_value(lines[number + 1])  # <i>来源：</i> 山西日报
            source = SOURCE_STOP.sub("", value).strip("，,。;；【】[]")
            if source.endswith(("）", ")")) and not any(bracket in source for bracket in "（("):
                source = source[:-1]  # the credit line's own brackets: （来源：县融媒体中心）
            if len(source) >= 2:
                return source
    return None


def _next_line_value(line: str) -> str:
    """Return a source written on the line after its label, when the line is a short name."""
    match = SOURCE_NAME.match(line)
    return match.group(0) if match and len(line) <= SOURCE_MAX_OFFSET else ""


def article_event(root: HtmlElement, published: date) -> date | None:
    """Return the day of the meeting the article's lead tells (a date, then 召开/举行/会议), never after published."""
    text = "\n".join(_lead_paragraphs(root))
    for match in EVENT_DAY.finditer(text):
        after = text[match.end() : match.end() + EVENT_REACH]
        following = EVENT_DAY.search(after)
        if following:  # the verb must belong to this date, not to the next one
            after = after[: following.start()]
        after = re.split(r"[。；;]", after, maxsplit=1)[0]  # …and to the same sentence
        if NOT_EVENT.search(text[max(0, match.start() - 8) : match.start()]) or not EVENT_VERB.search(after):
            continue
        month, day = int(match.group(2)), int(match.group(3))
        year = int(match.group(1)) if match.group(1) else published.year
        try:
            found = date(year, month, day)
            if not match.group(1) and (found - published).days > YEAR_WRAP_DAYS:  # December told in January
                found = date(year - 1, month, day)
        except ValueError:
            continue
        if found <= published:
            return found
    return None


def _lead_paragraphs(root: HtmlElement) -> list[str]:
    """Return the body's first paragraphs (the <p>s of the element that holds most paragraph text), or all text."""
    groups: dict[HtmlElement, list[str]] = {}
    for paragraph in root.iter("p"):
        text = " ".join(paragraph.text_content().split())
        parent = paragraph.getparent()
        if text and parent is not None and not _in_decoy_area(paragraph):
            groups.setdefault(parent, []).append(text)
    body = max(groups.values(), key=lambda texts: sum(map(len, texts)), default=[])
    if sum(map(len, body)) < EVENT_MIN_BODY_CHARS:
        return _visible_text(root).splitlines()
    return body[:EVENT_PARAGRAPHS]


def article_forms(root: HtmlElement, url: str = "") -> tuple[str, ...]:
    """Return the diversified forms an article page carries: 视频 (a video player or file), 音频.

    A player counts only with a file: CMS templates keep empty `<video src="">` players on every page;
    players in the page's chrome (a sidebar's 视频新闻, the footer) are not the article's.
    """
    forms: list[str] = []
    embedded = [
        resolved_link(el, "src") or resolved_link(el, "data") or resolved_link(el, "value") or ""
        for el in root.iter("iframe", "embed", "object", "param")
        if (el.tag != "param" or (el.get("name") or "").lower() in MEDIA_PARAMS) and not _in_decoy_area(el)
    ]
    if _has_media(root, "video", url) or any(VIDEO_SRC.search(s) for s in embedded if s):
        forms.append("视频")
    if _has_media(root, "audio", url) or any(AUDIO_SRC.search(s) for s in embedded if s):
        forms.append("音频")
    return tuple(forms)


def _has_media(root: HtmlElement, tag: str, page: str) -> bool:
    """Return True when a <video>/<audio> element of the page (at url page) names a file (itself or a <source>)."""
    for player in root.iter(tag):
        if _in_decoy_area(player):
            continue
        sources = [resolved_link(player, "src") or "", *(resolved_link(s, "src") or "" for s in player.iter("source"))]
        # links are read resolved: an empty src reads as the page's own address or its folder
        if any(src.strip() and src != page and not src.endswith("/") for src in sources):
            return True
    return False
