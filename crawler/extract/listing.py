"""A column page → its items: CMS adapters first (Hanweb datastore, script data), then a generic list finder."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.article import DECOY_AREA, article_date
from crawler.extract.dates import MONTH_DAY_ONLY, infer_year, published_dates, url_date
from crawler.extract.hanweb import HANWEB_RECORD, HANWEB_TOTAL  # <script type="text/xml"><datastore>…<record>
from crawler.extract.page import page_base, parse_html, resolved_link
from rules.model import Entry

# TRS paging: createPageHTML(total, current, "index", "html"), newer: createPageHTML("div", total, current, …).
TRS_PAGER = re.compile(
    r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
NEXT_LINK_TEXT = re.compile(r"^\s*[<«‹]?\s*(下一页|下页|后一页|下一頁)\s*[>»›]*\s*$|^\s*[>›»]\s*$")
# JavaScript data embedded in the page: `articleList: [{…}]`, `var list = [{…}]`.
SCRIPT_ARRAY = re.compile(r"[\w$\"']+\s*[:=]\s*(?=\[\s*\{)")
ARRAY_OPEN = re.compile(r"\[\s*\{")  # where SCRIPT_ARRAY's matches end: found first, the name checked backwards
SCRIPT_TITLE_KEYS = ("title", "showTitle", "TITLE", "docTitle", "DOCTITLE")
SCRIPT_DATE_KEYS = (
    "pubDate",
    "publishDate",
    "pubdate",
    "publishTime",
    "pubTime",
    "PUBDATE",
    "docRelTime",
    "DOCRELTIME",
    "fbrq",
)
SCRIPT_URL_KEYS = ("url", "urls", "link", "href", "docPubUrl", "DOCPUBURL")
# Scripts that fetch the list after the page loads.
DATA_SCRIPT = re.compile(r"\$\.(ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|XMLHttpRequest|axios[.(]|\.load\s*\(\s*['\"]")
DATA_SCRIPT_WORDS = ("$.", "fetch", "XMLHttpRequest", "axios", ".load")  # one is in every DATA_SCRIPT match
BLANK_TEXT = re.compile(r"暂无信息|暂无数据|暂无内容|暂无记录|暂无相关|没有相关信息|没有找到相关|无相关信息|尚无信息")
PINNED = re.compile(r"置顶|zhiding|\[顶\]|【顶】")
# Table headers of date columns that are not the publication date (成文日期, 实施日期 …).
OTHER_DATE_HEADER = re.compile(r"成文|印发|生效|失效|施行|实施|截止|废止|有效期")
SIDEBAR_HEADING = re.compile(r"热点|排行|热门|推荐|相关|友情链接|猜你喜欢")
TAG_STRIP = re.compile(r"<[^>]+>")
LIST_TAGS = {"ul", "ol", "table", "tbody", "dl"}
ITEM_TAGS = {"li", "tr", "dd", "dt", "p", "div", "a", "span", "td"}
SKIP_SCHEMES = ("javascript:", "mailto:", "tel:")
MAX_DATES_PER_ITEM = 3
MAX_LINKS_PER_ITEM = 4
MAX_ITEM_CHARS = 300
MIN_TITLE_CHARS_UNDATED = 8
# A table's date columns as its header names them: (the 发布日期 column or None, the 成文日期-like columns).
DateColumns = tuple[int | None, frozenset[int]]


@dataclass
class Listing:
    """What a column page holds.

    kind is one of: list (dated items), links (items without dates: read their pages), page (a single-page
    column dated by itself), blank (says it has no information), scripted (filled by JavaScript), none.
    """

    kind: str
    items: list[Entry] = field(default_factory=list)
    next_page: str | None = None
    truncated: bool = False
    reason: str = ""


def extract_listing(root: HtmlElement, url: str, as_of: date) -> Listing:
    """Read a column page's items, its next page and, when there is no list, why not."""
    scripts = [s.text or "" for s in root.iter("script")]
    next_page = _next_page(root, scripts, url)
    hanweb = _hanweb_records(scripts, url, as_of)
    if hanweb is not None:
        return hanweb
    embedded = _script_records(scripts, url, as_of)
    if embedded:
        return Listing("list", embedded, next_page)
    dated, undated = _best_dom_list(root, url, as_of)
    scripted = _is_scripted(root, scripts)
    # On a page whose list a script fills, a static list that links outside the column and has no pager
    # is more likely another column's widget than the column itself: do not guess.
    if dated and not (scripted and next_page is None and _inside_share(dated, url) < 0.5):
        return Listing("list", dated, next_page)
    if undated and not scripted:
        return Listing("links", undated, next_page)
    if scripted:
        return Listing("scripted", reason="列表由JavaScript动态加载（页面中没有静态列表），无法直接读取")
    body_text = _body_text(root)
    own = article_date(root, url)
    if own is not None:
        return Listing("page", [Entry(_page_title(root), url, own.published, date_source=own.source)])
    if BLANK_TEXT.search(body_text):
        return Listing("blank", reason="栏目页面显示暂无信息")
    return Listing("none", reason="页面中未找到信息列表或发布日期")


def _hanweb_records(scripts: list[str], url: str, as_of: date) -> Listing | None:
    """Read the items of a Hanweb datastore script, or return None when the page has none."""
    for text in scripts:
        if "<datastore" not in text:
            continue
        records = HANWEB_RECORD.findall(text)
        total = HANWEB_TOTAL.search(text)
        if not records:
            return Listing("blank", reason="栏目数据为空（datastore无记录）")
        # Each record is one item, whatever its markup (<li>, a bare <a> + <span>, a one-row table).
        root = parse_html("<html><body>" + "".join(f"<div>{r}</div>" for r in records) + "</body></html>", url)
        items = [item for record in root.find("body") if (item := _read_item(record, as_of, None))]
        truncated = bool(total and int(total.group(1)) > len(records))
        if any(i.published for i in items):
            return Listing("list", items, truncated=truncated)
        if items:
            return Listing("links", items, truncated=truncated)
        return Listing("none", reason="datastore记录中未找到条目")
    return None


def _script_records(scripts: list[str], url: str, as_of: date) -> list[Entry]:
    """Read items from JSON arrays embedded in scripts (records with a title and a publication date)."""
    decoder = json.JSONDecoder()
    for text in scripts:
        for end in _array_starts(text):
            try:
                records, _ = decoder.raw_decode(text, end)
            except ValueError:
                continue
            items = [item for record in records if (item := _script_item(record, url))]
            if items and any(i.published for i in items):
                return items
    return []


def _array_starts(text: str) -> Iterator[int]:
    """Yield where SCRIPT_ARRAY matches end (the "[" of `name = [{`, `"key": [{`), without scanning every word.

    SCRIPT_ARRAY tries its name pattern at every word character of every script (7 % of a real page's
    extraction); an array of objects is rare, so it is found first and what precedes it is checked.
    """
    for found in ARRAY_OPEN.finditer(text):
        i = found.start() - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        if i < 0 or text[i] not in ":=":
            continue
        i -= 1
        while i >= 0 and text[i].isspace():
            i -= 1
        if i >= 0 and (text[i].isalnum() or text[i] in "_$\"'"):
            yield found.start()


def _script_item(record: object, url: str) -> Entry | None:
    """Turn one embedded JSON record into an item when it has a title and a date."""
    if not isinstance(record, dict):
        return None
    title = next((record[k] for k in SCRIPT_TITLE_KEYS if isinstance(record.get(k), str) and record[k]), None)
    raw_date = next((record[k] for k in SCRIPT_DATE_KEYS if isinstance(record.get(k), str)), None)
    if title is None or raw_date is None:
        return None
    dates = published_dates(raw_date)
    link = next((record[k] for k in SCRIPT_URL_KEYS if isinstance(record.get(k), str)), "")
    if link.startswith("{"):
        try:
            link = next(iter(json.loads(link).values()), "")
        except (ValueError, AttributeError):
            link = ""
    pinned = bool(record.get("topStatus") or record.get("isTop") or record.get("top"))
    return Entry(
        " ".join(TAG_STRIP.sub("", title).split()),
        urljoin(url, str(link)),
        dates[0] if dates else None,
        pinned,
        "script",
    )


def _best_dom_list(root: HtmlElement, url: str, as_of: date, min_items: int = 2) -> tuple[list[Entry], list[Entry]]:
    """Return (items of the best dated list, items of the best undated article list) among the page's lists."""
    best_dated: tuple[float, HtmlElement | None, list[Entry]] = (0.0, None, [])
    best_undated: tuple[float, list[Entry]] = (0.0, [])
    walker = etree.iterwalk(root, events=("start",))
    for _, container in walker:  # in document order, as root.iter()
        if not isinstance(container.tag, str) or len(container) == 0:
            continue
        if container.tag not in ("body", "html") and _is_chrome(container):
            walker.skip_subtree()  # menus, footers: a decoy with all they hold, skipped before items are read
            continue
        need = 1 if container.tag in LIST_TAGS else min_items
        if len(container) < need:
            continue
        items_el = _item_elements(container)
        if len(items_el) < need or _is_decoy(container):
            continue
        columns = _date_columns(container)
        items = [item for el in items_el if (item := _read_item(el, as_of, columns))]
        if len(items) < need:
            continue
        dated = sum(1 for i in items if i.published is not None)
        inside = _inside_share(items, url)
        score = dated * 4 + len(items) + inside * len(items) * 2
        if dated and score > best_dated[0]:
            best_dated = (score, container, items)
        elif not dated and score > best_undated[0] and _looks_like_articles(items, inside):
            best_undated = (score, items)
    if best_dated[1] is not None:
        return _with_siblings(best_dated[1], best_dated[2], as_of), []
    return [], best_undated[1]


def _item_elements(container: HtmlElement) -> list[HtmlElement]:
    """Return the container's children of its most common item tag that hold a link."""
    counts: dict[str, int] = {}
    for child in container:
        if isinstance(child.tag, str) and child.tag in ITEM_TAGS:
            counts[child.tag] = counts.get(child.tag, 0) + 1
    if not counts:
        return []
    tag = max(counts, key=counts.__getitem__)
    return [c for c in container if c.tag == tag and _is_item(c)]


def _is_item(element: HtmlElement) -> bool:
    """Return True for a list item: a few links, no list of its own, not page chrome."""
    if not 0 < len(_links(element)) <= MAX_LINKS_PER_ITEM or _is_chrome(element):
        return False
    return not any(True for _ in element.iter("ul", "ol", "table", "dl"))


def _is_chrome(element: HtmlElement) -> bool:
    """Return True for an element that is page chrome itself (header, footer, navigation, sidebar)."""
    if element.tag in ("header", "footer", "nav", "aside"):
        return True
    marker = f"{element.get('id') or ''} {element.get('class') or ''}"
    return bool(marker.strip()) and bool(DECOY_AREA.search(marker))


def _links(element: HtmlElement) -> list[HtmlElement]:
    """Return the element's links (itself included) that lead to a page."""
    found = [element] if element.tag == "a" else []
    found += list(element.iter("a")) if element.tag != "a" else []
    return [a for a in found if _leads_to_page(a)]


def _leads_to_page(anchor: HtmlElement) -> bool:
    """Return True for a link to a page (decided unresolved: "" and "#…" are the page itself when it has a URL)."""
    href = anchor.get("href")
    if href is None:
        return False
    href = href.strip().lower()
    if href.startswith(SKIP_SCHEMES):
        return False
    return bool(href) and not href.startswith("#") or page_base(anchor) is not None


def _date_columns(container: HtmlElement) -> DateColumns | None:
    """Return (the 发布日期 column, the other date columns) of a table whose header names them, else None."""
    table = container.getparent() if container.tag == "tbody" and container.getparent() is not None else container
    for row in table.iter("tr"):
        if _links(row):
            return None
        cells = [c.text_content().strip() for c in row if c.tag in ("th", "td")]
        if any("发布" in c or OTHER_DATE_HEADER.search(c) for c in cells):
            published = next(
                (i for i, c in enumerate(cells) if "发布" in c and ("日期" in c or "时间" in c)),
                None,
            )
            return published, frozenset(i for i, c in enumerate(cells) if OTHER_DATE_HEADER.search(c))
    return None


def _read_item(element: HtmlElement, as_of: date, columns: DateColumns | None) -> Entry | None:
    """Read one list item: its main link, its date from the list text (or its URL), whether it is pinned."""
    links = _links(element)
    if not links:
        return None
    link = max(links, key=lambda a: len(a.text_content().strip()))
    title = " ".join(link.text_content().split())
    if (not title or title.endswith(("...", "…"))) and link.get("title"):
        title = " ".join(link.get("title").split())
    full = element.text_content()
    if len(full) > MAX_ITEM_CHARS:
        return None
    scope = [element]
    if columns is not None:  # a table with a header: read its 发布日期 cell, never its 成文日期 ones
        cells = [c for c in element if c.tag in ("td", "th")]
        published_cell, other_cells = columns
        if published_cell is not None:
            scope = cells[published_cell : published_cell + 1]
        else:
            scope = [c for i, c in enumerate(cells) if i not in other_cells]
    text = " ".join(c.text_content() for c in scope).replace(link.text_content(), " ", 1)
    dates = published_dates(text)
    if len(dates) > MAX_DATES_PER_ITEM:
        return None
    if not dates:
        dates = [d for cell in scope for d in (_short_date(el, as_of) for el in cell.iter()) if d is not None]
    if not dates and (rest := _whole_text_date(text, as_of)):
        dates = [rest]  # a month-day in the item's own text after the link: <li><a>…</a>11-18</li>
    href = resolved_link(link) or ""
    published, source = (max(dates), "list") if dates else (url_date(href), "url")
    images = [f"{i.get('alt')} {resolved_link(i, 'src')}" for i in element.iter("img")]
    marks = " ".join([full, element.get("class") or "", *images])
    pinned = bool(PINNED.search(marks))
    title = PINNED.sub("", title).strip(" []【】") or title
    return Entry(title, href, published, pinned, source if published else "")


def _short_date(element: HtmlElement, as_of: date) -> date | None:
    """Return the date of an element whose whole text is a date, month-day ones included ([11-18])."""
    if not isinstance(element.tag, str) or element.tag == "a" and len(element):
        return None
    return _whole_text_date(element.text_content(), as_of)


def _whole_text_date(text: str, as_of: date) -> date | None:
    """Return the date of a short text that is nothing but a date ([2026-11-18], 11-18, 11月18日)."""
    text = text.strip()
    if not text or len(text) > 24:
        return None
    dates = published_dates(text)
    if dates:
        return dates[0]
    match = MONTH_DAY_ONLY.match(text)
    return infer_year(int(match.group(1)), int(match.group(2)), as_of) if match else None


def _with_siblings(container: HtmlElement, items: list[Entry], as_of: date) -> list[Entry]:
    """Add the items of sibling lists of the same shape (a list split into several <ul> blocks)."""
    parent = container.getparent()
    if parent is None:
        return items
    merged: list[Entry] = []
    for sibling in parent:
        if sibling is container:
            merged.extend(items)
        elif sibling.tag == container.tag and sibling.get("class") == container.get("class"):
            columns = _date_columns(sibling)
            merged.extend(i for el in _item_elements(sibling) if (i := _read_item(el, as_of, columns)))
    return merged


def _is_decoy(container: HtmlElement) -> bool:
    """Return True for lists in page chrome or under a sidebar heading (热点排行, 相关链接 …)."""
    node: HtmlElement | None = container
    depth = 0
    while node is not None and node.tag not in ("body", "html"):
        if _is_chrome(node):
            return True
        if depth < 3:
            heading = node.getprevious()
            if heading is not None and isinstance(heading.tag, str):
                text = heading.text_content().strip()
                if len(text) <= 20 and SIDEBAR_HEADING.search(text):
                    return True
        node = node.getparent()
        depth += 1
    return False


def _inside_share(items: list[Entry], url: str) -> float:
    """Return the share of items whose link lies under the column page's folder (./202611/t…html)."""
    column_dir = url.rsplit("/", 1)[0] + "/"
    return sum(1 for i in items if i.url.startswith(column_dir)) / len(items) if items else 0.0


def _looks_like_articles(items: list[Entry], inside: float) -> bool:
    """Return True when undated links look like a column's articles rather than a menu."""
    if len(items) < 3:
        return False
    mean_title = sum(len(i.title) for i in items) / len(items)
    return mean_title >= MIN_TITLE_CHARS_UNDATED and inside >= 0.5


def _next_page(root: HtmlElement, scripts: list[str], url: str) -> str | None:
    """Return the URL of the list's next page (TRS createPageHTML or a 下一页 link), or None."""
    for text in scripts:
        match = TRS_PAGER.search(text)
        if match:
            total, current = int(match.group(1)), int(match.group(2))
            if current + 1 >= total:
                return None
            return urljoin(url, f"{match.group(3)}_{current + 1}.{match.group(4)}")
    for link in root.iter("a"):
        if _leads_to_page(link) and NEXT_LINK_TEXT.match(link.text_content()):
            href = resolved_link(link) or ""
            return None if href.split("#")[0] == url else href
    return None


def _is_scripted(root: HtmlElement, scripts: list[str]) -> bool:
    """Return True when a script loads data and the page has an empty list container for it."""
    if not any(DATA_SCRIPT.search(text) for text in scripts if any(word in text for word in DATA_SCRIPT_WORDS)):
        return False
    for element in root.iter("ul", "ol", "tbody", "table", "div", "dl"):
        if len(element) == 0 and not (element.text or "").strip():
            marker = f"{element.get('id') or ''} {element.get('class') or ''}".strip()
            if element.tag != "div" or marker:
                return True
    return False


def _body_text(root: HtmlElement) -> str:
    """Return the text of the page body without scripts."""
    body = root.find("body")
    if body is None:
        return ""
    return " ".join(
        t
        for el in body.iter()
        if isinstance(el.tag, str) and el.tag not in ("script", "style")
        for t in (el.text, el.tail)
        if t and t.strip()
    )


def _page_title(root: HtmlElement) -> str:
    """Return a single page's title: ArticleTitle meta, <h1>, or <title>."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and meta.get("content"):
            return meta.get("content").strip()
    for tag in ("h1", "title"):
        found = root.find(f".//{tag}")
        if found is not None and found.text_content().strip():
            return " ".join(found.text_content().split())
    return ""
