"""The demo portal: three units whose columns show every page style and trap govfresh must read right.

`write_portal(root, as_of)` writes the pages; `portal_config(base_url)` returns the matching sites config.
The same writers build the large generated portals of the benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from crawler.demo import pages
from crawler.demo.pages import DATE_FORMATS, Item
from rules.categories import CATEGORIES

DEMO_AS_OF = date(2026, 11, 23)
PER_PAGE = 8
# Items have fixed publication dates (ages before DEMO_AS_OF); the portal on an earlier day shows those
# published by then, as a real site would. The pattern of ages repeats further back (once, REPEAT_DAYS back,
# for a column written alone; DEMO_REPEAT times every DEMO_REPEAT_DAYS in the demo portal), so the simulated
# days of October see columns as lively as November's.
REPEAT_DAYS = 56
DEMO_REPEAT_DAYS, DEMO_REPEAT = 21, 3
HOME_NEWS, HOME_NOTICES = 7, 4  # a front page shows the newest items in its 要闻 box, older ones in 通知公告
TITLES = (
    "{unit}召开第{n}次常务会议研究部署重点工作",
    "关于做好{n}月份安全生产检查工作的通知",
    "{unit}开展秋冬季森林防火专项督导",
    "{unit}召开优化营商环境推进会",
    "关于公布第{n}批政务服务事项清单的公告",
    "{unit}部署冬春农田水利建设工作",
    "{unit}举行“政府开放日”活动",
    "关于征求《{unit}养老服务条例（草案）》意见的公告",
)


@dataclass(frozen=True)
class DemoColumn:
    """A column of the demo portal: where it lives, its style, and the ages (days before as_of) of its items."""

    name: str
    path: str
    style: str
    ages: tuple[int, ...] = ()
    category: str | None = None
    date_format: str = "iso"
    pinned_ages: tuple[int, ...] = ()
    sidebar: bool = False
    charset: str = "utf-8"
    written_offsets: tuple[int, ...] = ()
    stamp: str = ""
    config_url: str | None = None
    options: dict[str, object] = field(default_factory=dict)
    titles: tuple[str, ...] = ()  # the items' own titles, in the order of ages (else generated ones)
    texts: tuple[str, ...] = ()  # the first paragraph of each item's article, in the order of ages
    source: str = ""  # the articles' 来源 (default: the unit)
    sources: tuple[str, ...] = ()  # each item's own 来源, in the order of ages ("" or absent: the column's)
    video: tuple[int, ...] = ()  # items (by position in ages) whose article carries a video
    late: tuple[tuple[int, int], ...] = ()  # (age, age on first appearance): items published back-dated
    repeat: bool = True  # repeat the pattern of ages every REPEAT_DAYS further back, for earlier simulated days


@dataclass(frozen=True)
class DemoSite:
    """A unit of the demo portal, with the options its config entry carries (aliases, lianghui)."""

    name: str
    path: str
    columns: tuple[DemoColumn, ...]
    options: dict[str, object] = field(default_factory=dict)


def ages(*days: str) -> tuple[int, ...]:
    """Return the ages (days before DEMO_AS_OF) of items published on the given ISO days."""
    return tuple((DEMO_AS_OF - date.fromisoformat(day)).days for day in days)


# The 26 pilot areas of the 基层政务公开标准目录 (zwgk-2021 `directory-26-areas`). The county publishes the
# directories of 24: 扶贫's column is blank, and 税收管理 and 食品药品监管 (vertically managed, or merged into
# 市场监管) have no column in its config. Six directories were published in 2025 and never updated since
# (长期未更新 under the national checklist).
DIRECTORY_DAYS = {
    "重大建设项目": "2026-03-18",
    "公共资源交易": "2026-04-08",
    "义务教育": "2026-09-01",
    "户籍管理": "2025-06-12",
    "社会救助": "2026-05-20",
    "养老服务": "2026-07-06",
    "公共法律服务": "2026-02-26",
    "就业": "2026-03-30",
    "社会保险": "2026-06-15",
    "城乡规划": "2025-03-20",
    "农村集体土地征收": "2026-04-22",
    "生态环境": "2026-06-05",
    "保障性住房": "2026-08-18",
    "国有土地上房屋征收": "2026-05-08",
    "农村危房改造": "2025-08-05",
    "市政服务": "2025-04-16",
    "城市综合执法": "2025-09-09",
    "涉农补贴": "2026-03-12",
    "公共文化服务": "2026-07-21",
    "卫生健康": "2026-02-10",
    "安全生产": "2026-06-24",
    "救灾": "2025-07-01",
}


def directory_columns() -> tuple[DemoColumn, ...]:
    """Return the county's directory columns: one-item lists, cheap to crawl."""
    return tuple(
        DemoColumn(
            f"{area}领域基层政务公开标准目录",
            f"bzml/ml{n:02d}",
            "trs",
            ages(day),
            category="directory",
            repeat=False,
            titles=(f"示例县{area}领域基层政务公开标准目录（{day[:4]}年版）",),
        )
        for n, (area, day) in enumerate(DIRECTORY_DAYS.items(), start=1)
    )


# Columns of every other category on the county's site, each with a verdict to show (see tests/test_rulebook_portal.py).
XIAN_RULEBOOK = (
    DemoColumn("首页", "", "home", (0, 1, 3, 4, 6, 8, 10, 13, 15, 17), category="homepage"),
    DemoColumn(
        "政府信息公开年报",
        "xxgknb",
        "trs",
        ages("2026-01-20", "2025-01-22"),
        category="annual-report",
        repeat=False,
        titles=("示例县人民政府2025年政府信息公开工作年度报告", "示例县人民政府2024年政府信息公开工作年度报告"),
    ),
    DemoColumn(
        "财政预决算",
        "czyjs",
        "trs",
        ages("2026-01-25", "2026-01-28"),
        category="budget",
        repeat=False,
        titles=("2026年示例县本级财政预算公开", "2025年示例县本级财政决算公开"),
    ),
    DemoColumn(
        "重点任务执行情况",
        "zdrw",
        "trs",
        ages("2026-10-12", "2026-07-10"),
        category="quarterly",
        repeat=False,
        titles=("示例县2026年第三季度政府工作报告重点任务执行情况", "示例县2026年第二季度政府工作报告重点任务执行情况"),
    ),
    DemoColumn(
        "会议公开",
        "hygk",
        "trs",
        ages("2026-11-19", "2026-11-12", "2026-11-06"),
        category="meeting",
        repeat=False,
        titles=("县政府召开第21次常务会议", "县政府召开防汛工作专题会", "县政府召开第20次常务会议"),
        texts=(
            "11月18日上午，县长主持召开县政府第21次常务会议，研究部署冬季安全生产工作。",
            "近日，县政府召开防汛工作专题会，总结今年防汛工作。",
            "10月30日，县政府召开第20次常务会议，审议通过《示例县养老服务补贴实施办法》。",
        ),
        source="示例县人民政府办公室",
    ),
    DemoColumn(
        "规范性文件",
        "gfxwj",
        "trs",
        ages("2026-11-02", "2026-10-15"),
        category="documents",
        repeat=False,
        titles=(
            "示例县人民政府办公室关于印发《示例县养老服务补贴实施办法》的通知",
            "示例县人民政府关于印发《示例县农村人居环境整治提升方案》的通知",
        ),
    ),
    DemoColumn(
        "政策解读",
        "zcjd",
        "trs",
        ages(
            "2026-11-04",
            "2026-10-26",
            "2026-03-05",
            "2025-11-03",
            "2025-09-10",
            "2025-06-18",
            "2025-05-12",
            "2025-03-06",
        ),
        category="interpretation",
        repeat=False,
        video=(5,),
        titles=(
            "关于《示例县养老服务补贴实施办法》的解读",
            "图解：《示例县农村人居环境整治提升方案》",
            "县长解读《示例县2026年政府工作报告》",
            "问答：示例县就业补贴怎么申领",
            "县长谈优化营商环境政策",
            "示例县医保新政解读",
            "一图读懂2025年示例县民生实事",
            "县长解读《示例县2025年政府工作报告》",
        ),
    ),
    DemoColumn(
        "政府开放日",
        "kfr",
        "trs",
        ages("2026-06-15", "2025-10-15", "2025-05-20"),
        category="open-day",
        repeat=False,
        titles=(
            "示例县2026年第一期“政府开放日”活动",
            "示例县2025年第二期“政府开放日”活动",
            "示例县2025年第一期“政府开放日”活动",
        ),
    ),
    DemoColumn(
        "财政预决算领域基层政务公开标准目录",
        "ml-czyjs",
        "trs",
        ages("2026-01-27"),
        category="directory",
        repeat=False,
        titles=("示例县财政预决算领域基层政务公开标准目录",),
    ),
    DemoColumn("扶贫领域基层政务公开标准目录", "ml-fp", "blank", category="directory"),
    *directory_columns(),
)

# The township's columns for the rules: a homepage quiet for 11 days (national early warning), reposts in a
# dynamic column (not original), timely meeting news, an old policy-file column (national 6 months), an open day
# held twice this year, and last year's annual report missing.
ZHEN_RULEBOOK = (
    DemoColumn("首页", "", "home", (11, 12, 15, 18, 20), category="homepage"),
    DemoColumn(
        "政府信息公开年报",
        "xxgknb",
        "trs",
        ages("2025-01-25"),
        category="annual-report",
        repeat=False,
        titles=("示例镇人民政府2024年政府信息公开工作年度报告",),
    ),
    DemoColumn(
        "重点任务执行情况",
        "zdrw",
        "trs",
        ages("2026-04-15"),
        category="quarterly",
        repeat=False,
        titles=("示例镇2026年第二季度民生实事项目执行情况",),
    ),
    DemoColumn(
        "时政要闻",
        "szyw",
        "trs",
        ages("2026-11-22", "2026-11-20", "2026-11-17", "2026-11-14", "2026-11-10", "2026-11-06"),
        titles=(
            "国务院常务会议部署进一步做好冬春农田水利建设工作",
            "全国基层政务公开标准化规范化工作推进会召开",
            "国务院办公厅印发《关于进一步优化政务服务提升行政效能的意见》",
            "示例镇召开冬季森林防火工作部署会",
            "示例镇开展农村人居环境整治“回头看”",
            "示例镇召开优化营商环境座谈会",
        ),
        sources=("新华社", "人民网", "新华社"),
    ),
    DemoColumn(
        "会议公开",
        "hygk",
        "trs",
        ages("2026-11-17", "2026-11-04", "2026-10-09"),
        repeat=False,
        titles=("示例镇召开第9次镇长办公会议", "示例镇召开秋冬季安全生产工作会议", "示例镇召开第三季度经济运行分析会"),
        texts=(
            "11月16日，镇长主持召开第9次镇长办公会议，研究部署冬季安全生产和民生保障工作。",
            "11月3日下午，示例镇召开秋冬季安全生产工作会议，部署开展隐患排查整治。",
            "10月8日，示例镇召开第三季度经济运行分析会，分析前三季度经济运行情况。",
        ),
    ),
    DemoColumn(
        "政策文件",
        "zcwj",
        "trs",
        ages("2026-04-20", "2025-12-15", "2025-09-03"),
        category="documents",
        repeat=False,
        titles=(
            "示例镇人民政府关于印发《示例镇2026年春季森林防火工作方案》的通知",
            "示例镇人民政府关于印发《示例镇冬春农田水利建设实施方案》的通知",
            "示例镇人民政府关于印发《示例镇农村生活垃圾分类工作方案》的通知",
        ),
    ),
    DemoColumn(
        "人事任免",
        "rsrm",
        "trs",
        ages("2026-08-12", "2026-03-05"),
        repeat=False,
        titles=("示例镇人民政府关于张某某等同志职务任免的通知", "示例镇人民政府关于李某某同志职务任免的通知"),
    ),
    DemoColumn(
        "政府开放日",
        "kfr",
        "trs",
        ages("2026-09-20", "2026-05-18", "2025-10-15", "2025-05-20"),
        repeat=False,
        titles=(
            "示例镇2026年秋季“政府开放日”活动走进镇便民服务中心",
            "示例镇2026年春季“政府开放日”活动邀请群众代表参观镇政府",
            "示例镇2025年秋季“政府开放日”活动",
            "示例镇2025年春季“政府开放日”活动",
        ),
    ),
)

# The education bureau's columns for the rules: a homepage 17 days old (national single veto), a late annual
# report, a budget after the 两会's two weeks and no 决算, timely interpretations in diversified forms with the
# 局长 interpreting twice a year, a 专题 without an item for October, personnel news older than a year.
JYJ_RULEBOOK = (
    DemoColumn(
        "政府信息公开年报",
        "xxgknb",
        "trs",
        ages("2026-02-10"),
        category="annual-report",
        repeat=False,
        titles=("示例县教育局2025年政府信息公开工作年度报告",),
    ),
    DemoColumn(
        "部门预决算",
        "bmyjs",
        "trs",
        ages("2026-02-20"),
        category="budget",
        repeat=False,
        titles=("示例县教育局2026年部门预算公开",),
    ),
    DemoColumn("首页", "", "home", (17, 19, 24, 26, 31, 38), category="homepage"),
    DemoColumn(
        "规范性文件",
        "gfxwj",
        "trs",
        ages("2026-11-09", "2026-08-25", "2026-03-02"),
        category="documents",
        repeat=False,
        titles=(
            "示例县教育局关于印发《示例县中小学课后服务管理办法》的通知",
            "示例县教育局关于印发《示例县校外培训机构监督管理办法》的通知",
            "示例县教育局关于印发《示例县2026年教育工作要点》的通知",
        ),
    ),
    DemoColumn(
        "政策解读",
        "zcjd",
        "trs",
        ages("2026-11-11", "2026-08-27", "2026-03-10", "2025-09-10", "2025-07-01", "2025-03-12"),
        category="interpretation",
        repeat=False,
        video=(1,),
        titles=(
            "图解：《示例县中小学课后服务管理办法》",
            "局长解读《示例县校外培训机构监督管理办法》",
            "问答：局长谈2026年全县教育工作要点",
            "视频：局长带您了解学前教育资助政策",
            "一图读懂示例县2025年义务教育招生政策",
            "局长解读《示例县2025年教育工作要点》",
        ),
    ),
    DemoColumn(
        "教育专题",
        "ztzl",
        "trs",
        ages("2026-09-25", "2026-09-02", "2026-07-15"),
        category="thematic",
        repeat=False,
        titles=(
            "【双减在行动】示例县开展课后服务工作督导",
            "【双减在行动】秋季学期课后服务全覆盖",
            "【双减在行动】暑期校外培训专项治理",
        ),
    ),
    DemoColumn(
        "人事信息",
        "rsxx",
        "trs",
        ages("2025-09-28", "2025-04-10"),
        repeat=False,
        titles=("示例县教育局2025年公开招聘教师拟聘用人员公示", "示例县教育局关于王某某等同志职务任免的通知"),
    ),
)

DEMO_SITES = (
    DemoSite(
        "示例县人民政府",
        "xian",
        (
            DemoColumn(
                "工作动态",
                "gzdt",
                "trs",
                (3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 16, 18, 20),
                pinned_ages=(400,),
                late=((9, 0),),
                # last week's items come from the county government's office under its other names (aliases)
                sources=("示例县人民政府办公室", "示例县政府", "示例县人民政府办公室", "示例县政府", "示例县政府"),
            ),
            DemoColumn("部门动态", "bmdt", "trs", (0, 1, 1, 2, 2, 3, 4, 5, 8, 9, 12, 13, 15, 20, 30, 40, 50, 60, 70)),
            DemoColumn("通知公告", "tzgg", "trs", (5, 9, 16, 30), date_format="slash"),
            DemoColumn("乡镇动态", "xzdt", "trs", (18, 25, 33, 47), sidebar=True),
            DemoColumn(
                "图片新闻",
                "tpxw",
                "trs",
                (6, 12),
                date_format="dot",
                config_url="xian/tpxw",
                sources=("示例县政府", "示例县政府"),  # original only through the alias
            ),
            DemoColumn("专题专栏", "ztzl", "trs", (13, 26, 45, 328), date_format="monthday"),
            DemoColumn("政务要闻", "zwyw", "links", (4, 9, 15)),
            DemoColumn("政策文件", "zcwj", "table", (11, 19, 40), category="dynamic", written_offsets=(-6, 0, 2)),
            DemoColumn("县情概况", "xqgk", "single", stamp='<meta name="PubDate" content="2026-02-15 09:00">'),
            DemoColumn("机构职能", "jgzn", "single", stamp="更新时间：2025-12-01"),
            DemoColumn("人事信息", "rsxx", "scripted", (2, 9), sidebar=True),
            DemoColumn("专题报道", "ztbd", "blank"),
            *XIAN_RULEBOOK,
        ),
        {"aliases": ["示例县政府", "示例县人民政府办公室"], "lianghui": date(2026, 1, 18)},
    ),
    DemoSite(
        "示例镇人民政府",
        "zhen",
        (
            DemoColumn("乡镇动态", "col/col1234", "hanweb", (1, 4, 8, 12, 20)),
            DemoColumn("通知公告", "tzgg", "url", (6, 14, 27)),
            DemoColumn("镇情概况", "zqgk", "single", stamp="发布日期：2026年01月08日"),
            DemoColumn("便民服务", "bmfw", "missing"),
            *ZHEN_RULEBOOK,
        ),
    ),
    DemoSite(
        "示例县教育局",
        "jyj",
        (
            DemoColumn("教育动态", "jydt", "trs", (-365, 2, 6, 13), date_format="cn", charset="gb2312"),
            DemoColumn("通知公告", "tzgg", "trs", (14, 26, 319), date_format="nopad", charset="gb2312"),
            DemoColumn("工作总结", "gzzj", "status500"),
            *JYJ_RULEBOOK,
        ),
        {"lianghui": date(2026, 1, 18)},
    ),
)


def write_portal(root: Path, as_of: date = DEMO_AS_OF, sites: tuple[DemoSite, ...] = DEMO_SITES) -> None:
    """Write every page of the portal under root."""
    for site in sites:
        for number, column in enumerate(site.columns):
            folder = root / site.path / column.path  # a homepage's path is "": the site's front page
            write_column(folder, site.name, column, as_of, number, (DEMO_REPEAT_DAYS, DEMO_REPEAT))
        tree = pages.column_tree(
            [
                (CATEGORIES.get(c.category or "", "其他栏目"), c.name, _column_href(site, c))
                for c in site.columns
                if c.path
            ]
        )
        _write(root / site.path / "zwgk" / "index.html", pages.page(site.name, "政府信息公开", tree, as_of))


def portal_config(base_url: str, sites: tuple[DemoSite, ...] = DEMO_SITES) -> dict[str, object]:
    """Return the sites config (as a mapping) for the portal served at base_url."""
    return {
        "ruleset": "zwgk-2021",
        # A local portal: no throttling needed, and its 500 column gives up quickly.
        "settings": {"RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0.2, "AUTOTHROTTLE_ENABLED": False},
        "sites": [
            {
                "name": site.name,
                "url": f"{base_url}{site.path}/",
                **site.options,
                "columns": [_column_config(base_url, site, c) for c in site.columns],
            }
            for site in sites
        ],
    }


def _column_href(site: DemoSite, column: DemoColumn) -> str:
    """Return a column's link from the site's 政府信息公开 page (site/zwgk/): its folder, or its error route."""
    if column.style == "status500":
        return f"../_status/500/{column.path}/"
    return f"../{column.config_url.removeprefix(site.path + '/') if column.config_url else column.path + '/'}"


def _column_config(base_url: str, site: DemoSite, column: DemoColumn) -> dict[str, object]:
    """Return one column's config entry."""
    if column.style == "status500":
        url = f"{base_url}{site.path}/_status/500/{column.path}/"
    else:
        folder = f"{site.path}/{column.path}/" if column.path else f"{site.path}/"  # a homepage: the site's URL
        url = f"{base_url}{column.config_url or folder}"
    entry: dict[str, object] = {"name": column.name, "url": url}
    if column.category:
        entry["category"] = column.category
    entry.update(column.options)
    return entry


def items_for(
    column: DemoColumn, as_of: date, number: int, unit: str, repeat: tuple[int, int] = (REPEAT_DAYS, 1)
) -> list[Item]:
    """Return the column's items published by as_of, newest first, pinned ones on top, with TRS-style links.

    repeat: (every N days, how many times) the pattern of ages repeats further back, for columns that repeat.
    """
    order = sorted(range(len(column.ages)), key=lambda p: column.ages[p])
    every, times = repeat
    items: list[Item] = []
    for n, p in enumerate(order):
        age = column.ages[p]
        title = column.titles[p] if p < len(column.titles) else None
        text = column.texts[p] if p < len(column.texts) else ""
        source = column.sources[p] if p < len(column.sources) else ""
        published = DEMO_AS_OF - timedelta(days=age)
        items.append(_item(unit, published, n, number, False, title, text, p in column.video, source))
        if column.repeat and age >= 0:
            for k in range(1, times + 1):
                items.append(_item(unit, published - timedelta(days=k * every), 40 + n, number, False))
    for j, (age, appears) in enumerate(column.late):
        if as_of >= DEMO_AS_OF - timedelta(days=appears):
            items.append(_item(unit, DEMO_AS_OF - timedelta(days=age), 70 + j, number, False))
    shown = [i for i in items if i.published <= as_of or i.published > DEMO_AS_OF]  # typos in the future stay
    shown.sort(key=lambda i: i.published, reverse=True)
    pinned = [
        _item(unit, DEMO_AS_OF - timedelta(days=age), 90 + i, number, pinned=True)
        for i, age in enumerate(column.pinned_ages)
    ]
    return pinned + shown


def _item(
    unit: str,
    published: date,
    n: int,
    column_number: int,
    pinned: bool,
    title: str | None = None,
    text: str = "",
    video: bool = False,
    source: str = "",
) -> Item:
    """Return one item with a title and a TRS article link (./YYYYMM/tYYYYMMDD_N.html)."""
    title = title or TITLES[(n + column_number) % len(TITLES)].format(unit=unit, n=n % 40 + 1)
    href = f"./{published:%Y%m}/t{published:%Y%m%d}_{column_number * 100 + n}.html"
    return Item(title, published, href, pinned, text, video, source)


def write_column(
    folder: Path,
    unit: str,
    column: DemoColumn,
    as_of: date,
    number: int,
    repeat: tuple[int, int] = (REPEAT_DAYS, 1),
) -> None:
    """Write one column's pages (list pages and their articles) into folder (repeat: see items_for)."""
    if column.style in ("missing", "status500"):
        return
    folder.mkdir(parents=True, exist_ok=True)
    items = items_for(column, as_of, number, unit, repeat)
    fmt = DATE_FORMATS[column.date_format]
    side = pages.sidebar("热点排行", [_item(unit, as_of - timedelta(days=1), 50 + i, number, False) for i in range(3)])
    extra = side if column.sidebar else ""
    if column.style == "trs":
        pinned = [i for i in items if i.pinned]
        normal = [i for i in items if not i.pinned]
        chunks = [normal[i : i + PER_PAGE] for i in range(0, len(normal), PER_PAGE)] or [[]]
        for index, chunk in enumerate(chunks):
            area = pages.trs_list((pinned if index == 0 else []) + chunk, fmt, index, len(chunks))
            name = "index.html" if index == 0 else f"index_{index}.html"
            _write(
                folder / name,
                pages.page(unit, column.name, area + extra, as_of, charset=column.charset),
                column.charset,
            )
    elif column.style == "links":
        items = [replace(i, href=f"./content/{_key(i)}.html") for i in items]
        area = pages.trs_list(items, DATE_FORMATS["none"], 0, 1)
        _write(folder / "index.html", pages.page(unit, column.name, area, as_of))
    elif column.style == "url":
        url_items = [Item(i.title, i.published, i.href, i.pinned) for i in items]
        area = pages.trs_list(url_items, DATE_FORMATS["none"], 0, 1)
        _write(folder / "index.html", pages.page(unit, column.name, area, as_of))
    elif column.style == "hanweb":
        items = [replace(i, href=f"/art/{i.published:%Y/%m/%d}/art_1234_{_key(i)}.html") for i in items]
        _write(folder / "index.html", pages.page(unit, column.name, pages.hanweb_list(items, len(items)), as_of))
        folder = folder.parents[len(Path(column.path).parts)]  # site-absolute links: from the portal root
    elif column.style == "table":
        rows = [(i, i.published + timedelta(days=off)) for i, off in zip(items, column.written_offsets, strict=False)]
        _write(folder / "index.html", pages.page(unit, column.name, pages.table_list(rows), as_of))
    elif column.style == "single":
        meta = column.stamp if column.stamp.startswith("<meta") else ""
        line = "" if meta else column.stamp
        body = pages.single_page(column.name, f"{unit}{column.name}。", line)
        _write(folder / "index.html", pages.page(unit, column.name, body, as_of, meta=meta))
    elif column.style == "scripted":
        _write(
            folder / "index.html", pages.page(unit, column.name, pages.scripted_list("./api/list.json") + extra, as_of)
        )
        _write(folder / "api" / "list.json", pages.api_json(items))
    elif column.style == "home":
        body = pages.home_page(unit, items[:HOME_NEWS], items[HOME_NEWS : HOME_NEWS + HOME_NOTICES])
        _write(folder / "index.html", pages.page(unit, column.name, body, as_of))
        items = items[: HOME_NEWS + HOME_NOTICES]
    elif column.style == "blank":
        _write(folder / "index.html", pages.page(unit, column.name, pages.blank_list(), as_of))
    else:
        raise ValueError(f"unknown demo column style {column.style!r}")
    for n, item in enumerate(items):
        text = pages.article(
            unit,
            item.title,
            item.published,
            as_of,
            meta=n % 2 == 0,
            source=item.source or column.source or None,
            text=item.text or None,
            video=item.video,
            charset=column.charset,
        )
        _write(folder / item.href.removeprefix("./").removeprefix("/"), text, column.charset)


def _key(item: Item) -> str:
    """Return an item's stable identifier (its TRS file name), kept when a style gives it another link."""
    return item.href.rsplit("/", 1)[-1].removesuffix(".html")


def _write(path: Path, text: str, charset: str = "utf-8") -> None:
    """Write a page in its charset (GB2312 pages are written as GBK bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("gbk" if charset.startswith("gb") else charset))
