"""Measure `govfresh discover`'s recall and precision on the demo portal and on generated realistic county sites.

    .venv/bin/python bench/discover_bench.py                   # demo portal + 20 generated sites, 2 at a time
    .venv/bin/python bench/discover_bench.py --sites 5 --per-site --keep /tmp/portal

The generated sites are built with the demo writers (crawler/demo): each has a front page with a nav menu,
更多>> links, a banner, footer chrome and links to other hosts; section pages (新闻中心, 互动交流, 专题专栏)
that preview their sub-columns; a 政府信息公开 page whose column tree is a nested <ul> or a script array;
25–45 columns of real county names in every demo style, some broken (404, 500), some script-filled, some only
in sitemap.xml; a GBK site or two. Each site is its own origin (127.0.0.1, its own port, its own /sitemap.xml).
Discovery is the real CLI, one process per site; proposals and truth are compared by canonical_url, the front
page (the start URL) left out of both.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from html import escape
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.demo import pages  # noqa: E402
from crawler.demo.pages import DATE_FORMATS, Item  # noqa: E402
from crawler.demo.portal import (  # noqa: E402
    DEMO_AS_OF,
    DEMO_SITES,
    DemoColumn,
    items_for,
    portal_config,
    write_column,
    write_portal,
)
from crawler.demo.server import PortalServer, serve  # noqa: E402
from crawler.discover import canonical_url  # noqa: E402

GOVFRESH = REPO / ".venv" / "bin" / "govfresh"
RUN_TIMEOUT = 240.0
LISTED = 20  # misses and false proposals printed per portal (--list)
PREVIEW = 5  # items in a section page's preview box
HEADER = re.compile(r"读取 (\d+) 个页面，发现 (\d+) 个栏目（(\d+) 个无法读取")
PREVIEWABLE = ("trs", "table", "url")  # styles whose items keep their TRS links (a preview can show them)


@dataclass(frozen=True)
class Spec:
    """A column as real county sites name it: its folder, section, true category (None: no rule says) and kind."""

    name: str
    slug: str
    section: str  # xwzx (新闻中心), zwgk (政府信息公开), hdjl (互动交流), ztzl (专题专栏)
    category: str | None
    group: str = "法定主动公开内容"  # its heading in the 政府信息公开 tree
    kind: str = "list"  # news (dense), list, rare (a few items a year), single (one page)


NEWS = tuple(
    Spec(name, slug, "xwzx", "dynamic", kind="news")
    for name, slug in (
        ("工作动态", "gzdt"),
        ("通知公告", "tzgg"),
        ("部门动态", "bmdt"),
        ("乡镇动态", "xzdt"),
        ("图片新闻", "tpxw"),
        ("媒体聚焦", "mtjj"),
        ("时政要闻", "szyw"),
        ("公示公告", "gsgg"),
        ("视频新闻", "spxw"),
        ("政务要闻", "zwyw"),
    )
)
ZWGK_CORE = (
    Spec("政策文件", "zcwj", "zwgk", "documents", "政策"),
    Spec("政策解读", "zcjd", "zwgk", "interpretation", "政策"),
    Spec("人事信息", "rsxx", "zwgk", "personnel"),
    Spec("财政预决算", "czyjs", "zwgk", "budget", kind="rare"),
    Spec("政府信息公开年报", "xxgknb", "zwgk", "annual-report", "政府信息公开年报", "rare"),
    Spec("县情概况", "xqgk", "zwgk", "overview", "机构信息", "single"),
    Spec("机构职能", "jgzn", "zwgk", "overview", "机构信息", "single"),
    Spec("领导信息", "ldxx", "zwgk", "overview", "机构信息", "single"),
)
ZWGK_MORE = (
    Spec("规范性文件", "gfxwj", "zwgk", "documents", "政策"),
    Spec("政府文件", "zfwj", "zwgk", "documents", "政策"),
    Spec("人事任免", "rsrm", "zwgk", "personnel"),
    Spec("招考录用", "zkly", "zwgk", "personnel"),
    Spec("部门预决算", "bmyjs", "zwgk", "budget", kind="rare"),
    Spec("重点任务执行情况", "zdrw", "zwgk", "quarterly", kind="rare"),
    Spec("会议公开", "hygk", "zwgk", "meeting"),
    Spec("常务会议", "cwhy", "zwgk", "meeting"),
    Spec("政府开放日", "zfkfr", "zwgk", "open-day", kind="rare"),
    Spec("基层政务公开标准目录", "bzml", "zwgk", "directory", kind="rare"),
    Spec("建议提案办理", "jytabl", "zwgk", None),
    Spec("规划计划", "ghjh", "zwgk", None),
    Spec("统计信息", "tjxx", "zwgk", None),
    Spec("审计公告", "sjgg", "zwgk", None, kind="rare"),
    Spec("权责清单", "qzqd", "zwgk", None, kind="rare"),
    Spec("双随机一公开", "ssjygk", "zwgk", None),
    Spec("价格收费", "jgsf", "zwgk", None),
    Spec("行政执法", "xzzf", "zwgk", None),
    Spec("减税降费", "jsjf", "zwgk", None),
    Spec("法治政府建设", "fzzfjs", "zwgk", None, kind="rare"),
    Spec("重点领域信息公开", "zdlyxxgk", "zwgk", None, "重点领域信息公开"),
    Spec("政府采购", "zfcg", "zwgk", None, "重点领域信息公开"),
    Spec("公共资源交易", "ggzyjy", "zwgk", None, "重点领域信息公开"),
    Spec("社会救助", "shjz", "zwgk", None, "重点领域信息公开"),
    Spec("应急管理", "yjgl", "zwgk", None, "重点领域信息公开"),
    Spec("环境保护", "hjbh", "zwgk", None, "重点领域信息公开"),
    Spec("安全生产", "aqsc", "zwgk", None, "重点领域信息公开"),
    Spec("食品安全", "spaq", "zwgk", None, "重点领域信息公开"),
    Spec("教育信息", "jyxx", "zwgk", None, "重点领域信息公开"),
    Spec("医疗卫生", "ylws", "zwgk", None, "重点领域信息公开"),
    Spec("乡村振兴", "xczx", "zwgk", None, "重点领域信息公开"),
    Spec("政府信息公开指南", "xxgkzn", "zwgk", None, "政府信息公开指南", "single"),
    Spec("政府信息公开制度", "xxgkzd", "zwgk", None, "政府信息公开制度", "single"),
)
HDJL = tuple(Spec(n, s, "hdjl", None) for n, s in (("在线访谈", "zxft"), ("征集调查", "zjdc"), ("回应关切", "hygq")))
TOPICS = tuple(
    Spec(name, slug, "ztzl", "thematic", kind="rare")
    for name, slug in (
        ("学习贯彻党的二十大精神", "xxgc"),
        ("优化营商环境", "yhyshj"),
        ("创建全国文明城市", "cjwmcs"),
        ("安全生产月", "aqscy"),
        ("主题教育", "ztjy"),
        ("扫黑除恶专项斗争", "shce"),
    )
)
ZTZL_COLUMN = Spec("专题专栏", "", "ztzl", "thematic")
PLACES = (
    "青溪", "白岭", "云川", "石门", "长宁", "丰乐", "安澜", "桐原", "梅岗", "柳河",
    "金沙", "玉泉", "平湖", "临川", "秀峰", "双溪", "望江", "龙潭", "紫荆", "清源",
)  # fmt: skip
SECTION_NAMES = {"xwzx": "新闻中心", "zwgk": "政府信息公开", "hdjl": "互动交流", "ztzl": "专题专栏", "zwfw": "政务服务"}
SINGLE_STAMPS = (
    '<meta name="PubDate" content="{d} 09:00">',
    "更新时间：{d}",
    "发布日期：{cn}",
    "",  # no date at all (领导信息 pages often have none)
)


@dataclass(frozen=True)
class Truth:
    """A real column of a site: its name, true category (None: unknown), style and how the site links it."""

    url: str
    name: str
    category: str | None
    style: str
    how: str


@dataclass
class SiteTruth:
    """A site to discover: its name, start URL, its real columns and labels of known non-column pages."""

    name: str
    start: str
    columns: dict[str, Truth]  # by canonical URL
    decoys: dict[str, str] = field(default_factory=dict)  # canonical URL → what the page is


@dataclass(frozen=True)
class Found:
    """A column proposed by discovery: name, URL, category and whether it is marked unreadable."""

    name: str
    url: str
    category: str
    problem: str


@dataclass
class SiteRun:
    """Discovery's result for one site: the proposals, pages read, wall seconds, and any failure."""

    site: SiteTruth
    found: list[Found]
    pages: int
    wall: float
    error: str = ""


@dataclass(frozen=True)
class Planned:
    """A generated column: its name spec, its demo-writer description, its link path and how the site links it."""

    spec: Spec
    column: DemoColumn
    number: int
    path: str  # the column's URL path under the site (an error route for status500)
    how: str  # linked (from the site's pages), or sitemap (only in sitemap.xml)


@dataclass
class SitePlan:
    """A generated site's shape: its name, charset, tree form, menus, sitemap and columns."""

    index: int
    name: str
    charset: str
    tree_form: str  # ul, script, json
    sitemap: str  # none, urlset, index
    dropdown: bool  # the nav menu drops down every column of its section
    ztzl_hub: bool  # 专题专栏 is a hub of topic columns (else one column itself)
    news_in_tree: bool  # the 政府信息公开 tree lists the news columns too
    latest_box: bool  # the 政府信息公开 page shows the newest items of its columns
    h3_links: bool  # preview boxes' headings link their column
    columns: list[Planned]


# ---------------------------------------------------------------------------------------------------------------
# The generated portal


def plan_site(index: int, seed: int, shift: int) -> SitePlan:
    """Return a site's plan: 25–45 columns of real names, mixed styles, some broken, some only in the sitemap."""
    rng = random.Random(f"{seed}-{index}")
    place = PLACES[index % len(PLACES)] + ("" if index < len(PLACES) else str(index // len(PLACES) + 1))
    plan = SitePlan(
        index=index,
        name=f"{place}县人民政府",
        charset="gb2312" if index % 10 == 2 else "utf-8",
        tree_form=("ul", "script", "json")[index % 3],
        sitemap=("urlset", "none", "index", "urlset")[index % 4],
        dropdown=index % 3 == 1,
        ztzl_hub=rng.random() < 0.6,
        news_in_tree=rng.random() < 0.5,
        latest_box=index % 2 == 0,
        h3_links=rng.random() < 0.5,
        columns=[],
    )
    total = rng.randint(25, 45)
    news = [*NEWS[:2], *rng.sample(NEWS[2:], rng.randint(2, 5))]
    hdjl = rng.sample(HDJL, rng.randint(1, 3))
    topics = rng.sample(TOPICS, rng.randint(2, 5)) if plan.ztzl_hub else [ZTZL_COLUMN]
    more = max(0, total - len(news) - len(hdjl) - len(topics) - len(ZWGK_CORE))
    zwgk = [*ZWGK_CORE, *rng.sample(ZWGK_MORE, min(more, len(ZWGK_MORE)))]
    hanweb_share = 0.35 if index % 4 == 3 else 0.04
    chosen = [*news, *zwgk, *hdjl, *topics]
    sitemap_only = set()
    if plan.sitemap != "none":
        spare = [s for s in zwgk if s not in ZWGK_CORE]
        sitemap_only = {s.slug for s in rng.sample(spare, min(len(spare), rng.randint(1, 3)))}
    for number, spec in enumerate(chosen, start=1):
        forced = spec in NEWS[:2]  # the front page previews 工作动态 and 通知公告: TRS lists
        style = "trs" if forced else pick_style(spec, rng, hanweb_share)
        folder = f"col/col{1000 + index * 100 + number}" if style == "hanweb" else spec.section
        if style != "hanweb" and spec.slug:
            folder += "/" + spec.slug
        path = f"_status/500/{folder}/" if style == "status500" else f"{folder}/"
        how = "sitemap" if spec.slug in sitemap_only and style not in ("missing", "status500") else "linked"
        column = DemoColumn(
            spec.name,
            folder,
            style,
            item_ages(spec, rng, shift) if style not in ("single", "blank", "missing", "status500") else (),
            date_format=rng.choice(("iso", "iso", "iso", "slash", "dot", "cn", "nopad", "monthday")),
            pinned_ages=(shift + rng.randint(200, 500),) if rng.random() < 0.1 else (),
            sidebar=rng.random() < 0.15,
            charset=plan.charset,
            stamp=single_stamp(rng, shift) if style == "single" else "",
            repeat=False,
        )
        if style == "table":
            column = replace(column, written_offsets=tuple(-rng.randint(0, 9) for _ in column.ages))
        plan.columns.append(Planned(spec, column, number, path, how))
    return plan


def pick_style(spec: Spec, rng: random.Random, hanweb_share: float) -> str:
    """Return a column's page style: TRS lists mostly, with every other demo style and some broken links."""
    if spec.kind == "single":
        return "missing" if rng.random() < 0.05 else "single"
    roll = rng.random()
    for share, style in (
        (hanweb_share, "hanweb"),
        (0.12 if spec.category == "documents" else 0.02, "table"),
        (0.05, "links"),
        (0.03, "url"),
        (0.05, "scripted"),
        (0.05, "blank"),
        (0.04, "missing"),
        (0.02, "status500"),
    ):
        if roll < share:
            return style
        roll -= share
    return "trs"


def item_ages(spec: Spec, rng: random.Random, shift: int) -> tuple[int, ...]:
    """Return the ages (days before the demo's day, shifted to today) of a column's items, as its kind has them."""
    count, span = {"news": (rng.randint(6, 24), 120), "rare": (rng.randint(1, 4), 700)}.get(
        spec.kind, (rng.randint(2, 14), 400)
    )
    return tuple(shift + age for age in sorted(rng.sample(range(span), count)))


def single_stamp(rng: random.Random, shift: int) -> str:
    """Return a single page's date line (a PubDate meta tag, a line in the text, or nothing)."""
    day = DEMO_AS_OF - timedelta(days=shift + rng.randint(20, 400))
    return rng.choice(SINGLE_STAMPS).format(d=day.isoformat(), cn=f"{day.year}年{day.month:02d}月{day.day:02d}日")


def write_text(path: Path, text: str, charset: str = "utf-8") -> None:
    """Write a page in its charset (GB2312 pages as GBK bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("gbk" if charset.startswith("gb") else charset))


def previews(plan: SitePlan, col: Planned, today: date) -> list[Item]:
    """Return a column's newest items with links from the site's root (empty when its style hides them)."""
    if col.column.style not in PREVIEWABLE:
        return []
    items = items_for(col.column, today, col.number, plan.name)
    return [Item(i.title, i.published, f"/{col.path}{i.href[2:]}") for i in items if not i.pinned][:PREVIEW]


def item_list(items: list[Item]) -> str:
    """Return a <ul> of items with their dates."""
    return '<ul class="list">' + "".join(pages.item_li(i, DATE_FORMATS["iso"]) for i in items) + "</ul>"


def link(href: str, text: str, title: str = "") -> str:
    """Return an <a> tag."""
    attr = f' title="{escape(title)}"' if title else ""
    return f'<a href="{escape(href)}"{attr}>{escape(text)}</a>'


def image_link(href: str, title: str, image: str) -> str:
    """Return a banner: an image in a link whose only name is its title attribute."""
    return f'<a href="{escape(href)}" title="{escape(title)}"><img src="{escape(image)}" alt=""></a>'


def linked(plan: SitePlan, section: str) -> list[Planned]:
    """Return the section's columns that the site links (not those only in its sitemap)."""
    return [c for c in plan.columns if c.spec.section == section and c.how == "linked"]


def write_site(root: Path, plan: SitePlan, base: str, others: list[str], today: date) -> SiteTruth:
    """Write a generated site's pages under root; return its truth (real columns, labelled decoys)."""
    for col in plan.columns:
        write_column(root / col.column.path, plan.name, col.column, today, col.number)
    chosen_href = random.Random(f"href-{plan.index}")

    def href(col: Planned, here: str) -> str:
        """Return a link to a column in one of the forms real sites use (relative, absolute, full, index.html)."""
        form = chosen_href.randrange(4)
        if form == 0 and col.path.startswith(here):
            return "./" + col.path.removeprefix(here)
        if form == 1:
            return f"/{col.path}index.html" if not col.path.startswith("_status") else f"/{col.path}"
        if form == 2:
            return f"{base}{col.path}"
        return f"/{col.path}"

    def page(title: str, body: str, folder: str) -> None:
        """Write one of the site's own pages (front page, sections, chrome) in the site's charset."""
        write_text(
            root / folder / "index.html", pages.page(plan.name, title, body, today, charset=plan.charset), plan.charset
        )

    write_text(
        root / "index.html",
        pages.page(plan.name, "首页", front_body(plan, others, href, today), today, charset=plan.charset),
        plan.charset,
    )
    for section in ("xwzx", "hdjl"):
        page(SECTION_NAMES[section], section_body(plan, section, href, today), section)
    if plan.ztzl_hub:
        banners = "".join(
            f"<li>{image_link(href(c, 'ztzl/'), c.spec.name, f'/images/{c.spec.slug}.jpg')}"
            f"{'<p>' + escape(c.spec.name) + '</p>' if c.number % 2 else ''}</li>"
            for c in linked(plan, "ztzl")
        )
        page("专题专栏", f'<div class="ztzl"><ul class="topics">{banners}</ul></div>', "ztzl")
    page("政府信息公开", zwgk_body(plan, href, today), "zwgk")
    services = "".join(
        f"<li>{link(f'http://127.0.0.3:9/bs/{n}.html', name)}</li>"
        for n, name in enumerate(("个人办事", "法人办事", "办事指南", "好差评", "证照查询", "一件事一次办"))
    )
    page("政务服务", f'<div class="zwfw"><h2>网上办事</h2><ul class="service">{services}</ul></div>', "zwfw")
    hubs = ("xwzx", "zwgk", "hdjl", "ztzl") if plan.ztzl_hub else ("xwzx", "zwgk", "hdjl")
    groups = "".join(
        "<dl><dt>"
        + (link(f"/{section}/", SECTION_NAMES[section]) if section in hubs else SECTION_NAMES[section])
        + "</dt>"
        + "".join(f"<dd>{link(href(c, 'wzdt/'), c.spec.name)}</dd>" for c in linked(plan, section))
        + "</dl>"
        for section in ("xwzx", "zwgk", "hdjl", "ztzl")
    )
    page("网站地图", f'<div class="wzdt">{groups}</div>', "wzdt")
    page(
        "联系我们",
        pages.single_page("联系我们", f"地址：{plan.name}办公楼 电话：0000-1234567", "更新时间：2025-03-01"),
        "lxwm",
    )
    if any(c.column.style == "hanweb" for c in plan.columns):  # /col/ answers a soft 404, as Hanweb sites do
        page("页面不存在", "<p>抱歉，您访问的页面不存在或已被删除。</p>", "col")
    page("网站声明", pages.single_page("网站声明", "本网站所载内容版权归本站所有。", ""), "wzsm")
    truth = SiteTruth(plan.name, base, {})
    for col in plan.columns:
        truth.columns[canonical_url(base + col.path)] = Truth(
            base + col.path, col.spec.name, col.spec.category, col.column.style, col.how
        )
    for folder, label in (
        ("xwzx/", "section page 新闻中心 (previews)"),
        ("hdjl/", "section page 互动交流 (previews)"),
        ("zwgk/", "政府信息公开 page (column tree)"),
        ("zwfw/", "政务服务 page (external service links)"),
        ("wzdt/", "网站地图 page"),
        ("lxwm/", "联系我们 page"),
        ("wzsm/", "网站声明 page"),
        ("col/", "hanweb parent folder (soft 404)"),
    ) + ((("ztzl/", "section page 专题专栏 (topic banners)"),) if plan.ztzl_hub else ()):
        truth.decoys.setdefault(canonical_url(base + folder), label)
    write_sitemap(root, plan, base, today)
    return truth


def front_body(plan: SitePlan, others: list[str], href: Callable[[Planned, str], str], today: date) -> str:
    """Return the front page: top links, nav menu, banner, preview boxes with 更多>>, topics, links, footer chrome."""
    cols = {c.spec.slug: c for c in plan.columns}
    menu = []
    for section, target in (("", "/"), ("zwgk", "/zwgk/"), ("xwzx", "/xwzx/"), ("zwfw", "/zwfw/"), ("hdjl", "/hdjl/")):
        drop = ""
        if plan.dropdown and section in ("xwzx", "hdjl", "zwgk"):
            drop = (
                '<ul class="sub">'
                + "".join(f"<li>{link(href(c, ''), c.spec.name)}</li>" for c in linked(plan, section)[:8])
                + "</ul>"
            )
        label = {"": "首页", "zwgk": "政务公开"}.get(section) or SECTION_NAMES[section]
        menu.append(f"<li>{link(target, label)}{drop}</li>")
    boxes = []
    for slug, title in (("gzdt", "要闻动态"), ("tzgg", "通知公告"), ("zcwj", "政策文件"), ("zcjd", "政策解读")):
        col = cols.get(slug)
        if col is None or col.how != "linked":
            continue
        more = f'<a class="more" href="{escape(href(col, ""))}">更多&gt;&gt;</a>'
        boxes.append(
            f'<div class="box"><div class="box-title"><h2>{title}</h2>{more}</div>'
            f"{item_list(previews(plan, col, today))}</div>"
        )
    topics = "".join(
        image_link(href(c, ""), c.spec.name, f"/images/{c.spec.slug}.jpg") for c in linked(plan, "ztzl")[:2]
    )
    quick = (
        "".join(
            f"<li>{link(href(cols[s], ''), cols[s].spec.name)}</li>"
            for s in ("xxgkzn", "xxgknb", "zdlyxxgk")
            if s in cols and cols[s].how == "linked"
        )
        + f"<li>{link('http://127.0.0.2:9/ysqgk/', '依申请公开')}</li>"
    )
    friends = " ".join(link(url, f"兄弟县{n}人民政府") for n, url in enumerate(others, start=1))
    return f"""<div class="top">{link("javascript:;", "无障碍")} {link("javascript:;", "适老化")}
{link("http://127.0.0.2:9/login", "登录")} {link("http://127.0.0.2:9/reg", "注册")} {link("/search/?q=", "搜索")}</div>
<div class="menu"><ul>{"".join(menu)}</ul></div>
<div class="banner"><img src="/images/banner.jpg" alt="{escape(plan.name)}"></div>
<div class="boxes">{"".join(boxes)}</div>
<div class="topics">{topics}</div>
<div class="quick"><h2>政务公开</h2><ul>{"".join(quick)}</ul></div>
<div class="links"><h2>友情链接</h2>{link("http://127.0.0.2:9/", "中国政府网")}
{link("http://127.0.0.3:9/", "省人民政府")} {friends}</div>
<div class="foot-links">{link("/wzdt/", "网站地图")} | {link("/lxwm/", "联系我们")} | {link("/wzsm/", "网站声明")} |
<a href="javascript:;" id="wza">无障碍</a></div>"""


def section_body(plan: SitePlan, section: str, href: Callable[[Planned, str], str], today: date) -> str:
    """Return a section index page: a preview box of each sub-column (its newest items and a 更多 link)."""
    boxes = []
    for col in linked(plan, section):
        title = link(href(col, section + "/"), col.spec.name) if plan.h3_links else escape(col.spec.name)
        more = link(href(col, section + "/"), ("更多", "更多>>", "more+")[col.number % 3])
        boxes.append(f'<div class="box"><h3>{title}</h3>{more}{item_list(previews(plan, col, today))}</div>')
    extra = ""
    if section == "hdjl":
        extra = f'<div class="box"><h3>县长信箱</h3>{link("http://127.0.0.3:9/xzxx/", "我要写信")}</div>'
    return f'<div class="section">{"".join(boxes)}{extra}</div>'


def zwgk_body(plan: SitePlan, href: Callable[[Planned, str], str], today: date) -> str:
    """Return the 政府信息公开 page: its column tree (nested <ul> or a script array) and maybe the newest items."""
    tree_cols = [
        c
        for c in plan.columns
        if c.how == "linked" and (c.spec.section == "zwgk" or (plan.news_in_tree and c.spec.section == "xwzx"))
    ]
    grouped: dict[str, list[Planned]] = {}
    for col in tree_cols:
        grouped.setdefault("法定主动公开内容" if col.spec.section == "xwzx" else col.spec.group, []).append(col)
    if plan.tree_form == "ul":
        tree = pages.column_tree(
            [(group, c.spec.name, href(c, "zwgk/")) for group, cols in grouped.items() for c in cols]
        )
    else:
        nodes = []
        for number, (group, cols) in enumerate(grouped.items(), start=1):
            if plan.tree_form == "script":
                leaves = ",\n    ".join(f'{{name: "{c.spec.name}", url: "{href(c, "zwgk/")}"}}' for c in cols)
                nodes.append(f'  {{name: "{group}", url: "javascript:;", children: [\n    {leaves}]}}')
            else:
                leaves = ",\n    ".join(
                    f'{{"id": {number * 100 + n}, "pId": {number}, '
                    f'"title": "{c.spec.name}", "link": "{href(c, "zwgk/")}"}}'
                    for n, c in enumerate(cols)
                )
                nodes.append(f'  {{"id": {number}, "pId": 0, "title": "{group}", "open": true}},\n    {leaves}')
        tree = (
            '<div class="xxgk-tree"><h2>信息公开目录</h2><ul id="tree" class="ztree"></ul></div>\n'
            "<script>\nvar zNodes = [\n" + ",\n".join(nodes) + "\n];\n"
            '$(function () { $.fn.zTree.init($("#tree"), setting, zNodes); });\n</script>'
        )
    latest = ""
    if plan.latest_box:
        items = sorted(
            (i for c in tree_cols for i in previews(plan, c, today)), key=lambda i: i.published, reverse=True
        )
        latest = f'<div class="latest"><h3>最新信息</h3>{item_list(items[:8])}</div>'
    return f'{tree}{latest}<div class="ysq">{link("http://127.0.0.2:9/ysqgk/", "依申请公开")}</div>'


def write_sitemap(root: Path, plan: SitePlan, base: str, today: date) -> None:
    """Write /sitemap.xml: sections, most columns (all the sitemap-only ones), some articles and further pages."""
    if plan.sitemap == "none":
        return
    rng = random.Random(f"sitemap-{plan.index}")
    sections = [f"{base}{s}/" for s in ("xwzx", "zwgk", "hdjl", "wzdt")]
    columns = [f"{base}{c.path}" for c in plan.columns if c.how == "sitemap" or rng.random() < 0.7]
    further = [f"{base}{c.path}index_1.html" for c in plan.columns if (root / c.path / "index_1.html").exists()]
    articles = [f"{base}{i.href[1:]}" for c in rng.sample(plan.columns, 6) for i in previews(plan, c, today)[:2]]

    def urlset(urls: list[str]) -> str:
        """Return a <urlset> of the URLs."""
        locs = "".join(f"<url><loc>{escape(u)}</loc><lastmod>{today.isoformat()}</lastmod></url>\n" for u in urls)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</urlset>\n'

    if plan.sitemap == "urlset":
        write_text(root / "sitemap.xml", urlset([base, *sections, *columns, *further, *articles]))
        return
    write_text(root / "sitemap_lm.xml", urlset([base, *sections, *columns]))
    write_text(root / "sitemap_art.xml", urlset([*further, *articles]))
    index = "".join(f"<sitemap><loc>{base}{name}</loc></sitemap>" for name in ("sitemap_lm.xml", "sitemap_art.xml"))
    write_text(root / "sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex>{index}</sitemapindex>\n')


@contextmanager
def generated_portal(root: Path, sites: int, seed: int) -> Iterator[list[SiteTruth]]:
    """Write the generated sites, each served as its own origin on 127.0.0.1; yield their truths."""
    today = date.today()
    shift = (DEMO_AS_OF - today).days  # ages are counted back from the demo's day: count them from today
    plans = [plan_site(n, seed, shift) for n in range(sites)]
    with ExitStack() as stack:
        servers: list[PortalServer] = []
        for plan in plans:
            (root / f"s{plan.index}").mkdir(parents=True, exist_ok=True)
            servers.append(stack.enter_context(serve(root / f"s{plan.index}")))
        urls = [s.url for s in servers]
        truths = [
            write_site(root / f"s{p.index}", p, urls[p.index], [u for u in urls if u != urls[p.index]][:3], today)
            for p in plans
        ]
        yield truths


# ---------------------------------------------------------------------------------------------------------------
# The demo portal


def demo_truths(base: str) -> list[SiteTruth]:
    """Return the demo portal's sites and their columns as portal_config has them (styles from DEMO_SITES)."""
    truths = []
    sites = portal_config(base)["sites"]
    assert isinstance(sites, list)
    for site, demo in zip(sites, DEMO_SITES, strict=True):
        truth = SiteTruth(site["name"], site["url"], {})
        for entry, column in zip(site["columns"], demo.columns, strict=True):
            truth.columns[canonical_url(entry["url"])] = Truth(
                entry["url"], entry["name"], entry.get("category"), column.style, "linked"
            )
        truth.decoys[canonical_url(site["url"] + "zwgk/")] = "政府信息公开 page (column tree)"
        truths.append(truth)
    return truths


# ---------------------------------------------------------------------------------------------------------------
# Discovery and scoring


def read_proposal(path: Path) -> tuple[list[Found], int]:
    """Return the columns of a discovered sites.yaml (with their problem comments) and the pages read."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    problems: dict[int, str] = {}
    number = -1
    for line in text.splitlines():
        if line.startswith("      - name: "):
            number += 1
        elif line.startswith("        # ") and number >= 0:
            problems[number] = line.strip().removeprefix("# ")
    header = HEADER.search(text)
    found = [
        Found(str(c["name"]), str(c["url"]), str(c["category"]), problems.get(n, ""))
        for n, c in enumerate(data["sites"][0]["columns"] or [])
    ]
    return found, int(header.group(1)) if header else 0


def discover(site: SiteTruth, out: Path) -> SiteRun:
    """Run `govfresh discover START -o FILE` in its own process and read what it proposed."""
    command = [str(GOVFRESH)] if GOVFRESH.exists() else [sys.executable, "-m", "crawler"]
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [*command, "discover", site.start, "-o", str(out)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=RUN_TIMEOUT,
            cwd=REPO,
        )
    except subprocess.TimeoutExpired:
        return SiteRun(site, [], 0, time.monotonic() - started, f"timed out after {RUN_TIMEOUT:.0f} s")
    wall = time.monotonic() - started
    if proc.returncode != 0 or not out.exists():
        said = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        return SiteRun(site, [], 0, wall, said)
    found, read = read_proposal(out)
    return SiteRun(site, found, read, wall)


def discover_all(sites: list[SiteTruth], folder: Path, jobs: int) -> list[SiteRun]:
    """Discover every site, a few processes at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(lambda n: discover(sites[n], folder / f"site{n}.yaml"), range(len(sites))))


@dataclass
class Score:
    """Counts over a portal's sites: truth, proposed, correct, categories, unreadable, pages, wall."""

    sites: int = 0
    truth: int = 0
    proposed: int = 0
    correct: int = 0
    known: int = 0
    right_category: int = 0
    unreadable: int = 0
    pages: int = 0
    wall: float = 0.0
    failed: int = 0
    reasons: Counter[str] = field(default_factory=Counter)  # unreadable proposals by problem
    confusions: Counter[str] = field(default_factory=Counter)  # wrong categories: truth → proposed
    kinds: Counter[str] = field(default_factory=Counter)  # real columns by style (and sitemap-only)
    kinds_found: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    wrong_category: list[str] = field(default_factory=list)

    def add(self, run: SiteRun) -> None:
        """Add one site's run."""
        site = run.site
        start = canonical_url(site.start)
        real = {k: v for k, v in site.columns.items() if k != start}
        found = {canonical_url(f.url): f for f in run.found if canonical_url(f.url) != start}
        self.sites += 1
        self.failed += bool(run.error)
        self.truth += len(real)
        self.proposed += len(found)
        self.correct += len(real.keys() & found.keys())
        self.unreadable += sum(1 for f in found.values() if f.problem)
        self.reasons.update(
            f"{f.problem.split('：')[0]} ({'real column' if k in real else 'not a column'})"
            for k, f in found.items()
            if f.problem
        )
        self.pages += run.pages
        self.wall += run.wall
        short = site.name.removesuffix("人民政府")
        if run.error:
            self.misses.append(f"{short}: discovery failed: {run.error}")
        for key, column in real.items():
            for kind in (column.style, "sitemap-only") if column.how == "sitemap" else (column.style,):
                self.kinds[kind] += 1
                self.kinds_found[kind] += key in found
            if key not in found:
                self.misses.append(
                    f"{short}  {column.name}  {path_of(column.url, site.start)}  [{column.style}, {column.how}]"
                )
            elif column.category:
                self.known += 1
                got = found[key].category
                if got == column.category:
                    self.right_category += 1
                else:
                    self.wrong_category.append(f"{short}  {column.name}: proposed {got}, truth {column.category}")
                    self.confusions[f"{column.category} → {got}"] += 1
        for key, proposal in found.items():
            if key not in real:
                label = site.decoys.get(key) or guess_decoy(proposal.url)
                problem = f", {proposal.problem}" if proposal.problem else ""
                self.false.append(
                    f"{short}  “{proposal.name}” {path_of(proposal.url, site.start)}  "
                    f"[{proposal.category}{problem}] — {label}"
                )


def path_of(url: str, start: str) -> str:
    """Return a URL as a path under its site's start URL."""
    return "/" + url.removeprefix(start) if url.startswith(start) else url


def guess_decoy(url: str) -> str:
    """Return what a page that is not a column probably is, from its URL."""
    if re.search(r"index_\d+\.html$", url):
        return "further list page"
    if re.search(r"/t\d{8}_\d+\.html$|/art/|/content/", url):
        return "article page"
    return "not a column"


def percent(part: int, whole: int) -> str:
    """Return part/whole as a percentage (— when whole is 0)."""
    return f"{100 * part / whole:.1f}%" if whole else "—"


def print_table(rows: list[tuple[str, Score, float]]) -> None:
    """Print the summary table: one line per portal."""
    head = (
        f"{'portal':<14}{'sites':>6}{'truth':>7}{'proposed':>10}{'correct':>9}{'recall':>9}{'precision':>11}"
        f"{'category':>17}{'unreadable':>12}{'pages':>7}{'wall':>9}{'site·s':>9}{'failed':>8}"
    )
    print(head)
    print("-" * len(head))
    for label, s, wall in rows:
        category = f"{s.right_category}/{s.known} {percent(s.right_category, s.known)}"
        print(
            f"{label:<14}{s.sites:>6}{s.truth:>7}{s.proposed:>10}{s.correct:>9}{percent(s.correct, s.truth):>9}"
            f"{percent(s.correct, s.proposed):>11}{category:>17}{s.unreadable:>12}{s.pages:>7}{wall:>8.1f}s"
            f"{s.wall:>8.1f}s{s.failed:>8}"
        )


def print_site_lines(runs: list[SiteRun]) -> None:
    """Print one line per site: truth, proposed, correct, pages, wall."""
    for run in runs:
        one = Score()
        one.add(run)
        print(
            f"  {run.site.name:<14} truth {one.truth:>3}  proposed {one.proposed:>3}  correct {one.correct:>3}  "
            f"pages {run.pages:>4}  {run.wall:>5.1f} s{'  ' + run.error if run.error else ''}"
        )


def print_findings(label: str, s: Score, listed: int) -> None:
    """Print a portal's misses, false proposals and wrong categories (the first `listed` of each)."""
    kinds = ", ".join(f"{k} {s.kinds_found[k]}/{n}" for k, n in s.kinds.most_common())
    print(f"\n{label}: real columns found, by style: {kinds}")
    reasons = ", ".join(f"{reason} {n}" for reason, n in s.reasons.most_common())
    print(f"{label}: marked unreadable ({s.unreadable}): {reasons or 'none'}")
    for title, lines in (("misses", s.misses), ("false proposals", s.false), ("wrong categories", s.wrong_category)):
        print(f"\n{label}: {title} ({len(lines)})")
        if title == "wrong categories" and s.confusions:
            print("  " + ", ".join(f"{pair} {n}" for pair, n in s.confusions.most_common()))
        for line in lines[:listed]:
            print(f"  {line}")
        if len(lines) > listed:
            print(f"  … and {len(lines) - listed} more")


def main() -> None:
    """Build both portals, discover every site, print the table and the findings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20, help="generated sites (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="discovery processes at once (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated portal")
    parser.add_argument("--per-site", action="store_true", help="also print one line per site")
    parser.add_argument("--list", type=int, default=LISTED, help=f"misses etc. listed per portal (default {LISTED})")
    parser.add_argument("--keep", type=Path, help="write the portals and proposals here (kept afterwards)")
    args = parser.parse_args()
    rows: list[tuple[str, Score, float]] = []
    findings: list[tuple[str, Score, list[SiteRun]]] = []
    with tempfile.TemporaryDirectory(prefix="govfresh-discover-") as tmp:
        work = args.keep or Path(tmp)
        demo_root = work / "demo"
        write_portal(demo_root, DEMO_AS_OF)
        with serve(demo_root) as server:
            started = time.monotonic()
            runs = discover_all(demo_truths(server.url), work / "demo-out", args.jobs)
            rows.append(("demo", score_of(runs), time.monotonic() - started))
            findings.append(("demo", rows[-1][1], runs))
        with generated_portal(work / "generated", args.sites, args.seed) as truths:
            columns = sum(len(t.columns) for t in truths)
            print(f"generated portal: {len(truths)} sites, {columns} columns (front pages included)", flush=True)
            started = time.monotonic()
            runs = discover_all(truths, work / "generated-out", args.jobs)
            rows.append((f"generated({args.sites})", score_of(runs), time.monotonic() - started))
            findings.append(("generated", rows[-1][1], runs))
    print()
    print_table(rows)
    print("recall: real columns found; precision: proposed that are real; category: right on found columns whose")
    print("category is known; pages: read by discovery; wall: per portal (site·s: summed over the sites' runs);")
    print("failed: sites whose discovery did not finish (all their columns count as misses)")
    for label, s, runs in findings:
        if args.per_site:
            print(f"\n{label}: per site")
            print_site_lines(runs)
        print_findings(label, s, args.list)


def score_of(runs: list[SiteRun]) -> Score:
    """Return the Score of a portal's runs."""
    total = Score()
    for run in runs:
        total.add(run)
    return total


if __name__ == "__main__":
    main()
