"""Discovery: read a site's pages into PageInfo records, then propose its columns as a ready sites.yaml.

The spider (crawler/spiders/discovery.py) fetches the pages; everything here is pure: pages in, proposal out.
A page is proposed as a column when it holds a list of items (dated or article links), says 暂无信息, is
filled by a script, or is a single dated page reached from a menu; pages that fail are proposed (marked
unreadable) only when a menu links them under a column-like name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

import yaml
from lxml.html import HtmlElement

from crawler.extract import Listing
from rules.categories import CATEGORIES, guess_category

# Index files that name the same page as their folder: /gzdt/index.html == /gzdt/.
INDEX_FILE = re.compile(r"/(?:index|default)\.(?:s?html?|jsp|php|aspx?)$", re.I)
# A further page of a list (TRS index_1.html, ?page=2): never a column of its own.
PAGING_URL = re.compile(r"/index_\d+\.s?html?$|[?&](?:page|pageindex|pageno|pagenum|curpage)=\d+", re.I)
# Item pages of the CMSs: TRS ./202611/t20261120_123.html, Hanweb /art/2026/11/20/art_…, content_123, dated folders.
ARTICLE_URL = re.compile(
    r"/t\d{8}_\d+\.s?html?$|/art/\d{4}/|/art_\d+_\d+|/content_\d+|/content/\w+\.s?html?$|/\d{4}[-/]?\d{2}/\d{2}/"
    r"|/\d{6,8}/[^/]+\.s?html?$|/(?:detail|article|show|view)[^/]*\.(?:s?html?|jsp|php|aspx?)\?",
    re.I,
)
FILE_URL = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|wps|ofd|zip|rar|7z|jpe?g|png|gif|bmp|mp4|mp3|flv|apk|exe|xml|txt|css|js)$", re.I
)
# Links of page chrome that are never columns, whatever they hold.
CHROME_NAME = re.compile(
    r"网站地图|联系我们|网站声明|隐私|无障碍|适老|English|登录|注册|RSS|帮助|关于本站|关于我们|纠错|搜索|"
    r"版权|免责|网站导航|返回|打印|关闭|收藏|设为首页|加入收藏|手机版|微信|微博|繁体|简体|更多|查看|详细|下一页|上一页|尾页|首页",
    re.I,
)
GENERIC_TEXT = re.compile(r"^[\s>»›<«‹.…·\-]*(更多|more|查看更多|更多信息|详细|详情)?[\s>»›<«‹.…·\-]*$", re.I)
CRUMB_LABEL = re.compile(r"当前位置|您的位置|您现在的位置|所在位置|当前位置是")
CRUMB_SPLIT = re.compile(r"\s*(?:>|＞|»|›|→|/|-&gt;)\s*")
TITLE_SPLIT = re.compile(r"\s*[_|｜—–-]\s*")
# Column trees that a script carries: {name: "工作动态", url: "/gzdt/"} (either order, quoted or not).
SCRIPT_NODE = re.compile(
    r"""["']?(?:name|title|text|label|colName|chnlName|channelName)["']?\s*:\s*["']([^"'<>]{2,30})["']\s*,\s*"""
    r"""["']?(?:url|href|link|path|colUrl)["']?\s*:\s*["']([^"'\s<>]+)["']"""
    r"""|["']?(?:url|href|link|path|colUrl)["']?\s*:\s*["']([^"'\s<>]+)["']\s*,\s*"""
    r"""["']?(?:name|title|text|label|colName|chnlName|channelName)["']?\s*:\s*["']([^"'<>]{2,30})["']"""
)
SITEMAP_LOC = re.compile(r"<loc>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]+)", re.I)
MAX_NAME_CHARS = 30
MAX_LINK_TEXT = 20
MAX_ITEM_URLS = 20
VIEW_SHARE = 0.6  # a list whose items are mostly another column's is a view of it (a section page's preview box)
HUB_LINKS = 3  # a page linking this many columns is a section index, not a column


@dataclass(frozen=True)
class Link:
    """A link found on a page: where it leads (absolute) and its text."""

    url: str
    text: str


@dataclass
class PageInfo:
    """What discovery learned about one fetched page (or why it could not be read)."""

    url: str
    depth: int
    error: str | None = None
    kind: str = "none"  # the Listing kind: list, links, page, blank, scripted, none
    items: int = 0
    newest: date | None = None
    column_meta: str = ""
    site_meta: str = ""
    crumb: str = ""
    title: str = ""
    item_urls: tuple[str, ...] = ()  # the list's first items (canonical), to tell one column reached twice
    next_page: str | None = None
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class Proposal:
    """A column proposed for the config: name, URL, category, how sure the guess is, and any problem."""

    name: str
    url: str
    category: str
    note: str
    sure: bool
    problem: str | None = None
    items: int = 0
    newest: date | None = None


@dataclass(frozen=True)
class Discovery:
    """A discovered site: its name, start URL, the pages read and the columns proposed."""

    start: str
    site_name: str
    columns: tuple[Proposal, ...]
    pages: int
    error: str | None = None

    @property
    def unreadable(self) -> int:
        """Return how many proposed columns could not be read."""
        return sum(1 for c in self.columns if c.problem)


def canonical_url(url: str) -> str:
    """Return the URL a column is known by: no fragment, lower-case host, index files folded into their folder."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if parts.port in (None, default) else f"{host}:{parts.port}"
    path = INDEX_FILE.sub("/", parts.path).rstrip("/") or "/"  # /gzdt, /gzdt/ and /gzdt/index.html are one
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def in_scope(url: str, start: str) -> bool:
    """Return True for a URL within the start URL's site: its host (or a sub-domain of it) under its folder."""
    target, origin = urlsplit(url), urlsplit(start)
    if target.scheme not in ("http", "https") or not target.hostname or not origin.hostname:
        return False
    host, home = target.hostname.lower(), origin.hostname.lower()
    base = home.removeprefix("www.")
    if host == home and target.port == origin.port:
        folder = origin.path.rsplit("/", 1)[0] + "/"
        return (target.path or "/").startswith(folder)
    return host.endswith("." + base) and not re.fullmatch(r"[\d.]+", base)


def is_followable(url: str) -> bool:
    """Return True for a link discovery may fetch: not a file, not an item page, not a further list page."""
    path = urlsplit(url).path
    return not (FILE_URL.search(path) or ARTICLE_URL.search(url) or PAGING_URL.search(url))


def page_base(root: HtmlElement, url: str) -> str:
    """Return the URL the page's relative links resolve against (its <base href>, else its own URL)."""
    base = root.find(".//base")
    href = (base.get("href") or "").strip() if base is not None else ""
    return urljoin(url, href) if href else url


def page_links(root: HtmlElement, url: str, scripts: list[str]) -> list[Link]:
    """Return the page's links with their text (title attribute when the text is empty), and script tree nodes."""
    base = page_base(root, url)
    links: list[Link] = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        text = " ".join(anchor.text_content().split()) or (anchor.get("title") or "").strip()
        links.append(Link(urljoin(base, href).split("#")[0], text))
    for script in scripts:
        for name1, url1, url2, name2 in SCRIPT_NODE.findall(script):
            href, text = (url1, name1) if url1 else (url2, name2)
            if not href.lower().startswith(("javascript:", "#")):
                links.append(Link(urljoin(base, href).split("#")[0], text.strip()))
    return links


def read_page(root: HtmlElement, url: str, depth: int, listing: Listing, scripts: list[str]) -> PageInfo:
    """Return what a fetched page tells discovery: its listing's shape, its names, its links."""
    dates = [i.published for i in listing.items if i.published is not None]
    return PageInfo(
        url=url,
        depth=depth,
        kind=listing.kind,
        items=len(listing.items),
        newest=max(dates, default=None),
        column_meta=_meta(root, "columnname"),
        site_meta=_meta(root, "sitename"),
        crumb=_crumb(root),
        title=" ".join(root.findtext(".//title", default="").split()),
        item_urls=tuple(canonical_url(i.url) for i in listing.items if not i.pinned)[:MAX_ITEM_URLS],
        next_page=listing.next_page,
        links=page_links(root, url, scripts),
    )


def sitemap_urls(text: str) -> list[str]:
    """Return the <loc> URLs of a sitemap (or a sitemap index)."""
    return [loc.strip() for loc in SITEMAP_LOC.findall(text)]


def _meta(root: HtmlElement, name: str) -> str:
    """Return a <meta name=…> tag's content (case-insensitive name), or ""."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == name and (meta.get("content") or "").strip():
            return " ".join(meta.get("content").split())
    return ""


def _crumb(root: HtmlElement) -> str:
    """Return the last step of the page's breadcrumb (当前位置：首页 > 政务公开 > 工作动态), or ""."""
    for element in root.iter("div", "p", "span", "td", "nav", "ol", "ul"):
        text = " ".join(element.text_content().split())
        if len(text) > 120 or not CRUMB_LABEL.search(text[:12]):
            continue
        tail = CRUMB_LABEL.split(text, maxsplit=1)[-1].lstrip(" ：:")
        steps = [s for s in CRUMB_SPLIT.split(tail) if s.strip()]
        return steps[-1].strip() if len(steps) > 1 else ""
    return ""


def propose(pages: list[PageInfo], start: str) -> Discovery:
    """Return the site's columns among the pages read: named, categorised, duplicates merged, in reading order."""
    by_url: dict[str, PageInfo] = {}
    for page in pages:
        by_url.setdefault(canonical_url(page.url), page)
    start_key = canonical_url(start)
    home = by_url.get(start_key)
    site_name = _site_name(home)
    if home is None or home.error:
        reason = home.error if home is not None else "未能抓取"
        return Discovery(start, site_name, (), len(pages), f"起始页无法读取：{reason}")
    texts, paging = _link_texts(pages)
    candidates: dict[str, Proposal] = {start_key: _proposal(home, "首页", "homepage", "网站首页（起始页）", True)}
    for key, page in by_url.items():
        if key != start_key and key not in paging and is_followable(page.url):
            proposal = _judge(page, texts.get(key, Counter()), site_name)
            if proposal is not None:
                candidates[key] = proposal
    menu = {canonical_url(link.url) for link in home.links}  # the site's menus, on every page
    kept = [
        key
        for key in candidates
        if key == start_key or not (_is_view(key, by_url, candidates) or _is_hub(by_url[key], candidates, menu))
    ]
    return Discovery(start, site_name, tuple(candidates[k] for k in kept), len(pages))


def _link_texts(pages: list[PageInfo]) -> tuple[dict[str, Counter[str]], set[str]]:
    """Return the texts of the links to each page, and the pages that are further pages of a list."""
    texts: dict[str, Counter[str]] = {}
    paging: set[str] = set()
    for page in pages:
        if page.next_page:
            paging.add(canonical_url(page.next_page))
        for link in page.links:
            key = canonical_url(link.url)
            if link.text and len(link.text) <= MAX_LINK_TEXT and not GENERIC_TEXT.match(link.text):
                texts.setdefault(key, Counter())[link.text] += 1
    return texts, paging


def _is_view(key: str, pages: dict[str, PageInfo], candidates: dict[str, Proposal]) -> bool:
    """Return True when the page's list is mostly another column's (the same column reached twice, a preview)."""
    mine = pages[key].item_urls
    if len(mine) < 2:
        return False
    order = list(candidates)
    place = order.index(key)
    for rank, other in enumerate(order[1:], start=1):  # never the front page, whose boxes preview every column
        theirs = set(pages[other].item_urls)
        if other == key or not theirs:
            continue
        shared = sum(1 for url in mine if url in theirs) / len(mine)
        larger = len(theirs) > len(mine) or (len(theirs) == len(mine) and rank < place)
        if shared >= VIEW_SHARE and larger:
            return True
    return False


def _is_hub(page: PageInfo, candidates: dict[str, Proposal], menu: set[str]) -> bool:
    """Return True for a section index: a page without list or date that links columns the menus do not."""
    if page.kind != "none" or page.error:
        return False
    linked = {canonical_url(link.url) for link in page.links} & set(candidates)
    return len(linked - menu - {canonical_url(page.url)}) >= HUB_LINKS


def _site_name(home: PageInfo | None) -> str:
    """Return the site's name: its SiteName meta, else the first part of its front page's title."""
    if home is None:
        return "未命名网站"
    if home.site_meta:
        return home.site_meta
    parts = [p for p in TITLE_SPLIT.split(home.title) if p.strip()]
    return (parts[-1] if parts else "") or urlsplit(home.url).hostname or "未命名网站"


def _column_name(page: PageInfo, names: Counter[str], site_name: str) -> str:
    """Return a column's name: its ColumnName meta, breadcrumb, the commonest link text to it, or its title."""
    for candidate in (page.column_meta, page.crumb):
        if candidate and candidate != site_name and len(candidate) <= MAX_NAME_CHARS:
            return candidate
    if names:
        return names.most_common(1)[0][0]
    parts = [p for p in TITLE_SPLIT.split(page.title) if p.strip() and p.strip() != site_name]
    return parts[0][:MAX_NAME_CHARS] if parts else ""


def _judge(page: PageInfo, names: Counter[str], site_name: str) -> Proposal | None:
    """Return the page as a proposed column, or None when it is not one (an index page, chrome, an article)."""
    name = _column_name(page, names, site_name)
    linked_as = names.most_common(1)[0][0] if names else ""
    if not name or CHROME_NAME.search(linked_as or name):
        return None
    guessed = guess_category(name)
    if page.error or page.kind == "none":
        if guessed is None or not names:
            return None
        problem = f"无法读取：{page.error}" if page.error else "页面中未找到信息列表或发布日期"
        return _proposal(page, name, guessed, f"按名称“{name}”推断", False, problem)
    if page.kind in ("list", "links"):
        if guessed is None:
            return _proposal(page, name, "other", "未能从名称推断类别，请核对", False)
        return _proposal(page, name, guessed, f"按名称“{name}”推断", True)
    if page.kind == "blank":
        return _proposal(page, name, guessed or "other", "栏目显示暂无信息", guessed is not None, None)
    if page.kind == "scripted":
        problem = "列表由JavaScript加载，需浏览器渲染（render: browser）"
        return _proposal(page, name, guessed or "other", f"按名称“{name}”推断", False, problem)
    if page.kind == "page" and names:
        category = guessed or "overview"
        note = f"单页栏目，按名称“{name}”推断" if guessed else "单页栏目，按页面形式推断为概况类"
        return _proposal(page, name, category, note, guessed is not None)
    return None


def _proposal(page: PageInfo, name: str, category: str, note: str, sure: bool, problem: str | None = None) -> Proposal:
    """Return a Proposal for the page."""
    return Proposal(name, page.url, category, note, sure, problem, page.items, page.newest)


def render_config(discovery: Discovery, generated: str, ruleset: str = "zwgk-2021") -> str:
    """Return the proposal as a commented sites.yaml that `govfresh check --config` reads as it is."""
    found = len(discovery.columns)
    unsure = sum(1 for c in discovery.columns if not c.sure and not c.problem)
    lines = [
        f"# govfresh discover {discovery.start}",
        f"# 生成于 {generated}：读取 {discovery.pages} 个页面，发现 {found} 个栏目"
        f"（{discovery.unreadable} 个无法读取，{unsure} 个类别把握不大）。",
        "# 请逐项核对栏目类别 category（可选：" + "、".join(CATEGORIES) + "），删去不需检查的栏目。",
        f"ruleset: {_scalar(ruleset)}",
        "sites:",
        f"  - name: {_scalar(discovery.site_name)}",
        f"    url: {_scalar(discovery.start)}",
        "    columns:",
    ]
    for column in discovery.columns:
        sureness = "把握较大" if column.sure else "把握不大，请核对"
        seen = f"，列表{column.items}条" if column.items else ""
        newest = f"，最新{column.newest.isoformat()}" if column.newest else ""
        comment = f"{CATEGORIES[column.category]}：{column.note}（{sureness}）{seen}{newest}"
        lines += [
            f"      - name: {_scalar(column.name)}",
            f"        url: {_scalar(column.url)}",
            f"        category: {column.category}  # {comment}",
        ]
        if column.problem:
            lines.append(f"        # {column.problem}")
    if not discovery.columns:
        lines.append("      []  # 未发现栏目")
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    """Return a string as a one-line YAML scalar (quoted when YAML needs it)."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()
